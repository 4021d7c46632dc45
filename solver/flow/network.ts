import { ChildHeaps, Cursor } from './child-heaps.ts'
import type { EdgeLayout } from './cost-scaling.ts'
import { MinHeap } from './heap.ts'
import type { LaminarModel } from './laminar.ts'

/**
 * Min-cost flow on the network a laminar match problem defines (see
 * laminar.ts for the nodes), solved by successive shortest paths on a
 * pseudoflow with node potentials.
 *
 * Arcs and costs:
 *   vacancy v → household h   one per active edge, cost −w'_e, capacity ∞
 *                             (v supplies only one unit, so ∞ is never used; it
 *                             keeps a forward residual arc on every edge, which
 *                             forces the reduced cost of a chosen edge to 0)
 *   node → parent[node]       tree arcs, cost 0, bounds lower[node]..cap[node]
 * Supplies: every vacancy +1; Z absorbs whatever arrives. Lower bounds are
 * pre-pushed at the start (flow = lower), which leaves an excess at the
 * arc's head and a deficit at its tail.
 *
 * Invariant between searches (reduced-cost optimality of the pseudoflow):
 *   every residual arc a → b has c_π(a, b) = c(a, b) + π(a) − π(b) ≥ 0.
 * It holds after `initialise` (π(v) = max(0, max w' at v), π(h) = least reduced
 * cost of its edges, 0 elsewhere)
 * and each augmentation along a shortest path keeps it, with the early-exit
 * update π(x) −= D − d(x) for the nodes settled closer than the target.
 * When no excess is left the pseudoflow is a flow, and the invariant is the
 * LP optimality condition that `duals.ts` turns into a certificate.
 *
 * With integer weights every distance and potential is an integer sum, so
 * comparisons are exact. With fractional weights (Lagrangian multipliers),
 * reduced costs are clamped at 0, which can cost at most rounding error.
 */

const EDGE_FWD = 1
const EDGE_REV = 2
const TREE_UP = 3
const TREE_DOWN = 4

export interface FlowStats {
  searches: number
  pops: number
  augmentations: number
}

export type RunOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly conflicting: readonly number[] }

export class FlowNetwork {
  readonly lam: LaminarModel
  private readonly M: number
  private readonly base: number
  private readonly z: number
  private readonly edgeH: Int32Array
  private readonly edgeV: Int32Array
  private readonly weight: Float64Array
  private readonly offH: Float64Array
  private readonly offV: Float64Array

  /** Active edges, CSR by vacancy (households ascending within a vacancy). */
  private active: Int32Array = new Int32Array(0)
  private vStart: Int32Array
  private vEdge: Int32Array = new Int32Array(0)
  private vNode: Int32Array = new Int32Array(0)
  private vCost: Float64Array = new Float64Array(0)
  /** The same edges by household, built when a reverse search first needs it. */
  private hStart: Int32Array | undefined
  private hEdge: Int32Array = new Int32Array(0)
  private hCost: Float64Array = new Float64Array(0)

  readonly flow: Float64Array
  readonly excess: Float64Array
  readonly pi: Float64Array
  /** Edge carrying vacancy v's unit to a household, or -1. */
  readonly mateV: Int32Array
  /** Edge bringing a vacancy to household h, or -1. */
  readonly mateH: Int32Array

  private readonly dist: Float64Array
  private readonly seen: Int32Array
  private readonly done: Int32Array
  private readonly link: Int32Array
  private readonly linkKind: Int8Array
  private readonly linkEdge: Int32Array
  private readonly settled: Int32Array
  private settledCount = 0
  private gen = 0
  private readonly heap = new MinHeap()
  private target = -1
  private initialised = false

  readonly stats: FlowStats = { searches: 0, pops: 0, augmentations: 0 }

  /** Children of each group in order of the reduced cost of reaching them (child-heaps.ts). */
  private readonly up: ChildHeaps
  private readonly down: ChildHeaps
  private readonly upCursors: Cursor[] = []
  private readonly downCursors: Cursor[] = []

