import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { Logger } from '../logging.ts'

/**
 * Logs one line per request: request id, method, the matched route PATTERN
 * (`/v1/applicants/:id`, not the URL: no query strings, no free text), status
 * and duration. Never headers or bodies.
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now()
    await next()
    logger.info({
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
