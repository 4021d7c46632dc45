/**
 * Retention (gallring): finds what is past its time (`planRetention`, read only) and culls it
 * (`runRetention`) in ONE write transaction, so a held lock, a full disk or a crash leaves
 * nothing half culled. The periods and their sources: `src/domain/retention.ts`; the rules in
 * words: docs/domain.md, "Gallring och personuppgifter".
 *
 * What a run keeps: every row the follow-up reports and the daily counts read (households as a
 * statistics skeleton, situations, offers, decisions, placements, rounds with their equality
 * figures), so every report gives the same numbers before and after. What it records: one audit
 * row per culled household (`applicant.retention`), one for the run (`retention.run`), and a
 * tombstone for every audit row it removes: the deletion, never the data.
 *
 * The append-only triggers let a guarded row change or go only while `retention_active` holds a
 * row; the run inserts it first and deletes it last, inside this transaction (migration 0015).
 */
import { createHash, randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../../db/client.ts'
import { auditLogCulled, culledHouseholds, retentionActive, retentionRuns } from '../../../db/schema.ts'
import type { Applicant } from '../../domain/applicant.ts'
import {
  closedStatuses,
  householdSkeleton,
  type RetentionKind,
  type RetentionSettings,
  resultWithoutExplanations,
  retentionCutoff,
  retentionKindCodes,
} from '../../domain/retention.ts'
import type { Principal } from '../../domain/roles.ts'
import { err, ok, type Result } from '../../domain/validation.ts'
import { type AuditRow, appendAudit, auditHash, tombstonesDigest } from '../audit.ts'

export interface RetentionPlan {
  /** ISO-8601 UTC: the moment the periods are counted back from. */
  readonly now: string
  readonly periods: RetentionSettings
  /** Per kind, the instant before which a record is past its time. */
  readonly cutoffs: Readonly<Record<RetentionKind, string>>
  /** Per kind, how many records a run culls (households, rounds, audit rows and subject entries, sessions). */
  readonly counts: Readonly<Record<RetentionKind, number>>
  /** The households whose record is culled, by id, sorted. */
  readonly households: readonly string[]
  /** The households (culled now or before) whose audit rows are culled, by id, sorted. */
  readonly auditHouseholds: readonly string[]
  /** The rounds whose snapshot and explanations are culled, by id, sorted. */
  readonly rounds: readonly string[]
}

export interface RetentionReport extends RetentionPlan {
  /** True when nothing was changed (a dry run, or nothing past its time). */
  readonly dryRun: boolean
  /** The run's id (its audit rows' request id); null when nothing was changed. */
  readonly runId: string | null
}

export type RetentionError = {
  code: 'MARKER_LEFT'
  detail: string
}

const placeholders = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )

/** Ids are compared in code-unit order so the listing does not depend on the machine's locale. */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The households past their time: closed (housed or withdrawn), not culled before, in no open
 * round, and whose last entry (a change of the record, a situation, a decision, an offer or its
 * answer, a placement or its take-over or end, an ÖBO priority decision) was made before the cutoff. Reads are not entries.
 */
function householdsPast(tx: Executor, cutoff: string): string[] {
  const statuses = placeholders(closedStatuses)
  return tx
    .all<{ id: string }>(sql`
      SELECT a.id AS id FROM applicants a
      WHERE a.status IN (${statuses})
        AND a.id NOT IN (SELECT applicant_id FROM culled_households)
        AND NOT EXISTS (
          SELECT 1 FROM round_pool p JOIN rounds r ON r.id = p.round_id
          WHERE p.object_type = 'applicant' AND p.object_id = a.id
            AND r.status IN ('queued', 'solving', 'proposed'))
        AND max(
          a.updated_at,
          coalesce((SELECT max(max(h.recorded_at), max(h.since)) FROM applicant_situation_history h WHERE h.applicant_id = a.id), ''),
          coalesce((SELECT max(d.decided_at) FROM decisions d WHERE d.applicant_id = a.id), ''),
          coalesce((SELECT max(o.updated_at) FROM offers o WHERE o.applicant_id = a.id), ''),
          coalesce((SELECT max(max(p.created_at), max(p.start_date)) FROM placements p WHERE p.applicant_id = a.id), ''),
          coalesce((SELECT max(q.updated_at) FROM obo_priority_decisions q WHERE q.applicant_id = a.id), ''),
          coalesce((SELECT max(max(e.created_at), max(e."on")) FROM placement_events e WHERE e.applicant_id = a.id), '')
        ) < ${cutoff}
    `)
    .map((r) => r.id)
    .sort(byCodeUnit)
}

