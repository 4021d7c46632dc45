import { orebroDistricts } from '../domain/orebro-districts.ts'
import { orebroVulnerableDistricts } from '../domain/policy.ts'
import type { Weighted } from './random.ts'

/**
 * Örebro's districts (the municipality's own names), and the weights the generator
 * draws them with. The weights are assumptions (no public per-district count
 * of municipal vacancies was at hand); each column says what it stands for.
 */

export const vulnerableDistricts: readonly string[] = orebroVulnerableDistricts

/** The rural towns of the municipality (the rest of the district vocabulary is urban). */
export const ruralTowns = ['Odensbacken', 'Glanshammar', 'Garphyttan', 'Vintrosa'] as const

/** Urban districts other than the vulnerable ones: the vocabulary less those and the rural towns. */
export const otherUrbanDistricts: readonly string[] = orebroDistricts.filter(
  (d) => !vulnerableDistricts.includes(d) && !(ruralTowns as readonly string[]).includes(d),
)

export const districts: readonly string[] = [...otherUrbanDistricts, ...vulnerableDistricts, ...ruralTowns]

/**
 * Where the municipality's own housing programmes get their flats (social
 * contracts, training and trial flats, supported housing, Housing First).
 * Assumption: the rental stock the municipality can lease is concentrated in
 * the million-programme areas, so the five vulnerable districts hold about 40 %
 * of it while being a much smaller share of the city. This is the realistic
 * segregation risk the policy's district caps exist to counter.
 */
export const municipalStockDistricts: Weighted<string> = [
  ['Vivalla', 10],
  ['Varberga', 9],
  ['Oxhagen', 7],
  ['Baronbackarna', 7],
  ['Brickebacken', 7],
  ['Centrum', 3],
  ['Väster', 6],
  ['Öster', 6],
  ['Söder', 5],
  ['Norr', 5],
  ['Markbacken', 5],
  ['Lillån', 5],
  ['Adolfsberg', 3],
  ['Rynninge', 3],
  ['Sörbyängen', 4],
  ['Tybble', 4],
  ['Mikrofonvägen', 3],
  ['Hovsta', 2],
  ['Odensbacken', 1],
  ['Glanshammar', 1],
  ['Garphyttan', 1],
  ['Vintrosa', 1],
]

/**
 * ÖBO's priority offers (förtur). Assumption: spread more evenly over ÖBO's
 * whole stock (about 23,000 flats, Hyresgästföreningen 2020) but still with the
 * vulnerable districts over-represented (about 30 %), since ÖBO prefers
 * districts with fewer applicants (obo.se, "förtur").
 */
export const oboStockDistricts: Weighted<string> = [
  ['Vivalla', 7],
  ['Varberga', 7],
  ['Oxhagen', 5],
  ['Baronbackarna', 6],
  ['Brickebacken', 5],
  ['Centrum', 5],
  ['Väster', 7],
  ['Öster', 7],
  ['Söder', 6],
  ['Norr', 6],
  ['Markbacken', 5],
  ['Lillån', 5],
  ['Adolfsberg', 4],
  ['Rynninge', 4],
  ['Sörbyängen', 5],
  ['Tybble', 4],
  ['Mikrofonvägen', 4],
  ['Hovsta', 3],
  ['Odensbacken', 1],
  ['Glanshammar', 1],
  ['Garphyttan', 1],
  ['Vintrosa', 1],
]

/**
 * What households ask for when they rank districts. Assumption: central and
 * established districts are asked for more often than the vulnerable ones and
 * the rural towns; everyone's list is their own draw from these weights.
 */
export const preferredDistricts: Weighted<string> = [
  ['Centrum', 10],
  ['Väster', 9],
  ['Öster', 8],
  ['Söder', 8],
  ['Norr', 6],
  ['Markbacken', 5],
  ['Lillån', 5],
  ['Adolfsberg', 5],
  ['Rynninge', 5],
  ['Sörbyängen', 4],
  ['Tybble', 4],
  ['Mikrofonvägen', 4],
  ['Hovsta', 3],
  ['Vivalla', 3],
  ['Varberga', 3],
  ['Oxhagen', 3],
  ['Baronbackarna', 3],
  ['Brickebacken', 3],
  ['Odensbacken', 1],
  ['Glanshammar', 1],
  ['Garphyttan', 1],
  ['Vintrosa', 1],
]

/** Every district with equal weight: used for exclusion zones, which follow the threat, not the housing stock. */
export const anyDistrict: Weighted<string> = districts.map((d) => [d, 1] as const)

/**
 * Case-worker teams. Assumption: four area teams and one youth team
 * (`team-unga`) that takes most cases of adults under 25.
 */
export const areaTeams: Weighted<string> = [
  ['team-norr', 1],
  ['team-soder', 1],
  ['team-vaster', 1],
  ['team-oster', 1],
]
export const youthTeam = 'team-unga'
