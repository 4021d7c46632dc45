import type { LaminarModel } from './laminar.ts'

/**
 * Min-cost flow on the laminar network (laminar.ts, network.ts) by cost
 * scaling: Goldberg's push-relabel refine with global price updates and arc
 * fixing, ε divided by 8 per phase down to ε = 1 on costs scaled by a power
 * of two above the node count, which makes the flow optimal for the unscaled
 * integer costs. Exact potentials for the unscaled costs are then recovered
 * by a label-correcting pass.
 *
 * Why beside the shortest-path engine: successive shortest paths route one
 * unit per search, and on rounds where weights rank households much the same
 * at every vacancy each search crosses a plateau of placed households (see
 * docs/solver.md §6). Push-relabel moves all units at once with local
 * operations, so a plateau costs a relabel per node instead of a search per
 * unit.
 *
 * The same network as network.ts: vacancy → household arcs with cost −w'_e
 * (capacity 1 here; a feasible flow never carries more, because a household
 * passes at most one unit to its group), and tree arcs node → parent with
 * bounds lower..cap and cost 0. Supplies: each vacancy +1, Z absorbs.
 * Potentials use the same sign as network.ts: the reduced cost of arc a → b
 * is c(a, b) + π(a) − π(b), and the result satisfies c_π ≥ 0 on every
 * residual arc of the uncapacitated-edge network, so `FlowNetwork.adopt` can
 * take it as a solved state.
 *
 * Only for integer weights (no Lagrangian offsets): the scaled costs and
 * potentials must stay exact in a double. When they would not, or a refine
 * shows the problem infeasible, the solve reports so and the caller falls
 * back to the shortest-path engine, which diagnoses infeasibility.
 */

export type CostScalingOutcome =
  | {
      readonly ok: true
      /** Exact potentials, network.ts convention. */
      readonly pi: Float64Array
      /** Flow on each node's tree arc (node → parent). */
      readonly flow: Float64Array
      readonly mateV: Int32Array
      readonly mateH: Int32Array
      readonly stats: Record<string, number>
    }
  | {
      readonly ok: false
      readonly reason: 'infeasible' | 'precision'
      readonly stats: Record<string, number>
    }

/**
 * Scaled costs and potentials stay below these magnitudes, so every sum the
 * refine forms is an exact integer in a double (|c| + |π(a) − π(b)| ≤ 2^53).
 */
const COST_CLAMP = 2 ** 52
const PRICE_LIMIT = 2 ** 51
/** A stage starts at ε ≤ this, leaving prices room to move 8ε before PRICE_LIMIT. */
const START_EPS_LIMIT = 2 ** 48

/**
 * The edges of the network grouped by vacancy: vacancy v's edges occupy
 * slots start[v] .. start[v + 1], ordered by household then edge index, so
 * that the solve depends on who is joined to whom, never on the order the
 * edges were listed in. FlowNetwork keeps its active edges in this form.
 */
export interface EdgeLayout {
  readonly start: Int32Array
  /** Edge index of each slot. */
  readonly edge: Int32Array
  /** Household node of each slot: vacancies + household index. */
  readonly node: Int32Array
  /** Cost of each slot: −w'_e, an integer. */
  readonly cost: Float64Array
}

export interface CostScalingInput {
  readonly lam: LaminarModel
  readonly layout: EdgeLayout
}

/** ε is divided by this between refines (4 and 16 were slower on a national edge set; 32 no faster on its subsample). */
const SCALE_FACTOR = 8

const floorPow2 = (x: number): number => 2 ** Math.floor(Math.log2(x))

/**
 * Solves in stages. A stage works on the reduced costs c'(a, b) = c(a, b) +
 * P(a) − P(b) under integer potentials P (exact integers), scaled by a power
 * of two α, with refines from ε0 ≥ the largest violation down to ε = 1. If α
 * exceeds the node count, the stage's flow is optimal; otherwise P absorbs
 * the stage's prices and the next stage, whose violations are now at most 2,
 * can afford a large α. Arcs whose scaled reduced cost lies beyond ±2^52 are
 * clamped there: with prices held inside ±2^51 such an arc can never become
 * admissible, and a relabel through one would break the price bound, which
 * ends the solve with 'precision'.
 */
