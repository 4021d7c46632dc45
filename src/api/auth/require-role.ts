import type { MiddlewareHandler } from 'hono'
import type { Role } from '../../domain/roles.ts'
import { problemResponse, problemTypes } from '../problem.ts'
import type { AuthEnv } from './types.ts'

/**
 * Lets the request through only when the principal's role is one of `roles`;
 * otherwise 403 problem+json. Runs after `authenticate`; without a principal
 * (authenticate not mounted) it throws, which answers 500: fail closed.
 *
 * @example
 * router.post('/policies', requireRole('allocator', 'admin'), (c) => …)
 */
export function requireRole(...roles: readonly Role[]): MiddlewareHandler<AuthEnv> {
  if (roles.length === 0) throw new TypeError('requireRole needs at least one role')
  return async (c, next) => {
    const principal = c.get('principal')
    if (principal === undefined) throw new Error('requireRole runs after authenticate: no principal is set')
    if (!roles.includes(principal.role)) {
      return problemResponse(c, {
        type: problemTypes.forbidden,
        title: 'Forbidden',
        status: 403,
        detail: `${/^[aeiou]/.test(principal.role) ? 'An' : 'A'} ${principal.role} token may not call this route.`,
      })
    }
    return next()
  }
}
