import { normaliseExemptions } from './flow/exempt.ts'
import { DEFAULT_TOP_K } from './flow/index.ts'
import { classify, type LaminarModel } from './flow/laminar.ts'
import { solveLaminar } from './flow/solve-laminar.ts'
import { type EngineOptions, solveMatch } from './index.ts'
import { coefficientOf, type MatchProblem, type SideConstraint } from './problem.ts'

/**
 * Entry thresholds: for an optimal answer `chosen` and an edge e outside it,
 * the weight e would need to EXCEED to be in an optimum,
 *
 *   threshold(e) = OPT − (best Σ w over feasible answers that contain e, e's own weight left out).
 *
 * A weight above it makes some answer with e strictly better than `chosen`, so
 * every optimum then contains e; a weight at or below it leaves `chosen`
 * optimal. It is the largest value the LP's optimal dual prices can give the
 * pair (u_h + p_v + Σ_k a_k y_k): any one dual solution gives a lower bound,
 * this is the exact figure. Infinity: no feasible answer contains e at all
 * (a side constraint forbids it whatever its weight). NaN: not computed (see
 * `maxSolves`).
 *
 * Method. When every side constraint fits a network (laminar 0/1 groups, see
 * flow/laminar.ts) the answer is a flow, and forcing e is pushing one unit
 * round a cycle through e in the residual network: the threshold is the
 * cheapest residual path from e's household back to e's vacancy (costs −w on
 * unused edges, +w on used ones, 0 on group arcs with room), found by
 * Bellman–Ford from each distinct start once; an unmatched household's only
 * way out is its group arc, so all unmatched households of one group share one
 * search. Otherwise (crossing constraints) each edge is forced by a re-solve
 * without its household and vacancy and with the rows' right-hand sides
 * shifted by its coefficients, the edges of one vacancy with the same
 * coefficients sharing one (`resolveShared`), up to `maxSolves` re-solves (in
 * the order given).
 */
export function entryThresholds(
  given: MatchProblem,
  chosen: Int32Array,
  queries: Int32Array,
  options: EngineOptions & {
    readonly maxSolves?: number
    /**
     * Multipliers of the crossing rows (a solve's `duals.constraints`; other entries are not read):
     * with them, most thresholds of a problem with crossing rows come from one network search each
     * (`lagrangianThresholds`), and only the rest from re-solves.
     */
    readonly multipliers?: Float64Array
  } = {},
): Float64Array {
  const out = new Float64Array(queries.length).fill(Number.NaN)
  if (queries.length === 0) return out
  const problem = normaliseExemptions(given)
  const cls = classify(problem)
  if (cls.ok && cls.model.crossing.length === 0) return networkThresholds(problem, cls.model, chosen, queries)
  const maxSolves = options.maxSolves ?? Number.POSITIVE_INFINITY
  let objective = 0
  for (const e of chosen) objective += problem.edges.weight[e] as number
  if (cls.ok && options.multipliers !== undefined) {
    // Whole multipliers keep w' integral, so the network's answers and the sums are exact; any
    // multipliers of the right sign give a valid bound. A forced answer that breaks a row at the
    // solve's multipliers often keeps it when they are one larger (ties then lean towards the row),
    // so the queries still open are tried again at those, then with every crossing row priced.
    const rows = cls.model.crossing
    const rounded = Float64Array.from(options.multipliers, (y) => Math.round(y))
    const bump = (all: boolean) =>
      Float64Array.from(rounded, (y, k) => {
        if (!rows.includes(k) || (y === 0 && !all)) return y
        return (problem.constraints[k] as SideConstraint).sense === '<=' ? y + 1 : y - 1
      })
    // A forced answer that counts one placement too many under a full cap is answered where a cycle
    // takes one of the cap's placements out at no cost under w'. Where the cheapest such cycle
    // costs c > 0, the cap's multiplier c larger makes it free (and the answers still optimal), so
    // that multiplier is tried next, once per row and multiplier vector tried.
    const candidates = [rounded, bump(false), bump(true)]
    for (let n = 0; n < candidates.length && n < 3 + 2 * rows.length; n++) {
      const lambda = candidates[n] as Float64Array
      const open = queries.filter((_, q) => Number.isNaN(out[q] as number))
      if (open.length === 0) break
      const found = lagrangianThresholds(problem, cls.model, chosen, open, lambda)
      let i = 0
      queries.forEach((_, q) => {
        if (Number.isNaN(out[q] as number)) out[q] = found.out[i++] as number
      })
      for (const [k, raise] of found.raise) {
        candidates.push(Float64Array.from(lambda, (y, r) => (r === k ? y + raise : y)))
      }
    }
  }
  resolveShared(problem, objective, queries, out, maxSolves, options)
  return out
}

