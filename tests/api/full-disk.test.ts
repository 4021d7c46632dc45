/**
 * Fault: the disk is full. A real small filesystem (tmpfs with a size limit, which needs root and
 * mount rights: the test skips itself where it cannot mount) is filled up while the service runs.
 * Writes and audited reads answer 503 problem+json with Retry-After, nothing is half-written,
 * /health answers 503 while writes fail and 200 again once room is made, without a restart.
 *
 * And the same fault injected (SQLITE_FULL, SQLITE_IOERR_WRITE thrown where SQLite would throw
 * them), which runs everywhere.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { applicantRoutes } from '../../src/api/routes/v1/applicants.ts'
import type { HealthReport } from '../../src/services/health.ts'
import { readProblem } from './problem-schema.ts'
import { v1World } from './v1/support.ts'

const createBody = applicantRoutes.find((r) => r.operationId === 'createApplicant')?.example?.body

/** Mounts a tmpfs of `size` at a new directory; undefined where this process may not mount. */
function mountSmallFilesystem(size: string): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined
  const dir = mkdtempSync(join(tmpdir(), 'hemvist-full-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' })
    return dir
  } catch {
    rmSync(dir, { recursive: true, force: true })
    return undefined
  }
}

/** Fills the filesystem at `dir` with one file until it has no room left; returns the file's path. */
function fill(dir: string): string {
  const path = join(dir, 'filler')
  const chunk = Buffer.alloc(64 * 1024, 1)
  writeFileSync(path, '')
  for (;;) {
    try {
      writeFileSync(path, chunk, { flag: 'a' })
    } catch {
      break
    }
  }
  // Fill the last partial chunk's room too, byte block by byte block.
  for (const size of [4096, 512, 1]) {
    for (;;) {
      try {
        writeFileSync(path, Buffer.alloc(size, 1), { flag: 'a' })
      } catch {
        break
      }
    }
  }
  return path
}

const mounted = mountSmallFilesystem('8m')

describe.skipIf(mounted === undefined)('a full disk (a real 8 MB tmpfs)', () => {
  const dir = mounted ?? ''
  afterAll(() => {
    execFileSync('umount', [dir], { stdio: 'ignore' })
    rmSync(dir, { recursive: true, force: true })
  })

  it('writes and audited reads answer 503 with Retry-After, nothing is half-written, /health is 503 until room is made', async () => {
    const world = v1World({}, { under: dir })
    try {
      const a = world.seedApplicant()
      // Every token's last-used stamp is fresh and the WAL is empty: whatever comes next must grow it.
      for (const role of ['admin', 'allocator'] as const) {
        expect((await world.call(role, 'GET', `/v1/applicants/${a.id}`)).status).toBe(200)
      }
      world.t.sqlite.pragma('wal_checkpoint(TRUNCATE)')
      const rowsBefore = world.t.sqlite.prepare('SELECT count(*) FROM applicants').pluck().get()
      const auditBefore = world.auditActions().length
      const filler = fill(dir)

      const created = await world.call('allocator', 'POST', '/v1/applicants', { body: createBody })
      const listed = await world.call('allocator', 'GET', '/v1/applicants')
      for (const res of [created, listed]) {
        expect(res.status).toBe(503)
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
        const problem = await readProblem(res)
        expect(problem.type).toBe('urn:hemvist:problem:unavailable')
        expect(JSON.stringify(problem)).not.toMatch(/SQLITE|hemvist-test|INSERT/)
      }
      const health = await world.call(null, 'GET', '/health')
      expect(health.status).toBe(503)
      expect((await readProblem(health)).detail).toMatch(/could not be stored/)

      rmSync(filler)
      // Nothing of the refused requests was stored: no household, no audit row.
      expect(world.t.sqlite.prepare('SELECT count(*) FROM applicants').pluck().get()).toBe(rowsBefore)
      expect(world.auditActions().length).toBe(auditBefore)
      expect(world.t.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')

      // Recovery without a restart: /health's own write probe sees the room and clears the state.
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      const healed = await world.call(null, 'GET', '/health')
      expect(healed.status).toBe(200)
      expect(((await healed.json()) as HealthReport).status).toBe('ok')
      expect((await world.call('allocator', 'POST', '/v1/applicants', { body: createBody })).status).toBe(201)
    } finally {
      world.close()
    }
  })
})

describe('storage errors injected where SQLite raises them', () => {
  let world: ReturnType<typeof v1World>
  afterEach(() => world.close())

  for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_WRITE']) {
    it(`${code} in a request's transaction answers 503 with Retry-After, not 500, and /health 503 while it lasts`, async () => {
      world = v1World()
      const a = world.seedApplicant()
      const sqlite = world.t.sqlite
      const prepare = sqlite.prepare.bind(sqlite)
      let failing = true
      // The audit insert fails as it would on a full disk: SQLite rolls the whole transaction back.
      sqlite.prepare = ((source: string) => {
        const statement = prepare(source)
        if (!/insert into "audit_log"/i.test(source)) return statement
        const run = statement.run.bind(statement)
        return Object.assign(statement, {
          run: (...args: unknown[]) => {
            if (!failing) return run(...args)
            if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
            throw Object.assign(new Error('database or disk is full'), { code })
          },
        })
      }) as typeof sqlite.prepare
      // And /health's write probe meets the same full disk.
      const pragma = sqlite.pragma.bind(sqlite)
      sqlite.pragma = ((source: string, options?: { simple?: boolean }) => {
        if (failing && /^user_version\s*=/.test(source)) {
          throw Object.assign(new Error('database or disk is full'), { code })
        }
        return pragma(source, options)
      }) as typeof sqlite.pragma

      const res = await world.call('allocator', 'GET', `/v1/applicants/${a.id}`)
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('30')
      expect((await readProblem(res)).type).toBe('urn:hemvist:problem:unavailable')
      expect(world.logText()).toContain('database cannot store')
      expect(world.logText()).not.toContain('unhandled error')

      const health = await world.call(null, 'GET', '/health')
      expect(health.status).toBe(503)
      failing = false
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      expect((await world.call(null, 'GET', '/health')).status).toBe(200)
      expect((await world.call('allocator', 'GET', `/v1/applicants/${a.id}`)).status).toBe(200)
    })
  }
})
