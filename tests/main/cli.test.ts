import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withTexts } from '../../src/domain/match/explanation-texts.ts'
import { runRound } from '../../src/domain/match/run-round.ts'
import { roundInputSchema } from '../../src/domain/round.ts'
import { violations } from '../support/checker.ts'
import { runCli } from '../support/cli.ts'

const run = (argv: string[]) => runCli(argv)

const dir = mkdtempSync(join(tmpdir(), 'hemvist-cli-'))
const examples = ['examples/round-story-8x6.json', 'examples/round-orebro-60x15.json']

describe('hemvist solve', () => {
  it.each(examples)('solves %s to a valid optimal result with explanations', (file) => {
    const out = join(dir, 'result.json')
    const { code, out: text } = run(['solve', '--in', file, '--out', out, '--lang', 'en'])
    expect(code).toBe(0)
    const result = JSON.parse(readFileSync(out, 'utf8'))
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining([
        'status',
        'objective',
        'bound',
        'proposals',
        'unmatched',
        'constraints',
        'stats',
      ]),
    )
    expect(result.status).toBe('optimal')
    const round = roundInputSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
    expect(violations(round, result.proposals)).toEqual([])
    for (const p of result.proposals) expect(p.explanation.terms.length).toBeGreaterThan(0)
    // The file holds explanations as codes and figures; their sentences render as the engine gives them.
    for (const u of result.unmatched) expect(u.explanation.summary).toBeUndefined()
    expect(JSON.stringify(withTexts(result))).toBe(JSON.stringify(runRound(round)))
    expect(text).toContain('PROPOSALS')
  })

  it('names the bad field and exits 2 on an invalid round', () => {
    const round = JSON.parse(readFileSync(examples[0] as string, 'utf8'))
    round.applicants[2].household.adults = 0
    round.vacancies[1].rent = 'cheap'
    round.applicants[0].priorityScore = 99
    const file = join(dir, 'bad.json')
    writeFileSync(file, JSON.stringify(round))
    const { code, err } = run(['solve', '--in', file])
    expect(code).toBe(2)
    expect(err).toContain('applicants[2].household.adults: must be at least 1 adult')
    expect(err).toContain('vacancies[1].rent: must be an amount in kronor per month')
    expect(err).toContain('applicants[0].priorityScore: is not a known field')
  })

  it('exits 2 naming the duplicate when two applicants or two vacancies share an id', () => {
    const round = JSON.parse(readFileSync(examples[0] as string, 'utf8'))
    round.applicants[3].id = round.applicants[1].id
    round.vacancies[2].id = round.vacancies[0].id
    const file = join(dir, 'duplicate-ids.json')
    writeFileSync(file, JSON.stringify(round))
    const { code, out, err } = run(['solve', '--in', file])
    expect(code).toBe(2)
    expect(out).toBe('')
    expect(err).toContain('applicants[3].id: duplicates the id of applicants[1]')
    expect(err).toContain('vacancies[2].id: duplicates the id of vacancies[0]')
  })

  it('says so, with exit 2, for a missing file, broken JSON and unknown options', () => {
    expect(run(['solve', '--in', join(dir, 'nope.json')])).toMatchObject({
      code: 2,
      err: `hemvist: there is no file ${join(dir, 'nope.json')}\n`,
    })
    const broken = join(dir, 'broken.json')
    writeFileSync(broken, '{"asOf": ')
    expect(run(['solve', '--in', broken])).toMatchObject({
      code: 2,
      err: expect.stringContaining('not valid JSON: line 1, column 10: the text ends early'),
    })
    expect(run(['solve', '--in', broken, '--frobnicate'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('usage'),
    })
    expect(run(['solve'])).toMatchObject({ code: 2, err: expect.stringContaining('--in') })
    expect(run(['explode'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown command') })
  })

  it('file errors are sentences: a directory, an empty file, a syntax error by line and column', () => {
    expect(run(['solve', '--in', dir]).err).toBe(`hemvist: ${dir} is a directory, not a file\n`)
    const empty = join(dir, 'empty.json')
    writeFileSync(empty, '  \n')
    expect(run(['solve', '--in', empty])).toEqual({
      code: 2,
      out: '',
      err: `hemvist: ${empty} is empty: it should hold one JSON object\n`,
    })
    const comma = join(dir, 'comma.json')
    writeFileSync(comma, '{\n  "asOf": "2026-01-01",\n  "policy": tru\n}')
    expect(run(['solve', '--in', comma]).err).toBe(
      `hemvist: ${comma} is not valid JSON: line 3, column 13: a value was expected (a string in double quotes, a number, true, false, null, { or [)\n`,
    )
  })

  it('accepts a round file saved with a UTF-8 byte-order mark', () => {
    const withBom = join(dir, 'bom.json')
    writeFileSync(withBom, `\ufeff${readFileSync(examples[0] as string, 'utf8')}`)
    expect(run(['solve', '--in', withBom, '--out', join(dir, 'bom-result.json')]).code).toBe(0)
  })

  it('checks --out before solving: a missing directory or a directory is exit 2 with a sentence', () => {
    const missing = join(dir, 'no-such-dir', 'result.json')
    expect(run(['solve', '--in', examples[0] as string, '--out', missing])).toEqual({
      code: 2,
      out: '',
      err: `hemvist: --out the directory ${join(dir, 'no-such-dir')} does not exist: create it first\n`,
    })
    const asDir = run(['solve', '--in', examples[0] as string, '--out', dir])
    expect(asDir).toMatchObject({
      code: 2,
      out: '',
      err: expect.stringContaining('is a directory: give a file name'),
    })
  })

  it('exits 1 and still writes the result when the round is infeasible (a quota against caps of 0)', () => {
    const round = JSON.parse(readFileSync(examples[0] as string, 'utf8'))
    const districts = [...new Set(round.vacancies.map((v: { district: string }) => v.district))]
    round.policy.constraints.programQuotas = [{ type: 'social_contract', atLeast: 1 }]
    round.policy.constraints.districtCaps = { enabled: true, maxPerDistrict: 0, districts }
    const file = join(dir, 'infeasible.json')
    writeFileSync(file, JSON.stringify(round))
    const { code, out } = run(['solve', '--in', file])
    expect(code).toBe(1)
    const result = JSON.parse(out)
    expect(result.status).toBe('infeasible')
    expect(result.conflicting).toContain('programQuota:social_contract')
    expect(result.conflicting.some((n: string) => n.startsWith('districtCap:'))).toBe(true)
  })

  it('lowers a quota nobody can fill instead of emptying the round, and says so', () => {
    const round = JSON.parse(readFileSync(examples[0] as string, 'utf8'))
    round.policy.constraints.programQuotas = [{ type: 'trial_flat', atLeast: 1 }]
    const file = join(dir, 'lowered.json')
    writeFileSync(file, JSON.stringify(round))
    const { code, out } = run(['solve', '--in', file])
    expect(code).toBe(0)
    expect(JSON.parse(out)).toMatchObject({
      status: 'optimal',
      loweredFloors: [{ name: 'programQuota:trial_flat', wanted: 1, atLeast: 0 }],
    })
  })

  it('prints a letter to one household with --format letter, and refuses an unknown household', () => {
    const round = JSON.parse(readFileSync(examples[0] as string, 'utf8'))
    const id = round.applicants[0].id as string
    const { code, out } = run([
      'solve',
      '--in',
      examples[0] as string,
      '--format',
      'letter',
      '--applicant',
      id,
    ])
    expect(code).toBe(0)
    expect(out).toMatch(/^Besked efter matchningsrundan/)
    expect(out).toContain('socialsekreterare')
    expect(run(['solve', '--in', examples[0] as string, '--format', 'letter'])).toMatchObject({ code: 2 })
    expect(
      run(['solve', '--in', examples[0] as string, '--format', 'letter', '--applicant', 'NOBODY']),
    ).toMatchObject({ code: 2, err: expect.stringContaining('NOBODY') })
  })
})

describe('hemvist schema round', () => {
  it('prints a JSON Schema that names the round fields', () => {
    const { code, out } = run(['schema', 'round'])
    expect(code).toBe(0)
    const schema = JSON.parse(out)
    expect(schema.required).toEqual(expect.arrayContaining(['asOf', 'policy', 'applicants', 'vacancies']))
    expect(schema.properties.applicants.items.additionalProperties).toBe(false)
  })
})

describe('the npx hemvist entry point', () => {
  it('runs as a real process', () => {
    const out = execFileSync(
      'node',
      ['bin/hemvist.js', 'solve', '--in', examples[0] as string, '--format', 'text'],
      {
        encoding: 'utf8',
      },
    )
    expect(out).toContain('FÖRSLAG')
    const bad = spawnSync('node', ['bin/hemvist.js', 'solve'], { encoding: 'utf8' })
    expect(bad.status).toBe(2)
  })
})