/** Rounds that closed (or failed) before the cutoff and still hold their snapshot. */
function roundsPast(tx: Executor, cutoff: string): string[] {
  return tx
    .all<{ id: string }>(sql`
      SELECT id FROM rounds
      WHERE status IN ('closed', 'failed', 'infeasible') AND snapshot IS NOT NULL
        AND coalesce(closed_at, updated_at) < ${cutoff}
    `)
    .map((r) => r.id)
    .sort(byCodeUnit)
}

/**
 * Audit rows naming a culled household (as the row's object, or as a subject of a list read),
 * written before the cutoff. The rows recording a culling (`applicant.retention`) are never culled:
 * they are what stays.
 */
function auditPast(tx: Executor, cutoff: string, culled: readonly string[]) {
  const newly =
    culled.length === 0 ? sql`` : sql` UNION SELECT value FROM json_each(${JSON.stringify(culled)})`
  const set = sql`(SELECT applicant_id FROM culled_households${newly})`
  const rows = tx.all<{ id: number; objectId: string }>(sql`
    SELECT id, object_id AS objectId FROM audit_log
    WHERE object_type = 'applicant' AND object_id IN ${set} AND at < ${cutoff}
      AND action <> 'applicant.retention'
    ORDER BY id
  `)
  const subjects = tx.all<{ auditId: number; objectId: string }>(sql`
    SELECT s.audit_id AS auditId, s.object_id AS objectId
    FROM audit_log_subjects s JOIN audit_log a ON a.id = s.audit_id
    WHERE a.object_type = 'applicant' AND s.object_id IN ${set} AND a.at < ${cutoff}
    ORDER BY s.audit_id, s.object_id
  `)
  return { rows, subjects }
}

function sessionsPast(tx: Executor, cutoff: string): number {
  return (
    tx.get<{ n: number }>(sql`
      SELECT count(*) AS n FROM staff_sessions
      WHERE expires_at < ${cutoff} OR (ended_at IS NOT NULL AND ended_at < ${cutoff})
    `)?.n ?? 0
  )
}

function planIn(tx: Executor, periods: RetentionSettings, now: Date) {
  const cutoffs = Object.fromEntries(
    retentionKindCodes.map((k) => [k, retentionCutoff(k, periods[k], now)]),
  ) as Record<RetentionKind, string>
  const households = householdsPast(tx, cutoffs.household)
  const rounds = roundsPast(tx, cutoffs.round)
  const audit = auditPast(tx, cutoffs.audit, households)
  const sessions = sessionsPast(tx, cutoffs.staff_session)
  const auditHouseholds = [
    ...new Set([...audit.rows.map((r) => r.objectId), ...audit.subjects.map((s) => s.objectId)]),
  ].sort(byCodeUnit)
  const plan: RetentionPlan = {
    now: now.toISOString(),
    periods,
    cutoffs,
    counts: {
      household: households.length,
      round: rounds.length,
      audit: audit.rows.length + audit.subjects.length,
      staff_session: sessions,
    },
    households,
    auditHouseholds,
    rounds,
  }
  return { plan, audit }
}

/**
 * What a run would cull now, without changing anything (`hemvist retention run --dry-run`).
 *
 * @example
 * planRetention(db, config.retention.periods).counts // { household: 3, round: 1, audit: 41, staff_session: 0 }
 */
export function planRetention(
  executor: Executor,
  periods: RetentionSettings,
  now = new Date(),
): RetentionPlan {
  return executor.transaction((tx) => planIn(tx, periods, now).plan, { behavior: 'deferred' })
}

