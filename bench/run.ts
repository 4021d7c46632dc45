import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { getHeapStatistics } from 'node:v8'
import { buildCase, type CaseDefinition, cases } from './cases.ts'
import { type EndToEndRun, medianRun, runEndToEnd, writeRoundFile } from './end-to-end.ts'
import { writeInput } from './payload.ts'
import { Progress } from './progress.ts'
import { householdProfile } from './quality.ts'
import {
  answerRow,
  type BenchResults,
  type CaseResult,
  defaultResultsDir,
  finishCase,
  missingRow,
  nonPositiveWeights,
  type ResultRow,
  renderMarkdown,
} from './results.ts'
import { runChild } from './runner.ts'
import { isSolverName, type SolverName, sizeGuard, solverNames } from './solvers/index.ts'

const usage = `npm run bench -- [--quick] [--case NAME[,NAME]] [--solvers a,b] [--limit SECONDS] [--out DIR]

  --quick          only ${cases
    .filter((c) => c.quick)
    .map((c) => c.name)
    .join(' and ')} (CI-sized)
  --case NAME      only the named case(s): ${cases.map((c) => c.name).join(', ')}
  --solvers LIST   any of ${solverNames.join(', ')} (default all)
  --limit SECONDS  wall-clock limit per solve (default 60)
  --jslp-max-gb N  skip javascript-lp-solver when its dense tableau would exceed N GB (default 2)
  --out DIR        where latest.json and latest.md go (default bench/results for a full run,
                   bench/results/partial, not committed, for --quick, --case or --solvers)
  --no-write       print the table, write nothing
  --no-end-to-end  time the solve alone, not also hemvist solve end to end`

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    case: { type: 'string', multiple: true },
    solvers: { type: 'string' },
    limit: { type: 'string', default: '60' },
    'jslp-max-gb': { type: 'string', default: '2' },
    out: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    'no-end-to-end': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}\n`)
  process.exit(2)
}

if (values.help) {
  process.stdout.write(`${usage}\n`)
  process.exit(0)
}

const wanted = (values.case ?? []).flatMap((c) => c.split(',')).filter(Boolean)
for (const name of wanted) if (!cases.some((c) => c.name === name)) fail(`unknown case "${name}"`)
const selected: CaseDefinition[] = cases.filter((c) =>
  wanted.length > 0 ? wanted.includes(c.name) : values.quick ? c.quick : true,
)
const solverList = values.solvers ? values.solvers.split(',').filter(Boolean) : [...solverNames]
for (const s of solverList) if (!isSolverName(s)) fail(`unknown solver "${s}"`)
const solvers = solverList as SolverName[]
const limitMs = Number(values.limit) * 1000
if (!(limitMs > 0)) fail('--limit must be a positive number of seconds')
const jslpMaxGb = Number(values['jslp-max-gb'])
if (!(jslpMaxGb > 0)) fail('--jslp-max-gb must be positive')

// The national round's preparation holds ~10^8 pairs in plain arrays (about 5 GB): give this
// process a larger heap by running itself again, once, when the default is too small.
const heapMb = 16_384
const bigCase = selected.some((c) => c.applicants * c.vacancies > 1e8)
if (bigCase && getHeapStatistics().heap_size_limit < 12 * 2 ** 30 && !process.env.HEMVIST_BENCH_REEXEC) {
  const again = spawnSync(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${heapMb}`, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, HEMVIST_BENCH_REEXEC: '1' } },
  )
  process.exit(again.status ?? 1)
}

