import { ExactishSum } from '../exactish-sum.ts'
import {
  type ConstraintScope,
  coefficientOf,
  type Duals,
  hasExemptions,
  type MatchProblem,
  type SideConstraint,
  type SolveResult,
  sumWeights,
} from '../problem.ts'
import { normaliseRow } from './exempt.ts'
import { classify, conflictNames, type LaminarModel } from './laminar.ts'
import { strengthenRow } from './rounding.ts'
import { type LaminarSolve, solveLaminar } from './solve-laminar.ts'

/**
 * Side constraints a network cannot carry ("crossing": a quota over vacancies
 * that cuts across district caps, parity rows with fractional coefficients)
 * are moved into the objective with multipliers λ (Lagrangian relaxation):
 *
 *   L(λ) = max { Σ_e (w_e − Σ_k λ_k a_ke) x_e : x in the laminar network } + Σ_k λ_k b_k
 *
 * with λ_k ≥ 0 on `<=` rows and ≤ 0 on `>=` rows. Every L(λ) is an upper
 * bound on the optimum; the network's duals plus λ form a feasible LP dual of
 * the whole problem whose objective is that bound, so the bound comes with a
 * certificate `verifyCertificate` can check. min_λ L(λ) equals the LP
 * relaxation's value (the laminar polytope is integral).
 *
 * One crossing row: L is convex piecewise linear in one variable; the
 * intersection of the supporting lines at the two ends of a bracket is
 * evaluated until it lies on L (exact in finitely many steps). Several rows:
 * projected subgradient steps with Polyak's step length.
 *
 * Every x(λ) that happens to satisfy the crossing rows is a feasible
 * matching: the best is the incumbent. Branch and bound on edges (fix to 0:
 * drop it; fix to 1: place it, drop its two ends, lower the right-hand sides)
 * closes the remaining gap, best bound first, until the gap is below 1 (all
 * weights integral) or the time limit runs out.
 *
 * A row whose coefficient depends on the pair (a vacancy row with exempt
 * households, exempt.ts) takes its multiplier per edge: λ·coef[v] off every
 * edge into v, given back on an exempt household's edges. Branching splits
 * a vacancy with edges of both kinds ("mixed") into "not filled by an exempt
 * household" and "filled by one": in each child the row's coefficient at the
 * vacancy is one number, and once no vacancy of the row is mixed the row is a
 * plain vacancy row.
 */

export interface CrossingOptions {
  readonly timeLimitMs?: number
  readonly topK: number
  readonly minEdgesToPrune?: number | undefined
  readonly started: number
  /** First multipliers of the crossing rows, one per constraint (others ignored). */
  readonly multipliers?: Float64Array | undefined
}

/**
 * Subgradient steps at the root and below it. Below the root the parent's
 * multipliers are a warm start and a stalled subgradient closes less than a
 * branch does: on parity-1000x250 (14 rows) 30 steps per node took 579
 * network solves to prove optimality, 5 steps 150 (with 30 at the root).
 */
const ROOT_STEPS = 30
const NODE_STEPS = 5

/** Default budget when the caller gives none: branch and bound can be long on large rounds. */
export const DEFAULT_CROSSING_TIME_LIMIT_MS = 30_000

/**
 * A branch-and-bound node decides, for some households and vacancies,
 * whether they are placed. Keys: household h is h, vacancy v is N + v.
 * Branching on nodes rather than edges bounds the depth by N + M, and once
 * every household and vacancy a crossing row counts is decided, the row is a
 * constant and drops out: the node is then a pure network problem.
 */
interface Node {
  readonly placed: readonly number[]
  readonly unplaced: readonly number[]
  /**
   * Splits of mixed vacancies, each (k · M + v) · 2 + side: side 0 drops the edges into v of the
   * households row k exempts (the row counts whoever fills v), side 1 the others' (whoever fills
   * v is exempt; the node also places v).
   */
  readonly split: readonly number[]
  /** Upper bound inherited from the parent. */
  readonly bound: number
  readonly lambda: Float64Array | undefined
  readonly depth: number
}

