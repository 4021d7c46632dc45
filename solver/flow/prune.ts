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
  const side = (count: number) => ({
    w: new Float64Array(count * k),
    other: new Int32Array(count * k),
    edge: new Int32Array(count * k),
    filled: new Int32Array(count),
    worst: new Int32Array(count),
  })
  const H = side(households)
  const V = side(vacancies)
  // a is better than b: higher weight, then lower other index, then lower edge index.
  const better = (wa: number, oa: number, ea: number, wb: number, ob: number, eb: number) =>
    wa > wb || (wa === wb && (oa < ob || (oa === ob && ea < eb)))
  const findWorst = (s: typeof H, base: number): number => {
    let worst = 0
    for (let j = 1; j < k; j++) {
      const a = base + j
      const b = base + worst
      if (
        better(
          s.w[b] as number,
          s.other[b] as number,
          s.edge[b] as number,
          s.w[a] as number,
          s.other[a] as number,
          s.edge[a] as number,
        )
      )
        worst = j
    }
    return worst
  }
  const offer = (s: typeof H, node: number, other: number, e: number, w: number) => {
    const base = node * k
    const n = s.filled[node] as number
    if (n < k) {
      s.w[base + n] = w
      s.other[base + n] = other
      s.edge[base + n] = e
      s.filled[node] = n + 1
      if (n + 1 === k) s.worst[node] = findWorst(s, base)
      return
    }
    const slot = base + (s.worst[node] as number)
    if (!better(w, other, e, s.w[slot] as number, s.other[slot] as number, s.edge[slot] as number)) return
    s.w[slot] = w
    s.other[slot] = other
    s.edge[slot] = e
    s.worst[node] = findWorst(s, base)
  }
  const E = edgeH.length
  for (let e = 0; e < E; e++) {
    const h = edgeH[e] as number
    const v = edgeV[e] as number
    const w = weight[e] as number
    if (!(w > above)) continue
    offer(H, h, v, e, w)
    offer(V, v, h, e, w)
  }
  for (const [s, count] of [
    [H, households],
    [V, vacancies],
  ] as const) {
    for (let node = 0; node < count; node++) {
      const base = node * k
      const n = s.filled[node] as number
      for (let j = 0; j < n; j++) into[s.edge[base + j] as number] = 1
    }
  }
}
