import { addDays } from '../domain/dates.ts'
import type { Vacancy } from '../domain/vacancy.ts'
import type { Landlord, VacancyType } from '../domain/vocabulary.ts'
import { assertCount, assertOptions, type EntityOptions } from './options.ts'
import { municipalStockDistricts, oboStockDistricts, ruralTowns, vulnerableDistricts } from './orebro.ts'
import { Random, streams, type Weighted } from './random.ts'

/**
 * Örebro-like vacancies. Figures are cited or marked as assumptions; the full
 * table is in `docs/synthetic-data.md`. A vacancy depends only on (seed, index, asOf).
 */

/**
 * Vacancy-type mix. Assumption: social contracts are the municipality's largest
 * programme (about 270 in 2016, the strategy) and ÖBO's priority offers the other
 * main route; training, trial and supported flats are smaller programmes, and
 * Housing First is new and small (the strategy asks to continue and develop it,
 * measure 11).
 */
export const vacancyTypeMix: Weighted<VacancyType> = [
  ['social_contract', 0.35],
  ['obo_priority', 0.3],
  ['training_flat', 0.1],
  ['trial_flat', 0.1],
  ['supported_housing', 0.1],
  ['housing_first', 0.05],
]

/**
 * Rooms (excluding kitchen) by type. Assumption: programme flats for single
 * people are small; social contracts and ÖBO offers include family flats.
 */
const roomsMix: Record<VacancyType, Weighted<number>> = {
  social_contract: [
    [1, 0.3],
    [2, 0.35],
    [3, 0.22],
    [4, 0.1],
    [5, 0.03],
  ],
  obo_priority: [
    [1, 0.25],
    [2, 0.35],
    [3, 0.25],
    [4, 0.12],
    [5, 0.03],
  ],
  housing_first: [
    [1, 0.6],
    [2, 0.4],
  ],
  training_flat: [
    [1, 0.7],
    [2, 0.3],
  ],
  trial_flat: [
    [1, 0.45],
    [2, 0.4],
    [3, 0.15],
  ],
  supported_housing: [
    [1, 0.9],
    [2, 0.1],
  ],
}

/**
 * Area in m² by rooms: Swedish size norms for rental flats (SCB's average sizes
 * are 1 rok 42, 2 rok 60, 3 rok 78, 4 rok 98, 5+ rok 127 m²); the ranges sit
 * around them, somewhat smaller since the secondary market gets the older,
 * smaller flats (assumption). Two consequences the matching rules rely on:
 * every area is at most 120 m², so an ÖBO occupancy cap always applies; and at
 * these areas ÖBO's caps are never stricter than Boverket's norm 2 (a 3 rok of
 * 66–70 m² takes 4 persons under both), so the room count decides household fit.
 */
const areaRange: Record<number, readonly [number, number]> = {
  1: [28, 42],
  2: [48, 62],
  3: [66, 82],
  4: [86, 102],
  5: [104, 120],
}

/**
 * Rent per m² and month by rooms: SCB's 2023 average monthly rents (1 rok 4,810,
 * 2 rok 6,621, 3 rok 8,095, 4+ rok 10,360 SEK, national) divided by SCB's average
 * sizes. Assumption: ÖBO's levels are close to the national average (no ÖBO rent
 * table was at hand); rents are at 2023 level.
 */
const rentPerM2: Record<number, number> = { 1: 114, 2: 110, 3: 104, 4: 102, 5: 98 }

/**
 * Building height in storeys. Assumption: Örebro's rental stock is mostly
 * three- and four-storey slab blocks, with some high-rises (Vivalla, Varberga,
 * Baronbackarna) and low-rise buildings in the rural towns.
 */
const storeysMix: Weighted<number> = [
  [1, 0.1],
  [2, 0.15],
  [3, 0.25],
  [4, 0.2],
  [5, 0.1],
  [6, 0.08],
  [7, 0.06],
  [8, 0.03],
  [9, 0.03],
]

/** Assumption: municipality for most programme flats, private landlords for some (ÖBO priority is always ÖBO's). */
function drawLandlord(r: Random, type: VacancyType): Landlord {
  if (type === 'obo_priority') return 'obo'
  if (type === 'supported_housing') return r.chance(0.95) ? 'municipality' : 'private'
  return r.chance(0.8) ? 'municipality' : 'private'
}

