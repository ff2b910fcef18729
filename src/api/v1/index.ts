/**
 * The versioned JSON API. Each module declares its operations with defineOperation(), which
 * registers the route and records the operation; the OpenAPI document at /api/v1/openapi.json
 * is built from every recorded operation once all modules have registered.
 *
 * To add a module: write `export const xOperations: ApiModule = ({ app, registry, services }) => { … }`
 * beside this file and add it to API_MODULES.
 */
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services/index.js'
import { publicAccess } from '../../web/access.js'
import { ApiRegistry, type ApiModule } from '../operations.js'
import { actionOperations } from './actions.js'
import { decisionOperations } from './decisions.js'
import { witnessOperations } from './witnesses.js'
import { disclosureOperations } from './disclosure.js'
import { apiTokenOperations } from './apiTokens.js'
import { authorityOperations } from './authority.js'
import { chronologyOperations } from './chronology.js'
import { documentOperations } from './documents.js'
import { familyOperations } from './families.js'
import { investigationOperations } from './investigations.js'
import { meOperations } from './me.js'
import { outcomeOperations } from './outcomes.js'
import { exportOperations, officerOperations } from './officers.js'
import { importOperations } from './imports.js'
import { historicalCaseOperations } from './historicalCases.js'
import { portalOperations } from './portal.js'
import { proceedingOperations } from './proceedings.js'
import { publicationOperations } from './publications.js'
import { subjectOperations } from './subjects.js'
import { referenceDataOperations } from './referenceData.js'
import { reportOperations } from './reports.js'
import { webhookOperations } from './webhooks.js'

const API_MODULES: ApiModule[] = [
  meOperations,
  apiTokenOperations,
  investigationOperations,
  chronologyOperations,
  actionOperations,
  decisionOperations,
  witnessOperations,
  disclosureOperations,
  documentOperations,
  subjectOperations,
  officerOperations,
  historicalCaseOperations,
  exportOperations,
  importOperations,
  familyOperations,
  outcomeOperations,
  authorityOperations,
  webhookOperations,
  referenceDataOperations,
  reportOperations,
  proceedingOperations,
  publicationOperations,
  portalOperations,
]

export { CurrentUserResponse } from './me.js'

export default function apiV1Routes(services: Services, modules: readonly ApiModule[] = API_MODULES) {
  return async (app: FastifyInstance) => {
    const registry = new ApiRegistry()
    for (const module of modules) await module({ app, registry, services })

    app.get('/api/v1/openapi.json', { config: publicAccess }, async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').send(registry.document()),
    )
    // Built now, so a schema the generator cannot describe fails the start-up rather than a request.
    registry.document()
  }
}
