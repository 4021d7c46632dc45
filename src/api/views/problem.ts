import { z } from 'zod'
import { named } from './registry.ts'

/** The RFC 9457 problem body every error answers with (see ../problem.ts). */
export const problemView = named(
  'Problem',
  z.strictObject({
    type: z.string().describe('A stable URN naming the kind of problem, e.g. urn:hemvist:problem:validation'),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().describe('What went wrong, in words a person can act on; never personal data'),
    instance: z
      .string()
      .describe('The request id (also in the X-Request-Id header): quote it when reporting'),
    errors: z
      .array(z.strictObject({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Field-level issues: the dotted path of the field and what is wrong with it'),
  }),
)
