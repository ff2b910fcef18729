/**
 * Every route declares who may reach it, in its `config.access`. A route without a declaration
 * is refused at start-up, and a test walks the registered routes to prove none slipped through.
 */
import type { Action } from '../domain/policy.js'
import type { SessionStage } from '../services/authentication.js'

export type RouteAccess =
  /** Anyone, signed in or not: sign-in, health, assets, the public site. */
  | { kind: 'public' }
  /** Someone half-way through signing in (password accepted, second factor outstanding). */
  | { kind: 'signing-in'; stage: Exclude<SessionStage, 'authenticated'> }
  /** A signed-in user whom the policy allows this action. */
  | { kind: 'action'; action: Action }
  /**
   * A signed-in user whom the policy allows at least one of these actions: an operation used by
   * two audiences (the team with 'report:send', the force with 'authority:respond'). The service
   * then decides with the case which of them applies.
   */
  | { kind: 'any-action'; actions: readonly [Action, ...Action[]] }

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess
  }
}

export const publicAccess: { access: RouteAccess } = { access: { kind: 'public' } }
export const requires = (action: Action): { access: RouteAccess } => ({ access: { kind: 'action', action } })
export const requiresAnyOf = (...actions: [Action, ...Action[]]): { access: RouteAccess } => ({
  access: { kind: 'any-action', actions },
})
export const signingIn = (stage: Exclude<SessionStage, 'authenticated'>): { access: RouteAccess } => ({
  access: { kind: 'signing-in', stage },
})
