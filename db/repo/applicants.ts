/**
 * Applicant households in the database. Documents are validated by the domain
 * schema on the way in and on the way out; the filter columns are written
 * from the same parsed document.
 */
import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm'
import { type Applicant, type ApplicantInput, applicantRecordSchema } from '../../src/domain/applicant.ts'
import { err, ok, type Result } from '../../src/domain/validation.ts'
import type { ApplicantStatus, SituationCode } from '../../src/domain/vocabulary.ts'
import { type Executor, writeTransaction } from '../client.ts'
import { isUniqueViolation } from '../errors.ts'
import { prepared } from '../prepared.ts'
import { applicantPersons, applicantSituationHistory, applicants, culledHouseholds } from '../schema.ts'
import { isoTimestamp, type RepoError, validateIn, validateOut } from './shared.ts'

/** An applicant as stored, with the version an update must quote. */
export interface StoredApplicant {
  applicant: Applicant
  version: number
  /**
   * Set when retention has culled the household (src/services/retention): the record is the
   * statistics skeleton with neutral placeholders, and the day it was culled. Read by `getApplicant`.
   */
  culled?: { on: string }
}

export interface SituationRecord {
  code: SituationCode
  kind: string
  since: string
  recordedAt: string
}

function columnsOf(a: Applicant) {
  return {
    status: a.status,
    // A prevention case is in none of the four situations: NULL, so no count by situation finds it.
    situationCode: a.situation?.code ?? null,
    caseload: a.caseload,
    registeredOn: a.registeredOn,
    hasChildren: a.household.children.length > 0,
    lotteryNumber: a.lotteryNumber,
    body: a,
  }
}

/** Appends the household's situation to its history; a prevention case has none to append. */
function appendSituation(tx: Executor, a: Applicant): void {
  if (a.situation === undefined) return
  tx.insert(applicantSituationHistory)
    .values({ applicantId: a.id, code: a.situation.code, kind: a.situation.kind, since: a.situation.since })
    .run()
}

/**
 * The pseudonyms of the household's members, one row each, kept beside the record so that a
 * second active household with the same person is found by one indexed lookup.
 */
function writePersons(tx: Executor, a: Applicant): void {
  tx.delete(applicantPersons).where(eq(applicantPersons.applicantId, a.id)).run()
  const pseudonyms = [
    ...new Set(
      (a.household.members ?? []).flatMap((m) => (m.pnrPseudonym === undefined ? [] : [m.pnrPseudonym])),
    ),
  ]
  if (pseudonyms.length > 0) {
    tx.insert(applicantPersons)
      .values(pseudonyms.map((pnrPseudonym) => ({ applicantId: a.id, pnrPseudonym })))
      .run()
  }
}

/** Statuses of a household that still seeks housing: a person may be in one such household only. */
export const seekingStatuses = ['active', 'paused', 'offered'] as const

/**
 * The other households that still seek housing (active, paused or offered) and list a member with
 * one of `pseudonyms`, in id order.
 */
export function householdsWithPersons(
  executor: Executor,
  pseudonyms: readonly string[],
  exceptId: string | undefined,
): { id: string; caseload: string }[] {
  if (pseudonyms.length === 0) return []
  return executor
    .selectDistinct({ id: applicants.id, caseload: applicants.caseload })
    .from(applicantPersons)
    .innerJoin(applicants, eq(applicants.id, applicantPersons.applicantId))
    .where(
      and(
        inArray(applicantPersons.pnrPseudonym, [...pseudonyms]),
        inArray(applicants.status, [...seekingStatuses]),
        exceptId === undefined ? undefined : ne(applicants.id, exceptId),
      ),
    )
    .orderBy(asc(applicants.id))
    .all()
}

/**
 * Inserts a new applicant (version 1) and its first situation record.
 *
 * @example
 * const r = insertApplicant(db, makeApplicant({ id: 'a-1' }))
 * if (!r.ok) console.log(r.error.code) // 'INVALID' | 'CONFLICT'
 */
export function insertApplicant(executor: Executor, input: ApplicantInput): Result<Applicant, RepoError> {
  const valid = validateIn(applicantRecordSchema, input)
  if (!valid.ok) return valid
  const a = valid.value
  try {
    writeTransaction(executor, (tx) => {
      tx.insert(applicants)
        .values({ id: a.id, ...columnsOf(a) })
        .run()
      appendSituation(tx, a)
      writePersons(tx, a)
    })
  } catch (error) {
    if (isUniqueViolation(error))
      return err({ code: 'CONFLICT', detail: `applicant "${a.id}" already exists` })
    throw error
  }
  return ok(a)
}

/**
 * Replaces an applicant if its stored version is still `expectedVersion`
 * (optimistic concurrency), bumping the version. A changed situation is
 * appended to the history; the old record stays.
 */
export function updateApplicant(
  executor: Executor,
  input: ApplicantInput,
  expectedVersion: number,
): Result<StoredApplicant, RepoError> {
  const valid = validateIn(applicantRecordSchema, input)
  if (!valid.ok) return valid
  const a = valid.value
  return writeTransaction(executor, (tx): Result<StoredApplicant, RepoError> => {
    const current = getApplicant(tx, a.id)
    if (current === undefined) return err({ code: 'NOT_FOUND', detail: `applicant "${a.id}" does not exist` })
    if (current.version !== expectedVersion) {
      return err({
        code: 'CONFLICT',
        detail: `applicant "${a.id}" is at version ${current.version}, not ${expectedVersion}; read it again`,
      })
    }
    const version = expectedVersion + 1
    tx.update(applicants)
      .set({ ...columnsOf(a), version, updatedAt: isoTimestamp() })
      .where(and(eq(applicants.id, a.id), eq(applicants.version, expectedVersion)))
      .run()
    const was = current.applicant.situation
    const now = a.situation
    if (
      now !== undefined &&
      (was === undefined || was.code !== now.code || was.kind !== now.kind || was.since !== now.since)
    ) {
      appendSituation(tx, a)
    }
    writePersons(tx, a)
    return ok({ applicant: a, version })
  })
}

