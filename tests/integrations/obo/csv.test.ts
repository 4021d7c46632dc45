import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { neutraliseCell, parseCsv, restoreCell, toCsv } from '../../../src/integrations/obo/csv.ts'
import { vacancyFromRow } from '../../../src/integrations/obo/feeds.ts'
import { csvText, utf8, vacancyHeader, vacancyRow, windows1252 } from './csv-files.ts'

const expected = {
  objektnr: '1000-0001',
  område: 'Öster',
  rum: '2',
  yta: '31,5',
  hyra: '5100',
  våning: '1',
  hiss: 'nej',
  rullstolsanpassad: 'nej',
  tillträde: '2027-01-02',
  status: 'ledig',
}

describe('parseCsv: the files spreadsheets write', () => {
  it('reads a UTF-8 file with a BOM and ; as delimiter exactly', () => {
    const r = parseCsv(utf8(`\uFEFF${csvText([vacancyRow(1)])}`))
    expect(r.ok && r.value).toMatchObject({ encoding: 'utf-8', delimiter: ';', columns: vacancyHeader })
    expect(r.ok && r.value.rows).toEqual([{ row: 1, line: 2, cells: expected }])
  })

  it('reads a , delimited file the same, with the decimal comma quoted', () => {
    const row = vacancyRow(1).map((c) => (c.includes(',') ? `"${c}"` : c))
    const r = parseCsv(utf8(csvText([row], ',')))
    expect(r.ok && r.value.delimiter).toBe(',')
    expect(r.ok && r.value.rows[0]?.cells).toEqual(expected)
  })

  it('reads Windows-1252 (ÅÄÖ from an older Excel) as the same letters', () => {
    const r = parseCsv(windows1252(csvText([vacancyRow(1), vacancyRow(7)])))
    expect(r.ok && r.value.encoding).toBe('windows-1252')
    expect(r.ok && r.value.columns).toEqual(vacancyHeader)
    expect(r.ok && r.value.rows.map((x) => x.cells.område)).toEqual(['Öster', 'Lillån'])
  })

  it('keeps a quoted cell with a newline, a delimiter and a quote whole, and numbers the next row by its line', () => {
    const text = 'objektnr;område;anteckning\r\n1;"Väster; ""gamla""\r\nstan";x\r\n2;Norr;y\r\n'
    const r = parseCsv(utf8(text))
    expect(r.ok && r.value.rows).toEqual([
      { row: 1, line: 2, cells: { objektnr: '1', område: 'Väster; "gamla"\r\nstan', anteckning: 'x' } },
      { row: 2, line: 4, cells: { objektnr: '2', område: 'Norr', anteckning: 'y' } },
    ])
  })

  it('names the problem of a file that is not CSV, and refuses an empty one', () => {
    const r = parseCsv(utf8('a;b\r\n1;"open\r\n'))
    expect(r.ok ? '' : r.error).toMatch(/quoted cell is never closed/)
    expect(parseCsv(utf8('')).ok).toBe(false)
    const dup = parseCsv(utf8('hyra;Hyra\r\n1;2\r\n'))
    expect(dup.ok ? '' : dup.error).toMatch(/twice/)
  })

  it('maps a row with decimal comma, spaced thousands and ja/nej to the flat', () => {
    const r = vacancyFromRow({ row: 1, line: 2, cells: { ...expected, hyra: '6 900', hiss: 'Ja' } })
    expect(r).toEqual({
      ok: true,
      value: {
        objectNo: '1000-0001',
        vacancy: {
          district: 'Öster',
          rooms: 2,
          areaM2: 31.5,
          rent: 6900,
          floor: 1,
          elevator: true,
          wheelchairAccessible: false,
          availableFrom: '2027-01-02',
          status: 'open',
        },
      },
    })
  })

  it('reports every bad cell of a row by column', () => {
    const r = vacancyFromRow({ row: 4, line: 5, cells: { ...expected, rum: 'två', tillträde: '2027-02-30' } })
    expect(r.ok ? [] : r.error.map((i) => [i.row, i.column])).toEqual([
      [4, 'rum'],
      [4, 'tillträde'],
    ])
  })
})

describe('toCsv: exports a spreadsheet cannot run', () => {
  it('neutralises cells that begin with = + - @, tab, CR or NUL', () => {
    for (const c of ['=1+1', '+46', '-2', '@SUM(A1)', '\tx', '\rx', '\0x'])
      expect(neutraliseCell(c)).toBe(`'${c}`)
    expect(neutraliseCell('Väster')).toBe('Väster')
    expect(toCsv(['a', 'b'], [['=HYPERLINK("http://x")', 'ok']])).toBe(
      '\uFEFFa;b\r\n"\'=HYPERLINK(""http://x"")";ok\r\n',
    )
  })

  it('export then parse gives back every cell exactly (round trip)', () => {
    const cell = fc.string({
      unit: fc.constantFrom(
        'a',
        'Å',
        'ö',
        ';',
        ',',
        '"',
        "'",
        '=',
        '+',
        '-',
        '@',
        '\t',
        '\r',
        '\n',
        ' ',
        '\0',
        'x',
      ),
    })
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((width) =>
          fc.array(
            fc.tuple(
              fc.stringMatching(/^[A-Z][0-9]{1,4}$/),
              fc.array(cell, { minLength: width, maxLength: width }),
            ),
            {
              maxLength: 8,
            },
          ),
        ),
        (rows) => {
          const width = rows[0]?.[1].length ?? 1
          const columns = ['ref', ...Array.from({ length: width }, (_, i) => `c${i}`)]
          const data = rows.map(([ref, cells]) => [ref, ...cells])
          const parsed = parseCsv(utf8(toCsv(columns, data)))
          expect(parsed.ok).toBe(true)
          if (!parsed.ok) return
          expect(parsed.value.rows.map((r) => columns.map((c) => restoreCell(r.cells[c] ?? '')))).toEqual(
            data,
          )
        },
      ),
      { seed: 13, numRuns: 300 },
    )
  })
})
