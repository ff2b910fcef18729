/**
 * An investigation from referral to evidence, in the browser, as its lead investigator: record
 * a referral, assess it, open the investigation with its team, start it, add a subject with an
 * allegation and a severity assessment, generate and serve the notice (the response due date
 * appears on the subject and as the case's next deadline), add a missed opportunity to the
 * chronology and a document to the evidence register, and find the case by the officer's
 * warrant number. An investigator outside the team is refused it. Two people saving the terms
 * of reference from the same version: the second is told, and nothing is lost. Every page
 * passes the axe check.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { addCalendarDays, isWorkingDay, londonDateOf, type PlainDate } from '../../src/domain/calendar.js'
import type { Role } from '../../src/domain/roles.js'
import { noticeResponseDue } from '../../src/domain/ruleSet.js'
import { TEST_PASSWORD } from '../support/app.js'
import { contextFor, openInvestigation, type Team } from '../support/investigations.js'
import { ChronologyPage, EventFormPage } from './pages/ChronologyPages.js'
import { ErrorPage } from './pages/ErrorPage.js'
import { DocumentPage, EvidencePage, UploadDocumentPage } from './pages/EvidencePages.js'
import {
  ChangeStatusPage,
  InvestigationOverviewPage,
  InvestigationsPage,
  NewInvestigationPage,
  TermsOfReferencePage,
} from './pages/InvestigationPages.js'
import { NewReferralPage, ReferralPage } from './pages/ReferralPages.js'
import { AddSubjectPage, SubjectPage, SubjectsPage } from './pages/SubjectPages.js'
import { screenshot, useE2eHarness } from './support/harness.js'
import { signIn } from './support/journeys.js'

/** "4 March 2026": how the pages show a plain date. */
function longDate(date: PlainDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  )
}

/** A working day a few days before today. */
function recentWorkingDay(today: PlainDate): PlainDate {
  let day = addCalendarDays(today, -3)
  while (!isWorkingDay(day)) day = addCalendarDays(day, -1)
  return day
}

