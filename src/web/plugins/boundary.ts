/**
 * The first check on every request, pages and API alike, before any route's own validation:
 * query string, route parameters and parsed bodies (forms and JSON) must hold only storable text
 * and 32-bit numbers (src/domain/inputBounds.ts). Anything else is refused naming the field — a
 * 422 problem+json in the API, a 400 page with the GOV.UK error summary — and nothing is read or
 * written. This makes "a NUL byte reaches PostgreSQL and becomes a 500" impossible for any route,
 * including ones added later.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { hostileValueProblems } from '../../domain/inputBounds.js'
import { NotFound, ValidationFailed } from '../../services/errors.js'
import { isUuid } from '../../services/caseAccess.js'
import { isApiRequest } from '../../http/problem.js'

/** Route parameters that name a record: "id", "subjectId", "documentId" … */
const ID_PARAM = /^(?:id|[a-z][A-Za-z]*Id)$/

/** Refused at the boundary: the API answers 422, pages 400. */
export class InputRejected extends ValidationFailed {}

async function boundaryPlugin(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const api = isApiRequest(request.url)
    const problems: { path: string; message: string }[] = []
    const sources: [string, unknown][] = [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ]
    for (const [where, value] of sources) {
      for (const [path, message] of hostileValueProblems(value)) {
        // The API names where the field was ("query.q"); a page names the field as its form does.
        const field = api ? [where, path].filter(Boolean).join('.') : path || where
        problems.push({ path: field, message: `${field} ${message}` })
      }
    }
    if (problems.length) throw new InputRejected(problems, 'The request contains a value Candour cannot accept')
    // Every record is named by a UUID, and an id that is not one never reaches a query as a value
    // the database cannot read. A page's address then names nothing (404); the API says which
    // parameter is wrong (422 naming "params.id"), as its contract promises.
    const params = (request.params ?? {}) as Record<string, unknown>
    const malformed = Object.entries(params).filter(
      ([name, value]) => ID_PARAM.test(name) && (typeof value !== 'string' || !isUuid(value)),
    )
    if (!malformed.length) return
    if (!api) throw new NotFound('That record')
    throw new InputRejected(
      malformed.map(([name]) => ({ path: `params.${name}`, message: `params.${name} must be a UUID` })),
      'The request names a record by something that is not an id',
    )
  })
}

export default fp(boundaryPlugin, { name: 'candour-input-boundary' })
