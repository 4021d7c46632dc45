/**
 * How long a user waits for `npx hemvist …` to answer, measured side by side in one run:
 *
 *   node --import tsx bench/cli-startup.ts [--runs 15]
 *
 * Builds the command line (`npm run build`), then times, as whole processes, `node -e 0` (the floor: Node starting and stopping),
 * `node bin/hemvist.js schema round` on the built command line (dist/cli.mjs, which `npm ci`
 * builds) and the same with HEMVIST_CLI_FROM_SOURCE=1 (TypeScript loaded through tsx at run
 * time, as every call did before the build), and `token list` on a fresh database (opens
 * SQLite and migrates it). Each command runs once to warm the file cache, then `--runs` times
 * in turn (interleaved, so a busy spell on the machine hits all of them alike); the table shows
 * the median and the slowest run in ms. Prints the table and writes
 * bench/results/cli-startup-latest.json. Target (issue: faults and the first hour): under 0.3 s.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = join(fileURLToPath(import.meta.url), '..', '..')
const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } })
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write('cli-startup: --runs must be a whole number of at least 1\n')
  process.exit(2)
}
// Build first, so the bundle is newer than every source and bin/hemvist.js really uses it.
const build = spawnSync(process.execPath, ['bin/build.js'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0 || !existsSync(join(root, 'dist', 'cli.mjs'))) {
  process.stderr.write('cli-startup: `npm run build` failed\n')
  process.exit(2)
}

const dir = mkdtempSync(join(tmpdir(), 'hemvist-cli-bench-'))
const db = join(dir, 'bench.db')
const built = { ...process.env, HEMVIST_DB: db, HEMVIST_CLI_FROM_SOURCE: '0' }
const source = { ...process.env, HEMVIST_DB: db, HEMVIST_CLI_FROM_SOURCE: '1' }
const cases = [
  { name: 'node -e 0 (the floor)', args: ['-e', '0'], env: built },
  { name: 'hemvist schema round, built', args: ['bin/hemvist.js', 'schema', 'round'], env: built },
  { name: 'hemvist schema round, from source', args: ['bin/hemvist.js', 'schema', 'round'], env: source },
  { name: 'hemvist token list, built', args: ['bin/hemvist.js', 'token', 'list'], env: built },
  { name: 'hemvist token list, from source', args: ['bin/hemvist.js', 'token', 'list'], env: source },
]

function timeOnce(args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint()
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  return ms
}

const samples = cases.map(() => [] as number[])
for (const c of cases) timeOnce(c.args, c.env)
for (let i = 0; i < runs; i++) {
  cases.forEach((c, k) => {
    samples[k]?.push(timeOnce(c.args, c.env))
  })
}
rmSync(dir, { recursive: true, force: true })

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}
const rows = cases.map((c, k) => {
  const xs = samples[k] as number[]
  return { case: c.name, medianMs: Math.round(median(xs)), maxMs: Math.round(Math.max(...xs)) }
})
const width = Math.max(...rows.map((r) => r.case.length))
process.stdout.write(`${'case'.padEnd(width)}  median ms  max ms\n`)
for (const r of rows) {
  process.stdout.write(
    `${r.case.padEnd(width)}  ${String(r.medianMs).padStart(9)}  ${String(r.maxMs).padStart(6)}\n`,
  )
}
const ratio = (rows[2]?.medianMs ?? 0) / (rows[1]?.medianMs ?? 1)
process.stdout.write(`from source / built (schema round): ${ratio.toFixed(1)}×\n`)
writeFileSync(
  join(root, 'bench', 'results', 'cli-startup-latest.json'),
  `${JSON.stringify({ measuredAt: new Date().toISOString(), runs, node: process.version, rows }, null, 2)}\n`,
)
