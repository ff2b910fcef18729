/**
 * Prevention of future deaths reports from a coroner, and the responses to them.
 */
import { uuidv7 } from 'uuidv7'
import { preventionOfFutureDeathsResponseDue } from '../../domain/ruleSet.js'
import * as repo from '../../data/repositories/linkedProceedings.js'
import * as auditTrail from '../auditTrail.js'
import { isUuid } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, NotFound, ValidationFailed } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import { PfdReportInput, PfdResponseInput, type PfdReportInputType, type PfdResponseInputType } from './schemas.js'
import type { LinkedProceedingKit } from './kit.js'

export function preventionOfFutureDeathsUseCases(kit: LinkedProceedingKit) {
  const { rules, access, requireProceeding, refreshDeadlines } = kit
  return {
    /** Records the coroner's report; the force's response is due 56 days after it was issued. */
    async addPfdReport(proceedingId: string, input: PfdReportInputType, ctx: RequestContext) {
      const data = parseOrThrow(PfdReportInput, input)
      return access.transaction(ctx, async (trx) => {
        const { proceeding, investigationIds, loaded } = await requireProceeding(
          trx,
          ctx,
          proceedingId,
          'linked-proceedings:manage',
          true,
        )
        if (proceeding.kind !== 'inquest')
          throw new ValidationFailed([
            { path: 'issuedOn', message: 'Only an inquest’s coroner issues a prevention of future deaths report' },
          ])
        const report = await repo.insertPfdReport(trx, {
          id: uuidv7(),
          proceeding_id: proceeding.id,
          issued_on: data.issuedOn,
          addressed_to: data.addressedTo,
          concerns: data.concerns,
          response_due_on: preventionOfFutureDeathsResponseDue(data.issuedOn, rules),
          response_received_on: null,
          response_summary: null,
        })
        await auditTrail.record(trx, ctx, {
          action: 'pfd-report.recorded',
          entityType: 'linked_proceeding',
          entityId: proceeding.id,
          caseId: loaded.investigation.id,
          detail: {
            after: {
              reportId: report.id,
              issuedOn: report.issued_on,
              addressedTo: report.addressed_to,
              responseDueOn: report.response_due_on,
            },
          },
        })
        await refreshDeadlines(trx, investigationIds)
        return report
      })
    },

    /** Records the force's response, stopping the 56-day clock. */
    async recordPfdResponse(
      reportId: string,
      input: PfdResponseInputType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(PfdResponseInput, input)
      return access.transaction(ctx, async (trx) => {
        if (!isUuid(reportId)) throw new NotFound('The prevention of future deaths report')
        const report = await repo.findPfdReportForUpdate(trx, reportId)
        if (!report) throw new NotFound('The prevention of future deaths report')
        const { investigationIds, loaded } = await requireProceeding(
          trx,
          ctx,
          report.proceeding_id,
          'linked-proceedings:manage',
          true,
        )
        if (report.version !== expectedVersion) throw new Conflict()
        if (data.receivedOn < report.issued_on)
          throw new ValidationFailed([
            { path: 'receivedOn', message: 'The response cannot be dated before the report was issued' },
          ])
        const updated = await repo.recordPfdResponse(
          trx,
          report.id,
          { response_received_on: data.receivedOn, response_summary: data.summary },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'pfd-report.responded',
          entityType: 'linked_proceeding',
          entityId: report.proceeding_id,
          caseId: loaded.investigation.id,
          detail: {
            before: { responseReceivedOn: report.response_received_on },
            after: { reportId: report.id, responseReceivedOn: data.receivedOn },
          },
        })
        await refreshDeadlines(trx, investigationIds)
        return updated
      })
    },
  }
}
