import fc from 'fast-check'
import type { MatchProblem, SideConstraint } from '../../solver/problem.ts'

/**
 * Random MatchProblems for solver tests and benchmarks: seeded (a failure
 * replays from its seed), integer weights, optional ties, and side
 * constraints of three kinds:
 *   'laminar'  0/1 groups nested or disjoint on each side: a household floor
 *              (children-like) with a nested cap, district caps on vacancies,
 *              sometimes a floor inside a district;
 *   'crossing' laminar plus rows a network cannot carry: a vacancy quota that
 *              crosses the districts, a weighted household floor
 *              (children counted per child);
 *   'parity'   laminar plus group-parity rows with fractional household
 *              coefficients, two rows per group;
 *   'exempt'   laminar, with each district cap exempting the households that
 *              asked for the district (each household asks for a district with
 *              probability 0.3): a coefficient that depends on the pair.
 */
export type ConstraintKind = 'none' | 'laminar' | 'crossing' | 'parity' | 'exempt'

export interface ProblemShape {
  readonly seed: number
  readonly households: number
  readonly vacancies: number
  /** Probability that a pair is eligible. */
  readonly density: number
  readonly constraints: ConstraintKind
  /** Weights are drawn from 1..maxWeight; a small maxWeight makes ties common. */
  readonly maxWeight?: number
  /** Number of districts for district caps (default 5). */
  readonly districts?: number
  /** How hard floors and caps press (0..1): 0 rarely binds, 1 often infeasible. */
  readonly pressure?: number
  /** Crossing kind: the program quota's right-hand side as a share of the program's vacancies (default random). */
  readonly quotaShare?: number
  /** Parity kind: ε (default between 0.02 and 0.1 by pressure). */
  readonly parityEpsilon?: number
}

/** mulberry32: small, fast, and the same sequence on every platform. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1))

/**
 * Eligible pairs by geometric skipping, so sparse large problems do not pay
 * for every pair; O(edges) expected.
 */
function drawEdges(r: () => number, N: number, M: number, density: number, maxWeight: number) {
  const hs: number[] = []
  const vs: number[] = []
  const ws: number[] = []
  const total = N * M
  if (density >= 1) {
    for (let i = 0; i < total; i++) {
      hs.push(Math.floor(i / M))
      vs.push(i % M)
      ws.push(int(r, 1, maxWeight))
    }
  } else if (density > 0) {
    const logq = Math.log(1 - density)
    let i = -1
    for (;;) {
      i += 1 + Math.floor(Math.log(1 - r()) / logq)
      if (i >= total) break
      hs.push(Math.floor(i / M))
      vs.push(i % M)
      ws.push(int(r, 1, maxWeight))
    }
  }
  return {
    household: Int32Array.from(hs),
    vacancy: Int32Array.from(vs),
    weight: Float64Array.from(ws),
  }
}

const subset = (r: () => number, n: number, p: number): Float64Array => {
  const coef = new Float64Array(n)
  for (let i = 0; i < n; i++) coef[i] = r() < p ? 1 : 0
  return coef
}

const count = (coef: Float64Array) => coef.reduce((s, a) => s + (a !== 0 ? 1 : 0), 0)

function laminarConstraints(
  r: () => number,
  N: number,
  M: number,
  D: number,
  pressure: number,
): SideConstraint[] {
  const out: SideConstraint[] = []
  // Children-like household floor, with a nested cap on a subgroup.
  const children = subset(r, N, 0.4)
  const nChildren = count(children)
  if (nChildren > 0) {
    const floor = Math.max(1, Math.round(Math.min(nChildren, M) * (0.3 + 0.6 * pressure) * r()))
    out.push({
      name: 'childrenFloor',
      scope: { kind: 'households', coef: children },
      sense: '>=',
      rhs: floor,
    })
    if (r() < 0.5) {
      const inner = children.map((a) => (a === 1 && r() < 0.5 ? 1 : 0))
      const n = count(inner)
      if (n > 0) {
        out.push({
          name: 'youngChildrenCap',
          scope: { kind: 'households', coef: inner },
          sense: '<=',
          rhs: Math.max(0, Math.floor(n * (1 - pressure) * r() + 1)),
        })
      }
    }
  }
  // District caps on a partition of the vacancies.
  const district = new Int32Array(M)
  for (let v = 0; v < M; v++) district[v] = int(r, 0, D - 1)
  for (let d = 0; d < D; d++) {
    const coef = new Float64Array(M)
    for (let v = 0; v < M; v++) if (district[v] === d) coef[v] = 1
    const n = count(coef)
    if (n === 0) continue
    const cap = Math.max(0, Math.round(n * (1 - 0.6 * pressure * r())))
    out.push({ name: `districtCap:${d}`, scope: { kind: 'vacancies', coef }, sense: '<=', rhs: cap })
    if (d === 0 && n > 1 && r() < 0.5) {
      // A floor on part of one district: nested, so still laminar.
      const inner = coef.map((a) => (a === 1 && r() < 0.6 ? 1 : 0))
      const m = count(inner)
      if (m > 0) {
        out.push({
          name: 'supportedFloor:0',
          scope: { kind: 'vacancies', coef: inner },
          sense: '>=',
          rhs: Math.round(m * pressure * r()),
        })
      }
    }
  }
  return out
}

