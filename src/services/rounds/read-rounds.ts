/**
 * Reading rounds: the list, one round with its counts, its proposals, and its
 * result in the shape of `hemvist solve`, cut to what the caller's role may
 * see. A round's own fields are not personal data; the result and the
 * proposals are, so reading them is audited (the households shown are the
 * audit row's subjects).
 */
import { and, asc, count, desc, eq, gt, inArray, lt } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../../db/client.ts'
import { applicants, decisions, proposals, rounds } from '../../../db/schema.ts'
import {
  type CodedRoundResult,
  contextOf,
  proposalTexts,
  unmatchedTexts,
} from '../../domain/match/explanation-texts.ts'
import type { RoundResult } from '../../domain/match/run-round.ts'
import type { Principal } from '../../domain/roles.ts'
import type { ProposalStatus, RoundStatus } from '../../domain/round-lifecycle.ts'
import { ok } from '../../domain/validation.ts'
import { cursorKey, pageOf } from '../applicants/cursor.ts'
import { caseloadScope, maySeeProtectedDetails } from '../applicants/scope.ts'
import { appendAudit } from '../audit.ts'
import { invalid, notFound, type ServiceCall, type ServiceContext, type ServiceResult } from '../context.ts'
import {
  type ProposalRow,
  type RoundRow,
  type RoundSummaryRow,
  roundRow,
  roundSummaryRow,
  roundSummarySelect,
} from './store.ts'

export interface RoundCounts {
  proposals: Record<ProposalStatus, number>
  /** Overrides and rejections per reason code. */
  decisions: { override: Record<string, number>; reject: Record<string, number> }
}

export interface RoundSummary {
  round: RoundSummaryRow
  counts: RoundCounts
}

function countsOf(executor: Executor, roundId: string): RoundCounts {
  const proposalCounts: Record<ProposalStatus, number> = {
    pending: 0,
    approved: 0,
    rejected: 0,
    overridden: 0,
  }
  for (const row of executor
    .select({ status: proposals.status, n: count() })
    .from(proposals)
    .where(eq(proposals.roundId, roundId))
    .groupBy(proposals.status)
    .all()) {
    proposalCounts[row.status] = row.n
  }
  const byReason: RoundCounts['decisions'] = { override: {}, reject: {} }
  for (const row of executor
    .select({ kind: decisions.kind, reason: decisions.reasonCode, n: count() })
    .from(decisions)
    .where(eq(decisions.roundId, roundId))
    .groupBy(decisions.kind, decisions.reasonCode)
    .all()) {
    if ((row.kind === 'override' || row.kind === 'reject') && row.reason !== null)
      byReason[row.kind][row.reason] = row.n
  }
  return { proposals: proposalCounts, decisions: byReason }
}

/** One round with its counts; no personal data, not audited. */
export function getRound({ ctx, input }: ServiceCall<{ id: string }>): ServiceResult<RoundSummary> {
  const round = roundSummaryRow(ctx.db, input.id)
  if (round === undefined) return notFound('round')
  return ok({ round, counts: countsOf(ctx.db, round.id) })
}

export interface RoundListQuery {
  status?: RoundStatus | undefined
  limit?: number | undefined
  cursor?: string | undefined
}

/** Rounds newest first (ids are time-ordered), `limit` a page (default 50), keyset cursor. */
export function listRounds({
  ctx,
  input,
}: ServiceCall<RoundListQuery>): ServiceResult<{ items: RoundSummary[]; nextCursor: string | null }> {
  const limit = input.limit ?? 50
  const after = cursorKey(input.cursor)
  if (!after.ok) return invalid([{ path: 'cursor', message: 'is not a cursor this API gave out' }])
  const rows = ctx.db
    .select(roundSummarySelect)
    .from(rounds)
    .where(
      and(
        input.status === undefined ? undefined : eq(rounds.status, input.status),
        after.key === undefined ? undefined : lt(rounds.id, after.key),
      ),
    )
    .orderBy(desc(rounds.id))
    .limit(limit + 1)
    .all()
  const page = pageOf(rows, limit, (r) => r.id)
  return ok({
    items: page.items.map((round) => ({ round, counts: countsOf(ctx.db, round.id) })),
    nextCursor: page.nextCursor,
  })
}

/** What a caller sees of a household in a result: its caseload and whether its place must be withheld from it. */
export interface Visibility {
  shows(applicantId: string): boolean
  /** True when the vacancy a household is proposed must be withheld (protected identity, caller may not see it). */
  withholdsPlace(applicantId: string): boolean
}