interface Sub {
  readonly problem: MatchProblem
  /** Root edge index of each sub-problem edge. */
  readonly edgeMap: Int32Array
  readonly lam: LaminarModel
  /** Per row with exempt households, its mixed vacancies (exempt.ts); undefined for other rows. */
  readonly mixed: readonly (Uint8Array | undefined)[]
}

type SubBuild =
  | { readonly ok: true; readonly sub: Sub }
  | { readonly ok: false; readonly conflicting: readonly string[] }

/**
 * The problem under a node's decisions, with households, vacancies and the
 * root's constraints at the same indices (decisions append singleton floors
 * after them). Unplaced nodes lose their edges. In every row, a coefficient
 * on a node that is decided or has no edge left is folded into the
 * right-hand side (placed: it counts for sure; otherwise: it cannot count),
 * so a row whose every node is decided is a constant, checked once.
 */
function buildSub(
  root: MatchProblem,
  placed: readonly number[],
  unplaced: readonly number[],
  split: readonly number[] = [],
): SubBuild {
  const { households: N, vacancies: M, edges } = root
  const E = edges.household.length
  const outH = new Uint8Array(N)
  const outV = new Uint8Array(M)
  for (const key of unplaced) {
    if (key < N) outH[key] = 1
    else outV[key - N] = 1
  }
  // Edges a split drops: into vacancy v, from a household whose exemption in row k is `drop`.
  const splitsAt = new Map<number, { exempt: Uint8Array; drop: number }[]>()
  for (const code of split) {
    const side = code % 2
    const v = ((code - side) / 2) % M
    const k = ((code - side) / 2 - v) / M
    const scope = (root.constraints[k] as SideConstraint).scope
    if (scope.kind !== 'vacancies' || scope.exempt === undefined) continue
    const list = splitsAt.get(v) ?? []
    list.push({ exempt: scope.exempt, drop: side === 0 ? 1 : 0 })
    splitsAt.set(v, list)
  }
  const dropped = (h: number, v: number): boolean => {
    if (outH[h] || outV[v]) return true
    const list = splitsAt.size === 0 ? undefined : splitsAt.get(v)
    if (list) for (const s of list) if ((s.exempt[h] === 1 ? 1 : 0) === s.drop) return true
    return false
  }
  const inH = new Uint8Array(N)
  const inV = new Uint8Array(M)
  for (const key of placed) {
    if (key < N) inH[key] = 1
    else inV[key - N] = 1
  }
  // Typed arrays and two passes: this runs over every edge at every node.
  const hasH = new Uint8Array(N)
  const hasV = new Uint8Array(M)
  let kept = 0
  for (let e = 0; e < E; e++) {
    const h = edges.household[e] as number
    const v = edges.vacancy[e] as number
    if (dropped(h, v)) continue
    kept++
    hasH[h] = 1
    hasV[v] = 1
  }
  for (const key of placed) {
    if (key < N ? !hasH[key] : !hasV[key - N]) return { ok: false, conflicting: [] }
  }
  let edgeMap: Int32Array
  let subEdges = edges
  if (kept === E) {
    edgeMap = new Int32Array(E)
    for (let e = 0; e < E; e++) edgeMap[e] = e
  } else {
    edgeMap = new Int32Array(kept)
    const household = new Int32Array(kept)
    const vacancy = new Int32Array(kept)
    const weight = new Float64Array(kept)
    let i = 0
    for (let e = 0; e < E; e++) {
      const h = edges.household[e] as number
      const v = edges.vacancy[e] as number
      if (dropped(h, v)) continue
      edgeMap[i] = e
      household[i] = h
      vacancy[i] = v
      weight[i] = edges.weight[e] as number
      i++
    }
    subEdges = { household, vacancy, weight }
  }
  const mixedOf: (Uint8Array | undefined)[] = []
  const constraints: SideConstraint[] = root.constraints.map((given) => {
    // Against the node's edges, a row with exempt households may have lost its mask or some
    // members (exempt.ts); a placed vacancy still mixed counts or not by who fills it: not folded.
    const { row: c, mixed } = normaliseRow(given, subEdges, M)
    mixedOf.push(mixed)
    const coef = c.scope.coef
    const has = c.scope.kind === 'households' ? hasH : hasV
    const isIn = c.scope.kind === 'households' ? inH : inV
    let rhs = c.rhs
    let folded: Float64Array | undefined
    for (let i = 0; i < coef.length; i++) {
      const a = coef[i] as number
      if (a === 0 || (has[i] && !isIn[i]) || (isIn[i] && mixed?.[i])) continue
      folded ??= Float64Array.from(coef)
      folded[i] = 0
      if (isIn[i]) rhs -= a
    }
    const out = folded ?? coef
    const scope: ConstraintScope =
      c.scope.kind === 'households'
        ? { kind: 'households', coef: out }
        : c.scope.exempt === undefined
          ? { kind: 'vacancies', coef: out }
          : { kind: 'vacancies', coef: out, exempt: c.scope.exempt }
    return { name: c.name, sense: c.sense, rhs, scope }
  })
  for (const key of placed) {
    const side = key < N ? 'households' : 'vacancies'
    const coef = new Float64Array(key < N ? N : M)
    coef[key < N ? key : key - N] = 1
    constraints.push({
      name: `branch:placed:${side}:${key < N ? key : key - N}`,
      scope: { kind: side, coef },
      sense: '>=',
      rhs: 1,
    })
  }
  const problem: MatchProblem = { households: N, vacancies: M, edges: subEdges, constraints }
  const cls = classify(problem)
  if (!cls.ok) return { ok: false, conflicting: cls.conflicting }
  return { ok: true, sub: { problem, edgeMap, lam: cls.model, mixed: mixedOf } }
}

