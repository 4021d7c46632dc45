import { randomUUID } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'

/** A caller's correlation id: at most this long, of these characters; anything else is dropped. */
const correlationPattern = /^[A-Za-z0-9._:=-]{1,64}$/

/**
 * The request id is the server's own: a new UUID for every request, set as
 * `c.get('requestId')` and answered in `X-Request-Id`. It is what the audit log
 * and the logs record, so no caller can choose what an audit row says.
 *
 * A caller's own id for the request (`X-Correlation-Id`, or the `X-Request-Id`
 * it sent) is kept apart as `c.get('correlationId')` when it is short and plain
 * (1–64 of `A–Z a–z 0–9 . _ : = -`), logged beside the request id in the
 * request's log line and echoed in `X-Correlation-Id`; otherwise it is dropped.
 *
 * @example
 * app.use(requestIds())
 * app.get('/x', (c) => c.text(c.get('requestId'))) // '5f0c…', whatever the caller sent
 */
export function requestIds(): MiddlewareHandler<{
  Variables: { requestId: string; correlationId: string | undefined }
}> {
  return async (c, next) => {
    const requestId = randomUUID()
    c.set('requestId', requestId)
    const given = c.req.header('X-Correlation-Id') ?? c.req.header('X-Request-Id')
    const correlationId = given !== undefined && correlationPattern.test(given) ? given : undefined
    c.set('correlationId', correlationId)
    c.header('X-Request-Id', requestId)
    if (correlationId !== undefined) c.header('X-Correlation-Id', correlationId)
    await next()
  }
}
