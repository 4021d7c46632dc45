/**
 * The operator's commands of the `hemvist` CLI: `token create|list|revoke` and
 * `audit verify|trail`. They open the database named by `HEMVIST_DB` (the
 * same configuration as the server; migrations applied), do one thing, close.
 *
 * Exit codes: 0 done; 1 the answer is "no" (no such token, the audit chain is
 * broken); 2 bad usage or input, with a message naming the option.
 */
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { type DatabaseHandle, migrateDatabase, openDatabase, writeTransaction } from '../../db/client.ts'
import { loadConfig } from '../config.ts'
import { type Principal, roles } from '../domain/roles.ts'
import { describeIssues, fieldIssues } from '../domain/validation.ts'
import { appendAudit, readApplicantTrail, verifyAuditChain } from '../services/audit.ts'
import { createToken, listTokens, revokeToken, tokenInputSchema } from '../services/tokens.ts'

export interface CommandIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

export type Env = Readonly<Record<string, string | undefined>>

export const adminUsage = `  hemvist token create --role ${roles.join('|')} [--caseload C ...] --person "Name" [--label L] [--expires-in-days N]
  hemvist token list [--json]
  hemvist token revoke ID
  hemvist audit verify
  hemvist audit trail --applicant ID [--limit N]`

/**
 * Whoever runs the CLI has the database file, i.e. every power: their token
 * changes are audited as this principal.
 */
export const operator: Principal = { tokenId: 'cli', role: 'admin', caseloads: [] }

/** A refusal of the command line itself: printed with the usage, exit 2. */
export class AdminUsageError extends Error {}

export function openConfigured(env: Env): DatabaseHandle {
  const config = loadConfig(env)
  if (!config.ok) throw new AdminUsageError(`invalid configuration: ${describeIssues(config.error)}`)
  const handle = openDatabase(config.value.dbPath)
  try {
    migrateDatabase(handle)
  } catch (error) {
    handle.sqlite.close()
    throw error
  }
  return handle
}

export function withDatabase<T>(env: Env, fn: (handle: DatabaseHandle) => T): T {
  const handle = openConfigured(env)
  try {
    return fn(handle)
  } finally {
    handle.sqlite.close()
  }
}

/** Option names as the user typed them, for messages about a field of the token input. */
const optionOf: Record<string, string> = {
  role: '--role',
  caseloads: '--caseload',
  label: '--label',
  person: '--person',
  expiresAt: '--expires-in-days',
}

export function tokenCommand(args: readonly string[], io: CommandIo, env: Env): number {
  const [sub, ...rest] = args
  switch (sub) {
    case 'create':
      return tokenCreate(rest, io, env)
    case 'list':
      return tokenList(rest, io, env)
    case 'revoke':
      return tokenRevoke(rest, io, env)
    default:
      throw new AdminUsageError(
        sub === undefined
          ? 'token needs a subcommand: create, list or revoke'
          : `unknown token subcommand "${sub}"`,
      )
  }
}

function tokenCreate(args: readonly string[], io: CommandIo, env: Env): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      role: { type: 'string' },
      caseload: { type: 'string', multiple: true },
      label: { type: 'string' },
      person: { type: 'string' },
      'expires-in-days': { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  })
  if (positionals.length > 0) throw new AdminUsageError(`token create takes no argument "${positionals[0]}"`)
  if (values.role === undefined) throw new AdminUsageError(`token create needs --role (${roles.join(', ')})`)
  let expiresAt: string | undefined
  const days = values['expires-in-days']
  if (days !== undefined) {
    if (!/^\d{1,5}$/.test(days) || Number(days) < 1) {
      throw new AdminUsageError('--expires-in-days must be a whole number of days, at least 1')
    }
    expiresAt = new Date(Date.now() + Number(days) * 86_400_000).toISOString()
  }
  const input = {
    role: values.role,
    caseloads: values.caseload ?? [],
    ...(values.label === undefined ? {} : { label: values.label }),
    ...(values.person === undefined ? {} : { person: values.person }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  }
  // Validate before opening the database, so a typo never creates or migrates a file.
  const parsed = tokenInputSchema.safeParse(input)
  if (!parsed.success) {
    const lines = fieldIssues(parsed.error, input).map((i) => `${optionOf[i.path] ?? i.path}: ${i.message}`)
    throw new AdminUsageError(`token create: ${lines.join('; ')}`)
  }
  return withDatabase(env, ({ db }) => {
    const created = writeTransaction(db, (tx) => {
      const r = createToken(tx, parsed.data)
      if (r.ok) {
        appendAudit(tx, {
          principal: operator,
          action: 'token.create',
          objectType: 'api_token',
          objectId: r.value.id,
          requestId: randomUUID(),
        })
      }
      return r
    })
    if (!created.ok) throw new AdminUsageError(`token create: ${describeIssues(created.error)}`)
    // The token alone on stdout (so it can be piped into a secret store); the rest on stderr.
    io.stdout.write(`${created.value.token}\n`)
    io.stderr.write(
      `hemvist: created token ${created.value.id} (${values.role}). Store it now: it is shown only this once.\n`,
    )
    return 0
  })
}

