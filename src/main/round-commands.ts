/**
 * `hemvist round create|list|show|replay` and `hemvist worker`: the round
 * routine from the command line, on the database named by `HEMVIST_DB`.
 * Decisions on proposals are not made here: they need a named person's API
 * token (the API, or the staff pages).
 *
 * Exit codes: 0 done; 1 the answer is "no" (a replay that differs, a round
 * that cannot be replayed); 2 bad usage or input.
 */
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.ts'
import { solveSnapshot } from '../domain/match/stored-round.ts'
import { roundStatuses } from '../domain/round-lifecycle.ts'
import { entityId, isoDate } from '../domain/schema-parts.ts'
import { describeIssues } from '../domain/validation.ts'
import { createLogger } from '../logging.ts'
import type { ServiceContext } from '../services/context.ts'
import { createRound } from '../services/rounds/create-round.ts'
import { getRound, listRounds, type RoundSummary } from '../services/rounds/read-rounds.ts'
import { loadForReplay, replayVerdict } from '../services/rounds/replay-round.ts'
import { startWorkerService } from '../worker/service.ts'
import { AdminUsageError, type CommandIo, type Env, operator, withDatabase } from './admin-commands.ts'

export const roundUsage = `  hemvist round create [--as-of YYYY-MM-DD] [--policy ID@VERSION] [--idempotency-key K]
  hemvist round list [--status ${roundStatuses.join('|')}] [--json]
  hemvist round show ID [--json]
  hemvist round replay ID
  hemvist worker`

function context(db: ServiceContext['db']): ServiceContext {
  return { db, principal: operator, requestId: randomUUID() }
}

function describe(summary: RoundSummary): string {
  const r = summary.round
  const p = summary.counts.proposals
  const lines = [
    `round ${r.id} (${r.kind})`,
    `  status     ${r.status}${r.failure ? `: ${r.failure}` : ''}`,
    `  date       ${r.asOf}`,
    `  policy     ${r.policyId}@${r.policyVersion}`,
    `  pool       ${r.applicantCount ?? '-'} households, ${r.vacancyCount ?? '-'} vacancies`,
    `  proposals  ${p.pending} pending, ${p.approved} approved, ${p.overridden} overridden, ${p.rejected} rejected`,
    `  certified  ${r.certified === null ? '-' : r.certified ? 'yes' : `no (${r.certificateNote ?? ''})`}`,
    `  snapshot   ${r.snapshotSha256 ?? '-'}`,
    `  result     ${r.resultSha256 ?? '-'}`,
  ]
  return `${lines.join('\n')}\n`
}

export function roundCommand(args: readonly string[], io: CommandIo, env: Env): number {
  const [sub, ...rest] = args
  switch (sub) {
    case 'create':
      return roundCreate(rest, io, env)
    case 'list':
      return roundList(rest, io, env)
    case 'show':
      return roundShow(rest, io, env)
    case 'replay':
      return roundReplay(rest, io, env)
    default:
      throw new AdminUsageError(
        sub === undefined
          ? 'round needs a subcommand: create, list, show or replay'
          : `unknown round subcommand "${sub}"`,
      )
  }
}

function roundCreate(args: readonly string[], io: CommandIo, env: Env): number {
  const { values } = parseArgs({
    args: [...args],
    options: {
      'as-of': { type: 'string' },
      policy: { type: 'string' },
      'idempotency-key': { type: 'string' },
    },
    strict: true,
  })
  const asOf = values['as-of']
  if (asOf !== undefined && !isoDate.safeParse(asOf).success)
    throw new AdminUsageError('--as-of must be a date written YYYY-MM-DD')
  let policy: { id: string; version: number } | undefined
  if (values.policy !== undefined) {
    const m = /^(.+)@([1-9]\d{0,8})$/.exec(values.policy)
    if (m === null || !entityId.safeParse(m[1]).success)
      throw new AdminUsageError('--policy must be ID@VERSION, e.g. orebro-default@1')
    policy = { id: m[1] as string, version: Number(m[2]) }
  }
  const key = values['idempotency-key'] ?? randomUUID()
  const made = withDatabase(env, ({ db }) =>
    createRound({
      ctx: context(db),
      input: { idempotencyKey: key, body: { asOf, policy } },
    }),
  )
  if (!made.ok) {
    const detail =
      made.error.code === 'INVALID'
        ? describeIssues(made.error.issues) || made.error.detail
        : made.error.detail
    throw new AdminUsageError(`round create: ${detail}`)
  }
  io.stdout.write(`${made.value.round.id}\n`)
  io.stderr.write(
    made.value.created
      ? `queued round ${made.value.round.id} for ${made.value.round.asOf}: the worker (npm start, or hemvist worker) solves it\n`
      : `this idempotency key made round ${made.value.round.id} before\n`,
  )
  return 0
}

