/**
 * The app the HTTP benchmarks measure, set up one way for both (bench/http.ts
 * over loopback, bench/http-costs.ts in one process): a fresh migrated
 * database in a temporary directory (removed at exit) with synthetic
 * households, an allocator token, the real app, and a bare Hono route beside
 * it as the yardstick. The request log is written (its cost is part of a
 * request) to /dev/null, synchronously, as the server writes it to stdout
 * (src/logging.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { pino } from 'pino'
import { type DatabaseHandle, migrateDatabase, openDatabase, writeTransaction } from '../db/client.ts'
import { insertApplicant } from '../db/repo/applicants.ts'
import { createApp } from '../src/api/app.ts'
import { loadConfig } from '../src/config.ts'
import type { Applicant } from '../src/domain/applicant.ts'
import { createLogger } from '../src/logging.ts'
import { createToken } from '../src/services/tokens.ts'
import { generateApplicants } from '../src/synthetic/index.ts'

export interface HttpBenchWorld {
  readonly handle: DatabaseHandle
  /** The app under `/`, and `GET /bare` answering "ok" with no middleware. */
  readonly root: Hono
  /** An allocator's bearer token. */
  readonly token: string
  readonly applicants: readonly Applicant[]
}

export function httpBenchWorld(options: { households: number; label: string }): HttpBenchWorld {
  const dir = mkdtempSync(join(tmpdir(), `hemvist-${options.label}-`))
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'bench.db')
  const handle = openDatabase(path)
  migrateDatabase(handle)
  const applicants = generateApplicants(options.households, { seed: 2026, asOf: '2026-11-01' })
  writeTransaction(handle.db, (tx) => {
    for (const a of applicants) {
      const r = insertApplicant(tx, a)
      if (!r.ok) throw new Error(`seed refused: ${r.error.code}`)
    }
  })
  const token = createToken(handle.db, { role: 'allocator', label: options.label, person: 'Bench Allocator' })
  if (!token.ok) throw new Error('token refused')
  const config = loadConfig({ HEMVIST_DB: path, HEMVIST_RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'info' })
  if (!config.ok) throw new Error('config refused')
  const logger = createLogger({
    level: 'info',
    destination: pino.destination({ dest: '/dev/null', sync: true }),
  })
  const root = new Hono()
  root.get('/bare', (c) => c.text('ok'))
  root.route('/', createApp({ db: handle, config: config.value, logger }))
  return { handle, root, token: token.value.token, applicants }
}
