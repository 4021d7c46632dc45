import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  activatePolicy,
  countPolicies,
  getActivePolicy,
  getPolicy,
  insertPolicy,
  markPolicyUsed,
} from '../../../db/repo/policies.ts'
import { defaultPolicy } from '../../../src/domain/policy.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'

describe('policies repository', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('stores a version and activates it; none is active before', () => {
    expect(getActivePolicy(t.db)).toBeUndefined()
    expect(insertPolicy(t.db, defaultPolicy, { activate: true }).ok).toBe(true)
    expect(getActivePolicy(t.db)).toEqual(defaultPolicy)
  })

  it('activating another version leaves exactly one active', () => {
    insertPolicy(t.db, defaultPolicy, { activate: true })
    insertPolicy(t.db, { ...defaultPolicy, version: 2, name: 'v2' })
    expect(getActivePolicy(t.db)?.version).toBe(1)
    expect(activatePolicy(t.db, defaultPolicy.id, 2).ok).toBe(true)
    expect(getActivePolicy(t.db)?.version).toBe(2)
    expect(t.sqlite.prepare('SELECT count(*) FROM policies WHERE active = 1').pluck().get()).toBe(1)
    const missing = activatePolicy(t.db, defaultPolicy.id, 9)
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND')
    expect(getActivePolicy(t.db)?.version).toBe(2)
  })

  it('never overwrites a version: storing it again is a CONFLICT', () => {
    insertPolicy(t.db, defaultPolicy)
    const again = insertPolicy(t.db, { ...defaultPolicy, name: 'changed' })
    expect(!again.ok && again.error.code).toBe('CONFLICT')
    expect(getPolicy(t.db, defaultPolicy.id, 1)?.name).toBe(defaultPolicy.name)
    expect(countPolicies(t.db)).toBe(1)
  })

  it('refuses an invalid policy with field paths', () => {
    const bad = { ...defaultPolicy, version: 0 }
    const r = insertPolicy(t.db, bad)
    expect(!r.ok && r.error.code === 'INVALID' && r.error.issues.map((i) => i.path)).toEqual(['version'])
  })

  it('marking a version used is idempotent and keeps the first time', () => {
    insertPolicy(t.db, defaultPolicy)
    expect(markPolicyUsed(t.db, defaultPolicy.id, 1, new Date('2026-01-01T00:00:00Z'))).toBe(true)
    expect(markPolicyUsed(t.db, defaultPolicy.id, 1, new Date('2026-02-01T00:00:00Z'))).toBe(true)
    expect(t.sqlite.prepare('SELECT used_at FROM policies').pluck().get()).toBe('2026-01-01T00:00:00.000Z')
    expect(markPolicyUsed(t.db, 'nope', 1)).toBe(false)
  })
})