  constructor(
    lam: LaminarModel,
    edgeH: Int32Array,
    edgeV: Int32Array,
    weight: Float64Array,
    offH?: Float64Array,
    offV?: Float64Array,
  ) {
    this.lam = lam
    this.M = lam.vacancies
    this.base = lam.vacancies + lam.households
    this.z = lam.z
    this.edgeH = edgeH
    this.edgeV = edgeV
    this.weight = weight
    this.offH = offH ?? new Float64Array(lam.households)
    this.offV = offV ?? new Float64Array(lam.vacancies)
    const n = lam.nodeCount
    this.vStart = new Int32Array(this.M + 1)
    this.flow = new Float64Array(n)
    this.excess = new Float64Array(n)
    this.pi = new Float64Array(n)
    this.mateV = new Int32Array(this.M).fill(-1)
    this.mateH = new Int32Array(lam.households).fill(-1)
    this.dist = new Float64Array(n)
    this.seen = new Int32Array(n)
    this.done = new Int32Array(n)
    this.link = new Int32Array(n)
    this.linkKind = new Int8Array(n)
    this.linkEdge = new Int32Array(n)
    this.settled = new Int32Array(n)
    this.up = new ChildHeaps(lam, this.pi, this.flow, 'up')
    this.down = new ChildHeaps(lam, this.pi, this.flow, 'down')
  }

  /** Call after changing π from outside a search: child heaps are rebuilt on next use. */
  invalidateChildHeaps(): void {
    this.up.invalidate()
    this.down.invalidate()
  }

  private childMoved(c: number): void {
    this.up.update(c)
    this.down.update(c)
  }

  /** Starts walking group g's children in order; returns the first child or -1. */
  private startCursor(g: number, forward: boolean): number {
    const heaps = forward ? this.down : this.up
    const cursors = forward ? this.downCursors : this.upCursors
    heaps.ensure(g)
    let cursor = cursors[g]
    if (!cursor) {
      cursor = new Cursor(heaps, g)
      cursors[g] = cursor
    }
    cursor.reset()
    return cursor.peek()
  }

  /**
   * A cursor token popped at distance du: settle-or-label the next child of
   * its group at du, and re-queue the token for the child after. True when
   * the search ends.
   */
  private advanceCursor(token: number, du: number, forward: boolean): boolean {
    const g = token - this.lam.nodeCount
    const gNode = this.base + g
    const cursor = (forward ? this.downCursors : this.upCursors)[g] as Cursor
    const c = cursor.next()
    if (this.done[c] !== this.gen && (this.seen[c] !== this.gen || du < (this.dist[c] as number))) {
      // du is the frontier distance, so a child with the right imbalance ends the search here.
      if (this.label(gNode, c, du, du, forward ? TREE_DOWN : TREE_UP, -1)) return true
    }
    const next = cursor.peek()
    if (next >= 0) {
      const pg = this.pi[gNode] as number
      const pn = this.pi[next] as number
      this.heap.push((this.dist[gNode] as number) + Math.max(0, forward ? pg - pn : pn - pg), token)
    }
    return false
  }

  /** The weight the network optimises for edge e (original weight minus Lagrangian offsets). */
  edgeWeight(e: number): number {
    return (
      (this.weight[e] as number) -
      (this.offH[this.edgeH[e] as number] as number) -
      (this.offV[this.edgeV[e] as number] as number)
    )
  }

  activeEdges(): Int32Array {
    return this.active
  }

  /** The active edges grouped by vacancy, as every search reads them (cost-scaling.ts takes the same). */
  activeLayout(): EdgeLayout {
    return { start: this.vStart, edge: this.vEdge, node: this.vNode, cost: this.vCost }
  }

  /**
   * Replaces the active edge set. Edges are laid out by (vacancy, household,
   * edge index) whatever their order in the input, so the solve never depends
   * on input order. Only additions are allowed once flow exists (a removed
   * edge could be carrying flow).
   */
  setActive(edges: Int32Array): void {
    const layout = this.layoutOf(edges)
    this.active = layout.sorted
    this.vStart = layout.start
    this.vEdge = layout.edge
    this.vNode = layout.node
    this.vCost = layout.cost
    this.hStart = undefined
  }

