import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { tieScales } from '../../../src/domain/match/prepare-round.ts'

describe('tieScales', () => {
  it('keeps every level exact: the tie-breaks of any matching stay below one cent, and weights below 2^50', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200_000 }),
        fc.integer({ min: 1, max: 50_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (n, m, maxCents) => {
          const { tieScale, vacancyScale, tieBucket, vacancyTieBucket } = tieScales(n, m, maxCents)
          const k = Math.min(n, m)
          const maxTieH = Math.floor((n - 1) / tieBucket)
          const maxTieV = Math.floor((m - 1) / vacancyTieBucket)
          expect(tieScale).toBeGreaterThan(0)
          expect(k * maxTieV).toBeLessThan(vacancyScale)
          expect(k * maxTieH * vacancyScale + k * maxTieV).toBeLessThan(tieScale)
          expect(maxCents * tieScale * k).toBeLessThanOrEqual(2 ** 50)
        },
      ),
      { seed: 20261127, numRuns: 500 },
    )
  })

  it('is exact (no buckets) at Örebro size and groups ranks only when needed, vacancies first', () => {
    expect(tieScales(300, 60, 20_000)).toMatchObject({ tieBucket: 1, vacancyTieBucket: 1 })
    const national = tieScales(50_000, 10_000, 20_000)
    expect(national.tieScale).toBeGreaterThan(0)
    expect(national.vacancyTieBucket).toBeGreaterThan(1)
  })
})
