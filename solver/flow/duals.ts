import type { MatchProblem, SideConstraint } from '../problem.ts'
import type { LaminarModel } from './laminar.ts'
import type { FlowNetwork } from './network.ts'

export interface NetworkDuals {
  readonly households: Float64Array
  readonly vacancies: Float64Array
  /** One entry per problem constraint; crossing constraints are left at 0 for the caller. */
  readonly constraints: Float64Array
}

/**
 * Turns the potentials of an optimal flow into LP duals of the match problem.
 *
 * For household h with tree path h → G1 → … → Z, and vacancy v with unfilled
 * path v → D1 → … → Z, set
 *   u_h = π(G1) − π(h)                 p_v = π(v) − π(D1)
 *   y_G = π(parent G) − π(G)  (household groups, counts placed members)
 *   y_D = π(D) − π(parent D)  (vacancy groups, whose arcs count unfilled ones)
 * The sums telescope: u_h + Σ_{G∋h} y_G = π(Z) − π(h) and
 * p_v + Σ_{D∋v} y_D = π(v) − π(Z), so for every pair, active or not,
 *   u_h + p_v + Σ_k y_k a_k(h, v) = π(v) − π(h) = w'_e − (LP reduced cost of e),
 * and reduced-cost optimality of the flow is LP dual feasibility, with
 * complementary slackness from the flow's complementary slackness.
 *
 * One gap: an arc with no lower bound may carry no flow at a positive
 * reduced cost, which would give a negative dual to a row that has no floor.
 * Such an arc's whole subtree carries no flow, so its potentials may be
 * lowered to the parent's without breaking any residual arc; doing that
 * parents-first makes every sign right. This mutates `net.pi` (it stays a
 * valid potential, so warm starts can continue from it).
 */
export function extractDuals(problem: MatchProblem, lam: LaminarModel, net: FlowNetwork): NetworkDuals {
  const { pi, flow } = net
  const { parent, lower, topDown } = lam
  const M = lam.vacancies
  const N = lam.households
  const base = M + N
  for (const x of topDown) {
    const p = parent[x] as number
    if ((pi[x] as number) > (pi[p] as number) && (lower[x] as number) === 0 && (flow[x] as number) === 0) {
      pi[x] = pi[p] as number
    }
  }
  for (let h = 0; h < N; h++) {
    const x = M + h
    const p = parent[x] as number
    if ((pi[x] as number) > (pi[p] as number) && (flow[x] as number) === 0) pi[x] = pi[p] as number
  }
  net.invalidateChildHeaps()
  const households = new Float64Array(N)
  for (let h = 0; h < N; h++) {
    const x = M + h
    households[h] = Math.max(0, (pi[parent[x] as number] as number) - (pi[x] as number))
  }
  const vacancies = new Float64Array(M)
  for (let v = 0; v < M; v++)
    vacancies[v] = Math.max(0, (pi[v] as number) - (pi[parent[v] as number] as number))
  const constraints = new Float64Array(problem.constraints.length)
  const tightest = (indices: readonly number[], pick: (a: number, b: number) => boolean): number => {
    let best = -1
    for (const i of indices) {
      const rhs = (problem.constraints[i] as SideConstraint).rhs
      if (best < 0 || pick(rhs, (problem.constraints[best] as SideConstraint).rhs)) best = i
    }
    return best
  }
  lam.groupInfo.forEach((info, g) => {
    const x = base + g
    const p = parent[x] as number
    const y =
      info.side === 'households'
        ? (pi[p] as number) - (pi[x] as number)
        : (pi[x] as number) - (pi[p] as number)
    if (y > 0) {
      const k = tightest(info.caps, (a, b) => a < b)
      if (k >= 0) constraints[k] = y
    } else if (y < 0) {
      const k = tightest(info.floors, (a, b) => a > b)
      if (k >= 0) constraints[k] = y
    }
  })
  return { households, vacancies, constraints }
}
