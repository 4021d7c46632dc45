/**
 * What the API shows of a vacancy. A unit holds no personal data, so every
 * role that may read vacancies (admin, allocator, caseworker, obo for its own
 * units) sees the same strict view.
 */
import { z } from 'zod'
import type { StoredVacancy } from '../../../db/repo/vacancies.ts'
import { vacancySchema } from '../../domain/vacancy.ts'
import type { VacancyPage } from '../../services/vacancies/list-vacancies.ts'
import { named } from './registry.ts'

export const vacancyView = named('Vacancy', vacancySchema.extend({ version: z.number().int().min(1) }))
export type VacancyView = z.output<typeof vacancyView>

export const vacancyPageView = named(
  'VacancyPage',
  z.strictObject({ items: z.array(vacancyView), nextCursor: z.string().nullable() }),
)

/** @example vacancyViewOf({ vacancy, version: 2 }) // { id, type, …, version: 2 } */
export function vacancyViewOf(stored: StoredVacancy): VacancyView {
  return { ...stored.vacancy, version: stored.version }
}

export function vacancyPageBody(page: VacancyPage): z.output<typeof vacancyPageView> {
  return { items: page.items.map(vacancyViewOf), nextCursor: page.nextCursor }
}
