import { z } from 'zod'

/** Shared field schemas, with messages a person can act on. */

export const isoDate = z.iso.date({ error: 'must be a date written YYYY-MM-DD' })

export const entityId = z
  .string({ error: 'must be a text id' })
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, {
    error: 'may contain only letters A–Z, digits and . _ : - (and must start with a letter or digit)',
  })

/**
 * Text that must hold something besides white space. After `.trim()` this is "not empty"; stated as a
 * pattern it also reaches the JSON Schema (`"pattern": "\\S"`), where the trim cannot.
 */
export const notBlank = /\S/

/** Control characters (Cc), invisible format characters (Cf: zero-width space and joiners, bidi controls, BOM). */
const invisibleOrControl = /[\p{Cc}\p{Cf}]/u

/**
 * A district's name, NFKC-normalised (fullwidth letters and a letter followed by a combining mark
 * become the plain letter: "Ｏ\u0308ster" is "Öster"), without invisible or control characters.
 * Whether it names a known district is checked against the municipality's list by the services
 * (`src/domain/districts.ts`).
 */
export const districtName = z
  .string({ error: 'must be a district name' })
  .trim()
  .normalize('NFKC')
  .refine((name) => !invisibleOrControl.test(name), {
    error: 'must not contain invisible or control characters (such as a zero-width space)',
  })
  .regex(notBlank, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' })

export const count = (label: string, max: number) =>
  z
    .number({ error: `must be a number of ${label}` })
    .int({ error: `must be a whole number of ${label}` })
    .min(0, { error: `cannot be negative` })
    .max(max, { error: `must be at most ${max} ${label}` })

export const kronor = z
  .number({ error: 'must be an amount in kronor per month' })
  .int({ error: 'must be whole kronor' })
  .min(0, { error: 'cannot be negative' })
  .max(100_000, { error: 'must be at most 100000 kronor per month' })
