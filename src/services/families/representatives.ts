/**
 * Representatives of interested persons (solicitors, advocates, family members).
 */
import { uuidv7 } from 'uuidv7'
import * as investigations from '../../data/repositories/investigations.js'
import * as repo from '../../data/repositories/interestedPersons.js'
import * as auditTrail from '../auditTrail.js'
import type { RequestContext } from '../context.js'
import { Conflict, ValidationFailed } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import {
  RepresentativeInput,
  RepresentativeChange,
  REPRESENTATIVE_FIELDS,
  type RepresentativeInputType,
  type RepresentativeChangeType,
} from './schemas.js'
import type { FamilyKit } from './kit.js'

export function representativeUseCases(kit: FamilyKit) {
  const { db, access, auditRead, requirePerson, requireRepresentative } = kit
  return {
    async listRepresentatives(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'family:read')
      const rows = await repo.representativesOfInvestigation(db, investigationId)
      await auditRead(ctx, {
        action: 'representatives.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { fields: rows.length ? REPRESENTATIVE_FIELDS : [], count: rows.length },
      })
      return rows
    },

    async representative(id: string, ctx: RequestContext) {
      const { representative } = await requireRepresentative(db, ctx, id, 'family:read')
      await auditRead(ctx, {
        action: 'representative.read',
        entityType: 'representative',
        entityId: id,
        caseId: representative.investigation_id,
        detail: { fields: REPRESENTATIVE_FIELDS },
      })
      return representative
    },

    /** Adds a representative; with options.investigationId the person must belong to that case. */
    async addRepresentative(
      personId: string,
      input: RepresentativeInputType,
      ctx: RequestContext,
      options: { investigationId?: string } = {},
    ) {
      const data = parseOrThrow(RepresentativeInput, input)
      return access.transaction(ctx, async (trx) => {
        const { person } = await requirePerson(trx, ctx, personId, 'family:contribute', { forUpdate: true })
        if (options.investigationId !== undefined && person.investigation_id !== options.investigationId) {
          throw new ValidationFailed([
            { path: 'interestedPersonId', message: 'Choose an interested person of this investigation' },
          ])
        }
        const representative = await repo.insertRepresentative(trx, {
          id: uuidv7(),
          investigation_id: person.investigation_id,
          interested_person_id: person.id,
          firm: data.firm ?? null,
          full_name: data.fullName,
          email: data.email ?? null,
          phone: data.phone ?? null,
          receives_updates: data.receivesUpdates,
        })
        await investigations.touch(trx, person.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'representative.added',
          entityType: 'representative',
          entityId: representative.id,
          caseId: person.investigation_id,
          detail: {
            interestedPersonId: person.id,
            after: {
              firm: representative.firm,
              fullName: representative.full_name,
              email: representative.email,
              phone: representative.phone,
              receivesUpdates: representative.receives_updates,
            },
          },
        })
        return representative
      })
    },

    async updateRepresentative(
      id: string,
      input: RepresentativeChangeType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(RepresentativeChange, input)
      return access.transaction(ctx, async (trx) => {
        const { representative } = await requireRepresentative(trx, ctx, id, 'family:contribute', { forUpdate: true })
        if (representative.version !== expectedVersion) throw new Conflict()
        const changes: repo.RepresentativeChanges = {}
        if (data.firm !== undefined) changes.firm = data.firm
        if (data.fullName !== undefined) changes.full_name = data.fullName
        if (data.email !== undefined) changes.email = data.email
        if (data.phone !== undefined) changes.phone = data.phone
        if (data.receivesUpdates !== undefined) changes.receives_updates = data.receivesUpdates
        const updated = await repo.updateRepresentative(trx, id, changes, expectedVersion)
        if (!updated) throw new Conflict()
        await investigations.touch(trx, representative.investigation_id)
        const view = (r: typeof representative) => ({
          firm: r.firm,
          fullName: r.full_name,
          email: r.email,
          phone: r.phone,
          receivesUpdates: r.receives_updates,
        })
        await auditTrail.record(trx, ctx, {
          action: 'representative.changed',
          entityType: 'representative',
          entityId: id,
          caseId: representative.investigation_id,
          detail: { before: view(representative), after: view(updated) },
        })
        return updated
      })
    },

    // Keep-informed updates --------------------------------------------------------------------
  }
}