/**
 * The queries still open (NaN in `out`), by re-solves, up to `maxSolves` of them, in the order of
 * the queries. Forcing e = (h, v) is the problem without h and v, each row shifted by e's
 * coefficient; the pairs of one vacancy with the same coefficients differ only in the household
 * left out. So they share one re-solve without v: its optimum is also the optimum without h
 * wherever it does not place h (it is one of the answers without h, and none is better), and when
 * no answer holds the rows without v, none does without h either. Only a pair whose household
 * that optimum places is re-solved on its own. In a round that is most of them: an unplaced
 * household's pairs into a flat a tight cap counts all share the flat's one re-solve.
 */
function resolveShared(
  problem: MatchProblem,
  objective: number,
  queries: Int32Array,
  out: Float64Array,
  maxSolves: number,
  options: EngineOptions,
): void {
  const { edges, constraints } = problem
  const groups = new Map<string, number[]>()
  for (let q = 0; q < queries.length; q++) {
    if (!Number.isNaN(out[q] as number)) continue
    const e = queries[q] as number
    const h = edges.household[e] as number
    const v = edges.vacancy[e] as number
    let key = `${v}`
    constraints.forEach((c, k) => {
      const a = coefficientOf(c.scope, h, v)
      if (a !== 0) key += ` ${k}:${a}`
    })
    const group = groups.get(key)
    if (group) group.push(q)
    else groups.set(key, [q])
  }
  let solves = 0
  for (const group of groups.values()) {
    if (solves >= maxSolves) return
    const first = queries[group[0] as number] as number
    if (group.length > 1) {
      const shared = solveForced(problem, -1, first, options)
      solves++
      if (shared.status === 'infeasible') {
        for (const q of group) out[q] = Number.POSITIVE_INFINITY
        continue
      }
      if (shared.status === 'optimal') {
        const placed = new Uint8Array(problem.households)
        for (const f of shared.chosen) placed[shared.household[f] as number] = 1
        for (const q of group) {
          if (!placed[edges.household[queries[q] as number] as number]) out[q] = objective - shared.objective
        }
      }
    }
    for (const q of group) {
      if (!Number.isNaN(out[q] as number)) continue
      if (solves >= maxSolves) return
      out[q] = forcedThreshold(problem, objective, queries[q] as number, options)
      solves++
    }
  }
}

/**
 * The problem with edge e forced in, without it: e's vacancy and (unless `h` is −1) its household
 * left out, every row shifted by e's coefficient; solved, with the household of each of its edges.
 */
function solveForced(problem: MatchProblem, h: number, e: number, options: EngineOptions) {
  const { edges } = problem
  const v = edges.vacancy[e] as number
  const a = (c: SideConstraint) => coefficientOf(c.scope, edges.household[e] as number, v)
  const keep: number[] = []
  for (let f = 0; f < edges.weight.length; f++) {
    if (edges.household[f] !== h && edges.vacancy[f] !== v) keep.push(f)
  }
  const constraints: SideConstraint[] = problem.constraints.map((c) =>
    a(c) === 0 ? c : { ...c, rhs: c.rhs - a(c) },
  )
  const household = Int32Array.from(keep, (f) => edges.household[f] as number)
  const solved = solveMatch(
    {
      ...problem,
      edges: {
        household,
        vacancy: Int32Array.from(keep, (f) => edges.vacancy[f] as number),
        weight: Float64Array.from(keep, (f) => edges.weight[f] as number),
      },
      constraints,
    },
    options,
  )
  // `chosen` indexes the forced problem's edges: `household` is each one's household.
  return { ...solved, household }
}

