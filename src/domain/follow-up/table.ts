/**
 * One shape for every report: titled tables of labelled columns, rendered as JSON, CSV or text
 * from the same rows, so the three can never disagree. A suppressed count is the string "<5";
 * a figure over fewer than five households (a median, a rate) is null, shown as "–".
 */
import { suppress, suppressionThreshold } from './suppress.ts'

/** What a count from 1 to 4 is shown as. */
export const hiddenCount = `<${suppressionThreshold}`
/**
 * What a larger count is shown as when it is hidden only so that a small one beside it cannot be
 * worked out from the total (secondary suppression): it is not small, so it is not "<5".
 */
export const complementaryHidden = '..'

export type Value = string | number | null

export interface Column {
  readonly key: string
  readonly label: string
  /** How a number is shown as text: a count, days, or a share (0–1) as a percentage. */
  readonly kind: 'label' | 'count' | 'days' | 'share' | 'ratio'
}

export interface Table {
  readonly id: string
  readonly title: string
  readonly columns: readonly Column[]
  readonly rows: readonly Record<string, Value>[]
}

export interface Report {
  readonly name: string
  readonly title: string
  /** The day or the period the report covers, in words and as dates. */
  readonly covers: {
    readonly on?: string
    readonly from?: string
    readonly to?: string
    readonly caseload?: string
  }
  readonly suppressionThreshold: number
  readonly tables: readonly Table[]
  /** What the figures mean and what they cannot say, in plain Swedish. */
  readonly notes: readonly string[]
  /**
   * A value the chart draws across the bars, with the band around it the policy allows
   * (equality: the overall match rate and the parity band).
   */
  readonly reference?: { readonly label: string; readonly value: number; readonly band?: number }
}

/**
 * Suppresses a column of counts across rows (primary and secondary, see `suppress`): the value,
 * "<5" for a small count, or ".." for a larger one hidden so that a small one cannot be worked
 * out from the total.
 */
export function suppressColumn(counts: readonly number[]): (number | string)[] {
  const keyed = Object.fromEntries(counts.map((n, i) => [String(i), n]))
  const cells = suppress(keyed)
  return counts.map((n, i) => {
    const cell = cells[String(i)]
    if (cell !== undefined && !cell.suppressed) return cell.count as number
    return n < suppressionThreshold ? hiddenCount : complementaryHidden
  })
}

/** Is a shown value hidden (either way)? */
export const isHidden = (v: Value) => v === hiddenCount || v === complementaryHidden

/** The median and 90th percentile (nearest rank) of whole days, or nulls under five values. */
export function spread(values: readonly number[]): { median: number | null; p90: number | null } {
  if (values.length < suppressionThreshold) return { median: null, p90: null }
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number
  return { median: rank(0.5), p90: rank(0.9) }
}

/** A count shown only from five upwards. */
export const shown = (n: number): number | string => (n > 0 && n < suppressionThreshold ? hiddenCount : n)

/** A share rounded to three decimals, or null when the denominator is under five or a part is hidden. */
export function share(part: number, whole: number): number | null {
  if (whole < suppressionThreshold || (part > 0 && part < suppressionThreshold)) return null
  return Math.round((part / whole) * 1000) / 1000
}

const percent = (x: number) => `${(x * 100).toFixed(1).replace('.', ',')} %`

/** A value as text: Swedish decimal comma, percentages, "–" for a missing figure. */
export function valueText(value: Value, kind: Column['kind']): string {
  if (value === null) return '–'
  if (typeof value === 'string') return value
  switch (kind) {
    case 'share':
      return percent(value)
    case 'ratio':
      return value.toFixed(2).replace('.', ',')
    default:
      return String(value)
  }
}

/** The report as plain text, one aligned block per table. */
export function reportText(report: Report): string {
  const lines: string[] = [report.title, '='.repeat(report.title.length)]
  const c = report.covers
  if (c.on !== undefined) lines.push(`Dag: ${c.on}`)
  if (c.from !== undefined) lines.push(`Period: ${c.from} – ${c.to}`)
  if (c.caseload !== undefined) lines.push(`Ärendegrupp: ${c.caseload}`)
  for (const table of report.tables) {
    lines.push('', table.title)
    const cells = table.rows.map((row) =>
      table.columns.map((col) => valueText(row[col.key] ?? null, col.kind)),
    )
    const widths = table.columns.map((col, i) =>
      Math.max(col.label.length, ...cells.map((r) => (r[i] as string).length)),
    )
    lines.push(
      table.columns
        .map((col, i) => col.label.padEnd(widths[i] as number))
        .join('  ')
        .trimEnd(),
    )
    for (const r of cells) {
      lines.push(
        r
          .map((v, i) =>
            table.columns[i]?.kind === 'label'
              ? v.padEnd(widths[i] as number)
              : v.padStart(widths[i] as number),
          )
          .join('  ')
          .trimEnd(),
      )
    }
    if (table.rows.length === 0) lines.push('(inga rader)')
  }
  if (report.notes.length > 0) lines.push('', ...report.notes.map((n) => `* ${n}`))
  return `${lines.join('\n')}\n`
}

/**
 * A cell as CSV may carry it: text that a spreadsheet would read as a formula (beginning with
 * `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with an apostrophe.
 */
export function neutralised(value: Value): string {
  if (value === null) return ''
  const text = String(value)
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** The report's tables as CSV records: each row with the table's id first, then its columns. */
export function reportRecords(report: Report): string[][] {
  const records: string[][] = []
  for (const table of report.tables) {
    records.push(['tabell', ...table.columns.map((c) => c.key)])
    for (const row of table.rows)
      records.push([table.id, ...table.columns.map((c) => neutralised(row[c.key] ?? null))])
  }
  return records
}
