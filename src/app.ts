/**
 * Builds the web application as an explicit, ordered chain (after hmpps-template-typescript):
 * health, security headers, parsing, static assets, views and CSRF, session, authorisation,
 * errors, then the journeys. Nothing here holds state that matters between requests: sessions
 * and everything else live in the database, so several instances can serve one database.
 */
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import helmet from '@fastify/helmet'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance, type FastifyReply, type onSendHookHandler, type RouteOptions } from 'fastify'
import type { Config } from './config.js'
import { loggerOptions } from './logger.js'
import type { Services } from './services/index.js'
import apiV1Routes from './api/v1/index.js'
import { isApiRequest, problemTypes, sendProblem } from './http/problem.js'
import bearerAuth from './api/plugins/bearerAuth.js'
import idempotency from './api/plugins/idempotency.js'
import { govukFrontendDist, mojFrontendRoot, webRoot } from './web/frontendPackages.js'
import authorisation from './web/plugins/authorisation.js'
import confirmation from './web/plugins/confirmation.js'
import csrf from './web/plugins/csrf.js'
import errors from './web/plugins/errors.js'
import boundary from './web/plugins/boundary.js'
import render from './web/plugins/render.js'
import session from './web/plugins/session.js'
import accountRoutes from './web/routes/account/index.js'
import adminAuditRoutes from './web/routes/adminAudit/index.js'
import adminUserRoutes from './web/routes/adminUsers/index.js'
import apiTokenRoutes from './web/routes/apiTokens/index.js'
import healthRoutes from './web/routes/health/index.js'
import chronologyRoutes from './web/routes/chronology/index.js'
import actionRoutes from './web/routes/actions/index.js'
import decisionRoutes from './web/routes/decisions/index.js'
import witnessRoutes from './web/routes/witnesses/index.js'
import disclosureRoutes from './web/routes/disclosure/index.js'
import evidenceRoutes from './web/routes/evidence/index.js'
import familyRoutes from './web/routes/families/index.js'
import homeRoutes from './web/routes/home/index.js'
import myWorkRoutes from './web/routes/myWork/index.js'
import investigationRoutes from './web/routes/investigations/index.js'
import referralRoutes from './web/routes/referrals/index.js'
import signInRoutes from './web/routes/signIn/index.js'
import adminOutboxRoutes from './web/routes/adminOutbox/index.js'
import adminImportRoutes from './web/routes/adminImports/index.js'
import historicalCaseRoutes from './web/routes/historicalCases/index.js'
import calendarFeedRoutes from './web/routes/calendarFeeds/index.js'
import caseInvitationRoutes from './web/routes/caseInvitations/index.js'
import portalRoutes from './web/routes/portal/index.js'
import subjectRoutes from './web/routes/subjects/index.js'
import officerRoutes from './web/routes/officers/index.js'
import statisticsRoutes from './web/routes/statistics/index.js'
import outcomeRoutes from './web/routes/outcomes/index.js'
import proceedingRoutes from './web/routes/proceedings/index.js'
import reportRoutes from './web/routes/reports/index.js'
import publicationRoutes from './web/routes/publications/index.js'
import { createViewEnvironment } from './web/views.js'

/** Every powerful browser feature off (Permissions-Policy): Candour's pages use none of them. */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ')

export type AppConfig = Pick<Config, 'isProduction' | 'sessionSecret' | 'session' | 'logLevel' | 'env'> &
  Partial<Pick<Config, 'feedbackEmail' | 'trustProxy'>>

/** A hop count trusts that many proxies nearest the server; addresses and `true` are Fastify's own. */
function trustProxyOption(value: boolean | number | string) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value
}

export interface BuildAppOptions {
  /** Called for every route as it is registered (the route-walk test lists them with this). */
  onRoute?: (route: RouteOptions) => void
  /** Sees every response before it is sent (the tests check each API problem against the contract with it). */
  onSend?: onSendHookHandler
}

