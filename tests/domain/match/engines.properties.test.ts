import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runRound } from '../../../src/domain/match/run-round.ts'
import { smallRound } from '../../support/random-round.ts'

const runs = { seed: 20261127, numRuns: 200 }

/** What an engine decided, without the engine's own bookkeeping. */
const decision = (r: ReturnType<typeof runRound>) => ({
  status: r.status,
  objective: r.objective,
  proposals: r.proposals.map((p) => [p.applicantId, p.vacancyId, p.score]),
  conflicting: r.conflicting ?? null,
})

describe('the flow engine and the javascript-lp-solver model', () => {
  it('agree on every small round without side constraints: same status, objective and proposals', () => {
    fc.assert(
      fc.property(smallRound({ constraints: false }), (round) => {
        const flow = runRound(round, { engine: 'flow', explain: false, priceConstraints: false })
        const lp = runRound(round, { engine: 'lp', explain: false, priceConstraints: false })
        expect(decision(flow)).toEqual(decision(lp))
      }),
      runs,
    )
  })

  it('agree on every small round with side constraints (caps, floors, quotas, parity): same status, objective and proposals', () => {
    fc.assert(
      fc.property(smallRound(), (round) => {
        const flow = runRound(round, { engine: 'flow', explain: false, priceConstraints: false })
        const lp = runRound(round, { engine: 'lp', explain: false, priceConstraints: false })
        expect(decision(flow)).toEqual(decision(lp))
      }),
      runs,
    )
  })
})
