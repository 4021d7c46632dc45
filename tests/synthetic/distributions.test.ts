import { describe, expect, it } from 'vitest'
import type { Applicant } from '../../src/domain/applicant.ts'
import { orebroVulnerableDistricts } from '../../src/domain/policy.ts'
import type { Vacancy } from '../../src/domain/vacancy.ts'
import { generateApplicants, generateVacancies } from '../../src/synthetic/index.ts'
import { measureDensity } from './approximate-eligibility.ts'

/**
 * The documented distributions (docs/synthetic-data.md) hold at n = 20,000.
 * Tolerances are about four standard errors of a share at this n (≈ 0.0035
 * for a share near a third), so a retuned figure fails while sampling noise
 * does not; the seed is fixed so any failure replays.
 */

const n = 20_000
const asOf = '2026-03-01'
const applicants = generateApplicants(n, { seed: 20_260_301, asOf })
const vacancies = generateVacancies(n, { seed: 20_260_301, asOf })

const share = <T>(items: readonly T[], f: (x: T) => boolean) => items.filter(f).length / items.length
const expectShare = (actual: number, target: number, tolerance = 0.015) => {
  expect(actual).toBeGreaterThanOrEqual(target - tolerance)
  expect(actual).toBeLessThanOrEqual(target + tolerance)
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? Number.NaN
}

describe('households (n = 20,000)', () => {
  it('situation mix: acute 18 % (Socialstyrelsen 2017), institution 14 %, long-term 40 %, self-arranged 28 %', () => {
    const code = (c: NonNullable<Applicant['situation']>['code']) =>
      share(applicants, (a) => a.situation?.code === c)
    expectShare(code('acute'), 0.18)
    expectShare(code('institution'), 0.14)
    expectShare(code('long_term_solution'), 0.4)
    expectShare(code('short_term_self_arranged'), 0.28)
  })

  it('about 11 % of acute cases sleep rough', () => {
    const acute = applicants.filter((a) => a.situation?.code === 'acute')
    expectShare(
      share(acute, (a) => a.situation?.kind === 'outdoors'),
      0.11,
      0.02,
    )
  })

  it('about a third of households have children (Socialstyrelsen 2017), 1–5 children each', () => {
    expectShare(
      share(applicants, (a) => a.household.children.length > 0),
      1 / 3,
      0.02,
    )
    const counts = applicants.map((a) => a.household.children.length).filter((c) => c > 0)
    expect(Math.max(...counts)).toBe(5)
    expectShare(
      share(counts, (c) => c <= 2),
      0.75,
      0.02,
    )
  })

  it('62 % of main applicants are men (Socialstyrelsen 2017)', () => {
    expectShare(
      share(applicants, (a) => a.monitoring.gender === 'man'),
      0.62,
    )
  })

  it('about 13 % have violence in a close relationship; about 10 % of those protected identity', () => {
    const violence = applicants.filter((a) => a.safety.domesticViolence)
    expectShare(violence.length / n, 0.13, 0.015)
    expectShare(
      share(violence, (a) => a.safety.protectedIdentity),
      0.1,
      0.025,
    )
    // Most of them are women: the gender figure is not independent of violence.
    expect(share(violence, (a) => a.monitoring.gender === 'woman')).toBeGreaterThan(0.8)
  })

  it('support needs are higher in acute and institution cases than in self-arranged ones', () => {
    const highIn = (c: NonNullable<Applicant['situation']>['code']) =>
      share(
        applicants.filter((a) => a.situation?.code === c),
        (a) => a.needs.supportLevel === 'high',
      )
    expectShare(highIn('acute'), 0.3, 0.03)
    expectShare(highIn('institution'), 0.4, 0.03)
    expectShare(highIn('short_term_self_arranged'), 0.03, 0.015)
  })

  it('Housing First is assessed for a few (about 7 %), only with medium or high support', () => {
    const assessed = applicants.filter((a) => a.needs.housingFirstAssessed)
    expectShare(assessed.length / n, 0.07, 0.015)
    expect(assessed.every((a) => a.needs.supportLevel === 'high' || a.needs.supportLevel === 'medium')).toBe(
      true,
    )
  })

  it('ages 18–75 skewed young (median about 37), born abroad about 40 % of those recorded', () => {
    const ages = applicants.map((a) => 2026 - (a.monitoring.birthYear ?? 0))
    expect(Math.min(...ages)).toBe(18)
    expect(Math.max(...ages)).toBe(75)
    const m = median(ages)
    expect(m).toBeGreaterThanOrEqual(34)
    expect(m).toBeLessThanOrEqual(40)
    const recorded = applicants.filter((a) => a.monitoring.bornAbroad !== undefined)
    expectShare(
      share(recorded, (a) => a.monitoring.bornAbroad === true),
      0.4,
      0.02,
    )
  })

  it('max rent: a single adult about 6,800 SEK a month; families can carry more', () => {
    const single = applicants.filter((a) => a.household.adults === 1 && a.household.children.length === 0)
    const families = applicants.filter((a) => a.household.children.length >= 2)
    const singleMedian = median(single.map((a) => a.economy.maxRent))
    expect(singleMedian).toBeGreaterThanOrEqual(6500)
    expect(singleMedian).toBeLessThanOrEqual(7100)
    expect(median(families.map((a) => a.economy.maxRent))).toBeGreaterThan(singleMedian + 1500)
    expect(applicants.every((a) => a.economy.maxRent >= 3000 && a.economy.maxRent <= 14_000)).toBe(true)
    expectShare(
      share(applicants, (a) => a.economy.rentCarriedByMunicipality),
      0.16,
      0.02,
    )
  })

  it('most are active and resident; every case belongs to one of the five teams', () => {
    expectShare(
      share(applicants, (a) => a.status === 'active'),
      0.95,
    )
    expectShare(
      share(applicants, (a) => a.resident),
      0.95,
    )
    const teams = new Set(applicants.map((a) => a.caseload))
    expect([...teams].sort()).toEqual(['team-norr', 'team-oster', 'team-soder', 'team-unga', 'team-vaster'])
  })
})

