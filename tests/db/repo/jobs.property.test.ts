import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  claimJob,
  completeJob,
  enqueueJob,
  failJob,
  getJob,
  heartbeatJob,
  type JobRow,
  type Lease,
  releaseJob,
  sweepExpiredLeases,
} from '../../../db/repo/jobs.ts'
import { freshDatabase } from '../../support/db.ts'

const workers = ['w0', 'w1', 'w2'] as const
const leaseMs = 100
const backoff = { baseMs: 10, capMs: 80 }

/** One step of a random schedule: a worker acts with one of the leases it was ever given, or time passes. */
const step = fc.oneof(
  fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 150 }) }),
  fc.record({ op: fc.constant('sweep' as const) }),
  fc.record({ op: fc.constant('claim' as const), worker: fc.constantFrom(...workers) }),
  fc.record({
    op: fc.constantFrom('complete' as const, 'fail' as const, 'heartbeat' as const, 'release' as const),
    lease: fc.nat(),
  }),
)

describe('job queue under random schedules of three workers', () => {
  it('only the current lease ever changes the job; attempts never go down; succeeded and dead are final', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        (steps, maxAttempts) => {
          const t = freshDatabase()
          try {
            let now = 0
            const id = enqueueJob(t.db, { task: 'x', maxAttempts }, now)
            const leases: Lease[] = []
            let row = getJob(t.db, id) as JobRow
            for (const s of steps) {
              const before = row
              const current = before.status === 'running' ? leases.at(-1) : undefined
              let changed: boolean
              if (s.op === 'tick') {
                now += s.ms
                continue
              }
              if (s.op === 'sweep') {
                sweepExpiredLeases(t.db, { now, backoff })
              } else if (s.op === 'claim') {
                const job = claimJob(t.db, { workerId: s.worker, leaseMs, now })
                if (job) {
                  // A claim only ever takes a queued, due job, and is the next attempt.
                  expect(before.status).toBe('queued')
                  expect(job.attempt).toBe(before.attempts + 1)
                  leases.push(job.lease)
                }
              } else if (leases.length > 0) {
                const lease = leases[s.lease % leases.length] as Lease
                const isCurrent = lease === current
                if (s.op === 'complete') changed = completeJob(t.db, lease, now)
                else if (s.op === 'heartbeat') changed = heartbeatJob(t.db, lease, { leaseMs, now })
                else if (s.op === 'release') changed = releaseJob(t.db, lease, now)
                else changed = failJob(t.db, lease, { error: 'e', now, backoff }) !== 'fenced'
                // Fencing: an operation succeeds exactly when its lease is the current one.
                expect(changed).toBe(isCurrent)
                if (!isCurrent) expect(getJob(t.db, id)).toEqual(before)
              }
              row = getJob(t.db, id) as JobRow
              expect(row.attempts).toBeGreaterThanOrEqual(before.attempts)
              expect(row.attempts).toBeLessThanOrEqual(row.maxAttempts)
              if (before.status === 'succeeded' || before.status === 'dead') expect(row).toEqual(before)
              if (row.status === 'running') expect(row.lockedBy).toBe(leases.at(-1)?.workerId)
              else expect(row.lockedBy).toBeNull()
            }
          } finally {
            t.close()
          }
        },
      ),
      { numRuns: 60, seed: 20_261_127 },
    )
  })
})
