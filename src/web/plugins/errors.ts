/**
 * Turns every failure into a clear answer: a GOV.UK error page for people, problem+json for the
 * API. Bad input is always a 4xx; a 500 shows the request id and never a stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ApiProblem, apiFieldPath, isApiRequest, problemTypes, sendProblem } from '../../http/problem.js'
import { Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed } from '../../services/errors.js'
import { CsrfRejected } from './csrf.js'
import { AccessDenied, NotSignedIn, signInStepPath } from './authorisation.js'
import { paths } from '../paths.js'
import { formErrors } from '../forms.js'
import { InputRejected } from './boundary.js'
import { TooManyAttempts } from '../../services/attemptThrottle.js'

/**
 * PostgreSQL's "data exception" (class 22: a value out of range, not valid text, not a date …)
 * and "program limit exceeded" (54: a value too large to index): the request held a value that
 * cannot be stored. The boundary and each route's schema should refuse such values first and name
 * the field; this is the backstop so that none can become a 500. The transaction has rolled back.
 */
function isUnstorableValue(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^(22|54)[0-9A-Z]{3}$/.test(code)
}

interface Classified {
  status: number
  type: string
  title: string
  detail: string
  page: string
  errors?: { path: string; message: string }[]
}

function classify(error: unknown): Classified | null {
  if (isUnstorableValue(error)) {
    return {
      status: 422,
      type: problemTypes.unstorable,
      title: 'Value not accepted',
      detail:
        'A value in the request is out of range or not valid text, so nothing was changed. Check what was entered.',
      page: 'pages/error.njk',
    }
  }
  if (error instanceof ApiProblem) {
    const { status, type, title, detail, errors } = error.problem
    return {
      status,
      type,
      title,
      detail,
      page: status === 403 ? 'pages/forbidden.njk' : 'pages/error.njk',
      ...(errors ? { errors } : {}),
    }
  }
  if (error instanceof TooManyAttempts) {
    return {
      status: 429,
      type: problemTypes.tooManyAttempts,
      title: 'Too many attempts',
      detail: error.message,
      page: 'pages/error.njk',
    }
  }
  if (error instanceof ValidationFailed) {
    return {
      status: 422,
      type: problemTypes.validation,
      title: 'Validation failed',
      detail: error.message,
      page: 'pages/error.njk',
      errors: error.problems,
    }
  }
  if (error instanceof NotFound) {
    return {
      status: 404,
      type: problemTypes.notFound,
      title: 'Not found',
      detail: error.message,
      page: 'pages/not-found.njk',
    }
  }
  if (error instanceof AccessDenied || error instanceof Forbidden) {
    return {
      status: 403,
      type: problemTypes.forbidden,
      title: 'Forbidden',
      detail: error.message,
      page: 'pages/forbidden.njk',
    }
  }
  if (error instanceof CsrfRejected) {
    return {
      status: 403,
      type: problemTypes.forbidden,
      title: 'Form rejected',
      detail: error.message,
      page: 'pages/csrf-rejected.njk',
    }
  }
  if (error instanceof Conflict) {
    return {
      status: 409,
      type: problemTypes.conflict,
      title: 'Conflict',
      detail: error.message,
      page: 'pages/error.njk',
    }
  }
  if (error instanceof InvalidTransition) {
    return {
      status: 409,
      type: problemTypes.invalidTransition,
      title: 'Not allowed in this state',
      detail: error.message,
      page: 'pages/error.njk',
    }
  }
  const fe = error as Partial<FastifyError>
  const code = fe.code ?? ''
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) {
    return {
      status: 415,
      type: problemTypes.unsupportedMediaType,
      title: 'Unsupported media type',
      detail: 'Send the request body as JSON (or as a form from a page).',
      page: 'pages/error.njk',
    }
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
    return {
      status: 413,
      type: problemTypes.payloadTooLarge,
      title: 'Request too large',
      detail: 'The request body is larger than Candour accepts.',
      page: 'pages/error.njk',
    }
  }
  if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
    return {
      status: fe.statusCode,
      type: problemTypes.malformed,
      title: 'Malformed request',
      detail: 'The request could not be read. Check its format and try again.',
      page: 'pages/error.njk',
    }
  }
  return null
}

async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const api = isApiRequest(request.url)
    if (error instanceof NotSignedIn) {
      if (api) {
        reply.header('www-authenticate', 'Bearer realm="Candour"')
        return sendProblem(reply, {
          type: problemTypes.unauthenticated,
          title: 'Unauthenticated',
          status: 401,
          detail: 'Sign in, or send a valid API token.',
        })
      }
      // Only same-site paths are remembered, so the return address cannot send anyone elsewhere.
      const returnTo =
        request.method === 'GET' && request.url.startsWith('/') && !request.url.startsWith('//') ? request.url : '/'
      const target = request.currentSession
        ? signInStepPath(request)
        : `${paths.signIn()}?returnTo=${encodeURIComponent(returnTo)}`
      return reply.redirect(target, 303)
    }
    if (error instanceof InputRejected && !api) {
      return reply.code(400).render('pages/error.njk', {
        title: 'There is a problem',
        detail: error.message,
        errors: formErrors(error.problems),
      })
    }
    const known = classify(error)
    if (known?.type === problemTypes.unstorable)
      request.log.warn({ err: error, requestId: request.id }, 'a value reached the database that it cannot store')
    if (!known) {
      request.log.error({ err: error, requestId: request.id }, 'unhandled error')
      if (api) {
        return sendProblem(reply, {
          type: problemTypes.server,
          title: 'Server error',
          status: 500,
          detail: `Something went wrong. Quote request id ${request.id} if you report it.`,
        })
      }
      return reply.code(500).render('pages/server-error.njk', { requestId: request.id })
    }
    if (error instanceof ApiProblem) reply.headers(error.headers)
    if (error instanceof TooManyAttempts) reply.header('retry-after', String(error.retryAfterSeconds))
    if (api) {
      return sendProblem(reply, {
        type: known.type,
        title: known.title,
        status: known.status,
        detail: known.detail,
        ...(known.errors ? { errors: known.errors.map((e) => ({ ...e, path: apiFieldPath(e.path) })) } : {}),
      })
    }
    return reply
      .code(known.status === 422 && known.type === problemTypes.unstorable ? 400 : known.status)
      .render(known.page, { title: known.title, detail: known.detail, errors: known.errors })
  })

  app.setNotFoundHandler(async (request, reply) => {
    if (isApiRequest(request.url)) {
      return sendProblem(reply, {
        type: problemTypes.notFound,
        title: 'Not found',
        status: 404,
        detail: 'There is no resource at this address.',
      })
    }
    return reply.code(404).render('pages/not-found.njk')
  })
}

export default fp(errorsPlugin, { name: 'candour-errors' })
