/**
 * Structured JSON logs. Personal data and secrets never reach the log: request logging
 * records method, route and status only, and these paths are redacted as a second line of defence.
 */
import { pino, type Logger, type LoggerOptions } from 'pino'

export const LOG_REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.email',
  '*.token',
  '*.secret',
]

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'candour' },
    timestamp: pino.stdTimeFunctions.isoTime,
  }
}

export function createLogger(level: string): Logger {
  return pino(loggerOptions(level))
}
export type { Logger }
