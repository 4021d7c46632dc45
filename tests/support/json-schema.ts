/**
 * A small JSON Schema (2020-12) validator for the keywords the OpenAPI
 * document uses, written independently of zod so that the contract test
 * checks answers against the document as published, not against the zod
 * schemas it was generated from. A keyword it does not know is an error, not
 * a silent pass: when the document starts using one, this file must learn it.
 */

type Schema = Record<string, unknown>

/** Keywords that only annotate; they never make a value invalid. */
const annotations = new Set([
  'description',
  'title',
  'default',
  'examples',
  'example',
  '$comment',
  'deprecated',
])

const known = new Set([
  ...annotations,
  '$ref',
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
])

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i

function validDate(text: string): boolean {
  const m = isoDate.exec(text)
  if (m === null) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

const formats: Record<string, (text: string) => boolean> = {
  date: validDate,
  'date-time': (t) => isoDateTime.test(t) && validDate(t.slice(0, 10)) && !Number.isNaN(Date.parse(t)),
}

const regexCache = new Map<string, RegExp>()
function regex(pattern: string): RegExp {
  let r = regexCache.get(pattern)
  if (r === undefined) {
    // JSON Schema patterns are ECMA-262 regular expressions, with Unicode semantics.
    r = new RegExp(pattern, 'u')
    regexCache.set(pattern, r)
  }
  return r
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function typeMatches(want: string, value: unknown): boolean {
  const got = typeOf(value)
  if (want === 'number') return got === 'number' || got === 'integer'
  return want === got
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * The ways `value` breaks `schema`, each as `path: reason`; empty when it is valid.
 * `$ref`s are resolved in `root` (`#/components/schemas/X`).
 *
 * @example
 * schemaErrors({ type: 'integer', minimum: 1 }, 0) // ['(value): below the minimum 1']
 */
export function schemaErrors(
  schema: unknown,
  value: unknown,
  root: unknown = schema,
  path = '(value)',
): string[] {
  if (schema === true || schema === undefined) return []
  if (schema === false) return [`${path}: no value is allowed here`]
  const s = schema as Schema
  for (const key of Object.keys(s))
    if (!known.has(key)) throw new Error(`schemaErrors: unknown keyword ${key} at ${path}`)
  const errors: string[] = []
  const fail = (reason: string) => errors.push(`${path}: ${reason}`)

  if (typeof s.$ref === 'string') {
    if (!s.$ref.startsWith('#/')) throw new Error(`schemaErrors: only local $refs are supported (${s.$ref})`)
    let target: unknown = root
    for (const part of s.$ref.slice(2).split('/')) target = (target as Schema | undefined)?.[part]
    if (target === undefined) throw new Error(`schemaErrors: $ref ${s.$ref} names nothing`)
    errors.push(...schemaErrors(target, value, root, path))
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string]
    if (!types.some((t) => typeMatches(t, value))) {
      fail(`is ${typeOf(value)}, not ${types.join(' or ')}`)
      return errors
    }
  }
  if ('const' in s && !deepEqual(s.const, value)) fail(`is not ${JSON.stringify(s.const)}`)
  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, value))) fail('is not one of the enum')

  if (typeof value === 'string') {
    const length = [...value].length
    if (typeof s.minLength === 'number' && length < s.minLength) fail(`is shorter than ${s.minLength}`)
    if (typeof s.maxLength === 'number' && length > s.maxLength) fail(`is longer than ${s.maxLength}`)
    if (typeof s.pattern === 'string' && !regex(s.pattern).test(value)) fail(`does not match ${s.pattern}`)
    if (typeof s.format === 'string') {
      const check = formats[s.format]
      if (check === undefined) throw new Error(`schemaErrors: unknown format ${s.format}`)
      if (!check(value)) fail(`is not a ${s.format}`)
    }
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) fail(`is below the minimum ${s.minimum}`)
    if (typeof s.maximum === 'number' && value > s.maximum) fail(`is above the maximum ${s.maximum}`)
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum)
      fail(`is not above ${s.exclusiveMinimum}`)
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum)
      fail(`is not below ${s.exclusiveMaximum}`)
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems)
      fail(`has fewer than ${s.minItems} items`)
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) fail(`has more than ${s.maxItems} items`)
    if (s.items !== undefined)
      value.forEach((item, i) => {
        errors.push(...schemaErrors(s.items, item, root, `${path}[${i}]`))
      })
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>
    const keys = Object.keys(object)
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties)
      fail(`has fewer than ${s.minProperties} properties`)
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties)
      fail(`has more than ${s.maxProperties} properties`)
    for (const name of (s.required ?? []) as string[]) if (!(name in object)) fail(`lacks ${name}`)
    const properties = (s.properties ?? {}) as Record<string, unknown>
    if (s.propertyNames !== undefined)
      for (const key of keys) errors.push(...schemaErrors(s.propertyNames, key, root, `${path} key ${key}`))
    for (const key of keys) {
      if (key in properties)
        errors.push(...schemaErrors(properties[key], object[key], root, `${path}.${key}`))
      else if (s.additionalProperties !== undefined)
        errors.push(...schemaErrors(s.additionalProperties, object[key], root, `${path}.${key}`))
    }
  }
  if (Array.isArray(s.allOf)) for (const sub of s.allOf) errors.push(...schemaErrors(sub, value, root, path))
  if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => schemaErrors(sub, value, root, path).length === 0))
    fail('matches none of anyOf')
  if (Array.isArray(s.oneOf)) {
    const matching = s.oneOf.filter((sub) => schemaErrors(sub, value, root, path).length === 0).length
    if (matching !== 1) fail(`matches ${matching} of oneOf, not exactly one`)
  }
  if (s.not !== undefined && schemaErrors(s.not, value, root, path).length === 0) fail('matches not')
  return errors
}
