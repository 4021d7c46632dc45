/**
 * Policy versions in the database. A version is written once; a version a
 * round has used is immutable (database triggers refuse changes); at most one
 * version is active.
 */
import { and, count, eq } from 'drizzle-orm'
import { type Policy, policySchema } from '../../src/domain/policy.ts'
import { err, ok, type Result } from '../../src/domain/validation.ts'
import { type Executor, writeTransaction } from '../client.ts'
import { isUniqueViolation } from '../errors.ts'
import { policies } from '../schema.ts'
import { isoTimestamp, type RepoError, validateIn, validateOut } from './shared.ts'

const key = (p: { id: string; version: number }) => `${p.id}@${p.version}`

/**
 * Stores a new policy version; `activate` makes it the only active one in the
 * same transaction. Storing an existing (id, version) is a CONFLICT: versions
 * are never overwritten, a change is a new version.
 */
export function insertPolicy(
  executor: Executor,
  input: Policy,
  options: { activate?: boolean } = {},
): Result<Policy, RepoError> {
  const valid = validateIn(policySchema, input)
  if (!valid.ok) return valid
  const p = valid.value
  try {
    writeTransaction(executor, (tx) => {
      tx.insert(policies).values({ id: p.id, version: p.version, name: p.name, body: p }).run()
      if (options.activate) activate(tx, p.id, p.version)
    })
  } catch (error) {
    if (isUniqueViolation(error)) return err({ code: 'CONFLICT', detail: `policy ${key(p)} already exists` })
    throw error
  }
  return ok(p)
}

function activate(tx: Executor, id: string, version: number): void {
  // Clear first: the partial unique index allows one active row at any moment, even inside a transaction.
  tx.update(policies).set({ active: false, updatedAt: isoTimestamp() }).where(eq(policies.active, true)).run()
  tx.update(policies)
    .set({ active: true, updatedAt: isoTimestamp() })
    .where(and(eq(policies.id, id), eq(policies.version, version)))
    .run()
}

/** Makes (id, version) the one active policy. */
export function activatePolicy(executor: Executor, id: string, version: number): Result<true, RepoError> {
  return writeTransaction(executor, (tx): Result<true, RepoError> => {
    if (getPolicy(tx, id, version) === undefined) {
      return err({ code: 'NOT_FOUND', detail: `policy ${key({ id, version })} does not exist` })
    }
    activate(tx, id, version)
    return ok(true)
  })
}

/** The active policy, or undefined when none is active. */
export function getActivePolicy(executor: Executor): Policy | undefined {
  const row = executor
    .select({ id: policies.id, version: policies.version, body: policies.body })
    .from(policies)
    .where(eq(policies.active, true))
    .get()
  return row === undefined ? undefined : validateOut(policySchema, row.body, 'policies', key(row))
}

/** One policy version, or undefined. */
export function getPolicy(executor: Executor, id: string, version: number): Policy | undefined {
  const row = executor
    .select({ body: policies.body })
    .from(policies)
    .where(and(eq(policies.id, id), eq(policies.version, version)))
    .get()
  return row === undefined ? undefined : validateOut(policySchema, row.body, 'policies', key({ id, version }))
}

/**
 * Records that a round used this version, freezing it. Idempotent: the first
 * use's time is kept. Call it in the transaction that stores the round.
 */
export function markPolicyUsed(executor: Executor, id: string, version: number, at = new Date()): boolean {
  const current = executor
    .select({ usedAt: policies.usedAt })
    .from(policies)
    .where(and(eq(policies.id, id), eq(policies.version, version)))
    .get()
  if (current === undefined) return false
  if (current.usedAt === null) {
    executor
      .update(policies)
      .set({ usedAt: isoTimestamp(at), updatedAt: isoTimestamp(at) })
      .where(and(eq(policies.id, id), eq(policies.version, version)))
      .run()
  }
  return true
}

/** Number of stored policy versions. */
export function countPolicies(executor: Executor): number {
  return executor.select({ n: count() }).from(policies).get()?.n ?? 0
}
