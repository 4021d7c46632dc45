import { writeTransaction } from '../../../db/client.ts'
import { type StoredVacancy, updateVacancy as writeVacancy } from '../../../db/repo/vacancies.ts'
import { addDays } from '../../domain/dates.ts'
import { canReturnFlat, flatAfterPlacement } from '../../domain/round-lifecycle.ts'
import { err, ok } from '../../domain/validation.ts'
import type { ServiceCall, ServiceResult } from '../context.ts'
import { latestPlacement } from '../offers/placement-pathway.ts'
import { auditVacancy } from './create-vacancy.ts'
import { findVacancyInScope } from './get-vacancy.ts'

export interface ReturnFlatInput {
  id: string
  /** The day the flat is free to let again (after the placement's end day); default the day after it. */
  availableFrom?: string | undefined
}

/** Where the flat went, and the placement whose end let it go. */
export interface FlatReturn {
  vacancy: StoredVacancy
  /** `municipality`: open again in the municipality's stock; `obo`: back to ÖBO; `landlord`: the household's landlord after a take-over. */
  returnedTo: 'municipality' | 'obo' | 'landlord'
  placementId: string
}

/**
 * Returns a let flat whose placement has ended (rule P9): a flat of the municipality's own
 * programmes is `open` again from `availableFrom` and is matched in the next round; an ÖBO priority
 * flat goes back to ÖBO, and a sublet the household took over to its landlord (`withdrawn`: ÖBO
 * sending the flat again as free re-opens it). CONFLICT while the flat is not let or its placement
 * is still active. Audited `vacancy.return`.
 *
 * @example
 * returnFlat({ ctx, input: { id: 'v-1', availableFrom: '2027-04-01' } })
 */
export function returnFlat({ ctx, input }: ServiceCall<ReturnFlatInput>): ServiceResult<FlatReturn> {
  return writeTransaction(ctx.db, (tx): ServiceResult<FlatReturn> => {
    const found = findVacancyInScope(tx, ctx, input.id)
    if (!found.ok) return found
    const current = found.value
    const placement = latestPlacement(tx, { vacancyId: input.id })
    const refused = canReturnFlat({
      vacancyStatus: current.vacancy.status,
      placement,
      availableFrom: input.availableFrom,
    })
    if (refused) {
      return err(
        input.availableFrom !== undefined && placement?.endedOn != null && current.vacancy.status === 'let'
          ? { ...refused, issues: [{ path: 'availableFrom', message: `must be after ${placement.endedOn}` }] }
          : refused,
      )
    }
    // canReturnFlat refused an active or missing placement above.
    const ended = placement as NonNullable<typeof placement> & { endedOn: string }
    const to = flatAfterPlacement({ type: current.vacancy.type, takenOverOn: ended.takenOverOn })
    if (to.status === 'withdrawn' && input.availableFrom !== undefined) {
      const whose =
        to.to === 'obo' ? 'goes back to ÖBO' : 'goes to its landlord with the lease the household took over'
      return err({
        code: 'CONFLICT',
        detail: `This flat ${whose}, not to the municipality's stock: it gets no day to be let here.`,
        issues: [{ path: 'availableFrom', message: 'is only for a flat that returns to the municipality' }],
      })
    }
    const next =
      to.status === 'open'
        ? {
            ...current.vacancy,
            status: 'open' as const,
            availableFrom: input.availableFrom ?? addDays(ended.endedOn, 1),
          }
        : { ...current.vacancy, status: 'withdrawn' as const }
    const written = writeVacancy(tx, next, current.version)
    if (!written.ok) throw new Error(`returnFlat: unexpected ${written.error.code} under the write lock`)
    auditVacancy(tx, ctx, 'return', input.id)
    return ok({
      vacancy: written.value,
      returnedTo: to.status === 'open' ? 'municipality' : to.to,
      placementId: ended.id,
    })
  })
}