export async function buildApp(
  config: AppConfig,
  services: Services,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const views = createViewEnvironment({ feedbackEmail: config.feedbackEmail })
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    // The client address the attempt throttle counts (ADR 0026): behind a proxy, the one it forwards.
    trustProxy: trustProxyOption(config.trustProxy ?? false),
    // An address the router cannot read (bad percent-encoding, a parameter too long) gets the same
    // answers as any other refusal: problem+json for the API, a GOV.UK page for people.
    frameworkErrors: (error, request, reply) => {
      const status: 400 | 414 = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400
      const detail = 'The address of the page is not valid. Check it and try again.'
      if (isApiRequest(request.url))
        // eslint-disable-next-line no-restricted-syntax -- frameworkErrors is given Fastify's raw-server reply type, which is the same object as FastifyReply at run time
        return sendProblem(reply as unknown as FastifyReply, {
          type: problemTypes.malformed,
          title: 'Malformed request',
          status,
          detail,
        })
      const html = views.render('pages/error.njk', {
        title: 'Page address not valid',
        detail,
        currentUser: null,
        navigation: [],
        csrfToken: '',
        requestId: String(request.id),
      })
      // eslint-disable-next-line no-restricted-syntax -- frameworkErrors is given Fastify's raw-server reply type, which is the same object as FastifyReply at run time
      return (reply as unknown as FastifyReply)
        .code(status)
        .headers({
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
          'x-content-type-options': 'nosniff',
          'permissions-policy': PERMISSIONS_POLICY,
          'cache-control': 'no-store',
        })
        .send(html)
    },
    genReqId: () => randomUUID(),
    // Forms and JSON bodies are small; documents arrive through their own multipart routes.
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  })

  if (options.onRoute) app.addHook('onRoute', options.onRoute)
  if (options.onSend) app.addHook('onSend', options.onSend)

  // 1. Security headers: a strict CSP with a fresh nonce per response for the one inline script.
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(config.isProduction ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: config.isProduction ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
  })

  // 2. Parsing.
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: 256 * 1024 })
  // Before any route's own validation: no NUL, broken text or out-of-range number gets further.
  await app.register(boundary)

  // 3. Authorisation's onRoute check must be in place before any route (static ones too) is added.
  await app.register(authorisation, { services })

  // 4. Static assets straight from the design-system packages.
  const cacheControl = { maxAge: config.isProduction ? '1d' : 0 }
  await app.register(fastifyStatic, {
    root: [path.join(govukFrontendDist, 'govuk', 'assets'), path.join(govukFrontendDist, 'govuk')],
    prefix: '/assets/',
    allowedPath: (pathName) => /\.(css|js|mjs|map|woff2?|png|svg|ico|json)$/.test(pathName) && !pathName.includes('..'),
    ...cacheControl,
  })
  await app.register(fastifyStatic, {
    root: path.join(mojFrontendRoot, 'moj'),
    prefix: '/moj/',
    decorateReply: false,
    allowedPath: (pathName) => /\.(css|js|mjs|map|png|svg)$/.test(pathName),
    ...cacheControl,
  })
  await app.register(fastifyStatic, {
    root: path.join(webRoot, 'public'),
    prefix: '/public/',
    decorateReply: false,
    ...cacheControl,
  })

  // 5. Views and CSRF.
  await app.register(csrf, { secret: config.sessionSecret, secure: config.session.secureCookies })
  await app.register(render, { env: views })

  // 6. Authentication: the current user from the session cookie.
  await app.register(session, {
    authentication: services.authentication,
    secure: config.session.secureCookies,
    absoluteHours: config.session.absoluteHours,
  })
  // For the API, a personal token (Authorization: Bearer) instead of the cookie; then
  // Idempotency-Key on POSTs, once access and CSRF checks have passed.
  // Each change's confirmation, kept in the session row for the next page (ADR 0022).
  await app.register(confirmation, { authentication: services.authentication })
  await app.register(bearerAuth, { apiTokens: services.apiTokens, throttle: services.attemptThrottle })
  await app.register(idempotency, { idempotency: services.idempotency })

  // 7. Errors and not-found, for pages and the API.
  await app.register(errors)

  // 8. The journeys.
  await app.register(healthRoutes(services))
  await app.register(signInRoutes(services))
  await app.register(homeRoutes(services))
  await app.register(myWorkRoutes(services))
  await app.register(accountRoutes(services))
  await app.register(apiTokenRoutes(services))
  await app.register(adminUserRoutes(services))
  await app.register(adminAuditRoutes(services))
  await app.register(referralRoutes(services))
  await app.register(investigationRoutes(services))
  await app.register(chronologyRoutes(services))
  await app.register(actionRoutes(services))
  await app.register(decisionRoutes(services))
  await app.register(witnessRoutes(services))
  await app.register(disclosureRoutes(services))
  await app.register(evidenceRoutes(services))
  await app.register(subjectRoutes(services))
  await app.register(officerRoutes(services))
  await app.register(statisticsRoutes(services))
  await app.register(outcomeRoutes(services))
  await app.register(proceedingRoutes(services))
  await app.register(reportRoutes(services))
  await app.register(publicationRoutes(services))
  await app.register(familyRoutes(services))
  await app.register(caseInvitationRoutes(services))
  await app.register(portalRoutes(services))
  await app.register(adminOutboxRoutes(services))
  await app.register(adminImportRoutes(services))
  await app.register(historicalCaseRoutes(services))
  await app.register(calendarFeedRoutes(services))
  await app.register(apiV1Routes(services))

  // Pages change with who is signed in: never let a shared cache keep one. And no page needs a
  // camera, a microphone, the location or any other powerful browser feature.
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY)
    if (
      !reply.hasHeader('cache-control') &&
      !request.url.startsWith('/assets/') &&
      !request.url.startsWith('/moj/') &&
      !request.url.startsWith('/public/')
    ) {
      reply.header('cache-control', 'no-store')
    }
    return payload
  })

  return app
}
