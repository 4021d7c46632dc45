import { describe, expect, it } from 'vitest'
import { defaultPolicy, type Policy } from '../../src/domain/policy.ts'
import { roundInputSchema } from '../../src/domain/round.ts'
import { generateRound } from '../../src/synthetic/index.ts'

const asOf = '2026-03-01'

describe('generateRound', () => {
  it('an Örebro-sized round (50 × 10) has the right counts, the default policy and validates', () => {
    const round = generateRound({ seed: 1, applicants: 50, vacancies: 10, asOf })
    expect(round.asOf).toBe(asOf)
    expect(round.policy).toBe(defaultPolicy)
    expect(round.applicants).toHaveLength(50)
    expect(round.vacancies).toHaveLength(10)
    expect(roundInputSchema.safeParse(round).success).toBe(true)
  })

  it('uses the policy it is given', () => {
    const policy: Policy = { ...defaultPolicy, id: 'what-if', version: 2 }
    expect(generateRound({ seed: 1, applicants: 5, vacancies: 5, asOf, policy }).policy).toBe(policy)
  })

  it('a national what-if round (50,000 × 10,000) has the right counts and unique ids', () => {
    const round = generateRound({ seed: 2, applicants: 50_000, vacancies: 10_000, asOf })
    expect(round.applicants).toHaveLength(50_000)
    expect(round.vacancies).toHaveLength(10_000)
    expect(new Set(round.applicants.map((a) => a.id)).size).toBe(50_000)
    expect(new Set(round.vacancies.map((v) => v.id)).size).toBe(10_000)
    expect(round.applicants.at(-1)?.id).toBe('A50000')
    expect(round.vacancies.at(-1)?.id).toBe('V10000')
  })
})
