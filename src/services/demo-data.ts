/**
 * Demo data in the database: whether any is there (`demoPresence`, for the start-up log, `/health`
 * and the staff pages' banner) and its removal (`removeDemo`, `hemvist demo remove`).
 *
 * Every demo record is named in `demo_records` (migration 0016): the seed names the households,
 * flats and first round it writes, the demo's ÖBO loop names its token, and triggers name every
 * record that follows from a demo record (a proposal, decision, offer or placement about a demo
 * household or flat, a nomination, ÖBO's answer, a re-match round). Removal deletes exactly those
 * and nothing else, in one transaction.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../db/client.ts'
import { type demoRecordTypes, followUpSnapshots } from '../../db/schema.ts'
import { dailyCounts } from '../domain/follow-up/reports.ts'
import type { Principal } from '../domain/roles.ts'
import { err, ok, type Result } from '../domain/validation.ts'
import { appendAudit } from './audit.ts'
import { loadFollowUp } from './follow-up/load.ts'

export type DemoRecordType = (typeof demoRecordTypes)[number]

export interface DemoPresence {
  present: boolean
  households: number
  vacancies: number
}

/**
 * Whether the database holds demo data, and how many demo households and flats.
 *
 * @example
 * demoPresence(db) // { present: true, households: 300, vacancies: 60 }
 */
export function demoPresence(executor: Executor): DemoPresence {
  const rows = executor.all<{ type: string; n: number }>(
    sql`SELECT object_type AS type, count(*) AS n FROM demo_records GROUP BY object_type`,
  )
  const n = (type: DemoRecordType) => rows.find((r) => r.type === type)?.n ?? 0
  return { present: rows.length > 0, households: n('applicant'), vacancies: n('vacancy') }
}

/** Whether the database holds any demo record: one index probe, cheap enough for every page and `/health`. */
export function hasDemoData(executor: Executor): boolean {
  return executor.get(sql`SELECT 1 AS one FROM demo_records LIMIT 1`) !== undefined
}

/** Names records as demo records (the seed and the demo's ÖBO loop call it for what they write). */
export function markDemo(executor: Executor, type: DemoRecordType, ids: readonly string[]): void {
  if (ids.length === 0) return
  executor.run(sql`INSERT OR IGNORE INTO demo_records (object_type, object_id)
    SELECT ${type}, value FROM json_each(${JSON.stringify(ids)})`)
}

export interface DemoRemoval {
  /** Rows removed per kind of record (tokens are revoked, not removed: the audit log names them). */
  removed: Readonly<Record<DemoRecordType, number>>
  /** Stored daily counts recounted without the demo households. */
  daysRecounted: number
}

export type DemoRemovalError = { code: 'ENTANGLED'; detail: string } | { code: 'BUSY'; detail: string }

const removalOrder: readonly { type: DemoRecordType; table: string; key: string }[] = [
  { type: 'obo_inbox', table: 'obo_inbox', key: 'delivery_id' },
  { type: 'obo_outbox', table: 'obo_outbox', key: 'id' },
  { type: 'placement_event', table: 'placement_events', key: 'id' },
  { type: 'placement', table: 'placements', key: 'id' },
  { type: 'offer', table: 'offers', key: 'id' },
  { type: 'decision', table: 'decisions', key: 'id' },
  { type: 'proposal', table: 'proposals', key: 'id' },
  { type: 'obo_priority_decision', table: 'obo_priority_decisions', key: 'decision_ref' },
  { type: 'round', table: 'rounds', key: 'id' },
  { type: 'applicant', table: 'applicants', key: 'id' },
  { type: 'vacancy', table: 'vacancies', key: 'id' },
]

const demoIds = (type: DemoRecordType) =>
  sql`(SELECT object_id FROM demo_records WHERE object_type = ${type})`

/**
 * Removes every demo record, and only those, in ONE write transaction; the stored daily counts are
 * recounted without them, and one audit row (`demo.remove`) records it. Refused, with the ids, when
 * a real record depends on a demo one (a decision, offer or placement that pairs a real household
 * with a demo flat or the other way round: removing it would leave the real record half told), or
 * while the worker is solving a demo round.
 *
 * @example
 * const r = removeDemo(db, { principal: operator, requestId })
 * if (r.ok) r.value.removed.applicant // 300
 */
