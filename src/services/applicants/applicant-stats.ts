import { count, sql } from 'drizzle-orm'
import { applicants } from '../../../db/schema.ts'
import { ok } from '../../domain/validation.ts'
import {
  type ApplicantStatus,
  applicantStatuses,
  type SituationCode,
  situationCodes,
} from '../../domain/vocabulary.ts'
import type { ServiceCall, ServiceResult } from '../context.ts'

/** Cells counting 1 to 4 households are suppressed: small numbers can point at a person. */
export const suppressionThreshold = 5

/** A count, or null when it is suppressed. */
export interface Cell {
  count: number | null
  suppressed: boolean
}

export interface ApplicantStats {
  suppressionThreshold: number
  total: Cell
  bySituation: Record<SituationCode, Cell>
  byStatus: Record<ApplicantStatus, Cell>
  byChildren: { withChildren: Cell; withoutChildren: Cell }
}

/**
 * Suppresses one dimension's cells: every count from 1 to threshold − 1
 * (primary), and, when that hides exactly one cell, the smallest other
 * non-zero cell too (secondary), so that the hidden count cannot be recovered
 * as the total minus the visible cells. Zero is shown: "no household" points
 * at no one. When the total itself is small every non-zero cell is hidden.
 *
 * @example
 * suppress({ a: 12, b: 3, c: 7 }, 5) // a 12, b hidden, c hidden (secondary)
 */
export function suppress<K extends string>(
  counts: Record<K, number>,
  threshold = suppressionThreshold,
): Record<K, Cell> {
  const keys = Object.keys(counts) as K[]
  const total = keys.reduce((s, k) => s + counts[k], 0)
  const hidden = new Set<K>(keys.filter((k) => counts[k] > 0 && (counts[k] < threshold || total < threshold)))
  if (hidden.size === 1) {
    const next = keys
      .filter((k) => !hidden.has(k) && counts[k] > 0)
      .sort((a, b) => counts[a] - counts[b] || (a < b ? -1 : 1))[0]
    if (next !== undefined) hidden.add(next)
  }
  const out = {} as Record<K, Cell>
  for (const k of keys)
    out[k] = hidden.has(k) ? { count: null, suppressed: true } : { count: counts[k], suppressed: false }
  return out
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
  for (const r of rows) {
    bySituation[r.situation] += r.n
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
  })
}