/**
 * Thresholds of a problem with crossing rows from the network of the rows it carries, with the
 * crossing rows moved into the weights by multipliers λ (w'_e = w_e − Σ_k λ_k a_ke, as in
 * flow/lagrangian.ts). For each query e the cheapest residual path gives the network's best answer
 * x'_e containing e under w'; by weak duality every feasible answer containing e is worth at most
 * its w'-value plus λ·(b − a_e) without e, which bounds the threshold from below. x'_e itself,
 * when it keeps every crossing row, bounds it from above. With integer weights the threshold is
 * an integer, so when the two are less than 1 apart it is the upper one, exactly. Queries where
 * they are not (x'_e breaks a row, or leaves a priced row slack) stay NaN for a re-solve, as do
 * all when `chosen` is not optimal under w' (a negative cycle) or λ has a wrong sign.
 */
function lagrangianThresholds(
  problem: MatchProblem,
  lam: LaminarModel,
  chosen: Int32Array,
  queries: Int32Array,
  multipliers: Float64Array,
): { out: Float64Array; raise: Map<number, number> } {
  const out = new Float64Array(queries.length).fill(Number.NaN)
  /** Per `<=` row (constraint index): by how much its multiplier makes its cheapest removal free. */
  const raise = new Map<number, number>()
  const none = { out, raise }
  const { edges } = problem
  const E = edges.weight.length
  const rows = lam.crossing
  for (let e = 0; e < E; e++) if (!Number.isInteger(edges.weight[e] as number)) return none
  const lambda = rows.map((k) => multipliers[k] ?? 0)
  for (let j = 0; j < rows.length; j++) {
    const c = problem.constraints[rows[j] as number] as SideConstraint
    const l = lambda[j] as number
    if (!Number.isInteger(l) || (c.sense === '<=' ? l < 0 : l > 0)) return none
  }
  const a = (j: number, e: number) =>
    coefficientOf(
      (problem.constraints[rows[j] as number] as SideConstraint).scope,
      edges.household[e] as number,
      edges.vacancy[e] as number,
    )
  const adjusted = Float64Array.from(edges.weight)
  rows.forEach((_, j) => {
    const l = lambda[j] as number
    if (l === 0) return
    for (let e = 0; e < E; e++) {
      const x = a(j, e)
      if (x !== 0) adjusted[e] = (adjusted[e] as number) - l * x
    }
  })
  let objective = 0
  for (const e of chosen) objective += edges.weight[e] as number
  // An optimum of the network under w' (not `chosen`, which need not be one): the residual paths
  // start from it. Its row values, its weight under w and w'.
  const adjustedProblem: MatchProblem = { ...problem, edges: { ...edges, weight: adjusted } }
  const net = solveLaminar(adjustedProblem, lam, { topK: DEFAULT_TOP_K, weights: adjusted })
  if (!net.ok) return none
  const start = net.chosen
  const base = rows.map((_, j) => {
    let s = 0
    for (const e of start) s += a(j, e)
    return s
  })
  let startWeight = 0
  let adjustedObjective = 0
  for (const e of start) {
    startWeight += edges.weight[e] as number
    adjustedObjective += adjusted[e] as number
  }
  let lambdaB = 0
  rows.forEach((k, j) => {
    lambdaB += (lambda[j] as number) * (problem.constraints[k] as SideConstraint).rhs
  })
  const paths = networkThresholds(adjustedProblem, lam, start, queries, true)
  if (!paths.edges) return none
  const used = new Uint8Array(E)
  for (const e of start) used[e] = 1
  const value = new Float64Array(rows.length)
  const check = startOf(problem, start)
  // Per crossing row, its cheapest removal cycles (found when first asked for), cheapest first.
  const removals = new Map<number, { cost: number; fewer: number; edges: readonly number[] }[]>()
  const removalsOf = (j: number) => {
    let list = removals.get(j)
    if (list === undefined) {
      list = []
      for (const f of start) {
        if (a(j, f) <= 0) continue
        const r = paths.removal?.(f, (g) => a(j, g))
        if (r !== undefined) list.push({ cost: r.cost, fewer: r.fewer, edges: r.edges })
      }
      list.sort((x, y) => x.cost - y.cost)
      removals.set(j, list)
    }
    return list
  }
  for (let q = 0; q < queries.length; q++) {
    const t = paths.out[q] as number
    if (!Number.isFinite(t)) continue
    const e = queries[q] as number
    // x'_e = start + e + the path's unused edges − its used ones; its rows and its weight without e.
    for (let j = 0; j < rows.length; j++) value[j] = (base[j] as number) + a(j, e)
    let others = startWeight
    const path = paths.edges(q)
    for (const f of path) {
      const sign = used[f] ? -1 : 1
      others += sign * (edges.weight[f] as number)
      for (let j = 0; j < rows.length; j++) value[j] = (value[j] as number) + sign * a(j, f)
    }
    const broken: number[] = []
    let lambdaA = 0
    rows.forEach((k, j) => {
      const c = problem.constraints[k] as SideConstraint
      const v = value[j] as number
      if (c.sense === '<=' ? v > c.rhs + 1e-9 : v < c.rhs - 1e-9) broken.push(j)
      lambdaA += (lambda[j] as number) * a(j, e)
    })
    const lower = objective - (adjustedObjective - t + lambdaB - lambdaA)
    // The threshold lies in [lower, upper] for the upper bound of any feasible answer that holds e
    // (integers here: w' is integral). x'_e meets the lower one exactly when it keeps every row
    // its multiplier prices tight.
    if (broken.length === 0) {
      if (objective - others === lower) out[q] = lower
      continue
    }
    // x'_e counts one placement too many in a `<=` row (a flat of a full district cap forced on a
    // household the cap counts): with a cycle that takes one of the row's placements out at no
    // cost under w', the answer keeps the row and still meets the lower bound. Checked in full.
    if (broken.length !== 1) continue
    const j = broken[0] as number
    const row = problem.constraints[rows[j] as number] as SideConstraint
    if (row.sense !== '<=' || (value[j] as number) > row.rhs + 1 + 1e-9) continue
    for (const r of removalsOf(j)) {
      if (r.cost > 0) {
        const k = rows[j] as number
        const by = Math.ceil(r.cost / r.fewer)
        raise.set(k, Math.min(raise.get(k) ?? by, by))
        break
      }
      const repaired = checkedAnswer(problem, check, e, path, r.edges)
      if (repaired !== undefined && objective - (startWeight + repaired) === lower) {
        out[q] = lower
        break
      }
    }
  }
  return { out, raise }
}

