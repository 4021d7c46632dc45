/**
 * Which vacancies a principal may see and change. ÖBO's integration token
 * works on ÖBO's own units (landlord `obo`) only; the municipality's and
 * private landlords' units are not its business. Case workers read every
 * vacancy (to talk offers through with a household) but change none.
 */
import type { Principal } from '../../domain/roles.ts'
import type { Vacancy } from '../../domain/vacancy.ts'
import type { Landlord } from '../../domain/vocabulary.ts'

/** The one landlord a principal is confined to, or undefined when it sees all. */
export function landlordScope(principal: Principal): Landlord | undefined {
  return principal.role === 'obo' ? 'obo' : undefined
}

export function mayReadVacancy(principal: Principal, vacancy: Pick<Vacancy, 'landlord'>): boolean {
  if (principal.role === 'analyst') return false
  const only = landlordScope(principal)
  return only === undefined || vacancy.landlord === only
}

export function mayWriteVacancy(principal: Principal, vacancy: Pick<Vacancy, 'landlord'>): boolean {
  if (principal.role !== 'admin' && principal.role !== 'allocator' && principal.role !== 'obo') return false
  return mayReadVacancy(principal, vacancy)
}
