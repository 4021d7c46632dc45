import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { countVacancies, getVacancy, insertVacancy, updateVacancy } from '../../../db/repo/vacancies.ts'
import { vacancySchema } from '../../../src/domain/vacancy.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { sampleVacancy } from '../samples.ts'

describe('vacancies repository', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('stores the validated document and reads it back', () => {
    const input = sampleVacancy({ district: '  Väster  ' })
    expect(insertVacancy(t.db, input).ok).toBe(true)
    const stored = getVacancy(t.db, 'v-1')
    expect(stored).toEqual({ vacancy: vacancySchema.parse(input), version: 1 })
    expect(stored?.vacancy.district).toBe('Väster')
  })

  it('refuses an invalid vacancy with field paths', () => {
    const r = insertVacancy(t.db, sampleVacancy({ rooms: 0, rent: -1 }))
    expect(!r.ok && r.error.code === 'INVALID' && r.error.issues.map((i) => i.path)).toEqual([
      'rooms',
      'rent',
    ])
    expect(countVacancies(t.db)).toBe(0)
  })

  it('an external reference is unique where present; vacancies without one never collide', () => {
    expect(insertVacancy(t.db, sampleVacancy({ id: 'v-1', externalRef: 'OBO-1' })).ok).toBe(true)
    const dup = insertVacancy(t.db, sampleVacancy({ id: 'v-2', externalRef: 'OBO-1' }))
    expect(!dup.ok && dup.error.code).toBe('CONFLICT')
    expect(insertVacancy(t.db, sampleVacancy({ id: 'v-3', externalRef: undefined })).ok).toBe(true)
    expect(insertVacancy(t.db, sampleVacancy({ id: 'v-4', externalRef: undefined })).ok).toBe(true)
    expect(countVacancies(t.db)).toBe(3)
  })

  it("updates only from the version it was given: bumps it, refuses a stale one, a missing id, an invalid document and another unit's external reference", () => {
    insertVacancy(t.db, sampleVacancy({ id: 'v-1', externalRef: 'OBO-1' }))
    insertVacancy(t.db, sampleVacancy({ id: 'v-2', externalRef: 'OBO-2' }))
    const stored = getVacancy(t.db, 'v-1')
    if (stored === undefined) throw new Error('v-1 missing')
    const withdrawn = { ...stored.vacancy, status: 'withdrawn' as const }
    expect(updateVacancy(t.db, withdrawn, 1)).toEqual({ ok: true, value: { vacancy: withdrawn, version: 2 } })
    expect(getVacancy(t.db, 'v-1')).toEqual({ vacancy: withdrawn, version: 2 })
    // The status column follows the document.
    expect(countVacancies(t.db, 'withdrawn')).toBe(1)
    const stale = updateVacancy(t.db, stored.vacancy, 1)
    expect(!stale.ok && stale.error).toEqual({
      code: 'CONFLICT',
      detail: 'vacancy "v-1" is at version 2, not 1; read it again',
    })
    const missing = updateVacancy(t.db, { ...stored.vacancy, id: 'v-9' }, 1)
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND')
    const clash = updateVacancy(t.db, { ...withdrawn, externalRef: 'OBO-2' }, 2)
    expect(!clash.ok && clash.error.code).toBe('CONFLICT')
    const bad = updateVacancy(t.db, { ...withdrawn, rooms: -1 }, 2)
    expect(!bad.ok && bad.error.code).toBe('INVALID')
    expect(getVacancy(t.db, 'v-1')).toEqual({ vacancy: withdrawn, version: 2 })
  })

  it('counts vacancies, all or with one status', () => {
    insertVacancy(t.db, sampleVacancy({ id: 'v-2', externalRef: 'r2', type: 'housing_first' }))
    insertVacancy(t.db, sampleVacancy({ id: 'v-1', externalRef: 'r1', status: 'let' }))
    insertVacancy(t.db, sampleVacancy({ id: 'v-3', externalRef: 'r3' }))
    expect(countVacancies(t.db)).toBe(3)
    expect(countVacancies(t.db, 'let')).toBe(1)
  })
})
