import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { kronor } from '../../src/domain/schema-parts.ts'
import { fieldIssues } from '../../src/domain/validation.ts'

const issuesOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input)
  return r.success ? [] : fieldIssues(r.error, input)
}

describe('fieldIssues', () => {
  it('one message per field, true to the cause: an enormous amount is out of range, not "not whole"', () => {
    const doc = z.strictObject({
      maxRent: kronor,
      lottery: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1),
    })
    expect(issuesOf(doc, { maxRent: 1e30, lottery: 1e30 })).toEqual([
      { path: 'maxRent', message: 'must be at most 100000 kronor per month' },
      { path: 'lottery', message: 'must be at most 2147483647' },
    ])
    expect(issuesOf(doc, { maxRent: 1.5, lottery: -1 })).toEqual([
      { path: 'maxRent', message: 'must be whole kronor' },
      { path: 'lottery', message: 'must be at least 0' },
    ])
    expect(issuesOf(doc, { maxRent: 10, lottery: 0.5 })).toEqual([
      { path: 'lottery', message: 'must be a whole number' },
    ])
  })
})