interface Evaluation {
  /** A valid upper bound on the sub-problem (without fixed weight). */
  readonly bound: number
  /** Sub-problem edges chosen by x(λ). */
  readonly chosen: Int32Array
  /** Σ w_e (original weights) over chosen. */
  readonly objective: number
  /** b_k − a_k·x for each crossing row (in crossing order). */
  readonly slack: Float64Array
  readonly feasible: boolean
  readonly duals: Duals
  readonly active: Int32Array
}

export function solveCrossing(
  original: MatchProblem,
  rootLam: LaminarModel,
  options: CrossingOptions,
): SolveResult {
  // Crossing rows, scaled to integers and rounded (rounding.ts): same integer
  // solutions, tighter bounds. Duals map back by the scale.
  const scales = new Float64Array(original.constraints.length).fill(1)
  const root: MatchProblem = {
    ...original,
    constraints: original.constraints.map((c, k) => {
      if (!rootLam.crossing.includes(k)) return c
      const { row, scale } = strengthenRow(c)
      scales[k] = scale
      return row
    }),
  }
  const unscale = (duals: Duals): Duals => ({
    ...duals,
    constraints: Float64Array.from(
      duals.constraints.subarray(0, original.constraints.length),
      (y, k) => y * (scales[k] as number),
    ),
  })
  const limit = options.timeLimitMs ?? DEFAULT_CROSSING_TIME_LIMIT_MS
  const deadline = options.started + limit
  const now = () => performance.now()
  const E = root.edges.household.length
  let integral = true
  let maxAbsW = 0
  for (let e = 0; e < E; e++) {
    const w = root.edges.weight[e] as number
    if (!Number.isInteger(w)) integral = false
    maxAbsW = Math.max(maxAbsW, Math.abs(w))
  }
  // A bound within `closeEnough` of the incumbent proves it optimal.
  const closeEnough = integral ? 1 : 1e-9 * Math.max(1, maxAbsW)
  const stats = { evaluations: 0, nodes: 0, pricingRounds: 0, maxDepth: 0, splits: 0 }

  let incumbent: Int32Array | undefined
  let incumbentValue = Number.NEGATIVE_INFINITY
  let rootBound = Number.POSITIVE_INFINITY
  let rootDuals: Duals | undefined
  let rootConflict: readonly string[] = []
  let timedOut = false

  /** Makes a feasible matching of a sub-problem (its edges, its value) the incumbent when it is better. */
  const offer = (sub: Sub, chosen: Int32Array, value: number) => {
    if (value > incumbentValue) {
      incumbentValue = value
      incumbent = Int32Array.from(chosen, (e) => sub.edgeMap[e] as number).sort()
    }
  }

  const evaluate = (
    sub: Sub,
    lambda: Float64Array,
    start: Int32Array | undefined,
  ): Evaluation | readonly string[] => {
    stats.evaluations++
    const { problem, lam } = sub
    const { households: N, vacancies: M } = problem
    const offH = new Float64Array(N)
    const offV = new Float64Array(M)
    let weights: Float64Array | undefined
    lam.crossing.forEach((k, j) => {
      const c = problem.constraints[k] as SideConstraint
      const l = lambda[j] as number
      if (l === 0) return
      const off = c.scope.kind === 'households' ? offH : offV
      const coef = c.scope.coef
      for (let i = 0; i < coef.length; i++)
        if (coef[i] !== 0) off[i] = (off[i] as number) + l * (coef[i] as number)
      if (hasExemptions(c.scope)) {
        // The row does not count an exempt household's placement: its edges get λ·coef[v] back.
        const { exempt } = c.scope
        const { household, vacancy } = problem.edges
        weights ??= Float64Array.from(problem.edges.weight)
        for (let e = 0; e < weights.length; e++) {
          const a = coef[vacancy[e] as number] as number
          if (a !== 0 && exempt[household[e] as number] === 1) weights[e] = (weights[e] as number) + l * a
        }
      }
    })
    const fractional = lambda.some((l) => l !== 0)
    const tol = fractional ? 1e-9 * Math.max(1, maxAbsW) : 0
    const solved: LaminarSolve = solveLaminar(problem, lam, {
      topK: options.topK,
      minEdgesToPrune: options.minEdgesToPrune,
      offH,
      offV,
      ...(weights ? { weights } : {}),
      priceTolerance: tol,
      ...(start ? { startEdges: start } : {}),
    })
    // The network's feasibility does not depend on weights: only the first evaluation at a node can fail.
    if (!solved.ok) return conflictNames(problem, lam, solved.conflicting)
    stats.pricingRounds += solved.stats.pricingRounds ?? 0
    const { chosen, duals } = solved
    const constraintsDual = Float64Array.from(duals.constraints)
    lam.crossing.forEach((k, j) => {
      constraintsDual[k] = lambda[j] as number
    })
    const bound = new ExactishSum()
    for (const u of duals.households) bound.add(u)
    for (const p of duals.vacancies) bound.add(p)
    problem.constraints.forEach((c, k) => {
      const y = constraintsDual[k] as number
      if (y === 0) return
      const isCrossing = lam.crossing.includes(k)
      bound.add(y * (isCrossing ? c.rhs : c.sense === '<=' ? Math.floor(c.rhs) : Math.ceil(c.rhs)))
    })
    const objective = sumWeights(problem, chosen)
    const slack = new Float64Array(lam.crossing.length)
    let feasible = true
    lam.crossing.forEach((k, j) => {
      const c = problem.constraints[k] as SideConstraint
      let lhs = 0
      for (const e of chosen)
        lhs += coefficientOf(
          c.scope,
          problem.edges.household[e] as number,
          problem.edges.vacancy[e] as number,
        )
      const s = c.rhs - lhs
      slack[j] = s
      if (c.sense === '<=' ? s < -1e-9 : s > 1e-9) feasible = false
    })
    return {
      // Duals off by at most maxReducedCost per edge: widen by that much per placement.
      bound: bound.value() + solved.maxReducedCost * Math.min(N, M),
      chosen,
      objective,
      slack,
      feasible,
      duals: { households: duals.households, vacancies: duals.vacancies, constraints: constraintsDual },
      active: solved.active,
    }
  }

  /**
   * Minimises L over the multipliers of one node. Returns the best bound and
   * the evaluation at it, offering every feasible x(λ) as an incumbent.
   */
  const lagrangian = (sub: Sub, warm: Float64Array | undefined, maxSteps: number): Relaxation => {
    const { lam, problem } = sub
    const K = lam.crossing.length
    const sign = lam.crossing.map((k) => ((problem.constraints[k] as SideConstraint).sense === '<=' ? 1 : -1))
    let active: Int32Array | undefined
    const seen: Evaluation[] = []
    const record = (ev: Evaluation): Evaluation => {
      active = ev.active
      if (ev.feasible) offer(sub, ev.chosen, ev.objective)
      seen.push(ev)
      return ev
    }
    const run = (lambda: Float64Array): Evaluation => {
      const ev = evaluate(sub, lambda, active)
      if (!('bound' in ev))
        throw new Error('invariant: the network became infeasible when only weights changed')
      return record(ev)
    }
    let bestLambda = new Float64Array(K)
    if (warm && warm.length === K) bestLambda = Float64Array.from(warm)
    const first = evaluate(sub, bestLambda, undefined)
    if (!('bound' in first)) return { infeasible: true, conflicting: first }
    let best = record(first)
    const consider = (ev: Evaluation, lambda: Float64Array) => {
      if (ev.bound < best.bound) {
        best = ev
        bestLambda = Float64Array.from(lambda)
      }
    }
    const proven = () => best.bound < incumbentValue + closeEnough
    if (K === 1) {
      // t = |λ|; slope of L in t is σ·slack.
      const s0 = sign[0] as number
      const slope = (ev: Evaluation) => s0 * (ev.slack[0] as number)
      const at = (t: number) => Float64Array.of(s0 * t)
      let lo: { t: number; ev: Evaluation } = { t: 0, ev: best }
      let hi: { t: number; ev: Evaluation } | undefined
      const t0 = Math.abs(bestLambda[0] as number)
      if (t0 === 0) {
        // Row satisfied without a multiplier: x(0) is optimal for this node.
        if (slope(best) >= 0) return { best, lambda: bestLambda, others: seen }
      } else if (slope(best) >= 0) {
        hi = { t: t0, ev: best }
        const ev0 = run(at(0))
        consider(ev0, at(0))
        if (slope(ev0) >= 0) return { best, lambda: bestLambda, others: seen }
        lo = { t: 0, ev: ev0 }
      } else lo = { t: t0, ev: best }
      let amin = Number.POSITIVE_INFINITY
      const row = problem.constraints[lam.crossing[0] as number] as SideConstraint
      for (const a of row.scope.coef) if (a !== 0) amin = Math.min(amin, Math.abs(a))
      const tMax = (4 * (maxAbsW + 1) * (Math.min(problem.households, problem.vacancies) + 1)) / amin
      const granular = row.scope.coef.every((a) => Number.isInteger(a / amin))
      let t = Math.max(lo.t * 2, maxAbsW > 0 ? maxAbsW / (amin * 64) : 1)
      while (!hi) {
        if (now() > deadline) {
          timedOut = true
          return { best, lambda: bestLambda, others: seen }
        }
        const ev = run(at(t))
        consider(ev, at(t))
        if (slope(ev) >= 0) hi = { t, ev }
        else {
          lo = { t, ev }
          if (t > tMax) {
            // Past tMax one step of amin in a·x outweighs any weight, so x(λ)
            // maximises the row's satisfaction first: if it still fails, the
            // row cannot hold with the network's constraints. That needs
            // every difference of row sums to be a multiple of amin (integer
            // coefficients, say); otherwise leave it to branch and bound.
            if (granular) return { infeasible: true, conflicting: [] }
            return { best, lambda: bestLambda, others: seen }
          }
          t *= 4
        }
      }
      for (let iter = 0; iter < 60 && !proven(); iter++) {
        if (now() > deadline) {
          timedOut = true
          break
        }
        const gl = slope(lo.ev)
        const gh = slope(hi.ev)
        if (gh - gl <= 0) break
        const tx: number = (hi.ev.bound - lo.ev.bound + gl * lo.t - gh * hi.t) / (gl - gh)
        if (!(tx > lo.t && tx < hi.t)) break
        const model = lo.ev.bound + gl * (tx - lo.t)
        const ev = run(at(tx))
        consider(ev, at(tx))
        // On L already: tx minimises it (up to rounding).
        if (ev.bound <= model + 1e-9 * Math.max(1, Math.abs(model))) break
        if (slope(ev) < 0) lo = { t: tx, ev }
        else hi = { t: tx, ev }
      }
      return { best, lambda: bestLambda, others: seen }
    }
    // Several rows: projected subgradient, Polyak steps towards a target
    // below the best bound (the incumbent once there is one).
    let lambda = Float64Array.from(bestLambda)
    let current = best
    let theta = 1
    let sinceImproved = 0
    for (let iter = 0; iter < maxSteps && !proven(); iter++) {
      if (now() > deadline) {
        timedOut = true
        break
      }
      let norm = 0
      for (let j = 0; j < K; j++) {
        const g = current.slack[j] as number
        // A component that would leave its sign region contributes nothing.
        const l = lambda[j] as number
        const next = l - g
        if ((sign[j] as number) > 0 ? next < 0 && l === 0 : next > 0 && l === 0) continue
        norm += g * g
      }
      if (norm === 0) break
      const target =
        incumbentValue > Number.NEGATIVE_INFINITY
          ? incumbentValue
          : best.bound - 0.01 * Math.max(1, Math.abs(best.bound))
      const gapNow = current.bound - target
      if (!(gapNow > 0)) break
      const step = (theta * gapNow) / norm
      const next = new Float64Array(K)
      for (let j = 0; j < K; j++) {
        const v = (lambda[j] as number) - step * (current.slack[j] as number)
        next[j] = (sign[j] as number) > 0 ? Math.max(0, v) : Math.min(0, v)
      }
      lambda = next
      const before = best.bound
      current = run(lambda)
      consider(current, lambda)
      if (best.bound < before - 1e-12 * Math.max(1, Math.abs(before))) sinceImproved = 0
      else if (++sinceImproved >= 4) {
        theta /= 2
        sinceImproved = 0
        if (theta < 1e-4) break
      }
    }
    // Primal push: overshoot the multipliers of violated rows until x(λ) is
    // feasible. Only while there is no incumbent: below the root it costs up
    // to eight network solves per node and rarely beats the incumbent found
    // at the root (parity-1000x250: 579 evaluations with it, 150 without).
    if (incumbentValue === Number.NEGATIVE_INFINITY) {
      let push = Float64Array.from(bestLambda)
      let ev = best
      for (let round = 0; round < 8 && !ev.feasible; round++) {
        if (now() > deadline) {
          timedOut = true
          break
        }
        const next = Float64Array.from(push)
        for (let j = 0; j < K; j++) {
          const s = ev.slack[j] as number
          const sg = sign[j] as number
          const violated = sg > 0 ? s < 0 : s > 0
          if (!violated) continue
          const l = Math.abs(push[j] as number)
          next[j] = sg * Math.max(2 * l, maxAbsW > 0 ? maxAbsW / 100 : 1)
        }
        push = next
        ev = run(push)
        consider(ev, push)
      }
    }
    return { best, lambda: bestLambda, others: seen }
  }

  // Best-first branch and bound.
  const open: Node[] = [
    {
      placed: [],
      unplaced: [],
      split: [],
      bound: Number.POSITIVE_INFINITY,
      // Given multipliers are for the original rows: scaled rows take them divided by the scale.
      lambda:
        options.multipliers === undefined
          ? undefined
          : Float64Array.from(rootLam.crossing, (k) => {
              const c = root.constraints[k] as SideConstraint
              const y = (options.multipliers?.[k] ?? 0) / (scales[k] as number)
              return Number.isFinite(y) && (c.sense === '<=' ? y >= 0 : y <= 0) ? y : 0
            }),
      depth: 0,
    },
  ]
  let isRoot = true
  while (open.length > 0) {
    // The node with the largest inherited bound (ties: the deeper one, then the later one).
    let bi = 0
    for (let i = 1; i < open.length; i++) {
      const a = open[i] as Node
      const b = open[bi] as Node
      if (a.bound > b.bound || (a.bound === b.bound && a.depth >= b.depth)) bi = i
    }
    const node = open[bi] as Node
    open.splice(bi, 1)
    if (node.bound < incumbentValue + closeEnough) continue
    if (!isRoot && now() > deadline) {
      open.push(node)
      timedOut = true
      break
    }
    stats.nodes++
    stats.maxDepth = Math.max(stats.maxDepth, node.depth)
    const built = buildSub(root, node.placed, node.unplaced, node.split)
    if (!built.ok) {
      if (isRoot) rootConflict = built.conflicting
      isRoot = false
      continue
    }
    const sub = built.sub
    if (sub.lam.crossing.length === 0) {
      // Every crossing row is decided: the node is a network problem, solved exactly.
      const solved = solveLaminar(sub.problem, sub.lam, {
        topK: options.topK,
        minEdgesToPrune: options.minEdgesToPrune,
      })
      if (solved.ok) {
        const value = sumWeights(sub.problem, solved.chosen)
        offer(sub, solved.chosen, value)
        if (isRoot) {
          rootBound = value
          rootDuals = unscale(solved.duals)
        }
      } else if (isRoot) rootConflict = conflictNames(sub.problem, sub.lam, solved.conflicting)
      isRoot = false
      continue
    }
    const relaxation = lagrangian(sub, node.lambda, isRoot ? ROOT_STEPS : NODE_STEPS)
    if (relaxation.infeasible) {
      if (isRoot) rootConflict = relaxation.conflicting
      isRoot = false
      continue
    }
    const nodeBound = Math.min(node.bound, relaxation.best.bound)
    if (isRoot) {
      rootBound = nodeBound
      rootDuals = unscale(relaxation.best.duals)
      isRoot = false
    }
    if (nodeBound < incumbentValue + closeEnough) continue
    if (timedOut) {
      open.push({ ...node, bound: nodeBound })
      break
    }
    const branch = chooseBranch(sub, relaxation)
    if (branch.key < 0) continue
    const { key } = branch
    const lambda = relaxation.lambda
    const depth = node.depth + 1
    const children = { bound: nodeBound, lambda, depth }
    if (branch.row === undefined) {
      open.push({ ...node, ...children, unplaced: [...node.unplaced, key] })
      open.push({ ...node, ...children, placed: [...node.placed, key] })
    } else {
      // A mixed vacancy of a row with exempt households: counted by the row, or filled by an exempt household.
      stats.splits++
      const code = (branch.row * root.vacancies + (key - root.households)) * 2
      const placed = node.placed.includes(key) ? node.placed : [...node.placed, key]
      open.push({ ...node, ...children, split: [...node.split, code] })
      open.push({ ...node, ...children, placed, split: [...node.split, code + 1] })
    }
  }
  let openBound = Number.NEGATIVE_INFINITY
  for (const n of open) openBound = Math.max(openBound, n.bound)
  const elapsed = Math.round((now() - options.started) * 10) / 10
  const crossingNames = rootLam.crossing.map((k) => (root.constraints[k] as SideConstraint).name)
  if (!incumbent) {
    if (!timedOut) {
      return {
        status: 'infeasible',
        chosen: new Int32Array(0),
        objective: 0,
        bound: Number.NEGATIVE_INFINITY,
        conflicting: rootConflict.length > 0 ? rootConflict : crossingNames,
        stats: { solver: 'flow+lagrangian', ms: elapsed, ...stats },
      }
    }
    return {
      status: 'timedout',
      chosen: new Int32Array(0),
      objective: 0,
      bound: Math.min(rootBound, openBound),
      message: 'time limit reached before a feasible matching was found',
      ...(rootDuals ? { duals: rootDuals } : {}),
      stats: { solver: 'flow+lagrangian', ms: elapsed, ...stats },
    }
  }
  const objective = sumWeights(root, incumbent)
  const proven = open.length === 0
  // The bound is what is proven: the best open node, never above the root's.
  const bound = proven ? objective : Math.max(objective, Math.min(rootBound, openBound))
  return {
    status: proven ? 'optimal' : 'timedout',
    chosen: incumbent,
    objective,
    bound,
    ...(rootDuals ? { duals: rootDuals } : {}),
    ...(proven ? {} : { message: `time limit reached with a proven gap of ${bound - objective}` }),
    stats: {
      solver: 'flow+lagrangian',
      ms: elapsed,
      gap: bound - objective,
      relativeGap: objective !== 0 ? (bound - objective) / Math.abs(objective) : bound - objective,
      rootBound,
      rootGap: rootBound - objective,
      crossingConstraints: crossingNames.join(','),
      ...stats,
    },
  }
}

