/**
 * The demo investigations: the worked example of DOMAIN.md with fictional names throughout —
 * a force's response to four deaths caused by one man over fifteen months, 17 officers of whom
 * 7 were assessed as facing gross misconduct, notices served, a chronology with missed
 * opportunities, a final report approved (nine officers found to have performance failings, none
 * facing proceedings) and sent to the force, its inquests quashed and ordered afresh so publication
 * is held — and a dozen smaller, varied investigations: one carried through a misconduct hearing
 * to dismissal, closed and later re-investigated on new information; one redacted and published
 * on the public site. Everything goes through the services, as a person would,
 * so the demo has real references, deadlines and an audit trail.
 */
import { addCalendarDays, londonDateOf } from '../domain/calendar.js'
import type { Role } from '../domain/roles.js'
import type { RequestContext } from './context.js'
import { systemContext } from './context.js'
import type { Services } from './index.js'
import { DEMO_PASSWORD } from './demoPassword.js'
import type {
  Severity,
  StandardOfProfessionalBehaviour,
  Rank,
  InvestigationForm,
  MatterType,
  ReferralCategory,
} from '../domain/vocabulary.js'

import { seedWorkedExampleWork } from './demoWork.js'

type Ctx = RequestContext

async function contextFor(services: Services, email: string): Promise<Ctx> {
  const system = systemContext('demo-seed')
  const id = await services.users.findIdByEmail(email, system)
  const user = await services.users.get(id, system)
  return {
    actor: { userId: user.id, roles: user.roles as Role[], organisationId: user.organisationId },
    requestId: 'demo-seed',
  }
}

/** The case's current terms of reference, which its report's section restates (not the case's title). */
async function termsOfReferenceOf(services: Services, investigationId: string, ctx: Ctx): Promise<string> {
  const [current] = await services.investigations.termsOfReferenceHistory(investigationId, ctx)
  if (!current) throw new Error(`The demo case ${investigationId} has no terms of reference`)
  return current.text
}

interface DemoOfficer {
  given: string
  family: string
  warrant: string
  rank: Rank
  role: string
  severity: Severity
  standards: StandardOfProfessionalBehaviour[]
  allegation: string
}

/** The seventeen officers of the worked example; the first seven face gross misconduct. */
const WORKED_EXAMPLE_OFFICERS: DemoOfficer[] = [
  {
    given: 'Graham',
    family: 'Tolland',
    warrant: 'NP1042',
    rank: 'inspector',
    role: 'Senior investigating officer for the second death',
    severity: 'gross_misconduct',
    standards: ['duties_and_responsibilities', 'honesty_and_integrity'],
    allegation:
      'Failed to pursue forensic and intelligence links between the deaths and recorded the death as non-suspicious without the enquiries that policy required, then made an inaccurate entry about those enquiries.',
  },
  {
    given: 'Sarah',
    family: 'Penhallow',
    warrant: 'NP2117',
    rank: 'sergeant',
    role: 'Deputy senior investigating officer',
    severity: 'gross_misconduct',
    standards: ['duties_and_responsibilities'],
    allegation: 'Did not act on a witness account naming the same man at two of the deaths.',
  },
  {
    given: 'Martin',
    family: 'Crewe',
    warrant: 'NP0893',
    rank: 'chief_inspector',
    role: 'Head of the major crime review team',
    severity: 'gross_misconduct',
    standards: ['duties_and_responsibilities', 'orders_and_instructions'],
    allegation: 'Closed the review of the third death without the peer review the force’s policy required.',
  },
  {
    given: 'Alison',
    family: 'Rudd',
    warrant: 'NP3301',
    rank: 'constable',
    role: 'Officer in the case, third death',
    severity: 'gross_misconduct',
    standards: ['honesty_and_integrity'],
    allegation: 'Recorded that house-to-house enquiries had been completed when they had not.',
  },
  {
    given: 'Peter',
    family: 'Vosper',
    warrant: 'NP2750',
    rank: 'inspector',
    role: 'Duty inspector, first death',
    severity: 'gross_misconduct',
    standards: ['duties_and_responsibilities'],
    allegation: 'Authorised release of the scene before the forensic strategy was agreed.',
  },
  {
    given: 'Joanne',
    family: 'Kember',
    warrant: 'NP4188',
    rank: 'sergeant',
    role: 'Custody sergeant',
    severity: 'gross_misconduct',
    standards: ['honesty_and_integrity', 'duties_and_responsibilities'],
    allegation:
      'Released the suspect without recording the outstanding intelligence flag and later gave an inaccurate account of the release.',
  },
  {
    given: 'Ewan',
    family: 'Treloar',
    warrant: 'NP3965',
    rank: 'sergeant',
    role: 'Intelligence supervisor',
    severity: 'gross_misconduct',
    standards: ['duties_and_responsibilities', 'challenging_and_reporting_improper_conduct'],
    allegation: 'Did not disseminate intelligence linking the suspect to the second and fourth deaths.',
  },
  {
    given: 'Hannah',
    family: 'Brixey',
    warrant: 'NP5012',
    rank: 'constable',
    role: 'First officer at the scene, first death',
    severity: 'misconduct',
    standards: ['duties_and_responsibilities'],
    allegation: 'Did not preserve the scene or record the people present.',
  },
  {
    given: 'Thomas',
    family: 'Mallard',
    warrant: 'NP5230',
    rank: 'constable',
    role: 'First officer at the scene, second death',
    severity: 'misconduct',
    standards: ['duties_and_responsibilities'],
    allegation: 'Did not record the account of the neighbour who saw a man leave.',
  },
  {
    given: 'Rebecca',
    family: 'Quiller',
    warrant: 'NP4477',
    rank: 'sergeant',
    role: 'Response sergeant',
    severity: 'misconduct',
    standards: ['duties_and_responsibilities'],
    allegation: 'Did not supervise the scene log at the second death.',
  },
  {
    given: 'Daniel',
    family: 'Opie',
    warrant: 'NP5391',
    rank: 'constable',
    role: 'Scene guard',
    severity: 'misconduct',
    standards: ['orders_and_instructions'],
    allegation: 'Left the cordon without handover.',
  },
  {
    given: 'Clare',
    family: 'Hosking',
    warrant: 'NP3812',
    rank: 'constable',
    role: 'Family liaison officer',
    severity: 'misconduct',
    standards: ['authority_respect_and_courtesy'],
    allegation: 'Told a bereaved family their concerns were “not a police matter”.',
  },
  {
    given: 'Neil',
    family: 'Pascoe',
    warrant: 'NP2964',
    rank: 'inspector',
    role: 'Control room inspector',
    severity: 'misconduct',
    standards: ['duties_and_responsibilities'],
    allegation: 'Graded a call about the suspect as non-urgent contrary to the risk assessment.',
  },
  {
    given: 'Fiona',
    family: 'Trevail',
    warrant: 'NP5544',
    rank: 'constable',
    role: 'Call handler (police officer)',
    severity: 'misconduct',
    standards: ['duties_and_responsibilities'],
    allegation: 'Did not complete the risk assessment for a caller reporting the suspect.',
  },
  {
    given: 'Owen',
    family: 'Jory',
    warrant: 'NP4720',
    rank: 'sergeant',
    role: 'Intelligence development officer',
    severity: 'misconduct',
    standards: ['duties_and_responsibilities'],
    allegation: 'Did not enter a partner-agency referral onto the intelligence system.',
  },
  {
    given: 'Lucy',
    family: 'Menear',
    warrant: 'NP5618',
    rank: 'constable',
    role: 'Neighbourhood officer',
    severity: 'misconduct',
    standards: ['duties_and_responsibilities'],
    allegation: 'Did not pass on a community concern about the suspect.',
  },
  {
    given: 'Keith',
    family: 'Rowse',
    warrant: 'NP1876',
    rank: 'chief_inspector',
    role: 'Force review officer',
    severity: 'misconduct',
    standards: ['duties_and_responsibilities'],
    allegation: 'Signed off the thematic review without the linked-incident search.',
  },
]

