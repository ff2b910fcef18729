/**
 * Turns every failure into a clear answer: a GOV.UK error page for people, problem+json for the
 * API. Bad input is always a 4xx; a 500 shows the request id and never a stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ApiProblem, isApiRequest, problemTypes, sendProblem } from '../../http/problem.js'
import { Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed } from '../../services/errors.js'
import { CsrfRejected } from './csrf.js'
import { AccessDenied, NotSignedIn, signInStepPath } from './authorisation.js'
import { paths } from '../paths.js'

interface Classified {
  status: number
  type: string
  title: string
  detail: string
  page: string
  errors?: { path: string; message: string }[]
}

function classify(error: unknown): Classified | null {
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
    const known = classify(error)
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
    if (api) {
      return sendProblem(reply, {
        type: known.type,
        title: known.title,
        status: known.status,
        detail: known.detail,
        ...(known.errors ? { errors: known.errors } : {}),
      })
    }
    return reply
      .code(known.status)
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
