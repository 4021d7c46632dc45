/**
 * ÖBO's CSV files as they come from real spreadsheets: with or without a
 * byte-order mark, `;` (Swedish Excel) or `,` as delimiter, UTF-8 or
 * Windows-1252 (ÅÄÖ from an older Excel), quoted cells holding delimiters,
 * quotes and newlines. Parsing is csv-parse's (a well-kept parser: quoting
 * rules are easy to get subtly wrong by hand); this file decides the encoding
 * and the delimiter and reports rows by number. Pure: bytes in, values out.
 *
 * Writing goes the other way with csv-stringify, every cell that a
 * spreadsheet would run as a formula neutralised (OWASP's CSV injection).
 */
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { err, ok, type Result } from '../../domain/validation.ts'

/** One data row: its 1-based number (the row after the header is 1), the file line it starts on, its cells by column. */
export interface CsvRow {
  readonly row: number
  readonly line: number
  readonly cells: Readonly<Record<string, string>>
}

export interface CsvTable {
  /** Header names as written (trimmed, lower-cased: `Område` and `område` are the same column). */
  readonly columns: readonly string[]
  readonly rows: readonly CsvRow[]
  readonly encoding: 'utf-8' | 'windows-1252'
  readonly delimiter: ';' | ','
}

/** At most this many data rows in one file: a batch is validated whole, in memory. */
export const maxCsvRows = 10_000
/**
 * At most this many over HTTP: a batch is read, checked and written on the server's event loop,
 * and 10,000 rows held it for about 3 s on a loaded 2-core machine; 2,000 keep that well under a
 * second. Larger files go through `hemvist obo import`, which takes the full 10,000.
 */
export const maxCsvRowsOverHttp = 2_000

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const windows1252 = new TextDecoder('windows-1252')

/**
 * The text of a file: UTF-8 when the bytes are valid UTF-8 (with or without a
 * BOM), else Windows-1252, where every byte is a character (what Excel on
 * Windows writes as "CSV"). A BOM is dropped.
 *
 * @example
 * decodeCsvBytes(Uint8Array.of(0xc5, 0x72, 0x73)) // { text: 'Års', encoding: 'windows-1252' }
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  let text: string
  let encoding: 'utf-8' | 'windows-1252'
  try {
    text = strictUtf8.decode(bytes)
    encoding = 'utf-8'
  } catch {
    text = windows1252.decode(bytes)
    encoding = 'windows-1252'
  }
  return { text: text.startsWith('\uFEFF') ? text.slice(1) : text, encoding }
}

/** The delimiter of the header line: the one of `;` and `,` it holds more of (outside quotes); `;` on a tie. */
function headerDelimiter(text: string): ';' | ',' {
  let semicolons = 0
  let commas = 0
  let quoted = false
  for (const ch of text) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) break
    else if (!quoted && ch === ';') semicolons++
    else if (!quoted && ch === ',') commas++
  }
  return commas > semicolons ? ',' : ';'
}

/**
 * Parses a CSV file's bytes into rows keyed by the (lower-cased) header. A
 * file that is not CSV at all (an unclosed quote, a row with more cells than
 * the header) is an error naming the line; a row's values are checked later,
 * by whoever knows what the columns mean.
 *
 * @example
 * const r = parseCsv(new TextEncoder().encode('objektnr;hyra\n1234;"6 900"\n'))
 * // r.value.rows[0] = { row: 1, line: 2, cells: { objektnr: '1234', hyra: '6 900' } }
 */
export function parseCsv(bytes: Uint8Array, options: { maxRows?: number } = {}): Result<CsvTable, string> {
  const maxRows = options.maxRows ?? maxCsvRows
  const { text, encoding } = decodeCsvBytes(bytes)
  if (text.trim() === '') return err('The file is empty: it needs a header row and at least one row.')
  const delimiter = headerDelimiter(text)
  let records: { record: string[]; raw: string }[]
  try {
    // `raw` gives each record's own text, so rows are numbered by the lines they start on (a cell
    // may hold line breaks); csv-parse's own line count counts a CRLF inside quotes twice.
    records = parse(text, {
      delimiter,
      raw: true,
      relax_column_count_less: true,
      trim: false,
    }) as unknown as { record: string[]; raw: string }[]
  } catch (error) {
    const e = error as { code?: string; lines?: number }
    const where = e.lines === undefined ? '' : ` near line ${e.lines}`
    const why =
      e.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted cell is never closed'
        : e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' || e.code === 'CSV_RECORD_INCONSISTENT_COLUMNS'
          ? 'a row has more cells than the header'
          : 'it is not valid CSV'
    return err(`The file cannot be read as CSV${where}: ${why}.`)
  }
  let line = 1
  const numbered: { record: string[]; line: number }[] = []
  for (const r of records) {
    const blank = r.record.length === 1 && r.record[0] === ''
    if (!blank) numbered.push({ record: r.record, line })
    line += r.raw.match(/\r\n|\r|\n/g)?.length ?? 0
  }
  const [header, ...data] = numbered
  if (header === undefined) return err('The file has no header row.')
  const columns = header.record.map((c) => c.trim().normalize('NFC').toLocaleLowerCase('sv'))
  const seen = new Set<string>()
  for (const c of columns) {
    if (c !== '' && seen.has(c)) return err(`The header names the column "${c}" twice.`)
    seen.add(c)
  }
  if (data.length > maxRows)
    return err(
      `The file has ${data.length} rows; at most ${maxRows} are taken at once${maxRows < maxCsvRows ? ` here (split it, or import it with \`hemvist obo import\`, which takes ${maxCsvRows})` : ''}.`,
    )
  const rows: CsvRow[] = data.map((r, i) => {
    const cells: Record<string, string> = {}
    columns.forEach((c, j) => {
      if (c !== '') cells[c] = r.record[j] ?? ''
    })
    return { row: i + 1, line: r.line, cells }
  })
  return ok({ columns, rows, encoding, delimiter })
}

/**
 * A cell a spreadsheet reads as a formula: it begins with `= + - @` (or tab, CR, NUL, which some
 * strip first). Apostrophes before them are counted in, so that a cell which already begins with
 * `'=` gets one more and reading it back gives exactly the cell written.
 */
const formulaStart = /^'*[=+\-@\t\r\0]/

/**
 * A cell as a spreadsheet will show it but never run it: one that begins
 * with `= + - @`, tab, CR or NUL gets a leading apostrophe (OWASP's advice).
 *
 * @example
 * neutraliseCell('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export function neutraliseCell(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value
}

/** Undoes `neutraliseCell` for a reader that knows the convention (the round-trip test, a re-import). */
export function restoreCell(value: string): string {
  return value.startsWith("'") && formulaStart.test(value) ? value.slice(1) : value
}

/**
 * A CSV file as UTF-8 text with a BOM (so Excel reads ÅÄÖ right), `;`
 * delimited (Swedish Excel), CRLF line ends, every cell neutralised.
 *
 * @example
 * toCsv(['ref', 'hushåll'], [['N-1', '3']]) // '\uFEFFref;hushåll\r\nN-1;3\r\n'
 */
export function toCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const body = stringify([columns.map(neutraliseCell), ...rows.map((r) => r.map(neutraliseCell))], {
    delimiter: ';',
    record_delimiter: '\r\n',
    quoted_match: /[\s";]/,
  })
  return `\uFEFF${body}`
}
