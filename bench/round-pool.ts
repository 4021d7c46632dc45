/**
 * The pool of the service benchmarks: that many synthetic households, all active, and vacancies,
 * all open since 2026-11-01 (the generator's seed 2026). `bench/round-service.ts` stores it;
 * `bench/solver-thread.ts` solves the snapshot a round of it takes, so both time the same round.
 */
import type { Applicant } from '../src/domain/applicant.ts'
import type { Vacancy } from '../src/domain/vacancy.ts'
import { generateApplicants, generateVacancies } from '../src/synthetic/index.ts'

export function roundServicePool(
  households: number,
  vacancies: number,
): { applicants: Applicant[]; vacancies: Vacancy[] } {
  const asOf = '2026-12-01'
  return {
    applicants: generateApplicants(households, { seed: 2026, asOf }).map((a) => ({
      ...a,
      status: 'active' as const,
    })),
    vacancies: generateVacancies(vacancies, { seed: 2026, asOf }).map((v) => ({
      ...v,
      status: 'open' as const,
      availableFrom: '2026-11-01',
    })),
  }
}
