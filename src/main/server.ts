/**
 * Composition root of the service: configuration → database (migrated) →
 * demo data → HTTP API → worker. Stops cleanly on SIGINT/SIGTERM: the worker
 * first (it may be writing), then the HTTP server, then the database.
 *
 * Run with `npm start`. Everything else gets its dependencies from here.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import {
  type DatabaseHandle,
  eventLoopBusyTimeoutMs,
  migrateDatabase,
  openDatabase,
} from '../../db/client.ts'
import { sqliteErrorCode } from '../../db/errors.ts'
import { createApp } from '../api/app.ts'
import { answerClientErrors } from '../api/client-errors.ts'
import { type Config, loadConfig } from '../config.ts'
import { describeIssues } from '../domain/validation.ts'
import { createLogger, type Logger } from '../logging.ts'
import { demoPresence } from '../services/demo-data.ts'
import { onJobQueued } from '../services/job-signal.ts'
import { seedDemo } from '../services/seed-demo.ts'
import { startWorkerThread, type WorkerThread } from '../worker/start-thread.ts'
import { type DemoRequest, pathwayWhenSolved } from './demo-pathway.ts'
import { type OboDemo, startOboDemo, wantsOboDemo } from './obo-demo.ts'

/** How long shutdown may take before the process gives up and exits non-zero. */
const shutdownTimeoutMs = 20_000

function fail(message: string, code = 1): never {
  process.stderr.write(`hemvist: ${message}\n`)
  process.exit(code)
}

function configure(): Config {
  const config = loadConfig(process.env)
  if (!config.ok) {
    const lines = describeIssues(config.error).split('\n')
    fail(lines.map((line) => `invalid configuration: ${line}`).join('\nhemvist: '), 2)
  }
  return config.value
}

function openMigrated(config: Config, logger: Logger): DatabaseHandle {
  try {
    const database = openDatabase(config.dbPath)
    const { applied } = migrateDatabase(database)
    logger.info({ msg: 'database ready', migrationsApplied: applied })
    return database
  } catch (error) {
    // The path is the operator's own configuration, so it may be named here (never in logs or HTTP bodies).
    return fail(
      `cannot open the database at ${config.dbPath} (${sqliteErrorCode(error) ?? (error as Error).name})`,
    )
  }
}

function listen(
  app: ReturnType<typeof createApp>,
  config: Config,
  logger: Logger,
): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: config.port, hostname: config.host },
      (info: AddressInfo) => resolve({ server: server as Server, port: info.port }),
    ) as Server
    // Keep idle connections longer than clients do (undici 4 s, browsers a minute or more): with
    // Node's 5 s a client that reuses a connection just as the server closes it gets "other side
    // closed" instead of an answer, which a busy machine made happen.
    server.keepAliveTimeout = 65_000
    server.headersTimeout = 66_000
    server.once('error', reject)
    // Node's parser refusals (a 20 KB header, a body past its Content-Length) as problem+json too.
    answerClientErrors(server, logger)
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    // Keep-alive connections would hold close() open until they time out.
    server.closeIdleConnections()
  })
}