  /** Edges grouped by (vacancy, household, edge index), and the list ascending. */
  private layoutOf(edges: Int32Array): EdgeLayout & { readonly sorted: Int32Array } {
    const M = this.M
    const N = this.lam.households
    const E = edges.length
    // Two stable counting sorts: by household, then by vacancy.
    const countH = new Int32Array(N + 1)
    for (let i = 0; i < E; i++) {
      const h = this.edgeH[edges[i] as number] as number
      countH[h + 1] = (countH[h + 1] as number) + 1
    }
    for (let h = 0; h < N; h++) countH[h + 1] = (countH[h + 1] as number) + (countH[h] as number)
    const byH = new Int32Array(E)
    const sorted = Int32Array.from(edges).sort()
    for (let i = 0; i < E; i++) {
      const e = sorted[i] as number
      const h = this.edgeH[e] as number
      byH[countH[h] as number] = e
      countH[h] = (countH[h] as number) + 1
    }
    const start = new Int32Array(M + 1)
    for (let i = 0; i < E; i++) {
      const v = this.edgeV[byH[i] as number] as number
      start[v + 1] = (start[v + 1] as number) + 1
    }
    for (let v = 0; v < M; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number)
    const fill = start.slice(0, M)
    const edge = new Int32Array(E)
    const node = new Int32Array(E)
    const cost = new Float64Array(E)
    for (let i = 0; i < E; i++) {
      const e = byH[i] as number
      const v = this.edgeV[e] as number
      const k = fill[v] as number
      fill[v] = k + 1
      edge[k] = e
      node[k] = M + (this.edgeH[e] as number)
      cost[k] = -this.edgeWeight(e)
    }
    return { sorted, start, edge, node, cost }
  }

  private buildHouseholdIndex(): Int32Array {
    const M = this.M
    const N = this.lam.households
    const E = this.vEdge.length
    const hStart = new Int32Array(N + 1)
    for (let k = 0; k < E; k++) {
      const h = (this.vNode[k] as number) - M
      hStart[h + 1] = (hStart[h + 1] as number) + 1
    }
    for (let h = 0; h < N; h++) hStart[h + 1] = (hStart[h + 1] as number) + (hStart[h] as number)
    const fill = hStart.slice(0, N)
    const hEdge = new Int32Array(E)
    const hCost = new Float64Array(E)
    for (let k = 0; k < E; k++) {
      const h = (this.vNode[k] as number) - M
      const i = fill[h] as number
      fill[h] = i + 1
      hEdge[i] = this.vEdge[k] as number
      hCost[i] = this.vCost[k] as number
    }
    this.hStart = hStart
    this.hEdge = hEdge
    this.hCost = hCost
    return hStart
  }

  /** Pre-pushes lower bounds, sets supplies and a feasible starting potential. */
  private initialise(): void {
    const { lam, M, z } = this
    const { parent, lower } = lam
    for (let v = 0; v < M; v++) this.excess[v] = 1
    this.excess[z] = -M
    for (let x = 0; x < z; x++) {
      const l = lower[x] as number
      if (l > 0) {
        this.flow[x] = l
        this.excess[x] = (this.excess[x] as number) - l
        const p = parent[x] as number
        this.excess[p] = (this.excess[p] as number) + l
      }
    }
    // π(v) = max(0, max w' at v) makes every v → h arc and every unfilled arc
    // non-negative; all tree arcs start at reduced cost 0.
    for (let v = 0; v < M; v++) {
      let best = 0
      for (let k = this.vStart[v] as number; k < (this.vStart[v + 1] as number); k++) {
        const w = -(this.vCost[k] as number)
        if (w > best) best = w
      }
      this.pi[v] = best
    }
    // Household reduction (the column reduction of assignment codes): raise
    // π(h) to the least reduced cost of its edges. Every household is still
    // unplaced, so no residual arc enters h from its group and the only arcs
    // whose reduced cost drops are h's edges, which stay ≥ 0. Without it all
    // households sit at distance 0 from their group, and a search pulling a
    // household floor would settle every member before any vacancy.
    const { M: off, pi } = this
    const slack = new Float64Array(lam.households).fill(Number.POSITIVE_INFINITY)
    for (let v = 0; v < M; v++) {
      const pv = pi[v] as number
      for (let k = this.vStart[v] as number; k < (this.vStart[v + 1] as number); k++) {
        const h = (this.vNode[k] as number) - off
        const r = (this.vCost[k] as number) + pv
        if (r < (slack[h] as number)) slack[h] = r
      }
    }
    for (let h = 0; h < lam.households; h++) {
      const r = slack[h] as number
      if (r !== Number.POSITIVE_INFINITY) pi[off + h] = r
    }
    this.initialised = true
  }

