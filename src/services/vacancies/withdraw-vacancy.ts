import { writeTransaction } from '../../../db/client.ts'
import { type StoredVacancy, updateVacancy as writeVacancy } from '../../../db/repo/vacancies.ts'
import { err, ok } from '../../domain/validation.ts'
import { type ServiceCall, type ServiceResult, stale } from '../context.ts'
import { openOfferBrokenBy } from '../offers/offer-guard.ts'
import { auditVacancy } from './create-vacancy.ts'
import { findVacancyInScope } from './get-vacancy.ts'

export interface WithdrawVacancyInput {
  id: string
  expectedVersion: number
}

/**
 * Withdraws a vacancy from matching (status `withdrawn`; the row is kept). A
 * let unit cannot be withdrawn (CONFLICT): someone lives there. Withdrawing a
 * withdrawn unit changes nothing. Audited as `vacancy.withdraw`.
 *
 * @example
 * withdrawVacancy({ ctx, input: { id: 'v-1', expectedVersion: 2 } })
 */
export function withdrawVacancy({
  ctx,
  input,
}: ServiceCall<WithdrawVacancyInput>): ServiceResult<StoredVacancy> {
  return writeTransaction(ctx.db, (tx): ServiceResult<StoredVacancy> => {
    const found = findVacancyInScope(tx, ctx, input.id)
    if (!found.ok) return found
    const current = found.value
    if (current.version !== input.expectedVersion) {
      return stale('vacancy', current.version, input.expectedVersion)
    }
    if (current.vacancy.status === 'let') {
      return err({ code: 'CONFLICT', detail: 'The vacancy is let and cannot be withdrawn.' })
    }
    if (current.vacancy.status !== 'withdrawn') {
      const breaks = openOfferBrokenBy(tx, { vacancy: { ...current.vacancy, status: 'withdrawn' } })
      if (breaks !== undefined) return err({ code: 'CONFLICT', detail: breaks })
    }
    auditVacancy(tx, ctx, 'withdraw', input.id)
    if (current.vacancy.status === 'withdrawn') return ok(current)
    const written = writeVacancy(tx, { ...current.vacancy, status: 'withdrawn' }, input.expectedVersion)
    if (!written.ok) throw new Error(`withdrawVacancy: unexpected ${written.error.code}`)
    return ok(written.value)
  })
}
