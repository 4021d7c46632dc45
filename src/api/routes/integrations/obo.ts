/**
 * ÖBO's routes whose bodies the JSON route table does not take: CSV batches
 * (token-authenticated like every /v1 route, mounted behind `authenticate`)
 * and the signed outcome webhook (authenticated by its Standard Webhooks
 * signature instead of a token, so it is mounted before `authenticate`).
 * Thin: read the body, call a service, map its answer. The formats and every
 * answer are in docs/integrations/obo.md.
 */
import { type Context, Hono } from 'hono'
import type { FieldIssue } from '../../../domain/validation.ts'
import { maxCsvRowsOverHttp } from '../../../integrations/obo/csv.ts'
import type { RowIssue } from '../../../integrations/obo/feeds.ts'
import { secretBytes, verifySignature } from '../../../integrations/obo/signature.ts'
import type { ServiceContext } from '../../../services/context.ts'
import { importPriorities, readPriorityFile } from '../../../services/obo/import-priorities.ts'
import { importVacancies, readVacancyFile } from '../../../services/obo/import-vacancies.ts'
import { oboWebhookPrincipal, recordOutcome } from '../../../services/obo/record-outcome.ts'
import type { AppDeps, AppEnv } from '../../app.ts'
import { type AuthEnv, requireRole } from '../../auth/index.ts'
import { rateLimited, tokenBuckets } from '../../middleware/index.ts'
import { HttpProblem, problemResponse, problemTypes, validationProblem } from '../../problem.ts'
import { orProblem } from '../v1/define.ts'

/**
 * Row problems as problem+json's `errors[]`, in the one problem shape every route answers: the path
 * names the 1-based row and ÖBO's column (`row 12.hyra`, `header.yta`), the message the reason.
 */
function rowProblem(detail: string, issues: RowIssue[]): HttpProblem {
  const errors: FieldIssue[] = issues.slice(0, 1000).map((i) => ({
    path: i.row === 0 ? `header.${i.column}` : `row ${i.row}${i.column === '' ? '' : `.${i.column}`}`,
    message: i.reason,
  }))
  if (issues.length > 1000)
    errors.push({ path: '', message: `and ${issues.length - 1000} more problems not listed` })
  return validationProblem(errors, detail)
}

async function csvBytes(c: Context): Promise<Uint8Array> {
  const type = c.req.header('Content-Type') ?? ''
  if (!/^text\/csv\s*(?:;|$)/i.test(type)) {
    throw new HttpProblem({
      type: problemTypes.unsupportedMediaType,
      title: 'Unsupported media type',
      status: 415,
      detail:
        'Send the file as the body with Content-Type: text/csv (any charset: UTF-8 and Windows-1252 are read).',
    })
  }
  return new Uint8Array(await c.req.arrayBuffer())
}

function dryRunOf(c: Context): boolean {
  const raw = c.req.query('dryRun')
  if (raw === undefined || raw === 'false') return false
  if (raw === 'true') return true
  throw validationProblem([{ path: 'dryRun', message: 'must be true or false' }])
}

/** `POST /v1/integrations/obo/vacancies.csv` and `…/priorities.csv` (behind authenticate). */
export function oboCsvRoutes(deps: AppDeps): Hono<AuthEnv> {
  const router = new Hono<AuthEnv>()
  const ctxOf = (c: Context<AuthEnv>): ServiceContext => ({
    db: deps.db.db,
    principal: c.get('principal'),
    requestId: c.get('requestId'),
    districts: deps.districts,
  })
  router.post('/integrations/obo/vacancies.csv', requireRole('obo', 'admin', 'allocator'), async (c) => {
    const dryRun = dryRunOf(c)
    const file = readVacancyFile(await csvBytes(c), { maxRows: maxCsvRowsOverHttp })
    if (!file.ok) throw rowProblem(file.error.detail, file.error.issues)
    const base = ctxOf(c)
    const r = await deps.committer.run((tx) =>
      importVacancies({ ctx: { ...base, db: tx }, input: { ...file.value, dryRun } }),
    )
    if (!r.ok) throw rowProblem(r.error.detail, r.error.issues)
    return c.json(r.value, 200)
  })
  router.post('/integrations/obo/priorities.csv', requireRole('obo', 'admin', 'allocator'), async (c) => {
    const dryRun = dryRunOf(c)
    const file = readPriorityFile(await csvBytes(c), { maxRows: maxCsvRowsOverHttp })
    if (!file.ok) throw rowProblem(file.error.detail, file.error.issues)
    const base = ctxOf(c)
    const r = await deps.committer.run((tx) =>
      importPriorities({ ctx: { ...base, db: tx }, input: { ...file.value, dryRun } }),
    )
    if (!r.ok) throw rowProblem(r.error.detail, r.error.issues)
    return c.json(r.value, 200)
  })
  return router
}

