import { z } from 'zod'
import { applicantSchema } from './applicant.ts'
import { policySchema } from './policy.ts'
import { isoDate } from './schema-parts.ts'
import { vacancySchema } from './vacancy.ts'

/** A match round's input: the date it is run for, the policy, and who and what take part. */
export const roundInputSchema = z
  .strictObject({
    asOf: isoDate,
    policy: policySchema,
    applicants: z.array(applicantSchema).max(100_000),
    vacancies: z.array(vacancySchema).max(50_000),
  })
  .superRefine((r, ctx) => {
    for (const [list, key] of [
      [r.applicants, 'applicants'],
      [r.vacancies, 'vacancies'],
    ] as const) {
      const seen = new Map<string, number>()
      list.forEach((item, i) => {
        const first = seen.get(item.id)
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [key, i, 'id'],
            message: `duplicates the id of ${key}[${first}] ("${item.id}")`,
          })
        } else seen.set(item.id, i)
      })
    }
  })

export type RoundInput = z.infer<typeof roundInputSchema>
