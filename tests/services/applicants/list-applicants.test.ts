import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Principal } from '../../../src/domain/roles.ts'
import { applicantListQuery } from '../../../src/services/applicants/list-applicants.ts'
import type { ApplicantListQuery } from '../../../src/services/applicants/schemas.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'

const allocator: Principal = { tokenId: 't-alloc', role: 'allocator', caseloads: [] }

/** SQLite's plan for the page query of `input`, one line per step. */
function planOf(t: TestDatabase, input: ApplicantListQuery, principal = allocator): string[] {
  const query = applicantListQuery(t.db, principal, input)
  if (query === undefined) throw new Error('no query')
  const { sql, params } = query.toSQL()
  return (t.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
    (r) => r.detail,
  )
}

describe('the list query plan', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('a list filtered on situation and children reads the situation-children index in id order (no sort)', () => {
    for (const input of [
      { situation: 'acute', hasChildren: true, status: 'active' },
      { situation: 'institution', hasChildren: false },
      { preventionCase: true, hasChildren: true },
      { situation: 'acute', hasChildren: true, cursor: 'c1.aC0wMDE' },
    ] as ApplicantListQuery[]) {
      const plan = planOf(t, input).join(' | ')
      expect(plan, JSON.stringify(input)).toMatch(/USING INDEX applicants_situation_children_idx/)
      expect(plan, JSON.stringify(input)).not.toMatch(/TEMP B-TREE/)
    }
  })

  it('a list not filtered on both walks the primary key in id order, never the index with a sort', () => {
    for (const input of [
      {},
      { situation: 'acute' },
      { situation: 'acute', status: 'active' },
      { preventionCase: true },
      { preventionCase: false, hasChildren: true },
      { hasChildren: true },
      { status: 'active' },
    ] as ApplicantListQuery[]) {
      const plan = planOf(t, input).join(' | ')
      expect(plan, JSON.stringify(input)).not.toMatch(/TEMP B-TREE/)
      if (!('hasChildren' in input)) expect(plan, JSON.stringify(input)).not.toMatch(/situation_children/)
    }
  })
})
