import { z } from 'zod'
import { count, districtName, entityId, isoDate, kronor, notBlank } from './schema-parts.ts'
import { landlords, vacancyStatuses, vacancyTypes } from './vocabulary.ts'

export const vacancySchema = z.strictObject({
  id: entityId,
  type: z.enum(vacancyTypes, { error: `must be one of ${vacancyTypes.join(', ')}` }),
  landlord: z.enum(landlords, { error: `must be one of ${landlords.join(', ')}` }),
  /** The landlord's own reference, e.g. ÖBO's object number. */
  externalRef: z.string().trim().regex(notBlank, { error: 'must not be empty' }).max(64).optional(),
  district: districtName,
  /** Rooms excluding kitchen (a Swedish "2 rok" has 2 rooms). */
  rooms: count('rooms', 12).min(1, { error: 'must be at least 1 room' }),
  areaM2: z
    .number({ error: 'must be an area in square metres' })
    .min(8, { error: 'must be at least 8 m²' })
    .max(400, { error: 'must be at most 400 m²' }),
  rent: kronor,
  floor: z.number().int({ error: 'must be a whole floor number' }).min(-2).max(40),
  elevator: z.boolean(),
  wheelchairAccessible: z.boolean(),
  availableFrom: isoDate,
  restrictions: z
    .strictObject({
      /** A program's documented age range for the main applicant, e.g. a youth flat 18–25. */
      minAge: z.number().int().min(16).max(120).optional(),
      maxAge: z.number().int().min(16).max(120).optional(),
      /** Staff on site (needed when the support need is high, by policy). */
      supportOnSite: z.boolean(),
    })
    .refine((r) => r.minAge === undefined || r.maxAge === undefined || r.minAge <= r.maxAge, {
      error: 'minAge must not be above maxAge',
      path: ['maxAge'],
    }),
  status: z.enum(vacancyStatuses, { error: `must be one of ${vacancyStatuses.join(', ')}` }),
})

export type Vacancy = z.infer<typeof vacancySchema>
export type VacancyInput = z.input<typeof vacancySchema>
