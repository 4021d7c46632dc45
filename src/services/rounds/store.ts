/**
 * The storage side of rounds, proposals, decisions, offers and placements that
 * several round services share: reading rows as domain values, the pool's
 * holds, and the system's writes to households and vacancies (status changes
 * that follow from a decision or an answer, always with the version bumped so
 * a client's stale If-Match is refused afterwards).
 */
import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../../../db/client.ts'
import { getApplicant, type StoredApplicant, updateApplicant } from '../../../db/repo/applicants.ts'
import { getVacancy, type StoredVacancy, updateVacancy } from '../../../db/repo/vacancies.ts'
import { applicants, offers, proposals, roundPool, rounds } from '../../../db/schema.ts'
import type { Applicant } from '../../domain/applicant.ts'
import type { Principal } from '../../domain/roles.ts'
import type { Vacancy } from '../../domain/vacancy.ts'

export type RoundRow = typeof rounds.$inferSelect
export type ProposalRow = typeof proposals.$inferSelect
export type OfferRow = typeof offers.$inferSelect

/** The principal the worker acts as in the audit trail (it decides nothing: it solves, expires and re-matches). */
export const workerPrincipal: Principal = { tokenId: 'worker', role: 'admin', caseloads: [] }

export function roundRow(executor: Executor, id: string): RoundRow | undefined {
  return executor.select().from(rounds).where(eq(rounds.id, id)).get()
}

/** True when household `applicantId` was in round `roundId`'s pool (taken with its snapshot). */
export function inRoundPool(executor: Executor, roundId: string, applicantId: string): boolean {
  return (
    executor
      .select({ id: roundPool.objectId })
      .from(roundPool)
      .where(
        and(
          eq(roundPool.roundId, roundId),
          eq(roundPool.objectType, 'applicant'),
          eq(roundPool.objectId, applicantId),
        ),
      )
      .get() !== undefined
  )
}

/** A round's row without its snapshot and result texts (megabytes each at a city's size). */
export type RoundSummaryRow = Omit<RoundRow, 'snapshot' | 'result'>

const { snapshot: _snapshot, result: _result, ...summaryColumns } = getTableColumns(rounds)

/**
 * The columns of a round but its two large texts: what a status or a list needs. Reading the
 * snapshot and the result (4 and 20 MB at 5,000 × 1,000) on every poll of a round's status held
 * the API's thread for nothing.
 */
export const roundSummarySelect = summaryColumns

export function roundSummaryRow(executor: Executor, id: string): RoundSummaryRow | undefined {
  return executor.select(roundSummarySelect).from(rounds).where(eq(rounds.id, id)).get()
}

/**
 * Households and vacancies another open round holds, so they are not put in a
 * second round's pool: the pool of every round being solved, and the pair of
 * every pending proposal of a round under review (rule R1 in docs/rounds.md).
 */
export function heldObjects(
  executor: Executor,
  exceptRoundId: string,
): { applicants: Set<string>; vacancies: Set<string> } {
  const applicants = new Set<string>()
  const vacancies = new Set<string>()
  const pooled = executor
    .select({ objectType: roundPool.objectType, objectId: roundPool.objectId })
    .from(roundPool)
    .innerJoin(rounds, eq(rounds.id, roundPool.roundId))
    .where(and(eq(rounds.status, 'solving'), sql`${rounds.id} <> ${exceptRoundId}`))
    .all()
  for (const p of pooled) (p.objectType === 'applicant' ? applicants : vacancies).add(p.objectId)
  const pending = executor
    .select({ applicantId: proposals.applicantId, vacancyId: proposals.vacancyId })
    .from(proposals)
    .innerJoin(rounds, eq(rounds.id, proposals.roundId))
    .where(
      and(
        eq(proposals.status, 'pending'),
        eq(rounds.status, 'proposed'),
        sql`${rounds.id} <> ${exceptRoundId}`,
      ),
    )
    .all()
  for (const p of pending) {
    applicants.add(p.applicantId)
    vacancies.add(p.vacancyId)
  }
  return { applicants, vacancies }
}

/** The open offer a household or a vacancy holds, if any (at most one each: unique indexes hold that). */
export function openOfferOf(
  executor: Executor,
  by: { applicantId?: string; vacancyId?: string },
): OfferRow | undefined {
  if (by.applicantId !== undefined) {
    return executor
      .select()
      .from(offers)
      .where(and(eq(offers.applicantId, by.applicantId), eq(offers.status, 'open')))
      .get()
  }
  if (by.vacancyId !== undefined) {
    return executor
      .select()
      .from(offers)
      .where(and(eq(offers.vacancyId, by.vacancyId), eq(offers.status, 'open')))
      .get()
  }
  return undefined
}

/** Pending proposals naming any of these households or vacancies (in rounds under review). */
export function pendingProposalsFor(
  executor: Executor,
  by: { applicantIds?: readonly string[]; vacancyIds?: readonly string[] },
): ProposalRow[] {
  const out: ProposalRow[] = []
  if (by.applicantIds && by.applicantIds.length > 0) {
    out.push(
      ...executor
        .select()
        .from(proposals)
        .where(and(eq(proposals.status, 'pending'), inArray(proposals.applicantId, [...by.applicantIds])))
        .all(),
    )
  }
  if (by.vacancyIds && by.vacancyIds.length > 0) {
    out.push(
      ...executor
        .select()
        .from(proposals)
        .where(and(eq(proposals.status, 'pending'), inArray(proposals.vacancyId, [...by.vacancyIds])))
        .all(),
    )
  }
  return out
}

/** Reads a household that must exist (a foreign key names it); a missing one is a defect, not a user error. */
export function mustApplicant(executor: Executor, id: string): StoredApplicant {
  const a = getApplicant(executor, id)
  if (a === undefined) throw new Error(`round store: applicant ${id} is missing`)
  return a
}

export function mustVacancy(executor: Executor, id: string): StoredVacancy {
  const v = getVacancy(executor, id)
  if (v === undefined) throw new Error(`round store: vacancy ${id} is missing`)
  return v
}

/** Writes a household the system changed (status, declines), bumping its version. Call inside the write lock. */
export function writeApplicantAsSystem(executor: Executor, current: StoredApplicant, next: Applicant): void {
  const r = updateApplicant(executor, next, current.version)
  if (!r.ok) throw new Error(`round store: cannot write applicant ${next.id}: ${r.error.code}`)
}

export function writeVacancyAsSystem(executor: Executor, current: StoredVacancy, next: Vacancy): void {
  const r = updateVacancy(executor, next, current.version)
  if (!r.ok) throw new Error(`round store: cannot write vacancy ${next.id}: ${r.error.code}`)
}

/** Today's date (UTC) as YYYY-MM-DD. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/**
 * The households among `applicantIds` whose place (the vacancy offered or let
 * to them) the principal may not see: protected-identity households, for
 * every role but admin and allocator (the same line the household view draws).
 */
export function placeWithheldFrom(
  executor: Executor,
  principal: Principal,
  applicantIds: readonly string[],
): Set<string> {
  const out = new Set<string>()
  if (principal.role === 'admin' || principal.role === 'allocator') return out
  const ids = [...new Set(applicantIds)]
  for (let i = 0; i < ids.length; i += 500) {
    for (const row of executor
      .select({ id: applicants.id, body: applicants.body })
      .from(applicants)
      .where(inArray(applicants.id, ids.slice(i, i + 500)))
      .all()) {
      if ((row.body as { safety?: { protectedIdentity?: boolean } }).safety?.protectedIdentity)
        out.add(row.id)
    }
  }
  return out
}
