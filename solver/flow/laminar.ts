import { hasExemptions, type MatchProblem, type SideConstraint } from '../problem.ts'
import { normaliseExemptions } from './exempt.ts'

/**
 * Splits a problem's side constraints into the part a network can carry and
 * the part it cannot.
 *
 * A side constraint whose coefficients are all 0 or 1 counts placements of a
 * group of households (or of vacancies). Groups on one side that are pairwise
 * nested or disjoint form a tree, and a tree of counters is a chain of arcs in
 * a flow network: household → innermost group → … → sink, so the LP stays
 * totally unimodular and its optimum integral. Everything else (fractional
 * coefficients, groups that overlap without nesting, coefficients that depend
 * on the pair) is "crossing" and is handled by Lagrangian relaxation on top of
 * the network.
 *
 * Node numbering shared by the network code:
 *   [0, M)            vacancies
 *   [M, M + N)        households
 *   [M + N, M + N + G) groups (both sides)
 *   M + N + G         Z, the single sink and root of both trees
 * Every node except Z has one tree arc to `parent[node]`:
 *   household h → its innermost household group (cap 1: "at most one vacancy")
 *   household group → its parent, carrying the number of placed members
 *   vacancy v → its innermost vacancy group: the *unfilled* unit of v
 *   vacancy group → its parent, carrying the number of UNFILLED members.
 * The vacancy tree counts unfilled vacancies because each vacancy is a source
 * of one unit that either fills a household or goes unfilled; a cap C on
 * filled vacancies of a group D is the lower bound |D| − C on its unfilled
 * arc, a floor L is the upper bound |D| − L.
 */

export type Side = 'households' | 'vacancies'

export interface GroupInfo {
  readonly side: Side
  /** Constraint indices that cap the group's placements (`<=`). */
  readonly caps: readonly number[]
  /** Constraint indices that put a floor under the group's placements (`>=`). */
  readonly floors: readonly number[]
}

export interface LaminarModel {
  readonly households: number
  readonly vacancies: number
  readonly groups: number
  readonly nodeCount: number
  readonly z: number
  /** Tree parent of each node; -1 for Z. */
  readonly parent: Int32Array
  /** Lower bound and capacity of each node's tree arc (Infinity when uncapped). */
  readonly lower: Float64Array
  readonly cap: Float64Array
  /** Children of group g (and of Z at index `groups`) in childList[childStart[g]..childStart[g+1]). */
  readonly childStart: Int32Array
  readonly childList: Int32Array
  readonly groupInfo: readonly GroupInfo[]
  /** Group nodes, every parent before its children. */
  readonly topDown: Int32Array
  /** Constraint indices left out of the network. */
  readonly crossing: readonly number[]
}

export type Classification =
  | { readonly ok: true; readonly model: LaminarModel }
  | { readonly ok: false; readonly conflicting: readonly string[] }

const isZeroOne = (coef: Float64Array): boolean => {
  for (let i = 0; i < coef.length; i++) {
    const c = coef[i] as number
    if (c !== 0 && c !== 1) return false
  }
  return true
}

const isAllZero = (coef: Float64Array): boolean => {
  for (let i = 0; i < coef.length; i++) if (coef[i] !== 0) return false
  return true
}

/** A constraint with 0 for every coefficient holds or fails regardless of the matching. */
const trivialHolds = (c: SideConstraint): boolean => (c.sense === '<=' ? 0 <= c.rhs : 0 >= c.rhs)

interface Candidate {
  readonly index: number
  readonly members: Int32Array
}

/**
 * Picks a laminar subfamily of one side's 0/1 constraints. Constraints that
 * cross few others go in first, so that one quota crossing five district caps
 * is the one left out (one multiplier instead of five).
 */
