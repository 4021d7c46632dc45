import type { MatchProblem } from '../solver/problem.ts'
import { rowValue } from '../src/domain/match/run-round.ts'
import type { BuiltCase } from './cases.ts'
import { median } from './measure.ts'
import { type HouseholdProfile, objectiveOf, quality, violations } from './quality.ts'

/**
 * Where a run writes latest.json and latest.md unless `--out` says otherwise: a full run (every
 * case, every solver) replaces the committed results in `bench/results`; a partial run (`--quick`,
 * `--case` or `--solvers`) goes to `bench/results/partial`, which git ignores, so trying a change
 * never overwrites the full results the README quotes.
 *
 * @example
 * defaultResultsDir('/repo/bench/results', { quick: true, cases: [], solvers: undefined }) // '/repo/bench/results/partial'
 */
export function defaultResultsDir(
  resultsDir: string,
  run: { quick: boolean; cases: readonly string[]; solvers: string | undefined },
): string {
  const partial = run.quick || run.cases.length > 0 || run.solvers !== undefined
  return partial ? `${resultsDir}/partial` : resultsDir
}

export type RowOutcome = 'finished' | 'timeout' | 'crashed' | 'skipped'

/** One solver on one case: the issue's fields first, then extras. */
export interface ResultRow {
  readonly solver: string
  readonly medianMs: number | null
  readonly peakRssMb: number | null
  /** Σ edge weight of the answer (score cents × tieScale + lottery tie-break), recomputed by the bench. */
  readonly objective: number | null
  readonly certifiedOptimal: boolean
  /** (best − objective) / best, best = the largest objective among finished answers that break no rule. */
  readonly gapToBest: number | null
  readonly housed: number | null
  readonly childrenHoused: number | null
  readonly acuteHoused: number | null
  readonly priorityCoverage: number | null
  readonly meanWaitDaysHoused: number | null
  // Extras.
  readonly outcome: RowOutcome
  readonly engine: string | null
  readonly solverStatus: string | null
  readonly runs: number
  readonly warmedUp: boolean
  readonly minMs: number | null
  readonly maxMs: number | null
  /** The answer's score in points (the policy's units, without the tie-break). */
  readonly objectivePoints: number | null
  /** (bound − objective) / bound from the solver's own bound, when it reports one. */
  readonly provenGap: number | null
  readonly certificate: string | null
  readonly familiesHoused: number | null
  /** Rules of the problem the answer breaks (greedy ignores side constraints; reported, not repaired). */
  readonly violations: number | null
  readonly violated: readonly string[]
  readonly note: string | null
  // hemvist only: `hemvist solve` end to end (bench/end-to-end.ts), median of fresh-process runs.
  /** Read, validate, prepare, solve, pairing, prices, needed scores, explanations, write, in ms. */
  readonly endToEndMs?: number | null
  /** The median run's phases, in ms. */
  readonly phasesMs?: Readonly<Record<string, number>> | null
  readonly endToEndRuns?: number
  /** Peak resident memory of the end-to-end process (Node's default heap, as the command gets). */
  readonly endToEndPeakRssMb?: number | null
  /** The written result file, in MB (10^6 bytes). */
  readonly resultMb?: number | null
  /** Why the end-to-end run gave no answer. */
  readonly endToEndNote?: string
}

export interface CaseResult {
  readonly case: string
  readonly applicants: number
  readonly vacancies: number
  /** Eligible pairs / (applicants × vacancies), measured. */
  readonly density: number
  readonly constraints: readonly string[]
  readonly results: readonly ResultRow[]
  readonly description: string
  readonly seed: number
  readonly eligiblePairs: number
  readonly generateMs: number
  readonly prepareMs: number
  /** Side constraints that hold with equality in the best answer (they bind, or happen to be met exactly). */
  readonly tightInBest: readonly string[]
  /**
   * Edges whose weight is not a positive number. The problem promises a positive weight for
   * every eligible pair; anything else means the round was prepared wrongly and the
   * objectives of this case mean nothing.
   */
  readonly nonPositiveWeights: number
}

export interface BenchResults {
  readonly machine: { readonly cpus: number; readonly node: string; readonly date: string } & Record<
    string,
    unknown
  >
  readonly command: string
  readonly settings: Record<string, unknown>
  readonly cases: readonly CaseResult[]
}

export interface FinishedAnswer {
  readonly engine: string
  readonly solverStatus: string
  readonly timesMs: readonly number[]
  readonly warmedUp: boolean
  readonly peakRssMb: number | null
  readonly chosen: ArrayLike<number>
  readonly claimsOptimal: boolean
  readonly certified: boolean | null
  readonly certificate: string | null
  readonly bound: number | null
  readonly note: string | null
}