const WORKED_EXAMPLE_DEATHS = [
  { fullName: 'Aaron Whitlock', dateOfDeath: '2024-01-14', placeOfDeath: 'Harbour Row, Northtown' },
  { fullName: 'Callum Fenwick', dateOfDeath: '2024-05-30', placeOfDeath: 'Mill Lane, Northtown' },
  { fullName: 'Jamie Roskilly', dateOfDeath: '2024-11-19', placeOfDeath: 'Quay Street, Northtown' },
  { fullName: 'Morgan Tresize', dateOfDeath: '2025-04-08', placeOfDeath: 'Chapel Yard, Northtown' },
]

const CHRONOLOGY = [
  {
    occurredOn: '2024-01-14',
    kind: 'underlying_fact',
    title: 'First death: Aaron Whitlock found at Harbour Row',
    description: 'Recorded as a non-suspicious sudden death.',
    missed: null,
  },
  {
    occurredOn: '2024-01-15',
    kind: 'underlying_fact',
    title: 'Scene released before the forensic strategy was agreed',
    missed: 'Forensic opportunities at the first scene were lost; the later deaths showed the same method.',
  },
  {
    occurredOn: '2024-05-30',
    kind: 'underlying_fact',
    title: 'Second death: Callum Fenwick found at Mill Lane',
    description: 'A neighbour saw a man leave; the account was not recorded.',
    missed: 'The neighbour’s description matched the man later convicted.',
  },
  {
    occurredOn: '2024-06-12',
    kind: 'underlying_fact',
    title: 'Toxicology shows the same drug in both deaths',
    missed: 'The similarity with the first death was not escalated or linked.',
  },
  {
    occurredOn: '2024-08-03',
    kind: 'underlying_fact',
    title: 'Partner agency refers concerns about the man to the force',
    missed: 'The referral was not entered on the intelligence system.',
  },
  {
    occurredOn: '2024-11-19',
    kind: 'underlying_fact',
    title: 'Third death: Jamie Roskilly found at Quay Street',
    missed: null,
  },
  {
    occurredOn: '2024-12-02',
    kind: 'underlying_fact',
    title: 'Review of the third death closed without peer review',
    missed: 'A peer review would have required a linked-incident search across the three deaths.',
  },
  {
    occurredOn: '2025-04-08',
    kind: 'underlying_fact',
    title: 'Fourth death: Morgan Tresize found at Chapel Yard',
    missed: null,
  },
  {
    occurredOn: '2025-04-21',
    kind: 'underlying_fact',
    title: 'The man is arrested and later charged with four murders',
    missed: null,
  },
  {
    occurredOn: '2025-05-20',
    kind: 'investigation',
    title: 'The force refers its handling of the deaths to the oversight body',
    missed: null,
  },
  { occurredOn: '2025-06-16', kind: 'investigation', title: 'Independent investigation opened', missed: null },
  {
    occurredOn: '2025-09-10',
    kind: 'investigation',
    title: 'Families’ solicitors meet the lead investigator',
    description: 'The families’ solicitors said the investigation was too slow.',
    missed: null,
  },
] as const

