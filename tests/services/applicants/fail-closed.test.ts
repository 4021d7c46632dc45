/**
 * Fail closed: when the audit row cannot be written, the access it would
 * record does not happen: the write is rolled back, the read answers nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { countApplicants, insertApplicant } from '../../../db/repo/applicants.ts'
import { getVacancy, insertVacancy } from '../../../db/repo/vacancies.ts'
import { createApplicant, getApplicant, updateApplicant } from '../../../src/services/applicants/index.ts'
import type { ServiceContext } from '../../../src/services/context.ts'
import { updateVacancy } from '../../../src/services/vacancies/index.ts'
import { makeApplicant, makeVacancy } from '../../support/builders.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'

describe('audit failure stops the access', () => {
  let t: TestDatabase
  let ctx: ServiceContext
  beforeEach(() => {
    t = freshDatabase()
    ctx = { db: t.db, principal: { tokenId: 'tok', role: 'admin', caseloads: [] }, requestId: 'req-1' }
  })
  afterEach(() => t.close())

  const breakAudit = () =>
    t.sqlite.exec(
      "CREATE TRIGGER audit_broken BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk says no'); END",
    )

  it('a registration whose audit row fails is not stored', () => {
    const {
      id: _i,
      registeredOn: _r,
      lotteryNumber: _l,
      status: _s,
      declinedVacancyIds: _d,
      ...input
    } = makeApplicant()
    breakAudit()
    expect(() => createApplicant({ ctx, input })).toThrow()
    expect(countApplicants(t.db)).toBe(0)
  })

  it('a read whose audit row fails returns nothing', () => {
    insertApplicant(t.db, makeApplicant({ id: 'a-1' }))
    expect(getApplicant({ ctx, input: { id: 'a-1' } }).ok).toBe(true)
    breakAudit()
    expect(() => getApplicant({ ctx, input: { id: 'a-1' } })).toThrow()
  })

  it('an update whose audit row fails leaves the stored record and version as they were', () => {
    insertApplicant(t.db, makeApplicant({ id: 'a-1' }))
    insertVacancy(t.db, makeVacancy({ id: 'v-1' }))
    breakAudit()
    expect(() =>
      updateApplicant({ ctx, input: { id: 'a-1', expectedVersion: 1, patch: { resident: false } } }),
    ).toThrow()
    expect(() =>
      updateVacancy({ ctx, input: { id: 'v-1', expectedVersion: 1, patch: { rent: 1 } } }),
    ).toThrow()
    t.sqlite.exec('DROP TRIGGER audit_broken')
    const after = getApplicant({ ctx, input: { id: 'a-1' } })
    expect(after.ok && after.value).toMatchObject({ version: 1, applicant: { resident: true } })
    expect(getVacancy(t.db, 'v-1')).toMatchObject({ version: 1, vacancy: { rent: 6500 } })
  })
})