/** A row for an answer, every figure recomputed from the chosen edges. */
export function answerRow(
  solver: string,
  built: BuiltCase,
  profile: HouseholdProfile,
  a: FinishedAnswer,
): ResultRow {
  const { problem, edgeCents } = built.prepared
  const objective = objectiveOf(problem, a.chosen)
  let cents = 0
  for (let i = 0; i < a.chosen.length; i++) cents += edgeCents[a.chosen[i] as number] ?? 0
  const broken = violations(problem, a.chosen)
  const q = quality(problem, profile, a.chosen)
  const provenGap =
    a.bound !== null && Number.isFinite(a.bound) && a.bound > 0
      ? Math.max(0, (a.bound - objective) / a.bound)
      : null
  return {
    solver,
    medianMs: a.timesMs.length ? median(a.timesMs) : null,
    peakRssMb: a.peakRssMb,
    objective,
    certifiedOptimal: a.claimsOptimal && a.certified !== false && broken.length === 0,
    gapToBest: null,
    ...q,
    outcome: 'finished',
    engine: a.engine,
    solverStatus: a.solverStatus,
    runs: a.timesMs.length,
    warmedUp: a.warmedUp,
    minMs: a.timesMs.length ? Math.min(...a.timesMs) : null,
    maxMs: a.timesMs.length ? Math.max(...a.timesMs) : null,
    objectivePoints: cents / 100,
    provenGap,
    certificate: a.certificate,
    violations: broken.length,
    violated: broken.slice(0, 8).map((v) => `${v.name}: ${v.value} ${v.sense} ${v.rhs}`),
    note: a.note,
  }
}

/** A row for a solver that gave no answer. */
export function missingRow(
  solver: string,
  outcome: Exclude<RowOutcome, 'finished'>,
  engine: string | null,
  note: string,
): ResultRow {
  return {
    solver,
    medianMs: null,
    peakRssMb: null,
    objective: null,
    certifiedOptimal: false,
    gapToBest: null,
    housed: null,
    childrenHoused: null,
    acuteHoused: null,
    priorityCoverage: null,
    meanWaitDaysHoused: null,
    outcome,
    engine,
    solverStatus: null,
    runs: 0,
    warmedUp: false,
    minMs: null,
    maxMs: null,
    objectivePoints: null,
    provenGap: null,
    certificate: null,
    familiesHoused: null,
    violations: null,
    violated: [],
    note,
  }
}

/** Fills gapToBest and lists the side constraints tight in the best answer. */
export function finishCase(
  built: BuiltCase,
  rows: readonly ResultRow[],
  chosenBySolver: ReadonlyMap<string, ArrayLike<number>>,
): CaseResult {
  const { problem } = built.prepared
  const valid = rows.filter((r) => r.outcome === 'finished' && r.violations === 0 && r.objective !== null)
  const best = valid.reduce<ResultRow | undefined>(
    (b, r) => (b === undefined || (r.objective as number) > (b.objective as number) ? r : b),
    undefined,
  )
  const bestObjective = best?.objective ?? null
  const results = rows.map((r) => ({
    ...r,
    gapToBest:
      r.objective === null || bestObjective === null || bestObjective === 0
        ? null
        : (bestObjective - r.objective) / Math.abs(bestObjective),
  }))
  const bestChosen = best ? chosenBySolver.get(best.solver) : undefined
  return {
    case: built.definition.name,
    applicants: built.definition.applicants,
    vacancies: built.definition.vacancies,
    density: Math.round(built.density * 1e4) / 1e4,
    constraints: problem.constraints.map((c) => c.name),
    results,
    description: built.definition.description,
    seed: built.definition.seed,
    eligiblePairs: problem.edges.weight.length,
    generateMs: Math.round(built.generateMs),
    prepareMs: Math.round(built.prepareMs),
    tightInBest: bestChosen ? tightConstraints(problem, bestChosen) : [],
    nonPositiveWeights: nonPositiveWeights(problem),
  }
}

export function nonPositiveWeights(problem: MatchProblem): number {
  let count = 0
  for (const w of problem.edges.weight) if (!(w > 0)) count++
  return count
}

export function tightConstraints(problem: MatchProblem, chosen: ArrayLike<number>): string[] {
  const list = Array.from(chosen)
  return problem.constraints.flatMap((c, k) =>
    Math.abs(rowValue(problem, k, list) - c.rhs) < 1e-6 ? [c.name] : [],
  )
}