const unauthorised = (c: Context, detail: string) =>
  problemResponse(
    c,
    { type: problemTypes.unauthorized, title: 'Unauthorized', status: 401, detail },
    { 'Cache-Control': 'no-store' },
  )

/**
 * `POST /v1/integrations/obo/outcomes`: ÖBO's signed answer to a nomination.
 * 401 for a missing or bad signature or a timestamp more than five minutes
 * off; a replayed delivery id answers 200 as the first time and changes nothing.
 */
export function oboOutcomeRoute(deps: AppDeps): Hono<AppEnv> {
  const router = new Hono<AppEnv>()
  const secret = deps.config.obo.outcomeSecret
  const key = secret === undefined ? undefined : secretBytes(secret)
  // Signed deliveries are rate-limited like a token's requests, keyed on ÖBO (the one sender): an
  // unsigned request is refused by the signature check alone, before any database work, and so
  // never spends ÖBO's allowance.
  const perMinute = deps.config.http.rateLimitPerMinute
  const limit = tokenBuckets({ perMinute })
  router.post('/v1/integrations/obo/outcomes', async (c) => {
    c.header('Cache-Control', 'no-store')
    if (key === undefined || !key.ok) {
      return problemResponse(c, {
        type: problemTypes.unavailable,
        title: 'Service unavailable',
        status: 503,
        detail: 'ÖBO outcomes are not configured on this server (HEMVIST_OBO_OUTCOME_SECRET).',
      })
    }
    // The signature covers the bytes as sent: verify before parsing anything.
    const raw = new Uint8Array(await c.req.arrayBuffer())
    let body: string
    try {
      body = new TextDecoder('utf-8', { fatal: true }).decode(raw)
    } catch {
      return unauthorised(c, 'The delivery is not signed UTF-8 text.')
    }
    const verified = verifySignature(
      key.value,
      {
        id: c.req.header('webhook-id'),
        timestamp: c.req.header('webhook-timestamp'),
        signature: c.req.header('webhook-signature'),
      },
      body,
      Date.now(),
    )
    if (!verified.ok) {
      return unauthorised(
        c,
        verified.error === 'stale_timestamp'
          ? 'The webhook-timestamp is more than five minutes from this server’s clock.'
          : verified.error === 'missing_headers'
            ? 'The delivery needs webhook-id, webhook-timestamp and webhook-signature headers.'
            : 'The webhook-signature does not match the delivery.',
      )
    }
    const retryAfter = limit.take(oboWebhookPrincipal.tokenId)
    if (retryAfter !== undefined) return rateLimited(c, perMinute, retryAfter, 'ÖBO’s signed webhook')
    let payload: unknown
    try {
      payload = JSON.parse(body)
    } catch {
      throw new HttpProblem({
        type: problemTypes.badRequest,
        title: 'Bad request',
        status: 400,
        detail: 'The body is not valid JSON.',
      })
    }
    const ctx: ServiceContext = {
      db: deps.db.db,
      principal: oboWebhookPrincipal,
      requestId: c.get('requestId'),
      districts: deps.districts,
    }
    const r = orProblem(
      await deps.committer.run((tx) =>
        recordOutcome({ ctx: { ...ctx, db: tx }, input: { deliveryId: verified.value, payload } }),
      ),
    )
    return c.json(r, 200)
  })
  return router
}
