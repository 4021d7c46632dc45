/**
 * Authentication and authorization of the HTTP API.
 *
 * How a router uses it: `createApp` (../app.ts) already runs `authenticate`
 * and the per-token rate limit on every `/v1/*` request, so a `/v1` router
 * only declares who may call each route, and reads the principal:
 *
 * @example
 * const router = new Hono<AuthEnv>()
 * router.get('/applicants/:id', requireRole('admin', 'allocator', 'caseworker'), (c) => {
 *   const { role, caseloads, tokenId } = c.get('principal')
 *   …
 * })
 * app.route('/v1', router)
 */
export { type Principal, type Role, roles } from '../../domain/roles.ts'
export { authenticate } from './authenticate.ts'
export { requireRole } from './require-role.ts'
export type { AuthEnv } from './types.ts'