describe('an investigation, from referral to evidence', () => {
  const harness = useE2eHarness()

  test('a lead investigator opens and runs an investigation; an investigator outside the team cannot see it', async () => {
    const lead = await harness.addUser(['lead_investigator'], 'lead')
    const decisionMaker = await harness.addUser(['decision_maker'], 'decider')
    const investigator = await harness.addUser(['investigator'], 'investigator')
    const outsider = await harness.addUser(['investigator'], 'outsider')
    const today = londonDateOf(new Date())
    const servedOn = recentWorkingDay(today)
    const responseDue = longDate(noticeResponseDue(servedOn))
    const warrantNumber = `NS${Date.now() % 100000}`

    const page = await harness.newPage()
    await signIn(page, lead)

    // Record the referral.
    const newReferral = await new NewReferralPage(page).open()
    assert.equal(await newReferral.heading(), 'Record a referral')
    await newReferral.expectAccessible()
    await newReferral.record({
      matterType: 'Conduct matter',
      force: 'Northshire Police',
      receivedOn: addCalendarDays(today, -10),
      category: 'Voluntary referral',
      summary: 'A detainee in Northtown custody suite was not checked as the care plan required.',
      people: [{ fullName: 'Jo Detained', involvement: 'Complainant' }],
    })
    const referral = new ReferralPage(page)
    assert.match(referral.path, /^\/referrals\/[0-9a-f-]{36}$/)
    assert.equal(await referral.heading(), 'Conduct matter from Northshire Police')
    await referral.expectAccessible()

    // Assess it: an independent investigation.
    await referral.assess({
      form: 'Independent investigation',
      rationale: 'The care of a detainee is a serious matter.',
      decidedOn: today,
    })
    assert.equal(referral.status, 200)
    const [determination] = await referral.determinations()
    assert.equal(determination?.[1], 'Independent investigation')
    await referral.expectAccessible()

    // Open the investigation with its team.
    await referral.openInvestigation()
    const newInvestigation = new NewInvestigationPage(page)
    assert.equal(newInvestigation.path, NewInvestigationPage.path)
    assert.equal(
      await newInvestigation.referralCheckbox(/Northshire Police, received/).isChecked(),
      true,
      'the referral is already chosen',
    )
    await newInvestigation.expectAccessible()
    await newInvestigation.open({
      title: 'Care of a detainee at Northtown',
      termsOfReference: 'To investigate the checks made on the detainee.',
      lead: lead.displayName,
      decisionMaker: decisionMaker.displayName,
      investigators: [investigator.displayName],
    })
    const overview = new InvestigationOverviewPage(page)
    const investigationId = overview.investigationId
    const reference = await overview.reference()
    assert.equal(await overview.heading(), 'Overview')
    assert.equal(await overview.identityFact('Status'), 'Assessed')
    assert.equal(await overview.identityFact('Form'), 'Independent investigation')
    assert.equal(await overview.identityFact('Lead investigator'), lead.displayName)
    assert.equal(await overview.nextDeadline(), 'None')
    await overview.expectAccessible()

    // Start it.
    await overview.changeStatus()
    const status = new ChangeStatusPage(page)
    assert.equal(await status.heading(), 'Change the status')
    await status.expectAccessible()
    await status.moveTo('Investigating')
    assert.equal(overview.path, `/investigations/${investigationId}`)
    assert.equal(await overview.identityFact('Status'), 'Investigating')

    // Add a subject: a police officer.
    await overview.openTab('Subjects')
    const subjects = new SubjectsPage(page)
    assert.equal(await subjects.heading(), 'Subjects')
    await subjects.expectAccessible()
    await subjects.addSubject()
    const addSubject = new AddSubjectPage(page)
    assert.equal(await addSubject.heading(), 'Add a subject')
    await addSubject.expectAccessible()
    await addSubject.addPoliceOfficer({
      givenName: 'Pat',
      familyName: 'Custody',
      warrantNumber,
      rank: 'Sergeant',
      roleAtTime: 'Custody sergeant',
    })
    const subject = new SubjectPage(page)
    assert.equal(await subject.heading(), 'Pat Custody')
    assert.equal(await subject.detail('Warrant (collar) or staff number'), warrantNumber)
    assert.equal(await subject.detail('Rank at the time'), 'Sergeant')
    await subject.expectAccessible()

    // An allegation, then its severity.
    await subject.addAllegation('Failed to carry out the checks the care plan required.', [
      'Duties and responsibilities',
    ])
    assert.equal(subject.status, 200)
    const [allegation] = await subject.allegations()
    assert.match(allegation ?? '', /Standards of Professional Behaviour: Duties and responsibilities/)
    await subject.assessSeverity('Gross misconduct', 'The failures put the detainee’s life at risk.', today)
    assert.equal(subject.status, 200)
    assert.equal(await subject.detail('Current severity'), 'Gross misconduct')
    await subject.expectAccessible()

    // The notice: generated as a PDF.
    await subject.generateNotice()
    assert.equal(subject.status, 200)
    const pdf = await page.request.get(await subject.latestNoticePdfHref())
    assert.equal(pdf.status(), 200)
    assert.equal(pdf.headers()['content-type'], 'application/pdf')
    assert.equal((await pdf.body()).subarray(0, 4).toString('latin1'), '%PDF')
    await subject.expectAccessible()

    // Served a few working days ago: the response is due 10 working days later.
    await subject.recordService(servedOn, 'Handed to the subject in person')
    assert.equal(subject.status, 200)
    assert.equal(await subject.responseDue(), responseDue)
    assert.equal(await subject.detail('Response to notice due'), responseDue)
    assert.equal(await subject.nextDeadline(), responseDue, 'the response is the next deadline in the identity bar')
    await subject.expectAccessible()
    await screenshot(page, 'investigation-subject')

    // The chronology: a missed opportunity needs its reason.
    await subject.openTab('Chronology')
    const chronology = new ChronologyPage(page)
    assert.equal(await chronology.heading(), 'Chronology')
    await chronology.expectAccessible()
    await chronology.addEvent()
    const eventForm = new EventFormPage(page)
    assert.equal(await eventForm.heading(), 'Add an event to the chronology')
    await eventForm.expectAccessible()
    const event = {
      occurredOn: addCalendarDays(today, -20),
      occurredTime: '02:30',
      kind: 'Underlying fact',
      title: 'Hourly check not made',
      missedOpportunity: true,
    }
    await eventForm.fill(event)
    await eventForm.submit()
    assert.equal(eventForm.status, 400)
    assert.deepEqual(await eventForm.errorSummaryItems(), ['Enter why this was a missed opportunity'])
    assert.equal(await eventForm.fieldError('missedOpportunityReason'), 'Enter why this was a missed opportunity')
    assert.equal(await page.getByLabel('What happened').inputValue(), event.title, 'what was typed is kept')
    await eventForm.expectAccessible()
    await eventForm.fill({
      ...event,
      missedOpportunityReason: 'The detainee was not roused as the care plan required.',
    })
    await eventForm.submit()
    assert.equal(chronology.path, `/investigations/${investigationId}/chronology`)
    const events = await chronology.events()
    assert.equal(events.length, 1)
    assert.equal(events[0]?.title, event.title)
    assert.equal(events[0]?.missedOpportunity, true)
    assert.match(events[0]?.text ?? '', /Why: The detainee was not roused/)
    await chronology.expectAccessible()

    // The evidence register: upload a document.
    await chronology.openTab('Evidence')
    const evidence = new EvidencePage(page)
    assert.equal(await evidence.heading(), 'Evidence')
    await evidence.expectAccessible()
    await evidence.uploadDocument()
    const upload = new UploadDocumentPage(page)
    assert.equal(await upload.heading(), 'Upload a document')
    await upload.expectAccessible()
    await upload.upload({
      exhibitReference: 'LOG/1',
      title: 'Custody record',
      description: 'The custody record for the night.',
      file: {
        name: 'custody-record.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('02:00 detainee asleep\n03:00 no check recorded\n'),
      },
    })
    const document = new DocumentPage(page)
    assert.equal(await document.heading(), 'Custody record')
    assert.match(await document.detail('File'), /^custody-record\.txt \(46 bytes, text\/plain/)
    await document.expectAccessible()
    await document.backToRegister()
    const rows = await evidence.rows()
    assert.equal(rows.length, 1)
    assert.deepEqual(
      { exhibit: rows[0]?.exhibit, title: rows[0]?.title, status: rows[0]?.status },
      { exhibit: 'LOG/1', title: 'Custody record', status: 'Current' },
    )
    assert.match(rows[0]?.file ?? '', /^custody-record\.txt/)

    // The case list finds it by the officer's warrant number.
    const list = await new InvestigationsPage(page).open()
    await list.search(warrantNumber)
    assert.deepEqual(await list.references(), [reference])
    await list.expectAccessible()

    // An investigator outside the team: not in their list, and refused the investigation.
    const outsiderPage = await harness.newPage()
    await signIn(outsiderPage, outsider)
    const outsiderList = await new InvestigationsPage(outsiderPage).open()
    assert.equal(await outsiderList.isEmpty(), true, 'the outsider sees no investigations')
    await outsiderList.search(warrantNumber)
    assert.equal(await outsiderList.isEmpty(), true, 'nor finds it by searching')
    await outsiderList.expectAccessible()
    for (const path of [`/investigations/${investigationId}`, `/investigations/${investigationId}/subjects`]) {
      await outsiderPage.goto(path)
      const refused = new ErrorPage(outsiderPage)
      assert.equal(refused.status, 403, path)
      assert.equal(await refused.heading(), 'You do not have access to this page')
      assert.doesNotMatch(
        await refused.body(),
        new RegExp(`${warrantNumber}|Care of a detainee|Pat Custody`),
        'nothing of the case on the page',
      )
      await refused.expectAccessible()
    }
  })

  test('two people revise the terms of reference from the same version: the second is told, and nothing is lost', async () => {
    const services = harness.server.services
    const person = (name: string, roles: Role[]) => contextFor(services, `${name}@conflict.candour.test`, roles)
    const team: Team = {
      lead: await person('lead', ['lead_investigator']),
      investigator: await person('investigator', ['investigator']),
      decisionMaker: await person('decider', ['decision_maker']),
      caseWorker: await person('case-worker', ['case_worker']),
      outsider: await person('outsider', ['investigator']),
    }
    const { investigation } = await openInvestigation(services, team)
    const leadUser = { email: 'lead@conflict.candour.test', password: TEST_PASSWORD }

    const first = await harness.newPage()
    const second = await harness.newPage()
    await Promise.all([signIn(first, leadUser), signIn(second, leadUser)])
    const firstForm = await new TermsOfReferencePage(first).open(investigation.id)
    const secondForm = await new TermsOfReferencePage(second).open(investigation.id)
    await firstForm.expectAccessible()

    await firstForm.save('First revision: the force’s response and the custody checks.')
    const overview = new InvestigationOverviewPage(first)
    assert.equal(overview.path, `/investigations/${investigation.id}`)
    assert.equal(await overview.termsOfReference(), 'First revision: the force’s response and the custody checks.')

    const secondText = 'Second revision, from the old version.'
    await secondForm.save(secondText)
    assert.equal(secondForm.status, 409)
    const [problem] = await secondForm.errorSummaryItems()
    assert.match(problem ?? '', /changed|reload|version/i)
    assert.equal(await secondForm.textField.inputValue(), secondText, 'the second person’s text is still in the form')
    const versions = await secondForm.versions()
    assert.equal(versions[0], 'Version 2 (current)', 'the first revision is shown as current')
    await secondForm.expectAccessible()

    // Saved again from the new version, it goes through, and both revisions are kept.
    await secondForm.open(investigation.id)
    await secondForm.save(secondText)
    assert.equal(secondForm.path, `/investigations/${investigation.id}`)
    const history = await new TermsOfReferencePage(second).open(investigation.id)
    assert.deepEqual((await history.versions()).slice(0, 3), ['Version 3 (current)', 'Version 2', 'Version 1'])
  })
})
