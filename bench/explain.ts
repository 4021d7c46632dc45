/**
 * The cost of explanations: runRound on synthetic rounds under the default policy (children
 * floor, district caps), once with explain and prices off and once with the defaults (every
 * proposal and unmatched household explained, every constraint family priced). Medians of
 * `--runs` runs after one warm-up; the size of the result as JSON.
 *
 *   npx tsx bench/explain.ts                # 300 × 60, 1,000 × 250, 2,000 × 500, 5 runs each
 *   npx tsx bench/explain.ts --runs 3 --sizes 2000x500
 *
 * Timings on a shared machine are noisy: compare the two columns of one run, or two commits run
 * back to back.
 */
import { parseArgs } from 'node:util'
import { runRound } from '../src/domain/match/run-round.ts'
import { defaultPolicy } from '../src/domain/policy.ts'
import { generateRound } from '../src/synthetic/index.ts'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '300x60,1000x250,2000x500' },
  },
})
const runs = Number(values.runs)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

for (const size of values.sizes.split(',')) {
  const [n, m] = size.split('x').map(Number) as [number, number]
  const base = generateRound({ seed: 2026, applicants: n, vacancies: m, asOf: '2026-11-27' })
  const round = { ...base, policy: defaultPolicy }
  const time = (explain: boolean) => {
    const started = performance.now()
    const result = runRound(round, { explain, priceConstraints: explain })
    return { ms: performance.now() - started, result }
  }
  time(true)
  const bare: number[] = []
  const full: number[] = []
  let bytes = 0
  for (let i = 0; i < runs; i++) {
    bare.push(time(false).ms)
    const t = time(true)
    full.push(t.ms)
    bytes = JSON.stringify(t.result).length
  }
  console.log(
    `${n} × ${m}: without explanations ${median(bare).toFixed(0)} ms, with explanations and prices ${median(full).toFixed(0)} ms, result ${(bytes / 1e6).toFixed(1)} MB of JSON (median of ${runs})`,
  )
}