const pickLaminar = (
  candidates: readonly Candidate[],
  size: number,
): { kept: Candidate[][]; crossing: number[] } => {
  const mark = new Int32Array(size)
  const crossCount = new Int32Array(candidates.length)
  const intersect = (a: Candidate, b: Candidate, stamp: number): number => {
    for (const i of a.members) mark[i] = stamp
    let n = 0
    for (const i of b.members) if (mark[i] === stamp) n++
    return n
  }
  let stamp = 0
  for (let i = 0; i < candidates.length; i++) {
    for (let j = i + 1; j < candidates.length; j++) {
      const a = candidates[i] as Candidate
      const b = candidates[j] as Candidate
      const n = intersect(a, b, ++stamp)
      if (n !== 0 && n !== a.members.length && n !== b.members.length) {
        crossCount[i] = (crossCount[i] as number) + 1
        crossCount[j] = (crossCount[j] as number) + 1
      }
    }
  }
  const order = candidates
    .map((_, i) => i)
    .sort((a, b) => (crossCount[a] as number) - (crossCount[b] as number) || a - b)
  // Groups of identical member sets; each group is laminar with every other.
  const kept: Candidate[][] = []
  const crossing: number[] = []
  for (const ci of order) {
    const c = candidates[ci] as Candidate
    let fits = true
    let same: Candidate[] | undefined
    for (const group of kept) {
      const g = group[0] as Candidate
      const n = intersect(g, c, ++stamp)
      if (n === g.members.length && n === c.members.length) {
        same = group
        break
      }
      if (n !== 0 && n !== g.members.length && n !== c.members.length) {
        fits = false
        break
      }
    }
    if (!fits) crossing.push(c.index)
    else if (same) same.push(c)
    else kept.push([c])
  }
  return { kept, crossing }
}

export function classify(problem: MatchProblem): Classification {
  const { households: N, vacancies: M, constraints } = problem
  const crossing: number[] = []
  const bySide: Record<Side, Candidate[]> = { households: [], vacancies: [] }
  const violatedTrivial: string[] = []
  constraints.forEach((c, index) => {
    const coef = c.scope.coef
    if (isAllZero(coef)) {
      if (!trivialHolds(c)) violatedTrivial.push(c.name)
      return
    }
    // A coefficient that depends on the pair (exempt households) is no group's count. Callers
    // normalise first (exempt.ts), so a row still exempting here does bear on some pair.
    if (!isZeroOne(coef) || hasExemptions(c.scope)) {
      crossing.push(index)
      return
    }
    const members: number[] = []
    for (let i = 0; i < coef.length; i++) if (coef[i] === 1) members.push(i)
    bySide[c.scope.kind].push({ index, members: Int32Array.from(members) })
  })
  if (violatedTrivial.length > 0) return { ok: false, conflicting: violatedTrivial }

  const hh = pickLaminar(bySide.households, N)
  const vac = pickLaminar(bySide.vacancies, M)
  crossing.push(...hh.crossing, ...vac.crossing)
  crossing.sort((a, b) => a - b)

  // Group order: household groups then vacancy groups, each by first constraint index.
  const groupsOf = (kept: Candidate[][], side: Side) =>
    kept
      .map((members) => ({ side, members: members.sort((a, b) => a.index - b.index) }))
      .sort((a, b) => (a.members[0] as Candidate).index - (b.members[0] as Candidate).index)
  const groups = [...groupsOf(hh.kept, 'households'), ...groupsOf(vac.kept, 'vacancies')]
  const G = groups.length
  const base = M + N
  const z = base + G
  const nodeCount = z + 1
  const parent = new Int32Array(nodeCount).fill(z)
  parent[z] = -1
  const lower = new Float64Array(nodeCount)
  const cap = new Float64Array(nodeCount).fill(Number.POSITIVE_INFINITY)
  for (let h = 0; h < N; h++) cap[M + h] = 1

  // Tree: visit groups from large to small; the innermost group seen so far
  // at any member is the parent (laminarity makes it the same at every member).
  const innermostH = new Int32Array(N).fill(z)
  const innermostV = new Int32Array(M).fill(z)
  const bySize = groups
    .map((_g, i) => i)
    .sort(
      (a, b) =>
        ((groups[b] as (typeof groups)[number]).members[0] as Candidate).members.length -
          ((groups[a] as (typeof groups)[number]).members[0] as Candidate).members.length || a - b,
    )
  const conflicting: string[] = []
  const groupInfo: GroupInfo[] = new Array(G)
  for (const gi of bySize) {
    const g = groups[gi] as (typeof groups)[number]
    const members = (g.members[0] as Candidate).members
    const node = base + gi
    const inner = g.side === 'households' ? innermostH : innermostV
    parent[node] = inner[members[0] as number] as number
    for (const i of members) inner[i] = node
    const caps: number[] = []
    const floors: number[] = []
    let capCount = Number.POSITIVE_INFINITY
    let floorCount = 0
    for (const c of g.members) {
      const con = constraints[c.index] as SideConstraint
      if (con.sense === '<=') {
        caps.push(c.index)
        capCount = Math.min(capCount, Math.floor(con.rhs))
      } else {
        floors.push(c.index)
        floorCount = Math.max(floorCount, Math.ceil(con.rhs))
      }
    }
    const size = members.length
    groupInfo[gi] = { side: g.side, caps, floors }
    if (floorCount > Math.min(capCount, size) || capCount < 0) {
      for (const c of [...floors, ...caps]) conflicting.push((constraints[c] as SideConstraint).name)
      continue
    }
    if (g.side === 'households') {
      lower[node] = floorCount
      cap[node] = capCount
    } else {
      // Unfilled members = size − filled.
      lower[node] = capCount === Number.POSITIVE_INFINITY ? 0 : Math.max(0, size - capCount)
      cap[node] = floorCount > 0 ? size - floorCount : Number.POSITIVE_INFINITY
    }
  }
  if (conflicting.length > 0) return { ok: false, conflicting }
  for (let h = 0; h < N; h++) parent[M + h] = innermostH[h] as number
  for (let v = 0; v < M; v++) parent[v] = innermostV[v] as number

  // Children lists of groups and Z (only those are ever needed).
  const childStart = new Int32Array(G + 2)
  for (let x = 0; x < z; x++) {
    const p = (parent[x] as number) - base
    childStart[p + 1] = (childStart[p + 1] as number) + 1
  }
  for (let g = 0; g <= G; g++) childStart[g + 1] = (childStart[g + 1] as number) + (childStart[g] as number)
  const fill = childStart.slice(0, G + 1)
  const childList = new Int32Array(z)
  for (let x = 0; x < z; x++) {
    const p = (parent[x] as number) - base
    childList[fill[p] as number] = x
    fill[p] = (fill[p] as number) + 1
  }

  // Parent-before-child order of the group nodes (BFS from Z).
  const topDown = new Int32Array(G)
  let head = 0
  let tail = 0
  const pushChildren = (g: number) => {
    for (let k = childStart[g] as number; k < (childStart[g + 1] as number); k++) {
      const c = childList[k] as number
      if (c >= base) topDown[tail++] = c
    }
  }
  pushChildren(G)
  while (head < tail) pushChildren((topDown[head++] as number) - base)

  return {
    ok: true,
    model: {
      households: N,
      vacancies: M,
      groups: G,
      nodeCount,
      z,
      parent,
      lower,
      cap,
      childStart,
      childList,
      groupInfo,
      topDown,
      crossing,
    },
  }
}

