import { classify, type LaminarModel } from './flow/laminar.ts'
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
 * shifted by its coefficients, up to `maxSolves` re-solves (in the order given).
 */
export function entryThresholds(
  problem: MatchProblem,
  chosen: Int32Array,
  queries: Int32Array,
  options: EngineOptions & { readonly maxSolves?: number } = {},
): Float64Array {
  const out = new Float64Array(queries.length).fill(Number.NaN)
  if (queries.length === 0) return out
  const cls = classify(problem)
  if (cls.ok && cls.model.crossing.length === 0) return networkThresholds(problem, cls.model, chosen, queries)
  const maxSolves = options.maxSolves ?? Number.POSITIVE_INFINITY
  let objective = 0
  for (const e of chosen) objective += problem.edges.weight[e] as number
  for (let q = 0; q < queries.length && q < maxSolves; q++) {
    out[q] = forcedThreshold(problem, objective, queries[q] as number, options)
  }
  return out
}

/** The threshold of one edge by a re-solve with the edge forced in. */
export function forcedThreshold(
  problem: MatchProblem,
  objective: number,
  e: number,
  options: EngineOptions = {},
): number {
  const { edges } = problem
  const h = edges.household[e] as number
  const v = edges.vacancy[e] as number
  const keep: number[] = []
  for (let f = 0; f < edges.weight.length; f++) {
    if (edges.household[f] !== h && edges.vacancy[f] !== v) keep.push(f)
  }
  const constraints: SideConstraint[] = problem.constraints.map((c) => {
    const a = coefficientOf(c.scope, h, v)
    return a === 0 ? c : { ...c, rhs: c.rhs - a }
  })
  const rest = solveMatch(
    {
      ...problem,
      edges: {
        household: Int32Array.from(keep, (f) => edges.household[f] as number),
        vacancy: Int32Array.from(keep, (f) => edges.vacancy[f] as number),
        weight: Float64Array.from(keep, (f) => edges.weight[f] as number),
      },
      constraints,
    },
    options,
  )
  if (rest.status === 'infeasible') return Number.POSITIVE_INFINITY
  if (rest.status !== 'optimal') return Number.NaN
  return objective - rest.objective
}

function networkThresholds(
  problem: MatchProblem,
  lam: LaminarModel,
  chosen: Int32Array,
  queries: Int32Array,
): Float64Array {
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
  const fill = start.slice(0, nodes)
  const arc = (a: number, b: number, c: number) => {
    const k = fill[a] as number
    head[k] = b
    weightOf[k] = c
    fill[a] = k + 1
  }
  for (let e = 0; e < E; e++) {
    const v = edges.vacancy[e] as number
    const hx = M + (edges.household[e] as number)
    const w = edges.weight[e] as number
    if (used[e]) arc(hx, v, w)
    else arc(v, hx, -w)
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
  for (let q = 0; q < queries.length; q++) {
    const e = queries[q] as number
    const h = edges.household[e] as number
    const source = matchedH[h] ? M + h : (lam.parent[M + h] as number)
    let dist = distFrom.get(source)
    if (dist === undefined) {
      dist = shortestFrom(source, nodes, start, head, weightOf)
      distFrom.set(source, dist)
    }
    out[q] = dist[edges.vacancy[e] as number] as number
  }
  return out
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
