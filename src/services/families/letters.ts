/**
 * Letters generated from a keep-informed update, and their PDFs.
 */
import { uuidv7 } from 'uuidv7'
import * as repo from '../../data/repositories/interestedPersons.js'
import * as users from '../../data/repositories/users.js'
import * as auditTrail from '../auditTrail.js'
import { isUuid, requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { NotFound, ValidationFailed } from '../errors.js'
import { renderUpdateLetterPdf } from '../familyLetters.js'
import { today } from './schemas.js'
import type { FamilyKit } from './kit.js'

export function letterUseCases(kit: FamilyKit) {
  const { db, documentStore, access, auditRead } = kit
  return {
    /**
     * Generates the update as a letter (PDF) to one of its recipients (or their representative),
     * stores it by hash in the document store, and records it in `letters`.
     */
    async generateUpdateLetter(
      updateId: string,
      input: { interestedPersonId?: string | undefined },
      ctx: RequestContext,
    ) {
      const actor = requireActor(ctx)
      return access.transaction(ctx, async (trx) => {
        if (!isUuid(updateId)) throw new NotFound('The update')
        const update = await repo.findUpdate(trx, updateId)
        if (!update) throw new NotFound('The update')
        const { investigation } = await access.require(trx, ctx, update.investigation_id, 'family:contribute', {
          forUpdate: true,
        })
        const recipients = await repo.recipientsOfUpdates(trx, [update.id])
        const recipient = input.interestedPersonId
          ? recipients.find((r) => r.interested_person_id === input.interestedPersonId)
          : recipients[0]
        if (!recipient)
          throw new ValidationFailed([
            { path: 'interestedPersonId', message: 'Choose someone the update was given to' },
          ])
        const person = (await repo.findPerson(trx, recipient.interested_person_id))!
        const representative = recipient.representative_id
          ? await repo.findRepresentative(trx, recipient.representative_id)
          : undefined
        const signer = await users.findById(trx, actor.userId)
        const issuedOn = today()
        const pdf = await renderUpdateLetterPdf({
          reference: investigation.reference,
          title: investigation.title,
          addressee: representative
            ? `${representative.full_name}${representative.firm ? `, ${representative.firm}` : ''}`
            : person.full_name,
          onBehalfOf: representative ? person.full_name : null,
          postalAddress: representative ? null : person.postal_address,
          givenOn: update.given_on,
          summary: update.summary,
          coversProgress: update.covers_progress,
          coversProvisionalFindings: update.covers_provisional_findings,
          coversReportSubmitted: update.covers_report_submitted,
          withheld: update.withheld_under_harm_test,
          harmGround: update.harm_ground,
          signedBy: signer?.display_name ?? 'The investigation team',
          issuedOn,
        })
        const stored = await documentStore.put(pdf)
        const letter = await repo.insertLetter(trx, {
          id: uuidv7(),
          investigation_id: update.investigation_id,
          interested_person_id: person.id,
          kind: 'update_letter',
          sha256: stored.sha256,
          filename: `update-${investigation.reference.replace('/', '-')}-${issuedOn}-${uuidv7().slice(-6)}.pdf`,
          created_by: actor.userId,
        })
        await repo.setUpdateLetter(trx, update.id, stored.sha256)
        await auditTrail.record(trx, ctx, {
          action: 'letter.generated',
          entityType: 'letter',
          entityId: letter.id,
          caseId: update.investigation_id,
          detail: {
            updateId: update.id,
            interestedPersonId: person.id,
            after: { kind: 'update_letter', sha256: stored.sha256, sizeBytes: stored.size },
          },
        })
        return letter
      })
    },

    async listLetters(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'family:read')
      return repo.lettersOfInvestigation(db, investigationId)
    },

    /** A letter's PDF (audited: it holds a family's personal data). */
    async letterPdf(letterId: string, ctx: RequestContext) {
      requireActor(ctx)
      if (!isUuid(letterId)) throw new NotFound('The letter')
      const letter = await repo.findLetter(db, letterId)
      if (!letter) throw new NotFound('The letter')
      await access.require(
        db,
        ctx,
        letter.investigation_id,
        letter.kind === 'timeliness_notice' ? 'investigation:read-case-file' : 'family:read',
      )
      const bytes = await documentStore.get(letter.sha256)
      if (!bytes) throw new NotFound('The letter document')
      await auditRead(ctx, {
        action: 'letter.downloaded',
        entityType: 'letter',
        entityId: letter.id,
        caseId: letter.investigation_id,
        detail: { sha256: letter.sha256, fields: ['letter_pdf'] },
      })
      return { bytes, filename: letter.filename, letter }
    },

    // Meetings ---------------------------------------------------------------------------------
  }
}
