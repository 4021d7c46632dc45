import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fitsNetwork } from '../../../solver/flow/laminar.ts'
import { prepareRound } from '../../../src/domain/match/prepare-round.ts'
import { runRound } from '../../../src/domain/match/run-round.ts'
import { defaultPolicy, type Policy } from '../../../src/domain/policy.ts'
import { generateRound } from '../../../src/synthetic/index.ts'
import { smallRound } from '../../support/random-round.ts'

/** The policy with one side constraint family switched off. */
function without(policy: Policy, family: string): Policy {
  const c = policy.constraints
  switch (family) {
    case 'childrenFloor':
      return { ...policy, constraints: { ...c, childrenFloor: { ...c.childrenFloor, enabled: false } } }
    case 'districtCap':
      return { ...policy, constraints: { ...c, districtCaps: { ...c.districtCaps, enabled: false } } }
    case 'programQuota':
      return { ...policy, constraints: { ...c, programQuotas: [] } }
    default:
      return { ...policy, constraints: { ...c, groupParity: { ...c.groupParity, enabled: false } } }
  }
}

/** Small random rounds, and generated ones under the default policy (where the children floor often has room). */
const rounds = fc.oneof(
  smallRound({ applicants: 8, vacancies: 6 }),
  fc
    .record({
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      applicants: fc.integer({ min: 10, max: 40 }),
      vacancies: fc.integer({ min: 3, max: 12 }),
    })
    .map(({ seed, applicants, vacancies }) =>
      generateRound({ seed, applicants, vacancies, asOf: '2026-11-27', policy: defaultPolicy }),
    ),
)

const pairs = (r: ReturnType<typeof runRound>) => r.proposals.map((p) => `${p.applicantId}→${p.vacancyId}`)

describe('prices without a re-solve', () => {
  it('a family with no row at its limit, in a round that fits a network, changes nothing when dropped: same proposals, price 0', () => {
    let checked = 0
    fc.assert(
      fc.property(rounds, (round) => {
        const prepared = prepareRound(round)
        if (!fitsNetwork(prepared.problem) || prepared.tieBucket !== 1 || prepared.vacancyTieBucket !== 1)
          return
        const result = runRound(round)
        if (result.status !== 'optimal') return
        const families = [...new Set(result.constraints.map((c) => c.family))]
        for (const family of families) {
          const rows = result.constraints.filter((c) => c.family === family)
          if (rows.some((c) => c.tight)) continue
          for (const row of rows) expect(row.price).toBe(0)
          const dropped = runRound({ ...round, policy: without(round.policy, family) }, { explain: false })
          expect(dropped.status).toBe('optimal')
          expect(pairs(dropped)).toEqual(pairs(result))
          expect(dropped.objective).toBe(result.objective)
          checked++
        }
      }),
      // 600 runs: since the legal-basis rules, fewer generated households can have a vacancy, so fewer rounds qualify.
      { seed: 20261217, numRuns: 600 },
    )
    expect(checked).toBeGreaterThan(50)
  })
})

describe('prices from a warm start', () => {
  it('re-solves started from the round’s optimum give the fresh re-solves’ result, explanations byte for byte', () => {
    let binding = 0
    fc.assert(
      fc.property(rounds, (round) => {
        const warm = runRound(round)
        const fresh = runRound(round, { priceWarmStart: false })
        expect(JSON.stringify(warm)).toBe(JSON.stringify(fresh))
        if (warm.constraints.some((c) => c.tight && c.price !== null)) binding++
      }),
      { seed: 20261202, numRuns: 300 },
    )
    expect(binding).toBeGreaterThan(30)
  })
})

describe('prices in a round whose tie-breaks go by buckets', () => {
  it('starting from the round’s optimum gives the fresh re-solves’ prices; the proposals are the same', () => {
    let bucketed = 0
    let binding = 0
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const round = generateRound({
          seed,
          applicants: 600,
          vacancies: 120,
          asOf: '2026-11-27',
          policy: defaultPolicy,
        })
        const prepared = prepareRound(round)
        if (prepared.tieBucket === 1 && prepared.vacancyTieBucket === 1) return
        bucketed++
        const warm = runRound(round, { explain: false })
        const fresh = runRound(round, { explain: false, priceWarmStart: false })
        expect(warm.proposals).toEqual(fresh.proposals)
        expect(warm.constraints.map((c) => [c.name, c.tight, c.price])).toEqual(
          fresh.constraints.map((c) => [c.name, c.tight, c.price]),
        )
        if (warm.constraints.some((c) => c.tight && c.price !== null && c.price > 0)) binding++
      }),
      { seed: 20261202, numRuns: 6 },
    )
    expect(bucketed).toBeGreaterThan(3)
    expect(binding).toBeGreaterThan(0)
  })
})
