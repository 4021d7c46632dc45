/**
 * The worker's side of a round: take the snapshot (`beginSolve`), store the
 * engine's result once (`storeSolved`), or record that it failed
 * (`failRound`). Each write runs in one transaction that first checks the
 * job's lease (`holdsLease`): a stale worker, whose lease expired and whose
 * job another worker claimed, writes nothing (rule R2 in docs/rounds.md).
 */
import { and, eq, lte, sql } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../../db/client.ts'
import { holdsLease, type Lease } from '../../../db/repo/jobs.ts'
import { getPolicy } from '../../../db/repo/policies.ts'
import { applicants, proposals, roundPool, rounds, vacancies } from '../../../db/schema.ts'
import { type CodedRoundResult, contextOf, proposalTexts } from '../../domain/match/explanation-texts.ts'
import type { RoundResult } from '../../domain/match/run-round.ts'
import { engineVersion, sha256Hex, snapshotTextOfStored } from '../../domain/match/stored-round.ts'
import { canSolve, type RoundStatus, statusAfterSolve } from '../../domain/round-lifecycle.ts'
import { appendAudit } from '../audit.ts'
import { newId } from '../context.ts'
import { heldObjects, roundRow, workerPrincipal } from './store.ts'

/** The lease no longer belongs to this worker: stop, write nothing. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError'
}

export type BeginSolve =
  | { kind: 'solve'; snapshot: string; snapshotMs: number }
  /** The round is past solving (stored by an earlier attempt, or failed): nothing to do. */
  | { kind: 'done'; status: RoundStatus }

const poolChunk = 300

/**
 * Starts (or resumes) solving a round: on the first attempt takes the
 * snapshot of the pool (rule R1: active households and open vacancies
 * available on the round's date that no other open round holds) and records
 * who is in it; a later attempt reuses the stored snapshot, so every attempt
 * and every replay solves the same input.
 */
export function beginSolve(db: Executor, lease: Lease, roundId: string, now = new Date()): BeginSolve {
  const started = performance.now()
  return writeTransaction(db, (tx): BeginSolve => {
    if (!holdsLease(tx, lease)) throw new LeaseLostError(`lease on job ${lease.jobId} lost before solving`)
    const round = roundRow(tx, roundId)
    if (round === undefined) throw new Error(`round ${roundId} does not exist`)
    if (canSolve(round.status) !== undefined) return { kind: 'done', status: round.status }
    if (round.snapshot !== null) {
      tx.update(rounds)
        .set({ status: 'solving', updatedAt: now.toISOString() })
        .where(eq(rounds.id, roundId))
        .run()
      return { kind: 'solve', snapshot: round.snapshot, snapshotMs: 0 }
    }
    const policy = getPolicy(tx, round.policyId, round.policyVersion)
    if (policy === undefined) throw new Error(`round ${roundId}: its policy version is missing`)
    const held = heldObjects(tx, roundId)
    // The documents' JSON as stored, not parsed: the snapshot is their text, and this transaction holds
    // the write lock. Not validated here either: the solver thread validates the whole snapshot
    // (roundInputSchema), and a stored document that no longer fits fails the round there.
    const json = sql<string>`${applicants.body}`
    const pooledApplicants = tx
      .select({ id: applicants.id, json })
      .from(applicants)
      .where(eq(applicants.status, 'active'))
      .all()
      .filter((row) => !held.applicants.has(row.id))
    const vacancyJson = sql<string>`${vacancies.body}`
    const vacancyRows =
      round.kind === 'rematch'
        ? tx
            .select({ id: vacancies.id, json: vacancyJson })
            .from(vacancies)
            .where(
              and(
                eq(vacancies.id, round.vacancyId ?? ''),
                eq(vacancies.status, 'open'),
                lte(vacancies.availableFrom, round.asOf),
              ),
            )
            .all()
        : tx
            .select({ id: vacancies.id, json: vacancyJson })
            .from(vacancies)
            .where(and(eq(vacancies.status, 'open'), lte(vacancies.availableFrom, round.asOf)))
            .all()
    const pooledVacancies = vacancyRows.filter((row) => !held.vacancies.has(row.id))
    const snapshot = snapshotTextOfStored({
      asOf: round.asOf,
      policy,
      applicants: pooledApplicants,
      vacancies: pooledVacancies,
    })
    const members = [
      ...pooledApplicants.map((a) => ({ roundId, objectType: 'applicant' as const, objectId: a.id })),
      ...pooledVacancies.map((v) => ({ roundId, objectType: 'vacancy' as const, objectId: v.id })),
    ]
    for (let i = 0; i < members.length; i += poolChunk) {
      tx.insert(roundPool)
        .values(members.slice(i, i + poolChunk))
        .run()
    }
    const snapshotMs = Math.round(performance.now() - started)
    // From the round's creation to this attempt's start: the wait for the worker to claim the job.
    const queue = Math.max(0, now.getTime() - Date.parse(round.createdAt))
    tx.update(rounds)
      .set({
        status: 'solving',
        snapshot,
        snapshotSha256: sha256Hex(snapshot),
        applicantCount: pooledApplicants.length,
        vacancyCount: pooledVacancies.length,
        engineVersion,
        phases: { queue, snapshot: snapshotMs },
        updatedAt: now.toISOString(),
      })
      .where(eq(rounds.id, roundId))
      .run()
    appendAudit(
      tx,
      {
        principal: workerPrincipal,
        action: 'round.snapshot',
        objectType: 'round',
        objectId: roundId,
        requestId: `job-${lease.jobId}-${lease.attempt}`,
      },
      now,
    )
    return { kind: 'solve', snapshot, snapshotMs }
  })
}

