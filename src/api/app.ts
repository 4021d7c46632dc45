/**
 * The HTTP application: middleware, the one error handler, and the routers.
 * Routes stay thin: validate, call a service, map its result. Later routers
 * (issue 5) mount under `/v1`.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { type DatabaseHandle, expectedMigrations } from '../../db/client.ts'
import { isBusy, isStorageFailure } from '../../db/errors.ts'
import { type GroupCommitter, groupCommitterFor } from '../../db/group-commit.ts'
import type { Config } from '../config.ts'
import { type DistrictVocabulary, districtVocabulary } from '../domain/districts.ts'
import type { Logger } from '../logging.ts'
import { authenticate } from './auth/index.ts'
import { methodsByPath } from './method-not-allowed.ts'
import { corsPolicy, noStore, rateLimit, securityHeaders } from './middleware/index.ts'
import { openApiRoutes } from './openapi.ts'
import { pageRoutes } from './pages/index.tsx'
import { HttpProblem, problemResponse, problemTypes } from './problem.ts'
import { requestIds } from './request-id.ts'
import { requestLog } from './request-log.ts'
import { healthRoutes } from './routes/health.ts'
import { oboCsvRoutes, oboOutcomeRoute } from './routes/integrations/obo.ts'
import {
  applicantsRouter,
  auditRouter,
  oboRouter,
  policiesRouter,
  reportsRouter,
  roundsRouter,
  vacanciesRouter,
} from './routes/v1/index.ts'

export type AppEnv = { Variables: { requestId: string; correlationId: string | undefined } }

export interface AppDeps {
  db: DatabaseHandle
  config: Config
  logger: Logger
  /** Migrations this build ships; /health reports 503 until all are applied. */
  expectedMigrations: number
  /**
   * Runs the audited request transactions, grouped: one COMMIT (one fsync) for the requests
   * that arrive together, each answered only after that COMMIT. One per database connection.
   */
  committer: GroupCommitter
  /** The municipality's districts (from the configuration): what a district field may name. */
  districts: DistrictVocabulary
}

/** Requests larger than this are refused with 413 before a handler reads them. */
export const maxBodyBytes = 1024 * 1024

/**
 * Builds the Hono app. Nothing here listens on a port: `src/main/server.ts`
 * serves it, tests call `app.request(...)`.
 *
 * @example
 * const app = createApp({ db, config, logger })
 * const res = await app.request('/health')
 */
export function createApp(
  deps: Omit<AppDeps, 'expectedMigrations' | 'committer' | 'districts'> & {
    expectedMigrations?: number
    committer?: GroupCommitter
  },
): Hono<AppEnv> {
  const full: AppDeps = {
    ...deps,
    expectedMigrations: deps.expectedMigrations ?? expectedMigrations(),
    committer: deps.committer ?? groupCommitterFor(deps.db, { lockWaitMs: deps.config.database.lockWaitMs }),
    districts: districtVocabulary(deps.config.districts),
  }
  const { logger } = full
  const app = new Hono<AppEnv>()

  // The request id is always the server's; a caller's id is kept apart as the correlation id.
  app.use(requestIds())
  app.use(requestLog(logger))
  app.use(securityHeaders())
  // Before authentication: a browser's preflight carries no token.
  app.use(corsPolicy(full.config.http.corsOrigins))
  const limitBody = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) =>
      problemResponse(c, {
        type: problemTypes.payloadTooLarge,
        title: 'Content too large',
        status: 413,
        detail: `The request body must be at most ${maxBodyBytes} bytes.`,
      }),
  })
  // A GET or HEAD request has no body to limit (Node's adapter never attaches one, a Fetch Request
  // cannot carry one), and asking for it (`c.req.raw.body`) makes the adapter build a full Fetch
  // Request with its headers and abort signal: a tenth of an audited read's CPU, for nothing.
  app.use((c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)))

  app.route('/', healthRoutes(full))
  app.route('/', openApiRoutes(full))
  // The staff pages (outside /v1, by session cookie, never by bearer token): src/api/pages.
  app.route('/', pageRoutes(full))

  // ÖBO's outcome webhook is authenticated by its Standard Webhooks signature, not a token: it is
  // mounted before the token middleware, and answers before that middleware runs.
  app.route('/', oboOutcomeRoute(full))

  // Every /v1 route is authenticated and rate-limited per token here; /v1 routers add requireRole per route.
  app.use(
    '/v1/*',
    noStore(),
    authenticate(full),
    rateLimit({ perMinute: full.config.http.rateLimitPerMinute }),
  )
  app.route('/v1', auditRouter(full))
  app.route('/v1', applicantsRouter(full))
  app.route('/v1', vacanciesRouter(full))
  app.route('/v1', policiesRouter(full))
  app.route('/v1', roundsRouter(full))
  app.route('/v1', reportsRouter(full))
  app.route('/v1', oboRouter(full))
  app.route('/v1', oboCsvRoutes(full))

  // Built on the first miss, when every router is mounted; a route added later in this function is counted too.
  let allowedMethods: ((path: string) => string[]) | undefined
  app.notFound((c) => {
    allowedMethods ??= methodsByPath(app.routes)
    const allow = allowedMethods(c.req.path)
    if (allow.length > 0) {
      return problemResponse(
        c,
        {
          type: problemTypes.methodNotAllowed,
          title: 'Method not allowed',
          status: 405,
          detail: `This resource answers ${allow.join(', ')} only.`,
        },
        { Allow: allow.join(', ') },
      )
    }
    return problemResponse(c, {
      type: problemTypes.notFound,
      title: 'Not found',
      status: 404,
      detail: 'There is no such resource.',
    })
  })

  app.onError((error, c) => {
    if (error instanceof HttpProblem) return problemResponse(c, error.problem, error.headers)
    if (error instanceof HTTPException && error.status < 500) {
      // Hono's own refusals (malformed JSON and the like); its message is generic, not data.
      return problemResponse(c, {
        type: problemTypes.badRequest,
        title: 'Bad request',
        status: error.status as ContentfulStatusCode,
        detail: 'The request could not be read.',
      })
    }
    const requestId = c.get('requestId')
    if (isBusy(error)) {
      logger.warn({ msg: 'database busy', requestId, err: error })
      return problemResponse(
        c,
        {
          type: problemTypes.unavailable,
          title: 'Service unavailable',
          status: 503,
          detail: 'The database is busy. Try again shortly.',
        },
        { 'Retry-After': '1' },
      )
    }
    if (isStorageFailure(error)) {
      // Disk full, an I/O error, an unwritable file: SQLite rolled the transaction back, so nothing
      // of it is stored; /health answers 503 until a write succeeds again.
      logger.error({ msg: 'database cannot store', requestId, err: error })
      return problemResponse(
        c,
        {
          type: problemTypes.unavailable,
          title: 'Service unavailable',
          status: 503,
          detail:
            'The database cannot store data right now; nothing of this request was kept. Try again later.',
        },
        { 'Retry-After': '30' },
      )
    }
    logger.error({ msg: 'unhandled error', requestId, err: error })
    return problemResponse(c, {
      type: problemTypes.internal,
      title: 'Internal server error',
      status: 500,
      detail: 'The request could not be completed. Quote the request id when you report it.',
    })
  })

  return app
}
