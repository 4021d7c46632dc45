import type { MiddlewareHandler } from 'hono'
import type { DatabaseHandle } from '../../../db/client.ts'
import { findPrincipal } from '../../services/tokens.ts'
import { unauthorized } from './problems.ts'
import type { AuthEnv } from './types.ts'

// RFC 6750 §2.1: the scheme is case-insensitive; the token is one run of token68 characters.
const bearerPattern = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i

/**
 * Authenticates the request by its bearer token and sets `c.get('principal')`.
 * Answers 401 problem+json with `WWW-Authenticate: Bearer` when the header is
 * missing or malformed, or the token is unknown, revoked or expired; the
 * answer is the same for all but "missing", so it never tells whether a token
 * id exists.
 *
 * @example
 * app.use('/v1/*', authenticate({ db }))
 * app.get('/v1/me', (c) => c.json({ role: c.get('principal').role }))
 */
export function authenticate(deps: { db: DatabaseHandle }): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization')
    if (header === undefined || header.trim() === '') return unauthorized(c, 'missing')
    const match = bearerPattern.exec(header)
    const principal = match?.[1] === undefined ? null : findPrincipal(deps.db.db, match[1])
    if (principal === null) return unauthorized(c, 'invalid')
    c.set('principal', principal)
    return next()
  }
}