const fmt = {
  ms: (x: number | null) =>
    x === null
      ? '—'
      : x < 10
        ? x.toFixed(2)
        : x < 1000
          ? x.toFixed(1)
          : Math.round(x).toLocaleString('en-US'),
  int: (x: number | null | undefined) => (x === null || x === undefined ? '—' : String(x)),
  mb: (x: number | null) => (x === null ? '—' : String(Math.round(x))),
  pct: (x: number | null | undefined, digits = 1) =>
    x === null || x === undefined ? '—' : `${(100 * x).toFixed(digits)} %`,
  gap: (x: number | null) => (x === null ? '—' : x === 0 ? '0' : x.toExponential(2)),
  points: (x: number | null) => (x === null ? '—' : x.toFixed(2)),
  days: (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(0)),
}

/** The Markdown table the README shows: one section per case. */
export function renderMarkdown(results: BenchResults): string {
  const m = results.machine
  const out: string[] = [
    `Command: \`${results.command}\` · ${m.date} · Node ${m.node} · ${m.cpus} CPUs${m.cpuModel ? ` (${String(m.cpuModel)})` : ''}`,
    '',
    'Timings are medians of the solve alone (problem prepared once per case, outside the timing). Compare ratios measured side by side in one run; timings on this shared machine are noisy.',
    '',
  ]
  for (const c of results.cases) {
    out.push(
      `### ${c.case}`,
      '',
      `${c.applicants.toLocaleString('en-US')} × ${c.vacancies.toLocaleString('en-US')}, density ${(100 * c.density).toFixed(1)} % (${c.eligiblePairs.toLocaleString('en-US')} eligible pairs), prepared in ${fmt.ms(c.prepareMs)} ms; ${c.description}. Side constraints: ${c.constraints.length === 0 ? 'none' : `${c.constraints.length} rows`}${c.tightInBest.length ? `; tight in the best answer: ${c.tightInBest.join(', ')}` : ''}.`,
      '',
      ...(c.nonPositiveWeights > 0
        ? [
            `**Warning: ${c.nonPositiveWeights.toLocaleString('en-US')} of ${c.eligiblePairs.toLocaleString('en-US')} edge weights from prepareRound are not positive: this case's objectives and the answers built on them mean nothing.**`,
            '',
          ]
        : []),
      '| solver | median ms | runs | peak RSS MB | objective (points) | certified optimal | gap to best | housed | children housed | acute housed | priority coverage | mean wait days (housed) | rules broken |',
      '|---|--:|--:|--:|--:|:-:|--:|--:|--:|--:|--:|--:|--:|',
    )
    for (const r of c.results) {
      if (r.outcome !== 'finished') {
        out.push(
          `| ${r.solver} | ${r.outcome}: ${(r.note ?? '').replaceAll('|', '/')} | | | | | | | | | | | |`,
        )
        continue
      }
      out.push(
        `| ${r.solver} | ${fmt.ms(r.medianMs)} | ${r.runs} | ${fmt.mb(r.peakRssMb)} | ${fmt.points(r.objectivePoints)} | ${r.certifiedOptimal ? 'yes' : 'no'} | ${fmt.gap(r.gapToBest)} | ${fmt.int(r.housed)} | ${fmt.int(r.childrenHoused)} | ${fmt.int(r.acuteHoused)} | ${fmt.pct(r.priorityCoverage)} | ${fmt.days(r.meanWaitDaysHoused)} | ${fmt.int(r.violations)} |`,
      )
    }
    const notes = c.results.flatMap((r) => {
      const parts = [
        r.engine ? `engine: ${r.engine}` : '',
        r.outcome === 'finished' && r.note ? r.note : '',
        r.certificate ? `certificate: ${r.certificate}` : '',
        r.outcome === 'finished' && !r.certifiedOptimal && r.provenGap !== null
          ? `proven gap ${fmt.gap(r.provenGap)} (solver's bound)`
          : '',
        r.violated.length ? `broken: ${r.violated.join('; ')}` : '',
        r.solverStatus && r.solverStatus !== 'optimal' && r.solverStatus !== 'heuristic'
          ? `status: ${r.solverStatus}`
          : '',
      ].filter(Boolean)
      return parts.length ? [`- ${r.solver}: ${parts.join('; ')}`] : []
    })
    const e2e = c.results.flatMap((r) => {
      if (r.endToEndMs == null && !r.endToEndNote) return []
      if (r.endToEndMs == null)
        return [`- ${r.solver} end to end (\`hemvist solve\`): no answer: ${r.endToEndNote}`]
      const phases = Object.entries(r.phasesMs ?? {})
        .map(([phase, ms]) => `${phase} ${fmt.ms(ms)}`)
        .join(', ')
      return [
        `- ${r.solver} end to end (\`hemvist solve\`, fresh process, median of ${r.endToEndRuns}): **${fmt.ms(r.endToEndMs)} ms**, peak RSS ${fmt.mb(r.endToEndPeakRssMb ?? null)} MB, result ${r.resultMb} MB; phases (ms): ${phases}`,
      ]
    })
    out.push('', ...notes, ...e2e, '')
  }
  return out.join('\n')
}
