/**
 * `hemvist obo …`: ÖBO's exchange from the command line, on the database
 * named by `HEMVIST_DB`.
 *
 * - `import vacancies|priorities FILE [--dry-run]`: a CSV batch, all or nothing (exit 2 listing
 *   every bad row);
 * - `export nominations [--out FILE]`: the nominations as CSV;
 * - `outbox`: each nomination's delivery state;
 * - `resend NOMINATION_ID`: a dead nomination pending again, same delivery id and body (rule N8);
 * - `relay`: delivers due nominations until stopped (HEMVIST_OBO_WEBHOOK_URL, …_NOMINATION_SECRET);
 * - `mock [--port N]`: a fake ÖBO that receives nominations and answers them.
 *
 * Exit codes: 0 done; 2 bad usage or input (a sentence, never a stack trace).
 */
import { randomUUID } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { asc } from 'drizzle-orm'
import { oboOutbox } from '../../db/schema.ts'
import { loadConfig } from '../config.ts'
import { describeIssues } from '../domain/validation.ts'
import { startMockObo } from '../integrations/obo/mock-server.ts'
import { newSecret, secretBytes } from '../integrations/obo/signature.ts'
import { createLogger } from '../logging.ts'
import type { ServiceContext } from '../services/context.ts'
import { exportNominations } from '../services/obo/export-nominations.ts'
import { importPriorities, readPriorityFile } from '../services/obo/import-priorities.ts'
import { type ImportRefusal, importVacancies, readVacancyFile } from '../services/obo/import-vacancies.ts'
import { resendNomination } from '../services/obo/resend-nomination.ts'
import { oboRelay } from '../worker/service.ts'
import {
  AdminUsageError,
  type CommandIo,
  type Env,
  openConfigured,
  operator,
  withDatabase,
} from './admin-commands.ts'

export const oboUsage = `  hemvist obo import vacancies|priorities FILE.csv [--dry-run]
  hemvist obo export nominations [--out FILE.csv]
  hemvist obo outbox
  hemvist obo resend NOMINATION_ID
  hemvist obo relay
  hemvist obo mock [--port N] [--outcome-url URL]`

function context(db: ServiceContext['db']): ServiceContext {
  return { db, principal: operator, requestId: randomUUID() }
}

export function oboCommand(args: readonly string[], io: CommandIo, env: Env): number | Promise<number> {
  const [sub, ...rest] = args
  switch (sub) {
    case 'import':
      return oboImport(rest, io, env)
    case 'export':
      return oboExport(rest, io, env)
    case 'outbox':
      return oboOutboxList(rest, io, env)
    case 'resend':
      return oboResend(rest, io, env)
    case 'relay':
      return oboRelayCommand(rest, io, env)
    case 'mock':
      return oboMock(rest, io, env)
    default:
      throw new AdminUsageError(
        sub === undefined
          ? 'obo needs a subcommand: import, export, outbox, resend, relay or mock'
          : `unknown obo subcommand "${sub}"`,
      )
  }
}

function refused(io: CommandIo, file: string, r: ImportRefusal): number {
  const lines = r.issues.map((i) =>
    i.row === 0
      ? `  header, column ${i.column}: ${i.reason}`
      : `  row ${i.row} (line ${i.line})${i.column === '' ? '' : `, column ${i.column}`}: ${i.reason}`,
  )
  io.stderr.write(`hemvist: ${file}: ${r.detail}\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}`)
  return 2
}

function oboImport(args: readonly string[], io: CommandIo, env: Env): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { 'dry-run': { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  })
  const [kind, file, ...extra] = positionals
  if ((kind !== 'vacancies' && kind !== 'priorities') || file === undefined || extra.length > 0) {
    throw new AdminUsageError('obo import takes vacancies or priorities and one CSV file')
  }
  let bytes: Uint8Array
  try {
    bytes = readFileSync(file)
  } catch (error) {
    io.stderr.write(`hemvist: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`)
    return 2
  }
  const dryRun = values['dry-run'] === true
  if (kind === 'vacancies') {
    const read = readVacancyFile(bytes)
    if (!read.ok) return refused(io, file, read.error)
    const r = withDatabase(env, ({ db }) =>
      importVacancies({ ctx: context(db), input: { ...read.value, dryRun } }),
    )
    if (!r.ok) return refused(io, file, r.error)
    const v = r.value
    io.stdout.write(
      `${dryRun ? 'dry run: would import' : 'imported'} ${v.rows} flats: ${v.created} new, ${v.updated} changed (${v.withdrawn} withdrawn), ${v.unchanged} unchanged\n`,
    )
    return 0
  }
  const read = readPriorityFile(bytes)
  if (!read.ok) return refused(io, file, read.error)
  const r = withDatabase(env, ({ db }) =>
    importPriorities({ ctx: context(db), input: { ...read.value, dryRun } }),
  )
  if (!r.ok) return refused(io, file, r.error)
  const v = r.value
  io.stdout.write(
    `${dryRun ? 'dry run: would import' : 'imported'} ${v.rows} priority decisions: ${v.approved} approved, ${v.ended} ended, ${v.unchanged} unchanged\n`,
  )
  return 0
}