  /**
   * Takes a solved state from another engine (cost-scaling.ts): a flow on the
   * active edges with no excess left and potentials under which every
   * residual arc has a non-negative reduced cost. Later `extendActive`,
   * `restoreOptimality` and `run`
   * continue from it as from a state this class reached itself.
   */
  adopt(state: {
    readonly pi: Float64Array
    readonly flow: Float64Array
    readonly mateV: Int32Array
    readonly mateH: Int32Array
  }): void {
    this.pi.set(state.pi)
    this.flow.set(state.flow)
    this.mateV.set(state.mateV)
    this.mateH.set(state.mateH)
    this.excess.fill(0)
    this.initialised = true
    this.invalidateChildHeaps()
  }

  /**
   * After `adopt` of a state solved under tighter bounds on some tree arcs (side constraints
   * loosened: a family's price, solve-laminar.ts `warm`), restores the invariant: each group's
   * tree arc whose flow now has room in the direction its reduced cost favours is moved to that
   * bound (its lower bound when π(x) > π(parent), its capacity when π(x) < π(parent), an infinite
   * capacity read as `size[x]`, the most its subtree can carry). Every residual arc then has a
   * non-negative reduced cost again, and the units moved are excesses and deficits that `run`
   * routes by shortest paths. Returns how many units it moved.
   */
  settleBounds(size: Float64Array): number {
    const { lam, pi, flow, excess } = this
    const base = this.base
    let moved = 0
    for (let x = base; x < this.z; x++) {
      const p = lam.parent[x] as number
      const f = flow[x] as number
      const l = lam.lower[x] as number
      const c = Math.min(lam.cap[x] as number, size[x] as number)
      const rc = (pi[x] as number) - (pi[p] as number)
      let target = f
      if (f < l) target = l
      else if (f > c) target = c
      else if (rc > 0 && f > l) target = l
      else if (rc < 0 && f < c) target = c
      if (target === f) continue
      const d = target - f
      flow[x] = target
      excess[x] = (excess[x] as number) - d
      excess[p] = (excess[p] as number) + d
      moved += Math.abs(d)
    }
    this.invalidateChildHeaps()
    return moved
  }

  /**
   * Runs successive shortest paths until no excess is left. Deficits inside
   * the trees (floors, and district caps seen as unfilled floors) are pulled
   * first, by searches backwards from the deficit, while every vacancy still
   * holds its unit and a source is always close by; then each remaining
   * excess is pushed forwards to the nearest deficit, which is then Z. Either
   * order is correct; this one keeps every search local.
   */
  run(): RunOutcome {
    return this.runWithin(Number.POSITIVE_INFINITY) as RunOutcome
  }

  /**
   * `run`, but gives up once its searches have settled more than `popBudget`
   * nodes, between two searches, leaving a valid pseudoflow (the caller
   * either continues with `run` or replaces the state). A budget in settled
   * nodes, not time, keeps the outcome a function of the problem alone.
   */
  runWithin(popBudget: number): RunOutcome | 'over-budget' {
    if (!this.initialised) this.initialise()
    const { lam, excess } = this
    const popLimit = this.stats.pops + popBudget
    for (let i = lam.topDown.length - 1; i >= 0; i--) {
      const g = lam.topDown[i] as number
      while ((excess[g] as number) < 0) {
        if (this.stats.pops > popLimit) return 'over-budget'
        const s = this.searchBackward(g)
        if (s < 0) return { ok: false, conflicting: this.cutGroups(false) }
        this.augment(s, g, false)
      }
    }
    for (let x = 0; x < lam.nodeCount; x++) {
      while ((excess[x] as number) > 0) {
        if (this.stats.pops > popLimit) return 'over-budget'
        const t = this.searchForward(x)
        if (t < 0) return { ok: false, conflicting: this.cutGroups(true) }
        this.augment(x, t, true)
      }
    }
    return { ok: true }
  }

