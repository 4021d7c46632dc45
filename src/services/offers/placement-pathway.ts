/**
 * The tenancy pathway after a placement: the household takes over its sublet
 * (övertagande, rule P6), the placement ends when the household moves on to
 * another placement (rule P7), or staff record its end (rule P8: a home of its
 * own, eviction, leaving, death). All are append-only events beside the
 * placement (`placement_events`); a placement with no `ended` event is active.
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../../db/client.ts'
import { placementEvents, placements } from '../../../db/schema.ts'
import {
  canEndPlacement,
  canTakeOver,
  type PlacementEndReason,
  type RecordedEndReason,
  type Tenure,
  tenureOf,
} from '../../domain/round-lifecycle.ts'
import { err, ok } from '../../domain/validation.ts'
import { mayAccessCaseload } from '../applicants/scope.ts'
import { appendAudit } from '../audit.ts'
import {
  invalid,
  newId,
  notFound,
  nowOf,
  type ServiceCall,
  type ServiceContext,
  type ServiceResult,
} from '../context.ts'
import { isoDay } from '../rounds/store.ts'
import type { PlacementRow } from './answer-offer.ts'

/** A placement with where it stands on the pathway. */
export interface PlacementRecord extends PlacementRow {
  /** The tenancy the household holds now: a sublet becomes `first_hand` once taken over. */
  tenure: Tenure
  takenOverOn: string | null
  endedOn: string | null
  endReason: PlacementEndReason | null
}

/** The pathway state of each placement, read in one query. */
export function withPathway(tx: Executor, rows: readonly PlacementRow[]): PlacementRecord[] {
  const ids = rows.map((r) => r.id)
  const events =
    ids.length === 0
      ? []
      : tx.select().from(placementEvents).where(inArray(placementEvents.placementId, ids)).all()
  const byPlacement = new Map<
    string,
    { takenOverOn: string | null; endedOn: string | null; endReason: PlacementEndReason | null }
  >()
  for (const e of events) {
    const state = byPlacement.get(e.placementId) ?? { takenOverOn: null, endedOn: null, endReason: null }
    if (e.kind === 'taken_over') state.takenOverOn = e.on
    else {
      state.endedOn = e.on
      state.endReason = e.endReason
    }
    byPlacement.set(e.placementId, state)
  }
  return rows.map((row) => {
    const state = byPlacement.get(row.id) ?? { takenOverOn: null, endedOn: null, endReason: null }
    return {
      ...row,
      ...state,
      tenure: state.takenOverOn === null ? tenureOf(row.contractForm) : 'first_hand',
    }
  })
}

/** The household's active placement (no `ended` event), if it holds one. */
export function activePlacementOf(tx: Executor, applicantId: string): PlacementRow | undefined {
  return tx
    .select({ placement: placements })
    .from(placements)
    .leftJoin(
      placementEvents,
      and(eq(placementEvents.placementId, placements.id), eq(placementEvents.kind, 'ended')),
    )
    .where(and(eq(placements.applicantId, applicantId), isNull(placementEvents.id)))
    .get()?.placement
}

/** The latest placement (by start day, then id) of a household or of a flat, with its pathway state. */
export function latestPlacement(
  tx: Executor,
  of: { applicantId: string } | { vacancyId: string },
): PlacementRecord | undefined {
  const row = tx
    .select()
    .from(placements)
    .where(
      'applicantId' in of
        ? eq(placements.applicantId, of.applicantId)
        : eq(placements.vacancyId, of.vacancyId),
    )
    .orderBy(desc(placements.startDate), desc(placements.id))
    .limit(1)
    .get()
  return row === undefined ? undefined : withPathway(tx, [row])[0]
}

/** Records that a placement ended (inside the caller's transaction). */
export function endPlacement(
  tx: Executor,
  placement: PlacementRow,
  input: { on: string; reason: PlacementEndReason; person: string; tokenId: string; now: Date },
): void {
  tx.insert(placementEvents)
    .values({
      id: newId(input.now),
      placementId: placement.id,
      applicantId: placement.applicantId,
      kind: 'ended',
      on: input.on,
      endReason: input.reason,
      caseload: placement.caseload,
      recordedByPerson: input.person,
      recordedByToken: input.tokenId,
      createdAt: input.now.toISOString(),
    })
    .run()
}

/**
 * The placement with the given id, if the principal may see it: the household's case worker (own
 * caseloads; another's answers NOT_FOUND like a missing one, audited `placement.<verb>_denied`) or
 * allocation staff; and a named person, who records what happens to it.
 */
