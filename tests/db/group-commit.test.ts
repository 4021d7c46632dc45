/**
 * Group commit: bodies queued together share one BEGIN IMMEDIATE … COMMIT,
 * each in its own savepoint; callers settle only after that COMMIT. No timing
 * assertions: transactions are counted, and what another connection can see
 * is checked while the group is open and after it committed.
 */
import { readdirSync, readlinkSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type DatabaseHandle, type Executor, openDatabase, writeTransaction } from '../../db/client.ts'
import { isBusy, sqliteErrorCode } from '../../db/errors.ts'
import {
  createGroupCommitter,
  GroupCommitError,
  groupCommitterFor,
  type WalSync,
} from '../../db/group-commit.ts'
import { getApplicant } from '../../db/repo/applicants.ts'
import { createApp } from '../../src/api/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createLogger } from '../../src/logging.ts'
import { appendAudit, verifyAuditChain } from '../../src/services/audit.ts'
import { v1World } from '../api/v1/support.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

const principal = { tokenId: 'tok-1', role: 'admin' as const, caseloads: [] }

/** A scratch table for the tests' own writes, and a child table whose foreign key is checked at COMMIT. */
function scratch(t: DatabaseHandle): void {
  t.sqlite.exec(`
    CREATE TABLE gc_rows (id INTEGER PRIMARY KEY, label TEXT NOT NULL);
    CREATE TABLE gc_parent (id INTEGER PRIMARY KEY);
    CREATE TABLE gc_child (
      id INTEGER PRIMARY KEY,
      parent_id INTEGER NOT NULL REFERENCES gc_parent(id) DEFERRABLE INITIALLY DEFERRED
    );
  `)
}

const insertRow = (tx: Executor, t: DatabaseHandle, label: string) => {
  // Through the raw connection: the group's transaction is on it, so this write is in the group.
  t.sqlite.prepare('INSERT INTO gc_rows (label) VALUES (?)').run(label)
  return tx
}
const labels = (h: DatabaseHandle): string[] =>
  h.sqlite.prepare('SELECT label FROM gc_rows ORDER BY id').pluck().all() as string[]
const auditCount = (h: DatabaseHandle): number =>
  h.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get() as number