type Relaxation =
  | {
      readonly infeasible?: undefined
      readonly best: Evaluation
      readonly lambda: Float64Array
      readonly others: readonly Evaluation[]
    }
  | {
      /** The network's constraints cannot hold, or (one crossing row) no multiplier can make the row hold. */
      readonly infeasible: true
      readonly conflicting: readonly string[]
    }

type Solved = Extract<Relaxation, { best: Evaluation }>

/**
 * The household or vacancy to branch on: one counted by a crossing row that
 * x(λ) at the best bound violates or leaves slack under a non-zero
 * multiplier. Preferred: one placed in x(λ) but not in the best feasible
 * x(λ') seen at this node, or the reverse (what the bound and the incumbent
 * disagree about); then the largest coefficient; then the lowest index.
 * A row with exempt households offers its mixed vacancies, to be split
 * (`row` names it). Key -1 when no row qualifies.
 */
function chooseBranch(sub: Sub, relaxation: Solved): { key: number; row?: number } {
  const { problem, lam } = sub
  const { edges, households: N } = problem
  const best = relaxation.best
  const placedIn = (chosen: Int32Array) => {
    const mark = new Uint8Array(N + problem.vacancies)
    for (const e of chosen) {
      mark[edges.household[e] as number] = 1
      mark[N + (edges.vacancy[e] as number)] = 1
    }
    return mark
  }
  const inBest = placedIn(best.chosen)
  const feasible = relaxation.others.filter((o) => o.feasible)
  const f = feasible.length > 0 ? feasible.reduce((a, b) => (b.objective > a.objective ? b : a)) : undefined
  const inF = f ? placedIn(f.chosen) : undefined
  let pick = -1
  let pickRow: number | undefined
  let pickScore = Number.NEGATIVE_INFINITY
  let pickDisagree = -1
  lam.crossing.forEach((k, j) => {
    const c = problem.constraints[k] as SideConstraint
    const s = best.slack[j] as number
    const violated = c.sense === '<=' ? s < -1e-9 : s > 1e-9
    const loose = Math.abs(s) > 1e-9 && (best.duals.constraints[k] as number) !== 0
    if (!violated && !loose) return
    const offset = c.scope.kind === 'households' ? 0 : N
    // A row with exempt households branches on its mixed vacancies only: each split leaves one
    // vacancy fewer mixed, and a row with none is plain (buildSub).
    const mixed = sub.mixed[k]
    c.scope.coef.forEach((a, i) => {
      if (a === 0 || (mixed !== undefined && !mixed[i])) return
      const key = offset + i
      const disagree = inF !== undefined && inF[key] !== inBest[key] ? 1 : 0
      const abs = Math.abs(a)
      if (
        disagree > pickDisagree ||
        (disagree === pickDisagree && (abs > pickScore || (abs === pickScore && key < pick)))
      ) {
        pick = key
        pickRow = mixed === undefined ? undefined : k
        pickScore = abs
        pickDisagree = disagree
      }
    })
  })
  return pickRow === undefined ? { key: pick } : { key: pick, row: pickRow }
}