/** Culls one household's record, keeping the statistics skeleton (see `householdSkeleton`). */
function cullHousehold(tx: Executor, id: string, runId: string, now: string): void {
  const row = tx.get<{ body: string }>(sql`SELECT body FROM applicants WHERE id = ${id}`)
  if (row === undefined) return
  const skeleton = householdSkeleton(JSON.parse(row.body) as Applicant)
  const withdrawnOn =
    tx.get<{ at: string | null }>(sql`
      SELECT min(at) AS at FROM audit_log
      WHERE object_type = 'applicant' AND object_id = ${id} AND action LIKE 'applicant.withdraw%'
    `)?.at ?? null
  tx.insert(culledHouseholds)
    .values({ applicantId: id, runId, culledAt: now, withdrawnOn: withdrawnOn?.slice(0, 10) ?? null })
    .run()
  tx.run(sql`
    UPDATE applicants SET body = ${JSON.stringify(skeleton)}, version = version + 1, updated_at = ${now}
    WHERE id = ${id}
  `)
  // The tables that hold the household's data beyond its own row. A new table joins this list.
  const offersOf = sql`(SELECT id FROM offers WHERE applicant_id = ${id})`
  // The support decision's reference (a case number in the social services' own register) goes too.
  tx.run(sql`UPDATE decisions SET reason_text = NULL, score_terms = NULL, basis_reference = NULL
    WHERE applicant_id = ${id} AND (reason_text IS NOT NULL OR score_terms IS NOT NULL OR basis_reference IS NOT NULL)`)
  tx.run(sql`UPDATE proposals SET explanation = NULL WHERE applicant_id = ${id} AND explanation IS NOT NULL`)
  tx.run(sql`UPDATE offers SET decline_note = NULL WHERE applicant_id = ${id} AND decline_note IS NOT NULL`)
  tx.run(sql`DELETE FROM obo_priority_decisions WHERE applicant_id = ${id}`)
  // The personnummer's pseudonyms (the index that finds a person in two households).
  tx.run(sql`DELETE FROM applicant_persons WHERE applicant_id = ${id}`)
  tx.run(sql`DELETE FROM obo_outbox WHERE offer_id IN ${offersOf}`)
  tx.run(sql`DELETE FROM obo_inbox WHERE offer_id IN ${offersOf}`)
  tx.run(sql`DELETE FROM round_pool WHERE object_type = 'applicant' AND object_id = ${id}
    AND round_id IN (SELECT id FROM rounds WHERE status IN ('closed', 'failed', 'infeasible'))`)
}

/** Culls a round's snapshot (every household of its pool) and its explanations; pairs, scores and equality stay. */
function cullRound(tx: Executor, id: string): void {
  const row = tx.get<{ result: string | null }>(sql`SELECT result FROM rounds WHERE id = ${id}`)
  const result =
    row?.result == null ? null : JSON.stringify(resultWithoutExplanations(JSON.parse(row.result)))
  const resultSha = result === null ? null : createHash('sha256').update(result, 'utf8').digest('hex')
  tx.run(sql`UPDATE rounds SET snapshot = NULL, snapshot_sha256 = NULL, result = ${result},
    result_sha256 = ${resultSha} WHERE id = ${id}`)
  tx.run(sql`UPDATE proposals SET explanation = NULL WHERE round_id = ${id} AND explanation IS NOT NULL`)
  tx.run(sql`DELETE FROM round_pool WHERE round_id = ${id}`)
}

interface Tombstone {
  auditId: number
  hash: string
  prevHash: string
  residualHash: string | null
}

/**
 * Removes the audit rows and subject entries past their time, leaving a tombstone for each row
 * touched: a removed row's hash and prev_hash (the chain links through them), or, for a list read
 * that keeps other subjects, the hash over what is left.
 */
