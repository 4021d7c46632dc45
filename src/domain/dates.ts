/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so that results do not
 * depend on the machine's time zone.
 */

const dayMs = 86_400_000

/** Days from `from` to `to` (negative when `to` is earlier). @example daysBetween('2026-01-01', '2026-01-31') // 30 */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs)
}

/** Whole years of age on `asOf` for someone born in `birthYear`/`birthMonth` (month 1–12, day taken as the 1st). */
export function ageOn(asOf: string, birthYear: number, birthMonth = 1): number {
  const [y, m] = asOf.split('-').map(Number) as [number, number]
  return y - birthYear - (m < birthMonth ? 1 : 0)
}

/** Adds days to an ISO date. @example addDays('2026-01-30', 3) // '2026-02-02' */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10)
}

/**
 * Adds calendar months to an ISO date; a day past the end of the target month becomes its last day.
 * @example addMonths('2026-01-31', 1) // '2026-02-28'
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = index - year * 12
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10)
}
