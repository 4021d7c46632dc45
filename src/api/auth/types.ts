import type { Principal } from '../../domain/roles.ts'

/** The Hono environment of an authenticated route: the request id and the principal. */
export type AuthEnv = { Variables: { requestId: string; principal: Principal } }
