/**
 * Interested persons: who they are, their consent to be kept informed, and each one's clock.
 */
import { uuidv7 } from 'uuidv7'
import * as repo from '../../data/repositories/interestedPersons.js'
import * as auditTrail from '../auditTrail.js'
import type { RequestContext } from '../context.js'
import { Conflict, ValidationFailed } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import {
  today,
  contactProblems,
  InterestedPersonInput,
  InterestedPersonChange,
  PERSON_FIELDS,
  REPRESENTATIVE_FIELDS,
  personView,
  type InterestedPersonInputType,
  type InterestedPersonChangeType,
  type PersonWithClock,
} from './schemas.js'
import type { FamilyKit } from './kit.js'

export function personUseCases(kit: FamilyKit) {
  const { db, rules, access, auditRead, clockOf, requirePerson, refreshDeadline } = kit
  return {
    rules,

    /** What the actor may do with the case's family records. */
    async permissions(investigationId: string, ctx: RequestContext) {
      const loaded = await access.require(db, ctx, investigationId, 'family:read')
      return {
        canContribute: access.may(ctx, 'family:contribute', loaded),
        canDecideTimeliness: access.may(ctx, 'timeliness:decide', loaded),
      }
    },

    // Interested persons -----------------------------------------------------------------------

    /** The case's interested persons, each with their keep-informed clock (as of `on`, default today). */
    async listPersons(
      investigationId: string,
      ctx: RequestContext,
      options: { on?: string } = {},
    ): Promise<PersonWithClock[]> {
      const { investigation } = await access.require(db, ctx, investigationId, 'family:read')
      const rows = await repo.personsOfInvestigation(db, investigationId)
      await auditRead(ctx, {
        action: 'interested-persons.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { fields: rows.length ? PERSON_FIELDS : [], count: rows.length },
      })
      const on = options.on ?? today()
      return rows.map((r) => ({ ...r, clock: clockOf(r, investigation, r.last_update_on, on) }))
    },

    async person(personId: string, ctx: RequestContext, options: { on?: string } = {}) {
      const { person, loaded } = await requirePerson(db, ctx, personId, 'family:read')
      const [representatives, updates, lastUpdateOn] = await Promise.all([
        repo.representativesOfPerson(db, person.id),
        repo.updatesOfPerson(db, person.id),
        repo.lastUpdateOf(db, person.id),
      ])
      await auditRead(ctx, {
        action: 'interested-person.read',
        entityType: 'interested_person',
        entityId: person.id,
        caseId: person.investigation_id,
        detail: { fields: [...PERSON_FIELDS, ...(representatives.length ? REPRESENTATIVE_FIELDS : [])] },
      })
      return {
        person: {
          ...person,
          last_update_on: lastUpdateOn,
          clock: clockOf(person, loaded.investigation, lastUpdateOn, options.on ?? today()),
        },
        representatives,
        updates,
        canContribute: access.may(ctx, 'family:contribute', loaded),
      }
    },

    async addPerson(investigationId: string, input: InterestedPersonInputType, ctx: RequestContext) {
      const data = parseOrThrow(InterestedPersonInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'family:contribute', { forUpdate: true })
        const person = await repo.insertPerson(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          full_name: data.fullName,
          kind: data.kind,
          relationship: data.relationship ?? null,
          consent_to_be_kept_informed: data.consentToBeKeptInformed,
          consent_recorded_on: data.consentRecordedOn ?? (data.consentToBeKeptInformed ? today() : null),
          became_interested_on: data.becameInterestedOn,
          preferred_channel: data.preferredChannel,
          email: data.email ?? null,
          phone: data.phone ?? null,
          postal_address: data.postalAddress ?? null,
          language: data.language ?? null,
          accessibility_needs: data.accessibilityNeeds ?? null,
        })
        await refreshDeadline(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'interested-person.added',
          entityType: 'interested_person',
          entityId: person.id,
          caseId: investigationId,
          detail: { after: personView(person) },
        })
        return person
      })
    },

    async updatePerson(
      personId: string,
      input: InterestedPersonChangeType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(InterestedPersonChange, input)
      return access.transaction(ctx, async (trx) => {
        const { person } = await requirePerson(trx, ctx, personId, 'family:contribute', { forUpdate: true })
        if (person.version !== expectedVersion) throw new Conflict()
        const changes: repo.PersonChanges = {}
        if (data.fullName !== undefined) changes.full_name = data.fullName
        if (data.kind !== undefined) changes.kind = data.kind
        if (data.relationship !== undefined) changes.relationship = data.relationship
        if (data.consentToBeKeptInformed !== undefined) {
          changes.consent_to_be_kept_informed = data.consentToBeKeptInformed
          if (
            data.consentToBeKeptInformed &&
            !person.consent_to_be_kept_informed &&
            data.consentRecordedOn === undefined
          )
            changes.consent_recorded_on = today()
        }
        if (data.consentRecordedOn !== undefined) changes.consent_recorded_on = data.consentRecordedOn
        if (data.becameInterestedOn !== undefined) changes.became_interested_on = data.becameInterestedOn
        if (data.preferredChannel !== undefined) changes.preferred_channel = data.preferredChannel
        if (data.email !== undefined) changes.email = data.email
        if (data.phone !== undefined) changes.phone = data.phone
        if (data.postalAddress !== undefined) changes.postal_address = data.postalAddress
        if (data.language !== undefined) changes.language = data.language
        if (data.accessibilityNeeds !== undefined) changes.accessibility_needs = data.accessibilityNeeds
        const problems = contactProblems({
          preferredChannel: changes.preferred_channel ?? person.preferred_channel,
          email: changes.email !== undefined ? changes.email : person.email,
          phone: changes.phone !== undefined ? changes.phone : person.phone,
          postalAddress: changes.postal_address !== undefined ? changes.postal_address : person.postal_address,
        })
        if (problems.length) throw new ValidationFailed(problems)
        const updated = await repo.updatePerson(trx, personId, changes, expectedVersion)
        if (!updated) throw new Conflict()
        await refreshDeadline(trx, person.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'interested-person.changed',
          entityType: 'interested_person',
          entityId: personId,
          caseId: person.investigation_id,
          detail: { before: personView(person), after: personView(updated) },
        })
        return updated
      })
    },

    // Representatives --------------------------------------------------------------------------
  }
}
