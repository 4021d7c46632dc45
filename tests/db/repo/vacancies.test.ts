import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { countVacancies, getVacancy, insertVacancy } from '../../../db/repo/vacancies.ts'
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

  it('counts vacancies, all or with one status', () => {
    insertVacancy(t.db, sampleVacancy({ id: 'v-2', externalRef: 'r2', type: 'housing_first' }))
    insertVacancy(t.db, sampleVacancy({ id: 'v-1', externalRef: 'r1', status: 'let' }))
    insertVacancy(t.db, sampleVacancy({ id: 'v-3', externalRef: 'r3' }))
    expect(countVacancies(t.db)).toBe(3)
    expect(countVacancies(t.db, 'let')).toBe(1)
  })
})
