import { eq } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../../db/client.ts'
import { isUniqueViolation } from '../../../db/errors.ts'
import { enqueueJob } from '../../../db/repo/jobs.ts'
import { getActivePolicy, getPolicy, markPolicyUsed } from '../../../db/repo/policies.ts'
import { rounds } from '../../../db/schema.ts'
import { sha256Hex } from '../../domain/match/stored-round.ts'
import type { Principal } from '../../domain/roles.ts'
import { err, ok } from '../../domain/validation.ts'
import { appendAudit } from '../audit.ts'
import { invalid, newId, nowOf, type ServiceCall, type ServiceResult } from '../context.ts'
import { jobQueued } from '../job-signal.ts'
import { isoDay, type RoundRow, roundRow } from './store.ts'

/** The worker task that solves a round (src/worker/tasks). */
export const solveRoundTask = 'round.solve'

export interface CreateRoundInput {
  /** The client's key: the same key and body answer the same round (rule R0). */
  idempotencyKey: string
  body: { asOf?: string | undefined; policy?: { id: string; version: number } | undefined }
}

/**
 * Creates a round (rule R0 in docs/rounds.md): `queued`, for `asOf` (default
 * today) under the given policy version (default the active one), with a job
 * for the worker, in one transaction. The policy version is marked used, so it
 * is frozen from then on. The same Idempotency-Key with the same body answers
 * the round it made (`created: false`); with another body it is refused.
 * Audited as `round.create`.
 *
 * @example
 * const r = createRound({ ctx, input: { idempotencyKey: 'k-1', body: { asOf: '2026-12-07' } } })
 * if (r.ok) r.value.round.status // 'queued'
 */
export function createRound({
  ctx,
  input,
}: ServiceCall<CreateRoundInput>): ServiceResult<{ round: RoundRow; created: boolean }> {
  const requestHash = sha256Hex(
    JSON.stringify({ asOf: input.body.asOf ?? null, policy: input.body.policy ?? null }),
  )
  const attempt = (): ServiceResult<{ round: RoundRow; created: boolean }> =>
    writeTransaction(ctx.db, (tx): ServiceResult<{ round: RoundRow; created: boolean }> => {
      const existing = tx.select().from(rounds).where(eq(rounds.idempotencyKey, input.idempotencyKey)).get()
      if (existing !== undefined) {
        if (existing.requestHash !== requestHash) {
          return invalid(
            [{ path: 'Idempotency-Key', message: 'was used before with another body' }],
            'This Idempotency-Key was used for another request; use a new key for a new round.',
          )
        }
        return ok({ round: existing, created: false })
      }
      const policy =
        input.body.policy === undefined
          ? getActivePolicy(tx)
          : getPolicy(tx, input.body.policy.id, input.body.policy.version)
      // Which policies are stored is state, not the request's form: a 409, as for no active policy.
      if (policy === undefined) {
        return input.body.policy === undefined
          ? err({ code: 'CONFLICT', detail: 'No policy is active; activate one or name a policy version.' })
          : err({ code: 'CONFLICT', detail: 'The request names a policy version that is not stored.' })
      }
      const now = nowOf(ctx)
      const round = insertRound(tx, {
        kind: 'round',
        asOf: input.body.asOf ?? isoDay(now),
        policy,
        principal: ctx.principal,
        now,
        idempotencyKey: input.idempotencyKey,
        requestHash,
      })
      appendAudit(tx, {
        principal: ctx.principal,
        action: 'round.create',
        objectType: 'round',
        objectId: round.id,
        requestId: ctx.requestId,
      })
      return ok({ round, created: true })
    })
  try {
    return attempt()
  } catch (error) {
    // Another connection inserted the same key between our read and our insert: answer its round.
    if (isUniqueViolation(error)) return attempt()
    throw error
  }
}

/**
 * Inserts a queued round and its solve job, and freezes the policy version.
 * Used by `createRound` and by the follow-up round a decline or an unanswered
 * offer starts (`kind: 'rematch'`). Call inside a write transaction.
 */
export function insertRound(
  tx: Executor,
  input: {
    kind: 'round' | 'rematch'
    asOf: string
    policy: { id: string; version: number }
    principal: Principal
    now: Date
    idempotencyKey?: string
    requestHash?: string
    parentRoundId?: string
    vacancyId?: string
  },
): RoundRow {
  const id = newId(input.now)
  const at = input.now.toISOString()
  markPolicyUsed(tx, input.policy.id, input.policy.version, input.now)
  const jobId = enqueueJob(tx, { task: solveRoundTask, payload: { roundId: id } }, input.now.getTime())
  jobQueued()
  tx.insert(rounds)
    .values({
      id,
      kind: input.kind,
      status: 'queued',
      asOf: input.asOf,
      policyId: input.policy.id,
      policyVersion: input.policy.version,
      parentRoundId: input.parentRoundId ?? null,
      vacancyId: input.vacancyId ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      requestHash: input.requestHash ?? null,
      createdByToken: input.principal.tokenId,
      createdByPerson: input.principal.person ?? null,
      jobId,
      createdAt: at,
      updatedAt: at,
    })
    .run()
  return roundRow(tx, id) as RoundRow
}