/** Names of the constraints on the groups a failed search was cut off by. */
export function conflictNames(problem: MatchProblem, lam: LaminarModel, cut: readonly number[]): string[] {
  const names = new Set<string>()
  for (const code of cut) {
    const info = lam.groupInfo[code >> 1]
    if (!info) continue
    const atCap = (code & 1) === 1
    // Household arcs count placements; vacancy arcs count unfilled vacancies,
    // so a vacancy arc at its capacity is a floor on placements.
    const binding = (info.side === 'households') === atCap ? info.caps : info.floors
    for (const k of binding) names.add((problem.constraints[k] as SideConstraint).name)
  }
  if (names.size === 0) {
    // The cut runs only through "each at most once" rows: every floor shares the blame.
    for (const info of lam.groupInfo) {
      for (const k of info.side === 'households' ? info.floors : info.caps) {
        names.add((problem.constraints[k] as SideConstraint).name)
      }
    }
  }
  return [...names].sort()
}

/**
 * True when every side constraint goes into the network (0/1 and laminar on its side): the
 * round's linear relaxation is then a flow problem, integral, and an optimum of it is an optimum
 * of the round. Dropping constraints keeps this true.
 */
export function fitsNetwork(problem: MatchProblem): boolean {
  const cls = classify(normaliseExemptions(problem))
  return cls.ok && cls.model.crossing.length === 0
}
