/**
 * What an ÖBO flat sent in does to the stored unit with its object number:
 * the rules V1–V5 (docs/integrations/obo.md), each with a test in
 * tests/integrations/obo/vacancy-upsert.test.ts. Pure: the service reads the
 * stored unit, asks here, and writes what the plan says.
 *
 * - V1: an unknown object number listed `open` is a new unit (`obo_priority`, landlord `obo`, status `open`);
 *   an unknown one listed `withdrawn` changes nothing (there is nothing to take back).
 * - V2: an object number held by another landlord's unit is refused.
 * - V3: a flat that says what the stored unit says changes nothing: no write, no new version.
 *   This is what makes a re-sent batch a no-op.
 * - V4: `withdrawn` takes an open unit out of matching; a unit with an open offer or a let unit is refused
 *   (the offer is answered first, through an outcome).
 * - V5: a changed description of a let unit is refused (someone lives there); a withdrawn unit listed
 *   `open` again is re-opened.
 */
import type { Vacancy } from '../../domain/vacancy.ts'
import { type OboVacancy, vacancyOf } from './feeds.ts'

export type UpsertPlan =
  | { kind: 'create'; vacancy: Vacancy }
  | { kind: 'update'; vacancy: Vacancy; changed: string[] }
  | { kind: 'unchanged' }
  | { kind: 'refused'; reason: string }

const described = [
  'district',
  'rooms',
  'areaM2',
  'rent',
  'floor',
  'elevator',
  'wheelchairAccessible',
  'availableFrom',
] as const

/**
 * The plan for one flat.
 *
 * @example
 * planVacancyUpsert(undefined, '1234-0101', flat, 'new-id') // { kind: 'create', vacancy: { … status: 'open' } }
 */
export function planVacancyUpsert(
  stored: Vacancy | undefined,
  objectNo: string,
  flat: OboVacancy,
  newId: string,
): UpsertPlan {
  if (stored === undefined) {
    // V1
    if (flat.status === 'withdrawn') return { kind: 'unchanged' }
    return { kind: 'create', vacancy: vacancyOf(objectNo, flat, newId, 'open') }
  }
  // V2
  if (stored.landlord !== 'obo') {
    return { kind: 'refused', reason: 'this object number belongs to a unit of another landlord' }
  }
  const changed: string[] = described.filter((k) => stored[k] !== flat[k])
  const listedOpen = flat.status === 'open'
  const storedListed = stored.status !== 'withdrawn'
  // V3
  if (changed.length === 0 && listedOpen === storedListed) return { kind: 'unchanged' }
  // V4
  if (!listedOpen) {
    if (stored.status === 'offered') {
      return {
        kind: 'refused',
        reason: 'the flat has an open offer: send the outcome of the nomination before withdrawing it',
      }
    }
    if (stored.status === 'let') return { kind: 'refused', reason: 'the flat is let and cannot be withdrawn' }
  }
  // V5
  if (stored.status === 'let' && changed.length > 0) {
    return { kind: 'refused', reason: 'the flat is let: its description is no longer changed here' }
  }
  const status: Vacancy['status'] = !listedOpen
    ? 'withdrawn'
    : stored.status === 'withdrawn'
      ? 'open'
      : stored.status
  if (status !== stored.status) changed.push('status')
  return {
    kind: 'update',
    vacancy: vacancyOf(objectNo, flat, stored.id, status, stored.restrictions),
    changed,
  }
}
