import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { snapshotText, snapshotTextOfStored } from '../../../src/domain/match/stored-round.ts'
import { defaultPolicy } from '../../../src/domain/policy.ts'
import { generateRound } from '../../../src/synthetic/index.ts'

describe('snapshotTextOfStored', () => {
  it('the snapshot from stored JSON is snapshotText of the parsed documents, byte for byte, in any order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer(),
        (seed, applicants, vacancies, shuffle) => {
          const round = generateRound({
            seed,
            asOf: '2026-12-07',
            applicants,
            vacancies,
            policy: defaultPolicy,
          })
          // The order rows come back in does not matter: both sort by id.
          const rotate = <T>(list: readonly T[]) => {
            const k = list.length === 0 ? 0 : Math.abs(shuffle) % list.length
            return [...list.slice(k), ...list.slice(0, k)]
          }
          const stored = (list: readonly { id: string }[]) =>
            rotate(list).map((d) => ({ id: d.id, json: JSON.stringify(d) }))
          const text = snapshotTextOfStored({
            asOf: round.asOf,
            policy: round.policy,
            applicants: stored(round.applicants),
            vacancies: stored(round.vacancies),
          })
          expect(text).toBe(snapshotText(round))
          expect(JSON.parse(text)).toEqual(JSON.parse(snapshotText(round)))
        },
      ),
      { numRuns: 60 },
    )
  })
})