/** The worked example's four families and the solicitors who represent them. */
const FAMILIES = [
  {
    fullName: 'Frances Whitlock',
    relationship: 'Mother of Aaron Whitlock',
    email: 'family@candour.example',
    solicitor: 'Rosa Delgado',
  },
  {
    fullName: 'Bernard Fenwick',
    relationship: 'Father of Callum Fenwick',
    email: 'b.fenwick@example.org',
    solicitor: 'Rosa Delgado',
  },
  {
    fullName: 'Tamsin Roskilly',
    relationship: 'Sister of Jamie Roskilly',
    email: 'tamsin.roskilly@example.org',
    solicitor: 'Idris Okonjo',
  },
  {
    fullName: 'Pauline Tresize',
    relationship: 'Partner of Morgan Tresize',
    email: 'p.tresize@example.org',
    solicitor: 'Idris Okonjo',
  },
]

/**
 * The families kept informed: updates every four weeks or so, except the Tresize family, whose
 * last update was more than 28 days ago (so the dashboard shows one overdue family); the
 * solicitors' meeting with the lead investigator and its actions; the timeliness notices now
 * owed (the allegation came to attention more than 18 months ago); and the demo family
 * account's portal access, through a real invitation.
 */
async function seedFamilies(services: Services, investigationId: string, team: { lead: Ctx; caseWorker: Ctx }) {
  const today = londonDateOf(new Date())
  const people = []
  for (const f of FAMILIES) {
    const person = await services.families.addPerson(
      investigationId,
      {
        fullName: f.fullName,
        kind: 'bereaved_family',
        relationship: f.relationship,
        consentToBeKeptInformed: true,
        consentRecordedOn: '2025-06-20',
        becameInterestedOn: '2025-06-16',
        preferredChannel: 'email',
        email: f.email,
      },
      team.caseWorker,
    )
    await services.families.addRepresentative(
      person.id,
      {
        firm: 'Harwood & Lyle Solicitors',
        fullName: f.solicitor,
        email: `${f.solicitor.split(' ')[1]!.toLowerCase()}@harwoodlyle.example`,
        receivesUpdates: true,
      },
      team.caseWorker,
    )
    people.push(person)
  }
  const [whitlock, fenwick, roskilly] = people
  // Every family updated together until the autumn; then the Tresize family is missed.
  // Every 26 days, counting back from five days ago, so three families are up to date.
  const dates: string[] = []
  for (let given = addCalendarDays(today, -5); given >= '2025-07-01'; given = addCalendarDays(given, -26))
    dates.unshift(given)
  for (const given of dates) {
    const recipients = given <= '2026-09-20' ? people : [whitlock!, fenwick!, roskilly!]
    await services.families.recordUpdate(
      investigationId,
      {
        channel: 'email',
        givenOn: given,
        interestedPersonIds: recipients.map((p) => p.id),
        summary:
          'Progress since the last update: interviews of officers continue and the review of the force’s intelligence systems is under way.',
        coversProgress: true,
        withheldUnderHarmTest: given >= '2026-03-01',
        ...(given >= '2026-03-01'
          ? {
              harmGround: 'prejudice_to_proceedings',
              withheldSummary: 'The content of officers’ interview accounts, while the criminal trial is pending.',
            }
          : {}),
      },
      team.caseWorker,
    )
  }
  const meeting = await services.families.recordMeeting(
    investigationId,
    {
      heldOn: '2025-09-10',
      attendees:
        'Leon Ashworth (lead investigator); Callum Reyes (case worker); Rosa Delgado and Idris Okonjo (Harwood & Lyle Solicitors, for the four families)',
      agenda: 'Progress of the investigation; the families’ concern that it is too slow; the terms of reference.',
      notes:
        'The solicitors said the investigation was too slow and asked for a timetable. The lead investigator explained the scale of the material and agreed to share a timetable.',
      interestedPersonIds: people.map((p) => p.id),
    },
    team.lead,
  )
  await services.families.addAction(
    meeting.id,
    {
      description: 'Share a timetable for the investigation with the families’ solicitors',
      owner: 'Leon Ashworth',
      dueOn: '2025-09-24',
    },
    team.lead,
  )
  await services.families.addAction(
    meeting.id,
    { description: 'Arrange monthly update calls with each family', owner: 'Callum Reyes', dueOn: '2025-10-01' },
    team.lead,
  )
  await services.timeliness.draftDueTimelinessNotices(investigationId, today)

  // The demo family account (Frances Whitlock) reaches the portal as any family member would:
  // invited by the case worker, accepting with her password.
  await services.invitations.invite(
    investigationId,
    { interestedPersonId: whitlock!.id, email: FAMILIES[0]!.email },
    team.caseWorker,
  )
  const system = systemContext('demo-seed')
  const { items } = await services.mail.list(system, { limit: 20 })
  for (const summary of items) {
    const { body } = await services.mail.get(summary.id, system)
    const token = /\/portal\/invitations\/([A-Za-z0-9_-]+)/.exec(body)?.[1]
    if (token) {
      await services.invitations.accept(token, { password: DEMO_PASSWORD }, system)
      break
    }
  }
}

type DemoInvestigation = Awaited<ReturnType<Services['investigations']['changeStatus']>>

/** The nine officers of the worked example whose failings were of performance, not conduct. */
const PERFORMANCE_FAILINGS = new Set([
  'NP1042',
  'NP2117',
  'NP0893',
  'NP2750',
  'NP3965',
  'NP5012',
  'NP5230',
  'NP2964',
  'NP1876',
])

/**
 * The worked example's final report: drafted with the chronology referenced, submitted, every
 * subject determined by the decision maker (nine unsatisfactory performance, eight no case to
 * answer, none facing proceedings), approved and sent to Northshire Police ten days ago, so the
 * force's response is still awaited and the case stays open (the families' clock continues).
 */
