/**
 * fast-check arbitraries generated from the JSON Schemas that zod emits for
 * the request schemas (z.toJSONSchema, io: 'input'), so the fuzz test follows
 * the schemas as they change. `valid` values follow the schema's structure
 * (cross-field rules such as "the kind belongs to the code" are not in JSON
 * Schema, so some are refused: that is fine, the property is about the
 * answer's shape); `mutated` breaks one thing in a valid value.
 */
import fc from 'fast-check'
import { z } from 'zod'

type Schema = Record<string, unknown>

/** Arrays are kept short: the fuzz test is about shapes, the limits test about sizes. */
const maxArray = 3

const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))

export function fromJsonSchema(schema: Schema): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as Schema[]).map(fromJsonSchema))
  if (Array.isArray(schema.oneOf)) return fc.oneof(...(schema.oneOf as Schema[]).map(fromJsonSchema))
  if ('const' in schema) return fc.constant(schema.const)
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]))
  const type = schema.type
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => fromJsonSchema({ ...schema, type: t })))
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>
      const required = new Set((schema.required ?? []) as string[])
      const record: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [k, s] of Object.entries(properties)) record[k] = fromJsonSchema(s)
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) })
    }
    case 'array': {
      const items = (schema.items ?? {}) as Schema
      const minLength = Number(schema.minItems ?? 0)
      const maxLength = Math.max(minLength, Math.min(Number(schema.maxItems ?? maxArray), maxArray))
      return fc.array(fromJsonSchema(items), { minLength, maxLength })
    }
    case 'string': {
      if (schema.format === 'date') return isoDate
      if (typeof schema.pattern === 'string') {
        const maxLength = Number(schema.maxLength ?? 64)
        return fc
          .stringMatching(new RegExp(schema.pattern))
          .filter((s) => s.length >= Number(schema.minLength ?? 0) && s.length <= maxLength)
      }
      return fc.string({
        minLength: Number(schema.minLength ?? 0),
        maxLength: Math.min(Number(schema.maxLength ?? 40), 40),
      })
    }
    case 'integer':
      return fc.integer({ min: Number(schema.minimum ?? -1000), max: Number(schema.maximum ?? 1000) })
    case 'number':
      return fc.double({
        min: Number(schema.minimum ?? -1000),
        max: Number(schema.maximum ?? 1000),
        noNaN: true,
        noDefaultInfinity: true,
      })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

/** Valid-shaped values of a zod schema's input. */
export function validOf(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fromJsonSchema(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Schema)
}

const hostile = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  fc.constant(-1),
  fc.constant(1e308),
  fc.constant('x'.repeat(5000)),
  fc.constant(Array.from({ length: 2000 }, () => 1)),
  fc.constant({ __proto__: { polluted: true } }),
  fc.constant("Robert'); DROP TABLE applicants;--"),
  fc.constant('../../etc/passwd'),
  fc.jsonValue({ maxDepth: 3 }),
)

/** A value with one thing broken: a key dropped, an unknown key added, or a value replaced by a hostile one. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), hostile, fc.constantFrom('drop', 'add', 'replace', 'whole'))
    .map(([value, pick, bad, how]) => {
      if (how === 'whole' || value === null || typeof value !== 'object') return bad
      const copy = structuredClone(value) as Record<string, unknown>
      // Walk to a random nested object.
      let here: Record<string, unknown> = copy
      for (let depth = 0; depth < 3; depth++) {
        const objects = Object.values(here).filter(
          (v): v is Record<string, unknown> => v !== null && typeof v === 'object',
        )
        if (objects.length === 0 || (pick >> depth) % 2 === 0) break
        here = objects[(pick >> (depth + 2)) % objects.length] as Record<string, unknown>
      }
      const keys = Object.keys(here)
      const key = keys.length === 0 ? 'priorityScore' : (keys[pick % keys.length] as string)
      if (how === 'drop') delete here[key]
      else if (how === 'add') here.priorityScore = bad
      else here[key] = bad
      return copy
    })
}
