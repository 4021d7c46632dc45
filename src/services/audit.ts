/**
 * The audit trail: every read and write of personal data appends a row saying
 * who (token, role) did what (action) to which object, when, in which request.
 *
 * Fail closed: `appendAudit` only runs inside a transaction, the same one as
 * the read or write it records, so the two commit together or not at all; if
 * the audit insert fails, the request fails.
 *
 * Tamper evidence: the table is append-only (triggers refuse UPDATE and
 * DELETE), and each row carries `hash` = SHA-256 of its own fields and the
 * previous row's hash. Ids are consecutive from 1. `verifyAuditChain` walks the
 * chain and names the first row that was altered, removed or inserted out of
 * turn by someone who dropped the triggers. What the chain cannot show: a
 * writer with raw access who rewrites every row from the altered one onward,
 * hashes recomputed. Against that, record the head hash (`hemvist audit
 * verify` prints it) somewhere the database's writers cannot reach.
 */
import { createHash } from 'node:crypto'
import { and, between, desc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm'
import { SQLiteTransaction } from 'drizzle-orm/sqlite-core'
import { type Executor, writeTransaction } from '../../db/client.ts'
import { connectionOf, prepared } from '../../db/prepared.ts'
import { apiTokens, auditLog, auditLogCulled, auditLogSubjects, retentionRuns } from '../../db/schema.ts'
import type { Principal } from '../domain/roles.ts'

/** The `prev_hash` of the first row. */
export const genesisHash = '0'.repeat(64)

export interface AuditEntry {
  principal: Principal
  /** `<object>.<verb>`, lower case: `applicant.read`, `applicant.update`, `applicant.list`, `audit.read`. */
  action: string
  /** `applicant`, `vacancy`, `policy`, `api_token` … */
  objectType: string
  /** The object's id; null for an action on many objects (a list). */
  objectId: string | null
  requestId: string
  /**
   * For a list read: the ids of the objects (of `objectType`) the page showed,
   * so "who accessed this person" finds the list too. At most 10,000.
   */
  subjectIds?: readonly string[]
}

export interface AuditRow {
  id: number
  /** ISO-8601 UTC. */
  at: string
  tokenId: string
  role: string
  action: string
  objectType: string
  objectId: string | null
  requestId: string
  prevHash: string
  hash: string
}

export type ChainReport =
  | {
      ok: true
      rows: number
      headHash: string
      /** Rows removed by retention, each leaving a tombstone the chain links through. */
      culled: number
    }
  | { ok: false; firstBadRowId: number; reason: string }

const actionPattern = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/
const objectTypePattern = /^[a-z][a-z_]*$/

/**
 * The canonical serialisation a row's hash is taken over: a JSON array of its
 * fields in a fixed order (JSON.stringify of strings, integers and null is
 * deterministic), tagged with a format version so the format can change
 * without old rows verifying under the wrong rules.
 */
export function canonicalAuditRecord(
  row: Omit<AuditRow, 'hash'>,
  subjectIds: readonly string[] = [],
): string {
  return JSON.stringify([
    'hemvist-audit-1',
    row.id,
    row.at,
    row.tokenId,
    row.role,
    row.action,
    row.objectType,
    row.objectId,
    row.requestId,
    row.prevHash,
    normaliseSubjects(subjectIds),
  ])
}

/** The hash of a row and its subjects (sorted, without repeats, so the order of a page does not matter). */
export function auditHash(row: Omit<AuditRow, 'hash'>, subjectIds: readonly string[] = []): string {
  return createHash('sha256').update(canonicalAuditRecord(row, subjectIds), 'utf8').digest('hex')
}

function normaliseSubjects(ids: readonly string[]): string[] {
  // Code-unit order, not locale order: the hash must not depend on the machine's locale.
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

const maxSubjects = 10_000

/**
 * Appends one audit row. Synchronous, and refused outside a transaction: call
 * it inside the `writeTransaction` that does the read or write it records
 * (BEGIN IMMEDIATE: a deferred transaction could read a chain head another
 * process is about to extend, and fail with SQLITE_BUSY at the insert).
 * Throws (so the transaction rolls back and the request fails) when the row
 * cannot be written. For a list read, pass the ids on the page as
 * `subjectIds` (and `objectId: null`).
 *
 * @example
 * writeTransaction(db, (tx) => {
 *   const applicant = getApplicant(tx, id)
 *   appendAudit(tx, { principal, action: 'applicant.read', objectType: 'applicant', objectId: id, requestId })
 *   return applicant
 * })
 * writeTransaction(db, (tx) => {
 *   const page = listPage(tx, filter)
 *   appendAudit(tx, { principal, action: 'applicant.list', objectType: 'applicant', objectId: null,
 *     subjectIds: page.map((a) => a.id), requestId })
 *   return page
 * })
 */
export function appendAudit(tx: Executor, entry: AuditEntry, now = new Date()): AuditRow {
  const executor: Executor = tx // not narrowed by the check below
  if (!(tx instanceof SQLiteTransaction)) {
    throw new TypeError('appendAudit must run inside the transaction of the access it records')
  }
  if (!actionPattern.test(entry.action))
    throw new TypeError(`appendAudit: malformed action "${entry.action}"`)
  if (!objectTypePattern.test(entry.objectType)) {
    throw new TypeError(`appendAudit: malformed object type "${entry.objectType}"`)
  }
  const subjects = normaliseSubjects(entry.subjectIds ?? [])
  if (subjects.length > maxSubjects) throw new TypeError(`appendAudit: more than ${maxSubjects} subjects`)
  // Inside the transaction the writer holds the write lock (BEGIN IMMEDIATE), so the last row
  // cannot change under us; the trigger audit_log_extends_chain refuses a fork or gap should anyone try.
  const last = prepared(executor, 'auditLog.head', (db) =>
    db
      .select({ id: auditLog.id, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.id))
      .limit(1)
      .prepare(),
  ).get()
  const unsigned: Omit<AuditRow, 'hash'> = {
    id: (last?.id ?? 0) + 1,
    at: now.toISOString(),
    tokenId: entry.principal.tokenId,
    role: entry.principal.role,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    requestId: entry.requestId,
    prevHash: last?.hash ?? genesisHash,
  }
  const row: AuditRow = { ...unsigned, hash: auditHash(unsigned, subjects) }
  prepared(executor, 'auditLog.insert', (db) =>
    db
      .insert(auditLog)
      .values({
        id: sql.placeholder('id'),
        at: sql.placeholder('at'),
        tokenId: sql.placeholder('tokenId'),
        role: sql.placeholder('role'),
        action: sql.placeholder('action'),
        objectType: sql.placeholder('objectType'),
        objectId: sql.placeholder('objectId'),
        requestId: sql.placeholder('requestId'),
        prevHash: sql.placeholder('prevHash'),
        hash: sql.placeholder('hash'),
      })
      .prepare(),
  ).run({ ...row })
  if (subjects.length > 0) {
    // One statement prepared once for any number of subjects (a list page's 50 or an extract's
    // thousands), the ids passed as one JSON array: a multi-row INSERT built by drizzle was compiled
    // and prepared anew for every list read, most of its audit's cost. The same rows, in the same order.
    prepared(executor, 'auditLogSubjects.insertMany', () =>
      connectionOf(executor).prepare(
        'INSERT INTO audit_log_subjects (audit_id, object_id) SELECT ?, value FROM json_each(?)',
      ),
    ).run(row.id, JSON.stringify(subjects))
  }
  return row
}

/** Rows read per query while verifying: bounded memory whatever the log's length. */
const verifyBatch = 1000

/**
 * Walks the whole chain, in one read snapshot, and names the first row that
 * is not as written: altered (its hash does not match its fields), rewritten
 * with a recomputed hash (the next row's prev_hash no longer matches), missing
 * (a gap in the ids, or rows after the last one that the id sequence says were
 * written), or out of order.
 *
 * @example
 * const report = verifyAuditChain(db)
 * if (!report.ok) console.error(`row ${report.firstBadRowId}: ${report.reason}`)
 */
export function verifyAuditChain(executor: Executor): ChainReport {
  return executor.transaction(
    (tx): ChainReport => {
      const tombs = readTombstones(tx)
      if (!tombs.ok) return tombs.report
      const tombstones = tombs.byAuditId
      let expectedId = 1
      let prevHash = genesisHash
      let culled = 0
      // A row retention removed: its tombstone stands in for it, checked against the link before it.
      const passTombstones = (upTo: number): ChainReport | undefined => {
        for (let t = tombstones.get(expectedId); expectedId < upTo && t?.residualHash === null; ) {
          if (t.prevHash !== prevHash) {
            return {
              ok: false,
              firstBadRowId: expectedId,
              reason: `the tombstone of culled row ${expectedId} does not link to the row before it`,
            }
          }
          prevHash = t.hash
          culled += 1
          expectedId += 1
          t = tombstones.get(expectedId)
        }
        return undefined
      }
      for (;;) {
        const batch = tx
          .select()
          .from(auditLog)
          .where(gt(auditLog.id, expectedId - 1))
          .orderBy(auditLog.id)
          .limit(verifyBatch)
          .all()
        const subjects = new Map<number, string[]>()
        if (batch.length > 0) {
          const rows = tx
            .select()
            .from(auditLogSubjects)
            .where(between(auditLogSubjects.auditId, batch[0]?.id ?? 0, batch.at(-1)?.id ?? 0))
            .all()
          for (const s of rows) {
            const list = subjects.get(s.auditId)
            if (list === undefined) subjects.set(s.auditId, [s.objectId])
            else list.push(s.objectId)
          }
        }
        for (const row of batch) {
          const broken = passTombstones(row.id)
          if (broken !== undefined) return broken
          if (row.id !== expectedId) {
            return {
              ok: false,
              firstBadRowId: expectedId,
              reason: `row ${expectedId} is missing (the ids jump from ${expectedId - 1} to ${row.id})`,
            }
          }
          const residual = tombstones.get(row.id)?.residualHash
          const recomputed = auditHash(row, subjects.get(row.id))
          // A list read that retention took some subjects from: its stored hash is the original (the
          // next row links to it); what is left must match the hash the run recorded over it.
          if (recomputed !== row.hash && (residual == null || recomputed !== residual)) {
            return {
              ok: false,
              firstBadRowId: row.id,
              reason: `row ${row.id} was altered: its hash does not match its fields and subjects`,
            }
          }
          if (row.prevHash !== prevHash) {
            // The row itself is consistent, so the break is the link: the previous row was rewritten
            // with a recomputed hash (or, for row 1, rows before it were removed).
            return row.id === 1
              ? {
                  ok: false,
                  firstBadRowId: 1,
                  reason: 'row 1 does not start the chain: its prev_hash is not the genesis hash',
                }
              : {
                  ok: false,
                  firstBadRowId: row.id - 1,
                  reason: `row ${row.id - 1} was rewritten: its hash is not the prev_hash row ${row.id} recorded`,
                }
          }
          prevHash = row.hash
          expectedId += 1
        }
        if (batch.length < verifyBatch) break
      }
      const trailing = passTombstones(Number.MAX_SAFE_INTEGER)
      if (trailing !== undefined) return trailing
      const lastId = expectedId - 1
      // AUTOINCREMENT keeps the highest id ever inserted; more than the last row means rows were cut off the end.
      const sequence = tx.get<{ seq: number } | undefined>(
        sql`SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`,
      )
      const highest = sequence?.seq ?? 0
      if (highest > lastId) {
        return {
          ok: false,
          firstBadRowId: lastId + 1,
          reason: `row ${lastId + 1} is missing (rows up to ${highest} were written, the log ends at ${lastId})`,
        }
      }
      if (highest < lastId) {
        return {
          ok: false,
          firstBadRowId: highest + 1,
          reason: `the id sequence was reset (it records ${highest}, the log holds ${lastId} rows)`,
        }
      }
      return { ok: true, rows: lastId, headHash: prevHash, culled }
    },
    { behavior: 'deferred' },
  )
}

interface Tombstone {
  auditId: number
  runId: string
  hash: string
  prevHash: string
  residualHash: string | null
}

/**
 * The tombstones retention left (migration 0015), the newest per audit row, after checking each
 * run's recorded digest over them: a tombstone forged, altered or removed outside a run shows.
 */
function readTombstones(
  tx: Executor,
): { ok: true; byAuditId: Map<number, Tombstone> } | { ok: false; report: ChainReport } {
  const rows = tx.select().from(auditLogCulled).orderBy(auditLogCulled.seq).all()
  const runs = new Map(
    tx
      .select({ id: retentionRuns.id, digest: retentionRuns.tombstonesSha256 })
      .from(retentionRuns)
      .all()
      .map((r) => [r.id, r.digest]),
  )
  const perRun = new Map<string, Tombstone[]>()
  for (const r of rows) perRun.set(r.runId, [...(perRun.get(r.runId) ?? []), r])
  for (const [id, digest] of runs) {
    const list = perRun.get(id) ?? []
    if (tombstonesDigest(list) !== digest) {
      return {
        ok: false,
        report: {
          ok: false,
          firstBadRowId: list[0]?.auditId ?? 0,
          reason: `the tombstones of retention run ${id} do not match the digest the run recorded`,
        },
      }
    }
  }
  for (const [id, list] of perRun) {
    if (!runs.has(id)) {
      return {
        ok: false,
        report: {
          ok: false,
          firstBadRowId: list[0]?.auditId ?? 0,
          reason: `tombstones name retention run ${id}, which is not recorded`,
        },
      }
    }
  }
  return { ok: true, byAuditId: new Map(rows.map((r) => [r.auditId, r])) }
}

/** The digest a retention run records over its tombstones, in the order written. */
export function tombstonesDigest(
  tombstones: readonly Pick<Tombstone, 'auditId' | 'hash' | 'prevHash' | 'residualHash'>[],
): string {
  const canonical = JSON.stringify([
    'hemvist-tombstones-1',
    tombstones.map((t) => [t.auditId, t.hash, t.prevHash, t.residualHash]),
  ])
  return createHash('sha256').update(canonical, 'utf8').digest('hex')
}

export interface TrailQuery {
  objectType: string
  objectId: string
  /** At most this many rows (1–1000; default 100). */
  limit?: number
  /** Only rows with a smaller id: the cursor for the next page. */
  beforeId?: number
}

/**
 * Who accessed this object: its audit rows, newest first, list reads that
 * showed it (`subjectIds`) included.
 *
 * @example
 * auditTrail(db, { objectType: 'applicant', objectId: 'a-17' }) // [{ at, tokenId, role, action, … }, …]
 */
export function auditTrail(executor: Executor, query: TrailQuery): AuditRow[] {
  return trailRows(executor, query, trailLimit(query.limit))
}

/** A trail page size: 1–1000, default 100. */
function trailLimit(limit = 100): number {
  return Math.min(1000, Math.max(1, Math.trunc(limit)))
}

/** The trail's rows, at most `limit` (not clamped: a caller asks one more to learn whether a next page exists). */
function trailRows(executor: Executor, query: Omit<TrailQuery, 'limit'>, limit: number): AuditRow[] {
  return executor
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.objectType, query.objectType),
        or(
          eq(auditLog.objectId, query.objectId),
          inArray(
            auditLog.id,
            executor
              .select({ id: auditLogSubjects.auditId })
              .from(auditLogSubjects)
              .where(eq(auditLogSubjects.objectId, query.objectId)),
          ),
        ),
        query.beforeId === undefined ? undefined : lt(auditLog.id, query.beforeId),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all()
}

export interface ApplicantTrail {
  applicantId: string
  entries: Array<
    Omit<AuditRow, 'prevHash' | 'hash' | 'objectType' | 'objectId'> & { tokenLabel: string | null }
  >
  /** Pass as `beforeId` for the next (older) page; null when this is the last. */
  nextBeforeId: number | null
}

/**
 * "Who accessed this person": the applicant's audit rows, newest first, each
 * with the label of the token that acted. The query is itself an access to the
 * person's history, so it appends its own row (`audit.read`) first, in the
 * same transaction; that row is the first entry of the first page.
 *
 * @example
 * readApplicantTrail(db, { principal, requestId, applicantId: 'a-17' })
 */
export function readApplicantTrail(
  executor: Executor,
  input: { principal: Principal; requestId: string; applicantId: string; limit?: number; beforeId?: number },
): ApplicantTrail {
  return writeTransaction(executor, (tx) => {
    appendAudit(tx, {
      principal: input.principal,
      action: 'audit.read',
      objectType: 'applicant',
      objectId: input.applicantId,
      requestId: input.requestId,
    })
    const limit = trailLimit(input.limit)
    const rows = trailRows(
      tx,
      {
        objectType: 'applicant',
        objectId: input.applicantId,
        ...(input.beforeId === undefined ? {} : { beforeId: input.beforeId }),
      },
      limit + 1,
    )
    const page = rows.slice(0, limit)
    const ids = [...new Set(page.map((r) => r.tokenId))]
    const labels = new Map(
      ids.length === 0
        ? []
        : tx
            .select({ id: apiTokens.id, label: apiTokens.label })
            .from(apiTokens)
            .where(inArray(apiTokens.id, ids))
            .all()
            .map((t) => [t.id, t.label] as const),
    )
    return {
      applicantId: input.applicantId,
      entries: page.map((r) => ({
        id: r.id,
        at: r.at,
        tokenId: r.tokenId,
        tokenLabel: labels.get(r.tokenId) ?? null,
        role: r.role,
        action: r.action,
        requestId: r.requestId,
      })),
      nextBeforeId: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    }
  })
}
