/**
 * Group commit: write transactions that arrive together share one
 * `BEGIN IMMEDIATE … COMMIT`, so one fsync (synchronous=FULL) serves them all.
 *
 * Why: every read of a person's record appends an audit row in the same
 * transaction as the read (the audit fails closed: docs/security.md), so every such
 * request is a write transaction ending in an fsync. Committed one by one,
 * requests queue behind each other's fsync; committed as a group, the fsync is
 * paid once per group.
 *
 * How (`run(body)`):
 * - `body` is queued; nothing runs yet. The queue is flushed on the next
 *   `setImmediate` (after the event loop has read every request that was
 *   waiting), at most `maxGroupSize` bodies per transaction; more wait for the
 *   next turn.
 * - A flush is one synchronous stretch of code: `BEGIN IMMEDIATE`, then each
 *   body inside its own `SAVEPOINT`, then `COMMIT`. No group is ever held open
 *   across an `await`: nothing else on the event loop can run between BEGIN
 *   and COMMIT, so no other code can see or add to a group's uncommitted work.
 * - A body that throws (or returns a promise: bodies must be synchronous, see
 *   `writeTransaction`) is rolled back to its savepoint, so its own writes,
 *   audit rows included, are undone; its caller's promise rejects with its
 *   error; the other bodies go on and commit.
 * - Every caller's promise settles only after the COMMIT that holds its work:
 *   resolved if the COMMIT succeeded, rejected (every caller of the group, with
 *   the same error) if BEGIN or COMMIT failed or the transaction was lost
 *   midway.
 *
 * A lock held by another connection never blocks the event loop for long:
 * - The server opens its connection with a busy_timeout of a few milliseconds
 *   (`db/client.ts`), so `BEGIN IMMEDIATE` against a lock held elsewhere fails
 *   with SQLITE_BUSY after at most that long, on the event loop.
 * - Nothing of the group has run then, so the committer puts the group back at
 *   the head of the queue and tries again on a timer (2, 4, 8 … 50 ms apart),
 *   serving other requests in between (reads in WAL mode go on under a held
 *   write lock).
 * - A body that has waited `lockWaitMs` (default 5 s) in all is rejected with
 *   the SQLITE_BUSY error, which the HTTP error handler answers 503 with
 *   Retry-After. `lockedSince()` tells /health that writes are waiting.
 * - SQLITE_BUSY later than BEGIN (inside a body) is that body's error, like any
 *   other: the write lock is ours by then, so it does not happen in practice.
 *
 * A full disk or an unwritable file (`isStorageFailure`: SQLITE_FULL,
 * SQLITE_IOERR_*, …) fails the group or the body as any error does: SQLite
 * rolls back, nothing of it is stored, and the callers' errors answer 503.
 * `storageFailure()` holds the error until a later group commits work again;
 * `probeWrite()` commits a one-page write (the header's user_version, rewritten
 * with its own value) so /health can find out when room has been made, without
 * a restart and without a client's write.
 *
 * The fsync off the event loop (file databases in WAL mode):
 * - With synchronous=FULL, SQLite fsyncs the WAL inside COMMIT, and
 *   better-sqlite3 is synchronous: the whole process would wait for the disk,
 *   once per group, serving nobody meanwhile. So a group commits with
 *   synchronous=NORMAL (its frames are written to the WAL, not yet synced;
 *   every other transaction on the connection keeps FULL), and then the WAL
 *   file is fdatasync'ed on libuv's thread pool — the same sync FULL would
 *   have done, only not on the event loop. Callers are settled when a sync
 *   that began after their COMMIT has completed. While it runs, the process
 *   reads the next requests and commits the next group, whose sync begins at
 *   once beside it when `maxSyncsInFlight` allows (default 1: it then waits for
 *   the next to begin, which covers every group waiting; see
 *   `defaultMaxSyncsInFlight` for why overlapping syncs are not the default).
 * - A failed sync (EIO) rejects every caller it covered, and the committer
 *   refuses all later work: after a failed fsync the kernel may have dropped
 *   the dirty pages, so nothing more may be acknowledged until a restart
 *   (PostgreSQL's "fsyncgate" lesson).
 * - Checkpoints still run inside COMMIT (SQLite syncs the WAL before copying
 *   it and the database file after, at NORMAL as at FULL), so the WAL is only
 *   reused once its frames are durable in the database file.
 * - `whenDurable()` resolves once everything committed on this connection so
 *   far has been synced: a read outside any group awaits it so that it never
 *   answers with a commit that a power cut could still undo.
 * - What differs from FULL: other connections (the worker's, the CLI's) can
 *   see a group's commit before its sync has completed, since SQLite publishes
 *   it at COMMIT. Their own writes stay safe (their commits at FULL sync the
 *   same WAL file, earlier frames included); an outward effect taken from a
 *   plain read (an export, a message sent) should follow a write transaction,
 *   which at FULL syncs the WAL first.
 *
 * Why this keeps the service's promises (durable before acknowledged, audit fail closed):
 * - Durable before acknowledged: a caller learns its result only once the
 *   COMMIT containing it has returned and the WAL holding it has been synced
 *   (by SQLite inside COMMIT for in-memory or non-WAL databases, by our own
 *   fdatasync for WAL files). Nothing is answered from an uncommitted or
 *   unsynced group.
 * - Audit in the same commit as what it records: a body's read or write and
 *   its audit row run inside the same savepoint, so they are released or
 *   rolled back together, and then committed or lost together with the group.
 *   A body whose audit insert fails rolls back alone and its caller gets the
 *   error: the access is not answered (fail closed). If the COMMIT fails,
 *   nothing of the group is stored and nobody is answered.
 * - What changes: bodies of one group see each other's writes (they run one
 *   after another in one transaction, as they would have in separate
 *   transactions a moment apart), and the audit chain gets their rows in the
 *   order they ran. A body's result may be returned only through the promise.
 *
 * Keep `writeTransaction` for callers that need the transaction synchronously
 * (CLI, worker). A body may itself call `writeTransaction(tx, …)`: that nests
 * as a savepoint inside the body's own.
 */