describe('vacancies (n = 20,000)', () => {
  it('type mix: social contract 35 %, ÖBO priority 30 %, training, trial, supported 10 % each, Housing First 5 %', () => {
    const type = (t: Vacancy['type']) => share(vacancies, (v) => v.type === t)
    expectShare(type('social_contract'), 0.35)
    expectShare(type('obo_priority'), 0.3)
    expectShare(type('training_flat'), 0.1)
    expectShare(type('trial_flat'), 0.1)
    expectShare(type('supported_housing'), 0.1)
    expectShare(type('housing_first'), 0.05, 0.01)
  })

  it('vulnerable districts are over-represented: about 40 % of municipal stock, 30 % of ÖBO offers', () => {
    const vulnerable = (v: Vacancy) => orebroVulnerableDistricts.includes(v.district)
    expectShare(
      share(
        vacancies.filter((v) => v.type !== 'obo_priority'),
        vulnerable,
      ),
      0.4,
      0.02,
    )
    expectShare(
      share(
        vacancies.filter((v) => v.type === 'obo_priority'),
        vulnerable,
      ),
      0.3,
      0.02,
    )
  })

  it('rents by rooms sit in the documented ranges (SEK per month, 2023 level)', () => {
    const medians: Record<number, [number, number]> = {
      1: [3600, 4200],
      2: [5600, 6300],
      3: [7200, 7900],
      4: [9000, 9900],
      5: [10_100, 11_200],
    }
    for (const [rooms, [low, high]] of Object.entries(medians)) {
      const rents = vacancies.filter((v) => v.rooms === Number(rooms)).map((v) => v.rent)
      const m = median(rents)
      expect(m, `${rooms} rok median ${m}`).toBeGreaterThanOrEqual(low)
      expect(m, `${rooms} rok median ${m}`).toBeLessThanOrEqual(high)
    }
    expect(vacancies.every((v) => v.rent >= 1500 && v.rent <= 20_000)).toBe(true)
  })

  it('areas follow the Swedish size norms by rooms', () => {
    const ranges: Record<number, [number, number]> = {
      1: [28, 42],
      2: [48, 62],
      3: [66, 82],
      4: [86, 102],
      5: [104, 120],
    }
    for (const v of vacancies) {
      const [low, high] = ranges[v.rooms] ?? [0, 0]
      expect(v.areaM2 >= low && v.areaM2 <= high).toBe(true)
    }
  })

  it('elevators are commoner higher up; wheelchair access is rare (about 4 %)', () => {
    const elevatorAt = (f: (floor: number) => boolean) =>
      share(
        vacancies.filter((v) => f(v.floor)),
        (v) => v.elevator,
      )
    expect(elevatorAt((f) => f >= 4)).toBeGreaterThan(0.9)
    expect(elevatorAt((f) => f === 0)).toBeLessThan(0.4)
    expectShare(
      share(vacancies, (v) => v.wheelchairAccessible),
      0.04,
      0.01,
    )
  })

  it('three in four vacancies are free by asOf, the rest within 45 days', () => {
    expectShare(
      share(vacancies, (v) => v.availableFrom <= asOf),
      0.75,
    )
  })
})

describe('realistic density for matching', () => {
  it('a typical household is eligible for 10–40 % of vacancies, and few for none', () => {
    // A 1,500 × 1,000 sample of the 20,000: the pair check is quadratic.
    const report = measureDensity(applicants.slice(0, 1500), vacancies.slice(0, 1000), asOf)
    expect(report.mean).toBeGreaterThanOrEqual(0.1)
    expect(report.mean).toBeLessThanOrEqual(0.4)
    expect(report.median).toBeGreaterThanOrEqual(0.1)
    expect(report.median).toBeLessThanOrEqual(0.4)
    expect(report.none).toBeLessThan(0.08)
  })
})
