/** GET /api/v1/me: who the request is authenticated as. */
import { z } from 'zod'
import { defineOperation, type ApiModule } from '../operations.js'

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

export const meOperations: ApiModule = ({ app, registry }) => {
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/me',
    operationId: 'getCurrentUser',
    summary: 'The signed-in user',
    tags: ['Account'],
    access: 'account:manage-own',
    responses: { 200: { description: 'The user the request is authenticated as', schema: CurrentUserResponse } },
    async handler(_input, request) {
      return CurrentUserResponse.parse(request.currentSession!.user)
    },
  })
}
