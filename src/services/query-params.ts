/**
 * Query parameters shared by the list routes. They arrive as text; each
 * schema's JSON Schema states what a client may send exactly, so that a
 * client generated from the OpenAPI document never sends a value the server
 * refuses: a whole number is documented as an integer with its bounds (and
 * sent as its decimal digits), a cursor by its form.
 */
import { z } from 'zod'

/**
 * A whole number from `min` to `max`, written in decimal digits. Documented as
 * `{ type: integer, minimum, maximum }`, what a client serialises it from.
 *
 * @example
 * wholeNumberText(1, 200).parse('20') // 20
 */
export function wholeNumberText(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`
  return z
    .string({ error: message })
    .refine(
      (text) => {
        if (!/^\d{1,16}$/.test(text)) return false
        const n = Number(text)
        return n >= min && n <= max
      },
      { error: message },
    )
    .transform(Number)
    .meta({ type: 'integer', minimum: min, maximum: max })
}

/** Page sizes a list accepts; outside the range is a 422, not a silent clamp. */
export const maxPageSize = 200
export const defaultPageSize = 50

/** `limit` of a list: 1–200. */
export const limitParam = wholeNumberText(1, maxPageSize)

/**
 * The `nextCursor` of the previous page, passed back as it was given (`c1.` and base64url). A value of
 * that form that this API did not give out is read as a position in id order like any other.
 */
export const cursorParam = z
  .string()
  .max(200, { error: 'is not a cursor this API gave out' })
  .regex(/^c1\.[A-Za-z0-9_-]+$/, { error: 'is not a cursor this API gave out' })
