import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { solveGreedy } from '../../bench/solvers/greedy.ts'
import { coefficientOf, type MatchProblem, type SideConstraint } from '../../solver/problem.ts'

/** A random round: eligible pairs with probability `density`, optional district caps and a children floor. */
const arbitraryInput = fc
  .record({
    households: fc.integer({ min: 0, max: 12 }),
    vacancies: fc.integer({ min: 0, max: 8 }),
    density: fc.double({ min: 0, max: 1, noNaN: true }),
    seed: fc.integer(),
    caps: fc.boolean(),
  })
  .map(({ households, vacancies, density, seed, caps }) => {
    let s = seed >>> 0
    const next = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0
      return s / 2 ** 32
    }
    const hs: number[] = []
    const vs: number[] = []
    for (let h = 0; h < households; h++)
      for (let v = 0; v < vacancies; v++)
        if (next() < density) {
          hs.push(h)
          vs.push(v)
        }
    const constraints: SideConstraint[] = []
    if (caps && vacancies > 0) {
      const coef = Float64Array.from({ length: vacancies }, (_, v) => (v % 2 === 0 ? 1 : 0))
      constraints.push({ name: 'districtCap:even', scope: { kind: 'vacancies', coef }, sense: '<=', rhs: 1 })
      const kids = Float64Array.from({ length: households }, () => (next() < 0.5 ? 1 : 0))
      constraints.push({
        name: 'childrenFloor',
        scope: { kind: 'households', coef: kids },
        sense: '>=',
        rhs: 2,
      })
    }
    const problem: MatchProblem = {
      households,
      vacancies,
      edges: {
        household: Int32Array.from(hs),
        vacancy: Int32Array.from(vs),
        weight: Float64Array.from(hs, () => 1 + Math.floor(next() * 100)),
      },
      constraints,
    }
    const priority = Float64Array.from({ length: households }, () => Math.floor(next() * 5))
    const order = Array.from({ length: vacancies }, (_, v) => v).sort(() => next() - 0.5)
    return { problem, priority, vacancyOrder: Int32Array.from(order) }
  })

describe('greedy baseline', () => {
  it('only chooses eligible pairs and places each household and vacancy at most once', () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const { chosen } = solveGreedy(input)
        const { edges } = input.problem
        const households = new Set<number>()
        const vacancies = new Set<number>()
        for (const e of chosen) {
          expect(e).toBeGreaterThanOrEqual(0)
          expect(e).toBeLessThan(edges.weight.length)
          households.add(edges.household[e] as number)
          vacancies.add(edges.vacancy[e] as number)
        }
        expect(households.size).toBe(chosen.length)
        expect(vacancies.size).toBe(chosen.length)
      }),
      { seed: 4, numRuns: 300 },
    )
  })

  it('keeps the caps it can keep (district caps), whatever it does with floors', () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const { chosen } = solveGreedy(input)
        for (const c of input.problem.constraints) {
          if (c.sense !== '<=') continue
          let load = 0
          for (const e of chosen) {
            const { household, vacancy } = input.problem.edges
            load += coefficientOf(c.scope, household[e] as number, vacancy[e] as number)
          }
          expect(load).toBeLessThanOrEqual(c.rhs)
        }
      }),
      { seed: 5, numRuns: 300 },
    )
  })

  it('gives each vacancy, in offer order, to the most urgent household still waiting, ties to the lower lottery rank', () => {
    // Households 0..2 (canonical = lottery order), vacancies 0..1; vacancy 1 is offered first.
    const problem: MatchProblem = {
      households: 3,
      vacancies: 2,
      edges: {
        household: Int32Array.from([0, 0, 1, 1, 2]),
        vacancy: Int32Array.from([0, 1, 0, 1, 1]),
        weight: Float64Array.from([9, 1, 1, 1, 1]),
      },
      constraints: [],
    }
    const priority = Float64Array.from([500, 900, 900])
    const { chosen } = solveGreedy({ problem, priority, vacancyOrder: Int32Array.from([1, 0]) })
    // Vacancy 1: households 1 and 2 tie at 900, household 1 has the earlier lottery number (edge 3).
    // Vacancy 0: household 1 is placed, so household 0 (edge 0), whatever the weights say.
    expect([...chosen]).toEqual([0, 3])
  })

  it('fills a full district with a household the cap exempts, and only with one', () => {
    // Two vacancies in one district capped at one placement; household 1 (the more urgent) does not
    // ask for the district, household 0 does. Vacancy 0 goes first, to household 1, and fills the cap.
    const cap = (exempt: number[]): MatchProblem => ({
      households: 2,
      vacancies: 2,
      edges: {
        household: Int32Array.from([0, 0, 1, 1]),
        vacancy: Int32Array.from([0, 1, 0, 1]),
        weight: Float64Array.from([1, 1, 1, 1]),
      },
      constraints: [
        {
          name: 'districtCap:A',
          scope: {
            kind: 'vacancies',
            coef: Float64Array.from([1, 1]),
            exempt: Uint8Array.from([0, 1], (h) => (exempt.includes(h) ? 1 : 0)),
          },
          sense: '<=',
          rhs: 1,
        },
      ],
    })
    const input = { priority: Float64Array.from([100, 900]), vacancyOrder: Int32Array.from([0, 1]) }
    // Household 0 asked for the district: vacancy 1 is not left empty.
    expect([...solveGreedy({ ...input, problem: cap([0]) }).chosen]).toEqual([1, 2])
    // Nobody exempt: the cap leaves vacancy 1 empty.
    expect([...solveGreedy({ ...input, problem: cap([]) }).chosen]).toEqual([2])
  })
})
