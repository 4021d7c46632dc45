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
  // A real calendar date only: Date.parse accepts '2026-02-30', so compare the round trip.
  const ms = Date.parse(`${asOf}T00:00:00Z`)
  const valid =
    /^\d{4}-\d{2}-\d{2}$/.test(asOf) && !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(asOf)
  if (!valid) throw new RangeError(`asOf must be a date written YYYY-MM-DD, got "${asOf}"`)
}

/** Year and month (1–12) of an ISO date. */
export function yearMonth(date: string): [number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7))]
}
