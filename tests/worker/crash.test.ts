import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getJob } from '../../db/repo/jobs.ts'
import { createWorker, enqueue } from '../../src/worker/index.ts'
import { logCapture } from '../api/test-app.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

const root = join(import.meta.dirname, '..', '..')

describe('a worker process killed mid-job (kill -9)', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('leaves a lease that expires; the job runs again with attempt + 1 and the database is intact', async () => {
    const id = enqueue(t.db, { task: 'hang' })
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/worker/fixtures/hanging-worker.ts', t.path],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    )
    try {
      await new Promise<void>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (d) => {
          out += String(d)
          if (out.includes(`running job ${id} attempt 1`)) resolve()
        })
        child.once('exit', () => reject(new Error('the worker process exited before running the job')))
      })
    } finally {
      child.kill('SIGKILL')
    }
    expect(await exited).toBe('SIGKILL')
    expect(getJob(t.db, id)).toMatchObject({ status: 'running', lockedBy: 'doomed', attempts: 1 })

    // Time passes beyond the dead worker's lease (60 s): a new worker sweeps it (a failed attempt),
    // and after the first backoff (1 s) runs it again.
    let clock = Date.now() + 61_000
    const ran: number[] = []
    const survivor = createWorker({
      db: t.db,
      logger: logCapture().logger,
      pollMs: 10,
      now: () => clock,
      tasks: { hang: (_p, ctx) => void ran.push(ctx.job.attempt) },
    })
    try {
      expect(await survivor.runOnce()).toBe('idle')
      expect(getJob(t.db, id)).toMatchObject({ status: 'queued', lockedBy: null, attempts: 1 })
      clock += 1_000
      expect(await survivor.runOnce()).toBe('succeeded')
    } finally {
      await survivor.stop()
    }
    expect(ran).toEqual([2])
    const row = getJob(t.db, id)
    expect(row).toMatchObject({ status: 'succeeded', attempts: 2 })
    expect(row?.lastError).toMatch(/lease expired: worker doomed/)
    expect(t.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
  })
})
