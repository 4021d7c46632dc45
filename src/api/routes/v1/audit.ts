/**
 * `/v1/audit`: who accessed a household (allocator and admin only). Newest
 * first; `next` is the `before` value of the next page. The query itself is
 * audited (`audit.read`), in the same transaction.
 */
import { z } from 'zod'
import { entityId } from '../../../domain/schema-parts.ts'
import { readApplicantTrail } from '../../../services/audit.ts'
import { wholeNumberText } from '../../../services/query-params.ts'
import { auditTrailBody, auditTrailView } from '../../views/audit.ts'
import { type AnyRoute, json, route } from './define.ts'

const auditQuerySchema = z.strictObject({
  applicantId: entityId,
  limit: wholeNumberText(1, 500).optional(),
  /** The `next` of the previous page. */
  before: wholeNumberText(1, Number.MAX_SAFE_INTEGER).optional(),
})

export const auditRoutes: AnyRoute[] = [
  route({
    operationId: 'auditTrail',
    method: 'GET',
    path: '/v1/audit',
    tag: 'audit',
    summary: 'Who accessed this household',
    description:
      'The audit rows about one household, newest first: reads, changes and refused attempts, each with the token, ' +
      'its role and the request id. `limit` is 1–500 (default 100); pass `next` as `before` for the next page. ' +
      'Any valid id is answered, whether a household has it or not (the trail then holds only this query), ' +
      'so the answer never says whether a household exists.',
    roles: ['allocator', 'admin'],
    audit: '`audit.read`, naming the household',
    query: auditQuerySchema,
    responses: { 200: { description: 'One page of the trail', schema: auditTrailView } },
    example: { query: { applicantId: 'a-1', limit: '20' } },
    handle: async ({ c, query, transact }) => {
      // In the group commit: answered only after the COMMIT that holds its own `audit.read` row.
      const trail = await transact((ctx) =>
        readApplicantTrail(ctx.db, {
          principal: ctx.principal,
          requestId: ctx.requestId,
          applicantId: query.applicantId,
          ...(query.limit === undefined ? {} : { limit: query.limit }),
          ...(query.before === undefined ? {} : { beforeId: query.before }),
        }),
      )
      return json(c, 200, auditTrailBody(trail))
    },
  }),
]
