import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { verifyCertificate } from '../../../solver/certificate.ts'
import { solveCostScaling } from '../../../solver/flow/cost-scaling.ts'
import { extractDuals } from '../../../solver/flow/duals.ts'
import { classify, type LaminarModel } from '../../../solver/flow/laminar.ts'
import { FlowNetwork } from '../../../solver/flow/network.ts'
import { solveLaminar } from '../../../solver/flow/solve-laminar.ts'
import type { MatchProblem, SolveResult } from '../../../solver/problem.ts'
import { problemArb, randomProblem } from '../../support/random-problem.ts'

const params = { seed: 20261127, numRuns: 200 }

const allEdges = (problem: MatchProblem) =>
  Int32Array.from({ length: problem.edges.household.length }, (_, e) => e)

/** All edges laid out as FlowNetwork keeps its active set, which is what solveLaminar hands cost scaling. */
const layoutOf = (problem: MatchProblem, lam: LaminarModel) => {
  const net = new FlowNetwork(lam, problem.edges.household, problem.edges.vacancy, problem.edges.weight)
  net.setActive(allEdges(problem))
  return net.activeLayout()
}

const laminarOf = (problem: MatchProblem): LaminarModel | undefined => {
  const cls = classify(problem)
  return cls.ok && cls.model.crossing.length === 0 ? cls.model : undefined
}

/** The shortest-path engine on all edges: the reference the cost-scaling engine must agree with. */
function shortestPaths(problem: MatchProblem, lam: LaminarModel) {
  const net = new FlowNetwork(lam, problem.edges.household, problem.edges.vacancy, problem.edges.weight)
  net.setActive(allEdges(problem))
  return { net, outcome: net.run() }
}

const objectiveOf = (problem: MatchProblem, mateV: Int32Array) => {
  let s = 0
  for (const e of mateV) if (e >= 0) s += problem.edges.weight[e] as number
  return s
}

/** A cost-scaling state taken into a FlowNetwork, as solve-laminar does, read back as a SolveResult. */
function adopted(
  problem: MatchProblem,
  lam: LaminarModel,
  state: Parameters<FlowNetwork['adopt']>[0],
): SolveResult {
  const net = new FlowNetwork(lam, problem.edges.household, problem.edges.vacancy, problem.edges.weight)
  net.setActive(allEdges(problem))
  net.adopt(state)
  const duals = extractDuals(problem, lam, net)
  const chosen = Int32Array.from(Array.from(state.mateV).filter((e) => e >= 0)).sort()
  const objective = objectiveOf(problem, state.mateV)
  return { status: 'optimal', chosen, objective, bound: objective, duals, stats: {} }
}

describe('solveCostScaling', () => {
  for (const kind of ['none', 'laminar'] as const) {
    it(`reaches the shortest-path engine's optimum with potentials that certify it, and fails exactly when that engine finds no flow (${kind})`, () => {
      let infeasible = 0
      let solved = 0
      fc.assert(
        fc.property(problemArb({ constraints: kind, maxHouseholds: 30, maxVacancies: 10 }), (problem) => {
          const lam = laminarOf(problem)
          if (!lam) return
          const reference = shortestPaths(problem, lam)
          const cs = solveCostScaling({ lam, layout: layoutOf(problem, lam) })
          if (!reference.outcome.ok) {
            expect(cs.ok).toBe(false)
            // 'precision' is allowed (the caller then asks shortest paths),
            // but the infeasibility tests must be what usually answers.
            if (!cs.ok && cs.reason === 'infeasible') infeasible++
            return
          }
          expect(cs.ok, cs.ok ? '' : cs.reason).toBe(true)
          if (!cs.ok) return
          solved++
          expect(objectiveOf(problem, cs.mateV)).toBe(objectiveOf(problem, reference.net.mateV))
          const check = verifyCertificate(problem, adopted(problem, lam, cs), 0)
          expect(check.certified, check.reason).toBe(true)
        }),
        params,
      )
      expect(solved).toBeGreaterThan(0)
      if (kind === 'laminar') expect(infeasible).toBeGreaterThan(0)
    })
  }

  it('stays exact when the weights are too large to scale by the node count at once (a coarse stage first), and still certifies', () => {
    // 5,000 nodes need α = 2^13; weights near 2^40 allow only 2^8 in the first stage.
    const problem = randomProblem({
      seed: 7,
      households: 4500,
      vacancies: 500,
      density: 0.004,
      constraints: 'laminar',
      maxWeight: 2 ** 40,
    })
    const lam = laminarOf(problem)
    expect(lam).toBeDefined()
    if (!lam) return
    const reference = shortestPaths(problem, lam)
    expect(reference.outcome.ok).toBe(true)
    const cs = solveCostScaling({ lam, layout: layoutOf(problem, lam) })
    expect(cs.ok).toBe(true)
    if (!cs.ok) return
    expect(cs.stats.coarseStages).toBeGreaterThanOrEqual(1)
    expect(objectiveOf(problem, cs.mateV)).toBe(objectiveOf(problem, reference.net.mateV))
    expect(verifyCertificate(problem, adopted(problem, lam, cs), 0).certified).toBe(true)
  })

  it('declines weights it cannot scale exactly, and solveLaminar then answers by shortest paths', () => {
    const problem: MatchProblem = {
      households: 2,
      vacancies: 1,
      edges: {
        household: Int32Array.of(0, 1),
        vacancy: Int32Array.of(0, 0),
        weight: Float64Array.of(2 ** 46, 2 ** 46 + 2),
      },
      constraints: [],
    }
    const lam = laminarOf(problem)
    if (!lam) throw new Error('a problem without constraints is laminar')
    const cs = solveCostScaling({ lam, layout: layoutOf(problem, lam) })
    expect(cs).toMatchObject({ ok: false, reason: 'precision' })
    const result = solveLaminar(problem, lam, { topK: Number.POSITIVE_INFINITY, scalingMinEdges: 0 })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(objectiveOf(problem, result.chosen)).toBe(2 ** 46 + 2)
    expect(result.stats.scalingPrecision).toBe(1)
  })
})

