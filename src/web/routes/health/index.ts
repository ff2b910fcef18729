import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../services/index.js'
import { publicAccess } from '../../access.js'
import { paths } from '../../paths.js'

/** For load balancers: 200 when the database answers and the schema is current, 503 otherwise. */
export default function healthRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(paths.health(), { config: publicAccess, logLevel: 'warn' }, async (_request, reply) => {
      const report = await services.health.check()
      return reply
        .code(report.status === 'UP' ? 200 : 503)
        .header('cache-control', 'no-store')
        .send(report)
    })
  }
}