  /**
   * Adds edges (none of them active yet) to the active set without touching
   * flow or potentials. Merges the new edges' layout into the current one,
   * so only the new edges are looked up in the problem's edge arrays; the
   * result is the layout `setActive` would build for the union.
   */
  extendActive(added: Int32Array): void {
    const M = this.M
    const add = this.layoutOf(added)
    const E = this.vEdge.length + add.edge.length
    const start = new Int32Array(M + 1)
    const edge = new Int32Array(E)
    const node = new Int32Array(E)
    const cost = new Float64Array(E)
    let k = 0
    for (let v = 0; v < M; v++) {
      let i = this.vStart[v] as number
      const iEnd = this.vStart[v + 1] as number
      let j = add.start[v] as number
      const jEnd = add.start[v + 1] as number
      while (i < iEnd || j < jEnd) {
        // Household ascending, then edge index: the order of layoutOf.
        const takeOld =
          j >= jEnd ||
          (i < iEnd &&
            ((this.vNode[i] as number) < (add.node[j] as number) ||
              ((this.vNode[i] as number) === (add.node[j] as number) &&
                (this.vEdge[i] as number) < (add.edge[j] as number))))
        if (takeOld) {
          edge[k] = this.vEdge[i] as number
          node[k] = this.vNode[i] as number
          cost[k] = this.vCost[i] as number
          i++
        } else {
          edge[k] = add.edge[j] as number
          node[k] = add.node[j] as number
          cost[k] = add.cost[j] as number
          j++
        }
        k++
      }
      start[v + 1] = k
    }
    // Both lists ascending: merge.
    const active = new Int32Array(E)
    let a = 0
    let b = 0
    for (let out = 0; out < E; out++) {
      if (
        b >= add.sorted.length ||
        (a < this.active.length && (this.active[a] as number) < (add.sorted[b] as number))
      )
        active[out] = this.active[a++] as number
      else active[out] = add.sorted[b++] as number
    }
    this.active = active
    this.vStart = start
    this.vEdge = edge
    this.vNode = node
    this.vCost = cost
    this.hStart = undefined
  }

  /**
   * After `extendActive(added)` on a solved network, restores the invariant.
   * An added edge may have a negative reduced cost; its vacancy gives up its
   * unit (its out-arc loses its flow, so its head now has a deficit) and
   * raises π(v) until all its arcs are non-negative again. No residual arc
   * enters v then, so nothing else changes, and `run` restores a flow.
   * Returns how many vacancies it freed (each needs a search).
   */
  restoreOptimality(added: Int32Array): number {
    if (!this.initialised) return 0
    let freed = 0
    const { M, pi, lam } = this
    this.invalidateChildHeaps()
    for (const e of added) {
      const v = this.edgeV[e] as number
      const h = M + (this.edgeH[e] as number)
      const rc = -this.edgeWeight(e) + (pi[v] as number) - (pi[h] as number)
      if (rc >= 0) continue
      if ((this.excess[v] as number) === 0) {
        const mate = this.mateV[v] as number
        if (mate >= 0) {
          const mh = this.edgeH[mate] as number
          this.mateV[v] = -1
          this.mateH[mh] = -1
          this.excess[M + mh] = (this.excess[M + mh] as number) - 1
        } else {
          // The unit went unfilled.
          this.flow[v] = (this.flow[v] as number) - 1
          const p = lam.parent[v] as number
          this.excess[p] = (this.excess[p] as number) - 1
        }
        this.excess[v] = 1
        freed++
      }
      pi[v] = (pi[v] as number) - rc
    }
    return freed
  }