function roundList(args: readonly string[], io: CommandIo, env: Env): number {
  const { values } = parseArgs({
    args: [...args],
    options: { status: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
  })
  const status = values.status
  if (status !== undefined && !(roundStatuses as readonly string[]).includes(status))
    throw new AdminUsageError(`--status must be one of ${roundStatuses.join(', ')}`)
  const page = withDatabase(env, ({ db }) =>
    listRounds({
      ctx: context(db),
      input: { status: status as (typeof roundStatuses)[number] | undefined, limit: 200 },
    }),
  )
  if (!page.ok) throw new AdminUsageError('round list: the listing was refused')
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify(
        page.value.items.map((s) => ({
          ...s.round,
          counts: s.counts,
        })),
        null,
        2,
      )}\n`,
    )
    return 0
  }
  if (page.value.items.length === 0) {
    // On stderr, so that a script reading the list still reads an empty one.
    io.stderr.write(
      `hemvist: no rounds${status === undefined ? '' : ` with status ${status}`} (\`hemvist round create\` starts one)\n`,
    )
    return 0
  }
  for (const s of page.value.items) {
    const r = s.round
    io.stdout.write(
      `${r.id}\t${r.kind}\t${r.status}\t${r.asOf}\t${r.policyId}@${r.policyVersion}\t${s.counts.proposals.pending} pending\n`,
    )
  }
  return 0
}

function oneId(args: readonly string[], what: string): { id: string; json: boolean } {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  })
  if (positionals.length !== 1 || !entityId.safeParse(positionals[0]).success)
    throw new AdminUsageError(`round ${what} takes one round id`)
  return { id: positionals[0] as string, json: values.json }
}

function roundShow(args: readonly string[], io: CommandIo, env: Env): number {
  const { id, json } = oneId(args, 'show')
  const found = withDatabase(env, ({ db }) => getRound({ ctx: context(db), input: { id } }))
  if (!found.ok) {
    io.stderr.write(`hemvist: no round with id "${id}" (see \`hemvist round list\`)\n`)
    return 1
  }
  if (json) {
    io.stdout.write(`${JSON.stringify({ ...found.value.round, counts: found.value.counts }, null, 2)}\n`)
  } else io.stdout.write(describe(found.value))
  return 0
}

function roundReplay(args: readonly string[], io: CommandIo, env: Env): number {
  const { id } = oneId(args, 'replay')
  const input = withDatabase(env, ({ db }) => loadForReplay({ ctx: context(db), input: { id } }))
  if (!input.ok) {
    io.stderr.write(
      `hemvist: ${input.error.code === 'NOT_FOUND' ? `no round with id "${id}"` : (input.error as { detail: string }).detail}\n`,
    )
    return 1
  }
  const solved = solveSnapshot(input.value.snapshot)
  if (!solved.ok) {
    io.stderr.write(`hemvist: the stored snapshot cannot be solved: ${solved.reason}\n`)
    return 1
  }
  const verdict = replayVerdict(input.value, solved.value)
  io.stdout.write(
    verdict.identical
      ? `identical: the replay gives the stored result byte for byte (sha256 ${verdict.storedResultSha256})\n`
      : `DIFFERENT: stored ${verdict.storedResultSha256}, replayed ${verdict.replayedResultSha256}\n`,
  )
  return verdict.identical ? 0 : 1
}

/**
 * The worker alone, in this process (on its own connection; each solve in a
 * solver thread). Stops cleanly on SIGINT or SIGTERM: finishes or releases
 * the running job, exits 0.
 */
export function workerCommand(args: readonly string[], io: CommandIo, env: Env): Promise<number> {
  if (args.length > 0) throw new AdminUsageError('worker takes no arguments')
  const config = loadConfig(env)
  if (!config.ok) throw new AdminUsageError(`invalid configuration: ${describeIssues(config.error)}`)
  // Apply the migrations once, so the worker never meets an older schema.
  withDatabase(env, () => undefined)
  const logger = createLogger({ level: config.value.logLevel })
  const { webhookUrl, nominationSecret } = config.value.obo
  const service = startWorkerService({
    dbPath: config.value.dbPath,
    logger,
    pollMs: config.value.worker.pollMs,
    ...(config.value.retention.scheduled ? { retention: config.value.retention.periods } : {}),
    ...(webhookUrl !== undefined && nominationSecret !== undefined
      ? { obo: { webhookUrl, nominationSecret } }
      : {}),
  })
  return new Promise((resolve) => {
    const stop = () => {
      service.stop().then(
        () => resolve(0),
        () => resolve(1),
      )
    }
    // The handlers first, then the line: whoever reads it may stop the worker at once.
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    io.stderr.write(`hemvist worker ${service.worker.workerId} started on ${config.value.dbPath}\n`)
  })
}
