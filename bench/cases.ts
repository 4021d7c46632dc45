import { type PreparedRound, prepareRound } from '../src/domain/match/prepare-round.ts'
import { defaultPolicy, type Policy } from '../src/domain/policy.ts'
import { generateRound } from '../src/synthetic/index.ts'
import type { BenchInput } from './payload.ts'

/**
 * The benchmark's rounds, from the seeded synthetic generator. The issue's
 * "30 % eligible" is a density; the generator under the real eligibility rules
 * gives about 20 %, and the measured density is reported per case instead of
 * being forced.
 */
export interface CaseDefinition {
  readonly name: string
  readonly applicants: number
  readonly vacancies: number
  readonly seed: number
  readonly asOf: string
  readonly policy: Policy
  /** Measured runs after the warm-up (fewer when one solve is slow; see README). */
  readonly runs: number
  /** Part of `--quick` (CI-sized). */
  readonly quick: boolean
  readonly description: string
}

const asOf = '2026-03-01'
const seed = 2026

const off = defaultPolicy.constraints
/** No side constraints: the pure round (each household and vacancy at most once). */
const pure: Policy = {
  ...defaultPolicy,
  constraints: {
    childrenFloor: { ...off.childrenFloor, enabled: false },
    districtCaps: { ...off.districtCaps, enabled: false },
    programQuotas: [],
    groupParity: { ...off.groupParity, enabled: false },
  },
}
/** The default policy: children floor and district caps, both laminar (a network carries them). */
const laminar: Policy = defaultPolicy

/**
 * At least this many Housing First placements in the 5,000 × 1,000 round.
 * The seed's round has 45 housing_first vacancies, 20 of them in capped
 * districts, so the row crosses the district caps. Without the quota the
 * optimum places 19 of them; at most 29 can be placed under the caps and the
 * children floor (both measured with the flow engine). 25 binds and stays
 * feasible; the run lists the rows tight in the best answer.
 */
export const crossingHousingFirstQuota = 25

const crossing: Policy = {
  ...defaultPolicy,
  constraints: {
    ...defaultPolicy.constraints,
    programQuotas: [{ type: 'housing_first', atLeast: crossingHousingFirstQuota }],
  },
}
/** Group parity on gender and born abroad (ε = 0.1 of each group's rate), nothing else. */
const parity: Policy = {
  ...pure,
  constraints: {
    ...pure.constraints,
    groupParity: { enabled: true, attributes: ['gender', 'bornAbroad'], epsilon: 0.1 },
  },
}

const define = (
  name: string,
  applicants: number,
  vacancies: number,
  policy: Policy,
  runs: number,
  description: string,
  quick = false,
): CaseDefinition => ({ name, applicants, vacancies, seed, asOf, policy, runs, quick, description })

export const cases: readonly CaseDefinition[] = [
  define(
    'orebro-300x60',
    300,
    60,
    laminar,
    5,
    'Örebro-sized round, default policy (children floor, district caps)',
    true,
  ),
  define('city-1000x250', 1000, 250, pure, 5, 'pure round, no side constraints', true),
  define('city-2000x500', 2000, 500, pure, 3, 'pure round, no side constraints'),
  define('metro-5000x1000-laminar', 5000, 1000, laminar, 3, 'children floor + district caps'),
  define(
    'metro-5000x1000-crossing',
    5000,
    1000,
    crossing,
    3,
    `children floor + district caps + at least ${crossingHousingFirstQuota} housing_first placements`,
  ),
  define('parity-1000x250', 1000, 250, parity, 5, 'group parity on gender and bornAbroad (ε = 0.1)'),
  define('national-50000x10000', 50_000, 10_000, laminar, 3, 'national what-if, default policy'),
]

export function findCase(name: string): CaseDefinition | undefined {
  return cases.find((c) => c.name === name)
}

/** The case of that name; a wrong name is a programmer error. */
export function caseNamed(name: string): CaseDefinition {
  const found = findCase(name)
  if (!found) throw new RangeError(`no benchmark case named "${name}"`)
  return found
}

export interface BuiltCase {
  readonly definition: CaseDefinition
  readonly prepared: PreparedRound
  readonly input: BenchInput
  readonly generateMs: number
  readonly prepareMs: number
  /** Eligible pairs / (applicants × vacancies). */
  readonly density: number
}

/** Generates and prepares a case (once per case, outside every timed region). */
export function buildCase(definition: CaseDefinition): BuiltCase {
  const t0 = performance.now()
  const round = generateRound({
    seed: definition.seed,
    applicants: definition.applicants,
    vacancies: definition.vacancies,
    asOf: definition.asOf,
    policy: definition.policy,
  })
  const t1 = performance.now()
  const prepared = prepareRound(round)
  const t2 = performance.now()
  const pairs = definition.applicants * definition.vacancies
  return {
    definition,
    prepared,
    input: benchInput(prepared),
    generateMs: t1 - t0,
    prepareMs: t2 - t1,
    density: pairs > 0 ? prepared.problem.edges.weight.length / pairs : 0,
  }
}

/** Greedy's orderings: households' urgency (priority cents) and vacancies by availability date, then id. */
export function benchInput(prepared: PreparedRound): BenchInput {
  const priority = Float64Array.from(prepared.priority, (p) => p.cents)
  const order = prepared.vacancies.map((_, j) => j)
  order.sort((a, b) => {
    const va = (prepared.vacancies[a] as PreparedRound['vacancies'][number]).vacancy
    const vb = (prepared.vacancies[b] as PreparedRound['vacancies'][number]).vacancy
    if (va.availableFrom !== vb.availableFrom) return va.availableFrom < vb.availableFrom ? -1 : 1
    return va.id < vb.id ? -1 : va.id > vb.id ? 1 : 0
  })
  return { problem: prepared.problem, priority, vacancyOrder: Int32Array.from(order) }
}
