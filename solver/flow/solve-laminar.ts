import type { FlowState, MatchProblem } from '../problem.ts'
import { solveCostScaling } from './cost-scaling.ts'
import { extractDuals, type NetworkDuals } from './duals.ts'
import type { LaminarModel } from './laminar.ts'
import { FlowNetwork, type RunOutcome } from './network.ts'
import { TopKSelector, topKEdges } from './prune.ts'

export interface LaminarSolveOptions {
  /** Keep each side's k best edges, then price the rest in; Infinity (or 0) solves on all edges at once. */
  readonly topK: number
  /** Prune only problems with at least this many edges (default PRUNE_MIN_EDGES). */
  readonly minEdgesToPrune?: number | undefined
  /** Lagrangian offsets: the network optimises w_e − offH[h] − offV[v]. */
  readonly offH?: Float64Array
  readonly offV?: Float64Array
  /**
   * The weights w_e the offsets are taken from, one per edge, instead of the problem's: the
   * Lagrangian part of a row whose coefficient depends on the pair (exempt households), which
   * no offset per household or per vacancy can express. Counts as an offset.
   */
  readonly weights?: Float64Array
  /**
   * Edges a reduced cost must exceed to be priced in. 0 for integer weights
   * (exact); fractional weights use a small positive value so that rounding
   * noise cannot add edges forever.
   */
  readonly priceTolerance?: number
  /** Edges to start from instead of a fresh top-k selection (a previous solve's `active`). */
  readonly startEdges?: Int32Array
  /** Solve large edge sets by cost scaling (cost-scaling.ts); default true. False: shortest paths only. */
  readonly costScaling?: boolean
  /** Cost scaling is used when the first edge set has at least this many edges (default SCALING_MIN_EDGES). */
  readonly scalingMinEdges?: number
  /** Edges priced in per household and per vacancy in one pricing round (default 3 × topK with cost scaling, else topK). */
  readonly pricingTopK?: number
  /**
   * After pricing, the shortest-path repair may settle this many nodes per
   * active edge before a fresh cost-scaling solve replaces it (default
   * DEFAULT_REPAIR_BUDGET). The budget is checked before each search, so 0
   * still repairs a round that needs a single search; rounds that free more
   * than MAX_REPAIR_SHARE of the vacancies are re-solved whatever the budget.
   */
  readonly repairBudget?: number
  /**
   * A solved state of the same edges on the same tree under bounds at least as tight (a family of
   * side constraints loosened: `loosenConstraints`). The solve adopts its flow and potentials,
   * moves the arcs whose bounds were loosened to the bound their reduced cost asks for
   * (`FlowNetwork.settleBounds`), routes the units that moved, and prices as a fresh solve does:
   * the same optimum, usually in a small fraction of the searches. Ignored when it does not fit.
   */
  readonly warm?: FlowState
}

/**
 * On the national benchmark round a settled node costs the repair about
 * 3.7 µs and cost scaling about 2.6–5 µs per active edge; repairs that
 * finish settle at most ~0.2 nodes per edge, the ones that do not would
 * settle several. 0.3 bounds the waste of a failed repair at a third of a
 * fresh solve.
 */
export const DEFAULT_REPAIR_BUDGET = 0.3

/**
 * Below this many edges in the first set, shortest paths alone are faster.
 * Measured with the benchmark's rounds, median of 3–7 solves each, shortest
 * paths against cost scaling: city-2000x500 (24,402 active edges) 55–61 ms
 * against 82–93 ms, metro-5000x1000-laminar (64,112) 219–222 ms against
 * 241–332 ms; the national round's half-size subsample (265,868 in its
 * first set) 2.0–2.4 s against 0.8–1.2 s, and the national round (533,936)
 * 7.0 s against 2.0 s.
 */
export const SCALING_MIN_EDGES = 150_000

/**
 * A pricing round that frees more than this share of the vacancies is
 * re-solved without trying a repair first. Measured (national round and its
 * half-size subsample): every repair that freed 28 % or more of the
 * vacancies ran past the budget, and the ones that finished freed 16 % or
 * fewer; a failed attempt costs about 2 s there.
 */
