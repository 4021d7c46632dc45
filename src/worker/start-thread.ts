import type { LogLevel } from '../config.ts'
import type { RetentionSettings } from '../domain/retention.ts'
import type { OboRelayOptions } from './service.ts'
import { startThread } from './solve-in-thread.ts'

const entry = new URL('./thread.ts', import.meta.url)

export interface WorkerThread {
  /** Tells the worker a job was queued, so that it looks now rather than at its next poll. */
  wake(): void
  /** Asks the worker to stop (it finishes or releases its job) and resolves when the thread has ended. */
  stop(): Promise<void>
}

/**
 * Starts the worker service in a worker thread with its own database
 * connection, and resolves once it runs.
 *
 * @example
 * const worker = await startWorkerThread({ dbPath: config.dbPath, pollMs: 1000, logLevel: 'info' })
 * await worker.stop()
 */
export function startWorkerThread(options: {
  dbPath: string
  pollMs: number
  logLevel: LogLevel
  leaseMs?: number
  obo?: OboRelayOptions
  retention?: RetentionSettings
}): Promise<WorkerThread> {
  return new Promise((resolve, reject) => {
    const thread = startThread(entry, options)
    const exited = new Promise<void>((done) => thread.once('exit', () => done()))
    thread.once('error', reject)
    thread.once('message', (message) => {
      if (message !== 'started') return reject(new Error('the worker thread did not start'))
      resolve({
        wake() {
          thread.postMessage('wake')
        },
        async stop() {
          thread.postMessage('stop')
          await exited
        },
      })
    })
  })
}
