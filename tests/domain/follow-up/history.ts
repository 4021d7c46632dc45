/**
 * A hand-made year of one municipality's follow-up data, small enough to compute every report
 * by hand (the answers are in reports.test.ts, each with its arithmetic):
 *
 * - H1–H6 registered 2026-01-10 in acute homelessness (one adult each). H1–H5 are offered
 *   Housing First on 2026-02-20 and move in on 2026-03-01 (H1–H3 in Vivalla in round R1, H4–H5
 *   in Vivalla in round R2); H1 is back in acute homelessness from 2026-06-15. H6 declines a
 *   social contract (location) on 2026-05-03.
 * - H7–H12 registered 2026-02-01 with friends (two adults, one child each). H7–H11 are offered
 *   social contracts on 2026-03-25 and move in on 2026-04-01 in Väster (round R3). H12's ÖBO
 *   offer of 2026-05-01 closes unanswered on 2026-05-09.
 * - H13 registered 2026-03-01 in an institution (one adult), withdrawn on 2026-09-01.
 * - One override (Housing First, urgent need, 2026-02-19) and one rejection (social contract,
 *   household unreachable, 2026-03-24).
 */
import type {
  FollowUpData,
  FollowUpHousehold,
  FollowUpOffer,
  FollowUpPlacement,
  FollowUpVacancy,
} from '../../../src/domain/follow-up/data.ts'

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

const acute = range(1, 6).map(
  (i): FollowUpHousehold => ({
    id: `H${i}`,
    caseload: i <= 3 ? 'team-vaster' : 'team-norr',
    registeredOn: '2026-01-10',
    adults: 1,
    children: 0,
    gender: i % 2 === 1 ? 'woman' : 'man',
    birthYear: 1990,
    situations: [
      { code: 'acute', kind: 'shelter', since: '2026-01-10' },
      ...(i <= 5
        ? [{ code: 'long_term_solution' as const, kind: 'municipal_contract', since: '2026-03-01' }]
        : []),
      ...(i === 1 ? [{ code: 'acute' as const, kind: 'shelter', since: '2026-06-15' }] : []),
    ],
  }),
)
const friends = range(7, 12).map(
  (i): FollowUpHousehold => ({
    id: `H${i}`,
    caseload: 'team-norr',
    registeredOn: '2026-02-01',
    adults: 2,
    children: 1,
    gender: 'woman',
    birthYear: 1985,
    bornAbroad: true,
    situations: [
      { code: 'short_term_self_arranged', kind: 'with_friends', since: '2026-02-01' },
      ...(i <= 11
        ? [{ code: 'long_term_solution' as const, kind: 'social_contract', since: '2026-04-01' }]
        : []),
    ],
  }),
)
const institution: FollowUpHousehold = {
  id: 'H13',
  caseload: 'team-norr',
  registeredOn: '2026-03-01',
  withdrawnOn: '2026-09-01',
  adults: 1,
  children: 0,
  gender: 'man',
  situations: [{ code: 'institution', kind: 'prison', since: '2026-03-01' }],
}

const hfOffers = range(1, 5).map(
  (i): FollowUpOffer => ({
    id: `O${i}`,
    applicantId: `H${i}`,
    vacancyId: `V${i}`,
    vacancyType: 'housing_first',
    offeredOn: '2026-02-20',
    status: 'accepted',
    answeredOn: '2026-02-22',
  }),
)
const scOffers = range(7, 11).map(
  (i): FollowUpOffer => ({
    id: `O${i}`,
    applicantId: `H${i}`,
    vacancyId: `V${i}`,
    vacancyType: 'social_contract',
    offeredOn: '2026-03-25',
    status: 'accepted',
    answeredOn: '2026-03-26',
  }),
)
const otherOffers: FollowUpOffer[] = [
  {
    id: 'O6',
    applicantId: 'H6',
    vacancyId: 'V6',
    vacancyType: 'social_contract',
    offeredOn: '2026-05-01',
    status: 'declined',
    answeredOn: '2026-05-03',
    declinedBy: 'household',
    declineReason: 'location',
  },
  {
    id: 'O12',
    applicantId: 'H12',
    vacancyId: 'V12',
    vacancyType: 'obo_priority',
    offeredOn: '2026-05-01',
    status: 'no_answer',
    answeredOn: '2026-05-09',
  },
]

