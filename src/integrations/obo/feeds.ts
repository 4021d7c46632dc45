/**
 * What ÖBO sends in: a flat (by its object number) and a priority decision
 * (by ÖBO's decision reference, naming hemvist's household id), as JSON and as
 * CSV rows. Pure: a row in, a value or the row's issues out. Column names are
 * ÖBO's Swedish ones; docs/integrations/obo.md lists them.
 */
import { z } from 'zod'
import { districtName, entityId, isoDate, kronor } from '../../domain/schema-parts.ts'
import type { Vacancy } from '../../domain/vacancy.ts'
import { err, fieldIssues, ok, type Result } from '../../domain/validation.ts'
import type { CsvRow } from './csv.ts'
import { type PriorityGrounds, priorityGrounds } from './vocabulary.ts'

/** ÖBO's object number of a flat: the key a flat is upserted by. */
export const objectNo = entityId

/** Whether ÖBO offers the flat (`open`) or has taken it back (`withdrawn`). */
export const oboListingStatuses = ['open', 'withdrawn'] as const

/** One ÖBO flat as ÖBO describes it (PUT /v1/integrations/obo/vacancies/{objectNo}). Strict. */
export const oboVacancySchema = z.strictObject({
  district: districtName,
  rooms: z
    .number({ error: 'must be a number of rooms' })
    .int({ error: 'must be a whole number of rooms' })
    .min(1, { error: 'must be at least 1 room' })
    .max(12, { error: 'must be at most 12 rooms' }),
  areaM2: z
    .number({ error: 'must be an area in square metres' })
    .min(8, { error: 'must be at least 8 m²' })
    .max(400, { error: 'must be at most 400 m²' }),
  rent: kronor,
  floor: z
    .number({ error: 'must be a floor number' })
    .int({ error: 'must be a whole floor number' })
    .min(-2, { error: 'must be -2 or above' })
    .max(40, { error: 'must be 40 or below' }),
  elevator: z.boolean({ error: 'must be true or false' }),
  wheelchairAccessible: z.boolean({ error: 'must be true or false' }),
  availableFrom: isoDate,
  /** Default `open`; `withdrawn` takes the flat out of matching. */
  status: z
    .enum(oboListingStatuses, { error: `must be one of ${oboListingStatuses.join(', ')}` })
    .default('open'),
})
export type OboVacancy = z.output<typeof oboVacancySchema>

/** One priority decision as ÖBO sends it. */
export const priorityDecisionSchema = z.strictObject({
  decisionRef: entityId,
  /** hemvist's household id, as the municipality's application to ÖBO named it. */
  applicantId: entityId,
  decidedOn: isoDate,
  grounds: z.enum(priorityGrounds, { error: `must be one of ${priorityGrounds.join(', ')}` }),
  /** `approved` (default), or `ended` when ÖBO itself ends a priority. */
  status: z.enum(['approved', 'ended'], { error: 'must be approved or ended' }).default('approved'),
})
export type PriorityDecisionInput = z.output<typeof priorityDecisionSchema>

/** A problem in one CSV row: its number, the column, and the reason. */
export interface RowIssue {
  /** 1-based data row (the row after the header is 1). */
  row: number
  /** The line of the file the row starts on (what a text editor shows). */
  line: number
  /** ÖBO's column name, or '' for the row as a whole. */
  column: string
  reason: string
}

/** The vacancy file's columns, ÖBO's name → the field. */
export const vacancyColumns = {
  objektnr: 'objectNo',
  område: 'district',
  rum: 'rooms',
  yta: 'areaM2',
  hyra: 'rent',
  våning: 'floor',
  hiss: 'elevator',
  rullstolsanpassad: 'wheelchairAccessible',
  tillträde: 'availableFrom',
  status: 'status',
} as const
/** Columns a vacancy file may leave out (each row then takes the default). */
const optionalVacancyColumns = new Set(['status'])

/** The priority file's columns. */
export const priorityColumns = {
  beslutsnr: 'decisionRef',
  hushåll: 'applicantId',
  beslutsdatum: 'decidedOn',
  grund: 'grounds',
  status: 'status',
} as const
const optionalPriorityColumns = new Set(['status'])

/** Columns the header lacks, as one issue each (row 0: the header). */
export function missingColumns(
  columns: readonly string[],
  kind: 'vacancies' | 'priorities',
): { column: string; reason: string }[] {
  const wanted = kind === 'vacancies' ? vacancyColumns : priorityColumns
  const optional = kind === 'vacancies' ? optionalVacancyColumns : optionalPriorityColumns
  const out: { column: string; reason: string }[] = []
  for (const c of Object.keys(wanted)) {
    if (!optional.has(c) && !columns.includes(c))
      out.push({ column: c, reason: 'the header has no such column' })
  }
  for (const c of columns) {
    if (c !== '' && !(c in wanted)) out.push({ column: c, reason: 'is not a known column' })
  }
  return out
}

