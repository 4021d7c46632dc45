/**
 * The nominations as a CSV file for ÖBO (`hemvist obo export nominations`):
 * the same data the webhook carries, one row per nomination, every cell
 * neutralised against spreadsheet formulas. Read from the outbox, so the file
 * and the webhook always say the same.
 */
import { asc } from 'drizzle-orm'
import type { Executor } from '../../../db/client.ts'
import { oboOutbox } from '../../../db/schema.ts'
import { toCsv } from '../../integrations/obo/csv.ts'
import type { Nomination } from '../../integrations/obo/nomination.ts'

export const nominationColumns = [
  'nominering',
  'leverans',
  'leveransstatus',
  'objektnr',
  'hushållsreferens',
  'förtursbeslut',
  'personer',
  'vuxna',
  'barn',
  'erbjuden',
  'svar_senast',
  'kontakt_handläggargrupp',
  'beslutad_av',
  'alternativ',
] as const

/** One nomination as cells, in `nominationColumns` order; alternates as `1:HH-…:F-…:3` joined by `|`. */
export function nominationCells(n: Nomination, delivery: { id: string; status: string }): string[] {
  const d = n.data
  return [
    d.nominationId,
    delivery.id,
    delivery.status,
    d.objectNo,
    d.householdRef,
    d.priorityDecisionRef ?? '',
    String(d.householdSize.persons),
    String(d.householdSize.adults),
    String(d.householdSize.children),
    d.offeredOn,
    d.answerBy,
    d.contact.caseload,
    d.contact.decidedBy,
    d.alternates
      .map((a) => `${a.rank}:${a.householdRef}:${a.priorityDecisionRef ?? ''}:${a.householdSize.persons}`)
      .join('|'),
  ]
}

/**
 * @example
 * exportNominations(db) // '\uFEFFnominering;leverans;…\r\n0190…;msg_0190…;delivered;1234-0101;HH-…\r\n'
 */
export function exportNominations(db: Executor): { csv: string; rows: number } {
  const rows = db.select().from(oboOutbox).orderBy(asc(oboOutbox.createdAt), asc(oboOutbox.id)).all()
  const cells = rows.map((r) => nominationCells(JSON.parse(r.payload) as Nomination, r))
  return { csv: toCsv(nominationColumns, cells), rows: rows.length }
}
