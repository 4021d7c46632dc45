import { isoDate } from '../domain/schema-parts.ts'

/** Argument checks shared by the generators: a bad call is a programmer error, so it throws at once. */

export interface EntityOptions {
  seed: number
  /** The date the data is generated for (YYYY-MM-DD); every date is placed relative to it. */
  asOf: string
}

export function assertCount(n: number, label: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${label} must be a whole number ≥ 0, got ${n}`)
}

export function assertOptions({ seed, asOf }: EntityOptions): void {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`)
  // The schemas' own date check: a real calendar date only (not '2026-02-30').
  if (!isoDate.safeParse(asOf).success) {
    throw new RangeError(`asOf must be a date written YYYY-MM-DD, got "${asOf}"`)
  }
}

/** Year and month (1–12) of an ISO date. */
export function yearMonth(date: string): [number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7))]
}
