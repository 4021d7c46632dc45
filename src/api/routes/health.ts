import { Hono } from 'hono'
import { checkHealth } from '../../services/health.ts'
import type { AppDeps, AppEnv } from '../app.ts'
import { problemResponse, problemTypes } from '../problem.ts'

/** `GET /health`: 200 with the database's state, or 503 problem+json when it is not usable. */
export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/health', (c) => {
    const r = checkHealth({
      database: deps.db,
      expectedMigrations: deps.expectedMigrations,
      durabilityLost: deps.committer.lost() !== undefined,
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
