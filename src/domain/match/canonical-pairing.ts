import { hasExemptions } from '../../../solver/problem.ts'
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
 * A row that exempts households (a district cap that does not count a household's own choice)
 * reads the pair, not only the sets: handing a capped vacancy from an exempt household to one the
 * cap counts adds a placement to the cap, which may break it. So a household may take a vacancy
 * in such a row only when every row over the vacancy would count it as it counts the vacancy's
 * holder in the optimum (both exempt, or both counted): every row keeps its value, and the
 * pairings left are those of a plain assignment problem the given one is optimal in, so the
 * method above holds. Which vacancies an exempt household fills is then the optimum's, not the
 * pairing's, choice.
 *
 * Returns the chosen edges, ascending; unchanged when they are already canonical.
 */
export function canonicalPairing(prepared: PreparedRound, chosen: Int32Array): Int32Array {
  const { problem, edgeStart, edgeCents } = prepared
  const { edges } = problem
  const k = chosen.length
  if (k < 2) return chosen

  // Local indices: households of H* in canonical order, vacancies of V* in index order. Typed
  // arrays throughout: this runs once per proven optimum and once per binding family's price.
  const households = Int32Array.from(chosen, (e) => edges.household[e] as number).sort()
  const vacancyGlobal = Int32Array.from(chosen, (e) => edges.vacancy[e] as number).sort()
  const localOfHousehold = new Int32Array(problem.households).fill(-1)
  for (let i = 0; i < k; i++) localOfHousehold[households[i] as number] = i
  const vacancyLocal = new Int32Array(problem.vacancies).fill(-1)
  for (let i = 0; i < k; i++) vacancyLocal[vacancyGlobal[i] as number] = i
  const mate = new Int32Array(k) // household local → vacancy local
  const holder = new Int32Array(k) // vacancy local → household local
  for (const e of chosen) {
    const h = localOfHousehold[edges.household[e] as number] as number
    const v = vacancyLocal[edges.vacancy[e] as number] as number
    mate[h] = v
    holder[v] = h
  }

  // Rows that exempt households: a household may take a vacancy only where each such row counts
  // it as it counts the vacancy's holder now (see above).
  const exemptRows = problem.constraints.flatMap((c) => (hasExemptions(c.scope) ? [c.scope] : []))
  const holderGlobal = Int32Array.from(vacancyGlobal, (_, v) => households[holder[v] as number] as number)
  const countedAlike = (h: number, vGlobal: number, vLocal: number): boolean => {
    const now = holderGlobal[vLocal] as number
    for (const scope of exemptRows) {
      if (scope.coef[vGlobal] !== 0 && scope.exempt[h] !== scope.exempt[now]) return false
    }
    return true
  }
  const usable = (h: number, e: number): number => {
    const vGlobal = edges.vacancy[e] as number
    const v = vacancyLocal[vGlobal] as number
    return v >= 0 && (exemptRows.length === 0 || countedAlike(h, vGlobal, v)) ? v : -1
  }

  // Each household's edges into V*, in canonical vacancy order (edges are stored that way), as one
  // list: household a's are adjV/adjE/adjCents[adjStart[a] … adjStart[a + 1]).
  const adjStart = new Int32Array(k + 1)
  let total = 0
  for (let a = 0; a < k; a++) {
    const h = households[a] as number
    for (let e = edgeStart[h] as number; e < (edgeStart[h + 1] as number); e++) if (usable(h, e) >= 0) total++
    adjStart[a + 1] = total
  }
  const adjV = new Int32Array(total)
  const adjE = new Int32Array(total)
  const adjCents = new Float64Array(total)
  for (let a = 0, i = 0; a < k; a++) {
    const h = households[a] as number
    for (let e = edgeStart[h] as number; e < (edgeStart[h + 1] as number); e++) {
      const v = usable(h, e)
      if (v < 0) continue
      adjV[i] = v
      adjE[i] = e
      adjCents[i] = edgeCents[e] as number
      i++
    }
  }
  /** Household a's first edge to local vacancy v (its list index), or -1. */
  const edgeTo = (a: number, v: number) => {
    for (let i = adjStart[a] as number; i < (adjStart[a + 1] as number); i++) if (adjV[i] === v) return i
    return -1
  }

  // Potentials by shortest paths (SPFA) over the exchange graph: arc a → b when a could take b's
  // vacancy, of length (a's cents now) − (a's cents on b's vacancy). The pairing is optimal, so
  // there is no negative cycle; a pass limit guards against a pairing that is not.
  const phi = new Float64Array(k)
  const inQueue = new Uint8Array(k).fill(1)
  // First in, first out, each household in it at most once: a ring of k slots.
  const queue = Int32Array.from({ length: k }, (_, i) => i)
  let head = 0
  let queued = k
  const own = new Float64Array(k)
  for (let a = 0; a < k; a++) own[a] = adjCents[edgeTo(a, mate[a] as number)] as number
  let relaxations = 0
  const limit = k * Math.max(1, total)
  while (queued > 0) {
    const a = queue[head] as number
    head = head + 1 === k ? 0 : head + 1
    queued--
    inQueue[a] = 0
    for (let i = adjStart[a] as number; i < (adjStart[a + 1] as number); i++) {
      const b = holder[adjV[i] as number] as number
      if (b === a) continue
      const d = (phi[a] as number) + (own[a] as number) - (adjCents[i] as number)
      if (d < (phi[b] as number)) {
        phi[b] = d
        if (++relaxations > limit) return chosen
        if (!inQueue[b]) {
          inQueue[b] = 1
          queue[(head + queued) % k] = b
          queued++
        }
      }
    }
  }
  // Duals: p(v) = −φ(holder(v)), u(h) = cents(h, mate(h)) − p(mate(h)); tight when u + p = cents.
  const price = new Float64Array(k)
  for (let v = 0; v < k; v++) price[v] = -(phi[holder[v] as number] as number)
  const u = new Float64Array(k)
  for (let h = 0; h < k; h++) u[h] = (own[h] as number) - (price[mate[h] as number] as number)

  const fixed = new Uint8Array(k)
  const cameFrom = new Int32Array(k)
  // cameFrom[b] holds for this search only where reached[b] is the search's stamp (no clearing).
  const reached = new Int32Array(k)
  let stamp = 0
  const frontier = new Int32Array(k)
  for (let h = 0; h < k; h++) {
    for (let i = adjStart[h] as number; i < (adjStart[h + 1] as number); i++) {
      const v = adjV[i] as number
      if (fixed[holder[v] as number] || (u[h] as number) + (price[v] as number) !== adjCents[i]) continue
      if (v === mate[h]) break
      // Breadth-first search for a path of tight exchanges from v's holder back to h.
      const start = holder[v] as number
      stamp++
      reached[start] = stamp
      cameFrom[start] = start
      frontier[0] = start
      let size = 1
      let last = -1
      for (let f = 0; f < size && last === -1; f++) {
        const a = frontier[f] as number
        for (let j = adjStart[a] as number; j < (adjStart[a + 1] as number); j++) {
          const x = adjV[j] as number
          const b = holder[x] as number
          if (fixed[b] || (u[a] as number) + (price[x] as number) !== adjCents[j]) continue
          if (b === h) {
            last = a
            break
          }
          if (reached[b] !== stamp) {
            reached[b] = stamp
            cameFrom[b] = a
            frontier[size++] = b
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
      for (let p = 0; p < path.length; p++) {
        const a = path[p] as number
        mate[a] = p + 1 < path.length ? (oldMate[path[p + 1] as number] as number) : (oldMate[h] as number)
      }
      for (let a = 0; a < k; a++) holder[mate[a] as number] = a
      break
    }
    fixed[h] = 1
  }

  const out = new Int32Array(k)
  for (let h = 0; h < k; h++) out[h] = adjE[edgeTo(h, mate[h] as number)] as number
  return out.sort()
}
