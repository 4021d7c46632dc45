/**
 * The solver thread's own share of a stored round, side by side for two young-generation sizes:
 *
 *   node --import tsx bench/solver-thread.ts [--households 5000] [--vacancies 1000] [--pairs 3] [--young 0,192]
 *
 * The snapshot is the pool of `bench/round-service.ts` (the same generator, seed and dates). Each
 * pair of runs starts one fresh solver thread per size (`new SolverThread({ youngGenerationMb })`,
 * 0 for V8's default), warms it as the worker service does (`start()`), then solves the snapshot
 * twice; the sizes take turns, so that both see the same load. Reported per solve: the wall time
 * from asking to the answer (what the worker waits for), the thread's phases, and its handover
 * (the wait no phase accounts for). Every answer must have the same result hash.
 * Writes bench/results/solver-thread-latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { snapshotText } from '../src/domain/match/stored-round.ts'
import { defaultPolicy } from '../src/domain/policy.ts'
import { SolverThread } from '../src/worker/solve-in-thread.ts'
import { handover } from '../src/worker/tasks/solve-round.ts'
import { roundServicePool } from './round-pool.ts'

const root = join(fileURLToPath(import.meta.url), '..', '..')
const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '5000' },
    vacancies: { type: 'string', default: '1000' },
    pairs: { type: 'string', default: '3' },
    young: { type: 'string', default: '0,192' },
  },
})
const sizes = (values.young ?? '0,192').split(',').map(Number)
const pairs = Number(values.pairs)

// The snapshot of the first round bench/round-service.ts runs (its date 2026-12-02).
const snapshot = snapshotText({
  asOf: '2026-12-02',
  policy: { ...defaultPolicy, id: 'orebro-default', version: 1 },
  ...roundServicePool(Number(values.households), Number(values.vacancies)),
})

interface Solve {
  readonly youngGenerationMb: number
  readonly pair: number
  readonly solve: number
  readonly wallMs: number
  readonly handoverMs: number
  readonly phases: Record<string, number>
  readonly resultSha256: string
}

const solves: Solve[] = []
for (let pair = 1; pair <= pairs; pair++) {
  for (const youngGenerationMb of sizes) {
    const thread = new SolverThread({ youngGenerationMb })
    try {
      await thread.start()
      for (let solve = 1; solve <= 2; solve++) {
        const t0 = performance.now()
        const out = await thread.solve(snapshot)
        const wallMs = Math.round(performance.now() - t0)
        if (!out.ok) throw new Error(`the solve failed: ${out.reason}`)
        const s: Solve = {
          youngGenerationMb,
          pair,
          solve,
          wallMs,
          handoverMs: handover(wallMs, out.phases),
          phases: out.phases,
          resultSha256: out.resultSha256,
        }
        solves.push(s)
        process.stdout.write(
          `young ${String(youngGenerationMb || 'default').padStart(7)} · pair ${pair} · solve ${solve}: ${wallMs} ms (handover ${s.handoverMs}) ${JSON.stringify(out.phases)}\n`,
        )
      }
    } finally {
      await thread.close()
    }
  }
}
if (new Set(solves.map((s) => s.resultSha256)).size !== 1) throw new Error('the results differ')

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor((s.length - 1) / 2)] as number
}
const summary = sizes.map((youngGenerationMb) => {
  const mine = solves.filter((s) => s.youngGenerationMb === youngGenerationMb)
  return {
    youngGenerationMb,
    medianWallMs: median(mine.map((s) => s.wallMs)),
    minWallMs: Math.min(...mine.map((s) => s.wallMs)),
    maxWallMs: Math.max(...mine.map((s) => s.wallMs)),
  }
})
for (const s of summary)
  process.stdout.write(
    `young ${String(s.youngGenerationMb || 'default').padStart(7)}: median ${s.medianWallMs} ms (${s.minWallMs}–${s.maxWallMs})\n`,
  )
mkdirSync(join(root, 'bench', 'results'), { recursive: true })
writeFileSync(
  join(root, 'bench', 'results', 'solver-thread-latest.json'),
  `${JSON.stringify(
    {
      command: `node --import tsx bench/solver-thread.ts --households ${values.households} --vacancies ${values.vacancies} --pairs ${pairs} --young ${sizes.join(',')}`,
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
      summary,
      solves,
    },
    null,
    2,
  )}\n`,
)