describe('createGroupCommitter', () => {
  let t: TestDatabase
  let other: DatabaseHandle
  beforeEach(() => {
    t = freshDatabase()
    scratch(t)
    other = openDatabase(t.path)
  })
  afterEach(() => {
    if (other.sqlite.open) other.sqlite.close()
    t.close()
  })

  it('runs N concurrent bodies in one transaction and delivers every result after its COMMIT', async () => {
    const committer = createGroupCommitter(t)
    const transactions = vi.spyOn(t.db, 'transaction')
    const n = 12
    const seen: { inTransaction: boolean; ownRows: number; otherRows: number }[] = []
    const promises = Array.from({ length: n }, (_, i) =>
      committer.run((tx) => {
        insertRow(tx, t, `row-${i}`)
        appendAudit(tx, {
          principal,
          action: 'applicant.read',
          objectType: 'applicant',
          objectId: `a-${i}`,
          requestId: `r-${i}`,
        })
        seen.push({
          inTransaction: t.sqlite.inTransaction,
          // This connection sees the rows of every body before it: one transaction.
          ownRows: labels(t).length,
          // Another connection sees none of them until the COMMIT.
          otherRows: labels(other).length,
        })
        return `result-${i}`
      }),
    )
    expect(committer.pending).toBe(n)
    expect(labels(t)).toEqual([]) // nothing ran yet: bodies wait for the flush
    // Each caller, once resolved, finds the whole group committed (visible to another connection).
    const visibleAtResolve = promises.map((p) => p.then(() => labels(other).length))
    expect(await Promise.all(promises)).toEqual(Array.from({ length: n }, (_, i) => `result-${i}`))
    expect(await Promise.all(visibleAtResolve)).toEqual(Array(n).fill(n))
    expect(seen).toEqual(
      Array.from({ length: n }, (_, i) => ({ inTransaction: true, ownRows: i + 1, otherRows: 0 })),
    )
    expect(transactions).toHaveBeenCalledTimes(1)
    expect(committer.stats()).toMatchObject({
      groups: 1,
      commits: 1,
      bodies: n,
      failedBodies: 0,
      largestGroup: n,
    })
    expect(t.sqlite.inTransaction).toBe(false)
    expect(auditCount(other)).toBe(n)
    expect(verifyAuditChain(other.db)).toMatchObject({ ok: true, rows: n })
  })

  it('a throwing body rolls back only its own writes and audit row, and rejects only its caller', async () => {
    const committer = createGroupCommitter(t)
    const refusal = new Error('refused by the body')
    const body = (i: number) => (tx: Executor) => {
      insertRow(tx, t, `row-${i}`)
      appendAudit(tx, {
        principal,
        action: 'applicant.read',
        objectType: 'applicant',
        objectId: `a-${i}`,
        requestId: `r-${i}`,
      })
      if (i === 1) throw refusal // after its write and its audit row: both must go
      return i
    }
    const results = await Promise.allSettled([0, 1, 2].map((i) => committer.run(body(i))))
    expect(results).toEqual([
      { status: 'fulfilled', value: 0 },
      { status: 'rejected', reason: refusal },
      { status: 'fulfilled', value: 2 },
    ])
    expect(labels(other)).toEqual(['row-0', 'row-2'])
    expect(other.sqlite.prepare('SELECT object_id FROM audit_log ORDER BY id').pluck().all()).toEqual([
      'a-0',
      'a-2',
    ])
    expect(verifyAuditChain(other.db)).toMatchObject({ ok: true, rows: 2 })
    expect(committer.stats()).toMatchObject({ commits: 1, bodies: 3, failedBodies: 1 })
  })

  it('nested writeTransaction inside a body is a savepoint inside the body: a throw rolls back the body alone', async () => {
    const committer = createGroupCommitter(t)
    const results = await Promise.allSettled([
      committer.run((tx) => writeTransaction(tx, () => insertRow(tx, t, 'kept') && 'ok')),
      committer.run((tx) =>
        writeTransaction(tx, () => {
          insertRow(tx, t, 'undone')
          throw new Error('inner')
        }),
      ),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected'])
    expect(labels(other)).toEqual(['kept'])
  })

  it('a failing COMMIT (deferred foreign key) rejects every caller and leaves nothing', async () => {
    const committer = createGroupCommitter(t)
    const promises = [
      committer.run((tx) => insertRow(tx, t, 'first') && 1),
      // Valid at the statement, checked at COMMIT: parent 99 does not exist.
      committer.run(() => t.sqlite.prepare('INSERT INTO gc_child (id, parent_id) VALUES (1, 99)').run() && 2),
      committer.run((tx) => {
        appendAudit(tx, {
          principal,
          action: 'applicant.read',
          objectType: 'applicant',
          objectId: 'a-3',
          requestId: 'r-3',
        })
        return 3
      }),
    ]
    const results = await Promise.allSettled(promises)
    for (const r of results) {
      expect(r.status).toBe('rejected')
      expect(sqliteErrorCode((r as PromiseRejectedResult).reason)).toBe('SQLITE_CONSTRAINT_FOREIGNKEY')
    }
    expect(t.sqlite.inTransaction).toBe(false)
    expect(labels(other)).toEqual([])
    expect(auditCount(other)).toBe(0)
    expect(committer.stats()).toMatchObject({ groups: 1, commits: 0, failedGroups: 1 })
    // The committer goes on: the next group commits.
    await expect(committer.run((tx) => insertRow(tx, t, 'later') && 'ok')).resolves.toBe('ok')
    expect(labels(other)).toEqual(['later'])
  })

  it('a body that ends the transaction fails the whole group; no later body runs in autocommit', async () => {
    const committer = createGroupCommitter(t)
    let laterRan = false
    const results = await Promise.allSettled([
      committer.run((tx) => insertRow(tx, t, 'before') && 1),
      committer.run(() => {
        t.sqlite.exec('ROLLBACK')
        return 2
      }),
      committer.run((tx) => {
        laterRan = true
        return insertRow(tx, t, 'after') && 3
      }),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(GroupCommitError)
    expect(laterRan).toBe(false)
    expect(labels(other)).toEqual([])
  })

  it('refuses async bodies, and a body that returns a promise is rolled back alone', async () => {
    const committer = createGroupCommitter(t)
    let asyncRan = false
    await expect(
      committer.run(async () => {
        asyncRan = true
        return 1
      }),
    ).rejects.toThrow(/synchronous/)
    expect(asyncRan).toBe(false)
    expect(committer.stats().groups).toBe(0)

    const results = await Promise.allSettled([
      committer.run((tx) => {
        insertRow(tx, t, 'promised')
        return Promise.resolve(1)
      }),
      committer.run((tx) => insertRow(tx, t, 'plain') && 2),
    ])
    expect(results[0]).toMatchObject({ status: 'rejected' })
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/synchronous/)
    expect(results[1]).toEqual({ status: 'fulfilled', value: 2 })
    expect(labels(other)).toEqual(['plain'])
  })

  it('caps a transaction at maxGroupSize bodies; the rest commit in the next groups', async () => {
    const committer = createGroupCommitter(t, { maxGroupSize: 3 })
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) => committer.run((tx) => insertRow(tx, t, `r${i}`) && i)),
    )
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(committer.stats()).toMatchObject({ groups: 3, commits: 3, largestGroup: 3, bodies: 7 })
    expect(labels(other)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6'])
  })

  it('a writer holding the lock past the lock wait rejects the group with a busy error; nothing runs', async () => {
    const committer = createGroupCommitter(t, { lockWaitMs: 0 })
    t.sqlite.pragma('busy_timeout = 20')
    other.sqlite.prepare('BEGIN IMMEDIATE').run()
    let ran = false
    try {
      const results = await Promise.allSettled([
        committer.run(() => {
          ran = true
          return 1
        }),
        committer.run(() => 2),
      ])
      for (const r of results) expect(isBusy((r as PromiseRejectedResult).reason)).toBe(true)
      expect(ran).toBe(false)
    } finally {
      other.sqlite.prepare('ROLLBACK').run()
    }
    expect(t.sqlite.inTransaction).toBe(false)
  })

  it('waits for a lock held elsewhere by retrying on timers, and commits once it is free', async () => {
    const committer = createGroupCommitter(t, { lockWaitMs: 60_000 })
    t.sqlite.pragma('busy_timeout = 1')
    other.sqlite.prepare('BEGIN IMMEDIATE').run()
    let ran = 0
    const result = committer.run((tx) => {
      ran += 1
      insertRow(tx, t, 'after-lock')
      return 'done'
    })
    // Other work goes on while the group waits: timers fire, and the group has been tried more than once.
    await vi.waitFor(() => expect(committer.stats().busyRetries).toBeGreaterThanOrEqual(3))
    expect(committer.lockedSince()).toEqual(expect.any(Number))
    expect(ran).toBe(0)
    other.sqlite.prepare('COMMIT').run()
    await expect(result).resolves.toBe('done')
    expect(ran).toBe(1)
    expect(labels(other)).toEqual(['after-lock'])
    expect(committer.lockedSince()).toBeUndefined()
    expect(committer.stats()).toMatchObject({ commits: 1, busyRejected: 0 })
  })

  it('rejects a body with the busy error once it has waited lockWaitMs in all; later bodies wait their own', async () => {
    let now = 1_000
    const committer = createGroupCommitter(t, { lockWaitMs: 500, now: () => now })
    t.sqlite.pragma('busy_timeout = 1')
    other.sqlite.prepare('BEGIN IMMEDIATE').run()
    try {
      const first = committer.run(() => 'first')
      const settled = first.then(
        () => 'resolved',
        (error: unknown) => (isBusy(error) ? 'busy' : 'other'),
      )
      await vi.waitFor(() => expect(committer.stats().busyRetries).toBeGreaterThanOrEqual(2))
      now = 1_400
      const second = committer.run(() => 'second')
      now = 1_500 // the first body's deadline, not the second's
      expect(await settled).toBe('busy')
      expect(committer.stats().busyRejected).toBe(1)
      other.sqlite.prepare('COMMIT').run()
      await expect(second).resolves.toBe('second')
    } finally {
      if (other.sqlite.inTransaction) other.sqlite.prepare('ROLLBACK').run()
    }
  })

  it('a storage failure of a group is kept until a later group commits work; probeWrite is such a write', async () => {
    const committer = createGroupCommitter(t)
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    const failed = committer.run(() => {
      // As SQLite does on SQLITE_FULL: the whole transaction is rolled back.
      t.sqlite.exec('ROLLBACK')
      throw full
    })
    await expect(failed).rejects.toBe(full)
    expect(committer.storageFailure()).toBe(full)
    await expect(committer.probeWrite()).resolves.toBeUndefined()
    expect(committer.storageFailure()).toBeUndefined()
  })

  it('refuses to flush into a transaction already open on the connection (it would not be a COMMIT)', async () => {
    const committer = createGroupCommitter(t)
    const pending = committer.run((tx) => insertRow(tx, t, 'x') && 1)
    t.sqlite.exec('BEGIN')
    try {
      await expect(pending).rejects.toBeInstanceOf(GroupCommitError)
    } finally {
      t.sqlite.exec('ROLLBACK')
    }
    expect(labels(other)).toEqual([])
  })

  describe('the WAL sync after COMMIT (off the event loop)', () => {
    /** A WAL sync the test completes by hand: `pending` holds the callbacks of syncs begun. */
    function heldSync() {
      const pending: ((error: Error | null) => void)[] = []
      return { pending, walSync: (done: (error: Error | null) => void) => void pending.push(done) }
    }
    const settledFlags = (promises: Promise<unknown>[]) => {
      const flags = promises.map(() => false)
      promises.forEach((p, i) => {
        const mark = () => {
          flags[i] = true
        }
        p.then(mark, mark)
      })
      return flags
    }
    const turn = () => new Promise((resolve) => setImmediate(resolve))

    it('commits with synchronous=NORMAL, restores FULL, and settles callers only when a sync begun after their COMMIT has completed (one sync at a time)', async () => {
      const sync = heldSync()
      const committer = createGroupCommitter(t, { walSync: sync.walSync, maxSyncsInFlight: 1 })
      let syncDuringBody = -1
      const first = [1, 2].map((i) =>
        committer.run((tx) => {
          insertRow(tx, t, `a-${i}`)
          syncDuringBody = t.sqlite.pragma('synchronous', { simple: true }) as number
          return i
        }),
      )
      const firstSettled = settledFlags(first)
      await turn()
      expect(syncDuringBody).toBe(1) // NORMAL inside the group's transaction
      expect(t.sqlite.pragma('synchronous', { simple: true })).toBe(2) // FULL again for everyone else
      expect(labels(other)).toEqual(['a-1', 'a-2']) // committed …
      expect(sync.pending).toHaveLength(1)
      expect(firstSettled).toEqual([false, false]) // … but nobody answered before the sync
      // A second group commits while the first sync runs; it needs a sync of its own.
      const second = committer.run((tx) => insertRow(tx, t, 'b') && 'b')
      const secondSettled = settledFlags([second])
      await turn()
      expect(labels(other)).toEqual(['a-1', 'a-2', 'b'])
      expect(sync.pending).toHaveLength(1) // one sync at a time
      sync.pending[0]?.(null)
      expect(await Promise.all(first)).toEqual([1, 2])
      await turn()
      expect(secondSettled).toEqual([false]) // the first sync began before its COMMIT
      expect(sync.pending).toHaveLength(2)
      sync.pending[1]?.(null)
      expect(await second).toBe('b')
      expect(committer.stats()).toMatchObject({ groups: 2, commits: 2, syncs: 2 })
    })

    it('whenDurable resolves at once when nothing waits, joins a sync that began after the last COMMIT, and otherwise waits for the next', async () => {
      const sync = heldSync()
      const committer = createGroupCommitter(t, { walSync: sync.walSync })
      await committer.whenDurable()
      const write = committer.run((tx) => insertRow(tx, t, 'x') && 1)
      await turn()
      expect(sync.pending).toHaveLength(1) // the sync of 'x' is under way
      const joins = committer.whenDurable() // nothing committed since it began: it covers all
      const [joinsSettled] = settledFlags([joins])
      await turn()
      expect(joinsSettled).toBe(false)
      const later = committer.run((tx) => insertRow(tx, t, 'y') && 2) // commits while the sync runs
      await turn()
      const afterLater = committer.whenDurable() // 'y' is not covered by the running sync
      sync.pending[0]?.(null)
      await Promise.all([write, joins])
      const [afterLaterSettled] = settledFlags([afterLater])
      await turn()
      expect(afterLaterSettled).toBe(false)
      expect(sync.pending).toHaveLength(2)
      sync.pending[1]?.(null)
      expect(await later).toBe(2)
      await afterLater
    })

    it('a failed sync rejects every caller it covered, and the committer refuses all later work', async () => {
      const sync = heldSync()
      const committer = createGroupCommitter(t, { walSync: sync.walSync })
      const covered = [committer.run(() => 1), committer.run(() => 2)]
      await turn()
      sync.pending[0]?.(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))
      for (const p of covered) await expect(p).rejects.toThrow(/WAL could not be synced.*EIO/)
      const ran = vi.fn(() => 3)
      await expect(committer.run(ran)).rejects.toThrow(GroupCommitError)
      expect(ran).not.toHaveBeenCalled()
      await expect(committer.whenDurable()).rejects.toThrow(GroupCommitError)
    })

    it('a failed sync also refuses what was waiting for the next sync, without syncing again', async () => {
      const sync = heldSync()
      const committer = createGroupCommitter(t, { walSync: sync.walSync, maxSyncsInFlight: 1 })
      const first = committer.run(() => 1)
      await turn()
      const second = committer.run(() => 2) // committed while the first sync runs
      await turn()
      sync.pending[0]?.(new Error('EIO'))
      await expect(first).rejects.toThrow(GroupCommitError)
      await expect(second).rejects.toThrow(GroupCommitError)
      expect(sync.pending).toHaveLength(1)
    })

    it('by default one sync runs at a time: a group committed meanwhile waits for the next, which begins when the first ends', async () => {
      const sync = heldSync()
      const committer = createGroupCommitter(t, { walSync: sync.walSync })
      const first = committer.run((tx) => insertRow(tx, t, 'a') && 'a')
      await turn()
      const second = committer.run((tx) => insertRow(tx, t, 'b') && 'b')
      const settled = settledFlags([first, second])
      await turn()
      expect(sync.pending).toHaveLength(1) // no second sync beside the first
      sync.pending[0]?.(null)
      expect(await first).toBe('a')
      await turn()
      expect(settled).toEqual([true, false]) // b committed after the first sync began: not covered
      expect(sync.pending).toHaveLength(2)
      sync.pending[1]?.(null)
      expect(await second).toBe('b')
    })

    it('a group committed while a sync runs gets a sync of its own at once, and is answered only when that one completes', async () => {
      const sync = heldSync()
      const committer = createGroupCommitter(t, { walSync: sync.walSync, maxSyncsInFlight: 4 })
      const first = committer.run((tx) => insertRow(tx, t, 'a') && 'a')
      await turn()
      const second = committer.run((tx) => insertRow(tx, t, 'b') && 'b')
      const settled = settledFlags([first, second])
      await turn()
      expect(sync.pending).toHaveLength(2) // the second sync began beside the first, after b's COMMIT
      expect(settled).toEqual([false, false])
      sync.pending[1]?.(null) // the later sync may finish first: it covers b
      expect(await second).toBe('b')
      sync.pending[0]?.(null)
      expect(await first).toBe('a')
      expect(committer.stats()).toMatchObject({ commits: 2, syncs: 2 })
    })

    it('at most maxSyncsInFlight syncs run; a group beyond them waits for the next, which covers every waiting group', async () => {
      const sync = heldSync()
      const committer = createGroupCommitter(t, { walSync: sync.walSync, maxSyncsInFlight: 2 })
      const runs: Promise<string>[] = []
      for (const label of ['a', 'b', 'c', 'd']) {
        runs.push(committer.run((tx) => insertRow(tx, t, label) && label))
        await turn()
      }
      const flags = settledFlags(runs)
      expect(labels(other)).toEqual(['a', 'b', 'c', 'd']) // all committed
      expect(sync.pending).toHaveLength(2) // a's and b's; c and d wait
      sync.pending[0]?.(null)
      expect(await runs[0]).toBe('a')
      await turn()
      expect(sync.pending).toHaveLength(3) // one sync begun for c and d together
      expect(flags.slice(1)).toEqual([false, false, false])
      sync.pending[2]?.(null)
      expect(await Promise.all([runs[2], runs[3]])).toEqual(['c', 'd'])
      await turn()
      expect(flags[1]).toBe(false) // b waits for its own sync
      sync.pending[1]?.(null)
      expect(await runs[1]).toBe('b')
    })

    it('a failed sync refuses at once the callers of every sync still under way', async () => {
      const sync = heldSync()
      const committer = createGroupCommitter(t, { walSync: sync.walSync, maxSyncsInFlight: 4 })
      const first = committer.run(() => 1)
      await turn()
      const second = committer.run(() => 2)
      await turn()
      expect(sync.pending).toHaveLength(2)
      sync.pending[0]?.(new Error('EIO'))
      await expect(first).rejects.toThrow(GroupCommitError)
      await expect(second).rejects.toThrow(GroupCommitError) // its own sync has not even returned
      sync.pending[1]?.(null) // returning later changes nothing
      await expect(committer.whenDurable()).rejects.toThrow(GroupCommitError)
    })

    it('by default a file database in WAL mode syncs its WAL file after COMMIT; callers still see the COMMIT', async () => {
      const committer = createGroupCommitter(t)
      expect(
        await Promise.all([1, 2, 3].map((i) => committer.run((tx) => insertRow(tx, t, `d-${i}`) && i))),
      ).toEqual([1, 2, 3])
      expect(committer.stats()).toMatchObject({ commits: 1, syncs: 1 })
      expect(labels(other)).toEqual(['d-1', 'd-2', 'd-3'])
    })

    it.runIf(process.platform === 'linux')(
      'keeps no descriptor of the WAL file open once no sync is under way or waiting',
      async () => {
        const walOpen = () =>
          readdirSync('/proc/self/fd').some((fd) => {
            try {
              return readlinkSync(`/proc/self/fd/${fd}`).startsWith(`${t.path}-wal`)
            } catch {
              return false // a descriptor closed while we looked
            }
          })
        const committer = createGroupCommitter(t)
        await committer.run((tx) => insertRow(tx, t, 'fd'))
        // SQLite's own descriptors of the WAL are its business; ours is closed when idle.
        const sqliteOwn = walOpen()
        t.sqlite.close()
        other.sqlite.close() // the suite's second connection has the WAL open too
        expect(walOpen()).toBe(false)
        expect(sqliteOwn).toBe(true)
      },
    )

    it("'inside-commit' keeps SQLite's own sync in COMMIT (synchronous=FULL throughout, no extra sync)", async () => {
      const committer = createGroupCommitter(t, { walSync: 'inside-commit' })
      let during = -1
      await committer.run(() => {
        during = t.sqlite.pragma('synchronous', { simple: true }) as number
      })
      expect(during).toBe(2)
      expect(committer.stats()).toMatchObject({ commits: 1, syncs: 0 })
    })
  })

  it('groupCommitterFor keeps one committer per connection', () => {
    expect(groupCommitterFor(t)).toBe(groupCommitterFor({ ...t }))
    expect(groupCommitterFor(t)).not.toBe(groupCommitterFor(other))
  })
})

