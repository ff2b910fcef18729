/**
 * Referrals: recording one (with the people involved), the referrals awaiting an investigation,
 * and assessing one (the form of investigation; re-determinations are kept as history).
 */
import type { FastifyInstance } from 'fastify'
import { INVOLVED_PERSON_ROLES, INVOLVED_PERSON_ROLE_LABELS } from '../../../domain/involvedPeople.js'
import {
  CURRENT_INVESTIGATION_FORMS,
  INVESTIGATION_FORM_LABELS,
  MATTER_TYPE_LABELS,
  MATTER_TYPES,
  REFERRAL_CATEGORIES,
  REFERRAL_CATEGORY_LABELS,
} from '../../../domain/vocabulary.js'
import { ValidationFailed, type FieldProblem } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { partsOf, readDates } from '../../dates.js'
import { formErrors, parseForm } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import {
  ASSESSMENT_DATES,
  AssessmentForm,
  PERSON_ROWS,
  PersonRow,
  personDateOfDeath,
  REFERRAL_DATES,
  ReferralForm,
} from './referralsValidation.js'

const labels = {
  matterType: MATTER_TYPE_LABELS,
  category: REFERRAL_CATEGORY_LABELS,
  form: INVESTIGATION_FORM_LABELS,
  personRole: INVOLVED_PERSON_ROLE_LABELS,
}

function problemsToErrors(problems: FieldProblem[]) {
  return formErrors(problems, {
    receivedOn: 'receivedOn-day',
    cameToAttentionOn: 'cameToAttentionOn-day',
    decidedOn: 'decidedOn-day',
  })
}

export default function referralRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const formOptions = async () => {
      const organisations = await services.organisations.listChoosable()
      return {
        forces: organisations.filter((o) => o.kind === 'police_force'),
        matterTypes: MATTER_TYPES.map((v) => ({ value: v, text: MATTER_TYPE_LABELS[v] })),
        categories: REFERRAL_CATEGORIES.map((v) => ({ value: v, text: REFERRAL_CATEGORY_LABELS[v] })),
        personRoles: INVOLVED_PERSON_ROLES.map((v) => ({ value: v, text: INVOLVED_PERSON_ROLE_LABELS[v] })),
        personRows: Array.from({ length: PERSON_ROWS }, (_, i) => i),
        labels,
      }
    }

    app.get(paths.referrals(), { config: requires('referrals:record') }, async (request, reply) => {
      const referrals = await services.investigations.unassignedReferrals(contextOf(request), { limit: 100 })
      return reply.render('referrals/list.njk', { referrals, labels })
    })

    app.get(paths.referralNew(), { config: requires('referrals:record') }, async (_request, reply) => {
      return reply.render('referrals/new.njk', { ...(await formOptions()), values: {} })
    })

    app.post(
      paths.referralNew(),
      { config: { ...requires('referrals:record'), confirms: 'The referral has been recorded' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>
        const rerender = async (problems: FieldProblem[]) =>
          reply.code(400).render('referrals/new.njk', {
            ...(await formOptions()),
            values: body,
            errors: problemsToErrors(problems),
            parts: datePartsOf(body),
          })
        const form = ReferralForm.safeParse(body)
        const problems: FieldProblem[] = form.success
          ? []
          : form.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
        const dates = readDates(body, REFERRAL_DATES)
        problems.push(...dates.problems)
        const people = []
        for (let n = 0; n < PERSON_ROWS; n++) {
          const raw = {
            role: body[`person-${n}-role`] ?? '',
            fullName: body[`person-${n}-fullName`] ?? '',
            placeOfDeath: body[`person-${n}-placeOfDeath`] ?? '',
          }
          const death = readDates(body, [personDateOfDeath(n)])
          const empty =
            !String(raw.role).trim() &&
            !String(raw.fullName).trim() &&
            !String(raw.placeOfDeath).trim() &&
            !Object.values(partsOf(body, `person-${n}-dateOfDeath`)).some(Boolean)
          if (empty) continue
          const person = PersonRow.safeParse(raw)
          if (!person.success)
            problems.push(
              ...person.error.issues.map((i) => ({
                path: `person-${n}-${String(i.path[0])}`,
                message: `Person ${n + 1}: ${i.message}`,
              })),
            )
          problems.push(
            ...death.problems.map((p) => ({ path: `${p.path}-day`, message: `Person ${n + 1}: ${p.message}` })),
          )
          if (person.success && death.problems.length === 0) {
            people.push({
              ...person.data,
              placeOfDeath: person.data.placeOfDeath || undefined,
              dateOfDeath: death.values[`person-${n}-dateOfDeath`],
            })
          }
        }
        if (!form.success || problems.length) return rerender(problems)
        try {
          const referral = await services.investigations.recordReferral(
            {
              ...form.data,
              receivedOn: dates.values.receivedOn!,
              cameToAttentionOn: dates.values.cameToAttentionOn,
              people,
            },
            contextOf(request),
          )
          return reply.redirect(paths.referral(referral.id), 303)
        } catch (error) {
          if (error instanceof ValidationFailed) return rerender(error.problems)
          throw error
        }
      },
    )

    app.get<{ Params: { id: string } }>(
      `${paths.referrals()}/:id`,
      { config: requires('referrals:record') },
      async (request, reply) => {
        const detail = await services.investigations.referral(request.params.id, contextOf(request))
        return reply.render('referrals/show.njk', { ...detail, labels, formItems: assessmentItems(), values: {} })
      },
    )

    app.post<{ Params: { id: string } }>(
      `${paths.referrals()}/:id/assessment`,
      { config: { ...requires('investigation:assess'), confirms: 'The assessment has been recorded' } },
      async (request, reply) => {
        const ctx = contextOf(request)
        const body = (request.body ?? {}) as Record<string, unknown>
        const rerender = async (problems: FieldProblem[]) => {
          const detail = await services.investigations.referral(request.params.id, ctx)
          return reply.code(400).render('referrals/show.njk', {
            ...detail,
            labels,
            formItems: assessmentItems(body.form),
            values: body,
            errors: problemsToErrors(problems),
            parts: datePartsOf(body),
          })
        }
        const form = parseForm(AssessmentForm, body)
        const dates = readDates(body, ASSESSMENT_DATES)
        if (!form.ok || dates.problems.length) {
          const problems = [
            ...(form.ok ? [] : form.errors.summary.map((s) => ({ path: s.href.slice(1), message: s.text }))),
            ...dates.problems,
          ]
          return rerender(problems)
        }
        try {
          await services.investigations.assess(
            request.params.id,
            { ...form.data, decidedOn: dates.values.decidedOn! },
            ctx,
          )
        } catch (error) {
          if (error instanceof ValidationFailed) return rerender(error.problems)
          throw error
        }
        return reply.redirect(paths.referral(request.params.id), 303)
      },
    )
  }
}

function assessmentItems(selected?: unknown) {
  return CURRENT_INVESTIGATION_FORMS.map((f) => ({
    value: f,
    text: INVESTIGATION_FORM_LABELS[f],
    checked: f === selected,
  }))
}

/** Every date input's parts, so a re-rendered form shows what was typed. */
function datePartsOf(body: Record<string, unknown>) {
  const names = new Set(
    Object.keys(body)
      .filter((k) => /-(day|month|year)$/.test(k))
      .map((k) => k.replace(/-(day|month|year)$/, '')),
  )
  return Object.fromEntries([...names].map((n) => [n, partsOf(body, n)]))
}
