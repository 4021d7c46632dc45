import { z } from 'zod'
import { orebroDistricts } from './orebro-districts.ts'

/** Shared field schemas, with messages a person can act on. */

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/**
 * A calendar date written YYYY-MM-DD. Its message says which is wrong: the writing
 * (`2026-2-3`, `3 feb`), or the day (`2026-02-30`: "February 2026 has 28 days").
 */
export const isoDate = z.iso.date({
  error: (issue) => {
    const input = issue.input
    const parts = typeof input === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(input) : null
    if (parts === null) return 'must be a date written YYYY-MM-DD'
    const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])]
    if (month < 1 || month > 12) return 'is not a date: the month (MM) must be 01–12'
    if (day < 1) return 'is not a date: the day (DD) must be 01 or later'
    const last = new Date(0)
    last.setUTCFullYear(year, month, 0) // day 0 of the next month: the last day of this one
    const days = last.getUTCDate()
    return `is not a date: ${monthNames[month - 1]} ${year} has ${days} days`
  },
})

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
  // The document names the default vocabulary; the server also takes each name without case or
  // accents, and checks against HEMVIST_DISTRICTS where that is set (src/domain/districts.ts).
  .meta({ enum: [...orebroDistricts] })

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
