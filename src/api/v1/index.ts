/**
 * The versioned JSON API. Each operation is described once with zod schemas, which validate
 * the request and generate the OpenAPI document served at /api/v1/openapi.json.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Services } from '../../services/index.js'
import { publicAccess, requires } from '../../web/access.js'
import { buildOpenApiDocument, type ApiOperation } from './openapi.js'

export const CurrentUserResponse = z
  .object({
    id: z.uuid(),
    email: z.email(),
    displayName: z.string(),
    roles: z.array(z.string()),
    organisationId: z.uuid(),
    secondFactorEnabled: z.boolean(),
  })
  .meta({ id: 'CurrentUser' })

export const operations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/me',
    operationId: 'getCurrentUser',
    summary: 'The signed-in user',
    tags: ['Account'],
    responses: { 200: { description: 'The user the request is authenticated as', schema: CurrentUserResponse } },
  },
]

export default function apiV1Routes(_services: Services) {
  return async (app: FastifyInstance) => {
    const document = buildOpenApiDocument(operations)
    app.get('/api/v1/openapi.json', { config: publicAccess }, async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').send(document),
    )

    app.get('/api/v1/me', { config: requires('account:manage-own') }, async (request) => {
      const { user } = request.currentSession!
      return CurrentUserResponse.parse(user)
    })
  }
}