async function seedWorkedExampleReport(
  services: Services,
  investigation: DemoInvestigation,
  subjects: { subjectId: string; allegationId: string; officer: DemoOfficer }[],
  chronologyEventIds: string[],
  team: { lead: Ctx; investigator: Ctx; decisionMaker: Ctx },
): Promise<DemoInvestigation> {
  const today = londonDateOf(new Date())
  let worked = await services.investigations.changeStatus(
    investigation.id,
    'report_drafting',
    {},
    investigation.version,
    team.lead,
  )
  const { report: drafted } = await services.reports.save(
    worked.id,
    {
      summary:
        'Between January 2024 and April 2025 four men died in Northtown at the hands of one man. Northshire Police did not link the deaths until after the fourth. This report sets out what the force’s officers did and did not do, and the determination on each of the seventeen officers investigated.',
      termsOfReference: await termsOfReferenceOf(services, worked.id, team.investigator),
      chronologyEventIds,
      evidenceAnalysis:
        'The evidence shows repeated missed opportunities to link the deaths: the first scene released early, a neighbour’s account not recorded, matching toxicology not escalated, and a partner-agency referral never entered. Most failings were of performance, by officers working without adequate supervision or policy; none is shown to have been dishonest.',
      findings: subjects.map((s) => ({
        subjectId: s.subjectId,
        allegationId: s.allegationId,
        text: PERFORMANCE_FAILINGS.has(s.officer.warrant)
          ? `${s.officer.given} ${s.officer.family}’s handling fell below the standard expected of a ${s.officer.role.toLowerCase()}, but the evidence does not show a breach of the standards of professional behaviour.`
          : `The evidence does not support the allegation against ${s.officer.given} ${s.officer.family}.`,
      })),
      learning:
        'Northshire Police should introduce a linked-incident search for every unexplained death and review the supervision of its major crime review team.',
    },
    0,
    team.investigator,
  )
  const { report: submitted } = await services.reports.submit(worked.id, drafted.version, team.investigator)
  for (const s of subjects) {
    const performance = PERFORMANCE_FAILINGS.has(s.officer.warrant)
    await services.reports.determine(
      s.subjectId,
      {
        determination: performance ? 'unsatisfactory_performance' : 'no_case_to_answer',
        rationale: performance
          ? 'The failings were of performance: the officer should be managed under the unsatisfactory performance procedures, not misconduct proceedings.'
          : 'The evidence does not indicate a case to answer for misconduct or any failing of performance.',
        cpsReferral: false,
        decidedOn: addCalendarDays(today, -21),
      },
      0,
      team.decisionMaker,
    )
  }
  // Submitting put the case with the decision maker; approving makes it ready to send.
  worked = (await services.reports.approve(worked.id, submitted.version, team.decisionMaker)).investigation
  const { investigation: sent } = await services.outcomes.sendReport(
    worked.id,
    { sentOn: addCalendarDays(today, -10) },
    worked.version,
    team.decisionMaker,
  )
  return sent
}

/**
 * A smaller case carried to its end: notice served and answered, the report approved with a
 * case to answer for gross misconduct, the force agreeing, a misconduct hearing before a legally
 * qualified chair dismissing the officer without notice, the barred list entry, and the case closed.
 */
async function carryToDismissal(
  services: Services,
  investigation: DemoInvestigation,
  subject: { subjectId: string; allegationId: string; name: string },
  team: { lead: Ctx; investigator: Ctx; decisionMaker: Ctx; authority: Ctx },
) {
  const notice = await services.subjects.generateNotice(subject.subjectId, team.investigator)
  const served = await services.subjects.updateNotice(
    notice.id,
    { servedOn: '2026-05-05', serviceMethod: 'in_person' },
    notice.version,
    team.investigator,
  )
  await services.subjects.updateNotice(
    served.id,
    {
      responseReceivedOn: '2026-05-15',
      responseSummary: 'The officer denied any relationship beyond professional contact.',
    },
    served.version,
    team.investigator,
  )
  let inv = await services.investigations.changeStatus(
    investigation.id,
    'report_drafting',
    {},
    investigation.version,
    team.lead,
  )
  const { report: drafted } = await services.reports.save(
    inv.id,
    {
      summary:
        'The officer met a victim of domestic abuse socially and sent her over 200 personal messages while her case was open.',
      termsOfReference: await termsOfReferenceOf(services, inv.id, team.investigator),
      evidenceAnalysis:
        'Phone records and the victim’s account are consistent; the officer’s denial is contradicted by his own messages.',
      findings: [
        {
          subjectId: subject.subjectId,
          allegationId: subject.allegationId,
          text: `${subject.name} abused his position for a sexual purpose.`,
        },
      ],
      learning: 'The force should audit contact between officers and victims outside recorded duties.',
    },
    0,
    team.investigator,
  )
  const { report: submitted } = await services.reports.submit(inv.id, drafted.version, team.investigator)
  await services.reports.determine(
    subject.subjectId,
    {
      determination: 'case_to_answer_gross_misconduct',
      rationale: 'If proved, abuse of position for a sexual purpose would justify dismissal.',
      cpsReferral: false,
      decidedOn: '2026-08-20',
    },
    0,
    team.decisionMaker,
  )
  inv = (await services.reports.approve(inv.id, submitted.version, team.decisionMaker)).investigation
  inv = (await services.outcomes.sendReport(inv.id, { sentOn: '2026-08-24' }, inv.version, team.decisionMaker))
    .investigation
  await services.outcomes.recordResponse(
    subject.subjectId,
    {
      agrees: true,
      proposedProceedings: 'hearing',
      reasons: 'The force agrees and will bring the case to a misconduct hearing.',
      respondedOn: '2026-09-08',
    },
    team.authority,
  )
  const hearing = await services.outcomes.recordProceeding(
    subject.subjectId,
    {
      kind: 'hearing',
      scheduledOn: '2026-10-20',
      chairName: 'Miriam Achterberg',
      chairLegallyQualified: true,
      panel: ['Superintendent Alan Voss', 'Gemma Holt (independent panel member)'],
    },
    team.authority,
  )
  inv = await services.investigations.changeStatus(inv.id, 'awaiting_proceedings', {}, inv.version, team.lead)
  await services.outcomes.updateProceeding(
    hearing.id,
    {
      heldOn: '2026-10-20',
      outcome: 'dismissal_without_notice',
      outcomeOn: '2026-10-22',
      barredListEntryOn: '2026-10-27',
    },
    hearing.version,
    team.authority,
  )
  return services.investigations.changeStatus(inv.id, 'closed', {}, inv.version, team.lead)
}

