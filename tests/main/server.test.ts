import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrateDatabase, openDatabase } from '../../db/client.ts'
import type { HealthReport } from '../../src/services/health.ts'
import { createToken } from '../../src/services/tokens.ts'
import { makeApplicant, makeVacancy } from '../support/builders.ts'
import { seedWorld } from '../support/rounds.ts'

const root = join(import.meta.dirname, '..', '..')

interface Running {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts the real service process, as `npm start` does, with only the given environment on top of PATH. */
function start(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/server.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (d) => {
    out += String(d)
  })
  child.stderr?.on('data', (d) => {
    err += String(d)
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  return { child, stdout: () => out, stderr: () => err, exited }
}

async function waitForUrl(p: Running, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const match = /hemvist listening on (http:\/\/\S+)/.exec(p.stdout())
    if (match?.[1]) return match[1]
    if (p.child.exitCode !== null) throw new Error(`server exited early: ${p.stderr()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`server did not print its URL within ${timeoutMs} ms`)
}

describe('src/main/server.ts (the real process)', () => {
  let dir: string
  let running: Running | undefined
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hemvist-server-'))
  })
  afterEach(async () => {
    // Never leave a server behind, even when an assertion failed mid-test.
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL')
      await running.exited
    }
    running = undefined
    rmSync(dir, { recursive: true, force: true })
  })

  it('starts on a fresh database, seeds demo data, answers /health 200, and exits 0 on SIGTERM', async () => {
    const dbPath = join(dir, 'data', 'hemvist.db')
    running = start({
      HEMVIST_DB: dbPath,
      PORT: '0',
      HEMVIST_DEMO_APPLICANTS: '60',
      HEMVIST_DEMO_VACANCIES: '12',
      HEMVIST_WORKER_POLL_MS: '50',
    })
    const url = await waitForUrl(running)
    // "degraded" (writable: false) is the answer while the worker holds the write lock a moment (the
    // demo round's solve, the demo's ÖBO loop; a loaded machine stretches it): wait it out.
    let health: HealthReport | undefined
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      const res = await fetch(`${url}/health`)
      expect(res.status).toBe(200)
      health = (await res.json()) as HealthReport
      if (health.status === 'ok') break
      expect(health.database.writable).toBe(false)
      await new Promise((r) => setTimeout(r, 200))
    }
    expect(health).toMatchObject({
      status: 'ok',
      database: { reachable: true, journalMode: 'wal', writable: true },
    })
    // The counts are an admin's only: not in the public answer.
    expect(health?.database.applicants).toBeUndefined()
    // Where a person signs in, and how to get a first token.
    expect(running.stdout()).toContain(`staff pages: sign in at ${url}/logga-in`)
    expect(running.stdout()).toContain('npx hemvist token create --role allocator')
    // Loud about the demo data: on the console, in the log and in /health.
    expect(running.stdout()).toContain(
      'DEMO DATA: this database holds 60 synthetic demo households and 12 vacancies, not real people;',
    )
    expect(running.stdout()).toContain('"msg":"DEMO DATA PRESENT')
    expect(health?.demoData).toBe(true)
    expect((await fetch(`${url}/logga-in`)).status).toBe(200)

    // The rows are really in the file, read through a connection of our own.
    const check = new Database(dbPath, { readonly: true })
    try {
      expect(check.prepare('SELECT count(*) FROM applicants').pluck().get()).toBe(60)
      expect(check.prepare('SELECT count(*) FROM vacancies').pluck().get()).toBe(12)
      expect(check.prepare('SELECT id FROM policies WHERE active = 1').pluck().all()).toEqual([
        'orebro-default',
      ])
    } finally {
      check.close()
    }

    running.child.kill('SIGTERM')
    expect(await running.exited).toEqual({ code: 0, signal: null })
    expect(running.stderr()).toBe('')
    // Logs are JSON lines, and the shutdown went through the worker and the database.
    const logs = running
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string })
    expect(logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['shutting down', 'worker stopped', 'stopped']),
    )
  })

  it("a posted round is claimed at once, not at the worker's next poll (here ten minutes away)", async () => {
    const dbPath = join(dir, 'hemvist.db')
    const handle = openDatabase(dbPath)
    let token: string
    try {
      migrateDatabase(handle)
      seedWorld(handle, {
        applicants: [makeApplicant({ id: 'A1', lotteryNumber: 1 })],
        vacancies: [makeVacancy({ id: 'V1' })],
      })
      const made = createToken(handle.db, { role: 'allocator', person: 'Test Allocator', label: 'test' })
      if (!made.ok) throw new Error('token refused')
      token = made.value.token
    } finally {
      handle.sqlite.close()
    }
    running = start({
      HEMVIST_DB: dbPath,
      PORT: '0',
      HEMVIST_DEMO: 'false',
      HEMVIST_WORKER_POLL_MS: '600000',
    })
    const url = await waitForUrl(running)
    const auth = { Authorization: `Bearer ${token}` }
    // The worker's first look, at its start, found nothing: without the hint the round would wait.
    await new Promise((r) => setTimeout(r, 500))
    const posted = await fetch(`${url}/v1/rounds`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': 'hint' },
      body: JSON.stringify({ asOf: '2026-12-07' }),
    })
    expect(posted.status).toBe(202)
    const { id } = (await posted.json()) as { id: string }
    let status = 'queued'
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && status === 'queued'; ) {
      await new Promise((r) => setTimeout(r, 100))
      status = (
        (await (await fetch(`${url}/v1/rounds/${id}`, { headers: auth })).json()) as { status: string }
      ).status
    }
    expect(status).not.toBe('queued')
    running.child.kill('SIGTERM')
    expect(await running.exited).toEqual({ code: 0, signal: null })
  }, 90_000)

  it('refuses a malformed PORT: exits non-zero naming the variable, before touching the database', async () => {
    const dbPath = join(dir, 'data', 'hemvist.db')
    running = start({ HEMVIST_DB: dbPath, PORT: 'abc' })
    const { code } = await running.exited
    expect(code).not.toBe(0)
    expect(running.stderr()).toContain(
      'hemvist: invalid configuration: PORT: must be a whole number from 0 to 65535 (got "abc")',
    )
    expect(existsSync(dbPath)).toBe(false)
  })
})
