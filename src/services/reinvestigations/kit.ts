/**
 * What the re-investigation sub-journeys share: case access and the document store.
 */
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import * as repo from '../../data/repositories/reinvestigations.js'
import * as interestedPersons from '../../data/repositories/interestedPersons.js'
import type { Executor } from '../../data/database.js'
import type { Database } from '../../data/schema.js'
import { caseAccess, isUuid } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { NotFound } from '../errors.js'
import { investigationService } from '../investigations.js'
import { chronologyService } from '../chronology.js'
import { evidenceService } from '../evidence.js'
import type { DocumentStore } from '../storage/documentStore.js'

export function reinvestigationKit(db: Kysely<Database>, store: DocumentStore) {
  const access = caseAccess(db)
  const cases = investigationService(db)
  const chronology = chronologyService(db)
  const evidence = evidenceService(db, store)

  /** The investigation this one re-investigates, if the actor may read both case files. */
  async function requirePredecessor(investigationId: string, ctx: RequestContext) {
    const { investigation } = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
    if (!investigation.predecessor_investigation_id) return null
    const loaded = await access.require(
      db,
      ctx,
      investigation.predecessor_investigation_id,
      'investigation:read-case-file',
    )
    return loaded.investigation
  }

  async function requireProposal(executor: Executor, id: string, forUpdate: boolean) {
    if (!isUuid(id)) throw new NotFound('The re-investigation')
    const row = forUpdate ? await repo.findByIdForUpdate(executor, id) : await repo.findById(executor, id)
    if (!row) throw new NotFound('The re-investigation')
    return row
  }

  /** Makes each consenting interested person of the old case one of the new case, owed an update at once. */
  async function carryInterestedPersons(trx: Executor, fromId: string, toId: string, on: string) {
    const persons = (await interestedPersons.personsOfInvestigation(trx, fromId)).filter(
      (p) => p.consent_to_be_kept_informed,
    )
    const carried = []
    for (const p of persons) {
      carried.push(
        await interestedPersons.insertPerson(trx, {
          id: uuidv7(),
          investigation_id: toId,
          full_name: p.full_name,
          kind: p.kind,
          relationship: p.relationship,
          consent_to_be_kept_informed: true,
          consent_recorded_on: p.consent_recorded_on,
          became_interested_on: on,
          update_due_on: on,
          preferred_channel: p.preferred_channel,
          email: p.email,
          phone: p.phone,
          postal_address: p.postal_address,
          language: p.language,
          accessibility_needs: p.accessibility_needs,
        }),
      )
    }
    return carried
  }

  return { db, store, access, cases, chronology, evidence, requirePredecessor, requireProposal, carryInterestedPersons }
}

export type ReinvestigationKit = ReturnType<typeof reinvestigationKit>
