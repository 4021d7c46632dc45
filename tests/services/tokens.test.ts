import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, writeTransaction } from '../../db/client.ts'
import { createToken, findPrincipal, listTokens, revokeToken } from '../../src/services/tokens.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

describe('API tokens', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  /** Every role but obo names a person; the tests below are about other fields. */
  const create = (input: Parameters<typeof createToken>[1], now?: Date) => {
    const r = createToken(t.db, input.role === 'obo' ? input : { person: 'Test Person', ...input }, now)
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return r.value
  }

  it('a created token is hv_<16 hex id>_<64 hex secret> and authenticates as its role and caseloads', () => {
    const { id, token } = create({ role: 'caseworker', caseloads: ['vaster-2', 'vaster-1', 'vaster-1'] })
    expect(token).toMatch(new RegExp(`^hv_${id}_[0-9a-f]{64}$`))
    expect(findPrincipal(t.db, token)).toEqual({
      tokenId: id,
      role: 'caseworker',
      caseloads: ['vaster-1', 'vaster-2'],
      person: 'Test Person',
    })
  })

  it('stores only the SHA-256 of the secret: the secret is nowhere in the database', () => {
    const { token } = create({ role: 'admin', label: 'ops' })
    const secret = token.split('_')[2] as string
    const dump = JSON.stringify(t.sqlite.prepare('SELECT * FROM api_tokens').all())
    expect(dump).not.toContain(secret)
    expect(dump).toContain(createHash('sha256').update(secret).digest('hex'))
  })

  it('two tokens never share an id or secret', () => {
    const tokens = Array.from({ length: 50 }, () => create({ role: 'analyst' }).token)
    expect(new Set(tokens).size).toBe(50)
    expect(new Set(tokens.map((x) => x.split('_')[1])).size).toBe(50)
  })

  it('malformed, unknown, wrong-secret, revoked and expired tokens find no principal', () => {
    const good = create({ role: 'allocator' })
    const [, id, secret] = good.token.split('_') as [string, string, string]
    const flipped = `${secret.slice(0, -1)}${secret.endsWith('0') ? '1' : '0'}`
    for (const bad of [
      '',
      'hv_',
      `hv_${id}`,
      `hv_${id}_${secret}x`,
      `hv_${id.toUpperCase()}_${secret}`,
      `xx_${id}_${secret}`,
      `hv_${'0'.repeat(16)}_${secret}`, // unknown id, right shape
      `hv_${id}_${flipped}`, // known id, wrong secret
    ]) {
      expect(findPrincipal(t.db, bad), bad).toBeNull()
    }
    expect(findPrincipal(t.db, good.token)).not.toBeNull()

    expect(revokeToken(t.db, good.id)).toEqual({ outcome: 'revoked' })
    expect(findPrincipal(t.db, good.token)).toBeNull()

    const soon = create({ role: 'obo', expiresAt: '2030-01-01T00:00:00Z' })
    expect(findPrincipal(t.db, soon.token, new Date('2029-12-31T23:59:59Z'))).not.toBeNull()
    expect(findPrincipal(t.db, soon.token, new Date('2030-01-01T00:00:00Z'))).toBeNull()
  })

  it('a token revoked by another connection (the CLI, the worker) is refused by the very next lookup, whatever this connection has kept', () => {
    const { id, token } = create({ role: 'allocator' })
    const other = openDatabase(t.path)
    try {
      for (let i = 0; i < 3; i++) expect(findPrincipal(t.db, token)).not.toBeNull()
      expect(revokeToken(other.db, id)).toEqual({ outcome: 'revoked' })
      expect(findPrincipal(t.db, token)).toBeNull()
      // And another connection's commit that is not about tokens leaves the answer as it is.
      const kept = create({ role: 'admin' })
      expect(findPrincipal(t.db, kept.token)).not.toBeNull()
      other.sqlite.exec("INSERT INTO retention_active (run_id) VALUES ('x'); DELETE FROM retention_active")
      expect(findPrincipal(t.db, kept.token)).not.toBeNull()
    } finally {
      other.sqlite.close()
    }
  })

  it('a token revoked on this connection is refused at once, inside the revoking transaction too; a rolled-back revocation is not one', () => {
    const { id, token } = create({ role: 'allocator' })
    expect(findPrincipal(t.db, token)).not.toBeNull()
    expect(() =>
      writeTransaction(t.db, (tx) => {
        expect(revokeToken(tx, id)).toEqual({ outcome: 'revoked' })
        expect(findPrincipal(tx, token)).toBeNull()
        throw new Error('rolled back')
      }),
    ).toThrow('rolled back')
    expect(findPrincipal(t.db, token)).not.toBeNull()
    // Written by raw SQL, past revokeToken: still seen at once.
    t.sqlite.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ?').run('2026-01-01T00:00:00.000Z', id)
    expect(findPrincipal(t.db, token)).toBeNull()
  })

  it('revokeToken on this connection is seen at once even without the TEMP trigger (a migration that rebuilt the table would drop it)', () => {
    const { id, token } = create({ role: 'allocator' })
    expect(findPrincipal(t.db, token)).not.toBeNull()
    t.sqlite.exec('DROP TRIGGER temp.hemvist_api_tokens_updated')
    expect(findPrincipal(t.db, token)).not.toBeNull()
    expect(revokeToken(t.db, id)).toEqual({ outcome: 'revoked' })
    expect(findPrincipal(t.db, token)).toBeNull()
  })

  it('refuses an unknown role, a caseworker without caseloads, and caseloads on any other role', () => {
    const issues = (input: unknown) => {
      const r = createToken(t.db, input as never)
      return r.ok ? [] : r.error
    }
    expect(issues({ role: 'boss' })).toEqual([
      { path: 'role', message: 'must be one of admin, allocator, caseworker, analyst, obo' },
    ])
    expect(issues({ role: 'caseworker', person: 'Eva Ek' })).toEqual([
      { path: 'caseloads', message: 'a caseworker needs at least one caseload' },
    ])
    expect(issues({ role: 'allocator', caseloads: ['x'], person: 'Eva Ek' })).toEqual([
      { path: 'caseloads', message: 'only a caseworker token has caseloads' },
    ])
    expect(issues({ role: 'admin', person: 'Eva Ek', secretHash: 'x' })).toEqual([
      { path: 'secretHash', message: 'is not a known field' },
    ])
    expect(listTokens(t.db)).toEqual([])
  })

  it('every token a person uses names that person; only an obo (system) token may name none', () => {
    const issues = (input: unknown) => {
      const r = createToken(t.db, input as never)
      return r.ok ? [] : r.error
    }
    for (const role of ['admin', 'allocator', 'analyst'] as const) {
      expect(issues({ role })).toEqual([
        {
          path: 'person',
          message: 'names the person who will use the token (required for every role but obo)',
        },
      ])
    }
    expect(issues({ role: 'allocator', person: ' ' })).toEqual([
      { path: 'person', message: 'must name the person (at least 2 characters)' },
    ])
    expect(issues({ role: 'obo' })).toEqual([])
    const { token } = create({ role: 'allocator', person: '  Karin Lind ' })
    expect(findPrincipal(t.db, token)?.person).toBe('Karin Lind')
  })

  it('revoking is idempotent and keeps the first time; an unknown id answers false', () => {
    const { id } = create({ role: 'analyst' })
    expect(revokeToken(t.db, id, new Date('2026-03-01T10:00:00Z'))).toEqual({ outcome: 'revoked' })
    expect(revokeToken(t.db, id, new Date('2026-03-02T10:00:00Z'))).toEqual({
      outcome: 'already-revoked',
      revokedAt: '2026-03-01T10:00:00.000Z',
    })
    expect(listTokens(t.db)[0]?.revokedAt).toBe('2026-03-01T10:00:00.000Z')
    expect(revokeToken(t.db, 'ffffffffffffffff')).toEqual({ outcome: 'not-found' })
  })

  it('the read wins over its bookkeeping: a full disk or an I/O error on the last_used_at write still authenticates', () => {
    const { id, token } = create({ role: 'admin' })
    const prepare = t.sqlite.prepare.bind(t.sqlite)
    for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_BUSY']) {
      t.sqlite.prepare = ((source: string) => {
        if (/^update "api_tokens"/i.test(source)) {
          throw Object.assign(new Error('database or disk is full'), { code })
        }
        return prepare(source)
      }) as typeof t.sqlite.prepare
      expect(findPrincipal(t.db, token, new Date('2026-03-01T10:00:00Z'))).toMatchObject({
        tokenId: id,
      })
    }
    // Anything else is a defect and is not swallowed.
    t.sqlite.prepare = ((source: string) => {
      if (/^update "api_tokens"/i.test(source)) throw new TypeError('boom')
      return prepare(source)
    }) as typeof t.sqlite.prepare
    expect(() => findPrincipal(t.db, token, new Date('2026-04-01T10:00:00Z'))).toThrow('boom')
  })

  it('last_used_at is refreshed at most once a minute', () => {
    const { token } = create({ role: 'admin' })
    const lastUsed = () => listTokens(t.db)[0]?.lastUsedAt
    expect(lastUsed()).toBeNull()
    findPrincipal(t.db, token, new Date('2026-03-01T10:00:00Z'))
    expect(lastUsed()).toBe('2026-03-01T10:00:00.000Z')
    findPrincipal(t.db, token, new Date('2026-03-01T10:00:59Z'))
    expect(lastUsed()).toBe('2026-03-01T10:00:00.000Z')
    findPrincipal(t.db, token, new Date('2026-03-01T10:01:00Z'))
    expect(lastUsed()).toBe('2026-03-01T10:01:00.000Z')
  })

  it('listTokens shows every token without secret or hash', () => {
    create({ role: 'caseworker', caseloads: ['c-1'], label: 'Väster' })
    create({ role: 'obo', label: 'ÖBO feed' })
    const list = listTokens(t.db)
    expect(list.map((x) => [x.role, x.label])).toEqual(
      expect.arrayContaining([
        ['caseworker', 'Väster'],
        ['obo', 'ÖBO feed'],
      ]),
    )
    for (const x of list)
      expect(Object.keys(x).sort()).toEqual([
        'caseloads',
        'createdAt',
        'expiresAt',
        'id',
        'label',
        'lastUsedAt',
        'person',
        'revokedAt',
        'role',
      ])
  })
})