/** What `checkedAnswer` reads of a starting answer: its edges, households, vacancies and row values. */
interface StartAnswer {
  readonly used: Uint8Array
  readonly household: Uint8Array
  readonly vacancy: Uint8Array
  readonly rows: Float64Array
}

function startOf(problem: MatchProblem, start: Int32Array): StartAnswer {
  const { edges } = problem
  const used = new Uint8Array(edges.weight.length)
  const household = new Uint8Array(problem.households)
  const vacancy = new Uint8Array(problem.vacancies)
  const rows = new Float64Array(problem.constraints.length)
  for (const f of start) {
    used[f] = 1
    const h = edges.household[f] as number
    const v = edges.vacancy[f] as number
    household[h] = 1
    vacancy[v] = 1
    problem.constraints.forEach((c, k) => {
      rows[k] = (rows[k] as number) + coefficientOf(c.scope, h, v)
    })
  }
  return { used, household, vacancy, rows }
}

/**
 * The answer start ⊕ path ⊕ cycle with e placed, checked in full (each household and vacancy at
 * most once, every side constraint held): its weight minus start's, e's own left out; undefined
 * when it is no feasible answer that holds e.
 */
function checkedAnswer(
  problem: MatchProblem,
  start: StartAnswer,
  e: number,
  path: readonly number[],
  cycle: readonly number[],
): number | undefined {
  const { edges, constraints } = problem
  const { used } = start
  // Each toggled edge's membership afterwards (an edge on both the path and the cycle toggles back).
  const now = new Map<number, number>()
  for (const f of [...path, ...cycle]) now.set(f, (now.get(f) ?? (used[f] as number)) ^ 1)
  if ((now.get(e) ?? used[e]) === 1) return undefined
  now.set(e, 1)
  const heldH = new Map<number, number>()
  const heldV = new Map<number, number>()
  const rows = Float64Array.from(start.rows)
  let gain = 0
  for (const [f, x] of now) {
    if (x === used[f]) continue
    const sign = x === 1 ? 1 : -1
    if (f !== e) gain += sign * (edges.weight[f] as number)
    const h = edges.household[f] as number
    const v = edges.vacancy[f] as number
    heldH.set(h, (heldH.get(h) ?? 0) + sign)
    heldV.set(v, (heldV.get(v) ?? 0) + sign)
    constraints.forEach((c, k) => {
      rows[k] = (rows[k] as number) + sign * coefficientOf(c.scope, h, v)
    })
  }
  for (const [h, d] of heldH) {
    const n = (start.household[h] as number) + d
    if (n < 0 || n > 1) return undefined
  }
  for (const [v, d] of heldV) {
    const n = (start.vacancy[v] as number) + d
    if (n < 0 || n > 1) return undefined
  }
  for (let k = 0; k < constraints.length; k++) {
    const c = constraints[k] as SideConstraint
    const value = rows[k] as number
    if (c.sense === '<=' ? value > c.rhs + 1e-9 : value < c.rhs - 1e-9) return undefined
  }
  return gain
}