const MAX_REPAIR_SHARE = 0.25

export type LaminarSolve =
  | {
      readonly ok: true
      readonly chosen: Int32Array
      readonly duals: NetworkDuals
      /** Active edges at the end, ascending (for warm restarts of later solves). */
      readonly active: Int32Array
      /** Largest reduced cost of any edge under `duals` (≥ 0): how far they are from dual feasible. */
      readonly maxReducedCost: number
      /** The final flow and potentials, from which a looser solve of the same edges can start (`warm`). */
      readonly state: FlowState
      readonly stats: Record<string, number>
    }
  | { readonly ok: false; readonly conflicting: readonly number[]; readonly stats: Record<string, number> }

/** Problems with fewer edges than this are solved on all edges: pruning buys nothing there. */
export const PRUNE_MIN_EDGES = 20_000

/**
 * Exact solve of a problem whose side constraints are all in the laminar
 * model, with (optional) pruning and pricing:
 *   1. solve on the top-k edges of each side;
 *   2. price every edge left out with the duals: reduced cost
 *      w'_e − (u_h + p_v + Σ y a) = w'_e − π(v) + π(h);
 *   3. add those with positive reduced cost, warm-start, repeat.
 * When no edge prices in, the duals are feasible for ALL edges and the
 * solution is optimal for the full problem, not just the pruned one.
 * If the pruned problem is infeasible (floors need pruned edges), the solve
 * falls back to all edges before concluding anything.
 */
