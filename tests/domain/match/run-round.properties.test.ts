import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Applicant } from '../../../src/domain/applicant.ts'
import { addDays } from '../../../src/domain/dates.ts'
import { type RoundResult, runRound } from '../../../src/domain/match/run-round.ts'
import type { RoundInput } from '../../../src/domain/round.ts'
import { constraintViolations, eligible, exhaustiveOptimum, violations } from '../../support/checker.ts'
import { asOf, smallRound } from '../../support/random-round.ts'

const runs = { seed: 20261127, numRuns: 200 }

const pairsOf = (r: RoundResult) =>
  r.proposals.map((p) => ({ applicantId: p.applicantId, vacancyId: p.vacancyId }))
const outcome = (r: RoundResult) => ({
  status: r.status,
  objective: r.objective,
  proposals: r.proposals.map((p) => [p.applicantId, p.vacancyId, p.score]),
})

function shuffle<T>(list: readonly T[], seed: number): T[] {
  const out = [...list]
  let s = seed >>> 0 || 1
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

describe('runRound on random small rounds', () => {
  it('never uses a household or a vacancy twice, every proposal passes every hard rule, every switched-on constraint holds', () => {
    fc.assert(
      fc.property(smallRound(), (round) => {
        const result = runRound(round)
        if (result.status !== 'optimal') return
        expect(violations(round, result.proposals)).toEqual([])
      }),
      runs,
    )
  })

  it('finds the optimum: its objective equals exhaustive search, and it is infeasible exactly when no valid set of pairs exists', () => {
    fc.assert(
      fc.property(smallRound(), (round) => {
        const result = runRound(round, { priceConstraints: false })
        const best = exhaustiveOptimum(round)
        if (best === null) {
          expect(result.status).toBe('infeasible')
          expect(result.conflicting?.length).toBeGreaterThan(0)
        } else {
          expect(result.status).toBe('optimal')
          expect(Math.round(result.objective * 100)).toBe(best)
        }
      }),
      runs,
    )
  })

  it('is non-wasteful: no eligible pair is left with both sides unmatched unless a named side constraint forbids it', () => {
    fc.assert(
      fc.property(smallRound(), (round) => {
        const result = runRound(round, { priceConstraints: false })
        if (result.status !== 'optimal') return
        const pairs = pairsOf(result)
        const usedA = new Set(pairs.map((p) => p.applicantId))
        const usedV = new Set(pairs.map((p) => p.vacancyId))
        for (const a of round.applicants) {
          if (usedA.has(a.id)) continue
          for (const v of round.vacancies) {
            if (usedV.has(v.id) || !eligible(round, a, v)) continue
            const added = constraintViolations(round, [...pairs, { applicantId: a.id, vacancyId: v.id }])
            // The only reason to leave the pair empty is a constraint that adding it would break.
            expect(added.length).toBeGreaterThan(0)
            expect(added.every((name) => /^(districtCap|groupParity)/.test(name))).toBe(true)
          }
        }
      }),
      runs,
    )
  })

  it('treats equals equally: changing protected attributes changes nothing when parity is off', () => {
    fc.assert(
      fc.property(smallRound(), fc.integer({ min: 0, max: 1000 }), (round, salt) => {
        fc.pre(!round.policy.constraints.groupParity.enabled)
        const ageRules = round.vacancies.some(
          (v) => v.restrictions.minAge !== undefined || v.restrictions.maxAge !== undefined,
        )
        const genders = ['woman', 'man', 'other', 'unknown'] as const
        const changed: RoundInput = {
          ...round,
          applicants: round.applicants.map((a, i) => ({
            ...a,
            monitoring: {
              gender: genders[(i + salt) % 4] as Applicant['monitoring']['gender'],
              bornAbroad: (i + salt) % 3 === 0,
              // Birth year is a documented program rule (age ranges): it may change only where no vacancy has one.
              birthYear: ageRules ? a.monitoring.birthYear : 1950 + ((i * 7 + salt) % 50),
            },
          })),
        }
        expect(outcome(runRound(changed, { priceConstraints: false }))).toEqual(
          outcome(runRound(round, { priceConstraints: false })),
        )
      }),
      runs,
    )
  })

  it('treats equals equally: exchanging two households ids exchanges their outcomes', () => {
    fc.assert(
      fc.property(smallRound(), fc.nat(), fc.nat(), (round, x, y) => {
        const n = round.applicants.length
        const i = x % n
        const j = y % n
        fc.pre(i !== j)
        const idI = round.applicants[i]?.id as string
        const idJ = round.applicants[j]?.id as string
        const swapId = (id: string) => (id === idI ? idJ : id === idJ ? idI : id)
        // Exchange every attribute except the id: the lottery number goes with the household's data.
        const swapped: RoundInput = {
          ...round,
          applicants: round.applicants.map((a) => ({ ...a, id: swapId(a.id) })),
        }
        const before = runRound(round, { priceConstraints: false })
        const after = runRound(swapped, { priceConstraints: false })
        const relabel = (r: RoundResult) =>
          r.proposals.map((p) => `${swapId(p.applicantId)}→${p.vacancyId}:${p.score}`).sort()
        expect(after.status).toBe(before.status)
        expect(after.proposals.map((p) => `${p.applicantId}→${p.vacancyId}:${p.score}`).sort()).toEqual(
          relabel(before),
        )
      }),
      runs,
    )
  })

  it('does not depend on input order: shuffled input gives an identical result, and a re-run gives identical bytes', () => {
    fc.assert(
      fc.property(smallRound(), fc.integer(), (round, seed) => {
        const first = JSON.stringify(runRound(round))
        const shuffled: RoundInput = {
          ...round,
          applicants: shuffle(round.applicants, seed),
          vacancies: shuffle(round.vacancies, seed ^ 0x5bd1e995),
        }
        expect(JSON.stringify(runRound(shuffled))).toBe(first)
        expect(JSON.stringify(runRound(round))).toBe(first)
      }),
      runs,
    )
  })

  it('puts children first: of two households equal except that one has children, the one with children is never the one left out', () => {
    fc.assert(
      fc.property(
        smallRound({ applicants: 6 }),
        fc.nat(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (round, pick, lottery) => {
          const childless = round.applicants.filter((a) => a.household.children.length === 0)
          fc.pre(childless.length > 0)
          const a = childless[pick % childless.length] as Applicant
          const b: Applicant = {
            ...a,
            id: 'ZZ-with-children',
            lotteryNumber: lottery,
            household: { ...a.household, children: [{ birthYear: 2019, birthMonth: 6 }] },
          }
          const withB: RoundInput = { ...round, applicants: [...round.applicants, b] }
          const sameOptions = withB.vacancies.every((v) => eligible(withB, a, v) === eligible(withB, b, v))
          fc.pre(sameOptions)
          const result = runRound(withB, { priceConstraints: false })
          if (result.status !== 'optimal') return
          const matched = new Set(result.proposals.map((p) => p.applicantId))
          expect(!matched.has(b.id) && matched.has(a.id)).toBe(false)
        },
      ),
      runs,
    )
  })

  it('is monotone: raising one household urgency never turns it from matched to unmatched', () => {
    fc.assert(
      fc.property(
        smallRound(),
        fc.nat(),
        fc.integer({ min: -30, max: 60 }),
        (round, pick, daysToEviction) => {
          const before = runRound(round, { priceConstraints: false })
          fc.pre(before.status === 'optimal' && before.proposals.length > 0)
          const id = before.proposals[pick % before.proposals.length]?.applicantId as string
          const target = round.applicants.find((a) => a.id === id) as Applicant
          const eviction = addDays(asOf, daysToEviction)
          // An eviction date is only ever brought nearer (more urgent), never pushed away.
          fc.pre(target.urgency.evictionDate === undefined || eviction <= target.urgency.evictionDate)
          const raised: RoundInput = {
            ...round,
            applicants: round.applicants.map((a) =>
              a.id === id ? { ...a, urgency: { ...a.urgency, evictionDate: eviction } } : a,
            ),
          }
          const after = runRound(raised, { priceConstraints: false })
          expect(after.status).toBe('optimal')
          expect(after.proposals.some((p) => p.applicantId === id)).toBe(true)
        },
      ),
      runs,
    )
  })
})
