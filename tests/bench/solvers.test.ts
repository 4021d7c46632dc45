import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildCase, caseNamed } from '../../bench/cases.ts'
import { measure } from '../../bench/measure.ts'
import { readInput, writeInput } from '../../bench/payload.ts'
import { householdProfile, objectiveOf, violations } from '../../bench/quality.ts'
import { answerRow, finishCase, nonPositiveWeights, renderMarkdown } from '../../bench/results.ts'
import { runChild } from '../../bench/runner.ts'
import { readySolver, sizeGuard, solverNames } from '../../bench/solvers/index.ts'

const built = buildCase(caseNamed('orebro-300x60'))
const { problem } = built.prepared
const tmp = mkdtempSync(join(os.tmpdir(), 'hemvist-bench-test-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('benchmark solvers on the smallest case, in process', async () => {
  const answers = new Map<string, { objective: number; optimal: boolean; chosen: Int32Array }>()
  for (const name of solverNames) {
    const ready = await readySolver(name, built.input, 60_000)
    const m = measure(ready, { warmup: false, runs: 1, limitMs: 60_000 })
    answers.set(name, {
      objective: objectiveOf(problem, m.answer.chosen),
      optimal: m.answer.claimsOptimal && m.certificate?.certified !== false,
      chosen: m.answer.chosen,
    })
  }

  it('every solver finishes with an answer that uses each household and vacancy at most once', () => {
    for (const [name, a] of answers) {
      const twice = violations({ ...problem, constraints: [] }, a.chosen)
      expect(twice, name).toEqual([])
      expect(a.chosen.length, name).toBeGreaterThan(0)
    }
  })

  it('the exact solvers agree on the objective', () => {
    const exact = [...answers].filter(([name, a]) => name !== 'greedy' && a.optimal)
    expect(exact.map(([name]) => name)).toEqual(expect.arrayContaining(['highs', 'jslp-direct']))
    const objectives = new Set(exact.map(([, a]) => a.objective))
    expect(objectives.size).toBe(1)
  })

  it('no exact answer breaks a rule, and greedy scores no more than the optimum unless it breaks one', () => {
    const best = answers.get('highs')?.objective ?? Number.NaN
    for (const [name, a] of answers) {
      const broken = violations(problem, a.chosen)
      if (name !== 'greedy') expect(broken, name).toEqual([])
      else if (broken.length === 0) expect(a.objective).toBeLessThanOrEqual(best)
    }
  })

  it('the results table lists every solver with its gap to the best answer', () => {
    const profile = householdProfile(built.prepared)
    const rows = [...answers].map(([name, a]) =>
      answerRow(name, built, profile, {
        engine: name,
        solverStatus: a.optimal ? 'optimal' : 'heuristic',
        timesMs: [1],
        warmedUp: false,
        peakRssMb: null,
        chosen: a.chosen,
        claimsOptimal: a.optimal,
        certified: null,
        certificate: null,
        bound: null,
        note: null,
      }),
    )
    const result = finishCase(built, rows, new Map([...answers].map(([n, a]) => [n, a.chosen])))
    expect(result.results.find((r) => r.solver === 'highs')?.gapToBest).toBe(0)
    const markdown = renderMarkdown({
      machine: { cpus: 2, node: process.version, date: 'today' },
      command: 'test',
      settings: {},
      cases: [result],
    })
    for (const name of solverNames) expect(markdown).toContain(`| ${name} |`)
  })
})

describe('benchmark plumbing', () => {
  it('the problem file reads back exactly what was written', () => {
    const path = join(tmp, 'roundtrip.bin')
    writeInput(path, built.input)
    const back = readInput(path)
    expect(back.problem.households).toBe(problem.households)
    expect(back.problem.vacancies).toBe(problem.vacancies)
    expect(back.problem.edges).toEqual(problem.edges)
    expect(back.problem.constraints).toEqual(problem.constraints)
    expect(back.priority).toEqual(built.input.priority)
    expect(back.vacancyOrder).toEqual(built.input.vacancyOrder)
  })

  it('a solver child process answers, and one past its limit is killed and reported as a timeout', async () => {
    const path = join(tmp, 'child.bin')
    writeInput(path, built.input)
    const options = { loadMs: 60_000, graceMs: 0, heapMb: 1024 }
    const ok = await runChild(
      { solver: 'greedy', payloadPath: path, warmup: true, runs: 2, limitMs: 30_000 },
      options,
    )
    expect(ok.outcome).toBe('finished')
    if (ok.outcome === 'finished') {
      expect(ok.result.timesMs.length).toBe(2)
      expect(ok.result.peakRssMb).toBeGreaterThan(0)
      expect(objectiveOf(problem, ok.result.chosen)).toBeGreaterThan(0)
    }
    // javascript-lp-solver needs about a second here: 1 ms is far too little.
    const late = await runChild(
      { solver: 'jslp-direct', payloadPath: path, warmup: false, runs: 1, limitMs: 1 },
      options,
    )
    expect(late.outcome).toBe('timeout')
  })

  it('a prepared round whose edge weights are not all positive is flagged', () => {
    expect(nonPositiveWeights(problem)).toBe(0)
    const weight = Float64Array.from(problem.edges.weight)
    weight[0] = 0
    weight[1] = Number.NaN
    expect(nonPositiveWeights({ ...problem, edges: { ...problem.edges, weight } })).toBe(2)
  })

  it('solvers that would exhaust the machine are skipped, with the reason', () => {
    const huge = { ...problem, households: 50_000, vacancies: 10_000 }
    const edges = { household: new Int32Array(0), vacancy: new Int32Array(0), weight: new Float64Array(1e8) }
    expect(sizeGuard('jslp-direct', { ...huge, edges }, { jslpMaxGb: 2 })).toMatch(/dense tableau/)
    expect(sizeGuard('highs', { ...huge, edges }, { jslpMaxGb: 2 })).toMatch(/2 GiB/)
    expect(sizeGuard('hemvist', { ...huge, edges }, { jslpMaxGb: 2 })).toBeUndefined()
    expect(sizeGuard('jslp-direct', problem, { jslpMaxGb: 2 })).toBeUndefined()
  })
})
