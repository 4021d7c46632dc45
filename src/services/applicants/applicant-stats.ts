import { count, sql } from 'drizzle-orm'
import { applicants } from '../../../db/schema.ts'
import { type Cell, suppress, suppressionThreshold } from '../../domain/follow-up/suppress.ts'
import { ok } from '../../domain/validation.ts'
import {
  type ApplicantStatus,
  applicantStatuses,
  type SituationCode,
  situationCodes,
} from '../../domain/vocabulary.ts'
import type { ServiceCall, ServiceResult } from '../context.ts'

export { type Cell, suppress, suppressionThreshold } from '../../domain/follow-up/suppress.ts'

export interface ApplicantStats {
  suppressionThreshold: number
  total: Cell
  bySituation: Record<SituationCode, Cell>
  byStatus: Record<ApplicantStatus, Cell>
  byChildren: { withChildren: Cell; withoutChildren: Cell }
  /**
   * Prevention cases: households at risk of eviction registered before they are homeless, in none
   * of the four situations (rule PV2), so in no `bySituation` cell; `total` counts them.
   */
  preventionCases: Cell
}

/**
 * Counts of households per situation, per status and with or without
 * children, small cells suppressed: the aggregate view an analyst may see,
 * never a person's record. Not audited (it reads no record).
 *
 * @example
 * applicantStats({ ctx, input: {} }).value.bySituation.acute // { count: 48, suppressed: false }
 */
export function applicantStats({ ctx }: ServiceCall<Record<string, never>>): ServiceResult<ApplicantStats> {
  const rows = ctx.db
    .select({
      situation: applicants.situationCode,
      status: applicants.status,
      hasChildren: applicants.hasChildren,
      n: count(),
    })
    .from(applicants)
    .groupBy(applicants.situationCode, applicants.status, sql`${applicants.hasChildren}`)
    .all()
  const bySituation = Object.fromEntries(situationCodes.map((c) => [c, 0])) as Record<SituationCode, number>
  const byStatus = Object.fromEntries(applicantStatuses.map((s) => [s, 0])) as Record<ApplicantStatus, number>
  const byChildren = { withChildren: 0, withoutChildren: 0 }
  let total = 0
  let preventionCases = 0
  for (const r of rows) {
    if (r.situation === null) preventionCases += r.n
    else bySituation[r.situation] += r.n
    byStatus[r.status] += r.n
    byChildren[r.hasChildren ? 'withChildren' : 'withoutChildren'] += r.n
    total += r.n
  }
  return ok({
    suppressionThreshold,
    total: suppress({ total }).total,
    bySituation: suppress(bySituation),
    byStatus: suppress(byStatus),
    byChildren: suppress(byChildren),
    preventionCases: suppress({ preventionCases }).preventionCases,
  })
}
