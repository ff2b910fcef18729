import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Conflict, Forbidden, ValidationFailed } from '../../src/services/errors.js'
import { evidenceService, type EvidenceService } from '../../src/services/evidence.js'
import { fileSystemDocumentStore } from '../../src/services/storage/fileSystemDocumentStore.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

const problemAt = (p: string) => (e: unknown) => e instanceof ValidationFailed && e.problems.some((x) => x.path === p)
const file = (text: string, filename = 'statement.txt', mediaType = 'text/plain') => ({
  bytes: Buffer.from(text),
  filename,
  mediaType,
})

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await filesUnder(full)))
    else out.push(entry.name)
  }
  return out
}

for (const kind of DATABASE_KINDS) {
  describe(`evidence register (${kind})`, () => {
    let t: TestApp
    let team: Team
    let dir: string
    let evidence: EvidenceService
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      dir = await mkdtemp(path.join(os.tmpdir(), 'candour-evidence-test-'))
      evidence = evidenceService(t.database.db, fileSystemDocumentStore(dir))
    })
    after(async () => {
      await t.close()
      await rm(dir, { recursive: true, force: true })
    })

    it('stores the bytes once per content, named by a SHA-256 that matches them', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const text = 'Statement of PC Example, 2 January 2025'
      const first = await evidence.upload(
        investigation.id,
        { exhibitReference: 'EX/1', title: 'Statement' },
        file(text, 'C:\\fakepath\\stmt "1".txt'),
        team.investigator,
      )
      const second = await evidence.upload(
        investigation.id,
        { exhibitReference: 'EX/2', title: 'Copy of statement' },
        file(text),
        team.lead,
      )
      const expected = createHash('sha256').update(text).digest('hex')
      assert.equal(first.sha256, expected)
      assert.equal(second.sha256, expected)
      assert.equal(first.size_bytes, Buffer.byteLength(text))
      assert.equal(first.original_filename, 'stmt 1.txt')
      assert.deepEqual(await filesUnder(dir), [expected])
      const { bytes } = await evidence.content(first.id, team.investigator)
      assert.equal(bytes.toString(), text)
      const downloads = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', first.id)
        .where('action', '=', 'document.downloaded')
        .execute()
      assert.equal(downloads.length, 1)
    })

    it('keeps exhibit references unique within an investigation', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const other = (await openInvestigation(t.services, team)).investigation
      await evidence.upload(
        investigation.id,
        { exhibitReference: 'CCTV-1', title: 'CCTV' },
        file('a'),
        team.investigator,
      )
      await assert.rejects(
        evidence.upload(
          investigation.id,
          { exhibitReference: 'cctv-1', title: 'CCTV again' },
          file('b'),
          team.investigator,
        ),
        problemAt('exhibitReference'),
      )
      await evidence.upload(other.id, { exhibitReference: 'CCTV-1', title: 'CCTV' }, file('a'), team.investigator)
      await assert.rejects(
        evidence.upload(investigation.id, { exhibitReference: 'CCTV-2', title: 'Empty' }, file(''), team.investigator),
        problemAt('file'),
      )
      await assert.rejects(
        evidence.upload(investigation.id, { exhibitReference: '', title: '' }, file('x'), team.investigator),
        problemAt('exhibitReference'),
      )
    })

    it('withdraws with a reason, keeps the document listed and its bytes, and detects a stale version', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const doc = await evidence.upload(
        investigation.id,
        { exhibitReference: 'EX/9', title: 'Log' },
        file('log'),
        team.investigator,
      )
      await assert.rejects(
        evidence.withdraw(doc.id, { reason: '' }, doc.version, team.investigator),
        problemAt('reason'),
      )
      const withdrawn = await evidence.withdraw(doc.id, { reason: 'Duplicate of EX/8' }, doc.version, team.investigator)
      assert.ok(withdrawn.withdrawn_at)
      assert.equal(withdrawn.withdrawn_reason, 'Duplicate of EX/8')
      await assert.rejects(evidence.withdraw(doc.id, { reason: 'Again' }, doc.version, team.lead), Conflict)
      const register = await evidence.register(investigation.id, team.lead)
      assert.deepEqual(
        register.items.map((d) => [d.id, d.withdrawn_at !== null]),
        [[doc.id, true]],
      )
      assert.equal((await evidence.content(doc.id, team.lead)).bytes.toString(), 'log')
      const rows = await t.database.db
        .selectFrom('documents')
        .select('id')
        .where('investigation_id', '=', investigation.id)
        .execute()
      assert.equal(rows.length, 1)
    })

    it('opens sealed evidence only to the lead investigator and the decision maker, auditing the refusal', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const sealed = await evidence.upload(
        investigation.id,
        { exhibitReference: 'S/1', title: 'Covert log', sealed: true },
        file('covert'),
        team.investigator,
      )
      await assert.rejects(evidence.content(sealed.id, team.investigator), Forbidden)
      assert.equal((await evidence.content(sealed.id, team.lead)).bytes.toString(), 'covert')
      assert.equal((await evidence.content(sealed.id, team.decisionMaker)).bytes.toString(), 'covert')
      const denied = await t.database.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'access.denied')
        .where('case_id', '=', investigation.id)
        .execute()
      assert.equal(denied.length, 1)
      assert.equal((denied[0]!.detail as { action: string }).action, 'evidence:read-sealed')
    })

    it('refuses a case worker and an outsider everything', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const doc = await evidence.upload(
        investigation.id,
        { exhibitReference: 'EX/1', title: 'Doc' },
        file('doc'),
        team.investigator,
      )
      for (const who of [team.caseWorker, team.outsider]) {
        await assert.rejects(evidence.register(investigation.id, who), Forbidden)
        await assert.rejects(evidence.get(doc.id, who), Forbidden)
        await assert.rejects(evidence.content(doc.id, who), Forbidden)
        await assert.rejects(
          evidence.upload(investigation.id, { exhibitReference: 'EX/2', title: 'X' }, file('x'), who),
          Forbidden,
        )
        await assert.rejects(evidence.withdraw(doc.id, { reason: 'x' }, doc.version, who), Forbidden)
        await assert.rejects(
          evidence.addCustodyEntry(doc.id, { occurredAt: new Date(), action: 'Moved' }, who),
          Forbidden,
        )
      }
    })

    it('records the chain of custody in the order things happened', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const doc = await evidence.upload(
        investigation.id,
        { exhibitReference: 'EX/1', title: 'Doc' },
        file('custody'),
        team.investigator,
      )
      await evidence.addCustodyEntry(
        doc.id,
        {
          occurredAt: new Date('2025-02-01T10:00:00Z'),
          action: 'Sent to lab',
          fromParty: 'DC Smith',
          toParty: 'Forensics',
        },
        team.investigator,
      )
      await evidence.addCustodyEntry(
        doc.id,
        { occurredAt: new Date('2025-01-01T10:00:00Z'), action: 'Seized', toParty: 'DC Smith' },
        team.investigator,
      )
      await assert.rejects(
        evidence.addCustodyEntry(
          doc.id,
          { occurredAt: new Date('2025-01-01T10:00:00Z'), action: '' },
          team.investigator,
        ),
        problemAt('action'),
      )
      const entries = await evidence.custodyEntries(doc.id, team.lead)
      assert.deepEqual(
        entries.map((e) => e.action),
        ['Seized', 'Sent to lab'],
      )
    })
  })
}
