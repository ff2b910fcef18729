/**
 * The caller's own personal API tokens: list, read, revoke. Tokens are created on the account
 * pages or with the CLI, never through the API: a token must not be able to mint another, and
 * an idempotent replay would otherwise have to store the secret.
 */
import { z } from 'zod'
import { API_TOKEN_SCOPES, type ApiTokenSummary } from '../../services/apiTokens.js'
import { defineOperation, type ApiModule } from '../operations.js'
import { pageOf } from '../pagination.js'

export const ApiTokenJson = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scopes: z.array(z.enum(API_TOKEN_SCOPES)),
    status: z.enum(['active', 'expired', 'revoked']),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable().meta({ description: 'Recorded to the minute' }),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiToken', description: 'A personal API token (never its secret)' })

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function apiTokenJson(token: ApiTokenSummary): z.output<typeof ApiTokenJson> {
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes,
    status: token.status,
    createdAt: token.createdAt.toISOString(),
    expiresAt: iso(token.expiresAt),
    lastUsedAt: iso(token.lastUsedAt),
    revokedAt: iso(token.revokedAt),
  }
}

const TokenParams = z.object({ id: z.uuid() })

export const apiTokenOperations: ApiModule = ({ app, registry, services }) => {
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/api-tokens',
    operationId: 'listApiTokens',
    summary: 'Your API tokens, newest first',
    tags: ['API tokens'],
    access: 'api-tokens:manage-own',
    responses: {
      200: { description: 'All your tokens (one page: a person holds only a few)', schema: pageOf(ApiTokenJson) },
    },
    async handler({ ctx }, request) {
      const tokens = await services.apiTokens.list(request.currentSession!.user.id, ctx)
      return { items: tokens.map(apiTokenJson), nextCursor: null }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/api-tokens/:id',
    operationId: 'getApiToken',
    summary: 'One of your API tokens',
    tags: ['API tokens'],
    access: 'api-tokens:manage-own',
    params: TokenParams,
    responses: { 200: { description: 'The token', schema: ApiTokenJson } },
    async handler({ params, ctx }) {
      return apiTokenJson(await services.apiTokens.get(params.id, ctx))
    },
  })

  defineOperation(app, registry, {
    method: 'delete',
    path: '/api/v1/api-tokens/:id',
    operationId: 'revokeApiToken',
    summary: 'Revoke one of your API tokens, at once (revoking it again changes nothing)',
    tags: ['API tokens'],
    access: 'api-tokens:manage-own',
    params: TokenParams,
    responses: { 204: { description: 'Revoked' } },
    async handler({ params, ctx }, _request, reply) {
      await services.apiTokens.revoke(params.id, ctx)
      return reply.code(204).send()
    },
  })
}
