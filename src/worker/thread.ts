/**
 * Entry of the worker thread `npm start` runs beside the API: the worker
 * service on its own connection, so neither a wait for the write lock nor a
 * job's bookkeeping ever runs on the API's event loop. Looks for a job at once
 * on the message `wake`; stops on the message `stop` and answers `stopped`.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { LogLevel } from '../config.ts'
import type { RetentionSettings } from '../domain/retention.ts'
import { createLogger } from '../logging.ts'
import { type OboRelayOptions, startWorkerService } from './service.ts'

const data = workerData as {
  dbPath: string
  pollMs: number
  logLevel: LogLevel
  leaseMs?: number
  obo?: OboRelayOptions
  retention?: RetentionSettings
}
const logger = createLogger({ level: data.logLevel })
const service = startWorkerService({
  dbPath: data.dbPath,
  logger,
  pollMs: data.pollMs,
  ...(data.leaseMs === undefined ? {} : { leaseMs: data.leaseMs }),
  ...(data.obo === undefined ? {} : { obo: data.obo }),
  ...(data.retention === undefined ? {} : { retention: data.retention }),
})
parentPort?.postMessage('started')
parentPort?.on('message', (message) => {
  if (message === 'wake') return service.worker.wake()
  if (message !== 'stop') return
  service.stop().then(
    () => {
      parentPort?.postMessage('stopped')
      parentPort?.close()
    },
    (error: unknown) => {
      logger.error({ msg: 'worker stop failed', err: error })
      parentPort?.postMessage('stopped')
      parentPort?.close()
    },
  )
})
