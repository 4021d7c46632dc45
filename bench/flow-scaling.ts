/**
 * Timing of the flow solver on random problems shaped like rounds (issue 4
 * targets). Generation happens before the timed region; each case runs a
 * warm-up, then `--runs` timed solves (default 3) and reports the median, the
 * certificate check (outside the timed region) and peak RSS.
 *
 *   node --import tsx bench/flow-scaling.ts [--quick] [--runs 5] [--case name]
 */
import { verifyCertificate } from '../solver/certificate.ts'
import { solveFlow } from '../solver/flow/index.ts'
import type { MatchProblem } from '../solver/problem.ts'
import { type ProblemShape, randomProblem } from '../tests/support/random-problem.ts'
import { median } from './measure.ts'

interface Case {
  readonly name: string
  readonly shape: ProblemShape
  readonly timeLimitMs?: number
  readonly topK?: number
  readonly quick?: boolean
}

const cases: Case[] = [
  {
    name: 'orebro-300x60-laminar',
    shape: { seed: 1, households: 300, vacancies: 60, density: 0.3, constraints: 'laminar', pressure: 0.5 },
    quick: true,
  },
  {
    name: 'city-1000x250-pure',
    shape: { seed: 2, households: 1000, vacancies: 250, density: 0.3, constraints: 'none' },
    quick: true,
  },
  {
    name: 'city-2000x500-laminar',
    shape: { seed: 3, households: 2000, vacancies: 500, density: 0.3, constraints: 'laminar' },
  },
  {
    name: 'metro-5000x1000-pure',
    shape: { seed: 4, households: 5000, vacancies: 1000, density: 0.3, constraints: 'none' },
  },
  {
    name: 'metro-5000x1000-laminar',
    shape: {
      seed: 5,
      households: 5000,
      vacancies: 1000,
      density: 0.3,
      constraints: 'laminar',
      pressure: 0.5,
    },
  },
  {
    name: 'metro-5000x1000-pure-p1',
    shape: { seed: 6, households: 5000, vacancies: 1000, density: 1, constraints: 'none' },
  },
  {
    name: 'metro-5000x1000-crossing',
    shape: {
      seed: 7,
      households: 5000,
      vacancies: 1000,
      density: 0.3,
      constraints: 'crossing',
      pressure: 0.5,
      // Nearly every vacancy is filled anyway: only a high share makes the quota bind against the caps.
      quotaShare: 0.9,
    },
    timeLimitMs: 2000,
  },
  {
    name: 'parity-1000x250',
    shape: {
      seed: 8,
      households: 1000,
      vacancies: 250,
      density: 0.3,
      constraints: 'parity',
      pressure: 0.5,
      parityEpsilon: 0.01,
    },
    timeLimitMs: 5000,
    quick: true,
  },
  {
    name: 'national-50000x10000-p0.02',
    shape: {
      seed: 9,
      households: 50_000,
      vacancies: 10_000,
      density: 0.02,
      constraints: 'laminar',
      districts: 30,
    },
  },
]

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const runsArg = args.indexOf('--runs')
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 3
const caseArg = args.indexOf('--case')
const only = caseArg >= 0 ? args[caseArg + 1] : undefined

let peakRss = 0
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}

for (const c of cases) {
  if (quick && !c.quick) continue
  if (only && !c.name.includes(only)) continue
  const problem: MatchProblem = randomProblem(c.shape)
  const E = problem.edges.household.length
  peakRss = 0
  sampleRss()
  const timer = setInterval(sampleRss, 5)
  const times: number[] = []
  const cpu: number[] = []
  const options = {
    ...(c.timeLimitMs ? { timeLimitMs: c.timeLimitMs } : {}),
    ...(c.topK ? { pruneTopK: c.topK } : {}),
  }
  let last = solveFlow(problem, options)
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    last = solveFlow(problem, options)
    times.push(performance.now() - t0)
    cpu.push(process.cpuUsage(c0).user / 1000)
    sampleRss()
  }
  clearInterval(timer)
  const check = last.status === 'infeasible' ? undefined : verifyCertificate(problem, last)
  const gap = last.bound - last.objective
  console.log(
    JSON.stringify({
      case: c.name,
      edges: E,
      constraints: problem.constraints.length,
      status: last.status,
      medianMs: Math.round(median(times) * 10) / 10,
      // CPU time of this thread's process: the wall clock is inflated when other jobs share the cores.
      medianCpuMs: Math.round(median(cpu)),
      timesMs: times.map((t) => Math.round(t)),
      objective: last.objective,
      bound: last.bound,
      relGapPct: last.objective > 0 ? (100 * gap) / last.objective : null,
      certified: check?.certified ?? false,
      certificateNote: check?.reason,
      peakRssMb: Math.round(peakRss / 2 ** 20),
      stats: last.stats,
    }),
  )
}
