import { type Executor, writeTransaction } from '../../../db/client.ts'
import { activatePolicy as activateVersion, insertPolicy } from '../../../db/repo/policies.ts'
import { ok } from '../../domain/validation.ts'
import { appendAudit } from '../audit.ts'
import { invalid, notFound, type ServiceCall, type ServiceContext, type ServiceResult } from '../context.ts'
import { keyText, latestVersion, type PolicyRecord, readPolicyRecord } from './read-policies.ts'
import type { PolicyCreate, PolicyKey } from './schemas.ts'

function auditPolicy(tx: Executor, ctx: ServiceContext, verb: string, key: PolicyKey): void {
  appendAudit(tx, {
    principal: ctx.principal,
    action: `policy.${verb}`,
    objectType: 'policy',
    objectId: keyText(key),
    requestId: ctx.requestId,
  })
}

/**
 * Stores a new version of a policy, numbered one above the highest stored
 * version of its id. It is not active until activated: publishing a rule
 * change is a separate, deliberate step. Audited as `policy.create`.
 *
 * @example
 * createPolicyVersion({ ctx, input: { ...defaultPolicy-without-version, name: 'Örebro 2027' } }) // version 2
 */
export function createPolicyVersion({ ctx, input }: ServiceCall<PolicyCreate>): ServiceResult<PolicyRecord> {
  return writeTransaction(ctx.db, (tx): ServiceResult<PolicyRecord> => {
    const version = latestVersion(tx, input.id) + 1
    const inserted = insertPolicy(tx, { ...input, version })
    if (!inserted.ok) {
      if (inserted.error.code === 'INVALID') return invalid(inserted.error.issues)
      // Under the write lock the next number cannot be taken by anyone else.
      throw new Error(`createPolicyVersion: unexpected ${inserted.error.code}`)
    }
    auditPolicy(tx, ctx, 'create', { id: input.id, version })
    return ok({ policy: inserted.value, active: false, usedAt: null })
  })
}

/**
 * Makes one version the active policy (the one the next round uses), in one
 * transaction with clearing the previous one. Audited as `policy.activate`.
 *
 * @example
 * activatePolicy({ ctx, input: { id: 'orebro-default', version: 2 } })
 */
export function activatePolicy({ ctx, input }: ServiceCall<PolicyKey>): ServiceResult<PolicyRecord> {
  return writeTransaction(ctx.db, (tx): ServiceResult<PolicyRecord> => {
    const activated = activateVersion(tx, input.id, input.version)
    if (!activated.ok) return notFound('policy version')
    auditPolicy(tx, ctx, 'activate', input)
    const record = readPolicyRecord(tx, input)
    if (record === undefined) throw new Error('activatePolicy: the version vanished under the write lock')
    return ok(record)
  })
}
