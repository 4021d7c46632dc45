import { and, asc, eq, gt, lt, type SQL, sql } from 'drizzle-orm'
import { validateOut } from '../../../db/repo/shared.ts'
import type { StoredVacancy } from '../../../db/repo/vacancies.ts'
import { vacancies } from '../../../db/schema.ts'
import { normaliseDistrict } from '../../domain/match/household-facts.ts'
import { vacancySchema } from '../../domain/vacancy.ts'
import { ok } from '../../domain/validation.ts'
import { decodeCursor, encodeCursor } from '../applicants/cursor.ts'
import { defaultPageSize } from '../applicants/schemas.ts'
import { invalid, type ServiceCall, type ServiceResult } from '../context.ts'
import type { VacancyListQuery } from './schemas.ts'
import { landlordScope } from './scope.ts'

export interface VacancyPage {
  items: StoredVacancy[]
  nextCursor: string | null
}

/**
 * Lists the vacancies the principal may see, filtered, in id order, one page at a time.
 *
 * @example
 * listVacancies({ ctx, input: { type: 'social_contract', status: 'open', availableBefore: '2026-12-01' } })
 */
export function listVacancies({ ctx, input }: ServiceCall<VacancyListQuery>): ServiceResult<VacancyPage> {
  if (ctx.principal.role === 'analyst') return ok({ items: [], nextCursor: null })
  const conditions: (SQL | undefined)[] = []
  if (input.cursor !== undefined) {
    const after = decodeCursor(input.cursor)
    if (after === undefined)
      return invalid([{ path: 'cursor', message: 'is not a cursor this API gave out' }])
    conditions.push(gt(vacancies.id, after))
  }
  const only = landlordScope(ctx.principal)
  if (only !== undefined) conditions.push(eq(vacancies.landlord, only))
  if (input.landlord !== undefined) conditions.push(eq(vacancies.landlord, input.landlord))
  if (input.type !== undefined) conditions.push(eq(vacancies.type, input.type))
  if (input.status !== undefined) conditions.push(eq(vacancies.status, input.status))
  if (input.district !== undefined)
    conditions.push(sql`district_key(${vacancies.district}) = ${normaliseDistrict(input.district)}`)
  if (input.availableBefore !== undefined) conditions.push(lt(vacancies.availableFrom, input.availableBefore))
  const limit = input.limit ?? defaultPageSize
  const rows = ctx.db
    .select({ id: vacancies.id, body: vacancies.body, version: vacancies.version })
    .from(vacancies)
    .where(and(...conditions))
    .orderBy(asc(vacancies.id))
    .limit(limit + 1)
    .all()
  const page = rows.slice(0, limit)
  const items = page.map((r) => ({
    vacancy: validateOut(vacancySchema, r.body, 'vacancies', r.id),
    version: r.version,
  }))
  const last = page.at(-1)
  return ok({ items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.id) : null })
}
