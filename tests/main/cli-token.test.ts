import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/client.ts'
import { findPrincipal } from '../../src/services/tokens.ts'

/**
 * The operator's commands in a real process (`bin/hemvist.js`, what `npx
 * hemvist` runs) against a temporary HEMVIST_DB: what an operator types is
 * what is tested.
 */
let dir: string
let dbPath: string

function hemvist(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/hemvist.js', ...args], {
    env: { ...process.env, HEMVIST_DB: dbPath, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

function principalOf(token: string) {
  const handle = openDatabase(dbPath)
  try {
    return findPrincipal(handle.db, token)
  } finally {
    handle.sqlite.close()
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hemvist-cli-token-'))
  dbPath = join(dir, 'hemvist.db')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('hemvist token / audit (real process)', () => {
  let id = ''
  let token = ''

  it('a bad role is refused with a readable message and exit 2, before any database is created', () => {
    const r = hemvist('token', 'create', '--role', 'boss')
    expect(r.code).toBe(2)
    expect(r.err).toContain(
      'hemvist: token create: --role: must be one of admin, allocator, caseworker, analyst, obo',
    )
    expect(r.out).toBe('')
    expect(existsSync(dbPath)).toBe(false)
    const cw = hemvist('token', 'create', '--role', 'caseworker', '--person', 'Sara Holm')
    expect(cw.code).toBe(2)
    expect(cw.err).toContain('--caseload: a caseworker needs at least one caseload')
    const nobody = hemvist('token', 'create', '--role', 'allocator')
    expect(nobody.code).toBe(2)
    expect(nobody.err).toContain('--person: names the person who will use the token')
  })

  it('create prints the token once, alone on stdout, and it authenticates as its role and caseloads', () => {
    const r = hemvist(
      'token',
      'create',
      '--role',
      'caseworker',
      '--caseload',
      'vaster-1',
      '--caseload',
      'oster-2',
      '--label',
      'Väster team',
      '--person',
      'Sara Holm',
    )
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^hv_[0-9a-f]{16}_[0-9a-f]{64}\n$/)
    token = r.out.trim()
    id = token.split('_')[1] as string
    expect(r.err).toContain(`created token ${id}`)
    expect(principalOf(token)).toEqual({
      tokenId: id,
      role: 'caseworker',
      caseloads: ['oster-2', 'vaster-1'],
      person: 'Sara Holm',
    })
  })

  it('list shows the token without its secret', () => {
    const secret = token.split('_')[2] as string
    const table = hemvist('token', 'list')
    expect(table.code).toBe(0)
    expect(table.out).toMatch(
      new RegExp(`^${id}\\s+caseworker\\s+oster-2,vaster-1\\s+Sara Holm\\s+Väster team`, 'm'),
    )
    const json = hemvist('token', 'list', '--json')
    expect(JSON.parse(json.out)).toEqual([
      expect.objectContaining({ id, role: 'caseworker', revokedAt: null }),
    ])
    for (const out of [table.out, table.err, json.out]) expect(out).not.toContain(secret.slice(0, 16))
  })

  it('revoke ends the token; an unknown id exits 1', () => {
    const r = hemvist('token', 'revoke', id)
    expect(r.code).toBe(0)
    expect(r.out).toBe(`revoked token ${id}\n`)
    expect(principalOf(token)).toBeNull()
    const again = hemvist('token', 'revoke', id)
    expect(again.code).toBe(0)
    expect(again.out).toMatch(new RegExp(`^token ${id} was already revoked at \\d{4}-.*; nothing changed\n$`))
    const unknown = hemvist('token', 'revoke', 'ffffffffffffffff')
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain('no token with id "ffffffffffffffff"')
  })

  it('audit verify passes over the audited token changes, then names a row altered through a raw connection', () => {
    const ok = hemvist('audit', 'verify')
    expect(ok.code).toBe(0)
    expect(ok.out).toMatch(/^audit log intact: 2 rows, head hash [0-9a-f]{64}\n$/)

    const raw = new Database(dbPath)
    expect(raw.prepare('SELECT action, object_id FROM audit_log ORDER BY id').all()).toEqual([
      { action: 'token.create', object_id: id },
      { action: 'token.revoke', object_id: id },
    ])
    raw.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET object_id = 'someone' WHERE id = 2")
    raw.close()

    const bad = hemvist('audit', 'verify')
    expect(bad.code).toBe(1)
    expect(bad.out).toBe(
      'audit log broken at row 2: row 2 was altered: its hash does not match its fields and subjects\n',
    )
  })

  it("audit trail prints a person's rows newest first, its own audit.read row included", () => {
    const first = hemvist('audit', 'trail', '--applicant', 'a-1')
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/^3\t\S+\tcli\tadmin\taudit\.read\t[0-9a-f-]{36}\n$/)
    const second = hemvist('audit', 'trail', '--applicant', 'a-1', '--limit', '1')
    expect(second.out).toMatch(/^4\t\S+\tcli\tadmin\taudit\.read\t[0-9a-f-]{36}\n$/)
    expect(hemvist('audit', 'trail', '--applicant', 'a-1', '--limit', '1001').code).toBe(2)
  })
})
