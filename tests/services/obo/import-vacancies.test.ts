import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { vacancies } from '../../../db/schema.ts'
import {
  importVacancies,
  readVacancyFile,
  upsertOboVacancy,
} from '../../../src/services/obo/import-vacancies.ts'
import { csvText, utf8, vacancyRow } from '../../integrations/obo/csv-files.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { contextFor } from '../../support/rounds.ts'

let t: TestDatabase
beforeEach(() => {
  t = freshDatabase()
})
afterEach(() => t.close())

const rows500 = () => Array.from({ length: 500 }, (_, i) => vacancyRow(i + 1))
const snapshot = () =>
  t.db
    .select()
    .from(vacancies)
    .all()
    .map((r) => JSON.stringify(r))
    .sort()

function runImport(bytes: Uint8Array, dryRun = false) {
  const file = readVacancyFile(bytes)
  if (!file.ok) return file
  return importVacancies({ ctx: contextFor(t, 'obo'), input: { ...file.value, dryRun } })
}

describe('ÖBO vacancy batches', () => {
  it('imports a 500-row file, and the same batch again changes nothing', () => {
    const bytes = utf8(csvText(rows500()))
    const first = runImport(bytes)
    expect(first).toMatchObject({ ok: true, value: { rows: 500, created: 500, updated: 0, unchanged: 0 } })
    const before = snapshot()
    const second = runImport(bytes)
    expect(second).toMatchObject({ ok: true, value: { rows: 500, created: 0, updated: 0, unchanged: 500 } })
    expect(snapshot()).toEqual(before)
  })

  it('refuses a 500-row file with 3 bad rows whole, naming rows 12, 57 and 301, and imports nothing; a dry run says the same', () => {
    const rows = rows500()
    ;(rows[11] as string[])[4] = 'sex tusen' // hyra
    ;(rows[56] as string[])[1] = 'Atlantis' // område
    ;(rows[300] as string[])[8] = '2027-02-30' // tillträde
    const bytes = utf8(csvText(rows))
    const report = runImport(bytes)
    const dry = runImport(bytes, true)
    expect(report.ok).toBe(false)
    if (report.ok) return
    expect(report.error.issues.map((i) => [i.row, i.column])).toEqual([
      [12, 'hyra'],
      [57, 'område'],
      [301, 'tillträde'],
    ])
    expect(report.error.issues.map((i) => i.line)).toEqual([13, 58, 302])
    expect(report.error.issues[2]?.reason).toBe('is not a date: February 2027 has 28 days')
    expect(report.error.detail).toMatch(/^3 rows have problems; nothing was imported/)
    expect(dry).toEqual(report)
    expect(snapshot()).toEqual([])
  })

  it('a dry run of a good file reports what it would do and writes nothing', () => {
    const r = runImport(utf8(csvText(rows500().slice(0, 20))), true)
    expect(r).toMatchObject({ ok: true, value: { dryRun: true, created: 20 } })
    expect(snapshot()).toEqual([])
  })

  it('refuses an object number sent twice in one batch, naming the earlier row', () => {
    const r = readVacancyFile(utf8(csvText([vacancyRow(1), vacancyRow(2), vacancyRow(1)])))
    expect(r.ok ? r.value.issues : []).toEqual([
      {
        row: 3,
        line: 4,
        column: 'objektnr',
        reason: 'the same object number is in row 1: a flat is sent once per batch',
      },
    ])
  })

  it('names a missing column and an unknown one in the header', () => {
    const r = readVacancyFile(utf8('objektnr;område;hyra;färg\r\n1;Norr;1\r\n'))
    expect(r.ok ? [] : r.error.issues.map((i) => i.column)).toEqual([
      'rum',
      'yta',
      'våning',
      'hiss',
      'rullstolsanpassad',
      'tillträde',
      'färg',
    ])
  })

  it('updates a changed flat once, withdraws a flat ÖBO takes back, and re-opens it when listed again', () => {
    runImport(utf8(csvText([vacancyRow(1), vacancyRow(2)])))
    const changed = vacancyRow(1)
    changed[4] = '7200'
    const withdrawn = vacancyRow(2)
    withdrawn[9] = 'återtagen'
    expect(runImport(utf8(csvText([changed, withdrawn])))).toMatchObject({
      ok: true,
      value: { updated: 2, unchanged: 0, withdrawn: 1 },
    })
    const rows = t.db.select().from(vacancies).all()
    expect(rows.map((r) => [r.externalRef, r.status, r.version, (r.body as { rent: number }).rent])).toEqual([
      ['1000-0001', 'open', 2, 7200],
      ['1000-0002', 'withdrawn', 2, 5200],
    ])
    expect(runImport(utf8(csvText([vacancyRow(2)])))).toMatchObject({ ok: true, value: { updated: 1 } })
    expect(t.db.select().from(vacancies).all()[1]?.status).toBe('open')
  })

  it('upserts one flat by object number: created, then unchanged, then updated', () => {
    const ctx = contextFor(t, 'obo')
    const flat = {
      district: 'vaster',
      rooms: 2,
      areaM2: 58.5,
      rent: 6900,
      floor: 2,
      elevator: true,
      wheelchairAccessible: false,
      availableFrom: '2027-01-15',
      status: 'open' as const,
    }
    const a = upsertOboVacancy({ ctx, input: { objectNo: '1234-0101', vacancy: flat } })
    expect(a).toMatchObject({
      ok: true,
      value: { effect: 'created', version: 1, vacancy: { district: 'Väster' } },
    })
    const b = upsertOboVacancy({ ctx, input: { objectNo: '1234-0101', vacancy: flat } })
    expect(b).toMatchObject({ ok: true, value: { effect: 'unchanged', version: 1 } })
    const c = upsertOboVacancy({ ctx, input: { objectNo: '1234-0101', vacancy: { ...flat, rent: 7000 } } })
    expect(c).toMatchObject({ ok: true, value: { effect: 'updated', version: 2 } })
    const gone = upsertOboVacancy({
      ctx,
      input: { objectNo: '9', vacancy: { ...flat, status: 'withdrawn' } },
    })
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