/** The threshold of one edge by a re-solve with the edge forced in. */
export function forcedThreshold(
  problem: MatchProblem,
  objective: number,
  e: number,
  options: EngineOptions = {},
): number {
  const rest = solveForced(problem, problem.edges.household[e] as number, e, options)
  if (rest.status === 'infeasible') return Number.POSITIVE_INFINITY
  if (rest.status !== 'optimal') return Number.NaN
  return objective - rest.objective
}

function networkThresholds(
  problem: MatchProblem,
  lam: LaminarModel,
  chosen: Int32Array,
  queries: Int32Array,
): Float64Array
function networkThresholds(
  problem: MatchProblem,
  lam: LaminarModel,
  chosen: Int32Array,
  queries: Int32Array,
  withPaths: true,
): { out: Float64Array; edges: ((q: number) => number[]) | undefined; removal: Removal | undefined }
function networkThresholds(
  problem: MatchProblem,
  lam: LaminarModel,
  chosen: Int32Array,
  queries: Int32Array,
  withPaths = false,
):
  | Float64Array
  | { out: Float64Array; edges: ((q: number) => number[]) | undefined; removal: Removal | undefined } {
  const { edges } = problem
  const M = lam.vacancies
  const N = lam.households
  const nodes = lam.nodeCount
  const E = edges.weight.length
  const used = new Uint8Array(E)
  for (const e of chosen) used[e] = 1

  // Flow on each node's tree arc: a household carries 1 when placed, a vacancy 1 when unfilled,
  // a group the sum of its children (children before parents: reverse of the top-down order).
  const flow = new Float64Array(nodes)
  const matchedH = new Uint8Array(N)
  const filledV = new Uint8Array(M)
  for (const e of chosen) {
    matchedH[edges.household[e] as number] = 1
    filledV[edges.vacancy[e] as number] = 1
  }
  for (let h = 0; h < N; h++) flow[M + h] = matchedH[h] as number
  for (let v = 0; v < M; v++) flow[v] = filledV[v] ? 0 : 1
  for (let x = 0; x < M + N; x++) {
    const p = lam.parent[x] as number
    if (p !== lam.z) flow[p] = (flow[p] as number) + (flow[x] as number)
  }
  for (let i = lam.topDown.length - 1; i >= 0; i--) {
    const g = lam.topDown[i] as number
    const p = lam.parent[g] as number
    if (p !== lam.z) flow[p] = (flow[p] as number) + (flow[g] as number)
  }

  // Residual arcs in compressed rows (CSR) built in two passes over typed arrays: edges run
  // vacancy → household (supply meets demand), costs −w on unused edges and +w on used ones, 0 on
  // tree arcs with room. (Three plain arrays pushed once per edge took about a second at
  // 5,000 × 1,000, most of the thresholds' time.)
  const up = new Uint8Array(nodes)
  const down = new Uint8Array(nodes)
  const start = new Int32Array(nodes + 1)
  for (let e = 0; e < E; e++) {
    const a = used[e] ? M + (edges.household[e] as number) : (edges.vacancy[e] as number)
    start[a + 1] = (start[a + 1] as number) + 1
  }
  for (let x = 0; x < nodes; x++) {
    const p = lam.parent[x] as number
    if (p < 0) continue
    const f = flow[x] as number
    if (f < (lam.cap[x] as number)) {
      up[x] = 1
      start[x + 1] = (start[x + 1] as number) + 1
    }
    if (f > (lam.lower[x] as number)) {
      down[x] = 1
      start[p + 1] = (start[p + 1] as number) + 1
    }
  }
  for (let x = 0; x < nodes; x++) start[x + 1] = (start[x + 1] as number) + (start[x] as number)
  const arcs = start[nodes] as number
  const head = new Int32Array(arcs)
  const weightOf = new Float64Array(arcs)
  // With paths: each arc's tail and its edge (−1 for a tree arc).
  const tail = withPaths ? new Int32Array(arcs) : undefined
  const arcEdge = withPaths ? new Int32Array(arcs).fill(-1) : undefined
  const fill = start.slice(0, nodes)
  const arc = (a: number, b: number, c: number, e = -1) => {
    const k = fill[a] as number
    head[k] = b
    weightOf[k] = c
    fill[a] = k + 1
    if (tail && arcEdge) {
      tail[k] = a
      arcEdge[k] = e
    }
  }
  for (let e = 0; e < E; e++) {
    const v = edges.vacancy[e] as number
    const hx = M + (edges.household[e] as number)
    const w = edges.weight[e] as number
    if (used[e]) arc(hx, v, w, e)
    else arc(v, hx, -w, e)
  }
  for (let x = 0; x < nodes; x++) {
    const p = lam.parent[x] as number
    if (up[x]) arc(x, p, 0)
    if (down[x]) arc(p, x, 0)
  }

  const out = new Float64Array(queries.length)
  // One search per distinct start: an unmatched household's only residual arc leads to its group,
  // at no cost, so all unmatched households of a group share one.
  const distFrom = new Map<number, Float64Array>()
  const predFrom = new Map<number, Int32Array>()
  const sourceOf = new Int32Array(queries.length)
  let cycle = false
  for (let q = 0; q < queries.length; q++) {
    const e = queries[q] as number
    const h = edges.household[e] as number
    const source = matchedH[h] ? M + h : (lam.parent[M + h] as number)
    sourceOf[q] = source
    let dist = distFrom.get(source)
    if (dist === undefined) {
      const pred = withPaths ? new Int32Array(nodes).fill(-1) : undefined
      dist = shortestFrom(source, nodes, start, head, weightOf, pred)
      distFrom.set(source, dist)
      if (pred) predFrom.set(source, pred)
      if (Number.isNaN(dist[source] as number)) cycle = true
    }
    out[q] = dist[edges.vacancy[e] as number] as number
  }
  if (!withPaths) return out
  if (cycle || !tail || !arcEdge) return { out, edges: undefined, removal: undefined }
  /** The edges on the cheapest path from `source` to `target` (its search's `pred`), last first. */
  const walk = (source: number, target: number, pred: Int32Array): number[] => {
    const found: number[] = []
    let x = target
    for (let steps = 0; x !== source && steps <= nodes; steps++) {
      const k = pred[x] as number
      if (k < 0) break
      if ((arcEdge[k] as number) >= 0) found.push(arcEdge[k] as number)
      x = tail[k] as number
    }
    return found
  }
  /** The edges on query q's cheapest path, from its household's start to its vacancy. */
  const pathEdges = (q: number): number[] => {
    const source = sourceOf[q] as number
    return walk(source, edges.vacancy[queries[q] as number] as number, predFrom.get(source) as Int32Array)
  }
  const removal: Removal = (f, counts) => {
    // Layers −2..1: how many of the row's placements the walk has added so far (taking f out: −1).
    const shift = new Int8Array(arcs)
    for (let k = 0; k < arcs; k++) {
      const g = arcEdge[k] as number
      if (g < 0) continue
      const c = counts(g)
      if (c !== 0 && c !== 1) return undefined
      shift[k] = used[g] ? -c : c
    }
    const v = edges.vacancy[f] as number
    const hx = M + (edges.household[f] as number)
    const found = layeredFrom(v, 1, nodes, start, head, weightOf, shift)
    if (found === undefined) return undefined
    const { dist, pred } = found
    // The cheapest return to f's household with at least one placement of the row fewer.
    let layer = -1
    for (const l of [0, 1]) {
      const d = dist[l * nodes + hx] as number
      if (Number.isFinite(d) && (layer === -1 || d < (dist[layer * nodes + hx] as number))) layer = l
    }
    if (layer === -1) return undefined
    const cycle = [f]
    let x = hx
    let l = layer
    for (let steps = 0; !(x === v && l === 1) && steps <= 4 * nodes; steps++) {
      const k = pred[l * nodes + x] as number
      if (k < 0) return undefined
      if ((arcEdge[k] as number) >= 0) cycle.push(arcEdge[k] as number)
      l -= shift[k] as number
      x = tail[k] as number
    }
    return {
      cost: (edges.weight[f] as number) + (dist[layer * nodes + hx] as number),
      fewer: 2 - layer,
      edges: cycle,
    }
  }
  return { out, edges: pathEdges, removal }
}