function oboExport(args: readonly string[], io: CommandIo, env: Env): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length !== 1 || positionals[0] !== 'nominations') {
    throw new AdminUsageError('obo export takes one argument: nominations')
  }
  const { csv, rows } = withDatabase(env, ({ db }) => exportNominations(db))
  if (values.out === undefined) {
    io.stdout.write(csv)
    return 0
  }
  try {
    writeFileSync(values.out, csv)
  } catch (error) {
    io.stderr.write(
      `hemvist: cannot write ${values.out} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`,
    )
    return 2
  }
  io.stderr.write(`${rows} nominations written to ${values.out}\n`)
  return 0
}

function oboOutboxList(args: readonly string[], io: CommandIo, env: Env): number {
  if (args.length > 0) throw new AdminUsageError('obo outbox takes no arguments')
  const rows = withDatabase(env, ({ db }) =>
    db.select().from(oboOutbox).orderBy(asc(oboOutbox.createdAt), asc(oboOutbox.id)).all(),
  )
  if (rows.length === 0) io.stdout.write('no nominations\n')
  for (const r of rows) {
    io.stdout.write(
      `${r.id}  offer ${r.offerId}  ${r.status}  attempts ${r.attempts}${r.lastError === null ? '' : `  last error: ${r.lastError}`}\n`,
    )
  }
  return 0
}

/** Rule N8: a dead nomination pending again, for the relay to deliver under the same delivery id. */
function oboResend(args: readonly string[], io: CommandIo, env: Env): number {
  const [id, ...extra] = args
  if (id === undefined || extra.length > 0) throw new AdminUsageError('obo resend takes one nomination id')
  const result = withDatabase(env, ({ db }) =>
    resendNomination({ ctx: context(db), input: { nominationId: id } }),
  )
  if (!result.ok) {
    io.stderr.write(`hemvist: ${result.error.detail}\n`)
    return 2
  }
  io.stdout.write(
    `nomination ${result.value.nominationId} (offer ${result.value.offerId}) is pending again; the relay sends it under the same delivery id\n`,
  )
  return 0
}

/** The relay alone, in this process, until SIGINT or SIGTERM. */
function oboRelayCommand(args: readonly string[], io: CommandIo, env: Env): Promise<number> {
  if (args.length > 0) throw new AdminUsageError('obo relay takes no arguments')
  const config = loadConfig(env)
  if (!config.ok) throw new AdminUsageError(`invalid configuration: ${describeIssues(config.error)}`)
  const { webhookUrl, nominationSecret } = config.value.obo
  if (webhookUrl === undefined || nominationSecret === undefined) {
    throw new AdminUsageError('obo relay needs HEMVIST_OBO_WEBHOOK_URL and HEMVIST_OBO_NOMINATION_SECRET')
  }
  const handle = openConfigured(env)
  const logger = createLogger({ level: config.value.logLevel })
  const relay = oboRelay(handle.db, logger, { webhookUrl, nominationSecret }, config.value.worker.pollMs)
  relay.start()
  return new Promise((resolve) => {
    const stop = () => {
      relay.stop().then(
        () => {
          handle.sqlite.close()
          resolve(0)
        },
        () => resolve(1),
      )
    }
    // The handlers first, then the line: whoever reads it may stop the relay at once.
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    io.stderr.write(`hemvist obo relay started on ${config.value.dbPath}\n`)
  })
}

/**
 * A fake ÖBO on 127.0.0.1: prints the two secrets and the URL to configure
 * hemvist with (`HEMVIST_OBO_NOMINATION_SECRET` and `…_OUTCOME_SECRET` may be
 * given instead, e.g. to match a running service), receives nominations and
 * answers each with a signed "contract signed" to `--outcome-url`.
 */
function oboMock(args: readonly string[], io: CommandIo, env: Env): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string', default: '4010' },
      'outcome-url': { type: 'string', default: 'http://127.0.0.1:3000/v1/integrations/obo/outcomes' },
    },
    strict: true,
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new AdminUsageError('--port must be 0–65535')
  const nominationSecret = env.HEMVIST_OBO_NOMINATION_SECRET || newSecret()
  const outcomeSecret = env.HEMVIST_OBO_OUTCOME_SECRET || newSecret()
  const nominationKey = secretBytes(nominationSecret)
  const outcomeKey = secretBytes(outcomeSecret)
  if (!nominationKey.ok || !outcomeKey.ok) throw new AdminUsageError('the ÖBO secrets must be whsec_<base64>')
  return startMockObo({
    nominationKey: nominationKey.value,
    outcomeKey: outcomeKey.value,
    outcomeUrl: values['outcome-url'],
    port,
    log: (line) => io.stdout.write(`${line}\n`),
  }).then(
    (obo) =>
      new Promise<number>((resolve) => {
        const stop = () => void obo.close().then(() => resolve(0))
        // The handlers first, then the address: whoever reads it may stop the mock at once.
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
        io.stdout.write(
          `ÖBO (mock) listening; start hemvist with:\n  HEMVIST_OBO_WEBHOOK_URL=${obo.url}\n  HEMVIST_OBO_NOMINATION_SECRET=${nominationSecret}\n  HEMVIST_OBO_OUTCOME_SECRET=${outcomeSecret}\n`,
        )
      }),
    (error: unknown) => {
      io.stderr.write(
        `hemvist: the mock cannot listen on port ${port} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`,
      )
      return 2
    },
  )
}
