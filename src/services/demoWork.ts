/**
 * The worked example's day-to-day work (issue 13): lines of enquiry ("why were the deaths not
 * linked?"), a dozen actions in every state, decision log entries (signed, one superseded, one
 * draft), witnesses with statements held in the evidence register, and a disclosure schedule with
 * an issued version and material added since. Seeded through the services, as a team would.
 */
import type { RequestContext } from './context.js'
import type { Services } from './index.js'

type Ctx = RequestContext

export async function seedWorkedExampleWork(
  services: Services,
  investigationId: string,
  team: { lead: Ctx; investigator: Ctx; decisionMaker: Ctx },
  links: { subjectIds: string[]; allegationIds: string[]; chronologyIds: string[] },
) {
  const { lead, investigator, decisionMaker } = team
  const investigatorId = investigator.actor!.userId
  const leadId = lead.actor!.userId

  const linked = await services.actions.addLine(
    investigationId,
    {
      title: 'Why were the deaths not linked?',
      description:
        'Establish what each officer knew of the earlier deaths when responding to the next, what systems could have linked them, and why they did not.',
      termsOfReferencePoint: 'Whether opportunities to link the deaths were missed',
      subjectIds: links.subjectIds.slice(0, 7),
    },
    lead,
  )
  const toxicology = await services.actions.addLine(
    investigationId,
    {
      title: 'Were the toxicology results acted on?',
      termsOfReferencePoint: 'The actions and decisions of officers in responding to the deaths',
    },
    lead,
  )
  const families = await services.actions.addLine(
    investigationId,
    { title: 'How were the families’ concerns recorded and answered?' },
    decisionMaker,
  )

  // Witnesses and their statements, each statement a document in the evidence register.
  const neighbour = await services.witnesses.addWitness(
    investigationId,
    {
      kind: 'civilian',
      fullName: 'Dana Whitmore',
      roleInEvents: 'Neighbour who reported a man leaving the second flat in the early hours',
      address: '14 Harbour Row, Northtown NT2 4QX',
      phone: '01632 960412',
      preferredContact: 'Telephone after 6pm',
      specialMeasures: ['screens'],
      needs: 'Anxious about being identified; asks for a supporter to be present.',
    },
    investigator,
  )
  const callHandler = await services.witnesses.addWitness(
    investigationId,
    {
      kind: 'police',
      fullName: 'Priya Mistry',
      roleInEvents: 'Control room call handler who graded the call about the third death',
      organisation: 'Northshire Police',
      collarNumber: 'S4471',
      email: 'p.mistry@northshire.example',
    },
    investigator,
  )
  const pathologist = await services.witnesses.addWitness(
    investigationId,
    {
      kind: 'expert',
      fullName: 'Dr Alan Okafor',
      roleInEvents: 'Forensic pathologist; reviewed the four post-mortem reports',
      organisation: 'Northtown Forensic Pathology',
      email: 'a.okafor@pathology.example',
    },
    investigator,
  )
  const statementDocument = async (exhibit: string, title: string, text: string) =>
    services.evidence.upload(
      investigationId,
      { exhibitReference: exhibit, title },
      { bytes: Buffer.from(text, 'utf8'), filename: `${exhibit.replace('/', '-')}.txt`, mediaType: 'text/plain' },
      investigator,
    )
  const dwDoc = await statementDocument(
    'DW/1',
    'Witness statement of Dana Whitmore',
    'I live at Harbour Row. In the early hours I saw a man leave the flat opposite…',
  )
  const s1 = await services.witnesses.recordStatement(
    investigationId,
    {
      witnessId: neighbour.id,
      takenBy: investigatorId,
      takenAt: '2025-07-02T18:30:00Z',
      place: 'The witness’s home, Northtown',
      summary: 'Saw a man leave the flat in the early hours; told an officer at the door the next day.',
      signed: true,
      signedOn: '2025-07-02',
      documentId: dwDoc.id,
      chronologyEventIds: links.chronologyIds.slice(1, 2),
    },
    investigator,
  )
  const pmDoc = await statementDocument(
    'PM/1',
    'Witness statement of Priya Mistry',
    'I was the call handler on duty. I graded the call as a concern for welfare…',
  )
  const s2 = await services.witnesses.recordStatement(
    investigationId,
    {
      witnessId: callHandler.id,
      takenBy: leadId,
      takenAt: '2025-07-15T10:00:00Z',
      place: 'Northshire Police headquarters',
      summary: 'Explains how the call was graded and what the control room system showed.',
      signed: false,
      documentId: pmDoc.id,
    },
    lead,
  )
  await services.witnesses.recordStatement(
    investigationId,
    {
      witnessId: pathologist.id,
      takenBy: investigatorId,
      takenAt: '2025-08-20T14:00:00Z',
      place: 'By video call',
      summary: 'The same substance was present in all four deaths.',
      signed: true,
      signedOn: '2025-08-22',
    },
    investigator,
  )
  await services.witnesses.recordStatement(
    investigationId,
    {
      subjectId: links.subjectIds[0]!,
      takenBy: leadId,
      takenAt: '2025-09-03T09:30:00Z',
      place: 'Interview suite, Northtown',
      summary: 'The officer’s account of the first response.',
      signed: true,
      signedOn: '2025-09-03',
      allegationIds: links.allegationIds.slice(0, 1),
    },
    lead,
  )

  // A dozen actions in every state.
  const raise = (
    title: string,
    priority: 'high' | 'medium' | 'low',
    lineOfEnquiryId?: string,
    by: Ctx = investigator,
  ) => services.actions.raise(investigationId, { title, priority, ...(lineOfEnquiryId ? { lineOfEnquiryId } : {}) }, by)
  const allocate = async (a: Awaited<ReturnType<typeof raise>>, to: string, dueOn?: string) =>
    services.actions.allocate(a.id, { allocatedTo: to, ...(dueOn ? { dueOn } : {}) }, a.version, lead)
  const plans: [
    string,
    'high' | 'medium' | 'low',
    string | undefined,
    'raised' | 'allocated' | 'resulted' | 'referred_back' | 'filed',
  ][] = [
    ['Obtain the control room logs for all four calls', 'high', linked.id, 'resulted'],
    ['Take a statement from the neighbour at Harbour Row', 'high', linked.id, 'resulted'],
    ['Take a statement from the call handler', 'medium', linked.id, 'referred_back'],
    ['Map which officers attended more than one death', 'high', linked.id, 'allocated'],
    ['Request the force’s intelligence briefings for the period', 'medium', linked.id, 'allocated'],
    ['Obtain the pathologist’s review of the four post-mortems', 'high', toxicology.id, 'resulted'],
    ['Establish when the toxicology results reached the force', 'high', toxicology.id, 'allocated'],
    ['Review the force’s sudden-death policy', 'low', toxicology.id, 'raised'],
    ['Review the families’ complaints log', 'medium', families.id, 'raised'],
    ['Interview the duty inspector on the night of the second death', 'medium', linked.id, 'filed'],
    ['Seize the officers’ pocket notebooks', 'low', linked.id, 'filed'],
    ['Obtain body-worn video from the fourth scene', 'high', linked.id, 'raised'],
  ]
  const today = new Date()
  const inDays = (n: number) => new Date(today.getTime() + n * 86_400_000).toISOString().slice(0, 10)
  for (const [i, [title, priority, line, state]] of plans.entries()) {
    const a = await raise(title, priority, line, i % 4 === 0 ? lead : investigator)
    if (state === 'raised') continue
    if (state === 'filed') {
      await services.actions.file(
        a.id,
        {
          reason:
            i === 9
              ? 'Decided not to interview (decision log): the inspector was not on duty that night.'
              : 'Not proportionate: the notebooks were copied by the force and are in the register.',
        },
        a.version,
        lead,
      )
      continue
    }
    const allocated = await allocate(a, i % 3 === 0 ? leadId : investigatorId, inDays(7 + i * 3))
    if (state === 'allocated') continue
    const holder = i % 3 === 0 ? lead : investigator
    const resulted = await services.actions.result(
      a.id,
      {
        result:
          i === 1
            ? 'Statement taken (S1): the witness told an officer at the door the next day.'
            : i === 2
              ? 'Statement taken (S2), not yet signed.'
              : 'Obtained and placed in the evidence register.',
        statementIds: i === 1 ? [s1.id] : i === 2 ? [s2.id] : [],
        chronologyEventIds: i === 0 ? links.chronologyIds.slice(0, 2) : [],
      },
      allocated.version,
      holder,
    )
    if (state === 'referred_back')
      await services.actions.referBack(
        a.id,
        { note: 'Ask how the control room system displays earlier incidents at the same address.' },
        resulted.version,
        lead,
      )
  }

  // The decision log: signed entries, one superseded, and a draft awaiting signature.
  const scope = await services.decisions.record(
    investigationId,
    {
      kind: 'scope',
      decision: 'The investigation covers all four deaths and the force’s response to each.',
      optionsConsidered: 'Investigate each death separately; investigate the four together.',
      rationale:
        'The central question is whether the deaths should have been linked; only a joint investigation can answer it.',
      informationReliedOn: 'The force’s voluntary referral; the coroner’s correspondence.',
      decidedAt: '2025-06-17T10:00:00Z',
      lineOfEnquiryIds: [linked.id],
    },
    lead,
  )
  await services.decisions.sign(scope.id, scope.version, lead)
  const notToInterview = await services.decisions.record(
    investigationId,
    {
      kind: 'not_to_interview',
      decision: 'Not to interview the duty inspector on the night of the second death.',
      optionsConsidered: 'Interview under caution; witness interview; no interview.',
      rationale: 'Duty records show the inspector was not on duty; no indication of involvement.',
      decidedAt: '2025-07-10T15:00:00Z',
    },
    investigator,
  )
  const signedNotTo = await services.decisions.sign(notToInterview.id, notToInterview.version, investigator)
  await services.decisions.review(signedNotTo.id, { outcome: 'agreed', comment: 'Agreed on the duty records.' }, lead)
  const severity = await services.decisions.record(
    investigationId,
    {
      kind: 'severity',
      decision: 'Seven officers’ conduct, if proved, would be gross misconduct.',
      optionsConsidered: 'Misconduct for all; gross misconduct for those who attended two or more deaths.',
      rationale: 'Those officers had information that could have linked the deaths and did not pass it on.',
      decidedAt: '2025-07-28T09:00:00Z',
    },
    lead,
  )
  const signedSeverity = await services.decisions.sign(severity.id, severity.version, lead)
  const revised = await services.decisions.record(
    investigationId,
    {
      kind: 'severity',
      decision: 'Seven officers’ conduct, if proved, would be gross misconduct; ten officers’ misconduct.',
      optionsConsidered: 'Keep the earlier assessment; extend it to every officer who attended.',
      rationale: 'The control room logs show ten more officers saw the earlier incident markers.',
      decidedAt: '2025-07-29T09:00:00Z',
      supersedesId: signedSeverity.id,
      supersessionReason: 'The control room logs (action A1) added officers the first assessment did not name.',
    },
    lead,
  )
  await services.decisions.sign(revised.id, revised.version, lead)
  await services.decisions.record(
    investigationId,
    {
      kind: 'disclosure',
      decision: 'To withhold the intelligence briefings from the families for now (harm test).',
      optionsConsidered: 'Disclose in full; disclose a summary; withhold until charging decisions.',
      rationale: 'Disclosure now could prejudice the criminal proceedings against the man charged.',
      decidedAt: '2025-09-15T11:00:00Z',
    },
    investigator,
  )

  // A disclosure schedule: issued once, with material added since.
  let schedule = await services.disclosure.create(
    investigationId,
    {
      title: 'Referral to the Crown Prosecution Service',
      purpose: 'Possible offences of misconduct in public office.',
    },
    investigator,
  )
  const items = [
    { category: 'used' as const, description: 'Witness statement of Dana Whitmore', documentId: dwDoc.id },
    { category: 'unused' as const, description: 'Witness statement of Priya Mistry (unsigned)', documentId: pmDoc.id },
    { category: 'unused' as const, description: 'Duty rota for Northtown response teams, January 2024 to April 2025' },
    {
      category: 'unused' as const,
      sensitive: true,
      description: 'Material held by the force relating to the period of the third death',
      sensitivityReason: 'Intelligence reports that would identify a covert human intelligence source.',
    },
  ]
  for (const item of items)
    schedule = await services.disclosure.addItem(schedule.id, item, schedule.version, investigator)
  schedule = await services.disclosure.issue(schedule.id, schedule.version, lead)
  await services.disclosure.addItem(
    schedule.id,
    { category: 'unused', description: 'Force sudden-death policy, 2023 edition', location: 'Northshire Police HQ' },
    schedule.version,
    investigator,
  )
}
