import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { insertApplicant } from '../../../db/repo/applicants.ts'
import type { Principal } from '../../../src/domain/roles.ts'
import { applicantListQuery, listApplicants } from '../../../src/services/applicants/list-applicants.ts'
import type { ApplicantListQuery } from '../../../src/services/applicants/schemas.ts'
import { generateApplicants } from '../../../src/synthetic/index.ts'
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

describe('a page read through its prepared statement', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('is, item for item, what drizzle reads for the same query, for every combination tried', () => {
    const households = generateApplicants(400, { seed: 17, asOf: '2026-11-01' })
    for (const a of households) expect(insertApplicant(t.db, a).ok).toBe(true)
    const caseloads = [...new Set(households.map((a) => a.caseload))].slice(0, 2)
    const caseworker: Principal = { tokenId: 't-cw', role: 'caseworker', caseloads }
    const inputs: ApplicantListQuery[] = [
      {},
      { situation: 'acute', hasChildren: true, status: 'active', limit: 50 },
      { situation: 'institution', limit: 7 },
      { hasChildren: false, registeredAfter: '2025-01-01', limit: 20 },
      { preventionCase: false, district: 'Väster' },
      { situation: 'acute', hasChildren: true, cursor: 'c1.MDE' },
    ] as ApplicantListQuery[]
    for (const principal of [allocator, caseworker]) {
      let empty = 0
      for (const input of inputs) {
        // Twice: the second read reuses the statement the first prepared.
        for (let round = 0; round < 2; round++) {
          const page = listApplicants({ ctx: { db: t.db, principal, requestId: 'r-1' }, input })
          if (!page.ok) throw new Error(JSON.stringify(page.error))
          const expected = applicantListQuery(t.db, principal, input)?.all() ?? []
          const label = `${principal.role} ${JSON.stringify(input)}`
          if (round === 0 && page.value.items.length === 0) empty += 1
          expect(
            page.value.items.map((i) => i.id),
            label,
          ).toEqual(expected.slice(0, input.limit ?? 50).map((r) => r.id))
          expect(
            page.value.items.map((i) => [
              i.status,
              i.situation?.code ?? null,
              i.situation?.since ?? null,
              i.caseload,
              i.registeredOn,
              i.adults,
              i.children,
              i.protectedIdentity,
              i.version,
            ]),
            label,
          ).toEqual(
            expected
              .slice(0, input.limit ?? 50)
              .map((r) => [
                r.status,
                r.situationCode,
                r.situationCode === null ? null : r.situationSince,
                r.caseload,
                r.registeredOn,
                r.adults,
                r.children,
                r.protectedIdentity === 1,
                r.version,
              ]),
          )
        }
      }
      // Pages with households in them: a comparison of empty pages would prove nothing.
      expect(empty, principal.role).toBeLessThanOrEqual(1)
    }
  })
})