  private searchForward(s: number): number {
    const { M, base, z, pi, dist, seen, done, excess, flow, heap, lam } = this
    const { parent, cap } = lam
    const vStart = this.vStart
    const vNode = this.vNode
    const vCost = this.vCost
    const vEdge = this.vEdge
    const gen = ++this.gen
    this.stats.searches++
    heap.clear()
    seen[s] = gen
    dist[s] = 0
    heap.push(0, s)
    this.settledCount = 0
    this.target = -1
    const nodeCount = lam.nodeCount
    while (heap.size > 0) {
      const du = heap.topKey()
      const x = heap.pop()
      if (x >= nodeCount) {
        if (this.advanceCursor(x, du, true)) return this.target
        continue
      }
      if (done[x] === gen || du > (dist[x] as number)) continue
      done[x] = gen
      this.settled[this.settledCount++] = x
      this.stats.pops++
      if (x !== s && (excess[x] as number) < 0) {
        this.target = x
        break
      }
      const px = pi[x] as number
      if (x < M) {
        const end = vStart[x + 1] as number
        for (let k = vStart[x] as number; k < end; k++) {
          const y = vNode[k] as number
          if (done[y] === gen) continue
          let rc = (vCost[k] as number) + px - (pi[y] as number)
          if (rc < 0) rc = 0
          const nd = du + rc
          if (seen[y] !== gen || nd < (dist[y] as number)) {
            if (this.label(x, y, nd, du, EDGE_FWD, vEdge[k] as number)) return this.target
          }
        }
        const p = parent[x] as number
        if (this.relax(x, p, du, px - (pi[p] as number), TREE_UP, -1)) return this.target
      } else if (x < base) {
        if ((flow[x] as number) < 1) {
          const p = parent[x] as number
          if (this.relax(x, p, du, px - (pi[p] as number), TREE_UP, -1)) return this.target
        }
        const e = this.mateH[x - M] as number
        if (e >= 0) {
          const v = this.edgeV[e] as number
          const rc = this.edgeWeight(e) - (pi[v] as number) + px
          if (this.relax(x, v, du, rc, EDGE_REV, e)) return this.target
        }
      } else {
        if (x !== z && (flow[x] as number) < (cap[x] as number)) {
          const p = parent[x] as number
          if (this.relax(x, p, du, px - (pi[p] as number), TREE_UP, -1)) return this.target
        }
        const first = this.startCursor(x - base, true)
        if (first >= 0) heap.push(du + Math.max(0, px - (pi[first] as number)), nodeCount + x - base)
      }
    }
    if (this.target >= 0) this.updatePotentials(true)
    return this.target
  }

  /** Relaxes arc x → y (forward search) or y ← x (backward search); true when it ends the search. */
  private relax(x: number, y: number, du: number, rc: number, kind: number, edge: number): boolean {
    if (this.done[y] === this.gen) return false
    const nd = du + Math.max(rc, 0)
    if (this.seen[y] === this.gen && nd >= (this.dist[y] as number)) return false
    return this.label(x, y, nd, du, kind, edge)
  }

  private forwardSearch = true

  private label(x: number, y: number, nd: number, du: number, kind: number, edge: number): boolean {
    this.seen[y] = this.gen
    this.dist[y] = nd
    this.link[y] = x
    this.linkKind[y] = kind
    this.linkEdge[y] = edge
    const ex = this.excess[y] as number
    // A deficit (or, searching backwards, an excess) reached at the distance
    // being settled cannot be beaten: stop without settling it.
    if (nd === du && (this.forwardSearch ? ex < 0 : ex > 0)) {
      this.target = y
      this.updatePotentials(this.forwardSearch)
      return true
    }
    this.heap.push(nd, y)
    return false
  }

  private updatePotentials(forward: boolean): void {
    const D = this.dist[this.target] as number
    const { pi, dist, settled } = this
    for (let i = 0; i < this.settledCount; i++) {
      const x = settled[i] as number
      const d = dist[x] as number
      if (d < D) {
        pi[x] = (pi[x] as number) + (forward ? d - D : D - d)
        if (x !== this.z) this.childMoved(x)
      }
    }
  }

  /** Shortest path from any excess node to deficit node t, searching arcs backwards. */
  private searchBackward(t: number): number {
    const { M, base, z, pi, dist, seen, done, excess, flow, heap, lam } = this
    const { parent, lower } = lam
    const hStart = this.hStart ?? this.buildHouseholdIndex()
    const hEdge = this.hEdge
    const hCost = this.hCost
    const gen = ++this.gen
    this.stats.searches++
    this.forwardSearch = false
    heap.clear()
    seen[t] = gen
    dist[t] = 0
    heap.push(0, t)
    this.settledCount = 0
    this.target = -1
    const nodeCount = lam.nodeCount
    try {
      while (heap.size > 0) {
        const du = heap.topKey()
        const y = heap.pop()
        if (y >= nodeCount) {
          if (this.advanceCursor(y, du, false)) return this.target
          continue
        }
        if (done[y] === gen || du > (dist[y] as number)) continue
        done[y] = gen
        this.settled[this.settledCount++] = y
        this.stats.pops++
        if (y !== t && (excess[y] as number) > 0) {
          this.target = y
          break
        }
        const py = pi[y] as number
        if (y < M) {
          const e = this.mateV[y] as number
          if (e >= 0) {
            const h = M + (this.edgeH[e] as number)
            if (this.relax(y, h, du, this.edgeWeight(e) - py + (pi[h] as number), EDGE_REV, e))
              return this.target
          }
          if ((flow[y] as number) > 0) {
            const p = parent[y] as number
            if (this.relax(y, p, du, (pi[p] as number) - py, TREE_DOWN, -1)) return this.target
          }
        } else if (y < base) {
          const h = y - M
          const end = hStart[h + 1] as number
          for (let k = hStart[h] as number; k < end; k++) {
            const e = hEdge[k] as number
            const v = this.edgeV[e] as number
            if (this.relax(y, v, du, (hCost[k] as number) + (pi[v] as number) - py, EDGE_FWD, e))
              return this.target
          }
          if ((flow[y] as number) > 0) {
            const p = parent[y] as number
            if (this.relax(y, p, du, (pi[p] as number) - py, TREE_DOWN, -1)) return this.target
          }
        } else {
          const first = this.startCursor(y - base, false)
          if (first >= 0) heap.push(du + Math.max(0, (pi[first] as number) - py), nodeCount + y - base)
          if (y !== z && (flow[y] as number) > (lower[y] as number)) {
            const p = parent[y] as number
            if (this.relax(y, p, du, (pi[p] as number) - py, TREE_DOWN, -1)) return this.target
          }
        }
      }
      if (this.target >= 0) this.updatePotentials(false)
      return this.target
    } finally {
      this.forwardSearch = true
    }
  }

