/**
 * Faults of the round worker with real processes over a temporary database
 * (the worker's fault rows of the reliability plan): kill -9 mid-solve, a
 * stalled worker resumed after another finished, a solve longer than the
 * lease, SIGTERM mid-solve, and a solve that fails every time.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getJob } from '../../db/repo/jobs.ts'
import { proposals, rounds } from '../../db/schema.ts'
import type { RoundResult } from '../../src/domain/match/run-round.ts'
import { createRound } from '../../src/services/rounds/create-round.ts'
import { generateRound } from '../../src/synthetic/index.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'
import { contextFor, drainWorker, seedWorld } from '../support/rounds.ts'

const root = join(import.meta.dirname, '..', '..')
const asOf = '2026-12-07'

/** A round big enough that its solve (in the solver thread) takes a few seconds here. */
function seedRound(t: TestDatabase, size: { applicants: number; vacancies: number }): string {
  const world = generateRound({ seed: 7, asOf, ...size })
  seedWorld(t, { applicants: world.applicants, vacancies: world.vacancies })
  const made = createRound({
    ctx: contextFor(t, 'allocator'),
    input: { idempotencyKey: 'fault', body: { asOf } },
  })
  if (!made.ok) throw new Error(made.error.code)
  return made.value.round.id
}

function startWorker(
  t: TestDatabase,
  leaseMs: number,
  workerId: string,
): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/worker/fixtures/round-worker.ts', t.path, String(leaseMs), workerId],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  child.stdout?.resume()
  child.stderr?.resume()
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, exited }
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const roundOf = (t: TestDatabase, id: string) => t.db.select().from(rounds).where(eq(rounds.id, id)).get()
const proposalsOf = (t: TestDatabase, id: string) =>
  t.db.select().from(proposals).where(eq(proposals.roundId, id)).all()

