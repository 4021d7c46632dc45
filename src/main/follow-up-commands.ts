/**
 * `hemvist report NAME` and `hemvist what-if ROUND ID@VERSION`: the follow-up from the command
 * line, on the database named by `HEMVIST_DB`. Exit codes: 0 done; 1 the question cannot be
 * answered (a round without a stored result, a snapshot that cannot be solved); 2 bad usage.
 */
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { extractDocument } from '../domain/extract.ts'
import { reportChart } from '../domain/follow-up/charts.ts'
import { reportNames } from '../domain/follow-up/reports.ts'
import { reportText } from '../domain/follow-up/table.ts'
import type { WhatIf } from '../domain/follow-up/what-if.ts'
import { solveSnapshot } from '../domain/match/stored-round.ts'
import { entityId } from '../domain/schema-parts.ts'
import { describeIssues } from '../domain/validation.ts'
import { applicantExtract } from '../services/applicants/extract.ts'
import type { ServiceContext } from '../services/context.ts'
import {
  followUpReport,
  reportCsv,
  reportNameSchema,
  reportQuerySchema,
} from '../services/follow-up/reports.ts'
import { loadWhatIf, whatIfAnswer } from '../services/rounds/what-if.ts'
import { AdminUsageError, type CommandIo, type Env, operator, withDatabase } from './admin-commands.ts'

export const followUpUsage = `  hemvist report ${reportNames.join('|')} [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--caseload ID] [--format text|csv|json]
  hemvist what-if ROUND-ID POLICY-ID@VERSION [--json]
  hemvist extract HOUSEHOLD-ID [--format text|json]`

function context(db: ServiceContext['db']): ServiceContext {
  return { db, principal: operator, requestId: randomUUID() }
}

export function reportCommand(args: readonly string[], io: CommandIo, env: Env): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      caseload: { type: 'string' },
      format: { type: 'string', default: 'text' },
    },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length !== 1)
    throw new AdminUsageError(`report needs one report name: ${reportNames.join(', ')}`)
  const name = reportNameSchema.safeParse(positionals[0])
  if (!name.success)
    throw new AdminUsageError(`unknown report "${positionals[0]}": one of ${reportNames.join(', ')}`)
  const format = values.format
  if (format !== 'text' && format !== 'csv' && format !== 'json' && format !== 'svg')
    throw new AdminUsageError('--format must be text, csv, json or svg')
  const query = reportQuerySchema.safeParse({
    ...(values.from === undefined ? {} : { from: values.from }),
    ...(values.to === undefined ? {} : { to: values.to }),
    ...(values.caseload === undefined ? {} : { caseload: values.caseload }),
  })
  if (!query.success) {
    throw new AdminUsageError(
      describeIssues(
        query.error.issues.map((i) => ({ path: `--${String(i.path[0] ?? '')}`, message: i.message })),
      ),
    )
  }
  const report = withDatabase(env, ({ db }) =>
    followUpReport({ ctx: context(db), input: { name: name.data, ...query.data } }),
  )
  if (!report.ok) throw new AdminUsageError((report.error as { detail: string }).detail)
  io.stdout.write(
    format === 'json'
      ? `${JSON.stringify(report.value, null, 2)}\n`
      : format === 'csv'
        ? reportCsv(report.value)
        : format === 'svg'
          ? reportChart(report.value)
          : reportText(report.value),
  )
  return 0
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n)).replace('.', ',')

