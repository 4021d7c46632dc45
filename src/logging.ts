/**
 * Structured logs (pino) that never contain personal data.
 *
 * The rule is positive: log ids, counts, durations, codes, route patterns and
 * error types, nothing else. Never pass a document (applicant, vacancy, request
 * body, job payload) or an error's message to a log call: database errors
 * carry their SQL parameters in the message, i.e. personal data.
 * The `redact` list and the `err` serializer are a safety net under that rule,
 * not a licence to log objects.
 */
import { type DestinationStream, type Logger, pino } from 'pino'
import { sqliteErrorCode } from '../db/errors.ts'
import type { LogLevel } from './config.ts'

export type { Logger }

const redacted = '[redacted]'

/** Keys whose values are (or contain) personal data wherever they appear, top level or one level down. */
const sensitiveKeys = [
  'body',
  'payload',
  'applicant',
  'applicants',
  'household',
  'situation',
  'needs',
  'safety',
  'urgency',
  'economy',
  'monitoring',
  'preferences',
  'query',
  'headers',
  'input',
]
export const redactPaths = sensitiveKeys.flatMap((k) => [k, `*.${k}`])

/**
 * What of an error may be logged: its type, the SQLite code if any, and the
 * code locations of its stack, without the message (which may hold data).
 */
export function safeError(error: unknown): { type: string; code?: string; stack?: string[] } {
  if (!(error instanceof Error)) return { type: typeof error }
  const code = sqliteErrorCode(error)
  const frames = error.stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.trim())
    .slice(0, 8)
  return { type: error.name, ...(code ? { code } : {}), ...(frames?.length ? { stack: frames } : {}) }
}

/**
 * Creates the service's root logger; `destination` defaults to stdout (tests
 * pass a stream to read what was logged).
 *
 * @example
 * const logger = createLogger({ level: 'info' })
 * logger.info({ applicants: 300 }) // counts only; never the applicants themselves
 */
export function createLogger(options: { level: LogLevel; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'hemvist' },
      redact: { paths: redactPaths, censor: redacted },
      serializers: { err: safeError, error: safeError },
      hooks: {
        // pino would copy a bare error's message into `msg`: log its safe form under `err` instead.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[]
          if (first instanceof Error) {
            const msg = typeof rest[0] === 'string' ? rest[0] : 'error'
            return method.call(this, { err: first }, msg)
          }
          return method.apply(this, args)
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  )
}
