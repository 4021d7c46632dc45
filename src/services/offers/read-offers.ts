/**
 * Reading offers and placements: lists (newest first, keyset cursor) and one
 * by id, scoped like households: a case worker sees its caseloads' only.
 * Audited: each names a household.
 */
import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../../db/client.ts'
import { offers, placements } from '../../../db/schema.ts'
import type { OfferStatus } from '../../domain/round-lifecycle.ts'
import { ok } from '../../domain/validation.ts'
import { cursorKey, pageOf } from '../applicants/cursor.ts'
import { caseloadScope, mayAccessCaseload } from '../applicants/scope.ts'
import { appendAudit } from '../audit.ts'
import { invalid, notFound, type ServiceCall, type ServiceContext, type ServiceResult } from '../context.ts'
import type { OfferRow } from '../rounds/store.ts'
import { findOfferInScope } from './answer-offer.ts'
import { type PlacementRecord, withPathway } from './placement-pathway.ts'

export interface PageQuery {
  limit?: number | undefined
  cursor?: string | undefined
}

function scopeFilter(
  ctx: ServiceContext,
  column: typeof offers.caseload | typeof placements.caseload,
): SQL | undefined {
  const scope = caseloadScope(ctx.principal)
  if (scope.kind === 'all') return undefined
  if (scope.kind === 'none') return inArray(column, [])
  return inArray(column, [...scope.caseloads])
}

function audit(
  tx: Executor,
  ctx: ServiceContext,
  action: string,
  subjects: string[],
  objectId: string | null = null,
) {
  appendAudit(tx, {
    principal: ctx.principal,
    action,
    objectType: 'applicant',
    objectId,
    requestId: ctx.requestId,
    ...(objectId === null ? { subjectIds: subjects } : {}),
  })
}

/**
 * One page of rows that each name a household, newest first, read by `rows` (given the key to
 * start after and how many to read) in one transaction with its audit row naming every household shown.
 */
function auditedPage<R extends { id: string; applicantId: string }>(
  ctx: ServiceContext,
  input: PageQuery,
  action: string,
  rows: (tx: Executor, after: string | undefined, take: number) => R[],
): ServiceResult<{ items: R[]; nextCursor: string | null }> {
  const after = cursorKey(input.cursor)
  if (!after.ok) return invalid([{ path: 'cursor', message: 'is not a cursor this API gave out' }])
  const limit = input.limit ?? 50
  return writeTransaction(ctx.db, (tx) => {
    const page = pageOf(rows(tx, after.key, limit + 1), limit, (row) => row.id)
    audit(
      tx,
      ctx,
      action,
      page.items.map((row) => row.applicantId),
    )
    return ok(page)
  })
}

/** Offers, newest first, optionally by status or round. */
export function listOffers({
  ctx,
  input,
}: ServiceCall<
  PageQuery & {
    status?: OfferStatus | undefined
    roundId?: string | undefined
    /** One household's offers (the household's page); still only within the caller's caseloads. */
    applicantId?: string | undefined
  }
>): ServiceResult<{ items: OfferRow[]; nextCursor: string | null }> {
  return auditedPage(ctx, input, 'offer.list', (tx, after, take) =>
    tx
      .select()
      .from(offers)
      .where(
        and(
          scopeFilter(ctx, offers.caseload),
          input.status === undefined ? undefined : eq(offers.status, input.status),
          input.roundId === undefined ? undefined : eq(offers.roundId, input.roundId),
          input.applicantId === undefined ? undefined : eq(offers.applicantId, input.applicantId),
          after === undefined ? undefined : lt(offers.id, after),
        ),
      )
      .orderBy(desc(offers.id))
      .limit(take)
      .all(),
  )
}

/** One offer, in the caller's scope; audited `offer.read`. */
export function getOffer({ ctx, input }: ServiceCall<{ id: string }>): ServiceResult<OfferRow> {
  return writeTransaction(ctx.db, (tx): ServiceResult<OfferRow> => {
    const found = findOfferInScope(tx, ctx, input.id, 'read')
    if (found.ok) audit(tx, ctx, 'offer.read', [], found.value.applicantId)
    return found
  })
}

/** Placements, newest first. */
export function listPlacements({
  ctx,
  input,
}: ServiceCall<
  PageQuery & { /** One household's placements only. */ applicantId?: string | undefined }
>): ServiceResult<{
  items: PlacementRecord[]
  nextCursor: string | null
}> {
  return auditedPage(ctx, input, 'placement.list', (tx, after, take) =>
    withPathway(
      tx,
      tx
        .select()
        .from(placements)
        .where(
          and(
            scopeFilter(ctx, placements.caseload),
            input.applicantId === undefined ? undefined : eq(placements.applicantId, input.applicantId),
            after === undefined ? undefined : lt(placements.id, after),
          ),
        )
        .orderBy(desc(placements.id))
        .limit(take)
        .all(),
    ),
  )
}

/** One placement, in the caller's scope (another caseload's answers 404, audited as denied). */
export function getPlacement({ ctx, input }: ServiceCall<{ id: string }>): ServiceResult<PlacementRecord> {
  return writeTransaction(ctx.db, (tx): ServiceResult<PlacementRecord> => {
    const row = tx.select().from(placements).where(eq(placements.id, input.id)).get()
    if (row === undefined) return notFound('placement')
    if (!mayAccessCaseload(ctx.principal, row.caseload)) {
      audit(tx, ctx, 'placement.read_denied', [], row.applicantId)
      return notFound('placement')
    }
    audit(tx, ctx, 'placement.read', [], row.applicantId)
    return ok(withPathway(tx, [row])[0] as PlacementRecord)
  })
}