describe('group commit through the API', () => {
  let world: ReturnType<typeof v1World>
  beforeEach(() => {
    world = v1World()
  })
  afterEach(() => world.close())

  /** The app over the world's database with a committer whose WAL sync is `walSync`. */
  const appWithSync = (walSync: WalSync) => {
    const config = loadConfig({ HEMVIST_DB: world.t.path, HEMVIST_RATE_LIMIT_PER_MINUTE: '1000000' })
    if (!config.ok) throw new Error('config')
    return createApp({
      db: world.t,
      config: config.value,
      logger: createLogger({ level: 'silent' }),
      committer: createGroupCommitter(world.t, { walSync }),
    })
  }

  it('answers neither a write nor a later read outside the group commit before the WAL sync of that write', async () => {
    const vacancy = world.seedVacancy()
    const syncs: ((error: Error | null) => void)[] = []
    const app = appWithSync((done) => void syncs.push(done))
    const headers = world.tokens.allocator.headers
    const turn = () => new Promise((resolve) => setImmediate(resolve))
    const answered: string[] = []
    const withdraw = Promise.resolve(
      app.request(`/v1/vacancies/${vacancy.id}/withdraw`, {
        method: 'POST',
        headers: { ...headers, 'If-Match': '"1"' },
      }),
    ).then((r) => {
      answered.push('withdraw')
      return r
    })
    for (let i = 0; i < 5 && syncs.length === 0; i++) await turn()
    expect(syncs).toHaveLength(1) // committed, sync running
    const read = Promise.resolve(app.request(`/v1/vacancies/${vacancy.id}`, { headers })).then((r) => {
      answered.push('read')
      return r
    })
    for (let i = 0; i < 5; i++) await turn()
    expect(answered).toEqual([]) // the read saw the withdrawal, so it waits for its sync too
    syncs[0]?.(null)
    const [w, r] = await Promise.all([withdraw, read])
    expect([w.status, r.status]).toEqual([200, 200])
    expect(((await r.json()) as { status: string }).status).toBe('withdrawn')
  })

  it('an error answer of a read outside the group commit (404) also waits for the WAL sync of what it saw', async () => {
    // ÖBO sees only landlord `obo`: an allocator moving the unit to another landlord makes ÖBO's
    // read answer 404. That 404 shows the change, so it must not go out before the change is synced.
    const vacancy = world.seedVacancy({ landlord: 'obo' })
    const syncs: ((error: Error | null) => void)[] = []
    const app = appWithSync((done) => void syncs.push(done))
    const turn = () => new Promise((resolve) => setImmediate(resolve))
    const answered: string[] = []
    const patch = Promise.resolve(
      app.request(`/v1/vacancies/${vacancy.id}`, {
        method: 'PATCH',
        headers: {
          ...world.tokens.allocator.headers,
          'If-Match': '"1"',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ landlord: 'municipality' }),
      }),
    ).then((r) => {
      answered.push('patch')
      return r
    })
    for (let i = 0; i < 5 && syncs.length === 0; i++) await turn()
    expect(syncs).toHaveLength(1) // committed, sync running
    const read = Promise.resolve(
      app.request(`/v1/vacancies/${vacancy.id}`, { headers: world.tokens.obo.headers }),
    ).then((r) => {
      answered.push(`read ${r.status}`)
      return r
    })
    for (let i = 0; i < 5; i++) await turn()
    expect(answered).toEqual([]) // the 404 reflects the unsynced change: it waits for the sync too
    syncs[0]?.(null)
    const [p, r] = await Promise.all([patch, read])
    expect([p.status, r.status]).toEqual([200, 404])
  })

  it('after a failed WAL sync, requests fail and /health answers 503 until a restart', async () => {
    const applicant = world.seedApplicant()
    const app = appWithSync((done) =>
      done(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })),
    )
    expect((await app.request('/health')).status).toBe(200)
    const read = await app.request(`/v1/applicants/${applicant.id}`, {
      headers: world.tokens.allocator.headers,
    })
    expect(read.status).toBe(500)
    const health = await app.request('/health')
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({
      status: 503,
      detail: 'A write could not be synced to disk; restart the service after checking the disk.',
    })
  })

  it('concurrent reads of households share one COMMIT, each with its own audit row', async () => {
    const ids = [0, 1, 2, 3, 4].map(() => world.seedApplicant().id)
    const committer = groupCommitterFor(world.t)
    const before = committer.stats()
    const responses = await Promise.all(
      ids.map((id) => world.call('allocator', 'GET', `/v1/applicants/${id}`)),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(200))
    const after = committer.stats()
    expect(after.bodies - before.bodies).toBe(5)
    // Authentication runs before the handlers, so all five reach the queue before one flush.
    expect(after.commits - before.commits).toBe(1)
    expect(
      world
        .auditActions()
        .filter((a) => a.action === 'applicant.read')
        .map((a) => a.objectId)
        .sort(),
    ).toEqual([...ids].sort())
    expect(verifyAuditChain(world.t.db)).toMatchObject({ ok: true })
  })

  it('fails closed per request: a read or write whose audit row fails answers 500 and leaves nothing; the others of the group succeed', async () => {
    const [a, b, c] = [world.seedApplicant(), world.seedApplicant(), world.seedApplicant()]
    const rowB = world.applicantRow(b.id)
    world.t.sqlite.exec(
      `CREATE TRIGGER audit_broken BEFORE INSERT ON audit_log WHEN NEW.object_id = '${b.id}'
       BEGIN SELECT RAISE(ABORT, 'disk says no'); END`,
    )
    const responses = await Promise.all([
      world.call('allocator', 'GET', `/v1/applicants/${a.id}`),
      world.call('allocator', 'GET', `/v1/applicants/${b.id}`),
      world.call('allocator', 'POST', `/v1/applicants/${b.id}/withdraw`, { ifMatch: '"1"' }),
      world.call('allocator', 'POST', `/v1/applicants/${c.id}/withdraw`, { ifMatch: '"1"' }),
    ])
    expect(responses.map((r) => r.status)).toEqual([200, 500, 500, 200])
    // The problem without its instance (the server's request id, a UUID: "a-2" sits in about 1 in 60).
    const { instance: _instance, ...problem } = JSON.parse((await responses[1]?.text()) ?? '{}') as Record<
      string,
      unknown
    >
    const failed = JSON.stringify(problem)
    expect(failed).not.toContain(b.id)
    expect(failed).not.toContain('disk says no')
    // b's withdrawal was rolled back with its refused audit row; c's committed with its own.
    expect(world.applicantRow(b.id)).toEqual(rowB)
    expect(getApplicant(world.t.db, b.id)?.applicant.status).toBe('active')
    expect(getApplicant(world.t.db, c.id)?.applicant.status).toBe('withdrawn')
    const actions = world.auditActions()
    expect(actions.filter((x) => x.objectId === b.id)).toEqual([])
    expect(actions.map((x) => [x.action, x.objectId])).toEqual(
      expect.arrayContaining([
        ['applicant.read', a.id],
        ['applicant.withdraw', c.id],
      ]),
    )
    expect(verifyAuditChain(world.t.db)).toMatchObject({ ok: true })
  })

  it('a database locked past the lock wait answers 503 with Retry-After for every request of the group', async () => {
    world.close()
    world = v1World({ HEMVIST_DB_LOCK_WAIT_MS: '0' })
    const a = world.seedApplicant()
    world.t.sqlite.pragma('busy_timeout = 20')
    const locker = openDatabase(world.t.path)
    locker.sqlite.pragma('busy_timeout = 20')
    // Authenticate once before locking, so its last-used bookkeeping is not what meets the lock.
    expect((await world.call('allocator', 'GET', `/v1/applicants/${a.id}`)).status).toBe(200)
    const auditBefore = world.auditActions().length
    locker.sqlite.prepare('BEGIN IMMEDIATE').run()
    try {
      const responses = await Promise.all([
        world.call('allocator', 'GET', `/v1/applicants/${a.id}`),
        world.call('allocator', 'GET', '/v1/applicants'),
      ])
      expect(responses.map((r) => r.status)).toEqual([503, 503])
      expect(responses.map((r) => r.headers.get('retry-after'))).toEqual(['1', '1'])
    } finally {
      locker.sqlite.prepare('ROLLBACK').run()
      locker.sqlite.close()
    }
    expect(world.auditActions().length).toBe(auditBefore)
  })
})