import { closeSync, fdatasync, openSync } from 'node:fs'
import type Database from 'better-sqlite3'
import { type DatabaseHandle, type Executor, isThenable } from './client.ts'
import { isBusy, isStorageFailure } from './errors.ts'

/** A synchronous transaction body: reads and writes through `tx`, returns the caller's result. */
export type GroupBody<T> = (tx: Executor) => T

export interface GroupCommitStats {
  /** Transactions begun (groups flushed). */
  groups: number
  /** Groups whose COMMIT succeeded. */
  commits: number
  /** Groups that failed as a whole (BEGIN, COMMIT, or the transaction lost midway): every caller rejected. */
  failedGroups: number
  /** Bodies run. */
  bodies: number
  /** Bodies that threw and were rolled back to their savepoint alone. */
  failedBodies: number
  /** The most bodies one transaction held. */
  largestGroup: number
  /** WAL syncs done off the event loop (each may cover several groups). */
  syncs: number
  /** Their summed wall time, in ms (from the call to its callback). */
  syncMs: number
  /** BEGINs that met a lock held elsewhere and were tried again later. */
  busyRetries: number
  /** Bodies rejected because the lock was not free within `lockWaitMs`. */
  busyRejected: number
}

export interface GroupCommitter {
  /**
   * Runs `body` in the next group transaction, inside its own savepoint.
   * Resolves with its result after the COMMIT that holds it; rejects with the
   * body's error (its writes rolled back) or, if the group fails, with the
   * group's error. `body` must be synchronous.
   *
   * @example
   * const r = await committer.run((tx) => getApplicant({ ctx: { ...ctx, db: tx }, input: { id } }))
   */
  run<T>(body: GroupBody<T>): Promise<T>
  /**
   * Resolves once everything committed on this connection so far is on disk (at once when
   * nothing is waiting for a sync); rejects if the committer lost durability.
   */
  whenDurable(): Promise<void>
  /** The error that ended durability (a failed WAL sync), or undefined while all is well. */
  lost(): Error | undefined
  /**
   * Since when (epoch ms) the oldest queued group has been waiting for a write lock that another
   * connection holds; undefined while no group is waiting.
   */
  lockedSince(): number | undefined
  /**
   * The storage error (disk full, I/O error, read-only file) of the last group or body that failed
   * with one, until a later group commits a body's work; undefined while writes succeed.
   */
  storageFailure(): Error | undefined
  /**
   * Commits a one-page write through the queue (the header's user_version, rewritten with its own
   * value: nothing changes but a page is written and synced). Resolves when it committed, which
   * also clears `storageFailure()`; rejects with the reason it could not.
   */
  probeWrite(): Promise<void>
  /** Bodies queued and not yet run. */
  readonly pending: number
  /** Counters since creation (a copy). */
  stats(): GroupCommitStats
}