function placementInScope(
  tx: Executor,
  ctx: ServiceContext,
  id: string,
  verb: string,
  what: string,
): ServiceResult<{ row: PlacementRow; person: string }> {
  const row = tx.select().from(placements).where(eq(placements.id, id)).get()
  if (row === undefined) return notFound('placement')
  if (!mayAccessCaseload(ctx.principal, row.caseload)) {
    appendAudit(tx, {
      principal: ctx.principal,
      action: `placement.${verb}_denied`,
      objectType: 'applicant',
      objectId: row.applicantId,
      requestId: ctx.requestId,
    })
    return notFound('placement')
  }
  const person = ctx.principal.person
  if (person === undefined || person.trim() === '') {
    return err({
      code: 'CONFLICT',
      detail: `${what} is recorded by a named person, and this API token names none. Create a token with --person.`,
    })
  }
  return ok({ row, person })
}

export interface EndPlacementInput {
  /** The placement's id. */
  id: string
  /** Why it ended (rule P8); `moved` is recorded only by accepting another offer. */
  reason: RecordedEndReason
  /** The household's last day in the flat; default today. */
  on?: string | undefined
}

/**
 * Records that a placement ended (rule P8): the household moved to a home of its own, was evicted,
 * left, or died, on `on` (default today). By a named person, as a take-over is; audited
 * `placement.end`. The flat stays `let` until it is returned (`returnFlat`, rule P9); the household
 * stays `housed` until its case is reopened (`reopenApplicant`, rule P10).
 *
 * @example
 * recordPlacementEnd({ ctx, input: { id: placementId, reason: 'evicted', on: '2027-03-31' } })
 */
export function recordPlacementEnd({
  ctx,
  input,
}: ServiceCall<EndPlacementInput>): ServiceResult<PlacementRecord> {
  if (input.on !== undefined && input.on > isoDay(nowOf(ctx))) {
    return invalid([
      { path: 'on', message: 'must not be in the future: record the end once it has happened' },
    ])
  }
  return writeTransaction(ctx.db, (tx): ServiceResult<PlacementRecord> => {
    const found = placementInScope(tx, ctx, input.id, 'end', "A placement's end")
    if (!found.ok) return found
    const { row, person } = found.value
    const now = nowOf(ctx)
    const on = input.on ?? isoDay(now)
    const [current] = withPathway(tx, [row]) as [PlacementRecord]
    const refused = canEndPlacement({
      startDate: row.startDate,
      takenOverOn: current.takenOverOn,
      endedOn: current.endedOn,
      on,
    })
    if (refused) return err(refused)
    endPlacement(tx, row, { on, reason: input.reason, person, tokenId: ctx.principal.tokenId, now })
    appendAudit(
      tx,
      {
        principal: ctx.principal,
        action: 'placement.end',
        objectType: 'applicant',
        objectId: row.applicantId,
        requestId: ctx.requestId,
      },
      now,
    )
    return ok({ ...current, endedOn: on, endReason: input.reason })
  })
}

export interface TakeOverInput {
  /** The placement's id. */
  id: string
  /** The day the household's own first-hand lease begins; default today. */
  on?: string | undefined
}

/**
 * Records a take-over (övertagande): the household takes over the sublet it lives in as its own
 * first-hand lease, from `on` (rule P6). By a named person: the household's case worker (own
 * caseloads; another's answers 404, audited as denied) or allocation staff. Audited
 * `placement.take_over`.
 *
 * @example
 * takeOverPlacement({ ctx, input: { id: placementId, on: '2027-12-01' } })
 */
export function takeOverPlacement({
  ctx,
  input,
}: ServiceCall<TakeOverInput>): ServiceResult<PlacementRecord> {
  return writeTransaction(ctx.db, (tx): ServiceResult<PlacementRecord> => {
    const found = placementInScope(tx, ctx, input.id, 'take_over', 'A take-over')
    if (!found.ok) return found
    const { row, person } = found.value
    const now = nowOf(ctx)
    const on = input.on ?? isoDay(now)
    const [current] = withPathway(tx, [row]) as [PlacementRecord]
    const refused = canTakeOver({
      contractForm: row.contractForm,
      startDate: row.startDate,
      takenOverOn: current.takenOverOn,
      endedOn: current.endedOn,
      on,
    })
    if (refused) return err(refused)
    tx.insert(placementEvents)
      .values({
        id: newId(now),
        placementId: row.id,
        applicantId: row.applicantId,
        kind: 'taken_over',
        on,
        endReason: null,
        caseload: row.caseload,
        recordedByPerson: person,
        recordedByToken: ctx.principal.tokenId,
        createdAt: now.toISOString(),
      })
      .run()
    appendAudit(
      tx,
      {
        principal: ctx.principal,
        action: 'placement.take_over',
        objectType: 'applicant',
        objectId: row.applicantId,
        requestId: ctx.requestId,
      },
      now,
    )
    return ok({ ...current, takenOverOn: on, tenure: 'first_hand' })
  })
}
