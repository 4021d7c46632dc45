import { and, eq, lte } from 'drizzle-orm'
import { applicants, vacancies } from '../../../db/schema.ts'
import { ok } from '../../domain/validation.ts'
import type { ServiceCall, ServiceResult } from '../context.ts'
import { heldObjects } from './store.ts'

export interface PoolPreview {
  asOf: string
  /** Active households that no open round holds. */
  households: number
  /** Open vacancies available on `asOf` that no open round holds. */
  vacancies: number
  /** Held by another open round (a pending proposal, or a round being solved): not in this pool. */
  held: { households: number; vacancies: number }
}

/**
 * The counts of the pool a round for `asOf` would take if it were solved now, by the same rule the
 * worker's snapshot follows (rule R1 in docs/rounds.md): what to expect before starting a round.
 * Counts only, no record: not audited. The snapshot itself is taken when the worker starts the
 * solve, so the numbers can differ if households or vacancies change in between.
 *
 * @example
 * poolPreview({ ctx, input: { asOf: '2026-12-07' } }).value // { households: 48, vacancies: 12, … }
 */
export function poolPreview({ ctx, input }: ServiceCall<{ asOf: string }>): ServiceResult<PoolPreview> {
  const held = heldObjects(ctx.db, '')
  const activeIds = ctx.db
    .select({ id: applicants.id })
    .from(applicants)
    .where(eq(applicants.status, 'active'))
    .all()
  const openIds = ctx.db
    .select({ id: vacancies.id })
    .from(vacancies)
    .where(and(eq(vacancies.status, 'open'), lte(vacancies.availableFrom, input.asOf)))
    .all()
  const heldHouseholds = activeIds.filter((r) => held.applicants.has(r.id)).length
  const heldVacancies = openIds.filter((r) => held.vacancies.has(r.id)).length
  return ok({
    asOf: input.asOf,
    households: activeIds.length - heldHouseholds,
    vacancies: openIds.length - heldVacancies,
    held: { households: heldHouseholds, vacancies: heldVacancies },
  })
}