/** A what-if answer as plain Swedish text. */
export function whatIfText(w: WhatIf): string {
  const policy = (p: { id: string; version: number }) => `${p.id} version ${p.version}`
  const line = (label: string, m: { stored: number; whatIf: number; change: number }) =>
    `  ${label.padEnd(22)} ${String(m.stored).replace('.', ',').padStart(8)} ${String(m.whatIf).replace('.', ',').padStart(8)} ${signed(m.change).padStart(8)}`
  const pairs = (list: readonly { applicantId: string; vacancyId: string }[]) =>
    list.length === 0 ? ['  (inga)'] : list.map((p) => `  ${p.applicantId} → ${p.vacancyId}`)
  return `${[
    `Vad händer om runda ${w.roundId} löses med ${policy(w.whatIf.policy)} i stället för ${policy(w.stored.policy)}?`,
    '',
    `  ${''.padEnd(22)} ${'nu'.padStart(8)} ${'om'.padStart(8)} ${'skillnad'.padStart(8)}`,
    line('hushåll med förslag', w.housed),
    line('barn i dem', w.childrenHoused),
    line('akut hemlösa med förslag', w.acuteHoused),
    line('summa poäng', w.objective),
    '',
    'Får ett förslag bara med den andra policyn:',
    ...pairs(w.gains),
    'Förlorar sitt förslag med den andra policyn:',
    ...pairs(w.losses),
    'Får en annan bostad:',
    ...(w.moved.length === 0 ? ['  (inga)'] : w.moved.map((m) => `  ${m.applicantId}: ${m.from} → ${m.to}`)),
    '',
    'Pris för villkoren (poäng):',
    ...(w.prices.length === 0
      ? ['  (inga villkor)']
      : w.prices.map(
          (p) =>
            `  ${p.name}: ${p.stored === null ? '–' : String(p.stored).replace('.', ',')} → ${p.whatIf === null ? '–' : String(p.whatIf).replace('.', ',')}`,
        )),
  ].join('\n')}\n`
}

export function whatIfCommand(args: readonly string[], io: CommandIo, env: Env): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  })
  const [roundId, policyRef] = positionals
  if (positionals.length !== 2 || roundId === undefined || policyRef === undefined)
    throw new AdminUsageError(
      'what-if needs a round id and a policy version, e.g. what-if 01a2… orebro-default@2',
    )
  const m = /^(.+)@([1-9]\d{0,8})$/.exec(policyRef)
  if (m === null || !entityId.safeParse(m[1]).success)
    throw new AdminUsageError('the policy must be ID@VERSION, e.g. orebro-default@2')
  const question = withDatabase(env, ({ db }) =>
    loadWhatIf({
      ctx: context(db),
      input: { id: roundId, policy: { id: m[1] as string, version: Number(m[2]) } },
    }),
  )
  if (!question.ok) {
    io.stderr.write(
      `hemvist: ${question.error.code === 'NOT_FOUND' ? `no round with id "${roundId}"` : (question.error as { detail: string }).detail}\n`,
    )
    return 1
  }
  // The solve is the long part: say so, on stderr, where it does not mix with the answer.
  io.stderr.write(`hemvist: löser rundan igen med ${m[1]} version ${m[2]} …\n`)
  const solved = solveSnapshot(question.value.snapshot, { explain: false })
  if (!solved.ok) {
    io.stderr.write(`hemvist: the round cannot be solved under that policy: ${solved.reason}\n`)
    return 1
  }
  const answer = whatIfAnswer(question.value, solved.value.resultText)
  io.stdout.write(values.json ? `${JSON.stringify(answer, null, 2)}\n` : whatIfText(answer))
  return 0
}

/** `hemvist extract ID`: a register extract (subject access) for one household, as a Swedish document or JSON. */
export function extractCommand(args: readonly string[], io: CommandIo, env: Env): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { format: { type: 'string', default: 'text' } },
    allowPositionals: true,
    strict: true,
  })
  const [id] = positionals
  if (positionals.length !== 1 || id === undefined || !entityId.safeParse(id).success)
    throw new AdminUsageError('extract needs one household id')
  if (values.format !== 'text' && values.format !== 'json')
    throw new AdminUsageError('--format must be text or json')
  const extract = withDatabase(env, ({ db }) => applicantExtract({ ctx: context(db), input: { id } }))
  if (!extract.ok) {
    io.stderr.write(`hemvist: no household with id "${id}"\n`)
    return 1
  }
  io.stdout.write(
    values.format === 'json' ? `${JSON.stringify(extract.value, null, 2)}\n` : extractDocument(extract.value),
  )
  return 0
}
