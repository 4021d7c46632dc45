/**
 * Finished staff sessions are deleted a week after they ended or expired; live ones, and ones that
 * finished more recently, stay. Their opening and end stay in the audit log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { staffSessions } from '../../db/schema.ts'
import { auditTrail, verifyAuditChain } from '../../src/services/audit.ts'
import { cullFinishedSessions, endSession, findSession, openSession } from '../../src/services/sessions.ts'
import { createToken } from '../../src/services/tokens.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

describe('culling finished staff sessions', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('deletes a session a week after it ended or expired, keeps the rest and the audit log', () => {
    const made = createToken(t.db, { role: 'allocator', label: 'x', person: 'Karin Lind' })
    if (!made.ok) throw new Error('token')
    const token = made.value.token
    const day = (n: number) => new Date(Date.UTC(2026, 11, 1 + n, 9))
    const open = (at: Date) => {
      const r = openSession(t.db, { token, requestId: 'r' }, at)
      if (!r.ok) throw new Error(r.reason)
      return r.value.cookie
    }
    const ended = open(day(0)) // signed out the same day
    const session = findSession(t.db, ended, day(0))
    if (session === null) throw new Error('session')
    endSession(t.db, session, 'r', day(0))
    open(day(0)) // expires after 10 hours, never signed out
    open(day(8)) // still live on day 8
    const ids = () => t.db.select({ id: staffSessions.id }).from(staffSessions).all().length

    expect(cullFinishedSessions(t.db, day(6))).toBe(0) // finished six days ago: kept
    expect(ids()).toBe(3)
    expect(cullFinishedSessions(t.db, day(8))).toBe(2) // a week and more: both gone
    expect(ids()).toBe(1)
    expect(cullFinishedSessions(t.db, day(8))).toBe(0)
    // What happened stays on record.
    const actions = auditTrail(t.db, { objectType: 'session', objectId: session.id }).map((r) => r.action)
    expect(actions.sort()).toEqual(['session.end', 'session.open'])
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true })
  })
})
