/**
 * Which households a principal may see (object-level authorization). Kept in
 * one place so that reads, writes and lists cannot disagree.
 *
 * - admin, allocator: every household.
 * - caseworker: the households in its caseloads.
 * - analyst, obo: none (the routes refuse them first; this is the second line).
 */
import type { Applicant } from '../../domain/applicant.ts'
import type { Principal } from '../../domain/roles.ts'

export type CaseloadScope =
  | { kind: 'all' }
  | { kind: 'caseloads'; caseloads: readonly string[] }
  | { kind: 'none' }

export function caseloadScope(principal: Principal): CaseloadScope {
  switch (principal.role) {
    case 'admin':
    case 'allocator':
      return { kind: 'all' }
    case 'caseworker':
      return { kind: 'caseloads', caseloads: principal.caseloads }
    default:
      return { kind: 'none' }
  }
}

/** May the principal read or change records in this caseload? */
export function mayAccessCaseload(principal: Principal, caseload: string): boolean {
  const scope = caseloadScope(principal)
  return scope.kind === 'all' || (scope.kind === 'caseloads' && scope.caseloads.includes(caseload))
}

export function mayAccessApplicant(principal: Principal, applicant: Pick<Applicant, 'caseload'>): boolean {
  return mayAccessCaseload(principal, applicant.caseload)
}

/**
 * May the principal see a protected-identity household's location-revealing
 * fields (exclusion districts, preferred districts, declined vacancies, safety
 * details)? Only allocation staff and admins.
 */
export function maySeeProtectedDetails(principal: Principal): boolean {
  return principal.role === 'admin' || principal.role === 'allocator'
}