export function solveLaminar(
  problem: MatchProblem,
  lam: LaminarModel,
  options: LaminarSolveOptions,
): LaminarSolve {
  const { edges } = problem
  const E = edges.household.length
  const offH = options.offH ?? new Float64Array(problem.households)
  const offV = options.offV ?? new Float64Array(problem.vacancies)
  const weightIn = options.weights ?? edges.weight
  const hasOffsets = options.offH !== undefined || options.offV !== undefined || options.weights !== undefined
  const k = options.topK
  const tol = options.priceTolerance ?? 0
  const prune = Number.isFinite(k) && k > 0 && E >= (options.minEdgesToPrune ?? PRUNE_MIN_EDGES)
  const stats: Record<string, number> = { pricingRounds: 0, pricedIn: 0, fallbackToAllEdges: 0 }

  const warm = fits(options.warm, lam, E, prune, hasOffsets) ? options.warm : undefined
  const activeMask = new Uint8Array(E)
  if (warm) for (const e of warm.active) activeMask[e] = 1
  // A previous solve's final edge set (Lagrangian steps) is a better start
  // than a fresh top-k, and skips the selection.
  else if (options.startEdges && prune) for (const e of options.startEdges) activeMask[e] = 1
  else if (prune) {
    let weights = weightIn
    if (hasOffsets) {
      weights = new Float64Array(E)
      for (let e = 0; e < E; e++) {
        weights[e] =
          (weightIn[e] as number) -
          (offH[edges.household[e] as number] as number) -
          (offV[edges.vacancy[e] as number] as number)
      }
    }
    topKEdges(problem.households, problem.vacancies, edges.household, edges.vacancy, weights, k, activeMask)
  } else activeMask.fill(1)

  const maskToList = (mask: Uint8Array): Int32Array => {
    let n = 0
    for (let e = 0; e < E; e++) n += mask[e] as number
    const out = new Int32Array(n)
    let i = 0
    for (let e = 0; e < E; e++) if (mask[e]) out[i++] = e
    return out
  }

  // Cost scaling needs integer weights, which offsets would break, and pays
  // only on large edge sets; the first set decides for the whole solve.
  const firstActive = maskToList(activeMask)
  let scaling =
    (options.costScaling ?? true) &&
    !hasOffsets &&
    firstActive.length >= (options.scalingMinEdges ?? SCALING_MIN_EDGES)
  const repairBudget = options.repairBudget ?? DEFAULT_REPAIR_BUDGET
  const count = (key: string, by = 1) => {
    stats[key] = (stats[key] ?? 0) + by
  }

  /**
   * Solves `target` on its active edges. A first solve (`added` absent) is
   * a fresh cost-scaling solve when `scaling` is on, else shortest paths.
   * After pricing, `target` holds the optimum of the smaller edge set: the
   * shortest-path engine repairs it (one search per vacancy the new edges
   * free) while its searches settle fewer nodes than `repairBudget` per
   * active edge, and a fresh cost-scaling solve replaces it otherwise, or at
   * once when the round frees more than MAX_REPAIR_SHARE of the vacancies.
   * Cost scaling that cannot finish (infeasible, or weights too large to
   * scale exactly) falls back to shortest paths, which also name the
   * conflicting constraints.
   */
  const solveNet = (target: FlowNetwork, added?: Int32Array): RunOutcome => {
    if (added) {
      const freed = target.restoreOptimality(added)
      if (!scaling) return target.run()
      if (freed <= MAX_REPAIR_SHARE * lam.vacancies) {
        count('repairs')
        const repaired = target.runWithin(repairBudget * target.activeEdges().length)
        if (repaired !== 'over-budget') return repaired
        count('repairsOverBudget')
      } else count('repairsSkipped')
    }
    if (scaling) {
      const cs = solveCostScaling({ lam, layout: target.activeLayout() })
      count('scalingSolves')
      count('scalingPhases', cs.stats.phases ?? 0)
      count('scalingPushes', cs.stats.pushes ?? 0)
      count('scalingRelabels', cs.stats.relabels ?? 0)
      if (cs.ok) {
        target.adopt(cs)
        return { ok: true }
      }
      count(cs.reason === 'infeasible' ? 'scalingInfeasible' : 'scalingPrecision')
    }
    return target.run()
  }

  let net = new FlowNetwork(lam, edges.household, edges.vacancy, weightIn, offH, offV)
  net.setActive(firstActive)
  let outcome: RunOutcome
  if (warm) {
    net.adopt(warm)
    stats.warmUnitsMoved = net.settleBounds(subtreeSizes(lam))
    outcome = net.run()
    stats.warmStart = 1
    stats.warmPops = net.stats.pops
  } else outcome = solveNet(net)
  if (!outcome.ok && prune) {
    // Shortest paths on every edge, as before cost scaling: it names the
    // conflicting constraints, and cost scaling's arrays for all of a national
    // round's edges would not fit in memory.
    scaling = false
    stats.fallbackToAllEdges = 1
    activeMask.fill(1)
    net = new FlowNetwork(lam, edges.household, edges.vacancy, weightIn, offH, offV)
    net.setActive(maskToList(activeMask))
    outcome = solveNet(net)
  }
  if (!outcome.ok)
    return { ok: false, conflicting: outcome.conflicting, stats: { ...stats, ...net.snapshotStats() } }

  let duals = extractDuals(problem, lam, net)
  // Largest reduced cost over all edges under the final duals: 0 with integer
  // weights; rounding noise (≤ the pricing tolerance) with fractional ones.
  let maxReducedCost = 0
  const M = problem.vacancies
  // Partial pricing: when more edges price in than the pruned network could
  // take in one step, add only each household's and each vacancy's pk edges
  // of largest reduced cost (the same strict order as the top-k selection)
  // and price again. Duals of a pruned network can leave tens of
  // millions of edges with a positive reduced cost (a national round: 28
  // million of 103 million), and re-solving on all of them costs far more
  // than a few more pricing passes. The loop still ends only when no edge
  // prices in. The selection is made in the same pass that finds the edges
  // (no list of the tens of millions, no second pass over all edges).
  // Cost scaling re-solves from scratch, so fewer, larger pricing rounds pay
  // (national round: 3 rounds at 3k against 7 at k, 27–37 s against 50 s).
  const pk = options.pricingTopK ?? (scaling ? 3 * k : k)
  const pricingLimit = prune ? (problem.households + problem.vacancies) * pk : Number.POSITIVE_INFINITY
  // Without pruning every edge is active and nothing can price in.
  const listed = new Int32Array(prune ? Math.min(E, pricingLimit) : 0)
  const hh = edges.household
  const vac = edges.vacancy
  const ww = weightIn
  for (;;) {
    const pi = net.pi
    const best = prune ? new TopKSelector(problem.households, M, pk, pk) : undefined
    let found = 0
    maxReducedCost = 0
    // Reduced cost w'_e − π(v) + π(h) with w' = w − offH[h] − offV[v]. The
    // offsets are read only when there are any (Lagrangian steps); without
    // them the same value costs two lookups per edge instead of four.
    for (let e = 0; e < E; e++) {
      const h = hh[e] as number
      const v = vac[e] as number
      const r = hasOffsets
        ? (ww[e] as number) -
          (offH[h] as number) -
          (offV[v] as number) -
          (pi[v] as number) +
          (pi[M + h] as number)
        : (ww[e] as number) - (pi[v] as number) + (pi[M + h] as number)
      // Most edges price out (r ≤ 0): one comparison for them.
      if (r > 0) {
        if (r > maxReducedCost) maxReducedCost = r
        if (r > tol && !activeMask[e]) {
          if (found < listed.length) listed[found] = e
          found++
          best?.offer(h, v, e, r)
        }
      }
    }
    if (found === 0) break
    let added: Int32Array
    if (found <= pricingLimit) added = listed.slice(0, found)
    else {
      const picked: number[] = []
      best?.forEachSelected((e) => {
        if (!activeMask[e]) {
          activeMask[e] = 1
          picked.push(e)
        }
      })
      added = Int32Array.from(picked).sort()
    }
    stats.pricingRounds = (stats.pricingRounds as number) + 1
    stats.pricedIn = (stats.pricedIn as number) + added.length
    for (const e of added) activeMask[e] = 1
    net.extendActive(added)
    const again = solveNet(net, added)
    // Adding edges only enlarges the feasible set: a feasible flow stays feasible.
    if (!again.ok) throw new Error('invariant: a feasible network became infeasible after adding edges')
    duals = extractDuals(problem, lam, net)
  }

  const chosenList: number[] = []
  for (let v = 0; v < M; v++) {
    const e = net.mateV[v] as number
    if (e >= 0) chosenList.push(e)
  }
  const chosen = Int32Array.from(chosenList).sort()
  const active = net.activeEdges()
  return {
    ok: true,
    chosen,
    duals,
    active,
    maxReducedCost,
    state: {
      parent: lam.parent,
      pi: net.pi.slice(),
      flow: net.flow.slice(),
      mateV: net.mateV.slice(),
      mateH: net.mateH.slice(),
      active,
    },
    stats: { ...stats, activeEdges: active.length, ...net.snapshotStats() },
  }
}

