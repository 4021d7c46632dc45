/**
 * ÖBO's flats in: one by object number (PUT), or a batch from a CSV file
 * (POST …/vacancies.csv, `hemvist obo import vacancies`). A batch is
 * validated whole first (every row's values, the districts, and what each row
 * would do to the stored unit); on any problem nothing is written and every
 * problem is reported by row and column. A dry run reports the same without
 * writing. A flat that says what is stored already changes nothing (rule V3),
 * so the same batch sent twice is a no-op the second time.
 */
import { eq } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../../db/client.ts'
import { getVacancy, insertVacancy, updateVacancy } from '../../../db/repo/vacancies.ts'
import { vacancies } from '../../../db/schema.ts'
import type { Vacancy } from '../../domain/vacancy.ts'
import { err, ok } from '../../domain/validation.ts'
import { type CsvRow, parseCsv } from '../../integrations/obo/csv.ts'
import {
  missingColumns,
  type OboVacancy,
  type RowIssue,
  vacancyColumns,
  vacancyFromRow,
} from '../../integrations/obo/feeds.ts'
import { planVacancyUpsert, type UpsertPlan } from '../../integrations/obo/vacancy-upsert.ts'
import { appendAudit } from '../audit.ts'
import {
  forbidden,
  invalid,
  knownDistricts,
  newId,
  nowOf,
  type ServiceCall,
  type ServiceContext,
  type ServiceResult,
} from '../context.ts'
import { openOfferBrokenBy } from '../offers/offer-guard.ts'

/** What a batch did (or, in a dry run, would do). */
export interface ImportReport {
  dryRun: boolean
  rows: number
  created: number
  updated: number
  unchanged: number
  /** Units taken out of matching by this batch (counted in `updated` too). */
  withdrawn: number
}

/** A batch refused: every problem found, by row. Nothing was written. */
export interface ImportRefusal {
  detail: string
  issues: RowIssue[]
}

export type ImportResult = { ok: true; value: ImportReport } | { ok: false; error: ImportRefusal }

/** The stored unit with this object number, if any. */
export function vacancyByObjectNo(
  tx: Executor,
  objectNo: string,
): { vacancy: Vacancy; version: number } | undefined {
  const row = tx.select({ id: vacancies.id }).from(vacancies).where(eq(vacancies.externalRef, objectNo)).get()
  return row === undefined ? undefined : getVacancy(tx, row.id)
}

/** A vacancy file read: the rows that are flats, and the problems of the others (reported with the batch's). */
export interface VacancyFile {
  flats: { row: CsvRow; objectNo: string; vacancy: OboVacancy }[]
  issues: RowIssue[]
}

/**
 * Reads a vacancy file: its good rows as flats and every bad row's problems;
 * a file that is not CSV or whose header is not ÖBO's is refused whole. Pure.
 */
export function readVacancyFile(
  bytes: Uint8Array,
  options: { maxRows?: number } = {},
): { ok: true; value: VacancyFile } | { ok: false; error: ImportRefusal } {
  const table = parseCsv(bytes, options)
  if (!table.ok) return err({ detail: table.error, issues: [] })
  const header = missingColumns(table.value.columns, 'vacancies')
  if (header.length > 0) {
    return err({
      detail: `The header does not match ÖBO's vacancy file (columns: ${Object.keys(vacancyColumns).join(';')}).`,
      issues: header.map((h) => ({ row: 0, line: 1, column: h.column, reason: h.reason })),
    })
  }
  const issues: RowIssue[] = []
  const flats: { row: CsvRow; objectNo: string; vacancy: OboVacancy }[] = []
  const firstRowOf = new Map<string, number>()
  for (const row of table.value.rows) {
    const r = vacancyFromRow(row)
    if (!r.ok) {
      issues.push(...r.error)
      continue
    }
    const first = firstRowOf.get(r.value.objectNo)
    if (first !== undefined) {
      issues.push({
        row: row.row,
        line: row.line,
        column: 'objektnr',
        reason: `the same object number is in row ${first}: a flat is sent once per batch`,
      })
      continue
    }
    firstRowOf.set(r.value.objectNo, row.row)
    flats.push({ row, ...r.value })
  }
  return ok({ flats, issues })
}

function refusal(issues: RowIssue[]): ImportRefusal {
  const rows = new Set(issues.map((i) => i.row)).size
  return {
    detail: `${rows === 1 ? '1 row has' : `${rows} rows have`} problems; nothing was imported. Correct them and send the whole file again.`,
    issues,
  }
}

interface Planned {
  row: CsvRow | undefined
  plan: UpsertPlan
  stored: { vacancy: Vacancy; version: number } | undefined
}

/** Plans one flat against the stored state: districts checked, the unit read, an open offer guarded. */
function planOne(
  tx: Executor,
  ctx: ServiceContext,
  objectNo: string,
  flat: OboVacancy,
): { ok: true; value: Omit<Planned, 'row'> } | { ok: false; error: { column: string; reason: string }[] } {
  const district = knownDistricts(ctx, { district: flat.district })
  if (!district.ok) {
    const issues = district.error.code === 'INVALID' ? district.error.issues : []
    return err(issues.map((i) => ({ column: 'område', reason: i.message })))
  }
  const named = { ...flat, district: district.value.district?.[0] ?? flat.district }
  const stored = vacancyByObjectNo(tx, objectNo)
  const plan = planVacancyUpsert(stored?.vacancy, objectNo, named, newId(nowOf(ctx)))
  if (plan.kind === 'refused') return err([{ column: 'objektnr', reason: plan.reason }])
  if (plan.kind === 'update' && plan.vacancy.status !== 'withdrawn') {
    const breaks = openOfferBrokenBy(tx, { vacancy: plan.vacancy })
    if (breaks !== undefined) return err([{ column: '', reason: breaks }])
  }
  return ok({ plan, stored })
}