function cullAudit(
  tx: Executor,
  runId: string,
  past: ReturnType<typeof auditPast>,
  before: number,
): Tombstone[] {
  const removed = new Set(past.rows.filter((r) => r.id < before).map((r) => r.id))
  const subjectsOf = new Map<number, string[]>()
  for (const s of past.subjects) {
    if (s.auditId >= before || removed.has(s.auditId)) continue
    subjectsOf.set(s.auditId, [...(subjectsOf.get(s.auditId) ?? []), s.objectId])
  }
  const touched = [...new Set([...removed, ...subjectsOf.keys()])].sort((a, b) => a - b)
  const tombstones: Tombstone[] = []
  for (const auditId of touched) {
    const row = tx.get<AuditRow>(sql`
      SELECT id, at, token_id AS tokenId, role, action, object_type AS objectType, object_id AS objectId,
        request_id AS requestId, prev_hash AS prevHash, hash FROM audit_log WHERE id = ${auditId}`)
    if (row === undefined) continue
    if (removed.has(auditId)) {
      tx.run(sql`DELETE FROM audit_log_subjects WHERE audit_id = ${auditId}`)
      tx.run(sql`DELETE FROM audit_log WHERE id = ${auditId}`)
      tombstones.push({ auditId, hash: row.hash, prevHash: row.prevHash, residualHash: null })
    } else {
      const gone = subjectsOf.get(auditId) ?? []
      tx.run(sql`DELETE FROM audit_log_subjects WHERE audit_id = ${auditId}
        AND object_id IN (SELECT value FROM json_each(${JSON.stringify(gone)}))`)
      const left = tx
        .all<{ objectId: string }>(
          sql`SELECT object_id AS objectId FROM audit_log_subjects WHERE audit_id = ${auditId}`,
        )
        .map((s) => s.objectId)
      const { hash: _stored, ...fields } = row
      tombstones.push({
        auditId,
        hash: row.hash,
        prevHash: row.prevHash,
        residualHash: auditHash(fields, left),
      })
    }
  }
  for (const t of tombstones)
    tx.insert(auditLogCulled)
      .values({ ...t, runId })
      .run()
  return tombstones
}

/**
 * Culls everything past its time in ONE write transaction, or, with `dryRun`, only says what it
 * would cull. Audited: one `applicant.retention` row per culled household and one `retention.run`
 * row, all with the run's id as request id. Throws what SQLite throws (a lock held past the busy
 * timeout, a full disk): the transaction is then rolled back whole.
 *
 * @example
 * const r = runRetention(db, { periods: config.retention.periods, principal: operator })
 * if (r.ok) console.log(r.value.counts, r.value.households)
 */
export function runRetention(
  executor: Executor,
  input: { periods: RetentionSettings; principal: Principal; dryRun?: boolean; now?: Date },
): Result<RetentionReport, RetentionError> {
  const now = input.now ?? new Date()
  if (input.dryRun === true)
    return ok({ ...planRetention(executor, input.periods, now), dryRun: true, runId: null })
  return writeTransaction(executor, (tx): Result<RetentionReport, RetentionError> => {
    const left = tx.get<{ runId: string }>(sql`SELECT run_id AS runId FROM retention_active LIMIT 1`)
    if (left !== undefined) {
      return err({
        code: 'MARKER_LEFT',
        detail: `a retention marker (run ${left.runId}) is in the database outside any run: someone wrote it by hand, and while it is there the append-only guards are open; remove it first`,
      })
    }
    const { plan, audit } = planIn(tx, input.periods, now)
    const total = retentionKindCodes.reduce((sum, k) => sum + plan.counts[k], 0)
    if (total === 0) return ok({ ...plan, dryRun: true, runId: null })
    const runId = randomUUID()
    const at = plan.now
    tx.insert(retentionActive).values({ runId }).run()
    // The audit rows first: the tombstones below cover only rows written before them.
    const first = appendAudit(
      tx,
      {
        principal: input.principal,
        action: 'retention.run',
        objectType: 'retention_run',
        objectId: runId,
        requestId: runId,
      },
      now,
    )
    for (const id of plan.households) {
      appendAudit(
        tx,
        {
          principal: input.principal,
          action: 'applicant.retention',
          objectType: 'applicant',
          objectId: id,
          requestId: runId,
        },
        now,
      )
    }
    for (const id of plan.households) cullHousehold(tx, id, runId, at)
    for (const id of plan.rounds) cullRound(tx, id)
    const tombstones = cullAudit(tx, runId, audit, first.id)
    tx.run(sql`DELETE FROM staff_sessions WHERE expires_at < ${plan.cutoffs.staff_session}
      OR (ended_at IS NOT NULL AND ended_at < ${plan.cutoffs.staff_session})`)
    tx.insert(retentionRuns)
      .values({
        id: runId,
        ranAt: at,
        settings: plan.periods,
        counts: plan.counts,
        tombstonesSha256: tombstonesDigest(tombstones),
      })
      .run()
    tx.run(sql`DELETE FROM retention_active WHERE run_id = ${runId}`)
    return ok({ ...plan, dryRun: false, runId })
  })
}