/** Can a solve of this problem start from `warm`: the same tree, every matched edge active, no offsets? */
function fits(
  warm: FlowState | undefined,
  lam: LaminarModel,
  edgeCount: number,
  prune: boolean,
  hasOffsets: boolean,
): warm is FlowState {
  if (warm === undefined || hasOffsets) return false
  // Unpruned, every edge must be active: nothing would price the others in.
  if (!prune && warm.active.length !== edgeCount) return false
  const { parent } = lam
  if (warm.parent.length !== parent.length || warm.pi.length !== lam.nodeCount) return false
  for (let x = 0; x < parent.length; x++) if (warm.parent[x] !== parent[x]) return false
  const active = new Uint8Array(edgeCount)
  for (const e of warm.active) {
    if (e < 0 || e >= edgeCount) return false
    active[e] = 1
  }
  for (const e of warm.mateV) if (e >= 0 && !active[e]) return false
  return true
}

/** How many leaves (households or vacancies) lie under each node: the most flow its tree arc can carry. */
function subtreeSizes(lam: LaminarModel): Float64Array {
  const size = new Float64Array(lam.nodeCount)
  const leaves = lam.vacancies + lam.households
  for (let x = 0; x < leaves; x++) {
    size[x] = 1
    const p = lam.parent[x] as number
    size[p] = (size[p] as number) + 1
  }
  for (let i = lam.topDown.length - 1; i >= 0; i--) {
    const g = lam.topDown[i] as number
    const p = lam.parent[g] as number
    if (p !== lam.z) size[p] = (size[p] as number) + (size[g] as number)
  }
  return size
}
