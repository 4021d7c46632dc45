import { Hono } from 'hono'
import { z } from 'zod'
import { entityId } from '../../domain/schema-parts.ts'
import { fieldIssues } from '../../domain/validation.ts'
import { readApplicantTrail } from '../../services/audit.ts'
import type { AppDeps } from '../app.ts'
import { type AuthEnv, requireRole } from '../auth/index.ts'
import { validationProblem } from '../problem.ts'

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, { error: 'must be a whole number' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    )

const querySchema = z.strictObject({
  applicantId: entityId,
  limit: wholeNumber(1, 500).optional(),
  /** The `next` cursor of the previous page. */
  before: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional(),
})

/**
 * `GET /v1/audit?applicantId=…[&limit=…][&before=…]`: who accessed this person
 * (allocator and admin only). Newest first; `next` is the `before` value of the
 * next page. The query itself is audited (`audit.read`), in the same transaction.
 */
export function auditRoutes(deps: AppDeps): Hono<AuthEnv> {
  return new Hono<AuthEnv>().get('/audit', requireRole('allocator', 'admin'), async (c) => {
    const query = c.req.query()
    const parsed = querySchema.safeParse(query)
    if (!parsed.success) throw validationProblem(fieldIssues(parsed.error, query))
    const input = {
      principal: c.get('principal'),
      requestId: c.get('requestId'),
      applicantId: parsed.data.applicantId,
      ...(parsed.data.limit === undefined ? {} : { limit: parsed.data.limit }),
      ...(parsed.data.before === undefined ? {} : { beforeId: parsed.data.before }),
    }
    // In the group commit: answered only after the COMMIT that holds its own `audit.read` row.
    const trail = await deps.committer.run((tx) => readApplicantTrail(tx, input))
    return c.json({
      applicantId: trail.applicantId,
      entries: trail.entries,
      next: trail.nextBeforeId === null ? null : String(trail.nextBeforeId),
    })
  })
}
