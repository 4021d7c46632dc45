/**
 * API bearer tokens: created (shown once), looked up per request, revoked.
 *
 * A token reads `hv_<id>_<secret>`: `id` is 16 hex characters (8 random bytes)
 * and public (it names the token in `token list` and the audit log), `secret`
 * is 64 hex characters (32 random bytes). Only SHA-256(secret) is stored. A
 * lookup finds the row by id and compares hashes in constant time.
 *
 * Why a fast hash and not bcrypt/scrypt/argon2: those slow down guessing of
 * LOW-entropy secrets (passwords). A 256-bit random secret cannot be guessed
 * at any hash speed, so a slow hash would only cost every request its time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type Database from 'better-sqlite3'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Executor } from '../../db/client.ts'
import { isBusy, isStorageFailure } from '../../db/errors.ts'
import { connectionOf, prepared } from '../../db/prepared.ts'
import { apiTokens } from '../../db/schema.ts'
import { type Principal, type Role, roles } from '../domain/roles.ts'
import { entityId } from '../domain/schema-parts.ts'
import { err, type FieldIssue, fieldIssues, ok, type Result } from '../domain/validation.ts'

/** The shape of a token; anything else is refused before the database is asked. */
const tokenPattern = /^hv_([0-9a-f]{16})_([0-9a-f]{64})$/

/** How stale `last_used_at` may get before a request refreshes it (a write), in ms. */
const lastUsedResolutionMs = 60_000

export const tokenInputSchema = z
  .strictObject({
    role: z.enum(roles, { error: `must be one of ${roles.join(', ')}` }),
    caseloads: z.array(entityId).max(100, { error: 'at most 100 caseloads' }).default([]),
    label: z.string().trim().min(1).max(200, { error: 'must be at most 200 characters' }).optional(),
    /** The named person who acts with the token; required for every role but `obo` (a system). */
    person: z
      .string()
      .trim()
      .min(2, { error: 'must name the person (at least 2 characters)' })
      .max(200, { error: 'must be at most 200 characters' })
      .optional(),
    /** ISO-8601 instant after which the token no longer authenticates. */
    expiresAt: z.iso.datetime({ error: 'must be an ISO-8601 date-time' }).optional(),
  })
  .superRefine((t, ctx) => {
    // Decisions are made by named people: every token a person uses names that person.
    if (t.role !== 'obo' && t.person === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['person'],
        message: 'names the person who will use the token (required for every role but obo)',
      })
    }
    // Caseloads scope what a caseworker sees; on any other role they would suggest a limit that is not applied.
    if (t.role === 'caseworker' && t.caseloads.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['caseloads'],
        message: 'a caseworker needs at least one caseload',
      })
    }
    if (t.role !== 'caseworker' && t.caseloads.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['caseloads'], message: 'only a caseworker token has caseloads' })
    }
  })
export type TokenInput = z.input<typeof tokenInputSchema>

export interface CreatedToken {
  id: string
  /** The bearer token. Shown once: it cannot be recovered from the database. */
  token: string
}

