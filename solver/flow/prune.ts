/**
 * Top-k pruning: the union of every household's k best edges and every
 * vacancy's k best edges, by weight (ties: the other end's lower index, so the
 * selection does not depend on input order). Pruning alone is a heuristic;
 * pricing afterwards (solve-laminar.ts) is what makes the result exact.
 */
export function topKEdges(
  count: number,
  edgeNode: Int32Array,
  edgeOther: Int32Array,
  weight: Float64Array,
  k: number,
  into: Uint8Array,
): void {
  const E = edgeNode.length
  const start = new Int32Array(count + 1)
  for (let e = 0; e < E; e++) {
    const n = edgeNode[e] as number
    start[n + 1] = (start[n + 1] as number) + 1
  }
  for (let n = 0; n < count; n++) start[n + 1] = (start[n + 1] as number) + (start[n] as number)
  const fill = start.slice(0, count)
  const byNode = new Int32Array(E)
  for (let e = 0; e < E; e++) {
    const n = edgeNode[e] as number
    const i = fill[n] as number
    fill[n] = i + 1
    byNode[i] = e
  }
  const bestE = new Int32Array(k)
  const bestW = new Float64Array(k)
  for (let n = 0; n < count; n++) {
    const s = start[n] as number
    const t = start[n + 1] as number
    if (t - s <= k) {
      for (let i = s; i < t; i++) into[byNode[i] as number] = 1
      continue
    }
    // Insertion into a sorted buffer of the k best seen so far (descending).
    let size = 0
    for (let i = s; i < t; i++) {
      const e = byNode[i] as number
      const we = weight[e] as number
      if (size === k) {
        const lw = bestW[k - 1] as number
        if (
          we < lw ||
          (we === lw && (edgeOther[e] as number) >= (edgeOther[bestE[k - 1] as number] as number))
        )
          continue
      }
      let j = size < k ? size++ : k - 1
      while (j > 0) {
        const pw = bestW[j - 1] as number
        const pe = bestE[j - 1] as number
        if (pw > we || (pw === we && (edgeOther[pe] as number) < (edgeOther[e] as number))) break
        bestW[j] = pw
        bestE[j] = pe
        j--
      }
      bestW[j] = we
      bestE[j] = e
    }
    for (let j = 0; j < size; j++) into[bestE[j] as number] = 1
  }
}