/** A proposal of a result, as stored (one row each). */
export interface ProposedPair {
  readonly applicantId: string
  readonly vacancyId: string
  readonly score: number
  readonly explanation?: unknown
}

/** What the solver thread hands back for storing. */
export type SolvedRound = SolvedRoundParts &
  (
    | { readonly resultText: string; readonly resultUtf8?: undefined }
    /** The result's text as UTF-8, as the solver thread hands it over (see `SolvedSnapshot.resultUtf8`). */
    | { readonly resultUtf8: Uint8Array; readonly resultText?: undefined }
  )

/** The result's text, however the solve handed it over. */
export function resultTextOf(solved: SolvedRound): string {
  return solved.resultText ?? new TextDecoder().decode(solved.resultUtf8)
}

interface SolvedRoundParts {
  /**
   * The result's proposals, handed over beside its text so that storing does not parse the whole
   * result (20 MB at 5,000 × 1,000) inside the write transaction; read from the text when absent.
   */
  readonly proposals?: readonly ProposedPair[]
  /** The result's status, with `proposals`. */
  readonly status?: RoundResult['status']
  readonly message?: string
  readonly resultSha256: string
  readonly certified: boolean
  readonly certificateNote?: string
  readonly phases: Record<string, number>
}

/**
 * Stores the result of a solve once (rule R3): the result text and its hash,
 * the certificate verdict, one pending proposal per proposed pair with its
 * explanation, and the round's next state. Fenced by the lease; a round that
 * already has its result is left as it is (the proposals' unique indexes would
 * refuse a second set anyway).
 */
