import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { Logger } from '../logging.ts'

/** The fields of a request's log line, and nothing else: none of them is a key the logger redacts. */
export const requestLogFields = [
  'msg',
  'requestId',
  'correlationId',
  'method',
  'route',
  'status',
  'durationMs',
] as const

/**
 * Logs one line per request: request id, method, the matched route PATTERN
 * (`/v1/applicants/:id`, not the URL: no query strings, no free text), status
 * and duration. Never headers or bodies.
 *
 * The line is written by a child of `logger` without its redaction: redaction goes by key name,
 * none of `requestLogFields` is one it redacts (a test holds that), so it would change nothing in
 * the line, and looking for its thirty paths cost more than half of the line's 15 µs.
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  const lines = logger.child({}, { redact: { paths: [] } })
  return async (c, next) => {
    const started = performance.now()
    await next()
    lines.info({
      msg: 'request',
      requestId: c.get('requestId'),
      // The caller's own id for the request, if it sent a plain one (src/api/request-id.ts).
      correlationId: c.get('correlationId'),
      method: c.req.method,
      // After next(), routeIndex points at the handler that answered (index -1 would be the last match,
      // which is `/v1/applicants/:id` even when `/v1/applicants/stats` answered).
      route: routePath(c),
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    })
  }
}
