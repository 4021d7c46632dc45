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
import { findOfferInScope, type PlacementRow } from './answer-offer.ts'

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

/** Offers, newest first, optionally by status or round. */
export function listOffers({
  ctx,
  input,
}: ServiceCall<
  PageQuery & { status?: OfferStatus | undefined; roundId?: string | undefined }
>): ServiceResult<{
  items: OfferRow[]
  nextCursor: string | null
}> {
  const after = cursorKey(input.cursor)
  if (!after.ok) return invalid([{ path: 'cursor', message: 'is not a cursor this API gave out' }])
  const limit = input.limit ?? 50
  return writeTransaction(ctx.db, (tx) => {
    const rows = tx
      .select()
      .from(offers)
      .where(
        and(
          scopeFilter(ctx, offers.caseload),
          input.status === undefined ? undefined : eq(offers.status, input.status),
          input.roundId === undefined ? undefined : eq(offers.roundId, input.roundId),
          after.key === undefined ? undefined : lt(offers.id, after.key),
        ),
      )
      .orderBy(desc(offers.id))
      .limit(limit + 1)
      .all()
    const page = pageOf(rows, limit, (row) => row.id)
    audit(
      tx,
      ctx,
      'offer.list',
      page.items.map((row) => row.applicantId),
    )
    return ok(page)
  })
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
}: ServiceCall<PageQuery>): ServiceResult<{ items: PlacementRow[]; nextCursor: string | null }> {
  const after = cursorKey(input.cursor)
  if (!after.ok) return invalid([{ path: 'cursor', message: 'is not a cursor this API gave out' }])
  const limit = input.limit ?? 50
  return writeTransaction(ctx.db, (tx) => {
    const rows = tx
      .select()
      .from(placements)
      .where(
        and(
          scopeFilter(ctx, placements.caseload),
          after.key === undefined ? undefined : lt(placements.id, after.key),
        ),
      )
      .orderBy(desc(placements.id))
      .limit(limit + 1)
      .all()
    const page = pageOf(rows, limit, (row) => row.id)
    audit(
      tx,
      ctx,
      'placement.list',
      page.items.map((row) => row.applicantId),
    )
    return ok(page)
  })
}

/** One placement, in the caller's scope (another caseload's answers 404, audited as denied). */
export function getPlacement({ ctx, input }: ServiceCall<{ id: string }>): ServiceResult<PlacementRow> {
  return writeTransaction(ctx.db, (tx): ServiceResult<PlacementRow> => {
    const row = tx.select().from(placements).where(eq(placements.id, input.id)).get()
    if (row === undefined) return notFound('placement')
    if (!mayAccessCaseload(ctx.principal, row.caseload)) {
      audit(tx, ctx, 'placement.read_denied', [], row.applicantId)
      return notFound('placement')
    }
    audit(tx, ctx, 'placement.read', [], row.applicantId)
    return ok(row)
  })
}
