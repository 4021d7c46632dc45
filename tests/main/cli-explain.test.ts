import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withTexts } from '../../src/domain/match/explanation-texts.ts'
import { runRound } from '../../src/domain/match/run-round.ts'
import { roundInputSchema } from '../../src/domain/round.ts'
import { runCli } from '../support/cli.ts'

const run = (argv: string[]) => runCli(argv)

const dir = mkdtempSync(join(tmpdir(), 'hemvist-cli-explain-'))
const file = 'examples/round-orebro-60x15.json'
const round = roundInputSchema.parse(JSON.parse(readFileSync(file, 'utf8')))

describe('hemvist solve, written piece by piece', () => {
  it('writes a result that parses to exactly what runRound gives, explanations as codes whose sentences render byte for byte, one household per line', () => {
    const out = join(dir, 'result.json')
    expect(run(['solve', '--in', file, '--out', out]).code).toBe(0)
    const text = readFileSync(out, 'utf8')
    const result = runRound(round)
    expect(text).not.toMatch(/"(text|summary)":/)
    expect(JSON.stringify(withTexts(JSON.parse(text)))).toBe(JSON.stringify(result))
    const lines = text.split('\n')
    for (const u of result.unmatched)
      expect(lines.filter((l) => l.includes(`"applicantId":"${u.applicantId}"`))).toHaveLength(1)
  })

  it('--no-explain writes the same proposals and prices without explanations', () => {
    const out = join(dir, 'bare.json')
    expect(run(['solve', '--in', file, '--out', out, '--no-explain']).code).toBe(0)
    const bare = JSON.parse(readFileSync(out, 'utf8'))
    const full = runRound(round)
    expect(bare.objective).toBe(full.objective)
    expect(bare.proposals).toEqual(full.proposals.map(({ explanation: _, ...p }) => p))
    expect(bare.unmatched).toEqual(full.unmatched.map((u) => ({ applicantId: u.applicantId })))
    expect(bare.constraints).toEqual(full.constraints)
  })

  it('--phases reports every phase on stderr', () => {
    const { code, err } = run(['solve', '--in', file, '--out', join(dir, 'p.json'), '--phases'])
    expect(code).toBe(0)
    for (const phase of [
      'read',
      'validate',
      'prepare',
      'solve',
      'pairing',
      'prices',
      'thresholds',
      'explain',
      'write',
    ])
      expect(err).toMatch(new RegExp(`${phase} \\d+ ms`))
  })
})

describe('hemvist explain ROUND HOUSEHOLD', () => {
  const full = runRound(round, { explanations: 'full' })

  it("gives an unmatched household's explanation in full, as the round's full explanations have it", () => {
    const u = full.unmatched.find((x) => (x.explanation?.eligibleVacancies ?? 0) > 3)
    expect(u).toBeDefined()
    const { code, out } = run(['explain', file, u?.applicantId as string])
    expect(code).toBe(0)
    const one = JSON.parse(out)
    expect(one).toEqual({ applicantId: u?.applicantId, proposed: null, explanation: u?.explanation })
    expect(one.explanation.alternatives).toHaveLength(u?.explanation?.eligibleVacancies as number)
  })

  it("gives a proposed household's proposal with its explanation", () => {
    const p = full.proposals[0]
    const { code, out } = run(['explain', file, p?.applicantId as string])
    expect(code).toBe(0)
    expect(JSON.parse(out)).toEqual({
      applicantId: p?.applicantId,
      proposed: { vacancyId: p?.vacancyId, score: p?.score },
      explanation: p?.explanation,
    })
  })

  it('exits 2 with a sentence for an unknown household or missing arguments', () => {
    expect(run(['explain', file, 'NOBODY'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('NOBODY'),
    })
    expect(run(['explain', file])).toMatchObject({ code: 2, err: expect.stringContaining('two arguments') })
  })
})
