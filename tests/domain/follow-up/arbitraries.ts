/**
 * Random follow-up histories for the reports' property tests: households in the four situations,
 * placements and returns, and prevention cases (households at risk of eviction, registered before
 * they are homeless) with persons, open, ended, or ended in eviction into a situation.
 */
import fc from 'fast-check'
import type {
  FollowUpData,
  FollowUpHousehold,
  FollowUpPlacement,
} from '../../../src/domain/follow-up/data.ts'
import { genders, preventionOutcomes, situationCodes, vacancyTypes } from '../../../src/domain/vocabulary.ts'

export const day = fc
  .integer({ min: 0, max: 700 })
  .map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10))

export const history: fc.Arbitrary<FollowUpData> = fc
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

const plusDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/** Prevention cases: open, ended (a stay-put agreement …), or ended in eviction into a situation. */
export const preventionCases: fc.Arbitrary<FollowUpHousehold[]> = fc
  .array(
    fc.record({
      registeredOn: day,
      adults: fc.integer({ min: 1, max: 3 }),
      children: fc.array(fc.integer({ min: 0, max: 17 }), { maxLength: 4 }),
      gender: fc.constantFrom(...genders),
      landlordNotice: fc.boolean(),
      eviction: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
      outcome: fc.option(
        fc.record({ kind: fc.constantFrom(...preventionOutcomes), after: fc.integer({ min: 0, max: 300 }) }),
        { nil: undefined },
      ),
      situationAfterEviction: fc.constantFrom(...situationCodes),
      withdrawnAfter: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
      caseload: fc.constantFrom('a', 'b'),
    }),
    { maxLength: 30 },
  )
  .map((rows) =>
    rows.map((r, i): FollowUpHousehold => {
      const outcomeOn = r.outcome === undefined ? undefined : plusDays(r.registeredOn, r.outcome.after)
      const evicted = r.outcome?.kind === 'evicted' && outcomeOn !== undefined
      const year = Number(r.registeredOn.slice(0, 4))
      return {
        id: `p${i}`,
        caseload: r.caseload,
        registeredOn: r.registeredOn,
        ...(r.withdrawnAfter === undefined
          ? {}
          : { withdrawnOn: plusDays(r.registeredOn, r.withdrawnAfter) }),
        adults: r.adults,
        children: r.children.length,
        gender: r.gender,
        // Rule PV5: a case that ended in eviction has the situation the household is in from then on.
        situations: evicted
          ? [{ code: r.situationAfterEviction, kind: 'x', since: outcomeOn as string }]
          : [],
        persons: [
          ...Array.from({ length: r.adults }, (_, k) => ({
            child: false,
            gender: k === 0 ? r.gender : ('unknown' as const),
          })),
          ...r.children.map((age) => ({
            child: true,
            gender: 'unknown' as const,
            birthYear: year - age,
            birthMonth: 1,
          })),
        ],
        prevention: {
          since: r.registeredOn,
          landlordNotice: r.landlordNotice,
          ...(r.eviction === undefined ? {} : { evictionDate: plusDays(r.registeredOn, r.eviction) }),
          ...(r.outcome === undefined || outcomeOn === undefined
            ? {}
            : { outcome: { kind: r.outcome.kind, on: outcomeOn } }),
        },
      }
    }),
  )

/** A history with prevention cases added to its households. */
export function withPreventionCases(base: fc.Arbitrary<FollowUpData>): fc.Arbitrary<FollowUpData> {
  return fc
    .tuple(base, preventionCases)
    .map(([data, cases]) => ({ ...data, households: [...data.households, ...cases] }))
}
