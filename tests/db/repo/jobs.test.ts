import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeTransaction } from '../../../db/client.ts'
import {
  backoffDelay,
  claimJob,
  completeJob,
  enqueueJob,
  failJob,
  getJob,
  heartbeatJob,
  holdsLease,
  releaseJob,
  sweepExpiredLeases,
} from '../../../db/repo/jobs.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'

const backoff = { baseMs: 1_000, capMs: 60_000 }
const leaseMs = 10_000

describe('job queue storage', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  const claim = (workerId: string, now: number) => claimJob(t.db, { workerId, leaseMs, now })

  describe('claim', () => {
    it('takes the due job with the earliest run_at (then lowest id), leases it and counts the attempt', () => {
      const late = enqueueJob(t.db, { task: 'x', runAt: 500 }, 0)
      const first = enqueueJob(t.db, { task: 'x', payload: { n: 1 } }, 100)
      const second = enqueueJob(t.db, { task: 'x' }, 100)
      const job = claim('w1', 1_000)
      expect(job).toEqual({
        id: first,
        task: 'x',
        payload: { n: 1 },
        attempt: 1,
        maxAttempts: 5,
        lockedUntil: 11_000,
        lease: { jobId: first, attempt: 1, workerId: 'w1' },
      })
      expect(getJob(t.db, first)).toMatchObject({
        status: 'running',
        lockedBy: 'w1',
        lockedUntil: 11_000,
        attempts: 1,
      })
      expect(claim('w2', 1_000)?.id).toBe(second)
      expect(claim('w2', 1_000)?.id).toBe(late)
      expect(claim('w2', 1_000)).toBeUndefined()
    })

    it('never takes a job before its run_at', () => {
      enqueueJob(t.db, { task: 'x', runAt: 5_000 }, 0)
      expect(claim('w1', 4_999)).toBeUndefined()
      expect(claim('w1', 5_000)?.attempt).toBe(1)
    })

    it('never hands one job to two workers', () => {
      enqueueJob(t.db, { task: 'x' }, 0)
      expect(claim('w1', 0)).toBeDefined()
      expect(claim('w2', 0)).toBeUndefined()
    })
  })

  describe('lease expiry', () => {
    it('the sweep leaves a live lease alone, and re-queues an expired one, which runs again with attempt + 1', () => {
      const id = enqueueJob(t.db, { task: 'x' }, 0)
      claim('w1', 0)
      expect(sweepExpiredLeases(t.db, { now: leaseMs - 1, backoff })).toEqual({ requeued: 0, dead: 0 })
      expect(sweepExpiredLeases(t.db, { now: leaseMs + 1, backoff })).toEqual({ requeued: 1, dead: 0 })
      const row = getJob(t.db, id)
      expect(row).toMatchObject({ status: 'queued', lockedBy: null, attempts: 1, runAt: leaseMs + 1 + 1_000 })
      expect(row?.lastError).toMatch(/lease expired: worker w1 stopped heartbeating during attempt 1/)
      const again = claim('w2', leaseMs + 1 + 1_000)
      expect(again?.lease).toEqual({ jobId: id, attempt: 2, workerId: 'w2' })
    })

    it('a heartbeat extends the lease so the sweep does not take the job', () => {
      enqueueJob(t.db, { task: 'x' }, 0)
      const job = claim('w1', 0)
      if (!job) throw new Error('no job')
      expect(heartbeatJob(t.db, job.lease, { leaseMs, now: 8_000 })).toBe(true)
      expect(sweepExpiredLeases(t.db, { now: 15_000, backoff })).toEqual({ requeued: 0, dead: 0 })
      expect(sweepExpiredLeases(t.db, { now: 18_001, backoff })).toEqual({ requeued: 1, dead: 0 })
    })

    it('an expired lease on the last attempt makes the job dead', () => {
      const id = enqueueJob(t.db, { task: 'x', maxAttempts: 1 }, 0)
      claim('w1', 0)
      expect(sweepExpiredLeases(t.db, { now: leaseMs + 1, backoff })).toEqual({ requeued: 0, dead: 1 })
      expect(getJob(t.db, id)).toMatchObject({ status: 'dead', attempts: 1, finishedAt: leaseMs + 1 })
    })
  })

  describe('fencing', () => {
    it('a stale worker can neither complete, fail, heartbeat nor release a newer attempt', () => {
      const id = enqueueJob(t.db, { task: 'x' }, 0)
      const stale = claim('w1', 0)
      if (!stale) throw new Error('no job')
      sweepExpiredLeases(t.db, { now: leaseMs + 1, backoff })
      // Between sweep and re-claim the old lease is already dead.
      expect(holdsLease(t.db, stale.lease)).toBe(false)
      const fresh = claim('w2', 20_000)
      if (!fresh) throw new Error('no job')
      const before = getJob(t.db, id)

      expect(completeJob(t.db, stale.lease, 20_001)).toBe(false)
      expect(failJob(t.db, stale.lease, { error: 'stale', now: 20_001, backoff })).toBe('fenced')
      expect(heartbeatJob(t.db, stale.lease, { leaseMs, now: 20_001 })).toBe(false)
      expect(releaseJob(t.db, stale.lease, 20_001)).toBe(false)
      expect(getJob(t.db, id)).toEqual(before)

      expect(holdsLease(t.db, fresh.lease)).toBe(true)
      expect(completeJob(t.db, fresh.lease, 20_002)).toBe(true)
      expect(getJob(t.db, id)).toMatchObject({
        status: 'succeeded',
        attempts: 2,
        lockedBy: null,
        finishedAt: 20_002,
      })
    })

    it('the same worker id with an older attempt is fenced too', () => {
      enqueueJob(t.db, { task: 'x' }, 0)
      const first = claim('w1', 0)
      if (!first) throw new Error('no job')
      sweepExpiredLeases(t.db, { now: leaseMs + 1, backoff })
      const second = claim('w1', 20_000)
      expect(second?.attempt).toBe(2)
      expect(completeJob(t.db, first.lease, 20_001)).toBe(false)
    })

    it('a results transaction that checks the lease rolls back for a stale worker', () => {
      enqueueJob(t.db, { task: 'x' }, 0)
      const stale = claim('w1', 0)
      if (!stale) throw new Error('no job')
      sweepExpiredLeases(t.db, { now: leaseMs + 1, backoff })
      claim('w2', 20_000)
      const writeResults = () =>
        writeTransaction(t.db, (tx) => {
          enqueueJob(tx, { task: 'result-marker' }, 20_001)
          if (!holdsLease(tx, stale.lease)) throw new Error('lease lost')
        })
      expect(writeResults).toThrow('lease lost')
      expect(t.sqlite.prepare("SELECT count(*) FROM jobs WHERE task = 'result-marker'").pluck().get()).toBe(0)
    })

    it('a completed job cannot be completed or failed again', () => {
      enqueueJob(t.db, { task: 'x' }, 0)
      const job = claim('w1', 0)
      if (!job) throw new Error('no job')
      expect(completeJob(t.db, job.lease, 1)).toBe(true)
      expect(completeJob(t.db, job.lease, 2)).toBe(false)
      expect(failJob(t.db, job.lease, { error: 'late', now: 2, backoff })).toBe('fenced')
    })
  })

  describe('failure', () => {
    it('backs off exponentially, then ends dead with last_error, and a dead job is never claimed', () => {
      const id = enqueueJob(t.db, { task: 'x', maxAttempts: 3 }, 0)
      let now = 0
      const delays: number[] = []
      for (let attempt = 1; attempt <= 3; attempt++) {
        const job = claim('w1', now)
        expect(job?.attempt).toBe(attempt)
        if (!job) throw new Error('no job')
        const outcome = failJob(t.db, job.lease, { error: `boom ${attempt}`, now, backoff })
        expect(outcome).toBe(attempt < 3 ? 'retry' : 'dead')
        const row = getJob(t.db, id)
        expect(row?.lastError).toBe(`boom ${attempt}`)
        if (outcome === 'retry' && row) {
          delays.push(row.runAt - now)
          // Not claimable a moment before the backoff ends.
          expect(claim('w1', row.runAt - 1)).toBeUndefined()
          now = row.runAt
        }
      }
      expect(delays).toEqual([1_000, 2_000])
      expect(getJob(t.db, id)).toMatchObject({ status: 'dead', attempts: 3, lockedBy: null, finishedAt: now })
      expect(claim('w1', now + 10_000_000)).toBeUndefined()
    })

    it('backoffDelay doubles from the base and stops at the cap', () => {
      expect([1, 2, 3, 4, 7, 8].map((a) => backoffDelay(a, backoff))).toEqual([
        1_000, 2_000, 4_000, 8_000, 60_000, 60_000,
      ])
    })

    it('keeps last_error bounded', () => {
      const id = enqueueJob(t.db, { task: 'x' }, 0)
      const job = claim('w1', 0)
      if (!job) throw new Error('no job')
      failJob(t.db, job.lease, { error: 'e'.repeat(10_000), now: 0, backoff })
      expect(getJob(t.db, id)?.lastError).toHaveLength(2_000)
    })
  })

  describe('release', () => {
    it('queues the job again at once without spending its attempt budget; the next claim is attempt + 1', () => {
      const id = enqueueJob(t.db, { task: 'x', maxAttempts: 1 }, 0)
      const job = claim('w1', 0)
      if (!job) throw new Error('no job')
      expect(releaseJob(t.db, job.lease, 50)).toBe(true)
      expect(getJob(t.db, id)).toMatchObject({
        status: 'queued',
        attempts: 1,
        maxAttempts: 2,
        runAt: 50,
        lockedBy: null,
      })
      const again = claim('w2', 50)
      expect(again?.attempt).toBe(2)
      // The released attempt's lease is fenced out.
      expect(completeJob(t.db, job.lease, 60)).toBe(false)
    })
  })

  it('enqueue refuses an empty task name and a non-positive attempt budget', () => {
    expect(() => enqueueJob(t.db, { task: '' }, 0)).toThrow(RangeError)
    expect(() => enqueueJob(t.db, { task: 'x', maxAttempts: 0 }, 0)).toThrow(RangeError)
  })
})