/**
 * For an edge f the flow uses and a row's 0/1 coefficient per edge: the cheapest residual cycle
 * that takes f out and leaves the row at least one placement lower (f's household to f's vacancy
 * along f, then the cheapest way back that adds no more of the row's placements than it takes
 * out), its cost, how many of the row's placements fewer (1 or 2) and its edges (f first);
 * undefined when there is none.
 */
type Removal = (
  f: number,
  counts: (e: number) => number,
) => { readonly cost: number; readonly fewer: number; readonly edges: readonly number[] } | undefined

/**
 * Bellman–Ford over four copies of the residual network, one per count −2..1 of a row's
 * placements added along the walk (arc k moves `shift[k]` copies up). A closed walk in it is a
 * closed walk of the network, so it has no negative cycle when the network has none; should it,
 * undefined.
 */
function layeredFrom(
  source: number,
  sourceLayer: number,
  nodes: number,
  start: Int32Array,
  head: Int32Array,
  weightOf: Float64Array,
  shift: Int8Array,
): { dist: Float64Array; pred: Int32Array } | undefined {
  const L = 4
  const size = L * nodes
  const dist = new Float64Array(size).fill(Number.POSITIVE_INFINITY)
  const pred = new Int32Array(size).fill(-1)
  const queued = new Uint8Array(size)
  const times = new Int32Array(size)
  const queue = new Int32Array(size + 1)
  let qh = 0
  let qt = 0
  const s = sourceLayer * nodes + source
  dist[s] = 0
  queue[qt++] = s
  queued[s] = 1
  while (qh !== qt) {
    const at = queue[qh] as number
    qh = qh === size ? 0 : qh + 1
    queued[at] = 0
    const layer = Math.floor(at / nodes)
    const x = at - layer * nodes
    const dx = dist[at] as number
    for (let k = start[x] as number; k < (start[x + 1] as number); k++) {
      const l = layer + (shift[k] as number)
      if (l < 0 || l >= L) continue
      const to = l * nodes + (head[k] as number)
      const d = dx + (weightOf[k] as number)
      if (d < (dist[to] as number)) {
        dist[to] = d
        pred[to] = k
        if (!queued[to]) {
          times[to] = (times[to] as number) + 1
          if ((times[to] as number) > size) return undefined
          queued[to] = 1
          queue[qt] = to
          qt = qt === size ? 0 : qt + 1
        }
      }
    }
  }
  return { dist, pred }
}

