/**
 * Builds investigation fixtures through the real services: a team of users, a referral, its
 * assessment and an opened investigation.
 */
import type { Services } from '../../src/services/index.js'
import type { RequestContext } from '../../src/services/context.js'
import { actorFor, toSignedInUser } from '../../src/services/authentication.js'
import { addUser } from './app.js'
import type { Role } from '../../src/domain/roles.js'

export async function contextFor(
  services: Services,
  email: string,
  roles: Role[],
  organisationCode = 'OVERSIGHT',
): Promise<RequestContext & { userId: string }> {
  const user = await addUser(services, { email, roles, organisationCode })
  const signedIn = toSignedInUser({
    id: user.id,
    email: user.email,
    display_name: user.displayName,
    roles: user.roles,
    organisation_id: user.organisationId,
    totp_enabled_at: null,
  } as never)
  return { actor: actorFor(signedIn), requestId: 'test', userId: user.id }
}

export interface Team {
  lead: RequestContext & { userId: string }
  investigator: RequestContext & { userId: string }
  decisionMaker: RequestContext & { userId: string }
  caseWorker: RequestContext & { userId: string }
  outsider: RequestContext & { userId: string }
}

let counter = 0
export async function makeTeam(services: Services): Promise<Team> {
  const n = ++counter
  return {
    lead: await contextFor(services, `lead${n}@example.test`, ['lead_investigator']),
    investigator: await contextFor(services, `investigator${n}@example.test`, ['investigator']),
    decisionMaker: await contextFor(services, `dm${n}@example.test`, ['decision_maker']),
    caseWorker: await contextFor(services, `cw${n}@example.test`, ['case_worker']),
    outsider: await contextFor(services, `outsider${n}@example.test`, ['investigator']),
  }
}

export async function forceId(services: Services, code = 'NORTHSHIRE'): Promise<string> {
  const org = (await services.organisations.list()).find((o) => o.code === code)
  if (!org) throw new Error(`no organisation ${code}`)
  return org.id
}

export async function openInvestigation(
  services: Services,
  team: Team,
  options: { title?: string; openedOn?: string } = {},
) {
  const referral = await services.investigations.recordReferral(
    {
      matterType: 'dsi_matter',
      referringForceId: await forceId(services),
      receivedOn: '2026-03-02',
      cameToAttentionOn: '2026-02-27',
      category: 'death_or_serious_injury',
      summary: 'Death following police contact',
      people: [{ role: 'deceased', fullName: 'Alex Example', dateOfDeath: '2026-02-26', placeOfDeath: 'Northtown' }],
    },
    team.lead,
  )
  await services.investigations.assess(
    referral.id,
    { form: 'independent', rationale: 'Serious matter', decidedOn: '2026-03-03' },
    team.lead,
  )
  const investigation = await services.investigations.open(
    {
      referralIds: [referral.id],
      title: options.title ?? 'Response to a death in Northtown',
      termsOfReference: 'To investigate the force’s response.',
      leadInvestigatorId: team.lead.userId,
      decisionMakerId: team.decisionMaker.userId,
      investigatorIds: [team.investigator.userId],
      caseWorkerIds: [team.caseWorker.userId],
      openedOn: options.openedOn ?? '2026-03-04',
    },
    team.lead,
  )
  return { referral, investigation }
}

/**
 * An opened investigation moved on to "investigating" (its lead and terms of reference are set
 * when it opens): where a report can be submitted from, the report's workflow then moving the case.
 */
export async function startedInvestigation(
  services: Services,
  team: Team,
  options: { title?: string; openedOn?: string } = {},
) {
  const { referral, investigation: opened } = await openInvestigation(services, team, options)
  const investigation = await services.investigations.changeStatus(
    opened.id,
    'investigating',
    {},
    opened.version,
    team.lead,
  )
  return { referral, investigation }
}
