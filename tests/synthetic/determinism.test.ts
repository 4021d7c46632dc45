import { describe, expect, it } from 'vitest'
import { generateApplicants, generateRound, generateVacancies } from '../../src/synthetic/index.ts'

const asOf = '2026-03-01'

describe('the generator is deterministic by seed', () => {
  it('the same seed and sizes give deep-equal rounds', () => {
    const a = generateRound({ seed: 11, applicants: 300, vacancies: 60, asOf })
    const b = generateRound({ seed: 11, applicants: 300, vacancies: 60, asOf })
    expect(a).toEqual(b)
    // Deep equality with undefined-valued keys would hide a difference in shape; compare the JSON too.
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
  })

  it('different seeds give different households and vacancies', () => {
    const a = generateRound({ seed: 11, applicants: 100, vacancies: 20, asOf })
    const b = generateRound({ seed: 12, applicants: 100, vacancies: 20, asOf })
    expect(a.applicants).not.toEqual(b.applicants)
    expect(a.vacancies).not.toEqual(b.vacancies)
    const sameLottery = a.applicants.filter((x, i) => x.lotteryNumber === b.applicants[i]?.lotteryNumber)
    expect(sameLottery).toHaveLength(0)
  })

  it('the number of applicants never changes a vacancy, and vice versa (independent streams)', () => {
    const small = generateRound({ seed: 5, applicants: 300, vacancies: 60, asOf })
    const large = generateRound({ seed: 5, applicants: 500, vacancies: 80, asOf })
    expect(large.vacancies.slice(0, 60)).toEqual(small.vacancies)
    expect(large.applicants.slice(0, 300)).toEqual(small.applicants)
  })

  it('entity i is the same whatever the count (prefix stability)', () => {
    expect(generateApplicants(1000, { seed: 3, asOf }).slice(0, 10)).toEqual(
      generateApplicants(10, { seed: 3, asOf }),
    )
    expect(generateVacancies(1000, { seed: 3, asOf }).slice(0, 10)).toEqual(
      generateVacancies(10, { seed: 3, asOf }),
    )
  })

  it('ids are readable, stable and in order', () => {
    const round = generateRound({ seed: 1, applicants: 12, vacancies: 3, asOf })
    expect(round.applicants.map((a) => a.id).slice(0, 3)).toEqual(['A00001', 'A00002', 'A00003'])
    expect(round.applicants.at(-1)?.id).toBe('A00012')
    expect(round.vacancies.map((v) => v.id)).toEqual(['V00001', 'V00002', 'V00003'])
  })

  it('lottery numbers are uniform in [0, 2^31)', () => {
    const lots = generateApplicants(20_000, { seed: 8, asOf }).map((a) => a.lotteryNumber)
    expect(lots.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 31)).toBe(true)
    // Each quarter of the range holds about a quarter of the numbers.
    for (let q = 0; q < 4; q++) {
      const inQuarter = lots.filter((x) => Math.floor(x / 2 ** 29) === q).length / lots.length
      expect(inQuarter).toBeGreaterThan(0.23)
      expect(inQuarter).toBeLessThan(0.27)
    }
  })

  it('asOf moves the dates but not the draws', () => {
    const a = generateApplicants(50, { seed: 2, asOf: '2026-03-01' })
    const b = generateApplicants(50, { seed: 2, asOf: '2027-03-01' })
    expect(b.map((x) => x.lotteryNumber)).toEqual(a.map((x) => x.lotteryNumber))
    expect(b.map((x) => x.situation?.code)).toEqual(a.map((x) => x.situation?.code))
    expect(b[0]?.registeredOn).not.toBe(a[0]?.registeredOn)
  })

  it('rejects bad arguments with a message naming them', () => {
    expect(() => generateApplicants(-1, { seed: 1, asOf })).toThrow(/n must be/)
    expect(() => generateApplicants(1.5, { seed: 1, asOf })).toThrow(/n must be/)
    expect(() => generateVacancies(3, { seed: 1, asOf: '2026-02-30' })).toThrow(/asOf/)
    expect(() => generateVacancies(3, { seed: 1, asOf: '1 March 2026' })).toThrow(/asOf/)
    expect(() => generateRound({ seed: Number.NaN, applicants: 1, vacancies: 1, asOf })).toThrow(/seed/)
  })

  it('zero of each is an empty list, not an error', () => {
    expect(generateRound({ seed: 1, applicants: 0, vacancies: 0, asOf })).toMatchObject({
      applicants: [],
      vacancies: [],
    })
  })
})
