/**
 * The investigation's lifecycle: the facts its rules need, the moves open now, and making one.
 */
import type { Kysely } from 'kysely'
import { londonDateOf } from '../../domain/calendar.js'
import {
  INVESTIGATION_STATUS_LABELS,
  INVESTIGATION_STATUSES,
  INVESTIGATION_TRANSITIONS,
  isInvestigationStatus,
  manualTransition,
  statusAfterReportStep,
  type InvestigationFacts,
  type ReportStep,
} from '../../domain/investigationLifecycle.js'
import { isSubjectStatus } from '../../domain/subjectLifecycle.js'
import { isInvestigationForm } from '../../domain/vocabulary.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as outcomes from '../../data/repositories/outcomes.js'
import type { Database } from '../../data/schema.js'
import * as auditTrail from '../auditTrail.js'
import { type InvestigationRow } from '../caseAccess.js'
import { reportFacts } from '../reportFacts.js'
import type { RequestContext } from '../context.js'
import { Conflict, InvalidTransition, ValidationFailed } from '../errors.js'
import { reopeningFacts } from './schemas.js'
import type { InvestigationKit } from './kit.js'

export function lifecycleUseCases(kit: InvestigationKit) {
  const { db, access } = kit
  return {
    /**
     * The facts the lifecycle guards need, gathered from the case's records. Reports and the
     * appropriate authority's response arrive with the report capability; until then they are
     * recorded as absent, so the guards that need them refuse with a clear reason.
     */
    async lifecycleFacts(
      executor: Kysely<Database>,
      investigation: InvestigationRow,
      input: { reason?: string } = {},
    ): Promise<InvestigationFacts> {
      const [terms, subjectRows, authorityResponded, report] = await Promise.all([
        investigations.latestTermsOfReference(executor, investigation.id),
        investigations.subjectStatuses(executor, investigation.id),
        outcomes.authorityHasResponded(executor, investigation.id, investigation.force_id),
        reportFacts(executor, investigation.id),
      ])
      const knownSubjects = subjectRows.filter((r) => isSubjectStatus(r.status))
      const status = isInvestigationStatus(investigation.status) ? investigation.status : 'assessed'
      return {
        status,
        form: investigation.form && isInvestigationForm(investigation.form) ? investigation.form : null,
        hasLeadInvestigator: investigation.lead_investigator_id !== null,
        hasTermsOfReference: terms !== undefined,
        hasDecisionMaker: investigation.decision_maker_id !== null,
        hasDraftReport: report.hasDraftReport,
        reportApproved: report.reportApproved,
        subjectStatuses: knownSubjects.map((r) => r.status).filter(isSubjectStatus),
        subjectSeverities: knownSubjects.map((r) => r.severity ?? null),
        subjectNames: knownSubjects.map((r) => `${r.given_name} ${r.family_name}`),
        appropriateAuthorityResponded: authorityResponded,
        statusBeforeSuspension:
          investigation.status_before_suspension && isInvestigationStatus(investigation.status_before_suspension)
            ? investigation.status_before_suspension
            : null,
        hasSuspensionReason: Boolean(input.reason?.trim()),
        discontinued: Boolean(input.reason?.trim()),
        ...(await reopeningFacts(executor, investigation)),
      }
    },

    /** Where the investigation may go next, and for every other status what is missing. */
    async lifecycleOptions(investigationId: string, ctx: RequestContext) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read')
      const { investigation } = loaded
      const facts = await this.lifecycleFacts(db, investigation, { reason: 'x' })
      // What is missing names subjects ("PC Jo Bloggs (AB12) has no opinion yet"): only those who
      // may see the case file see it; others (a case worker) learn how many conditions are unmet.
      const seesSubjects = access.may(ctx, 'investigation:read-case-file', loaded)
      const described = (missing: string[]) =>
        seesSubjects || !missing.length
          ? missing
          : [
              `${missing.length} condition${missing.length === 1 ? ' is' : 's are'} not met yet; the lead investigator can see which`,
            ]
      return INVESTIGATION_STATUSES.filter(
        (to) => to !== facts.status && INVESTIGATION_TRANSITIONS[facts.status].includes(to),
      ).map((to) => {
        const result = manualTransition(facts, to)
        return {
          status: to,
          label: INVESTIGATION_STATUS_LABELS[to],
          allowed: result.ok,
          missing: result.ok ? [] : described(result.missing),
        }
      })
    },

    /**
     * Moves the investigation through its lifecycle. The domain's guard decides; a refusal names
     * every missing precondition. Suspending and closing early need a recorded reason.
     */
    async changeStatus(
      investigationId: string,
      to: string,
      input: { reason?: string },
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      if (!isInvestigationStatus(to))
        throw new ValidationFailed([{ path: 'status', message: 'Choose a status from the list' }])
      const reason = input.reason?.trim().slice(0, 5000)
      return access.transaction(ctx, async (trx) => {
        const { investigation } = await access.require(trx, ctx, investigationId, 'investigation:manage', {
          forUpdate: true,
          // Leaving 'closed' (re-opening in place) is the lifecycle's to decide, by its guard.
          freeze: { leavingFrozenStatus: to === 'reopened' },
        })
        if (investigation.version !== expectedVersion) throw new Conflict()
        const facts = await this.lifecycleFacts(trx, investigation, reason ? { reason } : {})
        // The moves between the report stages belong to the report's workflow (followReport).
        const result = manualTransition(facts, to)
        if (!result.ok) throw new InvalidTransition(result.missing.join('. ') + '.')
        const changes: investigations.InvestigationChanges = { status: to }
        if (to === 'suspended') changes.status_before_suspension = facts.status
        if (facts.status === 'suspended') changes.status_before_suspension = null
        if (to === 'closed') changes.closed_on = londonDateOf(new Date())
        const updated = await investigations.update(trx, investigationId, changes, expectedVersion)
        if (!updated) throw new Conflict()
        await investigations.refreshNextDeadline(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'investigation.status-changed',
          entityType: 'investigation',
          entityId: investigationId,
          caseId: investigationId,
          detail: { before: { status: facts.status }, after: { status: to }, ...(reason ? { reason } : {}) },
        })
        return updated
      })
    },

    /**
     * Moves the case as a step of the report's workflow says (submitted → with the decision maker,
     * returned → drafting, approved → ready to send, sent → with the appropriate authority), inside
     * the caller's transaction and after the report step is written, so the guards see it. Refused
     * (and so the whole step rolled back) when the case is elsewhere or a guard fails. Audited as a
     * status change naming the report step that caused it.
     */
    async followReport(trx: Kysely<Database>, ctx: RequestContext, investigationId: string, step: ReportStep) {
      const investigation = await investigations.findById(trx, investigationId)
      if (!investigation) throw new InvalidTransition('The investigation no longer exists.')
      const facts = await this.lifecycleFacts(trx, investigation)
      const result = statusAfterReportStep(facts, step)
      if (!result.ok) throw new InvalidTransition(result.missing.join('. ') + '.')
      const updated = await investigations.update(trx, investigationId, { status: result.to })
      if (!updated) throw new Conflict()
      await investigations.refreshNextDeadline(trx, investigationId)
      await auditTrail.record(trx, ctx, {
        action: 'investigation.status-changed',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { before: { status: facts.status }, after: { status: result.to }, byReportStep: step },
      })
      return updated
    },
  }
}
