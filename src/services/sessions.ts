/**
 * Sessions of the staff pages. A person signs in once with their API token; the page then carries
 * a session cookie `hs_<id>_<secret>` and the token is never stored in the browser.
 *
 * - Stored in `staff_sessions` (not in memory): a restart keeps people signed in, and sign-out or a
 *   revoked token ends the session for every process on the database.
 * - Only SHA-256 of the secret is kept; lookups compare in constant time (as for API tokens).
 * - The session acts as the token it was opened with: the token's role, caseloads and person are
 *   read again on every request, so revoking or expiring the token ends the session at once.
 * - A cookie value is not an API token (other prefix, other table) and an API token is not a
 *   cookie value: neither can stand in for the other.
 * - Every form carries the session's CSRF token; `csrfMatches` compares in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { and, eq, isNotNull, isNull, lt, or } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../db/client.ts'
import { apiTokens, staffSessions } from '../../db/schema.ts'
import type { Principal, Role } from '../domain/roles.ts'
import { appendAudit } from './audit.ts'
import { findPrincipal } from './tokens.ts'

/** How long a session lasts from sign-in: one working day. */
export const sessionHours = 10

/** Roles that may sign in to the pages: `obo` is a system integration, not a person. */
export const pageRoles: readonly Role[] = ['admin', 'allocator', 'caseworker', 'analyst']

const cookiePattern = /^hs_([0-9a-f]{16})_([0-9a-f]{64})$/

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest()

export interface OpenedSession {
  /** The cookie value: shown to the browser once, only its hash is stored. */
  cookie: string
  expiresAt: string
  principal: Principal
}

export interface Session {
  id: string
  csrfToken: string
  expiresAt: string
  principal: Principal
}

/**
 * Exchanges an API token for a session. `invalid` for a token that does not authenticate (the
 * same answer whatever the reason, as for the API), `role` for a token whose role has no pages.
 * Audited as `session.open`.
 *
 * @example
 * const r = openSession(db, { token: 'hv_…', requestId })
 * if (r.ok) setCookie(c, sessionCookie, r.value.cookie)
 */
export function openSession(
  executor: Executor,
  input: { token: string; requestId: string },
  now = new Date(),
): { ok: true; value: OpenedSession } | { ok: false; reason: 'invalid' | 'role' } {
  return writeTransaction(executor, (tx) => {
    const principal = findPrincipal(tx, input.token.trim(), now)
    if (principal === null) return { ok: false as const, reason: 'invalid' as const }
    if (!pageRoles.includes(principal.role)) return { ok: false as const, reason: 'role' as const }
    const id = randomBytes(8).toString('hex')
    const secret = randomBytes(32).toString('hex')
    const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000).toISOString()
    tx.insert(staffSessions)
      .values({
        id,
        secretHash: sha256(secret).toString('hex'),
        tokenId: principal.tokenId,
        csrfToken: randomBytes(32).toString('base64url'),
        createdAt: now.toISOString(),
        expiresAt,
      })
      .run()
    appendAudit(
      tx,
      { principal, action: 'session.open', objectType: 'session', objectId: id, requestId: input.requestId },
      now,
    )
    return { ok: true as const, value: { cookie: `hs_${id}_${secret}`, expiresAt, principal } }
  })
}

// Compared against when the id is unknown, so an unknown id costs the same work as a wrong secret.
const decoy = Buffer.alloc(32)

/**
 * The session a cookie value stands for, or null when it is malformed, unknown, wrong, ended,
 * expired, or its token is revoked or expired.
 */
export function findSession(
  executor: Executor,
  cookie: string | undefined,
  now = new Date(),
): Session | null {
  const match = cookiePattern.exec(cookie ?? '')
  if (match === null) return null
  const [, id = '', secret = ''] = match
  const row = executor.select().from(staffSessions).where(eq(staffSessions.id, id)).get()
  const stored = row === undefined ? decoy : Buffer.from(row.secretHash, 'hex')
  const presented = sha256(secret)
  const same = stored.length === presented.length && timingSafeEqual(stored, presented)
  if (row === undefined || !same || row.endedAt !== null) return null
  const at = now.toISOString()
  if (row.expiresAt <= at) return null
  const token = executor
    .select({
      role: apiTokens.role,
      caseloads: apiTokens.caseloads,
      person: apiTokens.person,
      revokedAt: apiTokens.revokedAt,
      expiresAt: apiTokens.expiresAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.id, row.tokenId))
    .get()
  if (token === undefined || token.revokedAt !== null) return null
  if (token.expiresAt !== null && token.expiresAt <= at) return null
  return {
    id: row.id,
    csrfToken: row.csrfToken,
    expiresAt: row.expiresAt,
    principal: {
      tokenId: row.tokenId,
      role: token.role,
      caseloads: Object.freeze([...token.caseloads]),
      ...(token.person === null ? {} : { person: token.person }),
    },
  }
}

/** Ends a session server-side (sign-out): its cookie is refused from now on. Audited as `session.end`. */
export function endSession(executor: Executor, session: Session, requestId: string, now = new Date()): void {
  writeTransaction(executor, (tx) => {
    tx.update(staffSessions)
      .set({ endedAt: now.toISOString() })
      .where(and(eq(staffSessions.id, session.id), isNull(staffSessions.endedAt)))
      .run()
    appendAudit(
      tx,
      {
        principal: session.principal,
        action: 'session.end',
        objectType: 'session',
        objectId: session.id,
        requestId,
      },
      now,
    )
  })
}

/** Does a form's CSRF field equal the expected token? Constant time; a missing field never matches. */
export function csrfMatches(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented === '') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(presented)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** How long a finished session's row is kept (its opening and end stay in the audit log). */
export const finishedSessionDays = 7

/**
 * Deletes sessions that ended or expired more than `finishedSessionDays` ago: a finished session
 * can never be used again, and its opening and end are in the audit log (`session.open`,
 * `session.end`). The worker calls it with its other periodic duties. Returns how many it deleted.
 */
export function cullFinishedSessions(executor: Executor, now = new Date()): number {
  const before = new Date(now.getTime() - finishedSessionDays * 86_400_000).toISOString()
  return writeTransaction(executor, (tx) =>
    tx
      .delete(staffSessions)
      .where(
        or(
          lt(staffSessions.expiresAt, before),
          and(isNotNull(staffSessions.endedAt), lt(staffSessions.endedAt, before)),
        ),
      )
      .run(),
  ).changes
}
