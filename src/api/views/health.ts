/** What `GET /health` answers when the service is usable (503 problem+json otherwise). */
import { z } from 'zod'
import { named } from './registry.ts'

const countOf = z.number().int().min(0)

export const healthView = named(
  'Health',
  z.strictObject({
    /** `degraded`: reads are answered, writes wait for a lock another process holds. */
    status: z.enum(['ok', 'degraded']),
    /** Present only while the database holds demo data (`hemvist demo remove` takes it out). */
    demoData: z.literal(true).optional(),
    database: z.strictObject({
      reachable: z.literal(true),
      journalMode: z.string(),
      migrations: z.strictObject({ applied: countOf, expected: countOf }),
      /** False while another process holds the write lock. */
      writable: z.boolean(),
      /** Only for a request with an admin token. */
      applicants: countOf.optional(),
      vacancies: countOf.optional(),
    }),
  }),
)
