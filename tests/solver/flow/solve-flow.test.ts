import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { verifyCertificate } from '../../../solver/certificate.ts'
import { solveFlow } from '../../../solver/flow/index.ts'
import type { MatchProblem, SideConstraint, SolveResult } from '../../../solver/problem.ts'
import { exhaustiveOptimum } from '../../support/exhaustive.ts'
import { type ConstraintKind, permuteEdges, problemArb } from '../../support/random-problem.ts'

const params = { seed: 20261127, numRuns: 200 }

/** Feasibility and objective recomputed from the problem, not taken from the solver. */
function checkPrimal(problem: MatchProblem, result: SolveResult): number {
  const { edges } = problem
  const usedH = new Set<number>()
  const usedV = new Set<number>()
  let objective = 0
  for (const e of result.chosen) {
    const h = edges.household[e] as number
    const v = edges.vacancy[e] as number
    expect(usedH.has(h), `household ${h} placed twice`).toBe(false)
    expect(usedV.has(v), `vacancy ${v} filled twice`).toBe(false)
    usedH.add(h)
    usedV.add(v)
    objective += edges.weight[e] as number
  }
  for (const c of problem.constraints) {
    let lhs = 0
    for (const e of result.chosen) {
      // The pair's own coefficient, read from the row as written: 0 where the row exempts the household.
      const h = edges.household[e] as number
      const v = edges.vacancy[e] as number
      if (c.scope.kind === 'households') lhs += c.scope.coef[h] as number
      else if (c.scope.exempt?.[h] !== 1) lhs += c.scope.coef[v] as number
    }
    if (c.sense === '<=') expect(lhs, c.name).toBeLessThanOrEqual(c.rhs + 1e-9)
    else expect(lhs, c.name).toBeGreaterThanOrEqual(c.rhs - 1e-9)
  }
  expect(result.objective).toBe(objective)
  return objective
}

const pairsOf = (problem: MatchProblem, chosen: Int32Array) =>
  Array.from(chosen, (e) => `${problem.edges.household[e]}-${problem.edges.vacancy[e]}`).sort()

describe('solveFlow against exhaustive search (≤ 8 households × 5 vacancies)', () => {
  const kinds: ConstraintKind[] = ['none', 'laminar', 'crossing', 'parity', 'exempt']
  for (const kind of kinds) {
    it(`finds the exact optimum, or reports infeasible exactly when no matching exists (${kind} side constraints)`, () => {
      let infeasible = 0
      fc.assert(
        fc.property(problemArb({ constraints: kind }), (problem) => {
          const truth = exhaustiveOptimum(problem)
          const result = solveFlow(problem)
          if (truth.objective === null) {
            infeasible++
            expect(result.status).toBe('infeasible')
            expect(result.conflicting?.length ?? 0).toBeGreaterThan(0)
            const names = new Set(problem.constraints.map((c) => c.name))
            for (const n of result.conflicting ?? []) expect(names.has(n)).toBe(true)
            return
          }
          expect(result.status).toBe('optimal')
          expect(checkPrimal(problem, result)).toBe(truth.objective)
          expect(result.bound).toBe(result.objective)
        }),
        params,
      )
      // The generator must exercise the infeasible path where floors exist, or this test proves less than it says.
      if (kind !== 'none') expect(infeasible).toBeGreaterThan(0)
    })
  }

  it('finds the exact optimum with one fractional, mixed-sign crossing row', () => {
    const arb = fc
      .tuple(
        problemArb({ constraints: 'laminar' }),
        fc.array(fc.constantFrom(0, 0.3, -0.25, 0.5), { minLength: 8, maxLength: 8 }),
        fc.constantFrom('<=', '>='),
        fc.constantFrom(-0.2, 0, 0.2, 0.55),
      )
      .map(([problem, coefs, sense, rhs]): MatchProblem => {
        const coef = Float64Array.from(coefs.slice(0, problem.households))
        const row: SideConstraint = { name: 'fractional', scope: { kind: 'households', coef }, sense, rhs }
        return { ...problem, constraints: [...problem.constraints, row] }
      })
    fc.assert(
      fc.property(arb, (problem) => {
        const truth = exhaustiveOptimum(problem)
        const result = solveFlow(problem)
        if (truth.objective === null) expect(result.status).toBe('infeasible')
        else {
          expect(result.status).toBe('optimal')
          expect(checkPrimal(problem, result)).toBe(truth.objective)
        }
      }),
      params,
    )
  })

  it('every optimal result without crossing rows carries duals that verifyCertificate accepts', () => {
    fc.assert(
      fc.property(
        fc.oneof(problemArb({ constraints: 'none' }), problemArb({ constraints: 'laminar' })),
        (problem) => {
          const result = solveFlow(problem)
          fc.pre(result.status === 'optimal')
          const check = verifyCertificate(problem, result, 0)
          expect(check.reason).toBeUndefined()
          expect(check.certified).toBe(true)
          expect(check.dualBound).toBe(result.objective)
        },
      ),
      params,
    )
  })
})

