/**
 * Invariant: no report ever shows a count from 1 to 4. On random histories, every count cell of
 * every report is 0, at least 5, "<5" or "..", and every share is over at least five.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { reportNames, runReport } from '../../../src/domain/follow-up/reports.ts'
import { day, history, withPreventionCases } from './arbitraries.ts'

describe('small-cell suppression', () => {
  it('no report shows a count from 1 to 4, for any history, period or caseload', () => {
    fc.assert(
      fc.property(
        withPreventionCases(history),
        day,
        day,
        fc.constantFrom(undefined, 'a'),
        (data, d1, d2, caseload) => {
          const [from, to] = d1 <= d2 ? [d1, d2] : [d2, d1]
          for (const name of reportNames) {
            const report = runReport(name, data, {
              from,
              to,
              ...(caseload === undefined ? {} : { caseload }),
            })
            for (const table of report.tables) {
              for (const column of table.columns.filter((c) => c.kind === 'count')) {
                for (const row of table.rows) {
                  const v = row[column.key]
                  if (typeof v === 'number')
                    expect(v === 0 || v >= 5, `${name}/${table.id}/${column.key} = ${v}`).toBe(true)
                  else expect([null, '<5', '..']).toContain(v)
                }
              }
            }
          }
        },
      ),
      { seed: 2026, numRuns: 150 },
    )
  })
})
