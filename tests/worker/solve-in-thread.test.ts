import { afterAll, describe, expect, it } from 'vitest'
import { snapshotText, solveSnapshot } from '../../src/domain/match/stored-round.ts'
import { defaultPolicy } from '../../src/domain/policy.ts'
import { resultTextOf } from '../../src/services/rounds/solve-round.ts'
import { generateRound } from '../../src/synthetic/index.ts'
import { SolverThread } from '../../src/worker/solve-in-thread.ts'

const round = (applicants: number, vacancies: number) =>
  snapshotText(generateRound({ seed: 3, asOf: '2026-12-07', applicants, vacancies, policy: defaultPolicy }))

describe('the solver thread', () => {
  const solver = new SolverThread()
  afterAll(() => solver.close())

  it('gives the result the engine gives on this thread, byte for byte, certified', async () => {
    const text = round(120, 30)
    const here = solveSnapshot(text)
    if (!here.ok) throw new Error(here.reason)
    const there = await solver.solve(text)
    expect(there.ok && there.resultSha256).toBe(here.value.resultSha256)
    if (!there.ok) throw new Error(there.reason)
    // Handed over as UTF-8 bytes (transferred), the same text.
    expect(there.resultUtf8).toBeInstanceOf(Uint8Array)
    expect(resultTextOf(there)).toBe(here.value.resultText)
    expect(there.ok && there.certified).toBe(true)
  }, 60_000)

  it('a thread started ahead of need warms up on a generated round, then solves a round asked for meanwhile as a cold one would', async () => {
    const warmed = new SolverThread()
    try {
      const text = round(120, 30)
      const here = solveSnapshot(text)
      if (!here.ok) throw new Error(here.reason)
      const started = warmed.start()
      const there = await warmed.solve(text)
      await started
      if (!there.ok) throw new Error(there.reason)
      expect(there.resultSha256).toBe(here.value.resultSha256)
    } finally {
      await warmed.close()
    }
  }, 60_000)

  it('without explanations (a what-if) gives the same result with every explanation left out', async () => {
    const text = round(150, 30)
    const full = solveSnapshot(text)
    if (!full.ok) throw new Error(full.reason)
    const bare = await solver.solve(text, { explain: false })
    if (!bare.ok) throw new Error(bare.reason)
    const strip = (r: unknown) =>
      JSON.stringify(r, (key, value) => (key === 'explanation' ? undefined : value))
    expect(resultTextOf(bare)).not.toContain('"explanation"')
    expect(resultTextOf(bare)).toBe(strip(full.value.result))
    expect(full.value.result.constraints.some((c) => c.price !== null)).toBe(true)
  }, 60_000)

  it('answers requests one by one on the kept thread, each with its own result', async () => {
    const a = round(40, 10)
    const b = round(60, 12)
    const [x, y] = await Promise.all([solver.solve(a), solver.solve(b)])
    const hereB = solveSnapshot(b)
    expect(y.ok && hereB.ok && y.resultSha256 === hereB.value.resultSha256).toBe(true)
    expect(x.ok && y.ok && x.resultSha256 !== y.resultSha256).toBe(true)
  }, 60_000)

  it('an abort ends the solve with the abort reason; the next solve starts a fresh thread', async () => {
    const controller = new AbortController()
    const pending = solver.solve(round(800, 160), { signal: controller.signal })
    setTimeout(() => controller.abort(new Error('lease lost')), 50)
    await expect(pending).rejects.toThrow('lease lost')
    const after = await solver.solve(round(20, 5))
    expect(after.ok).toBe(true)
  }, 60_000)

  it('a snapshot that is not a round is an answer, not a crash', async () => {
    expect(await solver.solve('{"asOf": "2026-12-07"}')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not a valid round'),
    })
    expect(await solver.solve('not json')).toEqual({ ok: false, reason: 'the snapshot is not valid JSON' })
  }, 60_000)
})
