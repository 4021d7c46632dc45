/**
 * ÖBO's priority queue in: which households ÖBO has approved for priority
 * (förtur), each decision by ÖBO's reference, linked to hemvist's household
 * id. A batch is all or nothing like the vacancy batch: every row checked
 * first (values, the household exists, what the row does), every problem
 * reported by row and column, nothing written on any; a dry run; a re-sent
 * batch changes nothing.
 *
 * - an unknown decision, approved: recorded, and put on the household
 *   (`oboPriority`), unless the household already holds another approved one;
 * - an unknown decision, ended: nothing (there is nothing to end);
 * - a known decision with the same household and date: unchanged, or ended if the row says ended;
 * - a known decision naming another household or date: refused (a reference names one decision).
 */
import { eq } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../../db/client.ts'
import { getApplicant } from '../../../db/repo/applicants.ts'
import { oboPriorityDecisions } from '../../../db/schema.ts'
import { err, ok } from '../../domain/validation.ts'
import { type CsvRow, parseCsv } from '../../integrations/obo/csv.ts'
import {
  missingColumns,
  type PriorityDecisionInput,
  priorityColumns,
  priorityFromRow,
  type RowIssue,
} from '../../integrations/obo/feeds.ts'
import { appendAudit } from '../audit.ts'
import { nowOf, type ServiceCall } from '../context.ts'
import { writeApplicantAsSystem } from '../rounds/store.ts'
import type { ImportRefusal } from './import-vacancies.ts'
import { approvedPriorityOf, endPriority } from './priorities.ts'

export interface PriorityFile {
  decisions: { row: CsvRow; decision: PriorityDecisionInput }[]
  issues: RowIssue[]
}

export interface PriorityReport {
  dryRun: boolean
  rows: number
  approved: number
  ended: number
  unchanged: number
}

export type PriorityImportResult = { ok: true; value: PriorityReport } | { ok: false; error: ImportRefusal }

/** Reads a priority file: its good rows and every bad row's problems; a file that is not ÖBO's is refused whole. Pure. */
export function readPriorityFile(
  bytes: Uint8Array,
  options: { maxRows?: number } = {},
): { ok: true; value: PriorityFile } | { ok: false; error: ImportRefusal } {
  const table = parseCsv(bytes, options)
  if (!table.ok) return err({ detail: table.error, issues: [] })
  const header = missingColumns(table.value.columns, 'priorities')
  if (header.length > 0) {
    return err({
      detail: `The header does not match ÖBO's priority file (columns: ${Object.keys(priorityColumns).join(';')}).`,
      issues: header.map((h) => ({ row: 0, line: 1, column: h.column, reason: h.reason })),
    })
  }
  const decisions: PriorityFile['decisions'] = []
  const issues: RowIssue[] = []
  const firstRowOf = new Map<string, number>()
  for (const row of table.value.rows) {
    const r = priorityFromRow(row)
    if (!r.ok) {
      issues.push(...r.error)
      continue
    }
    const first = firstRowOf.get(r.value.decisionRef)
    if (first !== undefined) {
      issues.push({
        row: row.row,
        line: row.line,
        column: 'beslutsnr',
        reason: `the same decision is in row ${first}: a decision is sent once per batch`,
      })
      continue
    }
    firstRowOf.set(r.value.decisionRef, row.row)
    decisions.push({ row, decision: r.value })
  }
  return ok({ decisions, issues })
}

type Plan = 'approve' | 'end' | 'unchanged'

function planOne(
  tx: Executor,
  d: PriorityDecisionInput,
  approvingNow: Map<string, string>,
): Plan | RowIssue[] {
  const at = (column: string, reason: string) => [{ row: 0, line: 0, column, reason }]
  const stored = tx
    .select()
    .from(oboPriorityDecisions)
    .where(eq(oboPriorityDecisions.decisionRef, d.decisionRef))
    .get()
  if (stored !== undefined) {
    if (stored.applicantId !== d.applicantId)
      return at('hushåll', 'the decision is recorded for another household')
    if (stored.decidedOn !== d.decidedOn)
      return at('beslutsdatum', `the decision is recorded as decided on ${stored.decidedOn}`)
    if (d.status === 'ended' && stored.status === 'approved') return 'end'
    if (d.status === 'approved' && stored.status === 'ended') {
      return at('status', 'the priority has ended; a new priority is a new decision with its own number')
    }
    return 'unchanged'
  }
  if (d.status === 'ended') return 'unchanged'
  if (getApplicant(tx, d.applicantId) === undefined)
    return at('hushåll', 'there is no household with this id')
  const held = approvedPriorityOf(tx, d.applicantId)
  const other = held?.decisionRef ?? approvingNow.get(d.applicantId)
  if (other !== undefined) {
    return at('hushåll', `the household already has an approved priority (${other}); end it first`)
  }
  approvingNow.set(d.applicantId, d.decisionRef)
  return 'approve'
}

/**
 * Applies a priority batch (from `readPriorityFile`) in one transaction, all or nothing.
 *
 * @example
 * const file = readPriorityFile(bytes)
 * if (file.ok) importPriorities({ ctx, input: { ...file.value, dryRun: false } })
 */
export function importPriorities({
  ctx,
  input,
}: ServiceCall<PriorityFile & { dryRun: boolean }>): PriorityImportResult {
  return writeTransaction(ctx.db, (tx): PriorityImportResult => {
    const issues: RowIssue[] = [...input.issues]
    const plans: { decision: PriorityDecisionInput; plan: Plan }[] = []
    const approvingNow = new Map<string, string>()
    for (const { row, decision } of input.decisions) {
      const p = planOne(tx, decision, approvingNow)
      if (typeof p === 'string') plans.push({ decision, plan: p })
      else issues.push(...p.map((i) => ({ ...i, row: row.row, line: row.line })))
    }
    if (issues.length > 0) {
      const rows = new Set(issues.map((i) => i.row)).size
      return err({
        detail: `${rows === 1 ? '1 row has' : `${rows} rows have`} problems; nothing was imported. Correct them and send the whole file again.`,
        issues: issues.sort((a, b) => a.row - b.row),
      })
    }
    const report: PriorityReport = {
      dryRun: input.dryRun,
      rows: plans.length,
      approved: 0,
      ended: 0,
      unchanged: 0,
    }
    for (const p of plans)
      report[p.plan === 'approve' ? 'approved' : p.plan === 'end' ? 'ended' : 'unchanged']++
    if (input.dryRun) return ok(report)
    const now = nowOf(ctx)
    const touched: string[] = []
    for (const { decision: d, plan } of plans) {
      if (plan === 'unchanged') continue
      touched.push(d.applicantId)
      if (plan === 'end') {
        endPriority(tx, d.applicantId, 'ended_by_obo', now.toISOString().slice(0, 10))
        continue
      }
      tx.insert(oboPriorityDecisions)
        .values({
          decisionRef: d.decisionRef,
          applicantId: d.applicantId,
          decidedOn: d.decidedOn,
          grounds: d.grounds,
          status: 'approved',
        })
        .run()
      const stored = getApplicant(tx, d.applicantId)
      if (stored === undefined) throw new Error('ÖBO priority import: a checked household is missing')
      writeApplicantAsSystem(tx, stored, {
        ...stored.applicant,
        oboPriority: { decisionRef: d.decisionRef, decidedOn: d.decidedOn },
      })
    }
    appendAudit(tx, {
      principal: ctx.principal,
      action: 'obo_priority.import',
      objectType: 'applicant',
      objectId: null,
      requestId: ctx.requestId,
      subjectIds: touched,
    })
    return ok(report)
  })
}
