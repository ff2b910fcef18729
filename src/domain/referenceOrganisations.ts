/**
 * The organisations Candour ships with (ADR 0006): the oversight body, the 43 territorial police
 * forces of England and Wales, and the other bodies whose officers and staff the Independent Office
 * for Police Conduct investigates. Loaded by `candour organisations load-defaults`.
 *
 * Sources (checked November 2026; docs/operations.md, "Reference data"):
 * - the territorial forces: the Home Office's list of the police forces of England and Wales, with
 *   the force identifiers of the police.uk data API (https://data.police.uk/api/forces) upper-cased
 *   as codes, so a code here is the one other police systems already use;
 * - the other bodies: the IOPC's statement of who it oversees ("Who we investigate",
 *   https://www.policeconduct.gov.uk): the special police forces (British Transport Police,
 *   Ministry of Defence Police, Civil Nuclear Constabulary), the National Crime Agency, HM Revenue
 *   and Customs, the Home Office's Border Force and Immigration Enforcement, and the Gangmasters and
 *   Labour Abuse Authority.
 *
 * A code, once shipped, never changes and is never reused: cases and accounts refer to an
 * organisation by id, and operators, imports and scripts refer to it by code. Names do change
 * (forces rename and merge): change the name here and `load-defaults` renames an organisation whose
 * name an operator has not changed, keeping the old name in its history.
 */
export type OrganisationKind = 'oversight_body' | 'police_force'

export interface ReferenceOrganisation {
  code: string
  name: string
  /**
   * `police_force` is the glossary's "force": any body whose officers and staff the oversight body
   * investigates and that acts as appropriate authority, police or not (ADR 0006).
   */
  kind: OrganisationKind
  group: 'oversight body' | 'territorial police force' | 'special police force' | 'other investigated body'
}

/** The code of the oversight body; `candour setup` creates it when it is missing. */
export const OVERSIGHT_BODY_CODE = 'OVERSIGHT'

/** Upper-case letters and digits in words joined by single hyphens or underscores, up to 40 characters. */
export const ORGANISATION_CODE_PATTERN = /^[A-Z0-9]+(?:[-_][A-Z0-9]+)*$/
export const ORGANISATION_CODE_MAX_LENGTH = 40
export const ORGANISATION_NAME_MAX_LENGTH = 200

/** Codes are compared and stored in upper case, so `--code northshire` finds NORTHSHIRE. */
export function normaliseOrganisationCode(code: string): string {
  return code.trim().toUpperCase()
}

const territorial = (code: string, name: string): ReferenceOrganisation => ({
  code,
  name,
  kind: 'police_force',
  group: 'territorial police force',
})

export const OVERSIGHT_BODY: ReferenceOrganisation = {
  code: OVERSIGHT_BODY_CODE,
  name: 'Independent Office for Police Conduct',
  kind: 'oversight_body',
  group: 'oversight body',
}

export const TERRITORIAL_POLICE_FORCES: readonly ReferenceOrganisation[] = [
  territorial('AVON-AND-SOMERSET', 'Avon and Somerset Constabulary'),
  territorial('BEDFORDSHIRE', 'Bedfordshire Police'),
  territorial('CAMBRIDGESHIRE', 'Cambridgeshire Constabulary'),
  territorial('CHESHIRE', 'Cheshire Constabulary'),
  territorial('CITY-OF-LONDON', 'City of London Police'),
  territorial('CLEVELAND', 'Cleveland Police'),
  territorial('CUMBRIA', 'Cumbria Constabulary'),
  territorial('DERBYSHIRE', 'Derbyshire Constabulary'),
  territorial('DEVON-AND-CORNWALL', 'Devon and Cornwall Police'),
  territorial('DORSET', 'Dorset Police'),
  territorial('DURHAM', 'Durham Constabulary'),
  territorial('DYFED-POWYS', 'Dyfed-Powys Police'),
  territorial('ESSEX', 'Essex Police'),
  territorial('GLOUCESTERSHIRE', 'Gloucestershire Constabulary'),
  territorial('GREATER-MANCHESTER', 'Greater Manchester Police'),
  territorial('GWENT', 'Gwent Police'),
  // Renamed from Hampshire Constabulary in 2022; police.uk kept the identifier "hampshire".
  territorial('HAMPSHIRE', 'Hampshire and Isle of Wight Constabulary'),
  territorial('HERTFORDSHIRE', 'Hertfordshire Constabulary'),
  territorial('HUMBERSIDE', 'Humberside Police'),
  territorial('KENT', 'Kent Police'),
  territorial('LANCASHIRE', 'Lancashire Constabulary'),
  territorial('LEICESTERSHIRE', 'Leicestershire Police'),
  territorial('LINCOLNSHIRE', 'Lincolnshire Police'),
  territorial('MERSEYSIDE', 'Merseyside Police'),
  territorial('METROPOLITAN', 'Metropolitan Police Service'),
  territorial('NORFOLK', 'Norfolk Constabulary'),
  territorial('NORTH-WALES', 'North Wales Police'),
  territorial('NORTH-YORKSHIRE', 'North Yorkshire Police'),
  territorial('NORTHAMPTONSHIRE', 'Northamptonshire Police'),
  territorial('NORTHUMBRIA', 'Northumbria Police'),
  territorial('NOTTINGHAMSHIRE', 'Nottinghamshire Police'),
  territorial('SOUTH-WALES', 'South Wales Police'),
  territorial('SOUTH-YORKSHIRE', 'South Yorkshire Police'),
  territorial('STAFFORDSHIRE', 'Staffordshire Police'),
  territorial('SUFFOLK', 'Suffolk Constabulary'),
  territorial('SURREY', 'Surrey Police'),
  territorial('SUSSEX', 'Sussex Police'),
  territorial('THAMES-VALLEY', 'Thames Valley Police'),
  territorial('WARWICKSHIRE', 'Warwickshire Police'),
  territorial('WEST-MERCIA', 'West Mercia Police'),
  territorial('WEST-MIDLANDS', 'West Midlands Police'),
  territorial('WEST-YORKSHIRE', 'West Yorkshire Police'),
  territorial('WILTSHIRE', 'Wiltshire Police'),
]

export const OTHER_INVESTIGATED_BODIES: readonly ReferenceOrganisation[] = [
  // "btp" is British Transport Police's police.uk identifier too.
  { code: 'BTP', name: 'British Transport Police', kind: 'police_force', group: 'special police force' },
  { code: 'MDP', name: 'Ministry of Defence Police', kind: 'police_force', group: 'special police force' },
  { code: 'CNC', name: 'Civil Nuclear Constabulary', kind: 'police_force', group: 'special police force' },
  { code: 'NCA', name: 'National Crime Agency', kind: 'police_force', group: 'other investigated body' },
  { code: 'HMRC', name: 'HM Revenue and Customs', kind: 'police_force', group: 'other investigated body' },
  { code: 'BORDER-FORCE', name: 'Border Force (Home Office)', kind: 'police_force', group: 'other investigated body' },
  {
    code: 'IMMIGRATION-ENFORCEMENT',
    name: 'Immigration Enforcement (Home Office)',
    kind: 'police_force',
    group: 'other investigated body',
  },
  {
    code: 'GLAA',
    name: 'Gangmasters and Labour Abuse Authority',
    kind: 'police_force',
    group: 'other investigated body',
  },
]

export const REFERENCE_ORGANISATIONS: readonly ReferenceOrganisation[] = [
  OVERSIGHT_BODY,
  ...TERRITORIAL_POLICE_FORCES,
  ...OTHER_INVESTIGATED_BODIES,
]