/** Stored exactly once: one proposal per proposed pair of the stored result, none twice. */
function expectStoredOnce(t: TestDatabase, id: string): void {
  const round = roundOf(t, id)
  expect(round?.status).toBe('proposed')
  const result = JSON.parse(round?.result ?? 'null') as RoundResult
  const rows = proposalsOf(t, id)
  expect(rows.map((p) => `${p.applicantId}>${p.vacancyId}`).sort()).toEqual(
    result.proposals.map((p) => `${p.applicantId}>${p.vacancyId}`).sort(),
  )
  expect(new Set(rows.map((p) => p.applicantId)).size).toBe(rows.length)
  expect(new Set(rows.map((p) => p.vacancyId)).size).toBe(rows.length)
  expect(t.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
}

describe('round worker faults (real processes)', () => {
  let t: TestDatabase
  const children: ChildProcess[] = []
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
    t.close()
  })

  it('kill -9 mid-solve: the lease expires, attempt 2 completes, the round is stored exactly once', async () => {
    const id = seedRound(t, { applicants: 800, vacancies: 160 })
    const w = startWorker(t, 60_000, 'doomed')
    children.push(w.child)
    await until('the round is being solved', () => roundOf(t, id)?.status === 'solving')
    w.child.kill('SIGKILL')
    await w.exited
    const jobId = roundOf(t, id)?.jobId as number
    expect(getJob(t.db, jobId)).toMatchObject({ status: 'running', attempts: 1, lockedBy: 'doomed' })
    expect(proposalsOf(t, id)).toHaveLength(0)

    // Past the dead worker's lease, a new worker sweeps it (a failed attempt) and, after the backoff, solves it.
    let clock = Date.now() + 61_000
    expect(await drainWorker(t, { now: () => clock })).toEqual([])
    clock += 1_000
    expect(await drainWorker(t, { now: () => clock })).toEqual(['succeeded'])
    expect(getJob(t.db, jobId)).toMatchObject({ status: 'succeeded', attempts: 2 })
    expectStoredOnce(t, id)
    // The snapshot taken by attempt 1 is the one attempt 2 solved.
    const snapshot = JSON.parse(roundOf(t, id)?.snapshot ?? '{}') as { applicants: unknown[] }
    expect(roundOf(t, id)?.applicantCount).toBe(snapshot.applicants.length)
  }, 120_000)

  it('a stalled worker resumed after another one finished writes nothing', async () => {
    const id = seedRound(t, { applicants: 800, vacancies: 160 })
    const stalled = startWorker(t, 1_000, 'stalled')
    children.push(stalled.child)
    await until('the round is being solved', () => roundOf(t, id)?.status === 'solving')
    stalled.child.kill('SIGSTOP')
    // Its lease lapses; another worker takes the job over and stores the round.
    await new Promise((r) => setTimeout(r, 1_200))
    let clock = Date.now()
    expect(await drainWorker(t, { now: () => clock })).toEqual([])
    clock += 1_000
    expect(await drainWorker(t, { now: () => clock })).toEqual(['succeeded'])
    const stored = roundOf(t, id)
    const rows = proposalsOf(t, id)
    stalled.child.kill('SIGCONT')
    // Give the resumed worker time to finish its solve and try to store it.
    await new Promise((r) => setTimeout(r, 6_000))
    expect(roundOf(t, id)).toEqual(stored)
    expect(proposalsOf(t, id)).toEqual(rows)
    expectStoredOnce(t, id)
    stalled.child.kill('SIGTERM')
    await stalled.exited
  }, 120_000)

  it('a solve three times longer than the lease: heartbeats keep it, one claim only', async () => {
    // Large enough that the solve outlasts three leases on a quiet machine too (800 × 160 took
    // 0.4 s once explanations were bounded).
    const id = seedRound(t, { applicants: 2000, vacancies: 400 })
    const leaseMs = 200
    const w = startWorker(t, leaseMs, 'patient')
    children.push(w.child)
    const started = Date.now()
    await until('the round is stored', () => roundOf(t, id)?.status === 'proposed')
    const phases = roundOf(t, id)?.phases as Record<string, number>
    const solveMs = (phases.parse ?? 0) + (phases.prepare ?? 0) + (phases.solve ?? 0) + (phases.explain ?? 0)
    // The precondition of the test: the solve itself outlasted three leases.
    expect(solveMs).toBeGreaterThan(3 * leaseMs)
    expect(Date.now() - started).toBeGreaterThan(3 * leaseMs)
    const job = getJob(t.db, roundOf(t, id)?.jobId as number)
    expect(job).toMatchObject({ status: 'succeeded', attempts: 1, lastError: null })
    expectStoredOnce(t, id)
    w.child.kill('SIGTERM')
    expect(await w.exited).toBe(0)
  }, 120_000)

  it('SIGTERM mid-solve: the worker stops claiming, finishes the solve or releases it, and exits 0', async () => {
    const id = seedRound(t, { applicants: 800, vacancies: 160 })
    const w = startWorker(t, 30_000, 'graceful')
    children.push(w.child)
    await until('the round is being solved', () => roundOf(t, id)?.status === 'solving')
    w.child.kill('SIGTERM')
    expect(await w.exited).toBe(0)
    const jobId = roundOf(t, id)?.jobId as number
    const job = getJob(t.db, jobId)
    if (job?.status === 'succeeded') {
      // The solve finished within the stop's grace period (10 s) and was stored.
      expect(job.attempts).toBe(1)
    } else {
      // On a slow machine the grace period ran out: the job was released, not failed, and nothing was stored.
      expect(job).toMatchObject({ status: 'queued', attempts: 1, maxAttempts: 6, lastError: null })
      expect(proposalsOf(t, id)).toHaveLength(0)
      expect(await drainWorker(t)).toEqual(['succeeded'])
    }
    expectStoredOnce(t, id)
  }, 120_000)

  it('a solve that fails every time backs off, ends dead with last_error, and the round says failed', async () => {
    const id = seedRound(t, { applicants: 20, vacancies: 5 })
    let clock = Date.now()
    const failing = async () => {
      throw new Error('the solver thread ran out of memory')
    }
    const outcomes: string[] = []
    for (let attempt = 1; attempt <= 5; attempt++) {
      outcomes.push(...(await drainWorker(t, { solve: failing, now: () => clock })))
      clock += 3_600_000
    }
    expect(outcomes).toEqual(['retry', 'retry', 'retry', 'retry', 'dead'])
    const round = roundOf(t, id)
    expect(round?.status).toBe('failed')
    expect(round?.failure).toContain('the solve failed on every attempt')
    expect(getJob(t.db, round?.jobId as number)?.lastError).toContain('ran out of memory')
  })
})
