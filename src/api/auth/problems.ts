import type { Context } from 'hono'
import { problemResponse, problemTypes } from '../problem.ts'

/**
 * 401 with `WWW-Authenticate: Bearer` (RFC 6750). `invalid` says only that the
 * token presented was not accepted: never why (unknown id, wrong secret,
 * revoked, expired), so a caller learns nothing about which token ids exist.
 */
export function unauthorized(c: Context, reason: 'missing' | 'invalid'): Response {
  const challenge =
    reason === 'missing' ? 'Bearer realm="hemvist"' : 'Bearer realm="hemvist", error="invalid_token"'
  return problemResponse(
    c,
    {
      type: problemTypes.unauthorized,
      title: 'Unauthorized',
      status: 401,
      detail:
        reason === 'missing'
          ? 'This request needs an API token: send the header "Authorization: Bearer <token>".'
          : 'The API token was not accepted.',
    },
    { 'WWW-Authenticate': challenge, 'Cache-Control': 'no-store' },
  )
}
