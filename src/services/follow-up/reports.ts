/**
 * The follow-up reports as a service: the query checked, the history loaded in one read, the
 * pure report computed. Aggregates only, small cells suppressed, so analysts may read them; no
 * person's record is shown, so nothing is audited (as for the applicant stats).
 */
import { stringify } from 'csv-stringify/sync'
import { z } from 'zod'
import { addDays } from '../../domain/dates.ts'
import { addMonths } from '../../domain/follow-up/data.ts'
import { type ReportName, reportNames, runReport } from '../../domain/follow-up/reports.ts'
import { type Report, reportRecords } from '../../domain/follow-up/table.ts'
import { checkedOnParseDay } from '../../domain/plausible-dates.ts'
import { entityId, isoDate } from '../../domain/schema-parts.ts'
import { ok } from '../../domain/validation.ts'
import { invalid, nowOf, type ServiceCall, type ServiceResult } from '../context.ts'
import { loadFollowUp } from './load.ts'

export const reportNameSchema = z.enum(reportNames, { error: `must be one of ${reportNames.join(', ')}` })

/**
 * The period of a report: `from` and `to`, both days included. `to` defaults to today and `from`
 * to twelve months before it; the point-in-time map and Housing First retention are on `to`.
 */
export const reportQuerySchema = z
  .strictObject({
    from: isoDate.optional(),
    to: isoDate.optional(),
    caseload: entityId.optional(),
  })
  .superRefine(
    checkedOnParseDay((q, today) =>
      q.from !== undefined && q.from > (q.to ?? today)
        ? [
            {
              path: 'from',
              message: `must not be after ${q.to === undefined ? `today (${today})` : `to (${q.to})`}`,
            },
          ]
        : [],
    ),
  )
export type ReportQueryInput = z.output<typeof reportQuerySchema>

export function followUpReport({
  ctx,
  input,
}: ServiceCall<{ name: ReportName } & ReportQueryInput>): ServiceResult<Report> {
  const to = input.to ?? nowOf(ctx).toISOString().slice(0, 10)
  const from = input.from ?? addDays(addMonths(to, -12), 1)
  if (from > to) return invalid([{ path: 'from', message: `must not be after to (${to})` }])
  const data = loadFollowUp(ctx.db)
  return ok(
    runReport(input.name, data, {
      from,
      to,
      ...(input.caseload === undefined ? {} : { caseload: input.caseload }),
    }),
  )
}

/**
 * A report as CSV for a spreadsheet set to Swedish: UTF-8 with a byte order mark, `;` between
 * fields, shares with a decimal comma, one header line per table (`tabell;…`), formula-like text
 * neutralised.
 */
export function reportCsv(report: Report): string {
  const records = reportRecords(report).map((r) =>
    r.map((v) => (/^-?\d+\.\d+$/.test(v) ? v.replace('.', ',') : v)),
  )
  return `\ufeff${stringify(records, { delimiter: ';', record_delimiter: '\r\n' })}`
}
