/**
 * The worker's retention duty: with `HEMVIST_RETENTION_SCHEDULE` on (the `retention` option) it
 * runs retention as one of its periodic duties, once a day, logging counts and the run's id only;
 * without it, it never culls anything.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '../../db/client.ts'
import { defaultRetentionSettings } from '../../src/domain/retention.ts'
import { startWorkerService } from '../../src/worker/service.ts'
import { logCapture } from '../api/test-app.ts'
import { canaries, retentionNow, seedRetentionFixture } from '../services/retention/fixture.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

describe('the worker runs retention when the configuration says so', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
    seedRetentionFixture(t)
    t.sqlite.close()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(retentionNow)
  })
  afterEach(() => {
    vi.useRealTimers()
    t.close()
  })

  const culled = () => {
    const h = openDatabase(`${t.dir}/hemvist.db`)
    try {
      return h.sqlite.prepare('SELECT applicant_id FROM culled_households ORDER BY 1').pluck().all()
    } finally {
      h.sqlite.close()
    }
  }

  it('on: culls at start-up and logs counts and the run’s id only', async () => {
    const { logger, lines: raw } = logCapture()
    const lines = () => raw().map((l) => JSON.parse(l) as { msg: string })
    const service = startWorkerService({
      dbPath: `${t.dir}/hemvist.db`,
      logger,
      pollMs: 1000,
      expiryEveryMs: 20,
      retention: defaultRetentionSettings,
    })
    await new Promise((r) => setTimeout(r, 150))
    await service.stop()
    expect(culled()).toEqual(['H-GONE', 'H-PROT', 'H-WD'])
    const runs = lines().filter((l) => l.msg === 'retention run')
    expect(runs).toEqual([
      // The finished session went already, by the worker's own session duty just before.
      expect.objectContaining({
        culledHouseholds: 3,
        culledRounds: 2,
        culledAuditEntries: 5,
        deletedSessions: 0,
      }),
    ])
    const logged = raw().join('\n')
    for (const word of [...canaries, 'H-GONE', 'H-PROT', 'H-WD']) expect(logged).not.toContain(word)
  })

  it('off (the default): nothing is culled', async () => {
    const service = startWorkerService({
      dbPath: `${t.dir}/hemvist.db`,
      logger: logCapture().logger,
      pollMs: 1000,
    })
    await service.stop()
    expect(culled()).toEqual([])
  })
})
