/**
 * `hemvist solve` end to end, as a user waits for it: read the round file, validate, prepare,
 * solve, canonical pairing, prices, needed scores, explanations, write the result. Each run is
 * a fresh process (the JIT starts cold, as for a user) that calls `solveRoundFile`, the same
 * function the command line calls; the process start and module loading are outside the timing.
 *
 *   node --import tsx bench/end-to-end.ts --case metro-5000x1000-laminar            # 3 runs
 *   node --import tsx bench/end-to-end.ts --case orebro-300x60 --runs 5
 *   node --import tsx bench/end-to-end.ts --case national-50000x10000 --runs 1
 *   node --import tsx bench/end-to-end.ts --case metro-5000x1000-laminar --no-explain
 *   node --import tsx bench/end-to-end.ts --case orebro-300x60 --exempt-own-choice off,on   # side by side
 *
 * `--exempt-own-choice` runs the case with its policy's district caps counting every placement
 * (`off`) or not a household's own preferred district (`on`); with both, the runs alternate so that
 * both see the same load.
 *
 * `npm run bench` runs the same per case for hemvist and reports `endToEndMs` and `phasesMs`.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { resourceUsage } from 'node:process'
import { parseArgs } from 'node:util'
import { solveRoundFile } from '../src/main/solve-round-file.ts'
import { generateRound } from '../src/synthetic/index.ts'
import { type CaseDefinition, caseNamed } from './cases.ts'

export interface EndToEndRun {
  readonly endToEndMs: number
  readonly phasesMs: Readonly<Record<string, number>>
  readonly peakRssMb: number
  readonly resultBytes: number
  readonly objectivePoints: number
  readonly status: string
}

export type EndToEndOutcome =
  | { readonly ok: true; readonly run: EndToEndRun }
  | { readonly ok: false; readonly reason: string }

/** Writes the case's round file (the generator's output, as a user would hand it over) to `path`. */
export function writeRoundFile(definition: CaseDefinition, path: string): void {
  const round = generateRound({
    seed: definition.seed,
    applicants: definition.applicants,
    vacancies: definition.vacancies,
    asOf: definition.asOf,
    policy: definition.policy,
  })
  writeFileSync(path, JSON.stringify(round))
}

/** One end-to-end run in a fresh process (the Node default heap, as `hemvist solve` gets), killed after `limitMs`. */
export function runEndToEnd(
  roundPath: string,
  outPath: string,
  options: { readonly explain: boolean; readonly limitMs: number },
): Promise<EndToEndOutcome> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        new URL(import.meta.url).pathname,
        '--child',
        roundPath,
        outPath,
        ...(options.explain ? [] : ['--no-explain']),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8')
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-2000)
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), options.limitMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const line = stdout.trim().split('\n').at(-1) ?? ''
      if (code === 0 && line.startsWith('{')) resolve({ ok: true, run: JSON.parse(line) as EndToEndRun })
      else
        resolve({
          ok: false,
          reason: signal
            ? `killed (${signal}) after ${options.limitMs / 1000} s or by the system`
            : `exit ${code}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`,
        })
    })
  })
}

/** The child: one run, its figures as one JSON line on stdout. */
function child(roundPath: string, outPath: string, explain: boolean): void {
  const started = performance.now()
  const outcome = solveRoundFile(roundPath, { out: outPath, explain })
  const endToEndMs = performance.now() - started
  if (!outcome.ok) {
    process.stderr.write(`${outcome.problem}\n`)
    process.exit(2)
  }
  const run: EndToEndRun = {
    endToEndMs: Math.round(endToEndMs * 10) / 10,
    phasesMs: outcome.phasesMs,
    // maxRSS is in kilobytes.
    peakRssMb: Math.round(resourceUsage().maxRSS / 1024),
    resultBytes: outcome.bytesWritten,
    objectivePoints: outcome.result.objective,
    status: outcome.result.status,
  }
  process.stdout.write(`${JSON.stringify(run)}\n`)
}

/** Median of the runs' end-to-end times, with the phases of that run. */
export function medianRun(runs: readonly EndToEndRun[]): EndToEndRun | undefined {
  const sorted = [...runs].sort((a, b) => a.endToEndMs - b.endToEndMs)
  return sorted[Math.floor((sorted.length - 1) / 2)]
}

async function standalone(): Promise<void> {
  const { values } = parseArgs({
    options: {
      case: { type: 'string', default: 'metro-5000x1000-laminar' },
      runs: { type: 'string', default: '3' },
      'no-explain': { type: 'boolean', default: false },
      'limit-s': { type: 'string', default: '600' },
      'exempt-own-choice': { type: 'string' },
    },
  })
  const base = caseNamed(values.case)
  const switches = values['exempt-own-choice']?.split(',') ?? []
  if (!switches.every((s) => s === 'on' || s === 'off')) {
    process.stdout.write('--exempt-own-choice takes on, off or both (off,on)\n')
    process.exitCode = 2
    return
  }
  const variants: CaseDefinition[] =
    switches.length === 0
      ? [base]
      : switches.map((s) => ({
          ...base,
          name: `${base.name} (exemptOwnChoice ${s})`,
          policy: {
            ...base.policy,
            constraints: {
              ...base.policy.constraints,
              districtCaps: { ...base.policy.constraints.districtCaps, exemptOwnChoice: s === 'on' },
            },
          },
        }))
  const dir = join(os.tmpdir(), `hemvist-e2e-${process.pid}`)
  mkdirSync(dir, { recursive: true })
  try {
    const roundPaths = variants.map((definition, k) => {
      const path = join(dir, `round-${k}.json`)
      writeRoundFile(definition, path)
      return path
    })
    const runs: EndToEndRun[][] = variants.map(() => [])
    for (let i = 0; i < Number(values.runs); i++) {
      for (const [k, definition] of variants.entries()) {
        const outcome = await runEndToEnd(roundPaths[k] as string, join(dir, 'result.json'), {
          explain: !values['no-explain'],
          limitMs: Number(values['limit-s']) * 1000,
        })
        if (!outcome.ok) {
          process.stdout.write(`${definition.name}: ${outcome.reason}\n`)
          process.exitCode = 1
          return
        }
        runs[k]?.push(outcome.run)
        process.stdout.write(`${definition.name} run ${i + 1}: ${JSON.stringify(outcome.run)}\n`)
      }
    }
    for (const [k, definition] of variants.entries()) {
      const m = medianRun(runs[k] ?? [])
      if (!m) continue
      process.stdout.write(
        `${definition.name}${values['no-explain'] ? ' (--no-explain)' : ''}: median end to end ${Math.round(m.endToEndMs)} ms of ${runs[k]?.length}, peak RSS ${m.peakRssMb} MB, result ${(m.resultBytes / 1e6).toFixed(1)} MB; load average ${os
          .loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')}\n`,
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  if (args[0] === '--child') child(args[1] as string, args[2] as string, args[3] !== '--no-explain')
  else void standalone()
}
