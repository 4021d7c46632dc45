/**
 * Charts of the follow-up reports as SVG, drawn on the server from the same rows the tables show
 * (so a hidden count is hidden in the picture too: no bar, its "<5" or ".." written instead).
 * Each chart is an accessible image: a title, and a description listing every value in words,
 * for a screen reader and for anyone who cannot tell the colours apart (they differ in lightness
 * too). Pure: a report in, SVG text out.
 */
import { situationCodes } from '../vocabulary.ts'
import type { ReportName } from './reports.ts'
import { isHidden, type Report, type Table, type Value, valueText } from './table.ts'

/** Dark enough on white for graphics (WCAG 2.1 1.4.11, at least 3:1), and apart in lightness. */
const palette = ['#0b5394', '#b45f06', '#38761d', '#741b47', '#444444', '#1c7c84']

interface ChartSpec {
  readonly table: string
  readonly label: string | readonly string[]
  readonly values: readonly string[]
  readonly kind: 'bars' | 'line'
  /** Rows whose label is this are left out (a total would dwarf the rest). */
  readonly skip?: string
}

const specs: Record<ReportName, ChartSpec> = {
  map: {
    table: 'per-situation',
    label: 'situation',
    values: ['households', 'children'],
    kind: 'bars',
    skip: 'Totalt',
  },
  trend: { table: 'households-per-day', label: 'day', values: situationCodes, kind: 'line' },
  flows: {
    table: 'flows',
    label: 'situation',
    values: ['registered', 'placed', 'withdrawn'],
    kind: 'bars',
    skip: 'Totalt',
  },
  'time-to-housing': {
    table: 'days',
    label: ['dimension', 'value'],
    values: ['offerMedian', 'placementMedian'],
    kind: 'bars',
  },
  declines: {
    table: 'per-type',
    label: 'type',
    values: ['made', 'declinedHousehold', 'declinedLandlord', 'noAnswer'],
    kind: 'bars',
  },
  'vacancy-days': { table: 'per-type', label: 'type', values: ['median'], kind: 'bars', skip: 'Alla' },
  districts: { table: 'per-district', label: 'district', values: ['placements'], kind: 'bars' },
  'housing-first-retention': { table: 'retention', label: 'months', values: ['share'], kind: 'bars' },
  pathway: {
    table: 'pathway',
    label: 'form',
    values: ['started', 'takenOver', 'trialEndedNotTakenOver'],
    kind: 'bars',
  },
  equality: { table: 'period', label: ['attribute', 'value'], values: ['rate'], kind: 'bars' },
}

const xmlText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const width = 760
const height = 420
const margin = { top: 56, right: 110, bottom: 118, left: 64 }
const plotW = width - margin.left - margin.right
const plotH = height - margin.top - margin.bottom

/** A top for the y axis whose four gridlines fall on round numbers. */
function niceMax(max: number): number {
  if (max <= 0) return 1
  const quarter = max / 4
  const step = 10 ** Math.floor(Math.log10(quarter))
  for (const f of [1, 2, 2.5, 5, 10]) if (f * step >= quarter) return 4 * f * step
  return 40 * step
}

const number = (v: number, share: boolean) =>
  share ? `${Math.round(v * 100)} %` : String(Math.round(v * 10) / 10).replace('.', ',')

/**
 * The report's chart as SVG text (a short message in the picture when it has nothing to draw).
 *
 * @example
 * reportChart(report) // '<svg xmlns="http://www.w3.org/2000/svg" role="img" …'
 */
