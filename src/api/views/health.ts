/** What `GET /health` answers when the service is usable (503 problem+json otherwise). */
import { z } from 'zod'
import { named } from './registry.ts'

const countOf = z.number().int().min(0)

export const healthView = named(
  'Health',
  z.strictObject({
    status: z.literal('ok'),
    database: z.strictObject({
      reachable: z.literal(true),
      journalMode: z.string(),
      migrations: z.strictObject({ applied: countOf, expected: countOf }),
      applicants: countOf,
      vacancies: countOf,
    }),
  }),
)
