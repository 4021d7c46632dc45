import { describe, expect, it } from 'vitest'
import { applicantSchema, householdSize } from '../../src/domain/applicant.ts'
import { addDays, ageOn } from '../../src/domain/dates.ts'
import { defaultPolicy } from '../../src/domain/policy.ts'
import { roundInputSchema } from '../../src/domain/round.ts'
import { vacancySchema } from '../../src/domain/vacancy.ts'
import { describeIssues, fieldIssues } from '../../src/domain/validation.ts'
import { generateRound } from '../../src/synthetic/index.ts'
import { districts } from '../../src/synthetic/orebro.ts'

const asOf = '2026-03-01'
const round = generateRound({ seed: 1000, applicants: 1000, vacancies: 1000, asOf })

describe('every generated object validates', () => {
  it('each of 1,000 households validates with applicantSchema', () => {
    for (const a of round.applicants) {
      const r = applicantSchema.safeParse(a)
      if (!r.success) expect.fail(`${a.id}:\n${describeIssues(fieldIssues(r.error))}`)
    }
  })

  it('each of 1,000 vacancies validates with vacancySchema', () => {
    for (const v of round.vacancies) {
      const r = vacancySchema.safeParse(v)
      if (!r.success) expect.fail(`${v.id}:\n${describeIssues(fieldIssues(r.error))}`)
    }
  })

  it('the whole round validates with roundInputSchema, and parsing changes nothing', () => {
    const r = roundInputSchema.safeParse(round)
    if (!r.success) expect.fail(describeIssues(fieldIssues(r.error)))
    expect(r.data).toEqual(round)
  })

  it('a small round of 50 validates for several seeds', () => {
    for (const seed of [0, 1, 2, 3, -7, 2 ** 40]) {
      const small = generateRound({ seed, applicants: 50, vacancies: 10, asOf })
      expect(roundInputSchema.safeParse(small).success).toBe(true)
    }
  })
})

describe('generated households are internally consistent', () => {
  const [asOfYear] = asOf.split('-').map(Number) as [number]

  it('dates sit where the definitions put them', () => {
    for (const a of round.applicants) {
      expect(a.registeredOn <= asOf && a.registeredOn >= addDays(asOf, -730)).toBe(true)
      expect((a.situation?.since ?? '') <= asOf && a.situation !== undefined).toBe(true)
      if (a.urgency.releaseDate !== undefined) {
        // Due to move within 3 months (Socialstyrelsen's situation 2), or past it and staying for lack of housing.
        expect(a.situation?.code).toBe('institution')
        expect(
          a.urgency.releaseDate <= addDays(asOf, 90) && a.urgency.releaseDate >= addDays(asOf, -60),
        ).toBe(true)
      }
      if (a.situation?.code === 'institution') expect(a.urgency.releaseDate).toBeDefined()
    }
  })

  it('adults are 18–75, parents at least 17 years older than each child, children under 18', () => {
    for (const a of round.applicants) {
      const age = asOfYear - (a.monitoring.birthYear ?? Number.NaN)
      expect(age >= 18 && age <= 75).toBe(true)
      for (const c of a.household.children) {
        const childAge = ageOn(asOf, c.birthYear, c.birthMonth)
        expect(childAge >= 0 && childAge <= 17).toBe(true)
        expect(age - childAge).toBeGreaterThanOrEqual(17)
      }
    }
  })

  it('needs, safety and preferences agree with each other', () => {
    for (const a of round.applicants) {
      const types = a.preferences.vacancyTypes
      expect(new Set(types).size).toBe(types.length)
      if (types.includes('housing_first')) expect(a.needs.housingFirstAssessed).toBe(true)
      if (types.includes('training_flat')) expect(a.needs.skillsTrainingNeed).toBe(true)
      if (a.needs.housingFirstAssessed) expect(a.situation?.code).not.toBe('short_term_self_arranged')
      for (const d of a.preferences.districts) expect(a.safety.excludedDistricts).not.toContain(d)
      expect(new Set(a.preferences.districts).size).toBe(a.preferences.districts.length)
      expect(a.preferences.districts.length).toBeLessThanOrEqual(4)
      if (a.safety.protectedIdentity) expect(a.safety.domesticViolence).toBe(true)
      if (a.safety.domesticViolence) expect(a.safety.excludedDistricts.length).toBeGreaterThan(0)
      if (a.situation?.kind === 'protected_housing') expect(a.safety.domesticViolence).toBe(true)
      for (const d of [...a.safety.excludedDistricts, ...a.preferences.districts])
        expect(districts).toContain(d)
    }
  })
})

describe('generated vacancies are internally consistent', () => {
  it('landlord and reference follow the type', () => {
    for (const v of round.vacancies) {
      if (v.type === 'obo_priority') {
        expect(v.landlord).toBe('obo')
        expect(v.externalRef).toMatch(/^\d{4}-\d{4}$/)
      } else {
        expect(v.landlord).not.toBe('obo')
        expect(v.externalRef).toBeUndefined()
      }
      if (v.type === 'supported_housing') expect(v.restrictions.supportOnSite).toBe(true)
      if (v.type === 'housing_first') expect(v.restrictions.supportOnSite).toBe(false)
    }
  })

  it('sizes keep ÖBO caps and Boverket norm 2 in step, and every area has an ÖBO cap', () => {
    for (const v of round.vacancies) {
      const norm2 = 2 * Math.max(1, v.rooms - 1)
      const cap = defaultPolicy.rules.oboOccupancyCaps.find((c) => v.areaM2 <= c.maxAreaM2)
      expect(cap).toBeDefined()
      expect(cap?.maxPersons ?? 0).toBeGreaterThanOrEqual(norm2)
    }
  })

  it('wheelchair-accessible flats are reachable without stairs; floors 0–8; availability −30…+45 days', () => {
    for (const v of round.vacancies) {
      if (v.wheelchairAccessible) expect(v.floor === 0 || v.elevator).toBe(true)
      expect(v.floor >= 0 && v.floor <= 8).toBe(true)
      expect(v.availableFrom >= addDays(asOf, -30) && v.availableFrom <= addDays(asOf, 45)).toBe(true)
      expect(v.status).toBe('open')
      expect(districts).toContain(v.district)
    }
  })

  it('age ranges only on training and trial flats, and only youth ranges', () => {
    for (const v of round.vacancies) {
      const { minAge, maxAge } = v.restrictions
      if (minAge === undefined && maxAge === undefined) continue
      expect(['training_flat', 'trial_flat']).toContain(v.type)
      expect(minAge).toBe(18)
      expect([25, 29]).toContain(maxAge)
    }
  })

  it('a household of the largest generated size fits some generated vacancy', () => {
    const largest = Math.max(...round.applicants.map(householdSize))
    expect(round.vacancies.some((v) => 2 * Math.max(1, v.rooms - 1) >= largest)).toBe(true)
  })
})