/**
 * Bellman–Ford with a FIFO queue: the residual network of an optimal flow has
 * negative arcs but no negative cycle. Should `chosen` not be optimal after
 * all, a node is queued more often than there are nodes; the search then
 * stops and answers NaN everywhere (not computed) instead of looping.
 */
function shortestFrom(
  source: number,
  nodes: number,
  start: Int32Array,
  head: Int32Array,
  weightOf: Float64Array,
  /** When given, the arc each node was last reached by (−1: not reached). */
  pred?: Int32Array,
): Float64Array {
  const dist = new Float64Array(nodes).fill(Number.POSITIVE_INFINITY)
  const queued = new Uint8Array(nodes)
  const queue = new Int32Array(nodes + 1)
  const times = new Int32Array(nodes)
  let qh = 0
  let qt = 0
  dist[source] = 0
  queue[qt++] = source
  queued[source] = 1
  while (qh !== qt) {
    const x = queue[qh] as number
    qh = qh === nodes ? 0 : qh + 1
    queued[x] = 0
    const dx = dist[x] as number
    for (let k = start[x] as number; k < (start[x + 1] as number); k++) {
      const y = head[k] as number
      const d = dx + (weightOf[k] as number)
      if (d < (dist[y] as number)) {
        dist[y] = d
        if (pred) pred[y] = k
        if (!queued[y]) {
          times[y] = (times[y] as number) + 1
          if ((times[y] as number) > nodes) return dist.fill(Number.NaN)
          queued[y] = 1
          queue[qt] = y
          qt = qt === nodes ? 0 : qt + 1
        }
      }
    }
  }
  return dist
}
