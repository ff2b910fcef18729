/**
 * Matchers for `assert.rejects`: a refusal checked to the field and the words a user is shown,
 * not only its class, so that a rule refusing for the wrong reason fails the test.
 */
import { ValidationFailed } from '../../src/services/errors.js'

/** A ValidationFailed with exactly one problem, at `path`, saying `message`. */
export const onlyProblem = (path: string, message: string) => (e: unknown) =>
  e instanceof ValidationFailed &&
  e.problems.length === 1 &&
  e.problems[0]!.path === path &&
  e.problems[0]!.message === message