/**
 * Syncs the WAL file to disk off the event loop; calls back with an error if it could not.
 * `idle`, if present, is called when no sync is under way or waiting (the default closes its file).
 */
export type WalSync = ((done: (error: Error | null) => void) => void) & { idle?: () => void }

export interface GroupCommitOptions {
  /** At most this many bodies per transaction (default 64): bounds how long one group holds the write lock. */
  maxGroupSize?: number
  /**
   * How a group's WAL frames are made durable after its COMMIT. Default: for a file database in
   * WAL mode, fdatasync of `<path>-wal` on the thread pool; otherwise none (SQLite syncs inside
   * COMMIT). Tests pass their own to hold or fail the sync.
   */
  walSync?: WalSync | 'inside-commit'
  /**
   * How many WAL syncs may run at once (default 4). A group committed while a sync runs gets a
   * sync of its own at once, up to this many, instead of waiting for the running one to finish and
   * then for its own: overlapping syncs share the file system's journal write.
   */
  maxSyncsInFlight?: number
  /**
   * How long (ms) a body may wait in all for a write lock held by another connection before it is
   * rejected with SQLITE_BUSY (default 5,000). The wait is a series of timers, never a blocked
   * event loop: each attempt waits only the connection's busy_timeout.
   */
  lockWaitMs?: number
  /** The clock (epoch ms); tests pass their own. */
  now?: () => number
}

/** Thrown to every caller of a group that could not be committed as a transaction of its own. */
export class GroupCommitError extends Error {
  override readonly name = 'GroupCommitError'
}

interface Entry {
  body: GroupBody<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  /** Epoch ms after which the body stops waiting for a lock held elsewhere. */
  deadline: number
}

/** What happened to one body inside the transaction (settled only after COMMIT). */
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

const defaultMaxGroupSize = 64
const defaultLockWaitMs = 5_000
/**
 * One. Overlapping syncs are cheaper, but they share one descriptor, and Linux reports a writeback
 * error once per open file: of two fdatasyncs running together only one may see the EIO, and the
 * other, returning 0 first, would acknowledge commits whose pages were lost. One at a time, the
 * sync that fails is the one that covered them. `maxSyncsInFlight` above one is for measurements.
 */
const defaultMaxSyncsInFlight = 1
/** Pause before the n-th retry of a BEGIN that met a lock (n from 1): 2, 4, 8, 16, 32, 50, 50 … ms. */
const retryDelayMs = (n: number): number => Math.min(50, 2 ** n)

/**
 * A group committer on `handle`'s connection. Prefer `groupCommitterFor`, which
 * keeps one per connection: two committers on one connection would still be
 * correct (each flush is synchronous) but would not share their fsyncs.
 *
 * @example
 * const committer = createGroupCommitter(handle)
 * const [a, b] = await Promise.all([committer.run(readA), committer.run(readB)]) // one COMMIT
 */