function tokenList(args: readonly string[], io: CommandIo, env: Env): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  })
  if (positionals.length > 0) throw new AdminUsageError(`token list takes no argument "${positionals[0]}"`)
  const tokens = withDatabase(env, ({ db }) => listTokens(db))
  if (values.json) {
    io.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`)
    return 0
  }
  const header = ['id', 'role', 'caseloads', 'person', 'label', 'created', 'expires', 'revoked', 'last used']
  const rows = tokens.map((t) => [
    t.id,
    t.role,
    t.caseloads.join(',') || '-',
    t.person ?? '-',
    t.label ?? '-',
    t.createdAt,
    t.expiresAt ?? '-',
    t.revokedAt ?? '-',
    t.lastUsedAt ?? '-',
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`
  io.stdout.write(line(header))
  for (const row of rows) io.stdout.write(line(row))
  if (rows.length === 0) io.stderr.write('hemvist: no tokens yet; create one with `hemvist token create`\n')
  return 0
}

function tokenRevoke(args: readonly string[], io: CommandIo, env: Env): number {
  const { positionals } = parseArgs({ args: [...args], options: {}, strict: true, allowPositionals: true })
  const [id, extra] = positionals
  if (id === undefined || extra !== undefined) throw new AdminUsageError('token revoke takes one token id')
  return withDatabase(env, ({ db }) => {
    const result = writeTransaction(db, (tx) => {
      const r = revokeToken(tx, id)
      if (r.outcome === 'revoked') {
        appendAudit(tx, {
          principal: operator,
          action: 'token.revoke',
          objectType: 'api_token',
          objectId: id,
          requestId: randomUUID(),
        })
      }
      return r
    })
    if (result.outcome === 'not-found') {
      io.stderr.write(`hemvist: no token with id "${id}" (see \`hemvist token list\`)\n`)
      return 1
    }
    if (result.outcome === 'already-revoked') {
      io.stdout.write(`token ${id} was already revoked at ${result.revokedAt}; nothing changed\n`)
      return 0
    }
    io.stdout.write(`revoked token ${id}\n`)
    return 0
  })
}

export function auditCommand(args: readonly string[], io: CommandIo, env: Env): number {
  const [sub, ...rest] = args
  if (sub === 'verify') {
    if (rest.length > 0) throw new AdminUsageError('audit verify takes no arguments')
    const report = withDatabase(env, ({ db }) => verifyAuditChain(db))
    if (report.ok) {
      const culled =
        report.culled === 0 ? '' : ` (${report.culled} culled by retention, each with its tombstone)`
      io.stdout.write(`audit log intact: ${report.rows} rows${culled}, head hash ${report.headHash}\n`)
      return 0
    }
    io.stdout.write(`audit log broken at row ${report.firstBadRowId}: ${report.reason}\n`)
    return 1
  }
  if (sub === 'trail') {
    const { values } = parseArgs({
      args: [...rest],
      options: { applicant: { type: 'string' }, limit: { type: 'string', default: '100' } },
      strict: true,
    })
    if (values.applicant === undefined) throw new AdminUsageError('audit trail needs --applicant ID')
    if (!/^\d{1,4}$/.test(values.limit) || Number(values.limit) < 1 || Number(values.limit) > 1000) {
      throw new AdminUsageError('--limit must be a whole number from 1 to 1000')
    }
    const applicantId = values.applicant
    // Reading who accessed a person is itself an access to their history: audited as `audit.read`.
    const trail = withDatabase(env, ({ db }) =>
      readApplicantTrail(db, {
        principal: operator,
        requestId: randomUUID(),
        applicantId,
        limit: Number(values.limit),
      }),
    )
    for (const r of trail.entries)
      io.stdout.write(`${r.id}\t${r.at}\t${r.tokenId}\t${r.role}\t${r.action}\t${r.requestId}\n`)
    return 0
  }
  throw new AdminUsageError(
    sub === undefined ? 'audit needs a subcommand: verify or trail' : `unknown audit subcommand "${sub}"`,
  )
}