/** A number as a Swedish spreadsheet writes it: `58,5`, `58.5`, `6 900` (space or no-break space as thousands). */
function numberCell(raw: string): number | string {
  const t = raw.trim().replace(/[\s\u00a0\u202f]/g, '')
  if (t === '') return raw
  if (!/^-?\d+(?:[.,]\d+)?$/.test(t)) return raw
  return Number(t.replace(',', '.'))
}

const yes = new Set(['ja', 'j', 'yes', 'true', '1', 'x'])
const no = new Set(['nej', 'n', 'no', 'false', '0', ''])
function booleanCell(raw: string): boolean | string {
  const t = raw.trim().toLocaleLowerCase('sv')
  if (yes.has(t)) return true
  if (no.has(t)) return false
  return raw
}

const listing: Record<string, string> = {
  '': 'open',
  ledig: 'open',
  open: 'open',
  återtagen: 'withdrawn',
  withdrawn: 'withdrawn',
}

function issuesOf(row: CsvRow, error: z.ZodError, input: unknown, names: Record<string, string>): RowIssue[] {
  const columnOf = new Map(Object.entries(names).map(([col, field]) => [field, col]))
  return fieldIssues(error, input).map((i) => ({
    row: row.row,
    line: row.line,
    column: columnOf.get(i.path.split('.')[0] ?? '') ?? '',
    reason: i.message,
  }))
}

/**
 * A row of the vacancy file as ÖBO's flat, or every problem in it.
 *
 * @example
 * vacancyFromRow({ row: 1, line: 2, cells: { objektnr: '1234-0101', område: 'Väster', rum: '2', yta: '58,5', … } })
 */
export function vacancyFromRow(row: CsvRow): Result<{ objectNo: string; vacancy: OboVacancy }, RowIssue[]> {
  const c = row.cells
  const input = {
    objectNo: (c.objektnr ?? '').trim(),
    district: c.område ?? '',
    rooms: numberCell(c.rum ?? ''),
    areaM2: numberCell(c.yta ?? ''),
    rent: numberCell(c.hyra ?? ''),
    floor: numberCell(c.våning ?? ''),
    elevator: booleanCell(c.hiss ?? ''),
    wheelchairAccessible: booleanCell(c.rullstolsanpassad ?? ''),
    availableFrom: (c.tillträde ?? '').trim(),
    status: listing[(c.status ?? '').trim().toLocaleLowerCase('sv')] ?? (c.status ?? '').trim(),
  }
  const parsed = oboVacancySchema.extend({ objectNo }).safeParse(input)
  if (!parsed.success) return err(issuesOf(row, parsed.error, input, vacancyColumns))
  const { objectNo: no_, ...vacancy } = parsed.data
  return ok({ objectNo: no_, vacancy })
}

/** A row of the priority file as a decision, or every problem in it. */
export function priorityFromRow(row: CsvRow): Result<PriorityDecisionInput, RowIssue[]> {
  const c = row.cells
  const status = (c.status ?? '').trim().toLocaleLowerCase('sv')
  const input = {
    decisionRef: (c.beslutsnr ?? '').trim(),
    applicantId: (c.hushåll ?? '').trim(),
    decidedOn: (c.beslutsdatum ?? '').trim(),
    grounds: groundsOf((c.grund ?? '').trim().toLocaleLowerCase('sv')),
    status: status === '' || status === 'beviljad' ? 'approved' : status === 'avslutad' ? 'ended' : status,
  }
  const parsed = priorityDecisionSchema.safeParse(input)
  if (!parsed.success) return err(issuesOf(row, parsed.error, input, priorityColumns))
  return ok(parsed.data)
}

const groundsWords: Record<string, PriorityGrounds> = {
  sociala: 'social',
  social: 'social',
  medicinska: 'medical',
  medical: 'medical',
  'hot/våld': 'threat_or_violence',
  threat_or_violence: 'threat_or_violence',
  övrigt: 'other',
  other: 'other',
}
function groundsOf(word: string): string {
  return groundsWords[word] ?? word
}

/**
 * The hemvist vacancy an ÖBO flat is: type `obo_priority`, landlord `obo`,
 * ÖBO's object number as the external reference; `id` and `status` are the
 * stored unit's (or new).
 */
export function vacancyOf(
  no_: string,
  flat: OboVacancy,
  id: string,
  status: Vacancy['status'],
  restrictions: Vacancy['restrictions'] = { supportOnSite: false },
): Vacancy {
  return {
    id,
    type: 'obo_priority',
    landlord: 'obo',
    externalRef: no_,
    district: flat.district,
    rooms: flat.rooms,
    areaM2: flat.areaM2,
    rent: flat.rent,
    floor: flat.floor,
    elevator: flat.elevator,
    wheelchairAccessible: flat.wheelchairAccessible,
    availableFrom: flat.availableFrom,
    restrictions,
    status,
  }
}
