import { describe, expect, it } from 'vitest'
import { handover } from '../../../src/worker/tasks/solve-round.ts'

describe('handover', () => {
  it('is the wait for the thread that its own top-level phases do not account for', () => {
    // explain's parts (prices, …) are inside explain and must not be subtracted twice.
    const phases = {
      parse: 100,
      prepare: 200,
      solve: 300,
      certify: 10,
      explain: 400,
      prices: 150,
      serialise: 50,
    }
    expect(handover(1_250.4, phases)).toBe(240)
  })

  it("is never negative (the thread's clock and this one round differently)", () => {
    expect(handover(99, { parse: 50, solve: 50 })).toBe(0)
  })

  it('is the whole wait when the thread reported no phases (a solve function of a test)', () => {
    expect(handover(42, {})).toBe(42)
  })
})
