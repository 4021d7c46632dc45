import { Hono } from 'hono'
import { checkHealth } from '../../services/health.ts'
import { findPrincipal } from '../../services/tokens.ts'
import type { AppDeps, AppEnv } from '../app.ts'
import { bearerToken } from '../auth/authenticate.ts'
import { problemResponse, problemTypes } from '../problem.ts'

/** After a storage failure, /health tries a write at most this often to see whether room was made. */
const probeIntervalMs = 1_000
/** How long /health waits for that write before answering with what it knows. */
const probeWaitMs = 50

/**
 * `GET /health`: 200 with the database's state (`degraded` while another process holds the write
 * lock: reads are answered, writes wait), or 503 problem+json when the database is not usable
 * (unreadable, not migrated, a write that could not be stored or synced). Never waits for a lock.
 *
 * Public, for load balancers and service managers, so it says nothing about the data: the counts
 * of households and vacancies are added only for a request with a valid admin token (any other
 * token, or none, gets the same answer without them; /health never answers 401).
 */
export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  let lastProbe = Number.NEGATIVE_INFINITY
  return new Hono<AppEnv>().get('/health', async (c) => {
    if (deps.committer.storageFailure() !== undefined && Date.now() - lastProbe >= probeIntervalMs) {
      // Recovery without a restart: a one-page write through the group commit; if it commits, the
      // failure is cleared (and this answer is already 200).
      lastProbe = Date.now()
      const probe = deps.committer.probeWrite().catch(() => undefined)
      let timer: NodeJS.Timeout | undefined
      await Promise.race([probe, new Promise((resolve) => (timer = setTimeout(resolve, probeWaitMs)))])
      clearTimeout(timer)
    }
    const r = checkHealth({
      database: deps.db,
      expectedMigrations: deps.expectedMigrations,
      durabilityLost: deps.committer.lost() !== undefined,
      storageFailed: deps.committer.storageFailure() !== undefined,
      writesWaiting: deps.committer.lockedSince() !== undefined,
      includeCounts: isAdmin(deps, c.req.header('Authorization')),
    })
    if (r.ok) return c.json(r.value, 200, { 'Cache-Control': 'no-store' })
    deps.logger.warn({ msg: 'health check failed', requestId: c.get('requestId'), code: r.error.code })
    return problemResponse(
      c,
      { type: problemTypes.unavailable, title: 'Service unavailable', status: 503, detail: r.error.detail },
      { 'Retry-After': '5', 'Cache-Control': 'no-store' },
    )
  })
}

function isAdmin(deps: AppDeps, header: string | undefined): boolean {
  const token = bearerToken(header)
  if (token === undefined) return false
  try {
    return findPrincipal(deps.db.db, token)?.role === 'admin'
  } catch {
    return false // health must answer even when the token table cannot be read
  }
}
