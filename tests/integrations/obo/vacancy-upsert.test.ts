import { describe, expect, it } from 'vitest'
import type { OboVacancy } from '../../../src/integrations/obo/feeds.ts'
import { planVacancyUpsert } from '../../../src/integrations/obo/vacancy-upsert.ts'
import { makeVacancy } from '../../support/builders.ts'

const flat: OboVacancy = {
  district: 'Väster',
  rooms: 2,
  areaM2: 58,
  rent: 6900,
  floor: 2,
  elevator: true,
  wheelchairAccessible: false,
  availableFrom: '2027-01-15',
  status: 'open',
}
const stored = makeVacancy({
  id: 'v-1',
  type: 'obo_priority',
  landlord: 'obo',
  externalRef: '1234',
  ...flat,
  status: 'open',
})

describe('ÖBO flat upsert (rules V1–V5)', () => {
  it('V1: an unknown object number listed open is a new open obo_priority unit; listed withdrawn, nothing', () => {
    expect(planVacancyUpsert(undefined, '1234', flat, 'new')).toEqual({
      kind: 'create',
      vacancy: { ...stored, id: 'new' },
    })
    expect(planVacancyUpsert(undefined, '1234', { ...flat, status: 'withdrawn' }, 'new')).toEqual({
      kind: 'unchanged',
    })
  })

  it("V2: another landlord's unit with the same reference is refused", () => {
    const r = planVacancyUpsert({ ...stored, landlord: 'municipality' }, '1234', flat, 'new')
    expect(r.kind).toBe('refused')
  })

  it('V3: a flat that says what is stored changes nothing, whatever its offer status', () => {
    for (const status of ['open', 'offered', 'let'] as const) {
      expect(planVacancyUpsert({ ...stored, status }, '1234', flat, 'new')).toEqual({ kind: 'unchanged' })
    }
    expect(
      planVacancyUpsert({ ...stored, status: 'withdrawn' }, '1234', { ...flat, status: 'withdrawn' }, 'new'),
    ).toEqual({ kind: 'unchanged' })
  })

  it('V4: withdrawn takes an open unit out; an offered or let one is refused', () => {
    const out = planVacancyUpsert(stored, '1234', { ...flat, status: 'withdrawn' }, 'new')
    expect(out).toEqual({ kind: 'update', vacancy: { ...stored, status: 'withdrawn' }, changed: ['status'] })
    expect(
      planVacancyUpsert({ ...stored, status: 'offered' }, '1234', { ...flat, status: 'withdrawn' }, 'n').kind,
    ).toBe('refused')
    expect(
      planVacancyUpsert({ ...stored, status: 'let' }, '1234', { ...flat, status: 'withdrawn' }, 'n').kind,
    ).toBe('refused')
  })

  it('V5: a let unit keeps its description; a withdrawn one listed open again re-opens; an offered one keeps its status', () => {
    expect(planVacancyUpsert({ ...stored, status: 'let' }, '1234', { ...flat, rent: 1 }, 'n').kind).toBe(
      'refused',
    )
    expect(planVacancyUpsert({ ...stored, status: 'withdrawn' }, '1234', flat, 'n')).toEqual({
      kind: 'update',
      vacancy: stored,
      changed: ['status'],
    })
    expect(planVacancyUpsert({ ...stored, status: 'offered' }, '1234', { ...flat, rent: 7000 }, 'n')).toEqual(
      {
        kind: 'update',
        vacancy: { ...stored, status: 'offered', rent: 7000 },
        changed: ['rent'],
      },
    )
  })
})
