import type Database from 'better-sqlite3'
import { and, asc, eq, gt, inArray, lt, type SQL, sql } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../../db/client.ts'
import { connectionOf } from '../../../db/prepared.ts'
import { applicants } from '../../../db/schema.ts'
import { normaliseDistrict } from '../../domain/match/household-facts.ts'
import type { Principal } from '../../domain/roles.ts'
import { ok } from '../../domain/validation.ts'
import type { ApplicantStatus, SituationCode } from '../../domain/vocabulary.ts'
import { appendAudit } from '../audit.ts'
import { invalid, type ServiceCall, type ServiceResult } from '../context.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { auditApplicant } from './get-applicant.ts'
import { type ApplicantListQuery, defaultPageSize } from './schemas.ts'
import { caseloadScope, maySeeProtectedDetails } from './scope.ts'

/**
 * One household in a list: enough to find and sort a case, nothing that
 * places a person (no districts, safety details or declined vacancies), so a
 * list is safe to show for a protected-identity household too.
 */
export interface ApplicantSummary {
  id: string
  status: ApplicantStatus
  /** Null for a prevention case (in none of the four situations). */
  situation: { code: SituationCode; since: string } | null
  caseload: string
  registeredOn: string
  adults: number
  children: number
  protectedIdentity: boolean
  version: number
}

export interface ApplicantPage {
  items: ApplicantSummary[]
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null
}

const protectedFlag = sql<number>`json_extract(${applicants.body}, '$.safety.protectedIdentity')`

/**
 * The WHERE conditions of a list for a principal, or `null` when the principal may see no
 * household, or `'bad-cursor'` when the cursor is not one this API gave out.
 */
