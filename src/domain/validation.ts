import type { z } from 'zod'

/** A validation problem at one field, in words a person can act on. */
export interface FieldIssue {
  /** Dotted path with indices, e.g. `applicants[3].household.adults`; empty for the whole document. */
  path: string
  message: string
}

/** A key shown as it is: a short identifier. Anything else is a client's text and is not echoed. */
const plainKey = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/

/**
 * How a key appears in a path: itself when it is a short identifier (every key our schemas know
 * is), else `<key N>` (its 1-based position in its object, when known), so that a key such as
 * `"Anna Kanarie 19800101-1234"` never comes back in an error.
 */
export function renderKey(key: PropertyKey, position?: number): string {
  const text = String(key)
  if (typeof key === 'string' && plainKey.test(text)) return text
  return position === undefined ? '<key>' : `<key ${position}>`
}

/** Formats a zod path as `a.b[3].c`; keys that are not short identifiers are masked (`renderKey`). */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out === '' ? renderKey(key) : `.${renderKey(key)}`
  }
  return out
}

/** The value at a path in a parsed document, or undefined when any step is missing. */
function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  let here: unknown = document
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined
    here = (here as Record<PropertyKey, unknown>)[key]
  }
  return here
}

/**
 * Turns a zod error into field issues; unknown keys are named one by one, and
 * a field absent from `input` (the document that was parsed) is "required"
 * rather than the schema's message about its type. The input is only
 * inspected, never echoed: messages carry no personal data.
 */
export function fieldIssues(error: z.ZodError, input?: unknown): FieldIssue[] {
  const out: FieldIssue[] = []
  for (const issue of onePerField(error.issues)) {
    if (issue.code === 'unrecognized_keys') {
      const holder = valueAt(input, issue.path)
      const keys = holder !== null && typeof holder === 'object' ? Object.keys(holder) : []
      for (const key of issue.keys) {
        const position = keys.indexOf(key)
        const parent = formatPath(issue.path)
        const name = renderKey(key, position < 0 ? undefined : position + 1)
        out.push({ path: parent === '' ? name : `${parent}.${name}`, message: 'is not a known field' })
      }
    } else if (
      (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
      input !== undefined &&
      valueAt(input, issue.path) === undefined
    ) {
      out.push({ path: formatPath(issue.path), message: 'is required' })
    } else {
      out.push({ path: formatPath(issue.path), message: plainMessage(issue) })
    }
  }
  return out
}

/**
 * One issue per field, the one true to the cause. A number beyond 2^53 fails both `.int()` (whose
 * own bound is Number.MAX_SAFE_INTEGER, reported as "too big" with the int's message) and the
 * field's `.max()`; only the field's own range is kept, so 1e30 kronor says "must be at most
 * 100000", not "must be whole kronor" and then the range again.
 */
function onePerField(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const byPath = new Map<string, z.core.$ZodIssue[]>()
  const out: z.core.$ZodIssue[] = []
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      out.push(issue)
      continue
    }
    const key = JSON.stringify(issue.path.map(String))
    const list = byPath.get(key)
    if (list === undefined) {
      byPath.set(key, [issue])
      out.push(issue)
    } else list.push(issue)
  }
  return out.map((first) => {
    if (first.code === 'unrecognized_keys') return first
    const all = byPath.get(JSON.stringify(first.path.map(String))) ?? [first]
    const safeIntBound = (i: z.core.$ZodIssue) =>
      (i.code === 'too_big' || i.code === 'too_small') && (i as { origin?: string }).origin === 'int'
    return all.find((i) => !safeIntBound(i)) ?? first
  })
}

/** zod's default wording ("Too big: expected number to be <=2147483647") said plainly; our own messages as they are. */
function plainMessage(issue: z.core.$ZodIssue): string {
  const limit =
    (issue as { maximum?: unknown; minimum?: unknown }).maximum ?? (issue as { minimum?: unknown }).minimum
  if (issue.code === 'too_big' && issue.message.startsWith('Too big:')) {
    return (issue as { origin?: string }).origin === 'int' ||
      (issue as { origin?: string }).origin === 'number'
      ? `must be at most ${String(limit)}`
      : issue.message
  }
  if (issue.code === 'too_small' && issue.message.startsWith('Too small:')) {
    return (issue as { origin?: string }).origin === 'int' ||
      (issue as { origin?: string }).origin === 'number'
      ? `must be at least ${String(limit)}`
      : issue.message
  }
  if (issue.code === 'invalid_type' && issue.message === 'Invalid input: expected int, received number') {
    return 'must be a whole number'
  }
  return issue.message
}

/** One line per issue: `applicants[3].household.adults: must be at least 1 adult`. */
export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((i) => `${i.path || '(document)'}: ${i.message}`).join('\n')
}

/** Result type for fallible core operations: errors are values, not exceptions. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E }
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value })
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error })
