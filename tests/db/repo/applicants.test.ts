import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { StoredDataError } from '../../../db/errors.ts'
import {
  countApplicants,
  getApplicant,
  getApplicantToShow,
  insertApplicant,
  situationHistory,
  updateApplicant,
} from '../../../db/repo/applicants.ts'
import { applicantSchema } from '../../../src/domain/applicant.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { sampleApplicant } from '../samples.ts'

describe('applicants repository', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('stores the validated document and reads back exactly what the schema parses', () => {
    const input = sampleApplicant({ id: 'a-7' })
    const r = insertApplicant(t.db, input)
    expect(r.ok).toBe(true)
    const stored = getApplicant(t.db, 'a-7')
    expect(stored).toEqual({ applicant: applicantSchema.parse(input), version: 1 })
    expect(getApplicant(t.db, 'nobody')).toBeUndefined()
  })

  it('copies the filter columns from the same document', () => {
    insertApplicant(t.db, sampleApplicant({ id: 'a-1' }))
    insertApplicant(
      t.db,
      sampleApplicant({ id: 'a-2', household: { adults: 2, children: [] }, status: 'paused' }),
    )
    const rows = t.sqlite
      .prepare(
        'SELECT id, status, situation_code, caseload, registered_on, has_children, lottery_number FROM applicants ORDER BY id',
      )
      .all()
    expect(rows).toEqual([
      {
        id: 'a-1',
        status: 'active',
        situation_code: 'acute',
        caseload: 'team-norr',
        registered_on: '2025-11-03',
        has_children: 1,
        lottery_number: 1234567,
      },
      {
        id: 'a-2',
        status: 'paused',
        situation_code: 'acute',
        caseload: 'team-norr',
        registered_on: '2025-11-03',
        has_children: 0,
        lottery_number: 1234567,
      },
    ])
  })

  it('refuses an invalid applicant with field paths and writes nothing', () => {
    const bad = sampleApplicant({ household: { adults: 0, children: [] } })
    const r = insertApplicant(t.db, bad)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('INVALID')
    expect(r.error.code === 'INVALID' && r.error.issues).toEqual([
      { path: 'household.adults', message: 'must be at least 1 adult' },
    ])
    expect(countApplicants(t.db)).toBe(0)
  })

  it('refuses unknown fields (no mass assignment)', () => {
    const r = insertApplicant(t.db, { ...sampleApplicant(), priorityScore: 99 } as never)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error.code === 'INVALID' && r.error.issues.map((i) => i.path)).toEqual([
      'priorityScore',
    ])
  })

  it('a second insert with the same id is a CONFLICT and leaves the first untouched', () => {
    insertApplicant(t.db, sampleApplicant())
    const r = insertApplicant(t.db, sampleApplicant({ caseload: 'team-syd' }))
    expect(!r.ok && r.error.code).toBe('CONFLICT')
    expect(getApplicant(t.db, 'a-1')?.applicant.caseload).toBe('team-norr')
    expect(situationHistory(t.db, 'a-1')).toHaveLength(1)
  })

  it('keeps the situation history: a change appends, the old record stays', () => {
    insertApplicant(t.db, sampleApplicant())
    const moved = sampleApplicant({ situation: { code: 'institution', kind: 'hvb', since: '2026-01-10' } })
    const r = updateApplicant(t.db, moved, 1)
    expect(r.ok && r.value.version).toBe(2)
    // An update that keeps the situation adds no record.
    expect(updateApplicant(t.db, { ...moved, caseload: 'team-syd' }, 2).ok).toBe(true)
    expect(situationHistory(t.db, 'a-1').map(({ code, kind, since }) => ({ code, kind, since }))).toEqual([
      { code: 'acute', kind: 'shelter', since: '2025-10-20' },
      { code: 'institution', kind: 'hvb', since: '2026-01-10' },
    ])
    expect(getApplicant(t.db, 'a-1')).toMatchObject({ version: 3, applicant: { caseload: 'team-syd' } })
  })

  it('optimistic concurrency: an update quoting a stale version is a CONFLICT and changes nothing', () => {
    insertApplicant(t.db, sampleApplicant())
    expect(updateApplicant(t.db, sampleApplicant({ status: 'paused' }), 1).ok).toBe(true)
    const stale = updateApplicant(t.db, sampleApplicant({ status: 'withdrawn' }), 1)
    expect(!stale.ok && stale.error.code).toBe('CONFLICT')
    expect(getApplicant(t.db, 'a-1')).toMatchObject({ version: 2, applicant: { status: 'paused' } })
    const missing = updateApplicant(t.db, sampleApplicant({ id: 'a-404' }), 1)
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND')
  })

  it('validates on the way out: a corrupted stored body throws naming paths, never values', () => {
    insertApplicant(t.db, sampleApplicant())
    t.sqlite.prepare(`UPDATE applicants SET body = json_set(body, '$.household.adults', -3)`).run()
    const read = () => getApplicant(t.db, 'a-1')
    expect(read).toThrow(StoredDataError)
    expect(read).toThrow('applicants row "a-1" does not match the schema at: household.adults')
  })

  describe('getApplicantToShow', () => {
    it('answers what getApplicant answers, the document frozen, for a new, a changed and a culled-marked household', () => {
      insertApplicant(t.db, sampleApplicant())
      for (let round = 0; round < 2; round++) {
        expect(getApplicantToShow(t.db, 'a-1')).toEqual(getApplicant(t.db, 'a-1'))
      }
      const shown = getApplicantToShow(t.db, 'a-1')
      expect(Object.isFrozen(shown?.applicant.household.children)).toBe(true)
      expect(() => {
        ;(shown?.applicant.household as { adults: number }).adults = 9
      }).toThrow(TypeError)
      expect(updateApplicant(t.db, sampleApplicant({ status: 'paused' }), 1).ok).toBe(true)
      expect(getApplicantToShow(t.db, 'a-1')).toMatchObject({ version: 2, applicant: { status: 'paused' } })
      expect(getApplicantToShow(t.db, 'a-1')).toEqual(getApplicant(t.db, 'a-1'))
      expect(getApplicantToShow(t.db, 'nobody')).toBeUndefined()
    })

    it('the same stored text is answered with the same validated document for ten minutes, then validated again', () => {
      vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') })
      try {
        insertApplicant(t.db, sampleApplicant())
        const first = getApplicantToShow(t.db, 'a-1')?.applicant
        vi.advanceTimersByTime(9 * 60_000)
        expect(getApplicantToShow(t.db, 'a-1')?.applicant).toBe(first)
        vi.advanceTimersByTime(2 * 60_000)
        const later = getApplicantToShow(t.db, 'a-1')?.applicant
        expect(later).not.toBe(first)
        expect(later).toEqual(first)
      } finally {
        vi.useRealTimers()
      }
    })

    it('a stored text it has not validated is validated: a hand edit is seen at once, a corrupted body still throws', () => {
      insertApplicant(t.db, sampleApplicant())
      expect(getApplicantToShow(t.db, 'a-1')?.applicant.household.adults).toBe(1)
      // Changed behind the application's back, version and all left as they were.
      t.sqlite.prepare(`UPDATE applicants SET body = json_set(body, '$.household.adults', 2)`).run()
      expect(getApplicantToShow(t.db, 'a-1')?.applicant.household.adults).toBe(2)
      t.sqlite.prepare(`UPDATE applicants SET body = json_set(body, '$.household.adults', -3)`).run()
      const read = () => getApplicantToShow(t.db, 'a-1')
      expect(read).toThrow(StoredDataError)
      expect(read).toThrow('applicants row "a-1" does not match the schema at: household.adults')
    })
  })

  it('counts applicants, all or with one status', () => {
    for (const [id, status, caseload] of [
      ['a-3', 'active', 'team-norr'],
      ['a-1', 'active', 'team-syd'],
      ['a-2', 'housed', 'team-norr'],
      ['a-4', 'active', 'team-norr'],
    ] as const) {
      insertApplicant(t.db, sampleApplicant({ id, status, caseload }))
    }
    expect(countApplicants(t.db)).toBe(4)
    expect(countApplicants(t.db, 'active')).toBe(3)
  })
})
