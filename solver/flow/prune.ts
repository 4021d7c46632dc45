/**
 * Top-k pruning: the union of every household's k best edges and every
 * vacancy's k best edges. "Best" is a strict total order — weight
 * descending, then the other end's index, then the edge index — so the
 * selected set does not depend on the order edges are listed in. Pruning
 * alone is a heuristic; pricing afterwards (solve-laminar.ts) makes the
 * result exact.
 *
 * One sequential pass over the edges feeds a k-slot buffer per household and
 * per vacancy (N·k and M·k slots: small enough to stay in cache), replacing a
 * buffer's worst slot when a better edge arrives. With edges in random order
 * a node's buffer changes about k·ln(degree/k) times, so the pass costs
 * little more than reading the edge arrays once.
 */
export function topKEdges(
  households: number,
  vacancies: number,
  edgeH: Int32Array,
  edgeV: Int32Array,
  weight: Float64Array,
  k: number,
  into: Uint8Array,
  /** Edges whose weight is not above this (or NaN) are not offered at all. */
  above = Number.NEGATIVE_INFINITY,
): void {
  const best = new TopKSelector(households, vacancies, k, k)
  const E = edgeH.length
  for (let e = 0; e < E; e++) {
    const w = weight[e] as number
    if (!(w > above)) continue
    best.offer(edgeH[e] as number, edgeV[e] as number, e, w)
  }
  best.forEachSelected((e) => {
    into[e] = 1
  })
}

/** One side's k-slot buffers. */
class Side {
  readonly w: Float64Array
  readonly other: Int32Array
  readonly edge: Int32Array
  readonly filled: Int32Array
  readonly worst: Int32Array

  constructor(
    readonly count: number,
    readonly k: number,
  ) {
    this.w = new Float64Array(count * k)
    this.other = new Int32Array(count * k)
    this.edge = new Int32Array(count * k)
    this.filled = new Int32Array(count)
    this.worst = new Int32Array(count)
  }

  /** Slot a holds a better edge than slot b: higher weight, then lower other index, then lower edge index. */
  private better(a: number, b: number): boolean {
    const wa = this.w[a] as number
    const wb = this.w[b] as number
    if (wa !== wb) return wa > wb
    const oa = this.other[a] as number
    const ob = this.other[b] as number
    if (oa !== ob) return oa < ob
    return (this.edge[a] as number) < (this.edge[b] as number)
  }

  private findWorst(base: number): number {
    let worst = 0
    for (let j = 1; j < this.k; j++) if (this.better(base + worst, base + j)) worst = j
    return worst
  }

  offer(node: number, other: number, e: number, w: number): void {
    const k = this.k
    if (k === 0) return
    const base = node * k
    const n = this.filled[node] as number
    if (n < k) {
      this.w[base + n] = w
      this.other[base + n] = other
      this.edge[base + n] = e
      this.filled[node] = n + 1
      if (n + 1 === k) this.worst[node] = this.findWorst(base)
      return
    }
    const slot = base + (this.worst[node] as number)
    const ws = this.w[slot] as number
    // Not better than the worst slot: higher weight, then lower other index, then lower edge index.
    if (w < ws) return
    if (w === ws) {
      const os = this.other[slot] as number
      if (other > os || (other === os && e >= (this.edge[slot] as number))) return
    }
    this.w[slot] = w
    this.other[slot] = other
    this.edge[slot] = e
    this.worst[node] = this.findWorst(base)
  }
}

/**
 * The k best edges of every household and the k' best of every vacancy,
 * fed one edge at a time (the order of offers does not matter: the order on
 * edges is strict). The two sides may keep different numbers of edges.
 */
export class TopKSelector {
  private readonly h: Side
  private readonly v: Side

  constructor(households: number, vacancies: number, kHouseholds: number, kVacancies: number) {
    this.h = new Side(households, kHouseholds)
    this.v = new Side(vacancies, kVacancies)
  }

  offer(household: number, vacancy: number, e: number, w: number): void {
    this.h.offer(household, vacancy, e, w)
    this.v.offer(vacancy, household, e, w)
  }

  /** Calls f for every selected edge (an edge both ends selected is reported twice). */
  forEachSelected(f: (e: number) => void): void {
    for (const s of [this.h, this.v]) {
      for (let node = 0; node < s.count; node++) {
        const base = node * s.k
        const n = s.filled[node] as number
        for (let j = 0; j < n; j++) f(s.edge[base + j] as number)
      }
    }
  }
}