/**
 * After the dismissal case closed, significant new information: a second victim comes
 * forward. The lead investigator proposes re-investigation; the decision maker approves a new
 * investigation, which links to the old and carries its subject over.
 */
async function seedReinvestigation(
  services: Services,
  closed: DemoInvestigation,
  team: { lead: Ctx; decisionMaker: Ctx },
) {
  const reinvestigation = await services.reinvestigations.propose(
    closed.id,
    {
      ground: 'significant_new_information',
      detail:
        'A second victim of domestic abuse has come forward with messages from the officer sent while her case was open, before the period investigated.',
    },
    team.lead,
  )
  await services.reinvestigations.decide(
    reinvestigation.id,
    {
      decision: 'approved',
      reason:
        'The new account, if true, shows a pattern the first investigation could not examine; a new investigation is needed.',
      route: 'new_investigation',
    },
    reinvestigation.version,
    team.decisionMaker,
  )
}

/**
 * A smaller case carried to publication: notice served and answered, the report approved with
 * the officer's determination, the constable's name redacted as a junior officer's, and the
 * report released to the injured man (portal and e-mail) and published on the public site at once.
 */
async function carryToPublication(
  services: Services,
  investigation: DemoInvestigation,
  subject: { subjectId: string; allegationId: string; name: string },
  receivedOn: string,
  team: { lead: Ctx; investigator: Ctx; decisionMaker: Ctx; caseWorker: Ctx },
) {
  const today = londonDateOf(new Date())
  await services.families.addPerson(
    investigation.id,
    {
      fullName: 'Darren Keast',
      kind: 'injured_person',
      relationship: 'The supporter whose arm was broken',
      consentToBeKeptInformed: true,
      consentRecordedOn: addCalendarDays(receivedOn, 9),
      becameInterestedOn: addCalendarDays(receivedOn, 7),
      preferredChannel: 'email',
      email: 'd.keast@example.org',
    },
    team.caseWorker,
  )
  const notice = await services.subjects.generateNotice(subject.subjectId, team.investigator)
  const served = await services.subjects.updateNotice(
    notice.id,
    { servedOn: addCalendarDays(receivedOn, 14), serviceMethod: 'via_federation_representative' },
    notice.version,
    team.investigator,
  )
  await services.subjects.updateNotice(
    served.id,
    {
      responseReceivedOn: addCalendarDays(receivedOn, 24),
      responseSummary: 'The officer said the supporter resisted and the arm was broken in the fall.',
    },
    served.version,
    team.investigator,
  )
  let inv = await services.investigations.changeStatus(
    investigation.id,
    'report_drafting',
    {},
    investigation.version,
    team.lead,
  )
  const { report: drafted } = await services.reports.save(
    inv.id,
    {
      summary: `A supporter’s arm was broken when ${subject.name} took him to the ground during an arrest outside the stadium. Body-worn video and three witnesses were examined.`,
      termsOfReference: await termsOfReferenceOf(services, inv.id, team.investigator),
      evidenceAnalysis: `The body-worn video shows the supporter pulling away and ${subject.name} using a taught takedown; the injury was caused by the fall, not by a blow.`,
      findings: [
        {
          subjectId: subject.subjectId,
          allegationId: subject.allegationId,
          text: `The force used by ${subject.name} was necessary and proportionate; the takedown on a hard surface was not foreseen by the training.`,
        },
      ],
      learning:
        'Westmarch Constabulary should review its officer safety training on takedowns on hard surfaces at crowded events.',
    },
    0,
    team.investigator,
  )
  const { report: submitted } = await services.reports.submit(inv.id, drafted.version, team.investigator)
  await services.reports.determine(
    subject.subjectId,
    {
      determination: 'no_case_to_answer',
      rationale: 'The force used was necessary and proportionate in the circumstances.',
      cpsReferral: false,
      decidedOn: addCalendarDays(today, -12),
    },
    0,
    team.decisionMaker,
  )
  inv = (await services.reports.approve(inv.id, submitted.version, team.decisionMaker)).investigation
  await services.outcomes.sendReport(inv.id, { sentOn: addCalendarDays(today, -10) }, inv.version, team.decisionMaker)
  await services.publications.addRedaction(
    inv.id,
    {
      section: '*',
      text: subject.name,
      reason: 'junior_officer_name',
      note: 'A constable found to have no case to answer is not named.',
    },
    team.investigator,
  )
  await services.publications.release(
    inv.id,
    {
      summary:
        'A supporter’s arm was broken during an arrest at a football match. The investigation found the force used was necessary and proportionate, and recommended a review of training on takedowns.',
      themes: ['use_of_force'],
      publicFrom: new Date(),
    },
    team.decisionMaker,
  )
}

interface SmallCase {
  title: string
  force: string
  matterType: MatterType
  category: ReferralCategory
  form: InvestigationForm
  receivedOn: string
  summary: string
  /**
   * 'dismissed': carried through a misconduct hearing that dismisses the officer, then closed, and
   * later re-investigated on new information; 'published': its report redacted and published.
   */
  status: 'assessed' | 'investigating' | 'suspended' | 'dismissed' | 'published'
  officers: { given: string; family: string; warrant: string; rank: Rank; severity: Severity }[]
  deceased?: { fullName: string; dateOfDeath: string; placeOfDeath: string }
}

