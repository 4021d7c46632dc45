/**
 * A hint within one process that a job was queued, so that a worker waiting for its next poll looks
 * at once instead (a round's user would otherwise wait up to `HEMVIST_WORKER_POLL_MS`, a second by
 * default, before the worker even claims it). Only a hint: the poll stays the guarantee, so a hint
 * lost (a worker in another process, a transaction that committed later) costs a poll, nothing else.
 * Listeners run after the current task, by which time the synchronous transaction that queued the
 * job has committed.
 */
const listeners = new Set<() => void>()

/** Says that a job was queued (call it where the job is inserted). */
export function jobQueued(): void {
  if (listeners.size === 0) return
  setImmediate(() => {
    for (const listener of listeners) listener()
  })
}

/**
 * Calls `listener` after each `jobQueued`; returns a function that stops it.
 *
 * @example
 * const off = onJobQueued(() => worker.wake())
 */
export function onJobQueued(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}
