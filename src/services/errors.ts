/**
 * Errors a service raises for its callers to turn into a page or a problem+json response.
 * They carry what the person needs to put things right, never internal detail.
 */
export interface FieldProblem {
  /** Dotted path of the field, e.g. "email" or "allegations.0.standard". */
  path: string
  message: string
}

export class ServiceError extends Error {}

export class ValidationFailed extends ServiceError {
  constructor(
    readonly problems: FieldProblem[],
    message = 'There is a problem with what was entered',
  ) {
    super(message)
  }
}

export class NotFound extends ServiceError {
  constructor(readonly what: string) {
    super(`${what} was not found`)
  }
}

export class Forbidden extends ServiceError {
  constructor(readonly reason: string) {
    super(reason)
  }
}

/** Someone else changed the record since it was read; nothing was written. */
export class Conflict extends ServiceError {
  constructor(
    message = 'Someone else changed this record since you opened it. Nothing was saved; reload to see their changes.',
  ) {
    super(message)
  }
}

/** A lifecycle transition whose precondition is not met. */
export class InvalidTransition extends ServiceError {}
