/**
 * What `GET /v1/audit` shows of the audit trail: who (token, its label and
 * role) did what, when, in which request. Never the hashes or any other
 * column of the log.
 */
import { z } from 'zod'
import { entityId } from '../../domain/schema-parts.ts'
import type { ApplicantTrail } from '../../services/audit.ts'
import { named } from './registry.ts'

export const auditTrailView = named(
  'AuditTrail',
  z.strictObject({
    applicantId: entityId,
    entries: z.array(
      z.strictObject({
        id: z.number().int().min(1),
        at: z.iso.datetime(),
        tokenId: z.string(),
        tokenLabel: z.string().nullable(),
        role: z.string(),
        action: z.string(),
        requestId: z.string(),
      }),
    ),
    /** Pass as `before` for the next (older) page; null on the last. */
    next: z
      .string()
      .regex(/^[1-9][0-9]*$/)
      .nullable(),
  }),
)

export function auditTrailBody(trail: ApplicantTrail): z.output<typeof auditTrailView> {
  return {
    applicantId: trail.applicantId,
    entries: trail.entries,
    next: trail.nextBeforeId === null ? null : String(trail.nextBeforeId),
  }
}