export function createGroupCommitter(
  handle: DatabaseHandle,
  options: GroupCommitOptions = {},
): GroupCommitter {
  const maxGroupSize = Math.max(1, Math.trunc(options.maxGroupSize ?? defaultMaxGroupSize))
  const lockWaitMs = Math.max(0, options.lockWaitMs ?? defaultLockWaitMs)
  const clock = options.now ?? Date.now
  const maxSyncsInFlight = Math.max(1, Math.trunc(options.maxSyncsInFlight ?? defaultMaxSyncsInFlight))
  const { sqlite, db } = handle
  let queue: Entry[] = []
  let scheduled = false
  /** Consecutive BEGINs that met a lock; 0 once one succeeds. */
  let busyStreak = 0
  let lockedAt: number | undefined
  let storageError: Error | undefined
  const counters: GroupCommitStats = {
    groups: 0,
    commits: 0,
    failedGroups: 0,
    bodies: 0,
    failedBodies: 0,
    largestGroup: 0,
    syncs: 0,
    syncMs: 0,
    busyRetries: 0,
    busyRejected: 0,
  }
  const walSync: WalSync | undefined =
    options.walSync === 'inside-commit' ? undefined : (options.walSync ?? defaultWalSync(handle))
  const durability = walSync === undefined ? undefined : createDurability(walSync, counters, maxSyncsInFlight)
  // Prepared on first use (the connection may be opened before migration, or closed in tests).
  let statements:
    | {
        savepoint: Database.Statement
        release: Database.Statement
        rollbackTo: Database.Statement
      }
    | undefined

  /** Flushes on the next turn of the event loop, or after `delayMs` (a lock held elsewhere). */
  const schedule = (delayMs = 0): void => {
    if (scheduled) return
    scheduled = true
    if (delayMs > 0) setTimeout(flush, delayMs)
    else setImmediate(flush)
  }

  function flush(): void {
    scheduled = false
    const group = queue.slice(0, maxGroupSize)
    queue = queue.slice(group.length)
    if (group.length === 0) return
    const lost = durability?.lost()
    if (lost !== undefined) {
      for (const entry of group) entry.reject(lost)
      if (queue.length > 0) schedule()
      return
    }
    counters.groups += 1
    counters.largestGroup = Math.max(counters.largestGroup, group.length)
    let outcomes: Outcome[]
    const progress = { began: false }
    try {
      outcomes = runGroup(group, progress)
    } catch (error) {
      if (!progress.began && isBusy(error)) {
        // BEGIN IMMEDIATE met a lock held by another connection: nothing of the group ran.
        waitForLock(group, error)
        return
      }
      // BEGIN, COMMIT or the transaction itself failed: nothing of the group is stored
      // (better-sqlite3 rolls back when COMMIT throws), so nobody's access is acknowledged.
      busyStreak = 0
      lockedAt = undefined
      counters.failedGroups += 1
      if (isStorageFailure(error)) storageError = error as Error
      for (const entry of group) entry.reject(error)
      if (queue.length > 0) schedule()
      return
    }
    busyStreak = 0
    lockedAt = undefined
    if (queue.length > 0) schedule() // the rest in the next turn, so other I/O is served in between
    counters.commits += 1
    // A committed group that stored some body's work shows that writes succeed again.
    if (outcomes.some((o) => o.ok)) storageError = undefined
    for (const o of outcomes) if (!o.ok && isStorageFailure(o.error)) storageError = o.error as Error
    const settle = (): void =>
      group.forEach((entry, i) => {
        const outcome = outcomes[i]
        if (outcome?.ok === true) entry.resolve(outcome.value)
        else
          entry.reject(
            outcome === undefined ? new GroupCommitError('group commit: body lost') : outcome.error,
          )
      })
    if (durability === undefined) settle()
    else
      durability.afterCommit(settle, (error) => {
        for (const entry of group) entry.reject(error)
      })
  }

  /**
   * The group could not begin: another connection holds the write lock. Bodies past their deadline
   * are rejected with the busy error (answered 503); the rest go back to the head of the queue and
   * are tried again after a short pause, on a timer, so the event loop serves others meanwhile.
   */
  function waitForLock(group: readonly Entry[], error: unknown): void {
    counters.groups -= 1 // not begun: not a transaction
    const at = clock()
    lockedAt ??= at
    const waiting: Entry[] = []
    for (const entry of group) {
      if (at >= entry.deadline) {
        counters.busyRejected += 1
        entry.reject(error)
      } else waiting.push(entry)
    }
    queue = [...waiting, ...queue]
    if (queue.length === 0) {
      busyStreak = 0
      lockedAt = undefined
      return
    }
    busyStreak += 1
    counters.busyRetries += 1
    schedule(retryDelayMs(busyStreak))
  }

  /** BEGIN IMMEDIATE; each body in its savepoint; COMMIT. Throws when the group as a whole failed. */
  function runGroup(group: readonly Entry[], progress: { began: boolean }): Outcome[] {
    if (!sqlite.open) throw new GroupCommitError('group commit: the database connection is closed')
    if (sqlite.inTransaction) {
      // better-sqlite3 would turn our BEGIN into a SAVEPOINT of someone else's transaction, and our
      // "commit" into a RELEASE: callers would be answered before anything is durable. Refuse.
      throw new GroupCommitError('group commit: the connection is already inside a transaction')
    }
    statements ??= {
      savepoint: sqlite.prepare('SAVEPOINT group_commit_body'),
      release: sqlite.prepare('RELEASE group_commit_body'),
      rollbackTo: sqlite.prepare('ROLLBACK TO group_commit_body'),
    }
    const { savepoint, release, rollbackTo } = statements
    if (durability === undefined) return transact(group, progress, savepoint, release, rollbackTo)
    // The WAL sync moves out of COMMIT (see the header); every other transaction keeps FULL.
    // exec, not a prepared statement: SQLite applies PRAGMA synchronous when it compiles it.
    sqlite.exec('PRAGMA synchronous = NORMAL')
    try {
      return transact(group, progress, savepoint, release, rollbackTo)
    } finally {
      sqlite.exec('PRAGMA synchronous = FULL')
    }
  }

  function transact(
    group: readonly Entry[],
    progress: { began: boolean },
    savepoint: Database.Statement,
    release: Database.Statement,
    rollbackTo: Database.Statement,
  ): Outcome[] {
    // drizzle's database transaction is better-sqlite3's: BEGIN IMMEDIATE before, COMMIT after,
    // ROLLBACK if the function or the COMMIT throws. `tx` is what appendAudit requires.
    return db.transaction(
      (tx): Outcome[] => {
        progress.began = true // BEGIN IMMEDIATE succeeded: the write lock is ours
        const outcomes: Outcome[] = []
        for (const entry of group) {
          counters.bodies += 1
          savepoint.run()
          let outcome: Outcome
          try {
            const value = entry.body(tx)
            if (isThenable(value)) {
              throw new TypeError(
                'group commit: the body returned a promise; transaction bodies must be synchronous',
              )
            }
            outcome = { ok: true, value }
          } catch (error) {
            outcome = { ok: false, error }
          }
          if (!sqlite.inTransaction) {
            // The body ended the transaction (an error SQLite answers with a full rollback, such as
            // SQLITE_FULL or SQLITE_IOERR, or a stray COMMIT/ROLLBACK): the bodies before it are no
            // longer in it, and no later one must run in autocommit mode. The whole group fails.
            throw outcome.ok
              ? new GroupCommitError('group commit: a body ended the transaction')
              : outcome.error
          }
          if (outcome.ok) {
            release.run()
          } else {
            counters.failedBodies += 1
            // Undo this body alone, then drop its savepoint. If this fails, the group fails.
            rollbackTo.run()
            release.run()
          }
          outcomes.push(outcome)
        }
        return outcomes
      },
      { behavior: 'immediate' },
    )
  }

  function run<T>(body: GroupBody<T>): Promise<T> {
    if (typeof body !== 'function') {
      return Promise.reject(new TypeError('group commit: the body must be a function'))
    }
    if (isAsyncFunction(body)) {
      return Promise.reject(
        new TypeError('group commit: the body is an async function; transaction bodies must be synchronous'),
      )
    }
    return new Promise<T>((resolve, reject) => {
      queue.push({
        body,
        resolve: resolve as (value: unknown) => void,
        reject,
        deadline: clock() + lockWaitMs,
      })
      schedule()
    })
  }

  return {
    run,
    probeWrite: () =>
      run(() => {
        const version = sqlite.pragma('user_version', { simple: true }) as number
        sqlite.pragma(`user_version = ${Math.trunc(version)}`)
      }),
    lockedSince: () => lockedAt,
    storageFailure: () => storageError,
    whenDurable(): Promise<void> {
      if (durability === undefined) return Promise.resolve()
      return durability.whenDurable()
    },
    lost: () => durability?.lost(),
    get pending() {
      return queue.length
    },
    stats: () => ({ ...counters }),
  }
}

