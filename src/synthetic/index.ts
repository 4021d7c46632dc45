import type { Policy } from '../domain/policy.ts'
import { defaultPolicy } from '../domain/policy.ts'
import type { RoundInput } from '../domain/round.ts'
import { generateApplicants } from './applicants.ts'
import { generateVacancies } from './vacancies.ts'

/**
 * Synthetic Örebro-like data, deterministic by seed: for the demo, the tests
 * and the benchmark. Distributions and their sources: `docs/synthetic-data.md`.
 */

export { generateApplicant, generateApplicants } from './applicants.ts'
export type { EntityOptions } from './options.ts'
export { generateVacancies, generateVacancy } from './vacancies.ts'

export interface GenerateOptions {
  seed: number
  applicants: number
  vacancies: number
  /** The round's date, YYYY-MM-DD; registration, release, eviction and availability dates are placed around it. */
  asOf: string
  /** Defaults to `defaultPolicy`. */
  policy?: Policy
}

/**
 * A whole round's input. Applicants and vacancies come from separate streams,
 * so the vacancies do not change when only the number of applicants does.
 *
 * @example
 * const round = generateRound({ seed: 7, applicants: 300, vacancies: 60, asOf: '2026-03-01' })
 */
export function generateRound(options: GenerateOptions): RoundInput {
  const { seed, asOf } = options
  return {
    asOf,
    policy: options.policy ?? defaultPolicy,
    applicants: generateApplicants(options.applicants, { seed, asOf }),
    vacancies: generateVacancies(options.vacancies, { seed, asOf }),
  }
}