function crossingConstraints(
  r: () => number,
  N: number,
  M: number,
  pressure: number,
  quotaShare: number | undefined,
): SideConstraint[] {
  const out: SideConstraint[] = []
  const program = subset(r, M, 0.25)
  const nProgram = count(program)
  if (nProgram > 0) {
    out.push({
      name: 'programQuota:housing_first',
      scope: { kind: 'vacancies', coef: program },
      sense: '>=',
      rhs: Math.round(nProgram * (quotaShare ?? (0.3 + 0.6 * pressure) * r())),
    })
  }
  if (r() < 0.5) {
    // Children counted one by one: integer but not 0/1 coefficients.
    const kids = new Float64Array(N)
    for (let h = 0; h < N; h++) kids[h] = r() < 0.4 ? int(r, 1, 3) : 0
    const total = kids.reduce((s, a) => s + a, 0)
    if (total > 0) {
      out.push({
        name: 'childrenPlaced',
        scope: { kind: 'households', coef: kids },
        sense: '>=',
        rhs: Math.round(Math.min(total, 2 * M) * 0.3 * pressure * r()),
      })
    }
  }
  return out
}

/** A district cap that does not count the households that asked for its district; other rows as they are. */
function withExemptions(r: () => number, N: number, c: SideConstraint): SideConstraint {
  if (c.scope.kind !== 'vacancies' || !c.name.startsWith('districtCap:')) return c
  const exempt = new Uint8Array(N)
  for (let h = 0; h < N; h++) exempt[h] = r() < 0.3 ? 1 : 0
  // Tighter than the laminar kind's caps, so that the exemption decides often.
  let members = 0
  for (const a of c.scope.coef) members += a
  const rhs = Math.min(c.rhs, Math.floor(r() * (members / 2 + 1)))
  return { ...c, rhs, scope: { kind: 'vacancies', coef: c.scope.coef, exempt } }
}

/** Two rows per group: |matched_g / n_g − matched / n| ≤ ε, over households with at least one edge. */
export function parityConstraints(
  N: number,
  eligible: Uint8Array,
  groupsOf: readonly Float64Array[],
  names: readonly string[],
  epsilon: number,
): SideConstraint[] {
  const out: SideConstraint[] = []
  let n = 0
  for (let h = 0; h < N; h++) n += eligible[h] as number
  groupsOf.forEach((member, gi) => {
    let ng = 0
    for (let h = 0; h < N; h++) if (eligible[h] && member[h]) ng++
    if (ng === 0 || ng === n) return
    const coef = new Float64Array(N)
    for (let h = 0; h < N; h++) if (eligible[h]) coef[h] = (member[h] ? 1 / ng : 0) - 1 / n
    const name = names[gi] as string
    out.push({ name: `parity:${name}:upper`, scope: { kind: 'households', coef }, sense: '<=', rhs: epsilon })
    out.push({
      name: `parity:${name}:lower`,
      scope: { kind: 'households', coef },
      sense: '>=',
      rhs: -epsilon,
    })
  })
  return out
}

export function randomProblem(shape: ProblemShape): MatchProblem {
  const r = rng(shape.seed)
  const N = shape.households
  const M = shape.vacancies
  const maxWeight = shape.maxWeight ?? 1_000_000
  const pressure = shape.pressure ?? 0.5
  const edges = drawEdges(r, N, M, shape.density, maxWeight)
  let constraints: SideConstraint[] = []
  if (shape.constraints !== 'none') constraints = laminarConstraints(r, N, M, shape.districts ?? 5, pressure)
  if (shape.constraints === 'crossing')
    constraints.push(...crossingConstraints(r, N, M, pressure, shape.quotaShare))
  if (shape.constraints === 'exempt') constraints = constraints.map((c) => withExemptions(r, N, c))
  if (shape.constraints === 'parity') {
    const eligible = new Uint8Array(N)
    for (const h of edges.household) eligible[h] = 1
    const women = subset(r, N, 0.5)
    const bornAbroad = subset(r, N, 0.3)
    constraints.push(
      ...parityConstraints(
        N,
        eligible,
        [women, women.map((a) => 1 - a), bornAbroad, bornAbroad.map((a) => 1 - a)],
        ['gender=woman', 'gender=man', 'bornAbroad=yes', 'bornAbroad=no'],
        shape.parityEpsilon ?? 0.02 + 0.08 * (1 - pressure),
      ),
    )
  }
  return { households: N, vacancies: M, edges, constraints }
}

/** A fast-check arbitrary of small problems (defaults fit exhaustive search: ≤ 8 × 5). */
export const problemArb = (
  options: {
    constraints?: ConstraintKind
    maxHouseholds?: number
    maxVacancies?: number
    maxWeight?: number
  } = {},
): fc.Arbitrary<MatchProblem> =>
  fc
    .record({
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      households: fc.integer({ min: 0, max: options.maxHouseholds ?? 8 }),
      vacancies: fc.integer({ min: 0, max: options.maxVacancies ?? 5 }),
      density: fc.constantFrom(0.3, 0.6, 1),
      maxWeight: options.maxWeight
        ? fc.constant(options.maxWeight)
        : fc.constantFrom(3, 20, 1_000_000, 1_000_000_000_000),
      pressure: fc.constantFrom(0, 0.5, 1),
      districts: fc.integer({ min: 1, max: 3 }),
    })
    .map((s) => randomProblem({ ...s, constraints: options.constraints ?? 'none' }))

/** The same problem with its edges listed in another order (side constraints are per node, so unchanged). */
export function permuteEdges(
  problem: MatchProblem,
  seed: number,
): { problem: MatchProblem; order: Int32Array } {
  const E = problem.edges.household.length
  const order = Int32Array.from({ length: E }, (_, i) => i)
  const r = rng(seed)
  for (let i = E - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1))
    const t = order[i] as number
    order[i] = order[j] as number
    order[j] = t
  }
  const pick = <T extends Int32Array | Float64Array>(a: T): T =>
    a.map((_, i) => a[order[i] as number] as number) as T
  return {
    problem: {
      ...problem,
      edges: {
        household: pick(problem.edges.household),
        vacancy: pick(problem.edges.vacancy),
        weight: pick(problem.edges.weight),
      },
    },
    order,
  }
}