const committers = new WeakMap<Database.Database, GroupCommitter>()

/**
 * The one group committer of `handle`'s connection, created on first use: every
 * part of a process that writes through this connection shares its groups.
 */
export function groupCommitterFor(
  handle: DatabaseHandle,
  /** Used when the committer is created (the first call for this connection). */
  options: GroupCommitOptions = {},
): GroupCommitter {
  let committer = committers.get(handle.sqlite)
  if (committer === undefined) {
    committer = createGroupCommitter(handle, options)
    committers.set(handle.sqlite, committer)
  }
  return committer
}

function isAsyncFunction(fn: unknown): boolean {
  return typeof fn === 'function' && fn.constructor?.name === 'AsyncFunction'
}

/**
 * fdatasync of the connection's WAL file on the thread pool, or undefined when SQLite must keep
 * syncing inside COMMIT (in-memory database, or not in WAL mode). The file is opened at the first
 * sync, when a COMMIT has certainly created it; SQLite deletes it only when the last connection
 * closes, and this connection is open while it commits.
 */
function defaultWalSync(handle: DatabaseHandle): WalSync | undefined {
  if (handle.path === ':memory:' || handle.path === '') return undefined
  const mode = handle.sqlite.pragma('journal_mode', { simple: true })
  if (typeof mode !== 'string' || mode.toLowerCase() !== 'wal') return undefined
  let fd: number | undefined
  const close = (): void => {
    if (fd === undefined) return
    try {
      closeSync(fd)
    } catch {
      // Already closed: nothing to release.
    }
    fd = undefined
  }
  // Kept open while syncs follow each other, closed when the committer goes idle, so that a
  // closed connection (whose WAL SQLite may delete) never leaves a descriptor behind.
  return Object.assign(
    (done: (error: Error | null) => void) => {
      try {
        fd ??= openSync(`${handle.path}-wal`, 'r+')
      } catch (error) {
        done(error as Error)
        return
      }
      fdatasync(fd, (error) => done(error))
    },
    { idle: close },
  )
}