describe('solveFlow invariances', () => {
  it('is deterministic: the same problem gives an identical result', () => {
    fc.assert(
      fc.property(problemArb({ constraints: 'laminar', maxHouseholds: 30, maxVacancies: 12 }), (problem) => {
        const a = solveFlow(problem)
        const b = solveFlow(problem)
        const { ms: _a, ...statsA } = a.stats
        const { ms: _b, ...statsB } = b.stats
        expect({ ...b, stats: statsB }).toEqual({ ...a, stats: statsA })
      }),
      params,
    )
  })

  for (const kind of ['none', 'laminar', 'crossing'] as const) {
    it(`does not depend on edge order: same objective and same pairs, ties included (${kind})`, () => {
      fc.assert(
        fc.property(
          problemArb({ constraints: kind, maxHouseholds: 12, maxVacancies: 6, maxWeight: 5 }),
          fc.integer({ min: 0, max: 1e9 }),
          (problem, seed) => {
            const shuffled = permuteEdges(problem, seed).problem
            const a = solveFlow(problem)
            const b = solveFlow(shuffled)
            expect(b.status).toBe(a.status)
            expect(b.objective).toBe(a.objective)
            expect(pairsOf(shuffled, b.chosen)).toEqual(pairsOf(problem, a.chosen))
          },
        ),
        params,
      )
    })
  }
})

describe('pruning and pricing', () => {
  it('gives the same objective as solving on all edges, and prices edges in when pruning dropped needed ones', () => {
    let priced = 0
    fc.assert(
      fc.property(
        problemArb({ constraints: 'laminar', maxHouseholds: 60, maxVacancies: 20 }),
        fc.constantFrom(1, 2, 3),
        (problem, k) => {
          const full = solveFlow(problem, { pruneTopK: Number.POSITIVE_INFINITY })
          const pruned = solveFlow(problem, { pruneTopK: k })
          expect(pruned.status).toBe(full.status)
          expect(pruned.objective).toBe(full.objective)
          if (pruned.status === 'optimal') {
            // Certified over ALL edges, not only those the pruned solve saw.
            expect(verifyCertificate(problem, pruned, 0).certified).toBe(true)
            priced += Number(pruned.stats.pricedIn ?? 0)
          }
        },
      ),
      params,
    )
    expect(priced).toBeGreaterThan(0)
  })

  it('stays exact with crossing rows under pruning', () => {
    fc.assert(
      fc.property(problemArb({ constraints: 'crossing', maxHouseholds: 40, maxVacancies: 12 }), (problem) => {
        const full = solveFlow(problem, { pruneTopK: Number.POSITIVE_INFINITY })
        const pruned = solveFlow(problem, { pruneTopK: 2 })
        expect(pruned.status).toBe(full.status)
        expect(pruned.objective).toBe(full.objective)
      }),
      { ...params, numRuns: 100 },
    )
  })
})

