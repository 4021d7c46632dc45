import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { secureHeaders } from 'hono/secure-headers'

/**
 * Security headers on every response (hono/secure-headers: HSTS, nosniff,
 * no-referrer, same-origin resource and opener policies …) plus, for an API
 * that only ever answers JSON, a Content-Security-Policy that allows nothing
 * and no framing. `overwrite: false` lets a route that serves a page (the
 * `/docs` page) set its own, wider CSP.
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    xFrameOptions: 'DENY',
    overwrite: false,
  })
}

/**
 * CORS, closed unless configured: with no origins listed the API answers no
 * CORS headers at all, so browsers refuse every cross-origin call and
 * preflight. With origins listed, only a request whose `Origin` is exactly
 * one of them gets CORS headers (and a preflight answer); any other is
 * treated as if CORS did not exist. No credentials: the API takes bearer
 * tokens, never cookies.
 *
 * @example
 * app.use(corsPolicy(['https://boende.orebro.se']))
 */
export function corsPolicy(origins: readonly string[]): MiddlewareHandler {
  if (origins.length === 0) return (_c, next) => next()
  const allowed = new Set(origins)
  const handler = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: [
      'Authorization',
      'Content-Type',
      'If-Match',
      'If-None-Match',
      'Idempotency-Key',
      'X-Request-Id',
      'X-Correlation-Id',
    ],
    exposeHeaders: ['ETag', 'Location', 'Retry-After', 'X-Request-Id', 'X-Correlation-Id'],
    maxAge: 600,
    credentials: false,
  })
  return (c, next) => {
    const origin = c.req.header('Origin')
    if (origin === undefined || !allowed.has(origin)) return next()
    return handler(c, next)
  }
}

/**
 * `Cache-Control: no-store` unless a route set its own: responses carry
 * personal data, which no browser or proxy cache may keep.
 */
export function noStore(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store')
  }
}