const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`
const progress = new Progress(
  selected.length * (solvers.length + 1 + (solvers.includes('hemvist') && !values['no-end-to-end'] ? 1 : 0)),
)
const tmp = join(os.tmpdir(), `hemvist-bench-${process.pid}`)
mkdirSync(tmp, { recursive: true })
const cleanUp = () => rmSync(tmp, { recursive: true, force: true })
process.on('exit', cleanUp)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    progress.stop()
    cleanUp()
    process.exit(130)
  })
}

const caseResults: CaseResult[] = []
for (const definition of selected) {
  progress.start(definition.name, 'generating and preparing the round')
  const built = buildCase(definition)
  const profile = householdProfile(built.prepared)
  const payloadPath = join(tmp, `${definition.name}.bin`)
  const pairs = built.prepared.problem.edges.weight.length
  progress.finish(
    `prepared in ${built.prepareMs < 1000 ? `${Math.round(built.prepareMs)} ms` : `${(built.prepareMs / 1000).toFixed(1)} s`}: ${pairs.toLocaleString('en-US')} eligible pairs, density ${(100 * built.density).toFixed(1)} %, ${built.prepared.problem.constraints.length} side constraints`,
  )
  const badWeights = nonPositiveWeights(built.prepared.problem)
  if (badWeights > 0) {
    progress.line(
      `warning: ${badWeights.toLocaleString('en-US')} of ${pairs.toLocaleString('en-US')} edge weights are not positive; the objectives of ${definition.name} mean nothing`,
    )
  }
  const rows: ResultRow[] = []
  const chosenBySolver = new Map<string, ArrayLike<number>>()
  for (const solver of solvers) {
    const label = `${definition.name} · ${solver}`
    const guard = sizeGuard(solver, built.prepared.problem, { jslpMaxGb })
    if (guard) {
      progress.start(label)
      rows.push(missingRow(solver, 'skipped', null, guard))
      progress.finish(guard)
      continue
    }
    progress.start(label, 'loading')
    // A fresh file per solver: a shared /tmp may be swept while a long case runs.
    mkdirSync(tmp, { recursive: true })
    writeInput(payloadPath, built.input)
    const warmup = definition.runs > 1
    const outcome = await runChild(
      { solver, payloadPath, warmup, runs: definition.runs, limitMs },
      {
        loadMs: 180_000,
        graceMs: 10_000,
        heapMb,
        onMessage: (m) => {
          if (m.kind === 'ready') progress.update(`solve 1${warmup ? ' (warm-up)' : ''}`)
          if (m.kind === 'solved' && m.done < m.planned) {
            progress.update(`solve ${m.done + 1}/${m.planned} (last ${(m.ms / 1000).toFixed(2)} s)`)
          }
          if (m.kind === 'solved' && m.done >= m.planned) progress.update('checking')
        },
      },
    )
    rmSync(payloadPath, { force: true })
    if (outcome.outcome === 'finished') {
      const r = outcome.result
      const note =
        r.message ??
        (r.warmedUp || definition.runs === 1 ? null : 'one cold run: the warm-up took over half the limit')
      const row = answerRow(solver, built, profile, {
        engine: r.engine,
        solverStatus: r.status,
        timesMs: r.timesMs,
        warmedUp: r.warmedUp,
        peakRssMb: r.peakRssMb,
        chosen: r.chosen,
        claimsOptimal: r.claimsOptimal,
        certified: r.certified,
        certificate: r.certificate,
        bound: r.bound,
        note,
      })
      rows.push(row)
      chosenBySolver.set(solver, r.chosen)
      progress.finish(
        `${(row.medianMs ?? 0).toFixed(1)} ms median of ${row.runs}, ${Math.round(row.peakRssMb ?? 0)} MB, ${row.solverStatus}${row.violations ? `, ${row.violations} rules broken` : ''}`,
      )
    } else {
      const note =
        outcome.outcome === 'timeout'
          ? `over the ${limitMs / 1000} s limit (${outcome.reason})`
          : `no answer: ${outcome.reason}`
      rows.push(missingRow(solver, outcome.outcome, outcome.engine, note))
      progress.finish(note)
    }
  }
  if (solvers.includes('hemvist') && !values['no-end-to-end']) {
    await endToEnd(definition, rows)
  }
  caseResults.push(finishCase(built, rows, chosenBySolver))
}

/**
 * The hemvist row gains what a user waits for: `hemvist solve` end to end in fresh processes
 * (bench/end-to-end.ts), the median run's time and phases, its peak memory and the result's size.
 */
async function endToEnd(definition: CaseDefinition, rows: ResultRow[]): Promise<void> {
  const at = rows.findIndex((r) => r.solver === 'hemvist')
  const row = rows[at]
  if (row === undefined) return
  const label = `${definition.name} · hemvist end to end`
  progress.start(label, 'writing the round file')
  mkdirSync(tmp, { recursive: true })
  const roundPath = join(tmp, `${definition.name}.round.json`)
  writeRoundFile(definition, roundPath)
  const runs: EndToEndRun[] = []
  let failure: string | null = null
  const wanted = definition.applicants * definition.vacancies > 1e8 ? 1 : Math.min(3, definition.runs)
  for (let i = 0; i < wanted; i++) {
    progress.update(`run ${i + 1}/${wanted}`)
    const outcome = await runEndToEnd(roundPath, join(tmp, `${definition.name}.result.json`), {
      explain: true,
      limitMs: Math.max(limitMs * 5, 600_000),
    })
    if (!outcome.ok) {
      failure = outcome.reason
      break
    }
    runs.push(outcome.run)
  }
  rmSync(roundPath, { force: true })
  rmSync(join(tmp, `${definition.name}.result.json`), { force: true })
  const m = medianRun(runs)
  rows[at] = {
    ...row,
    endToEndMs: m ? Math.round(m.endToEndMs) : null,
    phasesMs: m ? m.phasesMs : null,
    endToEndRuns: runs.length,
    endToEndPeakRssMb: m ? m.peakRssMb : null,
    resultMb: m ? Math.round(m.resultBytes / 1e4) / 100 : null,
    ...(failure ? { endToEndNote: failure } : {}),
  }
  progress.finish(
    m
      ? `${(m.endToEndMs / 1000).toFixed(2)} s median of ${runs.length}, ${m.peakRssMb} MB, result ${(m.resultBytes / 1e6).toFixed(1)} MB`
      : `no answer: ${failure}`,
  )
}
progress.stop()

const results: BenchResults = {
  machine: {
    cpus: os.cpus().length,
    node: process.version,
    date: new Date().toISOString(),
    cpuModel: os.cpus()[0]?.model ?? null,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  },
  command,
  settings: { limitSeconds: limitMs / 1000, jslpMaxGb, solvers },
  cases: caseResults,
}
const markdown = renderMarkdown(results)
if (!values['no-write']) {
  const out =
    values.out ??
    defaultResultsDir(join(import.meta.dirname, 'results'), {
      quick: values.quick,
      cases: wanted,
      solvers: values.solvers,
    })
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`)
  writeFileSync(join(out, 'latest.md'), markdown)
}
process.stdout.write(markdown)
