import { and, asc, eq, max } from 'drizzle-orm'
import type { Executor } from '../../../db/client.ts'
import { validateOut } from '../../../db/repo/shared.ts'
import { policies } from '../../../db/schema.ts'
import { type Policy, policySchema } from '../../domain/policy.ts'
import { renderPolicyDocument } from '../../domain/policy-document.ts'
import { ok } from '../../domain/validation.ts'
import { notFound, type ServiceCall, type ServiceResult } from '../context.ts'
import type { PolicyKey } from './schemas.ts'

/** A stored policy version with its state. */
export interface PolicyRecord {
  policy: Policy
  active: boolean
  /** When a round first used it (from then on it is immutable), or null. */
  usedAt: string | null
}

export interface PolicySummary {
  id: string
  version: number
  name: string
  active: boolean
  usedAt: string | null
}

/** `orebro-default@2`: how a version is named in the audit log and in errors. */
export const keyText = (p: { id: string; version: number }) => `${p.id}@${p.version}`

/** Reads one version (id, version), or the active one when `key` is 'active'. */
export function readPolicyRecord(executor: Executor, key: PolicyKey | 'active'): PolicyRecord | undefined {
  const row = executor
    .select({
      id: policies.id,
      version: policies.version,
      body: policies.body,
      active: policies.active,
      usedAt: policies.usedAt,
    })
    .from(policies)
    .where(
      key === 'active'
        ? eq(policies.active, true)
        : and(eq(policies.id, key.id), eq(policies.version, key.version)),
    )
    .get()
  if (row === undefined) return undefined
  return {
    policy: validateOut(policySchema, row.body, 'policies', keyText(row)),
    active: row.active,
    usedAt: row.usedAt,
  }
}

/** The highest stored version of a policy id, or 0. */
export function latestVersion(executor: Executor, id: string): number {
  return (
    executor
      .select({ v: max(policies.version) })
      .from(policies)
      .where(eq(policies.id, id))
      .get()?.v ?? 0
  )
}

/**
 * One policy version. Policies are published rules, not personal data: reads are not audited.
 *
 * @example
 * getPolicy({ ctx, input: { id: 'orebro-default', version: 1 } })
 */
export function getPolicy({ ctx, input }: ServiceCall<PolicyKey>): ServiceResult<PolicyRecord> {
  const record = readPolicyRecord(ctx.db, input)
  return record === undefined ? notFound('policy version') : ok(record)
}

/** The active policy: the one the next round will use. */
export function getActivePolicy({ ctx }: ServiceCall<Record<string, never>>): ServiceResult<PolicyRecord> {
  const record = readPolicyRecord(ctx.db, 'active')
  return record === undefined
    ? { ok: false, error: { code: 'NOT_FOUND', detail: 'No policy version is active.' } }
    : ok(record)
}

/** Every stored version, by id then version. */
export function listPolicies({ ctx }: ServiceCall<Record<string, never>>): ServiceResult<PolicySummary[]> {
  return ok(
    ctx.db
      .select({
        id: policies.id,
        version: policies.version,
        name: policies.name,
        active: policies.active,
        usedAt: policies.usedAt,
      })
      .from(policies)
      .orderBy(asc(policies.id), asc(policies.version))
      .all(),
  )
}

/**
 * The version as the plain-language document published to residents and staff (Markdown).
 *
 * @example
 * policyDocument({ ctx, input: { id: 'orebro-default', version: 1, lang: 'en' } }).value // '# Örebro default …'
 */
export function policyDocument({
  ctx,
  input,
}: ServiceCall<PolicyKey & { lang: 'sv' | 'en' }>): ServiceResult<string> {
  const found = getPolicy({ ctx, input })
  return found.ok ? ok(renderPolicyDocument(found.value.policy, input.lang)) : found
}