export function visibilityFor(
  executor: Executor,
  principal: Principal,
  applicantIds: readonly string[],
): Visibility {
  const scope = caseloadScope(principal)
  if (scope.kind === 'all') return { shows: () => true, withholdsPlace: () => false }
  if (scope.kind === 'none') return { shows: () => false, withholdsPlace: () => true }
  const mine = new Set<string>()
  const protectedIds = new Set<string>()
  const seeProtected = maySeeProtectedDetails(principal)
  for (let i = 0; i < applicantIds.length; i += 500) {
    for (const row of executor
      .select({ id: applicants.id, caseload: applicants.caseload, body: applicants.body })
      .from(applicants)
      .where(inArray(applicants.id, applicantIds.slice(i, i + 500) as string[]))
      .all()) {
      if (!scope.caseloads.includes(row.caseload)) continue
      mine.add(row.id)
      const safety = (row.body as { safety?: { protectedIdentity?: boolean } }).safety
      if (safety?.protectedIdentity && !seeProtected) protectedIds.add(row.id)
    }
  }
  return { shows: (id) => mine.has(id), withholdsPlace: (id) => protectedIds.has(id) }
}

/**
 * A result as one role sees it, as stored: explanations as codes and figures. `resultViewWithTexts`
 * renders their sentences, outside the transaction that read it (at 5,000 × 1,000 rendering every
 * household's takes longer than reading the stored text).
 */
export type CodedResultView =
  | {
      view: 'full' | 'caseloads'
      result: Omit<CodedRoundResult, 'proposals' | 'unmatched'> & {
        proposals: (CodedRoundResult['proposals'][number] | WithheldProposal)[]
        unmatched: (CodedRoundResult['unmatched'][number] | WithheldUnmatched)[]
      }
    }
  | {
      view: 'aggregate'
      result: Omit<CodedRoundResult, 'proposals' | 'unmatched'> & {
        proposalCount: number
        unmatchedCount: number
      }
    }

/**
 * A role's view of a result with every shown explanation's sentences, as the engine writes them.
 *
 * @example
 * const read = getRoundResult({ ctx, input: { id } })
 * if (read.ok && read.value.result) show(resultViewWithTexts(read.value.result))
 */
export function resultViewWithTexts(view: CodedResultView): ResultView {
  if (view.view === 'aggregate') return view
  const context = contextOf(view.result)
  return {
    view: view.view,
    result: {
      ...view.result,
      proposals: view.result.proposals.map((x) =>
        'withheld' in x || x.explanation === undefined
          ? (x as RoundResult['proposals'][number] | WithheldProposal)
          : { ...x, explanation: proposalTexts(x.explanation, x.vacancyId, context) },
      ),
      unmatched: view.result.unmatched.map((x) =>
        'withheld' in x || x.explanation === undefined
          ? (x as RoundResult['unmatched'][number] | WithheldUnmatched)
          : { ...x, explanation: unmatchedTexts(x.explanation, context) },
      ),
    },
  }
}

/** A result as one role sees it, with its explanations' sentences. */
export type ResultView =
  | {
      view: 'full' | 'caseloads'
      result: Omit<RoundResult, 'proposals' | 'unmatched'> & {
        proposals: (RoundResult['proposals'][number] | WithheldProposal)[]
        unmatched: (RoundResult['unmatched'][number] | WithheldUnmatched)[]
      }
    }
  | {
      view: 'aggregate'
      result: Omit<RoundResult, 'proposals' | 'unmatched'> & { proposalCount: number; unmatchedCount: number }
    }

export interface WithheldProposal {
  applicantId: string
  score: number
  withheld: ['vacancyId', 'explanation']
}
export interface WithheldUnmatched {
  applicantId: string
  withheld: ['explanation']
}

const subjectsPerRow = 10_000

/**
 * The stored result, cut to the caller: admin and allocator see all of it; a
 * case worker the proposals and unmatched households of its own caseloads,
 * with the proposed vacancy and the explanations withheld for a
 * protected-identity household (they could place the person); an analyst the
 * aggregate figures only. Audited as `round.read_result` with the households
 * shown as subjects.
 */
