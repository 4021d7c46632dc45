import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { schemaErrors } from './json-schema.ts'

describe('schemaErrors (the contract test’s independent validator)', () => {
  it('refuses what each keyword forbids and accepts what it allows', () => {
    const cases: [Record<string, unknown>, unknown, boolean][] = [
      [{ type: 'integer' }, 1.5, false],
      [{ type: 'number' }, 2, true],
      [{ type: ['string', 'null'] }, null, true],
      [{ const: 'a' }, 'b', false],
      [{ enum: ['a', 'b'] }, 'b', true],
      [{ minLength: 2 }, '😀', false],
      [{ maxLength: 1 }, '😀', true],
      [{ pattern: '\\S' }, ' \t', false],
      [{ pattern: '^c1\\.' }, 'c1.x', true],
      [{ format: 'date' }, '2026-02-29', false],
      [{ format: 'date' }, '2028-02-29', true],
      [{ format: 'date-time' }, '2026-12-02T06:00:00.000Z', true],
      [{ minimum: 1 }, 0, false],
      [{ maximum: 200 }, 201, false],
      [{ exclusiveMinimum: 0 }, 0, false],
      [{ minItems: 1 }, [], false],
      [{ maxItems: 1 }, [1, 2], false],
      [{ items: { type: 'string' } }, ['a', 1], false],
      [{ required: ['a'] }, {}, false],
      [{ properties: { a: { type: 'string' } }, additionalProperties: false }, { a: 'x', b: 1 }, false],
      [{ minProperties: 1 }, {}, false],
      [{ propertyNames: { pattern: '^a' } }, { ab: 1, b: 2 }, false],
      [{ propertyNames: { pattern: '^a' } }, { ab: 1 }, true],
      [{ anyOf: [{ type: 'string' }, { type: 'null' }] }, 1, false],
      [{ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 1, false],
      [{ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 1.5, true],
      [{ $ref: '#/components/schemas/X' }, 'x', false],
    ]
    const root = { components: { schemas: { X: { type: 'integer' } } } }
    for (const [schema, value, valid] of cases)
      expect(
        schemaErrors(schema, value, root).length === 0,
        `${JSON.stringify(schema)} ${JSON.stringify(value)}`,
      ).toBe(valid)
  })

  it('throws on a keyword it does not know, rather than passing it silently', () => {
    expect(() => schemaErrors({ uniqueItems: true }, [1, 1])).toThrow(/unknown keyword uniqueItems/)
    expect(() => schemaErrors({ format: 'email' }, 'a@b')).toThrow(/unknown format email/)
  })

  it('agrees with zod on values of a schema zod states fully in JSON Schema', () => {
    const schema = z.strictObject({
      id: z
        .string()
        .regex(/^[a-z]+$/)
        .max(5),
      n: z.number().int().min(1).max(9),
      tags: z.array(z.enum(['a', 'b'])).max(2),
      note: z.string().nullable().optional(),
    })
    const json = z.toJSONSchema(schema, { io: 'input' })
    const { $schema: _s, ...plain } = json as Record<string, unknown>
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 2 }),
        fc.record({
          id: fc.stringMatching(/^[a-z]{0,7}$/),
          n: fc.integer({ min: -1, max: 11 }),
          tags: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }),
        }),
        (any, shaped) => {
          for (const value of [any, shaped])
            expect(schemaErrors(plain, value).length === 0).toBe(schema.safeParse(value).success)
        },
      ),
      { seed: 18, numRuns: 300 },
    )
    // Both answers occurred: the agreement is not all on one side.
    const shaped = fc.sample(
      fc.record({ id: fc.constantFrom('ab', 'abcdef'), n: fc.constant(3), tags: fc.constant([]) }),
      {
        seed: 1,
        numRuns: 20,
      },
    )
    expect(new Set(shaped.map((v) => schemaErrors(plain, v).length === 0))).toEqual(new Set([true, false]))
  })
})