export function removeDemo(
  executor: Executor,
  input: { principal: Principal; requestId?: string; now?: Date },
): Result<DemoRemoval, DemoRemovalError> {
  const now = input.now ?? new Date()
  return writeTransaction(executor, (tx): Result<DemoRemoval, DemoRemovalError> => {
    const counts = Object.fromEntries(
      tx
        .all<{ type: string; n: number }>(
          sql`SELECT object_type AS type, count(*) AS n FROM demo_records GROUP BY object_type`,
        )
        .map((r) => [r.type, r.n]),
    ) as Partial<Record<DemoRecordType, number>>
    const removed = Object.fromEntries(
      [...removalOrder.map((s) => s.type), 'api_token' as const].map((t) => [t, counts[t] ?? 0]),
    ) as Record<DemoRecordType, number>
    if (Object.keys(counts).length === 0) return ok({ removed, daysRecounted: 0 })

    const entangled = tx.all<{ what: string }>(sql`
      SELECT m.object_type || ' ' || m.object_id AS what FROM demo_records m
      JOIN (
        SELECT 'decision' AS t, id, applicant_id, vacancy_id FROM decisions
        UNION ALL SELECT 'offer', id, applicant_id, vacancy_id FROM offers
        UNION ALL SELECT 'placement', id, applicant_id, vacancy_id FROM placements
      ) r ON r.t = m.object_type AND r.id = m.object_id
      WHERE r.applicant_id NOT IN ${demoIds('applicant')} OR r.vacancy_id NOT IN ${demoIds('vacancy')}
      ORDER BY 1 LIMIT 20
    `)
    if (entangled.length > 0) {
      return err({
        code: 'ENTANGLED',
        detail: `real households or flats are tied to demo data by ${entangled.map((e) => e.what).join(', ')}: removing them would leave real records half told, so nothing was removed`,
      })
    }
    const solving = tx.get<{ id: string }>(
      sql`SELECT id FROM rounds WHERE status = 'solving' AND id IN ${demoIds('round')} LIMIT 1`,
    )
    if (solving !== undefined) {
      return err({
        code: 'BUSY',
        detail: `the worker is solving demo round ${solving.id}; run this again when it has finished, nothing was removed`,
      })
    }

    const runId = input.requestId ?? randomUUID()
    // Foreign keys are checked at COMMIT: a re-match round may be removed before the round it follows.
    tx.run(sql`PRAGMA defer_foreign_keys = ON`)
    tx.run(sql`INSERT INTO demo_removal_active (run_id) VALUES (${runId})`)
    tx.run(sql`DELETE FROM round_pool WHERE round_id IN ${demoIds('round')}
      OR (object_type = 'applicant' AND object_id IN ${demoIds('applicant')})
      OR (object_type = 'vacancy' AND object_id IN ${demoIds('vacancy')})`)
    tx.run(
      sql`DELETE FROM jobs WHERE task = 'round.solve' AND json_extract(payload, '$.roundId') IN ${demoIds('round')}`,
    )
    tx.run(sql`DELETE FROM applicant_situation_history WHERE applicant_id IN ${demoIds('applicant')}`)
    tx.run(sql`DELETE FROM applicant_persons WHERE applicant_id IN ${demoIds('applicant')}`)
    for (const step of removalOrder) {
      tx.run(
        sql`DELETE FROM ${sql.identifier(step.table)} WHERE ${sql.identifier(step.key)} IN ${demoIds(step.type)}`,
      )
    }
    tx.run(sql`UPDATE api_tokens SET revoked_at = ${now.toISOString()}
      WHERE revoked_at IS NULL AND id IN ${demoIds('api_token')}`)
    tx.run(sql`DELETE FROM demo_records`)
    // The stored daily counts included the demo households: count each day again without them.
    const days = tx.select({ day: followUpSnapshots.day }).from(followUpSnapshots).all()
    if (days.length > 0) {
      const data = loadFollowUp(tx)
      for (const { day } of days) {
        tx.update(followUpSnapshots)
          .set({ counts: dailyCounts(data, day) })
          .where(sql`${followUpSnapshots.day} = ${day}`)
          .run()
      }
    }
    appendAudit(
      tx,
      {
        principal: input.principal,
        action: 'demo.remove',
        objectType: 'demo',
        objectId: null,
        requestId: runId,
      },
      now,
    )
    tx.run(sql`DELETE FROM demo_removal_active WHERE run_id = ${runId}`)
    return ok({ removed, daysRecounted: days.length })
  })
}
