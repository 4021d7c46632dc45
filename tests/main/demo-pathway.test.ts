/**
 * The demo shows the tenancy pathway (src/main/demo-pathway.ts): on a new database's demo, after the
 * worker solved the first round, a named demo allocator approves two social-contract proposals and
 * records the yes through the API; one household takes its contract over, the other is in its trial
 * period. Both follow from demo records, so demo removal takes every one of them out.
 */
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decisions, placementEvents, placements } from '../../db/schema.ts'
import { pathway } from '../../src/domain/follow-up/reports.ts'
import { hiddenCount } from '../../src/domain/follow-up/table.ts'
import { showTenancyPathway } from '../../src/main/demo-pathway.ts'
import { demoAllocator } from '../../src/main/obo-demo.ts'
import { removeDemo } from '../../src/services/demo-data.ts'
import { loadFollowUp } from '../../src/services/follow-up/load.ts'
import { withPathway } from '../../src/services/offers/placement-pathway.ts'
import { seedDemo } from '../../src/services/seed-demo.ts'
import { logCapture, testApp } from '../api/test-app.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'
import { drainWorker } from '../support/rounds.ts'

const today = new Date().toISOString().slice(0, 10)

describe('the demo shows the tenancy pathway', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('a contract taken over and a trial period running, each from an approval by the named demo allocator; demo removal takes them out', async () => {
    const seeded = seedDemo({
      database: t,
      demo: { enabled: true, seed: 2026, applicants: 300, vacancies: 60 },
      logger: logCapture().logger,
      asOf: today,
    })
    if (!seeded.seeded || seeded.roundId === null) throw new Error('the demo was not seeded')
    await drainWorker(t)
    const { app } = testApp(t)
    const made = await showTenancyPathway({
      database: t,
      roundId: seeded.roundId,
      today,
      request: (path, token, body) =>
        Promise.resolve(
          app.request(path, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }),
        ),
    })
    expect(made.takenOver).not.toBeNull()
    expect(made.inTrial).not.toBeNull()

    const [taken, trial] = withPathway(
      t.db,
      [
        t.db
          .select()
          .from(placements)
          .where(eq(placements.id, made.takenOver ?? ''))
          .get(),
        t.db
          .select()
          .from(placements)
          .where(eq(placements.id, made.inTrial ?? ''))
          .get(),
      ].filter((p) => p !== undefined),
    )
    expect(taken).toMatchObject({
      contractForm: 'social_contract',
      takenOverOn: today,
      tenure: 'first_hand',
      endedOn: null,
    })
    expect(trial).toMatchObject({
      contractForm: 'social_contract',
      takenOverOn: null,
      tenure: 'sublet',
      endedOn: null,
    })
    expect((trial?.trialPeriodEndsOn ?? '') > today).toBe(true)
    for (const p of [taken, trial]) {
      const decision = t.db
        .select()
        .from(decisions)
        .where(eq(decisions.id, p?.decisionId ?? ''))
        .get()
      expect(decision).toMatchObject({ kind: 'approve', decidedByPerson: demoAllocator })
      expect(p?.recordedByPerson).toBe(demoAllocator)
    }

    // The follow-up counts the take-over (a count under five is shown as such, never as none).
    const report = pathway(loadFollowUp(t.db), { from: today, to: today })
    const socialContract = report.tables[0]?.rows.find((r) => r.form === 'socialt kontrakt')
    expect(socialContract?.takenOver).toBe(hiddenCount)
    expect(loadFollowUp(t.db).placements.filter((p) => p.takenOverOn === today)).toHaveLength(1)

    // Every record the pathway made is a demo record: demo removal leaves none behind.
    const removed = removeDemo(t.db, { principal: { tokenId: 'test', role: 'admin', caseloads: [] } })
    expect(removed.ok).toBe(true)
    expect(t.db.select().from(placements).all()).toEqual([])
    expect(t.db.select().from(placementEvents).all()).toEqual([])
    expect(t.db.select().from(decisions).all()).toEqual([])
  })
})