const SMALL_CASES: SmallCase[] = [
  {
    title: 'Death in custody at Northtown police station',
    force: 'NORTHSHIRE',
    matterType: 'dsi_matter',
    category: 'death_or_serious_injury',
    form: 'independent',
    receivedOn: '2026-02-03',
    summary: 'A man died after being found unresponsive in a cell.',
    status: 'investigating',
    officers: [
      { given: 'Ian', family: 'Carne', warrant: 'NP6011', rank: 'sergeant', severity: 'misconduct' },
      { given: 'Megan', family: 'Dunstan', warrant: 'NP6120', rank: 'constable', severity: 'neither' },
    ],
    deceased: { fullName: 'Ryan Polglase', dateOfDeath: '2026-02-01', placeOfDeath: 'Northtown police station' },
  },
  {
    title: 'Use of a Taser on a 15-year-old in Westmarch',
    force: 'WESTMARCH',
    matterType: 'complaint',
    category: 'serious_assault',
    form: 'directed',
    receivedOn: '2026-03-11',
    summary: 'A complaint that a Taser was used on a child who was not a threat.',
    status: 'investigating',
    officers: [
      { given: 'Craig', family: 'Ellery', warrant: 'WC2230', rank: 'constable', severity: 'gross_misconduct' },
    ],
  },
  {
    title: 'Road traffic collision after a police pursuit',
    force: 'WESTMARCH',
    matterType: 'dsi_matter',
    category: 'death_or_serious_injury',
    form: 'independent',
    receivedOn: '2025-10-22',
    summary: 'A motorcyclist was seriously injured after a pursuit.',
    status: 'suspended',
    officers: [{ given: 'Gareth', family: 'Lanyon', warrant: 'WC1893', rank: 'constable', severity: 'misconduct' }],
  },
  {
    title: 'Alleged abuse of position for a sexual purpose',
    force: 'NORTHSHIRE',
    matterType: 'conduct_matter',
    category: 'serious_sexual_offence',
    form: 'independent',
    receivedOn: '2026-04-18',
    summary: 'An officer is alleged to have pursued a relationship with a victim of domestic abuse.',
    status: 'dismissed',
    officers: [
      { given: 'Wayne', family: 'Hocking', warrant: 'NP7702', rank: 'constable', severity: 'gross_misconduct' },
    ],
  },
  {
    title: 'Discriminatory messages in a team chat group',
    force: 'NORTHSHIRE',
    matterType: 'conduct_matter',
    category: 'discrimination_aggravated',
    form: 'directed',
    receivedOn: '2026-06-02',
    summary: 'Messages found on a phone seized in another matter.',
    status: 'investigating',
    officers: [
      { given: 'Adam', family: 'Spargo', warrant: 'NP8123', rank: 'constable', severity: 'gross_misconduct' },
      { given: 'Leah', family: 'Bolitho', warrant: 'NP8140', rank: 'constable', severity: 'gross_misconduct' },
      { given: 'Scott', family: 'Nankervis', warrant: 'NP8167', rank: 'sergeant', severity: 'misconduct' },
    ],
  },
  {
    title: 'Disclosure of a witness’s address',
    force: 'WESTMARCH',
    matterType: 'complaint',
    category: 'voluntary',
    form: 'independent',
    receivedOn: '2026-07-09',
    summary: 'A witness’s address was passed to the suspect’s family.',
    status: 'assessed',
    officers: [],
  },
  {
    title: 'Contact before a death by suicide',
    force: 'WESTMARCH',
    matterType: 'dsi_matter',
    category: 'death_or_serious_injury',
    form: 'directed',
    receivedOn: '2026-08-14',
    summary: 'A woman died two days after the police attended a welfare call.',
    status: 'investigating',
    officers: [{ given: 'Paul', family: 'Rosewarne', warrant: 'WC3310', rank: 'constable', severity: 'neither' }],
    deceased: { fullName: 'Elaine Trethewey', dateOfDeath: '2026-08-12', placeOfDeath: 'Westmarch' },
  },
  {
    title: 'Corrupt access to police systems',
    force: 'NORTHSHIRE',
    matterType: 'conduct_matter',
    category: 'serious_corruption',
    form: 'independent',
    receivedOn: '2026-01-19',
    summary: 'A member of staff is alleged to have searched records for a friend.',
    status: 'investigating',
    officers: [
      { given: 'Natalie', family: 'Couch', warrant: 'NPS0451', rank: 'constable', severity: 'gross_misconduct' },
    ],
  },
  {
    title: 'Injury during arrest at a football match',
    force: 'WESTMARCH',
    matterType: 'complaint',
    category: 'serious_assault',
    form: 'directed',
    receivedOn: '2026-09-01',
    summary: 'A supporter’s arm was broken during an arrest.',
    status: 'published',
    officers: [{ given: 'Jason', family: 'Pengelly', warrant: 'WC4471', rank: 'constable', severity: 'misconduct' }],
  },
  {
    title: 'Failure to respond to reports of stalking',
    force: 'NORTHSHIRE',
    matterType: 'complaint',
    category: 'called_in',
    form: 'independent',
    receivedOn: '2026-05-27',
    summary: 'A woman reported stalking five times before she was attacked.',
    status: 'investigating',
    officers: [
      { given: 'Rachel', family: 'Tregear', warrant: 'NP8802', rank: 'constable', severity: 'misconduct' },
      { given: 'Mark', family: 'Jago', warrant: 'NP8830', rank: 'inspector', severity: 'misconduct' },
    ],
  },
  {
    title: 'Strip search of a child at school',
    force: 'WESTMARCH',
    matterType: 'complaint',
    category: 'voluntary',
    form: 'independent',
    receivedOn: '2026-10-06',
    summary: 'A 15-year-old was strip-searched without an appropriate adult.',
    status: 'assessed',
    officers: [],
  },
  {
    title: 'Death after restraint in a hospital',
    force: 'NORTHSHIRE',
    matterType: 'dsi_matter',
    category: 'death_or_serious_injury',
    form: 'independent',
    receivedOn: '2026-10-30',
    summary: 'A man died after being restrained by officers in an emergency department.',
    status: 'investigating',
    officers: [
      { given: 'Stuart', family: 'Angove', warrant: 'NP9015', rank: 'constable', severity: 'misconduct' },
      { given: 'Kerry', family: 'Uren', warrant: 'NP9033', rank: 'constable', severity: 'misconduct' },
    ],
    deceased: { fullName: 'Tobias Kitto', dateOfDeath: '2026-10-29', placeOfDeath: 'Northtown General Hospital' },
  },
]

