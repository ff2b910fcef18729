/**
 * Review: submitting the report, returning it with comments, approving it.
 */
import type { RequestContext } from '../context.js'
import { parseOrThrow } from '../validation.js'
import { ReturnInput } from './schemas.js'
import type { ReportKit } from './kit.js'

export function reviewUseCases(kit: ReportKit) {
  const { review } = kit
  return {
    submit: (investigationId: string, expectedVersion: number, ctx: RequestContext) =>
      review(ctx, investigationId, 'report:draft', expectedVersion, 'submitted', null),

    async returnWithComments(
      investigationId: string,
      input: { comments: string },
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const { comments } = parseOrThrow(ReturnInput, input)
      return review(ctx, investigationId, 'report:decide', expectedVersion, 'returned', comments)
    },

    /** Approves the current version; refused, naming each subject, while any subject lacks a determination. */
    approve: (investigationId: string, expectedVersion: number, ctx: RequestContext) =>
      review(ctx, investigationId, 'report:decide', expectedVersion, 'approved', null),
  }
}