/** The vacancy with index `index` (0-based) of the stream for `seed`. */
export function generateVacancy(seed: number, index: number, asOf: string): Vacancy {
  const r = Random.for(seed, streams.vacancies, index)

  const type = r.weighted(vacancyTypeMix)
  const landlord = drawLandlord(r, type)
  // Assumption: ÖBO object numbers look like "4711-1203" (property, unit); the real format was not at hand.
  const externalRef = landlord === 'obo' ? `${r.int(1000, 9999)}-${r.int(1001, 1299)}` : undefined
  const district = r.weighted(type === 'obo_priority' ? oboStockDistricts : municipalStockDistricts)
  const rooms = r.weighted(roomsMix[type])
  const [minArea, maxArea] = areaRange[rooms] ?? [28, 42]
  const areaM2 = r.int(minArea, maxArea)

  // Assumption: older million-programme stock in the vulnerable districts is about 7 % cheaper, rural towns 12 %;
  // 8 % of vacancies are in new production, about 35 % dearer; and ±8 % (sd) flat to flat.
  const vulnerable = vulnerableDistricts.includes(district)
  const rural = (ruralTowns as readonly string[]).includes(district)
  const newBuild = r.chance(0.08)
  const factor =
    (vulnerable ? 0.93 : rural ? 0.88 : 1) * (newBuild ? 1.35 : 1) * Math.max(0.75, r.normal(1, 0.08))
  const rent = Math.round((areaM2 * (rentPerM2[rooms] ?? 100) * factor) / 10) * 10

  const storeys = rural ? Math.min(3, r.weighted(storeysMix)) : r.weighted(storeysMix)
  const floor = r.int(0, storeys - 1)
  // Assumption: elevators in nearly all buildings of five storeys or more, a third of 3–4 storeys, few lower.
  const elevator = r.chance(storeys >= 5 ? 0.95 : storeys >= 3 ? 0.3 : 0.03)
  // Assumption: 6 % of flats that can be reached without stairs are wheelchair accessible (about 4 % of all).
  const wheelchairAccessible = (floor === 0 || elevator) && r.chance(0.06)

  // Assumption: a round mostly offers flats that are already free (75 %, freed in the 30 days before asOf);
  // the rest are notified ahead, freeing within 45 days after it (a Swedish tenant's notice is usually 3 months).
  const availableFrom = addDays(asOf, r.chance(0.75) ? -r.int(0, 30) : r.int(1, 45))

  // Assumption: youth flats (18–25 or 18–29) are 40 % of training flats and 25 % of trial flats.
  const youthShare = type === 'training_flat' ? 0.4 : type === 'trial_flat' ? 0.25 : 0
  const youth = r.chance(youthShare)
  const maxAge = r.chance(0.5) ? 25 : 29
  // Supported housing is staffed by definition; assumption: 30 % of training flats and 10 % of trial flats have staff on site.
  const supportOnSite =
    type === 'supported_housing' ||
    (type === 'training_flat' && r.chance(0.3)) ||
    (type === 'trial_flat' && r.chance(0.1))

  return {
    id: `V${String(index + 1).padStart(5, '0')}`,
    type,
    landlord,
    ...(externalRef === undefined ? {} : { externalRef }),
    district,
    rooms,
    areaM2,
    rent,
    floor,
    elevator,
    wheelchairAccessible,
    availableFrom,
    restrictions: youth ? { minAge: 18, maxAge, supportOnSite } : { supportOnSite },
    status: 'open',
  }
}

/**
 * `m` Örebro-like open vacancies, ids `V00001`, `V00002`, …; vacancy j is the
 * same whatever `m` is, and whatever the number of applicants.
 *
 * @example
 * const vacancies = generateVacancies(60, { seed: 1, asOf: '2026-03-01' })
 */
export function generateVacancies(m: number, options: EntityOptions): Vacancy[] {
  assertCount(m, 'm')
  assertOptions(options)
  const out: Vacancy[] = new Array(m)
  for (let j = 0; j < m; j++) out[j] = generateVacancy(options.seed, j, options.asOf)
  return out
}
