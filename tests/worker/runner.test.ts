import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getJob } from '../../db/repo/jobs.ts'
import {
  createWorker,
  enqueue,
  type TaskRegistry,
  type Worker,
  type WorkerOptions,
} from '../../src/worker/index.ts'
import { logCapture } from '../api/test-app.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('worker runner', () => {
  let t: TestDatabase
  let workers: Worker[]
  let log: ReturnType<typeof logCapture>

  beforeEach(() => {
    t = freshDatabase()
    workers = []
    log = logCapture()
  })
  afterEach(async () => {
    // No worker outlives its test: stop them all before the database goes away.
    await Promise.all(workers.map((w) => w.stop()))
    vi.useRealTimers()
    t.close()
  })

  const worker = (tasks: TaskRegistry, options: Partial<WorkerOptions> = {}) => {
    const w = createWorker({ db: t.db, tasks, logger: log.logger, pollMs: 10, ...options })
    workers.push(w)
    return w
  }
  const logged = () => log.lines().map((l) => JSON.parse(l) as Record<string, unknown>)

  it('runs a registered task with its payload and marks the job succeeded', async () => {
    const seen: unknown[] = []
    const w = worker({
      'demo.echo': (payload, ctx) => {
        seen.push({ payload, job: ctx.job, aborted: ctx.signal.aborted })
      },
    })
    const id = enqueue(t.db, { task: 'demo.echo', payload: { roundId: 'r-1' } })
    expect(await w.runOnce()).toBe('succeeded')
    expect(seen).toEqual([
      {
        payload: { roundId: 'r-1' },
        job: { id, task: 'demo.echo', attempt: 1, maxAttempts: 5 },
        aborted: false,
      },
    ])
    expect(getJob(t.db, id)).toMatchObject({ status: 'succeeded', attempts: 1, lockedBy: null })
    expect(await w.runOnce()).toBe('idle')
  })

  it('runs with an empty registry: an unknown task is a logged failure, retried, then dead with last_error', async () => {
    let clock = 0
    const w = worker({}, { now: () => clock, backoff: { baseMs: 100, capMs: 100 } })
    const id = enqueue(t.db, { task: 'round.run', maxAttempts: 2 }, 0)
    expect(await w.runOnce()).toBe('retry')
    clock = 100
    expect(await w.runOnce()).toBe('dead')
    const row = getJob(t.db, id)
    expect(row).toMatchObject({ status: 'dead', attempts: 2 })
    expect(row?.lastError).toBe('UnknownTaskError: unknown task "round.run": no handler is registered')
    expect(logged().filter((l) => l.task === 'round.run' && l.level === 50)).toHaveLength(2)
  })

  it('a task that always throws backs off, ends dead, and the other jobs still run', async () => {
    let clock = 0
    const done: string[] = []
    const w = worker(
      {
        broken: () => {
          throw new Error('solver exploded')
        },
        fine: (payload) => {
          done.push(String(payload))
        },
      },
      { now: () => clock, backoff: { baseMs: 1_000, capMs: 60_000 } },
    )
    const broken = enqueue(t.db, { task: 'broken', maxAttempts: 3 }, 0)
    enqueue(t.db, { task: 'fine', payload: 'a' }, 0)
    expect(await w.runOnce()).toBe('retry')
    expect(await w.runOnce()).toBe('succeeded') // the broken job waits out its backoff
    expect(await w.runOnce()).toBe('idle')
    clock = 1_000
    expect(await w.runOnce()).toBe('retry')
    enqueue(t.db, { task: 'fine', payload: 'b' }, clock)
    expect(await w.runOnce()).toBe('succeeded')
    clock = 2_999
    expect(await w.runOnce()).toBe('idle')
    clock = 3_000
    expect(await w.runOnce()).toBe('dead')
    expect(getJob(t.db, broken)).toMatchObject({
      status: 'dead',
      attempts: 3,
      lastError: 'Error: solver exploded',
    })
    expect(done).toEqual(['a', 'b'])
    // The log names the failure by type; the message stays in the database.
    expect(log.text()).not.toContain('solver exploded')
  })

  it('the loop claims jobs as they come and stop() ends it; nothing is claimed after stop', async () => {
    const ran: number[] = []
    const w = worker({ count: (p) => void ran.push(Number(p)) })
    w.start()
    enqueue(t.db, { task: 'count', payload: 1 })
    enqueue(t.db, { task: 'count', payload: 2 })
    await vi.waitFor(() => expect(ran).toEqual([1, 2]), { timeout: 5_000 })
    await w.stop()
    const later = enqueue(t.db, { task: 'count', payload: 3 })
    await new Promise((r) => setTimeout(r, 50))
    expect(getJob(t.db, later)?.status).toBe('queued')
    expect(ran).toEqual([1, 2])
  })

  it('wake() makes a loop waiting for its next poll look at once', async () => {
    const ran: number[] = []
    const w = worker({ count: (p) => void ran.push(Number(p)) }, { pollMs: 600_000 })
    w.start()
    // The loop's first look finds nothing; it then waits ten minutes for the next.
    await vi.waitFor(() => expect(log.text()).toContain('worker started'))
    await new Promise((r) => setTimeout(r, 50))
    enqueue(t.db, { task: 'count', payload: 1 })
    await new Promise((r) => setTimeout(r, 100))
    expect(ran).toEqual([])
    w.wake()
    await vi.waitFor(() => expect(ran).toEqual([1]), { timeout: 5_000 })
  })

  it('stop() waits for the running job to finish and records it', async () => {
    const gate = deferred()
    let started = false
    const w = worker({
      slow: async () => {
        started = true
        await gate.promise
      },
    })
    const id = enqueue(t.db, { task: 'slow' })
    w.start()
    await vi.waitFor(() => expect(started).toBe(true), { timeout: 5_000 })
    const stopping = w.stop()
    gate.resolve()
    await stopping
    expect(getJob(t.db, id)).toMatchObject({ status: 'succeeded', attempts: 1 })
  })

  it('stop() releases the lease of a job that does not finish within the grace period and aborts it', async () => {
    let signal: AbortSignal | undefined
    const w = worker(
      {
        stuck: (_p, ctx) => {
          signal = ctx.signal
          return new Promise<void>(() => {}) // never settles
        },
      },
      { stopGraceMs: 30 },
    )
    const id = enqueue(t.db, { task: 'stuck', maxAttempts: 5 })
    w.start()
    await vi.waitFor(() => expect(signal).toBeDefined(), { timeout: 5_000 })
    await w.stop()
    expect(signal?.aborted).toBe(true)
    expect(getJob(t.db, id)).toMatchObject({ status: 'queued', attempts: 1, maxAttempts: 6, lockedBy: null })
    // Another worker takes it as attempt 2.
    expect(await worker({ stuck: () => {} }).runOnce()).toBe('succeeded')
    expect(getJob(t.db, id)).toMatchObject({ status: 'succeeded', attempts: 2 })
  })

  it('heartbeats keep a job that runs longer than its lease: one claim, no second run', async () => {
    vi.useFakeTimers()
    const gate = deferred()
    let runs = 0
    const tasks: TaskRegistry = {
      long: async () => {
        runs++
        await gate.promise
      },
    }
    const a = worker(tasks, { leaseMs: 1_000, heartbeatMs: 300, workerId: 'a' })
    const b = worker(tasks, { leaseMs: 1_000, heartbeatMs: 300, workerId: 'b' })
    const id = enqueue(t.db, { task: 'long' })
    const first = a.runOnce()
    for (let elapsed = 0; elapsed < 5_000; elapsed += 250) {
      await vi.advanceTimersByTimeAsync(250)
      expect(await b.runOnce()).toBe('idle')
    }
    gate.resolve()
    expect(await first).toBe('succeeded')
    expect(runs).toBe(1)
    expect(getJob(t.db, id)).toMatchObject({ status: 'succeeded', attempts: 1 })
  })

  it('a worker that lost its lease is told to stop (signal aborted) and its late result changes nothing', async () => {
    const gate = deferred()
    let stale: AbortSignal | undefined
    const w1 = worker(
      {
        job: async (_p, ctx) => {
          stale = ctx.signal
          await gate.promise
        },
      },
      { now: () => 0, leaseMs: 1_000, heartbeatMs: 5, workerId: 'w1' },
    )
    // w2 lives later: to it, w1's lease has long expired.
    const w2 = worker({ job: () => {} }, { now: () => 100_000, workerId: 'w2' })
    const id = enqueue(t.db, { task: 'job' }, 0)
    const first = w1.runOnce()
    await vi.waitFor(() => expect(stale).toBeDefined())
    expect(await w2.runOnce()).toBe('idle') // swept now, due after the backoff
    const w3 = worker({ job: () => {} }, { now: () => 200_000, workerId: 'w3' })
    expect(await w3.runOnce()).toBe('succeeded')
    await vi.waitFor(() => expect(stale?.aborted).toBe(true), { timeout: 5_000 })
    gate.resolve()
    expect(await first).toBe('fenced')
    expect(getJob(t.db, id)).toMatchObject({ status: 'succeeded', attempts: 2 })
    expect(logged().some((l) => l.msg === 'lease lost' && l.workerId === 'w1')).toBe(true)
  })
})
