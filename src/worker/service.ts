/**
 * The worker as a service: the job runner with hemvist's tasks over its own
 * database connection, plus the periodic duties: closing offers nobody answered, deleting staff
 * sessions that finished a week ago, storing the day's follow-up counts per situation, and, when
 * the configuration turns it on, a retention run once a day (src/services/retention/).
 * `src/worker/thread.ts` runs it in a worker thread beside the API
 * (`npm start`); `hemvist worker` runs it alone in its own process.
 */
import { type DatabaseHandle, openDatabase } from '../../db/client.ts'
import type { RetentionSettings } from '../domain/retention.ts'
import { deliver } from '../integrations/obo/deliver.ts'
import { secretBytes } from '../integrations/obo/signature.ts'
import type { Logger } from '../logging.ts'
import { recordDailyCounts } from '../services/follow-up/snapshots.ts'
import { onJobQueued } from '../services/job-signal.ts'
import { createRelay, type Relay } from '../services/obo/relay.ts'
import { expireOverdueOffers } from '../services/offers/answer-offer.ts'
import { runRetention } from '../services/retention/run-retention.ts'
import { solveRoundTask } from '../services/rounds/create-round.ts'
import { workerPrincipal } from '../services/rounds/store.ts'
import { cullFinishedSessions } from '../services/sessions.ts'
import { createWorker, type Worker } from './runner.ts'
import { type SolveSnapshotFn, startSolverThread } from './solve-in-thread.ts'
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
  /** Run retention once a day with these periods (`HEMVIST_RETENTION_SCHEDULE`); absent: never. */
  retention?: RetentionSettings
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
  let retainedOn: string | undefined
  const retain = (today: string) => {
    if (options.retention === undefined || retainedOn === today) return
    try {
      const r = runRetention(database.db, { periods: options.retention, principal: workerPrincipal })
      retainedOn = today
      // Counts and the run's id only: the households culled are listed by `hemvist retention run --dry-run`.
      if (r.ok && r.value.runId !== null)
        logger.info({
          msg: 'retention run',
          runId: r.value.runId,
          // Not `household`: that key is redacted as a document (src/logging.ts).
          culledHouseholds: r.value.counts.household,
          culledRounds: r.value.counts.round,
          culledAuditEntries: r.value.counts.audit,
          deletedSessions: r.value.counts.staff_session,
        })
      if (!r.ok) logger.error({ msg: 'retention refused', code: r.error.code })
    } catch (error) {
      // Busy or a full disk: nothing was culled (one transaction); the next tick tries again.
      logger.warn({ msg: 'retention failed', err: error })
    }
  }
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
    retain(today)
  }
  expire()
  const timer = setInterval(expire, options.expiryEveryMs ?? 60_000)
  worker.start()
  // A round this thread queues itself (the re-match of a vacancy an expired offer freed) is looked for at once.
  const offQueued = onJobQueued(() => worker.wake())
  // The engine loads in the solver thread and is compiled on a generated round while the worker
  // waits for its first round (a second or more of a city's first round otherwise); a service
  // given its own solve (the tests) needs none.
  if (options.solve === undefined) void startSolverThread()
  const relay =
    options.obo === undefined ? undefined : oboRelay(database.db, logger, options.obo, options.pollMs)
  relay?.start()
  return {
    worker,
    database,
    async stop() {
      clearInterval(timer)
      offQueued()
      await relay?.stop()
      await worker.stop()
      database.sqlite.close()
    },
  }
}