const group = (n: number, members: number[]) => {
  const coef = new Float64Array(n)
  for (const i of members) coef[i] = 1
  return coef
}

/** Three households, two vacancies, every pair eligible, weight 10·h + v + 1. */
const tiny = (constraints: SideConstraint[]): MatchProblem => {
  const hs: number[] = []
  const vs: number[] = []
  const ws: number[] = []
  for (let h = 0; h < 3; h++) {
    for (let v = 0; v < 2; v++) {
      hs.push(h)
      vs.push(v)
      ws.push(10 * h + v + 1)
    }
  }
  return {
    households: 3,
    vacancies: 2,
    edges: { household: Int32Array.from(hs), vacancy: Int32Array.from(vs), weight: Float64Array.from(ws) },
    constraints,
  }
}

describe('infeasible side constraints', () => {
  it('names a household floor larger than its group', () => {
    const result = solveFlow(
      tiny([
        { name: 'childrenFloor', scope: { kind: 'households', coef: group(3, [0, 1]) }, sense: '>=', rhs: 3 },
      ]),
    )
    expect(result.status).toBe('infeasible')
    expect(result.conflicting).toEqual(['childrenFloor'])
  })

  it('names a household floor and the vacancy cap that starves it', () => {
    const result = solveFlow(
      tiny([
        { name: 'childrenFloor', scope: { kind: 'households', coef: group(3, [0, 1]) }, sense: '>=', rhs: 2 },
        { name: 'districtCap:A', scope: { kind: 'vacancies', coef: group(2, [0, 1]) }, sense: '<=', rhs: 1 },
      ]),
    )
    expect(result.status).toBe('infeasible')
    expect(result.conflicting).toEqual(['childrenFloor', 'districtCap:A'])
  })

  it('names a crossing quota that the district caps rule out', () => {
    const result = solveFlow(
      tiny([
        { name: 'districtCap:A', scope: { kind: 'vacancies', coef: group(2, [0]) }, sense: '<=', rhs: 0 },
        {
          name: 'programQuota',
          scope: { kind: 'vacancies', coef: Float64Array.of(2, 1) },
          sense: '>=',
          rhs: 2,
        },
      ]),
    )
    expect(result.status).toBe('infeasible')
    expect(result.conflicting).toContain('programQuota')
  })

  it('reports a violated constant row by name and never throws on malformed input', () => {
    const constant = solveFlow(
      tiny([
        { name: 'impossible', scope: { kind: 'households', coef: new Float64Array(3) }, sense: '>=', rhs: 1 },
      ]),
    )
    expect(constant.status).toBe('infeasible')
    expect(constant.conflicting).toEqual(['impossible'])
    const bad = solveFlow({ ...tiny([]), households: 1 })
    expect(bad.status).toBe('failed')
    expect(bad.message).toMatch(/edge/)
  })
})

describe('matching is optional', () => {
  it('leaves out negative-weight edges unless a floor forces them', () => {
    const problem: MatchProblem = {
      households: 2,
      vacancies: 1,
      edges: {
        household: Int32Array.of(0, 1),
        vacancy: Int32Array.of(0, 0),
        weight: Float64Array.of(-5, -7),
      },
      constraints: [],
    }
    const free = solveFlow(problem)
    expect(free.status).toBe('optimal')
    expect(Array.from(free.chosen)).toEqual([])
    const floor: SideConstraint = {
      name: 'floor',
      scope: { kind: 'households', coef: group(2, [1]) },
      sense: '>=',
      rhs: 1,
    }
    const constrained = { ...problem, constraints: [floor] }
    const forced = solveFlow(constrained)
    expect(Array.from(forced.chosen)).toEqual([1])
    expect(forced.objective).toBe(-7)
    expect(verifyCertificate(constrained, forced, 0).certified).toBe(true)
  })
})
