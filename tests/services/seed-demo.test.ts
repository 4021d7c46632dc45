import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { countApplicants, getApplicant, insertApplicant } from '../../db/repo/applicants.ts'
import { getActivePolicy } from '../../db/repo/policies.ts'
import { countVacancies, getVacancy } from '../../db/repo/vacancies.ts'
import { defaultPolicy } from '../../src/domain/policy.ts'
import { demoPreventionShare, seedDemo } from '../../src/services/seed-demo.ts'
import { generateRound } from '../../src/synthetic/index.ts'
import { withPersonsAndPrevention } from '../../src/synthetic/persons.ts'
import { logCapture } from '../api/test-app.ts'
import { sampleApplicant } from '../db/samples.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

const demo = { enabled: true, seed: 11, applicants: 40, vacancies: 9 }
const asOf = '2026-03-01'

describe('seedDemo', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('fills an empty database with the generated round and the default policy, active, and queues a first round', () => {
    const { logger } = logCapture()
    const r = seedDemo({ database: t, demo, logger, asOf })
    expect(r).toEqual({
      seeded: true,
      applicants: 40,
      vacancies: 9,
      policy: { id: defaultPolicy.id, version: 1 },
      roundId: expect.any(String),
    })
    expect(t.sqlite.prepare('SELECT status, as_of, policy_id FROM rounds').all()).toEqual([
      { status: 'queued', as_of: asOf, policy_id: defaultPolicy.id },
    ])
    expect(t.sqlite.prepare("SELECT count(*) FROM jobs WHERE task = 'round.solve'").pluck().get()).toBe(1)
    const round = generateRound({ seed: 11, applicants: 40, vacancies: 9, asOf })
    // Exactly the generated round: every household (with its members, some as prevention cases) and
    // vacancy stored as generated, and no more.
    const households = round.applicants.map((a, i) =>
      withPersonsAndPrevention(a, 11, i, asOf, demoPreventionShare),
    )
    expect(countApplicants(t.db)).toBe(round.applicants.length)
    expect(round.applicants.map((a) => getApplicant(t.db, a.id)?.applicant)).toEqual(households)
    for (const h of households) expect(h.household.members?.[0]?.role).toBe('applicant')
    expect(countVacancies(t.db)).toBe(round.vacancies.length)
    expect(round.vacancies.map((v) => getVacancy(t.db, v.id)?.vacancy)).toEqual(round.vacancies)
    expect(getActivePolicy(t.db)).toEqual(defaultPolicy)
    // Each household in a situation starts its history; a prevention case has none (it is not homeless).
    const prevention = households.filter((h) => h.situation === undefined).length
    expect(t.sqlite.prepare('SELECT count(*) FROM applicant_situation_history').pluck().get()).toBe(
      40 - prevention,
    )
  })

  it('does nothing when demo mode is off', () => {
    const { logger } = logCapture()
    expect(seedDemo({ database: t, demo: { ...demo, enabled: false }, logger, asOf })).toEqual({
      seeded: false,
      reason: 'disabled',
    })
    expect(countApplicants(t.db)).toBe(0)
  })

  it('never mixes with existing data: a database with any applicant is left alone', () => {
    const { logger } = logCapture()
    insertApplicant(t.db, sampleApplicant({ id: 'real-1' }))
    expect(seedDemo({ database: t, demo, logger, asOf })).toEqual({ seeded: false, reason: 'not-empty' })
    expect(countApplicants(t.db)).toBe(1)
    expect(countVacancies(t.db)).toBe(0)
    expect(getActivePolicy(t.db)).toBeUndefined()
  })

  it('seeds once: a second start-up finds the data and changes nothing', () => {
    const { logger } = logCapture()
    seedDemo({ database: t, demo, logger, asOf })
    const firstId = generateRound({ seed: 11, applicants: 40, vacancies: 9, asOf }).applicants[0]?.id ?? ''
    const before = getApplicant(t.db, firstId)
    expect(before).toBeDefined()
    expect(seedDemo({ database: t, demo: { ...demo, seed: 99 }, logger, asOf })).toEqual({
      seeded: false,
      reason: 'not-empty',
    })
    expect(countApplicants(t.db)).toBe(40)
    expect(getApplicant(t.db, before?.applicant.id ?? '')).toEqual(before)
  })

  it('is all or nothing: if any insert fails, nothing is left behind', () => {
    const { logger } = logCapture()
    // Make the last generated vacancy collide with a trigger that refuses it.
    const round = generateRound({ seed: 11, applicants: 40, vacancies: 9, asOf })
    const lastVacancy = round.vacancies.at(-1)?.id
    t.sqlite
      .prepare(
        `CREATE TRIGGER refuse_last BEFORE INSERT ON vacancies WHEN NEW.id = '${lastVacancy}'
         BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`,
      )
      .run()
    expect(() => seedDemo({ database: t, demo, logger, asOf })).toThrow('refused for the test')
    expect(countApplicants(t.db)).toBe(0)
    expect(countVacancies(t.db)).toBe(0)
    expect(getActivePolicy(t.db)).toBeUndefined()
  })

  it('logs counts only', () => {
    const { logger, lines } = logCapture()
    seedDemo({ database: t, demo, logger, asOf })
    const entry = JSON.parse(lines().at(-1) ?? '{}')
    expect(entry).toMatchObject({ msg: 'demo data seeded', applicantCount: 40, vacancyCount: 9, seed: 11 })
    expect(Object.keys(entry).sort()).toEqual(
      ['applicantCount', 'durationMs', 'level', 'msg', 'seed', 'service', 'time', 'vacancyCount'].sort(),
    )
  })
})
