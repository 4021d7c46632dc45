/**
 * fast-check arbitraries generated from JSON Schemas: those of the OpenAPI
 * document (the contract test) and those zod emits for the request schemas
 * (z.toJSONSchema, io: 'input', the fuzz test), so both follow the schemas as
 * they change. Values follow everything JSON Schema states; a rule across
 * fields that it cannot state (a vacancy's minAge above its maxAge) may be
 * broken. `mutated` breaks one thing in a valid value.
 */
import fc from 'fast-check'
import { z } from 'zod'

type Schema = Record<string, unknown>

/** Arrays are kept short: the fuzz test is about shapes, the limits test about sizes. */
const maxArray = 3

const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))

/** White space of several kinds, to pad a string whose pattern is not anchored (`\\S`). */
const padding = fc.oneof(
  fc.constant(''),
  fc.constantFrom(' ', '  ', '\t', '\u00a0', '\u3000', '\n'),
  fc.string({ unit: 'grapheme', maxLength: 2 }),
)

/**
 * Strings of characters outside the BMP (and one inside): JSON Schema counts a length in code points,
 * JavaScript's `.length` in UTF-16 units, so a string as long as a schema allows in these tells
 * the two apart.
 */
const astral = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom('𝔸', 'ö', '😀'), minLength, maxLength })

/** Length in characters (code points), as JSON Schema counts it. */
const codePoints = (s: string) => [...s].length

/**
 * Values of a JSON Schema: those `type`, `properties`, `pattern`, bounds, `enum`, `const`, `oneOf`,
 * `anyOf`, `minProperties` and local `$ref`s (resolved in `root`) allow. Strings are ASCII and
 * Unicode (astral characters too), padded with white space where the pattern allows it.
 */
export function fromJsonSchema(schema: Schema, root: Schema = schema): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === 'string') {
    let target: unknown = root
    for (const part of schema.$ref.slice(2).split('/')) target = (target as Schema | undefined)?.[part]
    if (target === undefined) throw new Error(`fromJsonSchema: $ref ${schema.$ref} names nothing`)
    return fromJsonSchema(target as Schema, root)
  }
  const sub = (s: Schema) => fromJsonSchema(s, root)
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as Schema[]).map(sub))
  if (Array.isArray(schema.oneOf)) return fc.oneof(...(schema.oneOf as Schema[]).map(sub))
  if ('const' in schema) return fc.constant(schema.const)
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]))
  const type = schema.type
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => sub({ ...schema, type: t })))
  switch (type) {
    case 'object': {
      if (schema.properties === undefined && typeof schema.additionalProperties === 'object') {
        // A map (z.record): keys from propertyNames, values from additionalProperties.
        const keys =
          schema.propertyNames === undefined
            ? fc.string({ maxLength: 10 })
            : sub(schema.propertyNames as Schema)
        return fc.dictionary(keys as fc.Arbitrary<string>, sub(schema.additionalProperties as Schema), {
          maxKeys: maxArray,
        })
      }
      const properties = (schema.properties ?? {}) as Record<string, Schema>
      const required = new Set((schema.required ?? []) as string[])
      const record: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [k, s] of Object.entries(properties)) record[k] = sub(s)
      const minProperties = Number(schema.minProperties ?? 0)
      const some = fc.record(record, { requiredKeys: [...required].filter((k) => k in record) })
      // With nothing required, the empty object is an edge worth trying often, not by chance.
      const objects = required.size === 0 ? fc.oneof(some, fc.constant({})) : some
      return objects.filter((o) => Object.keys(o as object).length >= minProperties)
    }
    case 'array': {
      const items = (schema.items ?? {}) as Schema
      const minLength = Number(schema.minItems ?? 0)
      const maxLength = Math.max(minLength, Math.min(Number(schema.maxItems ?? maxArray), maxArray))
      return fc.array(sub(items), { minLength, maxLength })
    }
    case 'string': {
      if (schema.format === 'date') return isoDate
      const minLength = Number(schema.minLength ?? 0)
      const maxLength = Number(schema.maxLength ?? 64)
      const fits = (s: string) => codePoints(s) >= minLength && codePoints(s) <= maxLength
      if (typeof schema.pattern === 'string') {
        const match = fc.stringMatching(new RegExp(schema.pattern))
        const anchored = schema.pattern.startsWith('^') && schema.pattern.endsWith('$')
        const padded = anchored
          ? match
          : fc.oneof(
              fc.tuple(padding, match, padding).map(([before, m, after]) => before + m + after),
              // Filled up to the length allowed with characters outside the BMP (see astral, below).
              match.chain((m) => {
                const room = Math.max(0, maxLength - codePoints(m))
                return astral(Math.max(0, room - 2), room).map((fill) => m + fill)
              }),
            )
        return padded.filter(fits)
      }
      const cap = Math.min(maxLength, 200)
      return fc
        .oneof(
          fc.string({ minLength, maxLength: cap }),
          fc.string({ unit: 'grapheme', minLength, maxLength: cap }),
          astral(Math.max(minLength, cap - 2), cap),
          // Only white space: a schema that trims must say so (a pattern), or this is refused.
          fc.string({ unit: fc.constantFrom(' ', '\t', '\u00a0', '\u3000'), minLength, maxLength: cap }),
        )
        .filter(fits)
    }
    case 'integer': {
      const min = schema.exclusiveMinimum === undefined ? schema.minimum : Number(schema.exclusiveMinimum) + 1
      const max = schema.exclusiveMaximum === undefined ? schema.maximum : Number(schema.exclusiveMaximum) - 1
      return fc.integer({
        min: Math.max(Number(min ?? -1000), Number.MIN_SAFE_INTEGER),
        max: Math.min(Number(max ?? 1000), Number.MAX_SAFE_INTEGER),
      })
    }
    case 'number':
      return fc.double({
        min: Number(schema.minimum ?? schema.exclusiveMinimum ?? -1000),
        max: Number(schema.maximum ?? schema.exclusiveMaximum ?? 1000),
        minExcluded: schema.minimum === undefined && schema.exclusiveMinimum !== undefined,
        maxExcluded: schema.maximum === undefined && schema.exclusiveMaximum !== undefined,
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
