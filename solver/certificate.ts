import { ExactishSum } from './exactish-sum.ts'
import { coefficientOf, hasExemptions, type MatchProblem, type SolveResult } from './problem.ts'

export interface CertificateCheck {
  readonly certified: boolean
  readonly reason?: string
  /** Σ u + Σ p + Σ y_k b_k, widened by any tolerated dual infeasibility: an upper bound on the optimum. */
  readonly dualBound?: number
  /** Σ w_e over `chosen`, recomputed from the problem. */
  readonly primalObjective?: number
}

/**
 * Checks a solve result against the problem alone, trusting nothing the
 * solver reported except `chosen` and `duals`:
 *
 * - primal: every chosen edge exists, no household or vacancy is used twice,
 *   every side constraint holds, and the objective is recomputed;
 * - dual: u_h ≥ 0, p_v ≥ 0, y_k ≥ 0 on `<=` rows and ≤ 0 on `>=` rows, and
 *   every edge's reduced cost w_e − u_h − p_v − Σ_k y_k a_ke ≤ tolerance, with
 *   a_ke the pair's own coefficient (0 for a household a row exempts);
 * - bound: D = Σ u + Σ p + Σ y_k b_k is then an upper bound on every
 *   feasible matching (weak LP duality), widened by the worst tolerated
 *   reduced cost times the largest possible matching.
 *
 * Certified when D − primal ≤ tolerance, or, with integer weights, when
 * D − primal < 1 (no integer objective fits strictly between). A row whose
 * coefficients are all integers holds for integer x exactly when it holds
 * with its right-hand side rounded (down for `<=`, up for `>=`), so D uses
 * the rounded value there; that is still a valid bound on the integer
 * problem, and the network solver's duals are exact for it.
 *
 * @example
 *   const result = solveFlow(problem)
 *   const check = verifyCertificate(problem, result)
 *   if (!check.certified) console.error(check.reason)
 */
export function verifyCertificate(
  problem: MatchProblem,
  result: SolveResult,
  tolerance = 1e-6,
): CertificateCheck {
  const { households: N, vacancies: M, edges, constraints } = problem
  const E = edges.household.length
  if (result.status !== 'optimal' && result.status !== 'timedout') {
    return { certified: false, reason: `status ${result.status} has no solution to certify` }
  }
  const usedH = new Uint8Array(N)
  const usedV = new Uint8Array(M)
  const primal = new ExactishSum()
  const x = new Uint8Array(E)
  for (const e of result.chosen) {
    if (!Number.isInteger(e) || e < 0 || e >= E)
      return { certified: false, reason: `chosen edge ${e} does not exist` }
    if (x[e]) return { certified: false, reason: `edge ${e} chosen twice` }
    x[e] = 1
    const h = edges.household[e] as number
    const v = edges.vacancy[e] as number
    if (usedH[h]) return { certified: false, reason: `household ${h} placed twice` }
    if (usedV[v]) return { certified: false, reason: `vacancy ${v} filled twice` }
    usedH[h] = 1
    usedV[v] = 1
    primal.add(edges.weight[e] as number)
  }
  const primalObjective = primal.value()
  for (const c of constraints) {
    const lhs = new ExactishSum()
    for (const e of result.chosen)
      lhs.add(coefficientOf(c.scope, edges.household[e] as number, edges.vacancy[e] as number))
    const value = lhs.value()
    const ok = c.sense === '<=' ? value <= c.rhs + tolerance : value >= c.rhs - tolerance
    if (!ok)
      return {
        certified: false,
        reason: `constraint ${c.name} fails: ${value} ${c.sense} ${c.rhs}`,
        primalObjective,
      }
  }
  if (Math.abs(primalObjective - result.objective) > tolerance) {
    return {
      certified: false,
      reason: `reported objective ${result.objective} differs from recomputed ${primalObjective}`,
      primalObjective,
    }
  }

  const duals = result.duals
  if (!duals) return { certified: false, reason: 'no duals to certify with', primalObjective }
  if (
    duals.households.length !== N ||
    duals.vacancies.length !== M ||
    duals.constraints.length !== constraints.length
  ) {
    return { certified: false, reason: 'dual vectors have the wrong length', primalObjective }
  }
  const H = new Float64Array(N)
  const V = new Float64Array(M)
  // Rows with exempt households: y·coef[v] is added to V[v] for every pair, and given back on the
  // pairs the row does not count (an exempt household's), edge by edge below.
  const exemptions: { readonly y: number; readonly coef: Float64Array; readonly exempt: Uint8Array }[] = []
  const bound = new ExactishSum()
  for (let h = 0; h < N; h++) {
    const u = duals.households[h] as number
    if (!(u >= -tolerance)) return { certified: false, reason: `u[${h}] = ${u} is negative`, primalObjective }
    H[h] = u
    bound.add(u)
  }
  for (let v = 0; v < M; v++) {
    const p = duals.vacancies[v] as number
    if (!(p >= -tolerance)) return { certified: false, reason: `p[${v}] = ${p} is negative`, primalObjective }
    V[v] = p
    bound.add(p)
  }
  for (let k = 0; k < constraints.length; k++) {
    const c = constraints[k] as (typeof constraints)[number]
    const y = duals.constraints[k] as number
    if (Number.isNaN(y) || (c.sense === '<=' ? y < -tolerance : y > tolerance)) {
      return { certified: false, reason: `dual of ${c.name} has the wrong sign: ${y}`, primalObjective }
    }
    if (y === 0) continue
    const coef = c.scope.coef
    if (hasExemptions(c.scope)) exemptions.push({ y, coef, exempt: c.scope.exempt })
    let integral = true
    for (let i = 0; i < coef.length; i++) {
      const a = coef[i] as number
      if (!Number.isInteger(a)) integral = false
      if (a !== 0) {
        if (c.scope.kind === 'households') H[i] = (H[i] as number) + y * a
        else V[i] = (V[i] as number) + y * a
      }
    }
    const rhs = integral ? (c.sense === '<=' ? Math.floor(c.rhs) : Math.ceil(c.rhs)) : c.rhs
    bound.add(y * rhs)
  }
  let worst = 0
  let worstEdge = -1
  let integerWeights = true
  for (let e = 0; e < E; e++) {
    const w = edges.weight[e] as number
    if (!Number.isInteger(w)) integerWeights = false
    const h = edges.household[e] as number
    const v = edges.vacancy[e] as number
    let r = w - (H[h] as number) - (V[v] as number)
    for (const x of exemptions) if (x.exempt[h] === 1) r += x.y * (x.coef[v] as number)
    if (r > worst) {
      worst = r
      worstEdge = e
    }
  }
  if (worst > tolerance) {
    return {
      certified: false,
      reason: `edge ${worstEdge} has positive reduced cost ${worst}: duals infeasible`,
      primalObjective,
    }
  }
  const dualBound = bound.value() + worst * Math.min(N, M)
  const gap = dualBound - primalObjective
  if (gap <= tolerance || (integerWeights && gap < 1)) return { certified: true, dualBound, primalObjective }
  return {
    certified: false,
    reason: `dual bound ${dualBound} exceeds objective by ${gap}`,
    dualBound,
    primalObjective,
  }
}
