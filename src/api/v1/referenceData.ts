/**
 * Reference data an integrator needs to fill in ids: the organisations (the oversight body and
 * the forces, with their codes) and the people involved in a case (named in its referrals), whose
 * ids a linked inquest's involvedPersonIds take.
 */
import { z } from 'zod'
import { INVOLVED_PERSON_ROLES } from '../../domain/involvedPeople.js'
import type { InvolvedPersonTable } from '../../data/schema.js'
import type { Selectable } from 'kysely'
import { defineOperation } from '../operations.js'
import { pageOf } from '../pagination.js'
import type { ApiModule } from '../operations.js'

const Organisation = z
  .object({
    id: z.uuid(),
    code: z.string().meta({ description: 'A short code, e.g. NORTHSHIRE' }),
    name: z.string(),
    kind: z.enum(['oversight_body', 'police_force']),
  })
  .meta({ id: 'Organisation', description: 'The oversight body or a police force' })

const plainDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: 'A date, YYYY-MM-DD (Europe/London)' })

const InvolvedPerson = z
  .object({
    id: z.uuid().meta({ description: 'Use in a linked inquest’s involvedPersonIds' }),
    referralId: z.uuid(),
    role: z.enum(INVOLVED_PERSON_ROLES),
    fullName: z.string(),
    dateOfBirth: plainDate.nullable(),
    dateOfDeath: plainDate.nullable(),
    placeOfDeath: z.string().nullable(),
  })
  .meta({ id: 'InvolvedPerson', description: 'A person named in a referral, and how they were involved' })

const personJson = (p: Selectable<InvolvedPersonTable>): z.output<typeof InvolvedPerson> => ({
  id: p.id,
  referralId: p.referral_id,
  role: p.role,
  fullName: p.full_name,
  dateOfBirth: p.date_of_birth,
  dateOfDeath: p.date_of_death,
  placeOfDeath: p.place_of_death,
})

const IdParams = z.object({ id: z.uuid() })

export const referenceDataOperations: ApiModule = ({ app, registry, services }) => {
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/organisations',
    operationId: 'listOrganisations',
    summary: 'The oversight body and the police forces, with their codes (one page: there are few)',
    tags: ['Reference data'],
    access: 'service:home',
    responses: { 200: { description: 'Every organisation, by name', schema: pageOf(Organisation) } },
    async handler(_input, _request, reply) {
      reply.header('cache-control', 'private, max-age=300')
      const rows = await services.organisations.list()
      return {
        items: rows
          .map((o) => ({ id: o.id, code: o.code, name: o.name, kind: o.kind }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        nextCursor: null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/involved-people',
    operationId: 'listInvestigationInvolvedPeople',
    summary: 'The people named in the investigation’s referrals (one page); audited',
    tags: ['Investigations'],
    access: 'investigation:read',
    params: IdParams,
    responses: { 200: { description: 'Every involved person', schema: pageOf(InvolvedPerson) } },
    async handler({ params, ctx }) {
      const { people } = await services.investigations.overview(params.id, ctx)
      return { items: people.map(personJson), nextCursor: null }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/referrals/:id/involved-people',
    operationId: 'listReferralInvolvedPeople',
    summary: 'The people named in a referral (one page); audited',
    tags: ['Referrals'],
    access: 'referrals:record',
    params: IdParams,
    responses: { 200: { description: 'Every involved person', schema: pageOf(InvolvedPerson) } },
    async handler({ params, ctx }) {
      const { people } = await services.investigations.referral(params.id, ctx)
      return { items: people.map(personJson), nextCursor: null }
    },
  })
}
