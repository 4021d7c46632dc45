import type { MiddlewareHandler } from 'hono'
import type { DatabaseHandle } from '../../../db/client.ts'
import type { Logger } from '../../logging.ts'
import { findPrincipal } from '../../services/tokens.ts'
import { unauthorized } from './problems.ts'
import type { AuthEnv } from './types.ts'

// RFC 6750 §2.1: the scheme is case-insensitive; the token is one run of token68 characters.
const bearerPattern = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i
const publicId = /^hv_([0-9a-f]{16})_[0-9a-f]{64}$/

/** The token of an `Authorization: Bearer …` header, or undefined when the header is absent or malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : bearerPattern.exec(header)?.[1]
}

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
export function authenticate(deps: { db: DatabaseHandle; logger?: Logger }): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization')
    if (header === undefined || header.trim() === '') return unauthorized(c, 'missing')
    const match = bearerPattern.exec(header)
    const principal = match?.[1] === undefined ? null : findPrincipal(deps.db.db, match[1])
    if (principal === null) {
      // For the operator (a revoked token still in use, a misconfigured client): the token's public
      // id when the token has the right shape, never the secret or the header.
      deps.logger?.warn({
        msg: 'authentication refused',
        requestId: c.get('requestId'),
        tokenId: publicId.exec(match?.[1] ?? '')?.[1] ?? null,
      })
      return unauthorized(c, 'invalid')
    }
    c.set('principal', principal)
    return next()
  }
}