async function main(): Promise<void> {
  let config = configure()
  const logger = createLogger({ level: config.logLevel })
  const database = openMigrated(config, logger)
  const seeded = seedDemo({ database, demo: config.demo, logger })
  const demo = demoPresence(database.db)
  if (demo.present) {
    // Loud on purpose: demo households are not people, and must never be mistaken for a service in use.
    logger.warn({
      msg: 'DEMO DATA PRESENT: synthetic households and vacancies, not real people; remove them with `npx hemvist demo remove` before real use',
      demoHouseholds: demo.households,
      demoVacancies: demo.vacancies,
    })
  }
  // The demo's ÖBO loop: a fake ÖBO in this process, so a new user sees a nomination go out and an
  // outcome come back without configuring anything (src/main/obo-demo.ts).
  let oboDemo: OboDemo | undefined
  // Only while the database holds demo data: a database without it is in real use, and its
  // nominations must never go to a fake ÖBO that answers "contract signed" by itself.
  if (wantsOboDemo(config) && demo.present) {
    oboDemo = await startOboDemo(database, logger)
    config = { ...config, obo: oboDemo.obo }
  }
  // From here on the connection serves the event loop: a lock held by another process must not
  // stall it (start-up above may wait the usual 5 s). Writes wait on timers instead (db/group-commit.ts).
  database.sqlite.pragma(`busy_timeout = ${eventLoopBusyTimeoutMs}`)

  const app = createApp({ db: database, config, logger })
  let server: Server
  let port: number
  try {
    ;({ server, port } = await listen(app, config, logger))
  } catch (error) {
    database.sqlite.close()
    return fail(
      `cannot listen on ${config.host}:${config.port} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    )
  }

  // The worker runs in its own thread on its own connection: a long solve or a wait for the write
  // lock there never holds up an HTTP answer here.
  let worker: WorkerThread
  try {
    const { webhookUrl, nominationSecret } = config.obo
    worker = await startWorkerThread({
      dbPath: config.dbPath,
      pollMs: config.worker.pollMs,
      logLevel: config.logLevel,
      ...(config.retention.scheduled ? { retention: config.retention.periods } : {}),
      ...(webhookUrl !== undefined && nominationSecret !== undefined
        ? { obo: { webhookUrl, nominationSecret } }
        : {}),
    })
  } catch (error) {
    await oboDemo?.close()
    await closeServer(server)
    database.sqlite.close()
    return fail(`cannot start the worker (${error instanceof Error ? error.name : 'error'})`)
  }
  // A round posted here is claimed at once, not at the worker's next poll (src/services/job-signal.ts).
  const started = worker
  onJobQueued(() => started.wake())

  let pathwayDemo: { close(): void } | undefined
  let stopping = false
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    logger.info({ msg: 'shutting down', signal })
    const timer = setTimeout(() => {
      logger.error({ msg: 'shutdown timed out', timeoutMs: shutdownTimeoutMs })
      process.exit(1)
    }, shutdownTimeoutMs)
    timer.unref()
    try {
      pathwayDemo?.close()
      await worker.stop()
      await oboDemo?.close()
      await closeServer(server)
      database.sqlite.close()
      logger.info({ msg: 'stopped' })
      process.exit(0)
    } catch (error) {
      logger.error({ msg: 'shutdown failed', err: error })
      process.exit(1)
    }
  }
  // The handlers first, then the address: whoever reads the address may stop the service at once.
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)

  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  process.stdout.write(`hemvist listening on http://${host}:${port}\n`)
  // The demo's staff steps go through the API in this process, as a person's requests would.
  const demoRequest: DemoRequest = (path, token, body) =>
    Promise.resolve(
      app.request(path, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
    )
  if (oboDemo !== undefined) {
    const loopback = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : host
    oboDemo.listening(`http://${loopback}:${port}`)
    if (seeded.seeded && seeded.roundId !== null) oboDemo.approveWhenSolved(seeded.roundId, demoRequest)
  }
  // The tenancy pathway in the demo: a contract taken over and a trial period running (src/main/demo-pathway.ts).
  if (seeded.seeded && seeded.roundId !== null)
    pathwayDemo = pathwayWhenSolved(database, logger, seeded.roundId, demoRequest)
  // A person's first steps: where to sign in, and how to get the token to sign in with.
  process.stdout.write(
    `staff pages: sign in at http://${host}:${port}/logga-in with an API token; create one with\n` +
      `  npx hemvist token create --role allocator --person "Your Name" --label "Boendesamordnare"\n`,
  )
  if (demo.present) {
    process.stdout.write(
      `DEMO DATA: this database holds ${demo.households} synthetic demo households and ${demo.vacancies} vacancies, not real people;\n` +
        '  remove them with npx hemvist demo remove before real use (HEMVIST_DEMO=false keeps a new database empty)\n',
    )
  }
}

main().catch((error: unknown) => {
  // Only the type: a message may carry data (see src/logging.ts).
  fail(`start-up failed (${error instanceof Error ? error.name : typeof error})`)
})
