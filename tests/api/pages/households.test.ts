/**
 * The household page (src/api/pages/households.tsx) on the tenancy pathway and after retention:
 * its placements with where each stands, and a culled household said to be culled, in Swedish.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultRetentionSettings } from '../../../src/domain/retention.ts'
import { recordPlacementEnd, takeOverPlacement } from '../../../src/services/offers/placement-pathway.ts'
import { runRetention } from '../../../src/services/retention/run-retention.ts'
import { retentionNow, seedRetentionFixture } from '../../services/retention/fixture.ts'
import { tokenFor } from '../../support/auth.ts'
import { makeApplicant, makeVacancy } from '../../support/builders.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { contextFor, placeThroughRound, seedWorld } from '../../support/rounds.ts'
import { testApp } from '../test-app.ts'
import { signedIn } from './browser-like.ts'

const day = (iso: string) => () => new Date(`${iso}T10:00:00Z`)

describe('staff pages: a household', () => {
  let t: TestDatabase
  let app: ReturnType<typeof testApp>['app']
  beforeEach(() => {
    t = freshDatabase()
    ;({ app } = testApp(t))
  })
  afterEach(() => t.close())

  it('lists its placements with where each stands: in its trial period, taken over, ended and why', async () => {
    seedWorld(t, { applicants: [makeApplicant({ id: 'A1' })], vacancies: [makeVacancy({ id: 'V1' })] })
    const p = await placeThroughRound(t, 'A1', 'r1', '2026-11-02')
    const allocator = await signedIn(app, tokenFor(t, 'allocator').token)
    const inTrial = await allocator.get('/hushall/A1')
    expect(inTrial.text).toContain('Hushållets placeringar')
    expect(inTrial.text).toContain('socialt kontrakt')
    expect(inTrial.text).toContain('Gäller, under prövotid')
    const ctx = contextFor(t, 'allocator', { person: 'Karin Lind', now: day('2026-11-30') })
    if (!takeOverPlacement({ ctx, input: { id: p.id } }).ok) throw new Error('not taken over')
    expect((await allocator.get('/hushall/A1')).text).toContain(
      'Hushållet tog över kontraktet 30 november 2026',
    )
    if (!recordPlacementEnd({ ctx, input: { id: p.id, reason: 'evicted' } }).ok) throw new Error('not ended')
    expect((await allocator.get('/hushall/A1')).text).toContain('Upphörde 30 november 2026 (vräktes)')
  })

  it('a culled household is said to be culled, with the day, before its placeholders', async () => {
    seedRetentionFixture(t)
    const run = runRetention(t.db, {
      periods: defaultRetentionSettings,
      principal: { tokenId: 'cli', role: 'admin', caseloads: [] },
      now: retentionNow,
    })
    if (!run.ok) throw new Error(run.error.detail)
    const allocator = await signedIn(app, tokenFor(t, 'allocator').token)
    const culled = await allocator.get('/hushall/H-GONE')
    expect(culled.status).toBe(200)
    expect(culled.text).toContain('Hushållets uppgifter gallrades den 1 juni 2032.')
    expect(culled.text).toContain('inte uppgifter om hushållet')
    expect((await allocator.get('/hushall/H-RECENT')).text).not.toContain('gallrades')
  })
})