export function getRoundResult({
  ctx,
  input,
}: ServiceCall<{ id: string }>): ServiceResult<{ round: RoundRow; result: CodedResultView | null }> {
  return writeTransaction(
    ctx.db,
    (tx): ServiceResult<{ round: RoundRow; result: CodedResultView | null }> => {
      const round = roundRow(tx, input.id)
      if (round === undefined) return notFound('round')
      if (round.result === null) return ok({ round, result: null })
      // Stored with explanations as codes and figures; the caller renders the sentences of the
      // households it is shown (resultViewWithTexts), after this transaction.
      const result = JSON.parse(round.result) as CodedRoundResult
      const { proposals: proposed, unmatched, ...rest } = result
      let view: CodedResultView
      let shown: string[]
      if (ctx.principal.role === 'analyst') {
        view = {
          view: 'aggregate',
          result: { ...rest, proposalCount: proposed.length, unmatchedCount: unmatched.length },
        }
        shown = []
      } else {
        const ids = [...proposed.map((p) => p.applicantId), ...unmatched.map((u) => u.applicantId)]
        const visible = visibilityFor(tx, ctx.principal, ids)
        const p = proposed
          .filter((x) => visible.shows(x.applicantId))
          .map((x) =>
            visible.withholdsPlace(x.applicantId)
              ? ({
                  applicantId: x.applicantId,
                  score: x.score,
                  withheld: ['vacancyId', 'explanation'],
                } as WithheldProposal)
              : x,
          )
        const u = unmatched
          .filter((x) => visible.shows(x.applicantId))
          .map((x) =>
            visible.withholdsPlace(x.applicantId)
              ? ({ applicantId: x.applicantId, withheld: ['explanation'] } as WithheldUnmatched)
              : x,
          )
        view = {
          view: caseloadScope(ctx.principal).kind === 'all' ? 'full' : 'caseloads',
          result: { ...rest, proposals: p, unmatched: u },
        }
        shown = [...p.map((x) => x.applicantId), ...u.map((x) => x.applicantId)]
      }
      auditShown(tx, ctx, 'round.read_result', shown)
      return ok({ round, result: view })
    },
  )
}

function auditShown(tx: Executor, ctx: ServiceContext, action: string, shown: readonly string[]): void {
  let i = 0
  do {
    appendAudit(tx, {
      principal: ctx.principal,
      action,
      objectType: 'applicant',
      objectId: null,
      requestId: ctx.requestId,
      subjectIds: shown.slice(i, i + subjectsPerRow),
    })
    i += subjectsPerRow
  } while (i < shown.length)
}

export interface ProposalListQuery {
  roundId: string
  status?: ProposalStatus | undefined
  limit?: number | undefined
  cursor?: string | undefined
}

/** A round's proposals with their explanations (admin, allocator), in household id order; audited. */
export function listProposals({
  ctx,
  input,
}: ServiceCall<ProposalListQuery>): ServiceResult<{ items: ProposalRow[]; nextCursor: string | null }> {
  return writeTransaction(
    ctx.db,
    (tx): ServiceResult<{ items: ProposalRow[]; nextCursor: string | null }> => {
      const round = roundRow(tx, input.roundId)
      if (round === undefined) return notFound('round')
      const limit = input.limit ?? 50
      const after = cursorKey(input.cursor)
      if (!after.ok) return invalid([{ path: 'cursor', message: 'is not a cursor this API gave out' }])
      const rows = tx
        .select()
        .from(proposals)
        .where(
          and(
            eq(proposals.roundId, round.id),
            input.status === undefined ? undefined : eq(proposals.status, input.status),
            after.key === undefined ? undefined : gt(proposals.applicantId, after.key),
          ),
        )
        .orderBy(asc(proposals.applicantId))
        .limit(limit + 1)
        .all()
      const page = pageOf(rows, limit, (row) => row.applicantId)
      auditShown(
        tx,
        ctx,
        'proposal.list',
        page.items.map((row) => row.applicantId),
      )
      return ok(page)
    },
  )
}

/**
 * One proposal of a round with its explanation (admin, allocator: the pages' review of a single
 * proposal); audited as `proposal.read` naming its household. NOT_FOUND when the round or the
 * proposal does not exist, or the proposal is of another round.
 */
export function getProposal({
  ctx,
  input,
}: ServiceCall<{ roundId: string; proposalId: string }>): ServiceResult<ProposalRow> {
  return writeTransaction(ctx.db, (tx): ServiceResult<ProposalRow> => {
    const row = tx
      .select()
      .from(proposals)
      .where(and(eq(proposals.id, input.proposalId), eq(proposals.roundId, input.roundId)))
      .get()
    if (row === undefined) return notFound('proposal')
    appendAudit(tx, {
      principal: ctx.principal,
      action: 'proposal.read',
      objectType: 'applicant',
      objectId: row.applicantId,
      requestId: ctx.requestId,
    })
    return ok(row)
  })
}