/**
 * The worked example's linked proceedings: the original inquests into the four deaths, heard
 * together, concluded and then quashed by the High Court, with fresh inquests ordered (so
 * publication is held until they conclude), and the criminal trial of the man charged with the
 * murders; the senior coroner and the families' counsel as parties.
 */
async function seedWorkedExampleProceedings(
  services: Services,
  investigationId: string,
  team: { lead: Ctx; investigator: Ctx },
) {
  const overview = await services.investigations.overview(investigationId, team.lead)
  const deaths = overview.people.filter((p) => p.role === 'deceased').map((p) => p.id)
  const { proceeding } = await services.linkedProceedings.create(
    investigationId,
    {
      kind: 'inquest',
      title: 'Inquests into the four Northtown deaths',
      court: 'Northshire Coroner’s Court',
      courtReference: 'NC-2025-0412',
      openedOn: '2025-05-02',
      involvedPersonIds: deaths,
    },
    team.investigator,
  )
  await services.linkedProceedings.addParty(
    proceeding.id,
    { role: 'coroner', name: 'HM Senior Coroner for Northshire', organisation: 'Northshire Coroner’s Court' },
    team.investigator,
  )
  await services.linkedProceedings.addParty(
    proceeding.id,
    { role: 'representative', name: 'Counsel for the families', organisation: 'Fenwick Chambers' },
    team.investigator,
  )
  let p = await services.linkedProceedings.changeStatus(
    proceeding.id,
    { status: 'adjourned', on: '2025-05-02', description: 'Opened and adjourned pending the police investigation' },
    proceeding.version,
    team.lead,
  )
  p = await services.linkedProceedings.changeStatus(
    p.id,
    { status: 'concluded', on: '2025-11-14', conclusion: 'Open conclusions in each of the four deaths' },
    p.version,
    team.lead,
  )
  p = await services.linkedProceedings.changeStatus(
    p.id,
    {
      status: 'quashed',
      on: '2026-03-06',
      description: 'The High Court quashed the conclusions: insufficient inquiry into the police response',
    },
    p.version,
    team.lead,
  )
  await services.linkedProceedings.changeStatus(
    p.id,
    {
      status: 'fresh_inquest_ordered',
      on: '2026-03-06',
      description: 'Fresh inquests into all four deaths to be heard together next year',
    },
    p.version,
    team.lead,
  )
  await services.linkedProceedings.create(
    investigationId,
    {
      kind: 'criminal_trial',
      title: 'R v the accused: four counts of murder',
      court: 'Northtown Crown Court',
      charge: 'Murder (four counts)',
      openedOn: '2025-05-16',
    },
    team.investigator,
  )
}

export interface DemoCasesResult {
  workedExampleReference: string
  investigations: number
}