function write(tx: Executor, p: Omit<Planned, 'row'>): void {
  if (p.plan.kind === 'create') {
    const r = insertVacancy(tx, p.plan.vacancy)
    if (!r.ok) throw new Error(`ÖBO import: a planned unit was refused (${r.error.code})`)
  } else if (p.plan.kind === 'update' && p.stored !== undefined) {
    const r = updateVacancy(tx, p.plan.vacancy, p.stored.version)
    if (!r.ok) throw new Error(`ÖBO import: a planned change was refused (${r.error.code})`)
  }
}

function tally(planned: readonly Omit<Planned, 'row'>[], dryRun: boolean): ImportReport {
  const report: ImportReport = {
    dryRun,
    rows: planned.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    withdrawn: 0,
  }
  for (const p of planned) {
    if (p.plan.kind === 'create') report.created++
    else if (p.plan.kind === 'update') {
      report.updated++
      if (p.plan.vacancy.status === 'withdrawn') report.withdrawn++
    } else report.unchanged++
  }
  return report
}

/**
 * Applies a validated batch (from `readVacancyFile`) in one transaction: every
 * row is planned against the stored units first; any refusal writes nothing.
 * Only ÖBO's token, admin and allocator import.
 *
 * @example
 * const file = readVacancyFile(bytes)
 * if (file.ok) importVacancies({ ctx, input: { ...file.value, dryRun: false } })
 */
export function importVacancies({
  ctx,
  input,
}: ServiceCall<VacancyFile & { dryRun: boolean }>): ImportResult {
  return writeTransaction(ctx.db, (tx): ImportResult => {
    const planned: Planned[] = []
    const issues: RowIssue[] = [...input.issues]
    for (const f of input.flats) {
      const p = planOne(tx, ctx, f.objectNo, f.vacancy)
      if (!p.ok) {
        for (const e of p.error) issues.push({ row: f.row.row, line: f.row.line, ...e })
        continue
      }
      planned.push({ row: f.row, ...p.value })
    }
    if (issues.length > 0) return err(refusal(issues.sort((a, b) => a.row - b.row)))
    const report = tally(planned, input.dryRun)
    if (input.dryRun) return ok(report)
    const touched: string[] = []
    for (const p of planned) {
      write(tx, p)
      if (p.plan.kind === 'create' || p.plan.kind === 'update') touched.push(p.plan.vacancy.id)
    }
    appendAudit(tx, {
      principal: ctx.principal,
      action: 'vacancy.import',
      objectType: 'vacancy',
      objectId: null,
      requestId: ctx.requestId,
      subjectIds: touched,
    })
    return ok(report)
  })
}

export interface UpsertOutcome {
  vacancy: Vacancy
  version: number
  /** `created` (201), `updated` or `unchanged` (200). */
  effect: 'created' | 'updated' | 'unchanged'
}

/**
 * Upserts one ÖBO flat by its object number (rules V1–V5). An unknown object
 * number listed `withdrawn` is NOT_FOUND: there is nothing to take back.
 *
 * @example
 * upsertOboVacancy({ ctx, input: { objectNo: '1234-0101', vacancy: { district: 'Väster', … } } })
 */
export function upsertOboVacancy({
  ctx,
  input,
}: ServiceCall<{ objectNo: string; vacancy: OboVacancy }>): ServiceResult<UpsertOutcome> {
  if (ctx.principal.role !== 'obo' && ctx.principal.role !== 'admin' && ctx.principal.role !== 'allocator') {
    return forbidden([{ path: '', message: 'only ÖBO, admin and allocation staff send ÖBO flats' }])
  }
  return writeTransaction(ctx.db, (tx): ServiceResult<UpsertOutcome> => {
    const p = planOne(tx, ctx, input.objectNo, input.vacancy)
    if (!p.ok) {
      const first = p.error[0]
      if (first?.column === 'område')
        return invalid(p.error.map((e) => ({ path: 'district', message: e.reason })))
      return err({ code: 'CONFLICT', detail: `${capitalise(first?.reason ?? 'refused')}.` })
    }
    const { plan, stored } = p.value
    if (plan.kind === 'unchanged') {
      if (stored === undefined)
        return err({ code: 'NOT_FOUND', detail: 'There is no ÖBO flat with this object number to withdraw.' })
      return ok({ ...stored, effect: 'unchanged' })
    }
    if (plan.kind === 'refused') throw new Error('ÖBO upsert: a refused plan passed planOne')
    write(tx, p.value)
    appendAudit(tx, {
      principal: ctx.principal,
      action: plan.kind === 'create' ? 'vacancy.create' : 'vacancy.update',
      objectType: 'vacancy',
      objectId: plan.vacancy.id,
      requestId: ctx.requestId,
    })
    const version = plan.kind === 'create' ? 1 : (stored?.version ?? 0) + 1
    return ok({ vacancy: plan.vacancy, version, effect: plan.kind === 'create' ? 'created' : 'updated' })
  })
}

function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase('sv') + s.slice(1)
}
