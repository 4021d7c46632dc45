/**
 * Small-cell suppression: every aggregate that reaches an analyst hides counts from 1 to 4, so no
 * person can be singled out (shown as "<5"), and hides a second cell where one hidden cell could
 * otherwise be recovered from a total.
 */
/** Cells counting 1 to 4 households are suppressed: small numbers can point at a person. */
export const suppressionThreshold = 5

/** A count, or null when it is suppressed. */
export interface Cell {
  count: number | null
  suppressed: boolean
}

/**
 * Suppresses one dimension's cells: every count from 1 to threshold − 1
 * (primary), and, when that hides exactly one cell, the smallest other
 * non-zero cell too (secondary), so that the hidden count cannot be recovered
 * as the total minus the visible cells. Zero is shown: "no household" points
 * at no one. When the total itself is small every non-zero cell is hidden.
 *
 * @example
 * suppress({ a: 12, b: 3, c: 7 }, 5) // a 12, b hidden, c hidden (secondary)
 */
export function suppress<K extends string>(
  counts: Record<K, number>,
  threshold = suppressionThreshold,
): Record<K, Cell> {
  const keys = Object.keys(counts) as K[]
  const total = keys.reduce((s, k) => s + counts[k], 0)
  const hidden = new Set<K>(keys.filter((k) => counts[k] > 0 && (counts[k] < threshold || total < threshold)))
  if (hidden.size === 1) {
    const next = keys
      .filter((k) => !hidden.has(k) && counts[k] > 0)
      .sort((a, b) => counts[a] - counts[b] || (a < b ? -1 : 1))[0]
    if (next !== undefined) hidden.add(next)
  }
  const out = {} as Record<K, Cell>
  for (const k of keys)
    out[k] = hidden.has(k) ? { count: null, suppressed: true } : { count: counts[k], suppressed: false }
  return out
}