export function reportChart(report: Report): string {
  const spec = specs[report.name as ReportName]
  const table = report.tables.find((t) => t.id === spec?.table) as Table | undefined
  if (spec === undefined || table === undefined)
    return emptyChart(report.title, 'Rapporten har inget diagram.')
  const labelOf = (row: Record<string, Value>) =>
    (typeof spec.label === 'string' ? [spec.label] : spec.label).map((k) => String(row[k] ?? '')).join(': ')
  const rows = table.rows.filter((r) => spec.skip === undefined || labelOf(r) !== spec.skip)
  const columns = spec.values
    .map((key) => table.columns.find((c) => c.key === key))
    .filter((c) => c !== undefined)
  if (rows.length === 0) return emptyChart(report.title, 'Inga rader under perioden.')
  const share = columns.some((c) => c.kind === 'share')
  const numbers = rows.flatMap((r) =>
    columns.map((c) => r[c.key]).filter((v): v is number => typeof v === 'number'),
  )
  const reference = report.reference
  const top = niceMax(
    Math.max(0, ...numbers, reference === undefined ? 0 : reference.value + (reference.band ?? 0)),
  )
  const y = (v: number) => margin.top + plotH - (v / top) * plotH
  const parts: string[] = []
  // Axes and gridlines.
  for (let i = 0; i <= 4; i++) {
    const v = (top / 4) * i
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d0d0d0" stroke-width="1"/>`,
      `<text x="${margin.left - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="12" fill="#222">${xmlText(number(v, share))}</text>`,
    )
  }
  const band = plotW / rows.length
  if (spec.kind === 'line') {
    columns.forEach((c, k) => {
      const points = rows
        .map((r, i) => ({ x: margin.left + band * (i + 0.5), v: r[c.key] }))
        .filter((p): p is { x: number; v: number } => typeof p.v === 'number')
      if (points.length > 0)
        parts.push(
          `<polyline fill="none" stroke="${palette[k % palette.length]}" stroke-width="2.5" points="${points.map((p) => `${p.x.toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')}"/>`,
        )
    })
  } else {
    const barW = (band * 0.8) / columns.length
    rows.forEach((r, i) => {
      columns.forEach((c, k) => {
        const v = r[c.key] ?? null
        const x = margin.left + band * i + band * 0.1 + barW * k
        if (typeof v === 'number') {
          parts.push(
            `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${Math.max(1, barW - 2).toFixed(1)}" height="${(margin.top + plotH - y(v)).toFixed(1)}" fill="${palette[k % palette.length]}"/>`,
          )
        } else if (isHidden(v) || v === null) {
          parts.push(
            `<text x="${(x + barW / 2).toFixed(1)}" y="${(margin.top + plotH - 6).toFixed(1)}" text-anchor="middle" font-size="11" fill="#222">${xmlText(v === null ? '–' : String(v))}</text>`,
          )
        }
      })
    })
  }
  // The reference line (the overall rate) and the band the policy allows around it.
  if (reference !== undefined) {
    const right = width - margin.right
    if (reference.band !== undefined) {
      const hi = y(Math.min(top, reference.value + reference.band))
      const lo = y(Math.max(0, reference.value - reference.band))
      parts.push(
        `<rect x="${margin.left}" y="${hi.toFixed(1)}" width="${plotW}" height="${(lo - hi).toFixed(1)}" fill="#000000" fill-opacity="0.08"/>`,
        `<text x="${right + 6}" y="${(hi + 12).toFixed(1)}" font-size="11" fill="#222">${xmlText(`band ±${number(reference.band, share)}`)}</text>`,
      )
    }
    parts.push(
      `<line x1="${margin.left}" x2="${right}" y1="${y(reference.value).toFixed(1)}" y2="${y(reference.value).toFixed(1)}" stroke="#111" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<text x="${right + 6}" y="${(y(reference.value) + 4).toFixed(1)}" font-size="11" fill="#111">${xmlText(`${reference.label} ${number(reference.value, share)}`)}</text>`,
    )
  }
  // Category labels, turned so long names fit; a line chart labels at most twelve days.
  const every = spec.kind === 'line' ? Math.max(1, Math.ceil(rows.length / 12)) : 1
  rows.forEach((r, i) => {
    if (i % every !== 0) return
    const x = margin.left + band * (i + 0.5)
    const text = labelOf(r)
    parts.push(
      `<text transform="translate(${x.toFixed(1)},${margin.top + plotH + 14}) rotate(35)" font-size="11" fill="#222">${xmlText(text.length > 34 ? `${text.slice(0, 33)}…` : text)}</text>`,
    )
  })
  // Legend.
  columns.forEach((c, k) => {
    const x = margin.left + k * 180
    parts.push(
      `<rect x="${x}" y="30" width="12" height="12" fill="${palette[k % palette.length]}"/>`,
      `<text x="${x + 18}" y="40" font-size="12" fill="#222">${xmlText(c.label)}</text>`,
    )
  })
  const description = [
    ...rows.map(
      (r) =>
        `${labelOf(r)}: ${columns.map((c) => `${c.label} ${valueText(r[c.key] ?? null, c.kind)}`).join(', ')}`,
    ),
    ...(reference === undefined
      ? []
      : [
          `${reference.label}: ${valueText(reference.value, share ? 'share' : 'count')}${reference.band === undefined ? '' : `, tillåtet band ±${valueText(reference.band, share ? 'share' : 'count')}`}`,
        ]),
  ].join('. ')
  return svg(report.title, description, parts)
}

function svg(title: string, description: string, parts: readonly string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif">
<title id="chart-title">${xmlText(title)}</title>
<desc id="chart-desc">${xmlText(description)}</desc>
<rect width="${width}" height="${height}" fill="#ffffff"/>
<text x="${margin.left}" y="20" font-size="15" font-weight="bold" fill="#111">${xmlText(title)}</text>
${parts.join('\n')}
</svg>
`
}

function emptyChart(title: string, why: string): string {
  return svg(title, why, [
    `<text x="${margin.left}" y="${margin.top + 40}" font-size="14" fill="#222">${xmlText(why)}</text>`,
  ])
}