export function solveCostScaling(input: CostScalingInput): CostScalingOutcome {
  const { lam, layout } = input
  const M = lam.vacancies
  const N = lam.households
  const n = lam.nodeCount
  const z = lam.z
  const { parent, lower, cap } = lam
  const E = layout.edge.length
  const stats: Record<string, number> = {
    stages: 0,
    phases: 0,
    pushes: 0,
    relabels: 0,
    priceUpdates: 0,
    corrections: 0,
    /** Stages whose scale was too small to end optimal (weights too large for α > n at once). */
    coarseStages: 0,
  }
  let exactAlpha = 1
  while (exactAlpha <= n) exactAlpha *= 2

  // CSR of arcs, each paired with its reverse.
  const degree = new Int32Array(n + 1)
  const count = (x: number) => {
    degree[x] = (degree[x] as number) + 1
  }
  for (let v = 0; v < M; v++) degree[v] = (layout.start[v + 1] as number) - (layout.start[v] as number)
  for (let i = 0; i < E; i++) count(layout.node[i] as number)
  for (let x = 0; x < z; x++) {
    count(x)
    count(parent[x] as number)
  }
  const first = new Int32Array(n + 1)
  for (let x = 0; x < n; x++) first[x + 1] = (first[x] as number) + (degree[x] as number)
  const A = first[n] as number
  const head = new Int32Array(A)
  /** Unscaled integer cost of each arc. */
  const base = new Float64Array(A)
  /** The current stage's scaled reduced cost. */
  const cost = new Float64Array(A)
  // Capacities and flows are counts (at most M + N + 1), so 32-bit integers:
  // half the memory traffic of doubles on the hottest arrays.
  const res = new Int32Array(A)
  /** res of an arc plus res of its reverse: constant, so either side can read the other's. */
  const pairCap = new Int32Array(A)
  const rev = new Int32Array(A)
  /** Edge index of each edge arc (forward and reverse), -1 on tree arcs. */
  const arcEdge = new Int32Array(A)
  const fill = first.slice(0, n)
  const addPair = (a: number, b: number, c: number, capacity: number, e: number): number => {
    const i = fill[a] as number
    fill[a] = i + 1
    const j = fill[b] as number
    fill[b] = j + 1
    head[i] = b
    base[i] = c
    res[i] = capacity
    pairCap[i] = capacity
    pairCap[j] = capacity
    rev[i] = j
    arcEdge[i] = e
    head[j] = a
    base[j] = -c
    res[j] = 0
    rev[j] = i
    arcEdge[j] = e
    return i
  }
  for (let v = 0; v < M; v++) {
    for (let i = layout.start[v] as number; i < (layout.start[v + 1] as number); i++) {
      const c = layout.cost[i] as number
      if (!Number.isInteger(c) || Math.abs(c) > 2 ** 45) return { ok: false, reason: 'precision', stats }
      addPair(v, layout.node[i] as number, c, 1, layout.edge[i] as number)
    }
  }
  const excess = new Int32Array(n)
  const big = M + N + 1
  for (let x = 0; x < z; x++) {
    const l = lower[x] as number
    const c = cap[x] as number
    // A tree arc never carries more than max(M, N) < big, so a larger cap
    // (or none) is big: exact, and it keeps every capacity inside 32 bits.
    const room = Math.min(big, c - l)
    addPair(x, parent[x] as number, 0, room, -1)
    if (l > 0) {
      excess[x] = (excess[x] as number) - l
      excess[parent[x] as number] = (excess[parent[x] as number] as number) + l
    }
  }
  for (let v = 0; v < M; v++) excess[v] = (excess[v] as number) + 1
  excess[z] = (excess[z] as number) - M
  /** Integer potentials absorbed from finished stages (unscaled). */
  const P = new Float64Array(n)
  /** The current stage's scaled prices, relative to P. */
  const pi = new Float64Array(n)
  let eps = 1

  const current = new Int32Array(n)
  // One FIFO of nodes (each at most once) for the refine and the label correcting.
  const queue = new Int32Array(n)
  const queued = new Uint8Array(n)
  let qHead = 0
  let qSize = 0
  const enqueue = (x: number) => {
    queued[x] = 1
    let i = qHead + qSize
    if (i >= n) i -= n
    queue[i] = x
    qSize++
  }
  const dequeue = (): number => {
    const x = queue[qHead] as number
    qHead++
    if (qHead === n) qHead = 0
    qSize--
    queued[x] = 0
    return x
  }
  const dist = new Int32Array(n)
  const bucketHead = new Int32Array(n + 1)
  const next = new Int32Array(n)
  const prev = new Int32Array(n)
  const scanned = new Uint8Array(n)

  /**
   * Global price update (Goldberg's set-relabel): d(x) = fewest ε-steps from
   * x to a deficit along residual arcs, arc length ⌊c_π/ε⌋ + 1 (≥ 0 under
   * ε-optimality); π(x) −= ε·d(x). Keeps ε-optimality and makes every active
   * node's path to a deficit admissible. 'infeasible' when some excess
   * cannot reach any deficit.
   */
  const priceUpdate = (): 'ok' | 'infeasible' | 'precision' => {
    stats.priceUpdates = (stats.priceUpdates as number) + 1
    const INF = 0x3fffffff
    dist.fill(INF)
    bucketHead.fill(-1)
    scanned.fill(0)
    const maxBucket = n
    const insert = (x: number, d: number) => {
      const b = Math.min(d, maxBucket)
      dist[x] = b
      const h = bucketHead[b] as number
      next[x] = h
      prev[x] = -1
      if (h >= 0) prev[h] = x
      bucketHead[b] = x
    }
    const remove = (x: number) => {
      const d = dist[x] as number
      const p = prev[x] as number
      const q = next[x] as number
      if (p >= 0) next[p] = q
      else bucketHead[d] = q
      if (q >= 0) prev[q] = p
    }
    let activeLeft = 0
    for (let x = 0; x < n; x++) {
      const ex = excess[x] as number
      if (ex < 0) insert(x, 0)
      else if (ex > 0) activeLeft++
    }
    let reachedMax = 0
    for (let d = 0; d <= maxBucket && activeLeft > 0; d++) {
      while (activeLeft > 0) {
        const y = bucketHead[d] as number
        if (y < 0) break
        const q = next[y] as number
        bucketHead[d] = q
        if (q >= 0) prev[q] = -1
        scanned[y] = 1
        reachedMax = d
        if ((excess[y] as number) > 0) activeLeft--
        const py = pi[y] as number
        // Arcs x → y residual: the reverse of y's arc a is x → y.
        // (Its residual capacity and cost are read from a's side: pairCap − res, −cost.)
        for (let a = first[y] as number; a < (live[y] as number); a++) {
          const ra = res[a] as number
          if ((pairCap[a] as number) - ra <= 0) continue
          const x = head[a] as number
          if (scanned[x]) continue
          const r = (pi[x] as number) - (cost[a] as number) - py
          const nd = Math.min(maxBucket, d + Math.floor(r / eps) + 1)
          const dx = dist[x] as number
          if (nd < dx) {
            if (dx !== INF) remove(x)
            insert(x, nd)
          }
        }
      }
    }
    if (activeLeft > 0) return 'infeasible'
    // Nodes not scanned are at least reachedMax away; giving them exactly
    // that keeps every residual arc at c_π ≥ −ε.
    for (let x = 0; x < n; x++) {
      const d = scanned[x] ? (dist[x] as number) : reachedMax
      if (d > 0) pi[x] = (pi[x] as number) - eps * d
      if ((pi[x] as number) < -PRICE_LIMIT) return 'precision'
    }
    return 'ok'
  }

  /** End of each node's live arcs; arcs after it are fixed for the rest of the stage. */
  const live = first.slice(1)
  const fixFactor = 2 * n
  const swap32 = (array: Int32Array, i: number, j: number) => {
    const t = array[i] as number
    array[i] = array[j] as number
    array[j] = t
  }
  const swap64 = (array: Float64Array, i: number, j: number) => {
    const t = array[i] as number
    array[i] = array[j] as number
    array[j] = t
  }
  /** Swaps two arcs of one node, keeping their reverse arcs pointing at them. */
  const swapArcs = (i: number, j: number) => {
    if (i === j) return
    swap32(head, i, j)
    swap64(base, i, j)
    swap64(cost, i, j)
    swap32(res, i, j)
    swap32(pairCap, i, j)
    swap32(arcEdge, i, j)
    swap32(rev, i, j)
    rev[rev[i] as number] = i
    rev[rev[j] as number] = j
  }
  /**
   * Arc fixing (Goldberg and Tarjan): an arc whose reduced cost is at least
   * 2nε in absolute value never changes its flow again in this stage, so it
   * leaves the live part of its node's list. The final checks still read
   * every arc.
   */
  const fixArcs = (threshold: number) => {
    for (let x = 0; x < n; x++) {
      const px = pi[x] as number
      let end = live[x] as number
      for (let a = first[x] as number; a < end; ) {
        const r = (cost[a] as number) + px - (pi[head[a] as number] as number)
        if (r >= threshold || r <= -threshold) {
          end--
          swapArcs(a, end)
        } else a++
      }
      live[x] = end
    }
  }

  type RefineEnd = 'done' | 'infeasible' | 'precision'
  /** `fromFlow`: the phase starts from the previous phase's flow (2ε-optimal), which arc fixing needs. */
  const refine = (fromFlow: boolean, prevEps: number): RefineEnd => {
    stats.phases = (stats.phases as number) + 1
    // Make the flow 0-optimal for π: saturate every residual arc with c_π < 0.
    for (let x = 0; x < n; x++) {
      const px = pi[x] as number
      for (let a = first[x] as number; a < (live[x] as number); a++) {
        const r = res[a] as number
        if (r <= 0) continue
        const y = head[a] as number
        if ((cost[a] as number) + px - (pi[y] as number) < 0) {
          res[a] = 0
          res[rev[a] as number] = (res[rev[a] as number] as number) + r
          excess[x] = (excess[x] as number) - r
          excess[y] = (excess[y] as number) + r
        }
      }
    }
    // The flow from the previous phase is ε_prev-optimal, ε_prev = the previous ε.
    if (fromFlow) fixArcs(fixFactor * prevEps)
    qHead = 0
    qSize = 0
    for (let x = 0; x < n; x++) {
      current[x] = first[x] as number
      if ((excess[x] as number) > 0) enqueue(x)
    }
    if (qSize === 0) return 'done'
    let relabelsSinceUpdate = 0
    let pushes = 0
    let relabels = 0
    const flush = () => {
      stats.pushes = (stats.pushes as number) + pushes
      stats.relabels = (stats.relabels as number) + relabels
      pushes = 0
      relabels = 0
    }
    // A global price update after every n relabels (every n/4 or 4n was slower).
    const updateEvery = n
    while (qSize > 0) {
      const x = dequeue()
      let ex = excess[x] as number
      if (ex <= 0) continue
      let px = pi[x] as number
      let a = current[x] as number
      const end = live[x] as number
      while (ex > 0) {
        if (a === end) {
          // Relabel: the highest price at which some residual arc is
          // admissible and every residual arc keeps c_π ≥ −ε.
          let best = Number.NEGATIVE_INFINITY
          let second = Number.NEGATIVE_INFINITY
          let bestArc = -1
          for (let b = first[x] as number; b < end; b++) {
            if ((res[b] as number) <= 0) continue
            const cand = (pi[head[b] as number] as number) - (cost[b] as number)
            if (cand > best) {
              second = best
              best = cand
              bestArc = b
            } else if (cand > second) second = cand
          }
          if (bestArc < 0) {
            excess[x] = ex
            flush()
            return 'infeasible'
          }
          // When the whole excess fits the best arc exactly, the push saturates
          // it, so the price may drop to the second best's level (less ε):
          // the remaining residual arcs still keep c_π ≥ −ε. This is the
          // bid of an auction (best − second + ε), which ends a price war
          // between two nodes in one step instead of (best − second)/ε.
          // (Any price between second − ε and best − ε is valid, so the bid
          // falls back to best − ε rather than leave the exact range.)
          px = (res[bestArc] as number) === ex && second - eps >= -PRICE_LIMIT ? second - eps : best - eps
          if (px < -PRICE_LIMIT) {
            excess[x] = ex
            flush()
            return 'precision'
          }
          pi[x] = px
          relabels++
          a = bestArc
          relabelsSinceUpdate++
          continue
        }
        const r = res[a] as number
        if (r > 0) {
          const y = head[a] as number
          if ((cost[a] as number) + px - (pi[y] as number) < 0) {
            const delta = Math.min(r, ex)
            res[a] = r - delta
            const b = rev[a] as number
            res[b] = (res[b] as number) + delta
            ex -= delta
            const ey = excess[y] as number
            excess[y] = ey + delta
            pushes++
            if (ey + delta > 0 && !queued[y]) enqueue(y)
            if (ex === 0) break
          }
        }
        a++
      }
      excess[x] = ex
      current[x] = a
      if (relabelsSinceUpdate >= updateEvery) {
        relabelsSinceUpdate = 0
        const update = priceUpdate()
        if (update !== 'ok') {
          flush()
          return update
        }
        for (let y = 0; y < n; y++) current[y] = first[y] as number
      }
    }
    flush()
    return 'done'
  }

  /** Largest violation −(c + P(a) − P(b)) over residual arcs (0 when P is optimal for the flow). */
  const worstViolation = (uncapacitatedEdges: boolean): number => {
    let worst = 0
    for (let x = 0; x < n; x++) {
      const px = P[x] as number
      const free = uncapacitatedEdges && x < M
      for (let a = first[x] as number; a < (first[x + 1] as number); a++) {
        if ((res[a] as number) <= 0 && !(free && (arcEdge[a] as number) >= 0)) continue
        const r = (base[a] as number) + px - (P[head[a] as number] as number)
        if (-r > worst) worst = -r
      }
    }
    return worst
  }

  /**
   * Exact potentials for an optimal flow: correct labels until every
   * residual arc of the uncapacitated-edge network has c + P(a) − P(b) ≥ 0.
   * False when the corrections run past a budget: the flow may not be
   * optimal (a negative cycle never settles), or the labels simply need
   * more corrections than the budget allows; either way the caller falls
   * back to shortest paths rather than wait.
   */
  const exactify = (): boolean => {
    qHead = 0
    qSize = 0
    for (let x = 0; x < n; x++) enqueue(x)
    let corrections = 0
    const budget = 4 * A + 4 * n
    while (qSize > 0) {
      const x = dequeue()
      const px = P[x] as number
      const free = x < M
      for (let a = first[x] as number; a < (first[x + 1] as number); a++) {
        if ((res[a] as number) <= 0 && !(free && (arcEdge[a] as number) >= 0)) continue
        const y = head[a] as number
        const label = px + (base[a] as number)
        if (label < (P[y] as number)) {
          P[y] = label
          if (++corrections > budget) {
            stats.corrections = (stats.corrections as number) + corrections
            queued.fill(0)
            return false
          }
          if (!queued[y]) enqueue(y)
        }
      }
    }
    stats.corrections = (stats.corrections as number) + corrections
    return true
  }

  for (let stage = 0; ; stage++) {
    const violation = worstViolation(false)
    if (violation === 0 && excess.every((x) => x === 0)) {
      // 0-optimal: the flow is optimal; only the uncapacitated edges remain to price.
      if (!exactify()) return { ok: false, reason: 'precision', stats }
      break
    }
    if (stage >= 6) return { ok: false, reason: 'precision', stats }
    stats.stages = stage + 1
    const alpha = Math.min(exactAlpha, floorPow2(START_EPS_LIMIT / Math.max(1, violation)))
    if (alpha < exactAlpha) stats.coarseStages = (stats.coarseStages as number) + 1
    for (let a = 0; a < A; a++) {
      const x = head[rev[a] as number] as number
      const c = ((base[a] as number) + (P[x] as number) - (P[head[a] as number] as number)) * alpha
      cost[a] = Math.max(-COST_CLAMP, Math.min(COST_CLAMP, c))
    }
    pi.fill(0)
    live.set(first.subarray(1))
    eps = 1
    while (eps < violation * alpha && eps < START_EPS_LIMIT) eps *= 2
    let phaseInStage = 0
    let prevEps = eps
    for (;;) {
      const end = refine(phaseInStage > 0, prevEps)
      phaseInStage++
      prevEps = eps
      if (end !== 'done') return { ok: false, reason: end, stats }
      if (eps <= 1) break
      eps = Math.max(1, Math.floor(eps / SCALE_FACTOR))
    }
    // P absorbs the stage's prices; ⌊π/α⌋ loses less than 1 per node.
    for (let x = 0; x < n; x++) P[x] = (P[x] as number) + Math.floor((pi[x] as number) / alpha)
    if (alpha >= exactAlpha) {
      // 1-optimal at α > n: the flow is optimal.
      if (!exactify()) return { ok: false, reason: 'precision', stats }
      break
    }
  }
  if (worstViolation(true) !== 0) return { ok: false, reason: 'precision', stats }

  const flow = new Float64Array(n)
  for (let x = 0; x < z; x++) {
    // Arc positions moved while fixing: find x's own tree arc again.
    let room = 0
    const p = parent[x] as number
    for (let a = first[x] as number; a < (first[x + 1] as number); a++) {
      if (arcEdge[a] === -1 && head[a] === p) {
        room = res[a] as number
        break
      }
    }
    const c = cap[x] as number
    const capacity = Math.min(big, c - (lower[x] as number))
    flow[x] = (lower[x] as number) + capacity - room
  }
  const mateV = new Int32Array(M).fill(-1)
  const mateH = new Int32Array(N).fill(-1)
  for (let v = 0; v < M; v++) {
    for (let a = first[v] as number; a < (first[v + 1] as number); a++) {
      const e = arcEdge[a] as number
      if (e >= 0 && (res[a] as number) === 0) {
        mateV[v] = e
        mateH[(head[a] as number) - M] = e
      }
    }
  }
  return { ok: true, pi: P, flow, mateV, mateH, stats }
}