interface Waiter {
  resolve: () => void
  reject: (error: Error) => void
}

/**
 * WAL syncs after COMMIT, at most `maxInFlight` at once. A commit's callers wait for a sync that
 * begins after it: at once when fewer than `maxInFlight` are running, else the next to begin (which
 * then covers every commit waiting). A sync covers every commit made before it began, whatever
 * other syncs are still running: fdatasync returns once everything written to the file before the
 * call is on disk. Syncs that overlap are cheap: the file system writes their journal in one go
 * (ext4 measured 3.4–6.7 ms per sync one at a time, 0.25–0.35 ms each with four overlapping: the
 * README of bench/). `whenDurable` joins the latest sync begun if no commit has happened since it
 * began, else waits for one of its own.
 */
function createDurability(sync: WalSync, counters: GroupCommitStats, maxInFlight: number) {
  let commits = 0
  /** The most commits a completed sync covered: everything up to there is on disk. */
  let syncedThrough = 0
  let inFlight = 0
  /** The waiters of the sync begun last and `commits` when it began (it covers those). */
  let latest: { waiters: Waiter[]; covers: number } | undefined
  let waiting: Waiter[] = []
  /** The waiters of every sync under way. */
  const running = new Set<Waiter[]>()
  let failure: Error | undefined
  const start = (): void => {
    const mine = { waiters: waiting, covers: commits }
    waiting = []
    latest = mine
    running.add(mine.waiters)
    inFlight += 1
    const began = performance.now()
    sync((error) => {
      inFlight -= 1
      counters.syncs += 1
      counters.syncMs += performance.now() - began
      if (latest === mine) latest = undefined
      if (error !== null && failure === undefined) {
        failure = new GroupCommitError(`group commit: the WAL could not be synced (${error.message})`)
      }
      running.delete(mine.waiters)
      if (failure !== undefined) {
        // Nothing more is acknowledged after a failed sync: not what this sync covered, not what
        // waits for the next, and not what an overlapping sync covers (the kernel may have dropped
        // pages of any of them), which is refused now rather than when its sync returns.
        const refused = [...mine.waiters, ...[...running].flat(), ...waiting]
        for (const waiters of running) waiters.length = 0
        mine.waiters.length = 0
        waiting = []
        if (inFlight === 0) sync.idle?.()
        for (const w of refused) w.reject(failure)
        return
      }
      syncedThrough = Math.max(syncedThrough, mine.covers)
      for (const w of mine.waiters) w.resolve()
      if (waiting.length > 0) start()
      else if (inFlight === 0) sync.idle?.()
    })
  }
  const add = (w: Waiter): void => {
    if (failure !== undefined) {
      w.reject(failure)
      return
    }
    waiting.push(w)
    if (inFlight < maxInFlight) start()
  }
  return {
    /** Runs `settle` once a sync begun after this call has completed; `fail` if syncing failed. */
    afterCommit(settle: () => void, fail: (error: Error) => void): void {
      commits += 1
      add({ resolve: settle, reject: fail })
    },
    whenDurable(): Promise<void> {
      if (failure !== undefined) return Promise.reject(failure)
      if (syncedThrough === commits) return Promise.resolve() // every commit so far has been synced
      return new Promise((resolve, reject) => {
        if (waiting.length === 0 && latest !== undefined && latest.covers === commits)
          latest.waiters.push({ resolve, reject })
        else add({ resolve, reject })
      })
    },
    /** The error that ended durability, if any. */
    lost: (): Error | undefined => failure,
  }
}
