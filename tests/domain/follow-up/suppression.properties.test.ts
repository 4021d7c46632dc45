/**
 * Invariant: no report ever shows a count from 1 to 4. On random histories, every count cell of
 * every report is 0, at least 5, "<5" or "..", and every share is over at least five.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type {
  FollowUpData,
  FollowUpHousehold,
  FollowUpPlacement,
} from '../../../src/domain/follow-up/data.ts'
import { reportNames, runReport } from '../../../src/domain/follow-up/reports.ts'
import { genders, situationCodes, vacancyTypes } from '../../../src/domain/vocabulary.ts'

const day = fc
  .integer({ min: 0, max: 700 })
  .map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10))

const history: fc.Arbitrary<FollowUpData> = fc
  .array(
    fc.record({
      registeredOn: day,
      code: fc.constantFrom(...situationCodes),
      adults: fc.integer({ min: 1, max: 3 }),
      children: fc.integer({ min: 0, max: 4 }),
      gender: fc.constantFrom(...genders),
      birthYear: fc.option(fc.integer({ min: 1940, max: 2006 }), { nil: undefined }),
      placed: fc.option(
        fc.record({
          after: fc.integer({ min: 1, max: 300 }),
          type: fc.constantFrom(...vacancyTypes),
          district: fc.constantFrom('Vivalla', 'Väster', 'Norr'),
        }),
        { nil: undefined },
      ),
      returnedAfter: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
    }),
    { maxLength: 60 },
  )
  .map((rows) => {
    const plus = (d: string, n: number) =>
      new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
    const households: FollowUpHousehold[] = []
    const placements: FollowUpPlacement[] = []
    rows.forEach((r, i) => {
      const start = r.placed === undefined ? undefined : plus(r.registeredOn, r.placed.after)
      households.push({
        id: `h${i}`,
        caseload: i % 2 === 0 ? 'a' : 'b',
        registeredOn: r.registeredOn,
        adults: r.adults,
        children: r.children,
        gender: r.gender,
        ...(r.birthYear === undefined ? {} : { birthYear: r.birthYear }),
        situations: [
          { code: r.code, kind: 'x', since: r.registeredOn },
          ...(start !== undefined && r.returnedAfter !== undefined
            ? [{ code: 'acute' as const, kind: 'shelter', since: plus(start, r.returnedAfter) }]
            : []),
        ],
      })
      if (r.placed !== undefined && start !== undefined) {
        placements.push({
          id: `p${i}`,
          offerId: `o${i}`,
          applicantId: `h${i}`,
          vacancyId: `v${i}`,
          vacancyType: r.placed.type,
          district: r.placed.district,
          contractForm: r.placed.type === 'housing_first' ? 'housing_first' : 'social_contract',
          startDate: start,
          roundId: `r${i % 3}`,
        })
      }
    })
    return {
      days: [],
      households,
      placements,
      offers: placements.map((p) => ({
        id: p.offerId,
        applicantId: p.applicantId,
        vacancyId: p.vacancyId,
        vacancyType: p.vacancyType,
        offeredOn: p.startDate,
        status: 'accepted' as const,
        answeredOn: p.startDate,
      })),
      decisions: [],
      vacancies: placements.map((p) => ({
        id: p.vacancyId,
        type: p.vacancyType,
        district: p.district,
        availableFrom: p.startDate,
        status: 'let' as const,
      })),
      rounds: [],
    }
  })

describe('small-cell suppression', () => {
  it('no report shows a count from 1 to 4, for any history, period or caseload', () => {
    fc.assert(
      fc.property(history, day, day, fc.constantFrom(undefined, 'a'), (data, d1, d2, caseload) => {
        const [from, to] = d1 <= d2 ? [d1, d2] : [d2, d1]
        for (const name of reportNames) {
          const report = runReport(name, data, { from, to, ...(caseload === undefined ? {} : { caseload }) })
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
      }),
      { seed: 2026, numRuns: 150 },
    )
  })
})