  /**
   * Pushes flow from excess node s to deficit node t along the path the last
   * search found. Forward searches link each node to its predecessor, backward
   * searches to its successor; `link` holds the other end of the arc and
   * `linkKind` the arc's type as seen in the direction of flow.
   */
  private augment(s: number, t: number, forward: boolean): void {
    const { lam, flow, excess } = this
    let amount = Math.min(excess[s] as number, -(excess[t] as number))
    let hasEdge = false
    // Walk from the search's root to the node it found.
    const root = forward ? s : t
    for (let y = forward ? t : s; y !== root; y = this.link[y] as number) {
      const other = this.link[y] as number
      const a = forward ? other : y
      const b = forward ? y : other
      const kind = this.linkKind[y] as number
      if (kind === EDGE_FWD || kind === EDGE_REV) hasEdge = true
      else if (kind === TREE_UP) amount = Math.min(amount, (lam.cap[a] as number) - (flow[a] as number))
      else amount = Math.min(amount, (flow[b] as number) - (lam.lower[b] as number))
    }
    // Every arc that touches a household has unit capacity.
    if (hasEdge) amount = Math.min(amount, 1)
    for (let y = forward ? t : s; y !== root; y = this.link[y] as number) {
      const other = this.link[y] as number
      const a = forward ? other : y
      const b = forward ? y : other
      const kind = this.linkKind[y] as number
      const e = this.linkEdge[y] as number
      if (kind === EDGE_FWD) {
        this.mateV[a] = e
        this.mateH[b - this.M] = e
      } else if (kind === EDGE_REV) {
        if (this.mateV[b] === e) this.mateV[b] = -1
        if (this.mateH[a - this.M] === e) this.mateH[a - this.M] = -1
      } else if (kind === TREE_UP) {
        flow[a] = (flow[a] as number) + amount
        this.childMoved(a)
      } else {
        flow[b] = (flow[b] as number) - amount
        this.childMoved(b)
      }
    }
    excess[s] = (excess[s] as number) - amount
    excess[t] = (excess[t] as number) + amount
    this.stats.augmentations++
  }

  /**
   * Group nodes whose tree arc crosses the boundary of the last (failed)
   * search's reach with no residual capacity across it: their bounds are what
   * keeps the stuck unit from a deficit (Hoffman's condition fails on that
   * cut). Returned as `group index * 2 + (1 if the arc sits at its capacity,
   * 0 if at its lower bound)`.
   */
  private cutGroups(forward: boolean): number[] {
    const { lam, seen, gen, base } = this
    const out: number[] = []
    for (let g = 0; g < lam.groups; g++) {
      const x = base + g
      const p = lam.parent[x] as number
      const inX = seen[x] === gen
      const inP = seen[p] === gen
      if (inX === inP) continue
      const atCap = forward ? inX : inP
      out.push(g * 2 + (atCap ? 1 : 0))
    }
    return out
  }

  /** Total pops etc. for reports. */
  snapshotStats(): FlowStats {
    return { ...this.stats }
  }
}
