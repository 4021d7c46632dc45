/**
 * Rule PV2: a prevention case (a household at risk of eviction, registered before it is homeless)
 * is never counted among Socialstyrelsen's four situations. Adding any prevention cases, open or
 * ended, to any history changes no table of any report but the prevention tables, and no stored
 * daily count; a case that ended in eviction is counted in its situation from that day (PV5).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FollowUpData, FollowUpHousehold } from '../../../src/domain/follow-up/data.ts'
import {
  dailyCounts,
  homelessOn,
  preventionOpenOn,
  reportNames,
  runReport,
} from '../../../src/domain/follow-up/reports.ts'
import { day, history, preventionCases } from './arbitraries.ts'

/** Every table of every report but the prevention tables, over the period [from, to]. */
function situationTables(data: FollowUpData, from: string, to: string, caseload: string | undefined) {
  return reportNames.map((name) => {
    const report = runReport(name, data, { from, to, ...(caseload === undefined ? {} : { caseload }) })
    return { name, tables: report.tables.filter((t) => t.id !== 'prevention') }
  })
}

/** Only the cases that have not (yet) become homeless: no situation in their history. */
const notEvicted = (cases: FollowUpHousehold[]) => cases.filter((h) => h.situations.length === 0)

describe('prevention cases and the four situations', () => {
  it('a prevention case is never counted among the four situations, in any report, period or caseload', () => {
    fc.assert(
      fc.property(
        history,
        preventionCases,
        day,
        day,
        fc.constantFrom(undefined, 'a'),
        (data, cases, d1, d2, caseload) => {
          const [from, to] = d1 <= d2 ? [d1, d2] : [d2, d1]
          const withCases = { ...data, households: [...data.households, ...notEvicted(cases)] }
          expect(situationTables(withCases, from, to, caseload)).toEqual(
            situationTables(data, from, to, caseload),
          )
          expect(dailyCounts(withCases, to)).toEqual(dailyCounts(data, to))
          for (const h of notEvicted(cases)) expect(homelessOn(h, to, [])).toBeUndefined()
        },
      ),
      { seed: 14_2026, numRuns: 150 },
    )
  })

  it('a case that ended in eviction counts in its situation from that day, and as a prevention case before it', () => {
    fc.assert(
      fc.property(preventionCases, day, (cases, on) => {
        for (const h of cases) {
          const code = homelessOn(h, on, [])
          const since = h.situations[0]?.since
          const live = h.withdrawnOn === undefined || h.withdrawnOn > on
          if (since !== undefined && since <= on && live) {
            expect(code).toBe(h.situations[0]?.code)
            expect(preventionOpenOn(h, on)).toBe(false)
          } else expect(code).toBeUndefined()
          // Never both: counted in a situation and as an open prevention case on the same day.
          expect(code !== undefined && preventionOpenOn(h, on)).toBe(false)
        }
      }),
      { seed: 14_2027, numRuns: 200 },
    )
  })

  it('the map counts the open prevention cases of the day apart, with their children, small cells hidden', () => {
    fc.assert(
      fc.property(preventionCases, day, (cases, on) => {
        const data: FollowUpData = {
          days: [],
          households: cases,
          offers: [],
          decisions: [],
          placements: [],
          vacancies: [],
          rounds: [],
        }
        const open = cases.filter((h) => preventionOpenOn(h, on))
        const table = runReport('map', data, { from: on, to: on }).tables.find((t) => t.id === 'prevention')
        const cell = table?.rows[0]?.households
        if (open.length === 0 || open.length >= 5) expect(cell).toBe(open.length)
        else expect(cell).toBe('<5')
        // None of them is in the per-situation table.
        const perSituation = runReport('map', data, { from: on, to: on }).tables.find(
          (t) => t.id === 'per-situation',
        )
        const homeless = cases.filter((h) => homelessOn(h, on, []) !== undefined).length
        expect(perSituation?.rows.at(-1)?.households).toBe(homeless === 0 || homeless >= 5 ? homeless : '<5')
      }),
      { seed: 14_2028, numRuns: 200 },
    )
  })
})
