import { z } from 'zod'
import { policySchema } from '../../domain/policy.ts'
import { entityId } from '../../domain/schema-parts.ts'

/**
 * POST /v1/policies: a new version of a policy. The server numbers it (one
 * above the highest stored version of that id, 1 for a new id): versions are
 * never overwritten, a change is always a new version.
 */
export const policyCreateSchema = policySchema.omit({ version: true })
export type PolicyCreate = z.output<typeof policyCreateSchema>

/** `/v1/policies/:id/:version` path parameters (the version arrives as text). */
export const policyKeySchema = z.strictObject({
  id: entityId,
  version: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, { error: 'must be a version number' })
    .transform(Number),
})
export type PolicyKey = z.output<typeof policyKeySchema>

export const documentQuerySchema = z.strictObject({
  lang: z.enum(['sv', 'en'], { error: 'must be sv or en' }).default('sv'),
})
