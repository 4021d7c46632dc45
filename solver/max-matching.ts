import type { Edges } from './problem.ts'

/**
 * The size of a largest matching that uses only edges whose household passes
 * `households` and whose vacancy passes `vacancies` (both optional masks, 1 =
 * allowed), stopping as soon as it reaches `limit`: "how many of these can be
 * placed at once". Exact: augmenting paths (Kuhn) from a greedy start; a
 * matching with no augmenting path is maximum (Berge).
 *
 * @example
 *   // How many households with children can be placed at the same time?
 *   maxMatchingSize(problem.households, problem.vacancies, problem.edges, { households: withChildren })
 */
export function maxMatchingSize(
  households: number,
  vacancies: number,
  edges: Pick<Edges, 'household' | 'vacancy'>,
  options: {
    readonly households?: Uint8Array
    readonly vacancies?: Uint8Array
    readonly limit?: number
  } = {},
): number {
  const limit = options.limit ?? Number.POSITIVE_INFINITY
  if (limit <= 0) return 0
  const hMask = options.households
  const vMask = options.vacancies
  const E = edges.household.length
  // Adjacency of allowed edges, households first (CSR).
  const start = new Int32Array(households + 1)
  for (let e = 0; e < E; e++) {
    const h = edges.household[e] as number
    const v = edges.vacancy[e] as number
    if ((hMask && !hMask[h]) || (vMask && !vMask[v])) continue
    start[h + 1] = (start[h + 1] as number) + 1
  }
  for (let h = 0; h < households; h++) start[h + 1] = (start[h + 1] as number) + (start[h] as number)
  const adj = new Int32Array(start[households] as number)
  const fill = start.slice(0, households)
  for (let e = 0; e < E; e++) {
    const h = edges.household[e] as number
    const v = edges.vacancy[e] as number
    if ((hMask && !hMask[h]) || (vMask && !vMask[v])) continue
    adj[fill[h] as number] = v
    fill[h] = (fill[h] as number) + 1
  }

  const holder = new Int32Array(vacancies).fill(-1)
  const mate = new Int32Array(households).fill(-1)
  let size = 0
  // Greedy start: most rounds are nearly matched by it.
  for (let h = 0; h < households && size < limit; h++) {
    for (let k = start[h] as number; k < (start[h + 1] as number); k++) {
      const v = adj[k] as number
      if (holder[v] === -1) {
        holder[v] = h
        mate[h] = v
        size++
        break
      }
    }
  }
  // Augmenting paths, by an explicit-stack depth-first search (no recursion depth limit).
  const seen = new Int32Array(vacancies)
  let stamp = 0
  const stackH = new Int32Array(households)
  const stackK = new Int32Array(households)
  const via = new Int32Array(households) // the vacancy through which each stacked household was reached
  for (let root = 0; root < households && size < limit; root++) {
    if (mate[root] !== -1 || start[root] === start[root + 1]) continue
    stamp++
    let top = 0
    stackH[0] = root
    stackK[0] = start[root] as number
    via[0] = -1
    let found = -1
    while (top >= 0 && found === -1) {
      const h = stackH[top] as number
      const k = stackK[top] as number
      if (k >= (start[h + 1] as number)) {
        top--
        continue
      }
      stackK[top] = k + 1
      const v = adj[k] as number
      if (seen[v] === stamp) continue
      seen[v] = stamp
      const owner = holder[v] as number
      if (owner === -1) {
        found = v
        break
      }
      top++
      stackH[top] = owner
      stackK[top] = start[owner] as number
      via[top] = v
    }
    if (found === -1) continue
    // Flip the path: each stacked household takes the vacancy it reached next.
    let v = found
    for (let level = top; level >= 0; level--) {
      const h = stackH[level] as number
      const previous = via[level] as number
      holder[v] = h
      mate[h] = v
      v = previous
    }
    size++
  }
  return size
}