function listConditions(
  principal: Principal,
  input: ApplicantListQuery,
): (SQL | undefined)[] | null | 'bad-cursor' {
  const conditions: (SQL | undefined)[] = []
  if (input.cursor !== undefined) {
    const after = decodeCursor(input.cursor)
    if (after === undefined) return 'bad-cursor'
    conditions.push(gt(applicants.id, after))
  }
  const scope = caseloadScope(principal)
  if (scope.kind === 'none') return null
  if (scope.kind === 'caseloads') conditions.push(inArray(applicants.caseload, [...scope.caseloads]))
  if (input.caseload !== undefined) conditions.push(eq(applicants.caseload, input.caseload))
  // Unary plus keeps SQLite off the status index: with it the planner reads every row of that status
  // and sorts them, where walking the primary key in id order stops after one page of matches
  // (measured at 10,000 households: 1.8 ms against 0.5 ms). The caseload index stays usable.
  if (input.status !== undefined) conditions.push(sql`+${applicants.status} = ${input.status}`)
  // The index on (situation_code, has_children, id) serves a list filtered on both in id order: it
  // reads one page of matches and stops. Given only the situation, the planner would take the index's
  // prefix and sort every household of that situation (1,749 acute of 10,000: 250 → 400 µs), so the
  // column is then hidden from it by a unary plus, as status is above, and the primary key is walked.
  const indexed = input.hasChildren !== undefined
  const situationCode = indexed ? applicants.situationCode : sql`+${applicants.situationCode}`
  if (input.situation !== undefined) conditions.push(sql`${situationCode} = ${input.situation}`)
  if (input.preventionCase !== undefined)
    conditions.push(
      input.preventionCase ? sql`${situationCode} IS NULL` : sql`+${applicants.situationCode} IS NOT NULL`,
    )
  if (input.hasChildren !== undefined) conditions.push(eq(applicants.hasChildren, input.hasChildren))
  if (input.registeredBefore !== undefined)
    conditions.push(lt(applicants.registeredOn, input.registeredBefore))
  if (input.registeredAfter !== undefined) conditions.push(gt(applicants.registeredOn, input.registeredAfter))
  if (input.district !== undefined) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM json_each(${applicants.body}, '$.preferences.districts') WHERE district_key(json_each.value) = ${normaliseDistrict(input.district)})`,
    )
    if (!maySeeProtectedDetails(principal)) conditions.push(sql`${protectedFlag} = 0`)
  }
  return conditions
}

/**
 * The query of one page of a list (one row more than the page, which tells whether a next page
 * exists without a second query), not yet run: `listApplicants` runs it, a test reads its plan.
 * Undefined when the principal may see no household or the cursor is not one this API gave out.
 *
 * @example
 * const { sql, params } = applicantListQuery(db, principal, { situation: 'acute', hasChildren: true })!.toSQL()
 */
export function applicantListQuery(executor: Executor, principal: Principal, input: ApplicantListQuery) {
  const conditions = listConditions(principal, input)
  if (conditions === null || conditions === 'bad-cursor') return undefined
  return pageQuery(executor, conditions, input.limit ?? defaultPageSize)
}

/** The columns of a page, in the order the query selects them (a row read raw is in this order). */
const pageColumns = {
  id: applicants.id,
  status: applicants.status,
  situationCode: applicants.situationCode,
  situationSince: sql<string>`json_extract(${applicants.body}, '$.situation.since')`,
  caseload: applicants.caseload,
  registeredOn: applicants.registeredOn,
  adults: sql<number>`json_extract(${applicants.body}, '$.household.adults')`,
  children: sql<number>`json_array_length(${applicants.body}, '$.household.children')`,
  protectedIdentity: protectedFlag,
  version: applicants.version,
}
type PageRow = {
  id: string
  status: ApplicantStatus
  situationCode: SituationCode | null
  situationSince: string
  caseload: string
  registeredOn: string
  adults: number
  children: number
  protectedIdentity: number
  version: number
}
const pageColumnNames = Object.keys(pageColumns) as (keyof PageRow)[]

function pageQuery(executor: Executor, conditions: (SQL | undefined)[], limit: number) {
  return executor
    .select(pageColumns)
    .from(applicants)
    .where(and(...conditions))
    .orderBy(asc(applicants.id))
    .limit(limit + 1)
}

/** Prepared page statements per connection, by SQL text; started again past `maxPageStatements`. */
const pageStatements = new WeakMap<Database.Database, Map<string, Database.Statement>>()
const maxPageStatements = 200

/**
 * Runs a page query through a statement prepared once per connection for its SQL text (one per
 * combination of filters; the values are parameters): drizzle would have SQLite prepare it anew on
 * every list, about a third of the query's time. The columns are `pageColumns`, none of which
 * drizzle decodes, so the raw values are the row.
 */
function runPageQuery(executor: Executor, query: ReturnType<typeof pageQuery>): PageRow[] {
  const sqlite = connectionOf(executor)
  let statements = pageStatements.get(sqlite)
  if (statements === undefined) {
    statements = new Map()
    pageStatements.set(sqlite, statements)
  }
  const { sql: text, params } = query.toSQL()
  let statement = statements.get(text)
  if (statement === undefined) {
    if (statements.size >= maxPageStatements) statements.clear()
    statement = sqlite.prepare(text).raw()
    statements.set(text, statement)
  }
  return (statement.all(...params) as unknown[][]).map((values) => {
    const row: Record<string, unknown> = {}
    pageColumnNames.forEach((name, i) => {
      row[name] = values[i]
    })
    return row as PageRow
  })
}

/**
 * Lists the households the principal may see, filtered, in id order (ids are
 * time-ordered, so oldest registration first), one page at a time. A case
 * worker sees only its caseloads: a `caseload` filter outside them gives an
 * empty page, not an error that would confirm the caseload exists.
 *
 * The district filter matches the household's preferred districts; for a
 * role that may not see a protected-identity household's districts, such
 * households never match it (else the filter would reveal where they want
 * to live, one query at a time).
 *
 * Audited in the same transaction: one `applicant.list` row, and one
 * `applicant.list_protected` row for each protected-identity household on the page.
 *
 * @example
 * listApplicants({ ctx, input: { situation: 'acute', hasChildren: true, limit: 20 } })
 * // { items: [...], nextCursor: 'c1.…' }
 */
export function listApplicants({
  ctx,
  input,
}: ServiceCall<ApplicantListQuery>): ServiceResult<ApplicantPage> {
  const conditions = listConditions(ctx.principal, input)
  if (conditions === 'bad-cursor')
    return invalid([{ path: 'cursor', message: 'is not a cursor this API gave out' }])
  if (conditions === null) return ok({ items: [], nextCursor: null })
  const limit = input.limit ?? defaultPageSize

  return writeTransaction(ctx.db, (tx): ServiceResult<ApplicantPage> => {
    const rows = runPageQuery(tx, pageQuery(tx, conditions, limit))
    const page = rows.slice(0, limit)
    const items = page.map(
      (r): ApplicantSummary => ({
        id: r.id,
        status: r.status,
        situation: r.situationCode === null ? null : { code: r.situationCode, since: r.situationSince },
        caseload: r.caseload,
        registeredOn: r.registeredOn,
        adults: r.adults,
        children: r.children,
        protectedIdentity: r.protectedIdentity === 1,
        version: r.version,
      }),
    )
    appendAudit(tx, {
      principal: ctx.principal,
      action: 'applicant.list',
      objectType: 'applicant',
      objectId: null,
      // The households the page showed, so "who accessed this person" finds the list read too.
      subjectIds: items.map((item) => item.id),
      requestId: ctx.requestId,
    })
    for (const item of items) {
      if (item.protectedIdentity) auditApplicant(tx, ctx, 'applicant.list_protected', item.id)
    }
    const last = page.at(-1)
    return ok({ items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.id) : null })
  })
}