describe('solveCostScaling with caps far above any possible count', () => {
  it('treats a household cap of 2^31 or 2^53 − 1 as no cap, as the shortest-path engine does', () => {
    for (const cap of [2 ** 31, Number.MAX_SAFE_INTEGER]) {
      const base = randomProblem({
        seed: 11,
        households: 40,
        vacancies: 12,
        density: 0.5,
        constraints: 'none',
      })
      const members = new Float64Array(40)
      for (let h = 0; h < 40; h += 2) members[h] = 1
      const problem: MatchProblem = {
        ...base,
        constraints: [
          { name: 'bigCap', scope: { kind: 'households', coef: members }, sense: '<=', rhs: cap },
        ],
      }
      const lam = laminarOf(problem)
      if (!lam) throw new Error('one household cap is laminar')
      const reference = shortestPaths(problem, lam)
      expect(reference.outcome.ok).toBe(true)
      const cs = solveCostScaling({ lam, layout: layoutOf(problem, lam) })
      expect(cs.ok).toBe(true)
      if (!cs.ok) return
      expect(objectiveOf(problem, cs.mateV)).toBe(objectiveOf(problem, reference.net.mateV))
      expect(verifyCertificate(problem, adopted(problem, lam, cs), 0).certified).toBe(true)
    }
  })
})

describe('solveLaminar re-solves after pricing', () => {
  it('reaches the same certified optimum whether each round is repaired by shortest paths, re-solved by cost scaling, or solved by shortest paths alone', () => {
    let repaired = 0
    let resolved = 0
    fc.assert(
      fc.property(
        problemArb({ constraints: 'laminar', maxHouseholds: 60, maxVacancies: 20 }),
        fc.constantFrom(1, 2),
        (problem, k) => {
          const lam = laminarOf(problem)
          if (!lam) return
          const options = { topK: k, minEdgesToPrune: 0, scalingMinEdges: 0 }
          const ssp = solveLaminar(problem, lam, { ...options, costScaling: false })
          const repair = solveLaminar(problem, lam, { ...options, repairBudget: Number.POSITIVE_INFINITY })
          const resolve = solveLaminar(problem, lam, { ...options, repairBudget: 0 })
          expect(repair.ok).toBe(ssp.ok)
          expect(resolve.ok).toBe(ssp.ok)
          if (!ssp.ok || !repair.ok || !resolve.ok) return
          const value = (chosen: Int32Array) => objectiveOf(problem, chosen)
          expect(value(repair.chosen)).toBe(value(ssp.chosen))
          expect(value(resolve.chosen)).toBe(value(ssp.chosen))
          // The re-solves really were cost scaling, not its fallback for
          // precision ('infeasible' is expected where the pruned first set
          // lacks edges a floor needs: the solve then moves to all edges).
          expect(resolve.stats.scalingPrecision).toBeUndefined()
          if (resolve.stats.scalingInfeasible) expect(resolve.stats.fallbackToAllEdges).toBe(1)
          repaired += repair.stats.repairs ?? 0
          resolved += resolve.stats.repairsOverBudget ?? 0
          for (const solve of [repair, resolve]) {
            const objective = value(solve.chosen)
            const result: SolveResult = {
              status: 'optimal',
              chosen: solve.chosen,
              objective,
              bound: objective,
              duals: solve.duals,
              stats: {},
            }
            expect(verifyCertificate(problem, result, 0).certified).toBe(true)
          }
        },
      ),
      params,
    )
    // Both paths must actually run, or this test proves less than it says.
    expect(repaired).toBeGreaterThan(0)
    expect(resolved).toBeGreaterThan(0)
  })
})