/** A token as `token list` shows it: never the secret or its hash. */
export interface TokenInfo {
  id: string
  role: Role
  caseloads: string[]
  label: string | null
  person: string | null
  createdAt: string
  expiresAt: string | null
  revokedAt: string | null
  lastUsedAt: string | null
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * Creates a token and returns it once. Refuses (as field issues) an unknown
 * role, a caseworker without caseloads, caseloads on another role.
 *
 * @example
 * const r = createToken(db, { role: 'caseworker', caseloads: ['vaster-1'], person: 'Sara Holm', label: 'Väster team' })
 * if (r.ok) console.log(r.value.token) // hv_3f…_9a…; store it now, it is never shown again
 */
export function createToken(
  executor: Executor,
  input: TokenInput,
  now = new Date(),
): Result<CreatedToken, FieldIssue[]> {
  const parsed = tokenInputSchema.safeParse(input)
  if (!parsed.success) return err(fieldIssues(parsed.error, input))
  const t = parsed.data
  const id = randomBytes(8).toString('hex')
  const secret = randomBytes(32).toString('hex')
  executor
    .insert(apiTokens)
    .values({
      id,
      secretHash: sha256Hex(secret),
      role: t.role,
      caseloads: [...new Set(t.caseloads)].sort(),
      label: t.label ?? null,
      person: t.person ?? null,
      createdAt: now.toISOString(),
      expiresAt: t.expiresAt === undefined ? null : new Date(t.expiresAt).toISOString(),
    })
    .run()
  return ok({ id, token: `hv_${id}_${secret}` })
}

/**
 * Revokes a token: from now on it answers 401. `revoked` when this call
 * revoked it; `already-revoked` (with the first time) when it was revoked
 * before, which is kept; `not-found` when no token has that id.
 */
export function revokeToken(
  executor: Executor,
  id: string,
  now = new Date(),
): { outcome: 'revoked' } | { outcome: 'already-revoked'; revokedAt: string } | { outcome: 'not-found' } {
  const updated = executor
    .update(apiTokens)
    .set({ revokedAt: now.toISOString() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .run()
  if (updated.changes > 0) {
    // The TEMP trigger counts this write too; said here as well, so that a revocation on this
    // connection never depends on the trigger alone (a migration that rebuilt the table drops it).
    forgetTokenRows(connectionOf(executor))
    return { outcome: 'revoked' }
  }
  const row = executor
    .select({ revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.id, id))
    .get()
  if (row?.revokedAt == null) return { outcome: 'not-found' }
  return { outcome: 'already-revoked', revokedAt: row.revokedAt }
}

/** Every token, oldest first, without secrets. */
export function listTokens(executor: Executor): TokenInfo[] {
  return executor
    .select({
      id: apiTokens.id,
      role: apiTokens.role,
      caseloads: apiTokens.caseloads,
      label: apiTokens.label,
      person: apiTokens.person,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .orderBy(apiTokens.createdAt, apiTokens.id)
    .all()
}

// Compared against when the id is unknown, so that an unknown id costs the same work as a wrong secret.
const decoyHash = Buffer.alloc(32)

interface TokenRow {
  secretHash: string
  role: Role
  caseloads: string[]
  expiresAt: string | null
  revokedAt: string | null
  lastUsedAt: string | null
  person: string | null
}

/**
 * The token rows this connection has read, kept while nothing can have changed them: no other
 * connection has committed anything (`PRAGMA data_version`, which SQLite changes on this
 * connection when another one commits, the CLI's `token revoke` and the worker's included) and this
 * connection has not written to api_tokens (a TEMP trigger, which fires for this connection's
 * statements only, bumps `writes`). Either clears every row, so a revoked token is refused by the
 * first request after the revoking commit, as when the row was read every time.
 */
interface TokenRowCache {
  dataVersion: Database.Statement
  /** The data_version and `writes` the rows were read under. */
  readUnder: { version: unknown; writes: number }
  writes: number
  rows: Map<string, TokenRow>
}

const tokenRowCaches = new WeakMap<Database.Database, TokenRowCache>()
/** Rows kept at most per connection (tokens in use at once); past that the cache starts again. */
const maxCachedTokenRows = 1000

/** Clears the token rows kept for this connection: the next lookup reads its row again. */
function forgetTokenRows(sqlite: Database.Database): void {
  const cache = tokenRowCaches.get(sqlite)
  if (cache !== undefined) cache.writes += 1
}

function tokenRowCache(sqlite: Database.Database): TokenRowCache {
  let cache = tokenRowCaches.get(sqlite)
  if (cache === undefined) {
    const made: TokenRowCache = {
      dataVersion: sqlite.prepare('PRAGMA data_version').pluck(),
      readUnder: { version: undefined, writes: -1 },
      writes: 0,
      rows: new Map(),
    }
    sqlite.function('hemvist_api_tokens_written', { deterministic: false }, () => {
      made.writes += 1
      return null
    })
    sqlite.exec(
      `CREATE TEMP TRIGGER IF NOT EXISTS hemvist_api_tokens_updated AFTER UPDATE ON main.api_tokens
       BEGIN SELECT hemvist_api_tokens_written(); END`,
    )
    tokenRowCaches.set(sqlite, made)
    cache = made
  }
  return cache
}

/** The stored row of token `id` (read now, or kept from a read nothing has changed since), or undefined. */
function tokenRow(executor: Executor, id: string): TokenRow | undefined {
  const sqlite = connectionOf(executor)
  // Inside a transaction the row may be one of its own uncommitted writes, which a rollback would
  // undo behind the cache's back: read it, keep nothing.
  const cache = sqlite.inTransaction ? undefined : tokenRowCache(sqlite)
  if (cache !== undefined) {
    const version = cache.dataVersion.get()
    if (version !== cache.readUnder.version || cache.writes !== cache.readUnder.writes) {
      cache.rows.clear()
      cache.readUnder = { version, writes: cache.writes }
    }
    const kept = cache.rows.get(id)
    if (kept !== undefined) return kept
  }
  const row = prepared(executor, 'apiTokens.byId', (db) =>
    db
      .select({
        secretHash: apiTokens.secretHash,
        role: apiTokens.role,
        caseloads: apiTokens.caseloads,
        expiresAt: apiTokens.expiresAt,
        revokedAt: apiTokens.revokedAt,
        lastUsedAt: apiTokens.lastUsedAt,
        person: apiTokens.person,
      })
      .from(apiTokens)
      .where(eq(apiTokens.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id })
  // Only rows that exist are kept: unknown ids (a caller guessing) never fill the cache.
  if (cache !== undefined && row !== undefined) {
    if (cache.rows.size >= maxCachedTokenRows) cache.rows.clear()
    cache.rows.set(id, row)
  }
  return row
}

/**
 * The principal a bearer token stands for, or null when the token is
 * malformed, unknown, wrong, revoked or expired. The caller cannot tell these
 * apart (and must not tell its client). Refreshes `last_used_at` at most once
 * a minute. The token's row is read again whenever anything may have changed
 * it since it was last read (`tokenRow`); expiry is checked against `now` on every call.
 *
 * @example
 * const principal = findPrincipal(db, 'hv_3f…_9a…') // { tokenId: '3f…', role: 'caseworker', caseloads: ['vaster-1'] } | null
 */
export function findPrincipal(executor: Executor, token: string, now = new Date()): Principal | null {
  const match = tokenPattern.exec(token)
  if (match === null) return null
  const [, id = '', secret = ''] = match
  const row = tokenRow(executor, id)
  const presented = createHash('sha256').update(secret, 'utf8').digest()
  const stored = row === undefined ? decoyHash : Buffer.from(row.secretHash, 'hex')
  const same = stored.length === presented.length && timingSafeEqual(stored, presented)
  if (row === undefined || !same) return null
  const at = now.toISOString()
  if (row.revokedAt !== null) return null
  if (row.expiresAt !== null && row.expiresAt <= at) return null
  if (row.lastUsedAt === null || Date.parse(row.lastUsedAt) + lastUsedResolutionMs <= now.getTime()) {
    try {
      executor.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)).run()
      forgetTokenRows(connectionOf(executor))
    } catch (error) {
      // Bookkeeping only, and the read wins: a busy database, a full disk or an unwritable file must
      // not turn a valid token into an error. The request itself then fails or succeeds on its own
      // merits (a write answers 503; a read of a person's record needs its audit row, so it does too).
      if (!isBusy(error) && !isStorageFailure(error)) throw error
    }
  }
  return {
    tokenId: id,
    role: row.role,
    caseloads: Object.freeze([...row.caseloads]),
    ...(row.person === null ? {} : { person: row.person }),
  }
}
