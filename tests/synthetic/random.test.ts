import { describe, expect, it } from 'vitest'
import { Random, streams } from '../../src/synthetic/random.ts'

const draws = (r: Random, k: number) => Array.from({ length: k }, () => r.int(0, 1_000_000))

describe('Random', () => {
  it('gives the same sequence for the same (seed, stream, index)', () => {
    expect(draws(Random.for(42, streams.applicants, 7), 20)).toEqual(
      draws(Random.for(42, streams.applicants, 7), 20),
    )
  })

  it('gives different sequences when the seed, the stream or the index differs', () => {
    const base = draws(Random.for(42, streams.applicants, 7), 20)
    expect(draws(Random.for(43, streams.applicants, 7), 20)).not.toEqual(base)
    expect(draws(Random.for(42, streams.vacancies, 7), 20)).not.toEqual(base)
    expect(draws(Random.for(42, streams.applicants, 8), 20)).not.toEqual(base)
    // Seeds beyond 32 bits must not collapse onto their low bits.
    expect(draws(Random.for(2 ** 32 + 42, streams.applicants, 7), 20)).not.toEqual(base)
  })

  it('first draws of consecutive indices are not correlated (uniform mean over 10,000 entities)', () => {
    let sum = 0
    for (let i = 0; i < 10_000; i++) sum += Random.for(1, streams.applicants, i).float()
    expect(sum / 10_000).toBeCloseTo(0.5, 1)
  })

  it('int stays within its bounds, both included', () => {
    const r = Random.for(1, 1, 1)
    const seen = new Set<number>()
    for (let i = 0; i < 2000; i++) {
      const x = r.int(3, 6)
      expect(x).toBeGreaterThanOrEqual(3)
      expect(x).toBeLessThanOrEqual(6)
      seen.add(x)
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6])
  })

  it('weighted draws follow their weights', () => {
    const r = Random.for(5, 1, 0)
    let a = 0
    for (let i = 0; i < 20_000; i++)
      if (
        r.weighted([
          ['a', 3],
          ['b', 1],
        ] as const) === 'a'
      )
        a++
    expect(a / 20_000).toBeGreaterThan(0.73)
    expect(a / 20_000).toBeLessThan(0.77)
  })

  it('sampleWeighted draws distinct values and never an excluded one', () => {
    const r = Random.for(9, 1, 0)
    const table = [
      ['x', 1],
      ['y', 5],
      ['z', 1],
      ['w', 1],
    ] as const
    for (let i = 0; i < 200; i++) {
      const sample = r.sampleWeighted(table, 3, new Set(['y']))
      expect(new Set(sample).size).toBe(sample.length)
      expect(sample).not.toContain('y')
      expect(sample).toHaveLength(3)
    }
    expect(r.sampleWeighted(table, 10)).toHaveLength(4)
  })

  it('lottery numbers are integers in [0, 2^31)', () => {
    const r = Random.for(3, 1, 0)
    for (let i = 0; i < 1000; i++) {
      const x = r.lottery()
      expect(Number.isInteger(x) && x >= 0 && x < 2 ** 31).toBe(true)
    }
  })

  it('rejects a seed that is not a safe integer', () => {
    expect(() => Random.for(1.5, 1, 0)).toThrow(RangeError)
    expect(() => Random.for(Number.NaN, 1, 0)).toThrow(RangeError)
  })
})
