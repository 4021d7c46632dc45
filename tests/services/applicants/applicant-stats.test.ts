import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { suppress } from '../../../src/services/applicants/applicant-stats.ts'

const table = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.nat({ max: 40 }), { minKeys: 1 })

describe('suppress', () => {
  it('never shows a count from 1 to 4', () => {
    fc.assert(
      fc.property(table, (counts) => {
        for (const cell of Object.values(suppress(counts))) {
          if (!cell.suppressed) expect(cell.count === 0 || (cell.count ?? 0) >= 5).toBe(true)
        }
      }),
      { seed: 42, numRuns: 500 },
    )
  })

  it('never hides exactly one non-zero cell of a table with a shown total (it could be recovered by subtraction)', () => {
    fc.assert(
      fc.property(table, (counts) => {
        const total = Object.values(counts).reduce((s, n) => s + n, 0)
        const hidden = Object.entries(suppress(counts)).filter(
          ([k, c]) => c.suppressed && (counts[k] ?? 0) > 0,
        )
        if (total >= 5) expect(hidden.length === 0 || hidden.length >= 2).toBe(true)
      }),
      { seed: 43, numRuns: 500 },
    )
  })

  it('shows every count it does not have to hide, unchanged', () => {
    expect(suppress({ a: 12, b: 3, c: 7, d: 0 })).toEqual({
      a: { count: 12, suppressed: false },
      b: { count: null, suppressed: true },
      c: { count: null, suppressed: true },
      d: { count: 0, suppressed: false },
    })
    expect(suppress({ a: 12, b: 30 })).toEqual({
      a: { count: 12, suppressed: false },
      b: { count: 30, suppressed: false },
    })
    expect(suppress({ total: 4 })).toEqual({ total: { count: null, suppressed: true } })
  })
})
