import { describe, expect, it } from 'vitest'
import { buildCase, caseNamed, cases, findCase } from '../../bench/cases.ts'
import { generateRound } from '../../src/synthetic/index.ts'

const sizeInName = (name: string) => {
  const match = /-(\d+)x(\d+)(?:-|$)/.exec(name)
  return match ? { applicants: Number(match[1]), vacancies: Number(match[2]) } : undefined
}

describe('benchmark cases', () => {
  it('are the issue’s seven, in order, and --quick runs the two small ones', () => {
    expect(cases.map((c) => c.name)).toEqual([
      'orebro-300x60',
      'city-1000x250',
      'city-2000x500',
      'metro-5000x1000-laminar',
      'metro-5000x1000-crossing',
      'parity-1000x250',
      'national-50000x10000',
    ])
    expect(cases.filter((c) => c.quick).map((c) => c.name)).toEqual(['orebro-300x60', 'city-1000x250'])
  })

  it('each define the size their name says', () => {
    for (const c of cases) {
      expect(sizeInName(c.name), c.name).toEqual({ applicants: c.applicants, vacancies: c.vacancies })
    }
  })

  it('generate rounds of the named size (all but the national one, which is too large for a unit test)', () => {
    for (const c of cases.filter((c) => c.applicants <= 5000)) {
      const round = generateRound({ ...c, policy: c.policy })
      expect(round.applicants.length, c.name).toBe(c.applicants)
      expect(round.vacancies.length, c.name).toBe(c.vacancies)
    }
  })

  it('switch on the side constraints their descriptions promise', () => {
    const families = (name: string) => {
      const built = buildCase(caseNamed(name))
      return [...new Set(built.prepared.problem.constraints.map((c) => c.name.split(':')[0]))]
    }
    expect(families('orebro-300x60')).toEqual(['childrenFloor', 'districtCap'])
    expect(families('city-1000x250')).toEqual([])
    expect(families('parity-1000x250')).toEqual(['groupParity'])
    const crossing = findCase('metro-5000x1000-crossing')?.policy.constraints
    expect(crossing?.programQuotas).toEqual([{ type: 'housing_first', atLeast: expect.any(Number) }])
    expect(crossing?.childrenFloor.enabled && crossing.districtCaps.enabled).toBe(true)
  })

  it('build a prepared problem of the named size with its measured density', () => {
    const built = buildCase(caseNamed('orebro-300x60'))
    expect(built.prepared.problem.households).toBe(300)
    expect(built.prepared.problem.vacancies).toBe(60)
    expect(built.density).toBeCloseTo(built.prepared.problem.edges.weight.length / (300 * 60), 12)
    expect(built.density).toBeGreaterThan(0.05)
    expect(built.density).toBeLessThan(0.5)
    // Greedy's vacancy order is a permutation.
    expect([...built.input.vacancyOrder].sort((a, b) => a - b)).toEqual([...Array(60).keys()])
  })
})

describe('where a bench run writes', () => {
  it('only a full run replaces the committed results; --quick, --case and --solvers go to results/partial', async () => {
    const { defaultResultsDir } = await import('../../bench/results.ts')
    const full = { quick: false, cases: [], solvers: undefined }
    expect(defaultResultsDir('/r', full)).toBe('/r')
    expect(defaultResultsDir('/r', { ...full, quick: true })).toBe('/r/partial')
    expect(defaultResultsDir('/r', { ...full, cases: ['orebro'] })).toBe('/r/partial')
    expect(defaultResultsDir('/r', { ...full, solvers: 'flow' })).toBe('/r/partial')
  })
})