/** Reads one applicant, or undefined. */
export function getApplicant(executor: Executor, id: string): StoredApplicant | undefined {
  const row = prepared(executor, 'applicants.byId', (db) =>
    db
      .select({ body: applicants.body, version: applicants.version, culledAt: culledHouseholds.culledAt })
      .from(applicants)
      .leftJoin(culledHouseholds, eq(culledHouseholds.applicantId, applicants.id))
      .where(eq(applicants.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id })
  if (row === undefined) return undefined
  const applicant = validateOut(applicantRecordSchema, row.body, 'applicants', id)
  return {
    applicant,
    version: row.version,
    ...(row.culledAt === null ? {} : { culled: { on: row.culledAt.slice(0, 10) } }),
  }
}

/** A household document validated once, kept with the exact stored text it was parsed from. */
interface Validated {
  text: string
  applicant: Applicant
}

/**
 * Validated documents by id, for `getApplicantToShow`: at most `maxValidated`, none kept longer than
 * `validatedForMs` (a culled or changed household's old document does not stay in memory). A Map
 * keeps insertion order, and an entry is re-inserted when it is replaced, so the oldest is first.
 */
const validated = new Map<string, Validated & { at: number }>()
const maxValidated = 2_000
const validatedForMs = 10 * 60_000

let sweepTimer: NodeJS.Timeout | undefined

/**
 * Drops the oldest entries past `maxValidated` and every entry older than `validatedForMs`; while
 * any are left, runs again when the oldest expires (an unref'd timer: it never keeps the process
 * alive), so no document stays in memory much past its ten minutes, read or not.
 */
function sweepValidated(now: number): void {
  for (const [id, old] of validated) {
    if (validated.size <= maxValidated && old.at + validatedForMs > now) break
    validated.delete(id)
  }
  const oldest = validated.values().next().value
  if (oldest === undefined || sweepTimer !== undefined) return
  sweepTimer = setTimeout(
    () => {
      sweepTimer = undefined
      sweepValidated(Date.now())
    },
    Math.max(0, oldest.at + validatedForMs - now) + 1_000,
  )
  sweepTimer.unref()
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

/**
 * Reads one applicant to show it, or undefined: the same answer as `getApplicant`, with the
 * document frozen (deeply) and shared between calls, so the caller must not change it (a write
 * reads with `getApplicant`). Validating a stored document is a pure function of its text, so a
 * document whose stored text is exactly one already validated is not parsed and validated again
 * (JSON.parse and zod were most of a read's cost); any other text, a changed or culled household
 * or one edited by hand, is validated as `getApplicant` does, and a bad one throws the same error.
 *
 * @example
 * const stored = getApplicantToShow(tx, 'a-1') // { applicant (frozen), version, culled? } | undefined
 */
export function getApplicantToShow(executor: Executor, id: string): StoredApplicant | undefined {
  const row = prepared(executor, 'applicants.textById', (db) =>
    db
      .select({
        // The stored text itself (the JSON column's decoder not applied): what the cache compares.
        text: sql<string>`${applicants.body}`,
        version: applicants.version,
        culledAt: culledHouseholds.culledAt,
      })
      .from(applicants)
      .leftJoin(culledHouseholds, eq(culledHouseholds.applicantId, applicants.id))
      .where(eq(applicants.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id })
  if (row === undefined) return undefined
  const now = Date.now()
  let kept = validated.get(id)
  if (kept === undefined || kept.text !== row.text || kept.at + validatedForMs <= now) {
    const applicant = deepFreeze(validateOut(applicantRecordSchema, JSON.parse(row.text), 'applicants', id))
    validated.delete(id)
    kept = { text: row.text, applicant, at: now }
    validated.set(id, kept)
    sweepValidated(now)
  }
  return {
    applicant: kept.applicant,
    version: row.version,
    ...(row.culledAt === null ? {} : { culled: { on: row.culledAt.slice(0, 10) } }),
  }
}

/**
 * The caseload of an applicant (the indexed column, the body not read), or undefined when no
 * applicant has this id: enough to decide whether a caller may see it, at the same cost either way.
 */
export function applicantCaseload(executor: Executor, id: string): string | undefined {
  return prepared(executor, 'applicants.caseloadById', (db) =>
    db
      .select({ caseload: applicants.caseload })
      .from(applicants)
      .where(eq(applicants.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id })?.caseload
}

/** Number of applicants, optionally with one status. */
export function countApplicants(executor: Executor, status?: ApplicantStatus): number {
  const row = executor
    .select({ n: count() })
    .from(applicants)
    .where(status === undefined ? undefined : eq(applicants.status, status))
    .get()
  return row?.n ?? 0
}

/** The applicant's situations, oldest first. */
export function situationHistory(executor: Executor, applicantId: string): SituationRecord[] {
  return executor
    .select({
      code: applicantSituationHistory.code,
      kind: applicantSituationHistory.kind,
      since: applicantSituationHistory.since,
      recordedAt: applicantSituationHistory.recordedAt,
    })
    .from(applicantSituationHistory)
    .where(eq(applicantSituationHistory.applicantId, applicantId))
    .orderBy(asc(applicantSituationHistory.id))
    .all()
}
