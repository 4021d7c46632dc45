import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { solveMatch } from '../../../solver/index.ts'
import { canonicalPairing } from '../../../src/domain/match/canonical-pairing.ts'
import { type CodedRoundResult, withTexts } from '../../../src/domain/match/explanation-texts.ts'
import { prepareRound } from '../../../src/domain/match/prepare-round.ts'
import { type RoundOptions, readCodedResult, runRound } from '../../../src/domain/match/run-round.ts'
import { defaultPolicy } from '../../../src/domain/policy.ts'
import { generateRound } from '../../../src/synthetic/index.ts'
import { smallRound } from '../../support/random-round.ts'

/** Random small rounds under random policies (floors, caps, quotas, parity; some infeasible), and generated ones. */
const rounds = fc.oneof(
  smallRound({ applicants: 8, vacancies: 6 }),
  fc
    .record({
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      applicants: fc.integer({ min: 5, max: 40 }),
      vacancies: fc.integer({ min: 1, max: 12 }),
    })
    .map(({ seed, applicants, vacancies }) =>
      generateRound({ seed, applicants, vacancies, asOf: '2026-11-27', policy: defaultPolicy }),
    ),
)

/** What a round stores, and `hemvist solve` writes: the coded result, as JSON text. */
function storedText(round: Parameters<typeof runRound>[0], options: RoundOptions): string {
  const prepared = prepareRound(round)
  const solved = solveMatch(prepared.problem)
  const chosen = solved.status === 'optimal' ? canonicalPairing(prepared, solved.chosen) : solved.chosen
  return JSON.stringify(readCodedResult(prepared, { ...solved, chosen }, options))
}

const textKeys = /"(text|summary)":/

describe('explanations stored as codes', () => {
  it('render after a JSON round trip, byte for byte, the sentences the engine gives (bounded and full)', () => {
    let unmatched = 0
    fc.assert(
      fc.property(rounds, fc.constantFrom<RoundOptions>({}, { explanations: 'full' }), (round, options) => {
        const stored = storedText(round, options)
        expect(stored).not.toMatch(textKeys)
        const rendered = withTexts(JSON.parse(stored) as CodedRoundResult)
        const engine = runRound(round, options)
        expect(JSON.stringify(rendered)).toBe(JSON.stringify(engine))
        unmatched += engine.unmatched.length
      }),
      { seed: 20261203, numRuns: 300 },
    )
    expect(unmatched).toBeGreaterThan(300)
  })

  it('leave a result that already has its sentences (stored before) as it is', () => {
    const round = generateRound({
      seed: 5,
      applicants: 30,
      vacancies: 8,
      asOf: '2026-11-27',
      policy: defaultPolicy,
    })
    const engine = runRound(round)
    expect(JSON.stringify(withTexts(engine))).toBe(JSON.stringify(engine))
  })
})
