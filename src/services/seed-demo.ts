/**
 * Demo data for a fresh installation: synthetic Örebro-like households and
 * vacancies (src/synthetic) plus the default policy, made active. Runs only
 * when demo mode is on and the database is new: no households, vacancies,
 * policies, rounds, tokens or audit rows (so a database an operator has
 * created a token in, or removed the demo from, is never seeded). Every
 * household, vacancy and round it writes is named in `demo_records`, so
 * `hemvist demo remove` can take them out again (src/services/demo-data.ts).
 */

import { sql } from 'drizzle-orm'
import { type DatabaseHandle, writeTransaction } from '../../db/client.ts'
import { countApplicants, insertApplicant } from '../../db/repo/applicants.ts'
import { countPolicies, insertPolicy } from '../../db/repo/policies.ts'
import type { RepoError } from '../../db/repo/shared.ts'
import { countVacancies, insertVacancy } from '../../db/repo/vacancies.ts'
import { oboPriorityDecisions } from '../../db/schema.ts'
import type { Config } from '../config.ts'
import { defaultPolicy } from '../domain/policy.ts'
import type { Logger } from '../logging.ts'
import { generateRound } from '../synthetic/index.ts'
import { withPersonsAndPrevention } from '../synthetic/persons.ts'
import { markDemo } from './demo-data.ts'
import { createRound } from './rounds/create-round.ts'

/** The share of demo households registered as prevention cases (an assumption, for a realistic demo). */
export const demoPreventionShare = 0.04

export type SeedOutcome =
  | {
      seeded: true
      applicants: number
      vacancies: number
      policy: { id: string; version: number }
      /** The first round, queued for the worker, so that a new user finds proposals to review; null when not asked for. */
      roundId: string | null
    }
  | { seeded: false; reason: 'disabled' | 'not-empty' }

/** Who creates the demo's first round in the audit trail: the seed, not a person (it decides nothing). */
const demoPrincipal = { tokenId: 'demo-seed', role: 'admin', caseloads: [] } as const

/** The generator produced something the database refused: a defect in the generator or the schema. */
export class SeedError extends Error {
  override readonly name = 'SeedError'
}

function refused(what: string, error: RepoError): SeedError {
  const detail = error.code === 'INVALID' ? error.issues.map((i) => i.path).join(', ') : error.detail
  return new SeedError(`demo ${what} refused (${error.code}): ${detail}`)
}

/** No round, token or audit row yet: nobody has used this database. */
function isNew(tx: Parameters<typeof countApplicants>[0]): boolean {
  return (
    tx.get<{ used: number }>(sql`SELECT
      EXISTS (SELECT 1 FROM rounds) OR EXISTS (SELECT 1 FROM api_tokens) OR EXISTS (SELECT 1 FROM audit_log) AS used`)
      ?.used === 0
  )
}

/**
 * Seeds the demo data in ONE synchronous write transaction: the emptiness
 * check and every insert commit together or not at all, so two processes
 * starting at once cannot both seed, and a failure leaves the database empty.
 *
 * @example
 * seedDemo({ database, demo: config.demo, logger, asOf: '2026-03-01' })
 * // { seeded: true, applicants: 300, vacancies: 60, policy: { id: 'orebro-default', version: 1 } }
 */
export function seedDemo(ctx: {
  database: DatabaseHandle
  demo: Config['demo']
  logger: Logger
  /** The date the demo households are generated for (YYYY-MM-DD); default today (UTC). */
  asOf?: string
  /** Queue the first round (default true); tests that start their own first round say false. */
  firstRound?: boolean
}): SeedOutcome {
  const { database, demo, logger } = ctx
  if (!demo.enabled) return { seeded: false, reason: 'disabled' }
  const asOf = ctx.asOf ?? new Date().toISOString().slice(0, 10)
  const started = performance.now()
  const outcome = writeTransaction(database.db, (tx): SeedOutcome => {
    if (countApplicants(tx) > 0 || countVacancies(tx) > 0 || countPolicies(tx) > 0 || !isNew(tx)) {
      return { seeded: false, reason: 'not-empty' }
    }
    const round = generateRound({
      seed: demo.seed,
      applicants: demo.applicants,
      vacancies: demo.vacancies,
      asOf,
    })
    const policy = insertPolicy(tx, defaultPolicy, { activate: true })
    if (!policy.ok) throw refused('policy', policy.error)
    // Every household with its members; about one in 25 a prevention case (at risk of eviction).
    const households = round.applicants.map((a, i) =>
      withPersonsAndPrevention(a, demo.seed, i, asOf, demoPreventionShare),
    )
    for (const applicant of households) {
      const r = insertApplicant(tx, applicant)
      if (!r.ok) throw refused(`applicant ${applicant.id}`, r.error)
      // Named before its ÖBO decision is written, so the trigger names that decision too.
      markDemo(tx, 'applicant', [applicant.id])
      // The generator gives households that seek an ÖBO flat ÖBO's priority; the decision is recorded
      // as an import from ÖBO would record it.
      if (applicant.oboPriority !== undefined) {
        tx.insert(oboPriorityDecisions)
          .values({
            decisionRef: applicant.oboPriority.decisionRef,
            applicantId: applicant.id,
            decidedOn: applicant.oboPriority.decidedOn,
            grounds: 'social',
            status: 'approved',
          })
          .run()
      }
    }
    for (const vacancy of round.vacancies) {
      const r = insertVacancy(tx, vacancy)
      if (!r.ok) throw refused(`vacancy ${vacancy.id}`, r.error)
    }
    markDemo(
      tx,
      'vacancy',
      round.vacancies.map((v) => v.id),
    )
    if (ctx.firstRound === false) {
      return {
        roundId: null,
        seeded: true,
        applicants: round.applicants.length,
        vacancies: round.vacancies.length,
        policy: { id: defaultPolicy.id, version: defaultPolicy.version },
      }
    }
    const first = createRound({
      ctx: { db: tx, principal: demoPrincipal, requestId: 'demo-seed' },
      input: { idempotencyKey: 'demo-first-round', body: { asOf } },
    })
    if (!first.ok) throw new SeedError(`demo round refused (${first.error.code})`)
    markDemo(tx, 'round', [first.value.round.id])
    return {
      roundId: first.value.round.id,
      seeded: true,
      applicants: round.applicants.length,
      vacancies: round.vacancies.length,
      policy: { id: defaultPolicy.id, version: defaultPolicy.version },
    }
  })
  if (outcome.seeded) {
    logger.info({
      msg: 'demo data seeded',
      // Not `applicants`/`vacancies`: those keys are redacted as documents (src/logging.ts).
      applicantCount: outcome.applicants,
      vacancyCount: outcome.vacancies,
      seed: demo.seed,
      durationMs: Math.round(performance.now() - started),
    })
  } else {
    logger.info({ msg: 'demo data not seeded', reason: outcome.reason })
  }
  return outcome
}
