/**
 * The worker as a service: the job runner with hemvist's tasks over its own
 * database connection, plus the periodic duties: closing offers nobody answered, deleting staff
 * sessions that finished a week ago, and storing the day's follow-up counts per situation.
 * `src/worker/thread.ts` runs it in a worker thread beside the API
 * (`npm start`); `hemvist worker` runs it alone in its own process.
 */
import { type DatabaseHandle, openDatabase } from '../../db/client.ts'
import { deliver } from '../integrations/obo/deliver.ts'
import { secretBytes } from '../integrations/obo/signature.ts'
import type { Logger } from '../logging.ts'
import { recordDailyCounts } from '../services/follow-up/snapshots.ts'
import { createRelay, type Relay } from '../services/obo/relay.ts'
import { expireOverdueOffers } from '../services/offers/answer-offer.ts'
import { solveRoundTask } from '../services/rounds/create-round.ts'
import { cullFinishedSessions } from '../services/sessions.ts'
import { createWorker, type Worker } from './runner.ts'
import type { SolveSnapshotFn } from './solve-in-thread.ts'
import { solveRoundHandler } from './tasks/solve-round.ts'

export interface WorkerServiceOptions {
  dbPath: string
  logger: Logger
  pollMs: number
  leaseMs?: number
  workerId?: string
  /** How often unanswered offers are looked for (default a minute). */
  expiryEveryMs?: number
  solve?: SolveSnapshotFn
  /** Where and how to deliver ÖBO nominations; absent: they wait in the outbox. */
  obo?: OboRelayOptions
}

export interface OboRelayOptions {
  webhookUrl: string
  /** `whsec_…` */
  nominationSecret: string
  pollMs?: number
}

/** The ÖBO relay on `db`, delivering with signed webhooks (src/services/obo/relay.ts). */
export function oboRelay(
  db: DatabaseHandle['db'],
  logger: Logger,
  options: OboRelayOptions,
  pollMs: number,
): Relay {
  const key = secretBytes(options.nominationSecret)
  if (!key.ok) throw new Error('the ÖBO nomination secret is not valid (checked at configuration)')
  return createRelay({
    db,
    logger,
    pollMs: options.pollMs ?? pollMs,
    send: (id, body) => deliver({ url: options.webhookUrl, key: key.value }, id, body),
  })
}

export interface WorkerService {
  readonly worker: Worker
  readonly database: DatabaseHandle
  /** Stops claiming, lets the running job finish or releases it, closes the connection. */
  stop(): Promise<void>
}

/**
 * Opens its own connection (never the API's: a synchronous wait for the write
 * lock here must not hold up an HTTP answer) and starts the runner.
 *
 * @example
 * const service = startWorkerService({ dbPath: config.dbPath, logger, pollMs: 1000 })
 * process.once('SIGTERM', () => service.stop())
 */
export function startWorkerService(options: WorkerServiceOptions): WorkerService {
  const database = openDatabase(options.dbPath)
  const { logger } = options
  const worker = createWorker({
    db: database.db,
    logger,
    pollMs: options.pollMs,
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.workerId === undefined ? {} : { workerId: options.workerId }),
    tasks: {
      [solveRoundTask]: solveRoundHandler(options.solve === undefined ? {} : { solve: options.solve }),
    },
  })
  const expire = () => {
    try {
      const closed = expireOverdueOffers(database.db)
      if (closed > 0) logger.info({ msg: 'unanswered offers closed', offers: closed })
    } catch (error) {
      logger.warn({ msg: 'offer expiry failed', err: error })
    }
    try {
      const culled = cullFinishedSessions(database.db)
      if (culled > 0) logger.info({ msg: 'finished staff sessions deleted', sessions: culled })
    } catch (error) {
      logger.warn({ msg: 'session cull failed', err: error })
    }
    const today = new Date().toISOString().slice(0, 10)
    try {
      if (recordDailyCounts(database.db, today))
        logger.info({ msg: 'daily follow-up counts stored', day: today })
    } catch (error) {
      logger.warn({ msg: 'daily follow-up counts failed', err: error })
    }
  }
  expire()
  const timer = setInterval(expire, options.expiryEveryMs ?? 60_000)
  worker.start()
  const relay =
    options.obo === undefined ? undefined : oboRelay(database.db, logger, options.obo, options.pollMs)
  relay?.start()
  return {
    worker,
    database,
    async stop() {
      clearInterval(timer)
      await relay?.stop()
      await worker.stop()
      database.sqlite.close()
    },
  }
}
