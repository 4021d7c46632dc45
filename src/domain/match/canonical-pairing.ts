import type { PreparedRound } from './prepare-round.ts'

/**
 * The canonical pairing of an optimal round.
 *
 * Side constraints read only WHICH households and WHICH vacancies are matched
 * (their coefficients are per household or per vacancy), and the lottery and
 * vacancy tie-breaks in the weights fix those sets. What an optimiser may still
 * choose freely is the pairing between them when scores tie: two households
 * that score the same on two flats. The rule that decides it, whatever engine
 * found the optimum: households in canonical (lottery) order each take the
 * earliest vacancy in canonical order (free first, then id) that still leaves
 * an optimal pairing for the rest.
 *
 * Method: the optimal pairings of the matched households H* and vacancies V*
 * are exactly the perfect matchings that use only edges tight under an
 * optimal dual (u, p) of that assignment problem (complementary slackness
 * holds between every optimal primal and every optimal dual). Duals come from
 * shortest paths over the exchange graph of the current pairing; then, for
 * each household in order, an edge (h, v) belongs to some optimal pairing of
 * the households not yet fixed exactly when v is h's own vacancy or an
 * alternating cycle of tight edges runs from v's holder back to h. Integer
 * cents keep every comparison exact.
 *
 * Returns the chosen edges, ascending; unchanged when they are already canonical.
 */
export function canonicalPairing(prepared: PreparedRound, chosen: Int32Array): Int32Array {
  const { problem, edgeStart, edgeCents } = prepared
  const { edges } = problem
  const k = chosen.length
  if (k < 2) return chosen

  // Local indices: households of H* in canonical order, vacancies of V*.
  const households = [...chosen].map((e) => edges.household[e] as number).sort((a, b) => a - b)
  const localOf = new Map(households.map((h, i) => [h, i] as const))
  const vacancyLocal = new Map<number, number>()
  const mate = new Int32Array(k) // household local → vacancy local
  const holder = new Int32Array(k) // vacancy local → household local
  const vacancyGlobal: number[] = []
  for (const e of [...chosen].sort((a, b) => (edges.vacancy[a] as number) - (edges.vacancy[b] as number))) {
    vacancyLocal.set(edges.vacancy[e] as number, vacancyGlobal.length)
    vacancyGlobal.push(edges.vacancy[e] as number)
  }
  for (const e of chosen) {
    const h = localOf.get(edges.household[e] as number) as number
    const v = vacancyLocal.get(edges.vacancy[e] as number) as number
    mate[h] = v
    holder[v] = h
  }

  // Each household's edges into V*, in canonical vacancy order (edges are stored that way).
  const adjacency: { v: number; e: number; cents: number }[][] = households.map((h) => {
    const list: { v: number; e: number; cents: number }[] = []
    for (let e = edgeStart[h] as number; e < (edgeStart[h + 1] as number); e++) {
      const v = vacancyLocal.get(edges.vacancy[e] as number)
      if (v !== undefined) list.push({ v, e, cents: edgeCents[e] as number })
    }
    return list
  })
  const centsOf = (h: number, v: number) => adjacency[h]?.find((x) => x.v === v)?.cents as number

  // Potentials by shortest paths (SPFA) over the exchange graph: arc a → b when a could take b's
  // vacancy, of length (a's cents now) − (a's cents on b's vacancy). The pairing is optimal, so
  // there is no negative cycle; a pass limit guards against a pairing that is not.
  const phi = new Float64Array(k)
  const inQueue = new Uint8Array(k).fill(1)
  const queue: number[] = households.map((_, i) => i)
  const own = Float64Array.from(households, (_, a) => centsOf(a, mate[a] as number))
  let relaxations = 0
  const limit =
    k *
    Math.max(
      1,
      adjacency.reduce((s, l) => s + l.length, 0),
    )
  while (queue.length > 0) {
    const a = queue.shift() as number
    inQueue[a] = 0
    for (const { v, cents } of adjacency[a] ?? []) {
      const b = holder[v] as number
      if (b === a) continue
      const d = (phi[a] as number) + (own[a] as number) - cents
      if (d < (phi[b] as number)) {
        phi[b] = d
        if (++relaxations > limit) return chosen
        if (!inQueue[b]) {
          inQueue[b] = 1
          queue.push(b)
        }
      }
    }
  }
  // Duals: p(v) = −φ(holder(v)), u(h) = cents(h, mate(h)) − p(mate(h)); tight when u + p = cents.
  const price = Float64Array.from(vacancyGlobal, (_, v) => -(phi[holder[v] as number] as number))
  const u = Float64Array.from(households, (_, h) => (own[h] as number) - (price[mate[h] as number] as number))
  const tight = (h: number, v: number, cents: number) => (u[h] as number) + (price[v] as number) === cents

  const fixed = new Uint8Array(k)
  const cameFrom = new Int32Array(k)
  for (let h = 0; h < k; h++) {
    for (const { v, cents } of adjacency[h] ?? []) {
      if (fixed[holder[v] as number] || !tight(h, v, cents)) continue
      if (v === mate[h]) break
      // Breadth-first search for a path of tight exchanges from v's holder back to h.
      const start = holder[v] as number
      cameFrom.fill(-1)
      cameFrom[start] = start
      const frontier = [start]
      let last = -1
      for (let i = 0; i < frontier.length && last === -1; i++) {
        const a = frontier[i] as number
        for (const x of adjacency[a] ?? []) {
          const b = holder[x.v] as number
          if (fixed[b] || !tight(a, x.v, x.cents)) continue
          if (b === h) {
            last = a
            break
          }
          if (cameFrom[b] === -1) {
            cameFrom[b] = a
            frontier.push(b)
          }
        }
      }
      if (last === -1) continue
      // Rotate: h takes v, each household on the path takes the next one's vacancy, the last takes h's.
      const path: number[] = []
      for (let a = last; ; a = cameFrom[a] as number) {
        path.push(a)
        if (a === start) break
      }
      path.reverse()
      const oldMate = Int32Array.from(mate)
      mate[h] = v
      for (let i = 0; i < path.length; i++) {
        const a = path[i] as number
        mate[a] = i + 1 < path.length ? (oldMate[path[i + 1] as number] as number) : (oldMate[h] as number)
      }
      for (let a = 0; a < k; a++) holder[mate[a] as number] = a
      break
    }
    fixed[h] = 1
  }

  const out = new Int32Array(k)
  for (let h = 0; h < k; h++) {
    out[h] = adjacency[h]?.find((x) => x.v === mate[h])?.e as number
  }
  return out.sort()
}
