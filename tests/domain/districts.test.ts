import { describe, expect, it } from 'vitest'
import {
  checkDistricts,
  defaultDistrictVocabulary,
  districtVocabulary,
  orebroDistricts,
} from '../../src/domain/districts.ts'
import { districtName } from '../../src/domain/schema-parts.ts'
import { districts as syntheticDistricts } from '../../src/synthetic/orebro.ts'

describe('district names', () => {
  it('the schema folds fullwidth letters and combining marks (NFKC) and refuses invisible or control characters', () => {
    expect(districtName.parse('\uff2f\u0308ster')).toBe('Öster')
    for (const bad of ['Norr\u200b', 'V\u00e4ster\u202e', 'S\u00f6der\u0007', 'Cen\ufefftrum']) {
      const r = districtName.safeParse(bad)
      expect(r.success, JSON.stringify(bad)).toBe(false)
    }
  })

  it('the vocabulary knows each name in any case or accent, and answers its own spelling', () => {
    expect(defaultDistrictVocabulary.canonical('vaster')).toBe('Väster')
    expect(defaultDistrictVocabulary.canonical(' ÖSTER ')).toBe('Öster')
    expect(defaultDistrictVocabulary.canonical('V\u0430ster')).toBeUndefined() // Cyrillic а
  })

  it('an unknown name is refused with the closest known one, and the input is not echoed', () => {
    const r = checkDistricts(defaultDistrictVocabulary, 'safety.excludedDistricts', [
      'Norr',
      'V\u0430ster',
      'Brickebaken',
    ])
    expect(r).toEqual({
      ok: false,
      issues: [
        {
          path: 'safety.excludedDistricts[1]',
          message: 'is not a district of the municipality; the closest is "Väster"',
        },
        {
          path: 'safety.excludedDistricts[2]',
          message: 'is not a district of the municipality; the closest is "Brickebacken"',
        },
      ],
    })
    expect(checkDistricts(defaultDistrictVocabulary, 'district', 'Nor')).toEqual({
      ok: false,
      issues: [{ path: 'district', message: 'is not a district of the municipality; the closest is "Norr"' }],
    })
  })

  it('a configured list replaces Örebro’s', () => {
    const v = districtVocabulary(['Haga', 'Majorna'])
    expect(checkDistricts(v, 'd', ['haga'])).toEqual({ ok: true, names: ['Haga'] })
    expect(v.canonical('Väster')).toBeUndefined()
  })

  it('Örebro’s list is the one the synthetic data draws from', () => {
    expect([...orebroDistricts].sort()).toEqual([...syntheticDistricts].sort())
  })
})
