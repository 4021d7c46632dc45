/**
 * A binding family's price: the re-solve started from the round's optimum against a fresh one,
 * side by side in one process, on the round `bench/round-service.ts` solves (the same generator,
 * seed and policy):
 *
 *   node --import tsx bench/prices-warm.ts [--households 5000] [--vacancies 1000] [--runs 5]
 *
 * Prints, per family with a row at its limit, each run's CPU time of both re-solves (alternating),
 * their medians, the nodes settled and searches, and whether the objectives agree.
 */
import { parseArgs } from 'node:util'
import { loosenConstraints, solveMatch } from '../solver/index.ts'
import { prepareRound } from '../src/domain/match/prepare-round.ts'
import { rowValue } from '../src/domain/match/run-round.ts'
import { defaultPolicy } from '../src/domain/policy.ts'
import { generateApplicants, generateVacancies } from '../src/synthetic/index.ts'

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '5000' },
    vacancies: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
  },
})
const asOf = '2026-12-01'
const applicants = generateApplicants(Number(values.households), { seed: 2026, asOf }).map((a) => ({
  ...a,
  status: 'active' as const,
}))
const vacancies = generateVacancies(Number(values.vacancies), { seed: 2026, asOf }).map((v) => ({
  ...v,
  status: 'open' as const,
  availableFrom: '2026-11-01',
}))
const prepared = prepareRound({ asOf: '2026-12-02', policy: defaultPolicy, applicants, vacancies })
const { problem, constraintInfo } = prepared
const solved = solveMatch(problem)
if (solved.status !== 'optimal') throw new Error(`the round is ${solved.status}`)

const cpuMs = (f: () => void) => {
  const c0 = process.cpuUsage()
  f()
  const c = process.cpuUsage(c0)
  return Math.round((c.user + c.system) / 1000)
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

for (const family of new Set(constraintInfo.map((i) => i.family))) {
  const rows = constraintInfo.flatMap((info, k) => (info.family === family ? [k] : []))
  const binding = rows.some((k) => {
    const c = problem.constraints[k]
    return c !== undefined && Math.abs(c.rhs - rowValue(problem, k, solved.chosen)) < 1e-9
  })
  if (!binding) continue
  const warm: number[] = []
  const fresh: number[] = []
  let stats = { warm: {} as Record<string, unknown>, fresh: {} as Record<string, unknown> }
  let agree = true
  for (let run = 0; run < Number(values.runs); run++) {
    let w: ReturnType<typeof solveMatch> | undefined
    let f: ReturnType<typeof solveMatch> | undefined
    warm.push(
      cpuMs(() => {
        w = solveMatch(loosenConstraints(problem, rows), { warmStart: solved.warmStart })
      }),
    )
    fresh.push(
      cpuMs(() => {
        f = solveMatch({ ...problem, constraints: problem.constraints.filter((_, k) => !rows.includes(k)) })
      }),
    )
    agree &&= w?.objective === f?.objective
    stats = { warm: w?.stats ?? {}, fresh: f?.stats ?? {} }
  }
  process.stdout.write(
    `${family}: warm ${warm.join(' ')} ms CPU (median ${median(warm)}), fresh ${fresh.join(' ')} ms (median ${median(fresh)}); ` +
      `nodes settled ${stats.warm.pops} in ${stats.warm.searches} searches against ${stats.fresh.pops} in ${stats.fresh.searches}; ` +
      `units moved ${stats.warm.warmUnitsMoved}; same objective: ${agree}\n`,
  )
}