export function storeSolved(
  db: Executor,
  lease: Lease,
  roundId: string,
  solved: SolvedRound,
  now = new Date(),
): RoundStatus {
  return writeTransaction(db, (tx): RoundStatus => {
    if (!holdsLease(tx, lease)) throw new LeaseLostError(`lease on job ${lease.jobId} lost before storing`)
    // Not roundRow: the stored snapshot (megabytes) need not be read inside the write transaction.
    const round = tx
      .select({
        status: rounds.status,
        stored: sql<number>`${rounds.result} is not null`,
        phases: rounds.phases,
      })
      .from(rounds)
      .where(eq(rounds.id, roundId))
      .get()
    if (round === undefined) throw new Error(`round ${roundId} does not exist`)
    if (round.status !== 'solving' || round.stored === 1) return round.status
    const started = performance.now()
    const result: Pick<RoundResult, 'status' | 'message'> & { proposals: readonly ProposedPair[] } =
      solved.proposals !== undefined && solved.status !== undefined
        ? {
            status: solved.status,
            proposals: solved.proposals,
            ...(solved.message === undefined ? {} : { message: solved.message }),
          }
        : proposalsWithTexts(JSON.parse(resultTextOf(solved)) as CodedRoundResult)
    const at = now.toISOString()
    const rows = result.proposals.map((p) => ({
      id: newId(now),
      roundId,
      applicantId: p.applicantId,
      vacancyId: p.vacancyId,
      score: p.score,
      explanation: p.explanation ?? null,
      status: 'pending' as const,
      createdAt: at,
    }))
    for (let i = 0; i < rows.length; i += 200) {
      tx.insert(proposals)
        .values(rows.slice(i, i + 200))
        .run()
    }
    const status = statusAfterSolve(result.status, rows.length)
    const store = Math.round(performance.now() - started)
    tx.update(rounds)
      .set({
        status,
        // UTF-8 bytes are stored as they are: SQLite reads a blob cast to text as the database's
        // encoding (UTF-8), so the text need not be decoded here only to be encoded again.
        result:
          solved.resultUtf8 === undefined
            ? solved.resultText
            : sql<string>`cast(${Buffer.from(solved.resultUtf8.buffer, solved.resultUtf8.byteOffset, solved.resultUtf8.byteLength)} as text)`,
        resultSha256: solved.resultSha256,
        certified: solved.certified,
        certificateNote: solved.certificateNote ?? null,
        failure:
          status === 'failed'
            ? `the engine answered ${result.status}${result.message ? `: ${result.message}` : ''}`
            : null,
        phases: { ...(round.phases ?? {}), ...solved.phases, store },
        solvedAt: at,
        closedAt: status === 'closed' ? at : null,
        updatedAt: at,
      })
      .where(eq(rounds.id, roundId))
      .run()
    appendAudit(
      tx,
      {
        principal: workerPrincipal,
        action: 'round.store_result',
        objectType: 'round',
        objectId: roundId,
        requestId: `job-${lease.jobId}-${lease.attempt}`,
      },
      now,
    )
    return status
  })
}

/** A stored result's status and proposals, each proposal's explanation with its sentences (as a reviewer reads it). */
function proposalsWithTexts(
  result: CodedRoundResult,
): Pick<RoundResult, 'status' | 'message'> & { proposals: readonly ProposedPair[] } {
  const context = contextOf(result)
  return {
    status: result.status,
    ...(result.message === undefined ? {} : { message: result.message }),
    proposals: result.proposals.map((p) =>
      p.explanation === undefined
        ? p
        : { ...p, explanation: proposalTexts(p.explanation, p.vacancyId, context) },
    ),
  }
}

/**
 * Records that a round cannot be solved (rule R5): its last attempt failed, or
 * its snapshot cannot be read. `reason` is shown to staff: words, never data.
 */
export function failRound(
  db: Executor,
  lease: Lease,
  roundId: string,
  reason: string,
  now = new Date(),
): boolean {
  return writeTransaction(db, (tx) => {
    if (!holdsLease(tx, lease)) return false
    const round = roundRow(tx, roundId)
    if (round === undefined || canSolve(round.status) !== undefined) return false
    tx.update(rounds)
      .set({ status: 'failed', failure: reason.slice(0, 2000), updatedAt: now.toISOString() })
      .where(eq(rounds.id, roundId))
      .run()
    return true
  })
}
