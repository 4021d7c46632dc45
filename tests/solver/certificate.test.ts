import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { verifyCertificate } from '../../solver/certificate.ts'
import { solveFlow } from '../../solver/flow/index.ts'
import type { MatchProblem, SolveResult } from '../../solver/problem.ts'
import { problemArb } from '../support/random-problem.ts'

const params = { seed: 4242, numRuns: 200 }

/** A solved laminar problem with at least one placement (so there is something to tamper with). */
const solvedArb = fc
  .oneof(
    problemArb({ constraints: 'laminar', maxHouseholds: 10, maxVacancies: 6 }),
    problemArb({ constraints: 'none', maxHouseholds: 10, maxVacancies: 6 }),
  )
  .map((problem) => ({ problem, result: solveFlow(problem) }))
  .filter(
    ({ result }) => result.status === 'optimal' && result.chosen.length > 0 && result.duals !== undefined,
  )

const withDuals = (
  result: SolveResult,
  edit: (d: { h: Float64Array; v: Float64Array; k: Float64Array }) => void,
) => {
  const d = result.duals
  if (!d) throw new Error('no duals')
  const h = Float64Array.from(d.households)
  const v = Float64Array.from(d.vacancies)
  const k = Float64Array.from(d.constraints)
  edit({ h, v, k })
  return { ...result, duals: { households: h, vacancies: v, constraints: k } }
}

describe('verifyCertificate', () => {
  it('certifies a hand-checked optimum: 2 × 2, weights 3 1 / 1 2, duals u = (2, 1), p = (1, 1)', () => {
    const problem: MatchProblem = {
      households: 2,
      vacancies: 2,
      edges: {
        household: Int32Array.of(0, 0, 1, 1),
        vacancy: Int32Array.of(0, 1, 0, 1),
        weight: Float64Array.of(3, 1, 1, 2),
      },
      constraints: [],
    }
    const result: SolveResult = {
      status: 'optimal',
      chosen: Int32Array.of(0, 3),
      objective: 5,
      bound: 5,
      duals: {
        households: Float64Array.of(2, 1),
        vacancies: Float64Array.of(1, 1),
        constraints: new Float64Array(0),
      },
      stats: {},
    }
    expect(verifyCertificate(problem, result, 0)).toEqual({
      certified: true,
      dualBound: 5,
      primalObjective: 5,
    })
    // A worse matching with the same duals: feasible, but the bound no longer meets it.
    const worse = { ...result, chosen: Int32Array.of(1, 2), objective: 2 }
    expect(verifyCertificate(problem, worse, 0).certified).toBe(false)
  })

  it('rejects duals lowered on a placed household (some edge gets a positive reduced cost)', () => {
    fc.assert(
      fc.property(solvedArb, ({ problem, result }) => {
        const e = result.chosen[0] as number
        const h = problem.edges.household[e] as number
        const v = problem.edges.vacancy[e] as number
        // Lower u_h + p_v by 1 in total, keeping signs: the chosen edge's reduced cost becomes 1.
        const tampered = withDuals(result, ({ h: u, v: p }) => {
          if ((u[h] as number) >= 1) u[h] = (u[h] as number) - 1
          else if ((p[v] as number) >= 1) p[v] = (p[v] as number) - 1
          else {
            u[h] = 0
            p[v] = 0
          }
        })
        const before = (result.duals?.households[h] as number) + (result.duals?.vacancies[v] as number)
        fc.pre(before >= 1)
        const check = verifyCertificate(problem, tampered, 0)
        expect(check.certified).toBe(false)
        expect(check.reason).toMatch(/reduced cost|bound/)
      }),
      params,
    )
  })

  it('rejects duals of the wrong sign', () => {
    fc.assert(
      fc.property(
        solvedArb,
        fc.constantFrom('household', 'vacancy', 'constraint'),
        ({ problem, result }, which) => {
          fc.pre(which !== 'constraint' || problem.constraints.length > 0)
          const tampered = withDuals(result, ({ h, v, k }) => {
            if (which === 'household') h[0] = -1
            else if (which === 'vacancy') v[0] = -1
            else k[0] = problem.constraints[0]?.sense === '<=' ? -1 : 1
          })
          const check = verifyCertificate(problem, tampered, 0)
          expect(check.certified).toBe(false)
          expect(check.reason).toMatch(/negative|wrong sign/)
        },
      ),
      params,
    )
  })

  it('rejects a chosen set that places a household twice, breaks a side constraint, or misstates the objective', () => {
    fc.assert(
      fc.property(solvedArb, ({ problem, result }) => {
        const e = result.chosen[0] as number
        const h = problem.edges.household[e] as number
        const other = Array.from(problem.edges.household.keys()).find(
          (f) => f !== e && problem.edges.household[f] === h,
        )
        if (other !== undefined) {
          const twice = { ...result, chosen: Int32Array.from([...result.chosen, other]).sort() }
          expect(verifyCertificate(problem, twice, 0).certified).toBe(false)
        }
        const misstated = { ...result, objective: result.objective + 1 }
        expect(verifyCertificate(problem, misstated, 0).reason).toMatch(/objective/)
        // Dropping every placement breaks any floor above 0.
        const floors = problem.constraints.filter((c) => c.sense === '>=' && c.rhs > 0)
        if (floors.length > 0) {
          const empty = { ...result, chosen: new Int32Array(0), objective: 0 }
          expect(verifyCertificate(problem, empty, 0).reason).toMatch(/constraint/)
        }
      }),
      params,
    )
  })

  it('does not certify a feasible but suboptimal matching with the optimum duals', () => {
    fc.assert(
      fc.property(solvedArb, ({ problem, result }) => {
        // Drop the heaviest placement; if no floor breaks, the matching stays feasible but loses weight.
        let drop = result.chosen[0] as number
        for (const e of result.chosen)
          if ((problem.edges.weight[e] as number) > (problem.edges.weight[drop] as number)) drop = e
        fc.pre((problem.edges.weight[drop] as number) >= 1)
        const chosen = Int32Array.from(Array.from(result.chosen).filter((e) => e !== drop))
        const weaker = {
          ...result,
          chosen,
          objective: result.objective - (problem.edges.weight[drop] as number),
        }
        expect(verifyCertificate(problem, weaker, 0).certified).toBe(false)
      }),
      params,
    )
  })

  it('recomputes everything: it ignores the bound and stats a result reports', () => {
    fc.assert(
      fc.property(solvedArb, ({ problem, result }) => {
        const lying = { ...result, bound: result.objective, stats: { certified: true, gap: 0 } }
        const noDuals = { ...lying, duals: undefined }
        expect(verifyCertificate(problem, noDuals, 0).certified).toBe(false)
      }),
      params,
    )
  })
})