const placements: FollowUpPlacement[] = [
  ...range(1, 5).map((i) => ({
    id: `P${i}`,
    offerId: `O${i}`,
    applicantId: `H${i}`,
    vacancyId: `V${i}`,
    vacancyType: 'housing_first' as const,
    district: 'Vivalla',
    contractForm: 'housing_first',
    startDate: '2026-03-01',
    roundId: i <= 3 ? 'R1' : 'R2',
  })),
  ...range(7, 11).map((i) => ({
    id: `P${i}`,
    offerId: `O${i}`,
    applicantId: `H${i}`,
    vacancyId: `V${i}`,
    vacancyType: 'social_contract' as const,
    district: 'Väster',
    contractForm: 'social_contract',
    startDate: '2026-04-01',
    roundId: 'R3',
  })),
]

const vacancies: FollowUpVacancy[] = [
  ...range(1, 5).map((i) => ({
    id: `V${i}`,
    type: 'housing_first' as const,
    district: 'Vivalla',
    availableFrom: '2026-02-15',
    status: 'let' as const,
  })),
  { id: 'V6', type: 'social_contract', district: 'Norr', availableFrom: '2026-04-20', status: 'offered' },
  ...range(7, 11).map((i) => ({
    id: `V${i}`,
    type: 'social_contract' as const,
    district: 'Väster',
    availableFrom: '2026-03-01',
    status: 'let' as const,
  })),
  { id: 'V12', type: 'obo_priority', district: 'Norr', availableFrom: '2026-04-25', status: 'withdrawn' },
  { id: 'V20', type: 'training_flat', district: 'Öster', availableFrom: '2026-12-01', status: 'open' },
]

const cap = { maxPerDistrict: 2, districts: ['Vivalla', 'Oxhagen'] }
export const history: FollowUpData = {
  days: [],
  households: [...acute, ...friends, institution],
  offers: [...hfOffers, ...scOffers, ...otherOffers],
  decisions: [
    ...range(1, 5).map(() => ({
      kind: 'approve' as const,
      vacancyType: 'housing_first' as const,
      decidedOn: '2026-02-20',
    })),
    {
      kind: 'override',
      reasonCode: 'urgent_need_not_in_score',
      vacancyType: 'housing_first',
      decidedOn: '2026-02-19',
    },
    {
      kind: 'reject',
      reasonCode: 'household_unreachable',
      vacancyType: 'social_contract',
      decidedOn: '2026-03-24',
    },
  ],
  placements,
  vacancies,
  rounds: [
    {
      id: 'R1',
      asOf: '2026-02-19',
      status: 'closed',
      policy: { id: 'orebro-default', version: 1 },
      parityEpsilon: 0.1,
      districtCap: cap,
      equality: {
        eligible: 25,
        matched: 12,
        groups: [
          { attribute: 'gender', value: 'woman', eligible: 10, matched: 7 },
          { attribute: 'gender', value: 'man', eligible: 10, matched: 3 },
          { attribute: 'gender', value: 'unknown', eligible: 5, matched: 2 },
          { attribute: 'situation', value: 'acute', eligible: 25, matched: 12 },
        ],
      },
    },
    {
      id: 'R2',
      asOf: '2026-02-19',
      status: 'closed',
      policy: { id: 'orebro-default', version: 1 },
      parityEpsilon: 0.1,
      districtCap: cap,
    },
    {
      id: 'R3',
      asOf: '2026-03-24',
      status: 'closed',
      policy: { id: 'orebro-default', version: 1 },
      parityEpsilon: 0.1,
    },
  ],
}