export async function seedDemoCases(services: Services): Promise<DemoCasesResult> {
  const lead = await contextFor(services, 'lead.investigator@candour.example')
  const investigator = await contextFor(services, 'investigator@candour.example')
  const decisionMaker = await contextFor(services, 'decision.maker@candour.example')
  const caseWorker = await contextFor(services, 'case.worker@candour.example')
  const authority = await contextFor(services, 'psd@northshire.example')
  const forces = new Map((await services.organisations.list()).map((o) => [o.code, o.id]))
  const team = {
    leadInvestigatorId: lead.actor!.userId,
    decisionMakerId: decisionMaker.actor!.userId,
    investigatorIds: [investigator.actor!.userId],
    caseWorkerIds: [caseWorker.actor!.userId],
  }

  // The worked example.
  const referral = await services.investigations.recordReferral(
    {
      matterType: 'conduct_matter',
      referringForceId: forces.get('NORTHSHIRE')!,
      receivedOn: '2025-05-20',
      cameToAttentionOn: '2025-05-20',
      category: 'voluntary',
      summary:
        'Northshire Police voluntarily refers its response to four deaths in Northtown between January 2024 and April 2025, caused by one man now charged with their murders. The force did not link the deaths until after the fourth.',
      people: WORKED_EXAMPLE_DEATHS.map((d) => ({ role: 'deceased' as const, ...d })),
    },
    lead,
  )
  await services.investigations.assess(
    referral.id,
    {
      form: 'independent',
      rationale:
        'Four deaths, possible systemic failings and the seriousness of the potential misconduct require an independent investigation.',
      decidedOn: '2025-06-10',
    },
    decisionMaker,
  )
  let worked = await services.investigations.open(
    {
      referralIds: [referral.id],
      title: 'Northshire Police’s response to four deaths in Northtown, 2024–2025',
      termsOfReference:
        'To investigate the actions and decisions of Northshire Police officers in responding to the deaths of Aaron Whitlock, Callum Fenwick, Jamie Roskilly and Morgan Tresize, including whether opportunities to link the deaths were missed; whether any officer may have behaved in a manner justifying disciplinary proceedings; and whether there is organisational learning for the force.',
      ...team,
      openedOn: '2025-06-16',
    },
    lead,
  )
  worked = await services.investigations.changeStatus(worked.id, 'investigating', {}, worked.version, lead)

  const workedSubjects: { subjectId: string; allegationId: string; officer: DemoOfficer }[] = []
  for (const [index, o] of WORKED_EXAMPLE_OFFICERS.entries()) {
    const { subject } = await services.subjects.add(
      worked.id,
      {
        givenName: o.given,
        familyName: o.family,
        warrantNumber: o.warrant,
        kind: 'police_officer',
        rank: o.rank,
        roleAtTime: o.role,
      },
      investigator,
    )
    const allegation = await services.subjects.addAllegation(
      subject.id,
      { description: o.allegation, standards: o.standards },
      investigator,
    )
    await services.subjects.assessSeverity(
      subject.id,
      {
        severity: o.severity,
        rationale:
          o.severity === 'gross_misconduct'
            ? 'If proved, the conduct could justify dismissal.'
            : 'If proved, the conduct would justify disciplinary action short of dismissal.',
        assessedOn: '2025-07-28',
      },
      lead,
    )
    const notice = await services.subjects.generateNotice(subject.id, investigator)
    // Served over five weeks in the summer of 2025. Twelve officers responded; the other five
    // let the response period pass, so their opinions could be given without a response.
    const servedOn = addCalendarDays('2025-08-04', index * 2)
    const served = await services.subjects.updateNotice(
      notice.id,
      { servedOn, serviceMethod: index % 3 === 0 ? 'in_person' : 'via_federation_representative' },
      notice.version,
      investigator,
    )
    if (index < 12) {
      await services.subjects.updateNotice(
        served.id,
        {
          responseReceivedOn: addCalendarDays(servedOn, 9),
          responseSummary: 'Written response received through the Police Federation representative.',
        },
        served.version,
        investigator,
      )
    }
    workedSubjects.push({ subjectId: subject.id, allegationId: allegation.id, officer: o })
  }

  const chronologyIds: string[] = []
  for (const e of CHRONOLOGY) {
    const event = await services.chronology.add(
      worked.id,
      {
        occurredOn: e.occurredOn,
        kind: e.kind,
        title: e.title,
        ...('description' in e && e.description ? { description: e.description } : {}),
        missedOpportunity: e.missed !== null,
        ...(e.missed ? { missedOpportunityReason: e.missed } : {}),
      },
      investigator,
    )
    chronologyIds.push(event.id)
  }

  await seedWorkedExampleWork(
    services,
    worked.id,
    { lead, investigator, decisionMaker },
    {
      subjectIds: workedSubjects.map((s) => s.subjectId),
      allegationIds: workedSubjects.map((s) => s.allegationId),
      chronologyIds,
    },
  )

  worked = await seedWorkedExampleReport(services, worked, workedSubjects, chronologyIds, {
    lead,
    investigator,
    decisionMaker,
  })

  await seedFamilies(services, worked.id, { lead, caseWorker })
  await seedWorkedExampleProceedings(services, worked.id, { lead, investigator })

  // A dozen smaller investigations in various states.
  let count = 1
  let dismissal: DemoInvestigation | undefined
  for (const c of SMALL_CASES) {
    const r = await services.investigations.recordReferral(
      {
        matterType: c.matterType,
        referringForceId: forces.get(c.force)!,
        receivedOn: c.receivedOn,
        cameToAttentionOn: c.receivedOn,
        category: c.category,
        summary: c.summary,
        people: c.deceased ? [{ role: 'deceased' as const, ...c.deceased }] : [],
      },
      lead,
    )
    await services.investigations.assess(
      r.id,
      { form: c.form, rationale: 'Seriousness and public interest.', decidedOn: addCalendarDays(c.receivedOn, 5) },
      decisionMaker,
    )
    let inv = await services.investigations.open(
      {
        referralIds: [r.id],
        title: c.title,
        termsOfReference: `To investigate: ${c.summary}`,
        ...team,
        openedOn: addCalendarDays(c.receivedOn, 7),
      },
      lead,
    )
    if (c.status !== 'assessed')
      inv = await services.investigations.changeStatus(inv.id, 'investigating', {}, inv.version, lead)
    for (const o of c.officers) {
      const { subject } = await services.subjects.add(
        inv.id,
        {
          givenName: o.given,
          familyName: o.family,
          warrantNumber: o.warrant,
          kind: 'police_officer',
          rank: o.rank,
          roleAtTime: 'Officer involved',
        },
        investigator,
      )
      const allegation = await services.subjects.addAllegation(
        subject.id,
        { description: c.summary, standards: ['duties_and_responsibilities'] },
        investigator,
      )
      await services.subjects.assessSeverity(
        subject.id,
        {
          severity: o.severity,
          rationale: 'Initial assessment on the referral.',
          assessedOn: addCalendarDays(c.receivedOn, 10),
        },
        lead,
      )
      if (c.status === 'dismissed')
        dismissal = await carryToDismissal(
          services,
          inv,
          { subjectId: subject.id, allegationId: allegation.id, name: `PC ${o.given} ${o.family}` },
          { lead, investigator, decisionMaker, authority },
        )
      if (c.status === 'published')
        await carryToPublication(
          services,
          inv,
          { subjectId: subject.id, allegationId: allegation.id, name: `PC ${o.given} ${o.family}` },
          c.receivedOn,
          { lead, investigator, decisionMaker, caseWorker },
        )
    }
    if (c.status === 'suspended')
      await services.investigations.changeStatus(
        inv.id,
        'suspended',
        { reason: 'Pending the criminal trial of the driver.' },
        inv.version,
        lead,
      )
    count++
  }
  if (dismissal) {
    await seedReinvestigation(services, dismissal, { lead, decisionMaker })
    count++
  }
  return { workedExampleReference: worked.reference, investigations: count }
}
