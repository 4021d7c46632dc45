import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator'

/**
 * Seeded randomness for the synthetic data.
 *
 * Every generated entity gets its OWN generator, derived from (seed, stream,
 * index). That is what makes the output stable in the ways the tests and the
 * benchmark rely on:
 * - the same seed always gives the same households and vacancies;
 * - applicants and vacancies are separate streams, so changing the number of
 *   applicants never changes a vacancy (and vice versa);
 * - entity i does not depend on how many entities come after it, so a round of
 *   300 households starts with the same 300 as a round of 50,000.
 */

/** Named streams; the numbers only need to differ. */
export const streams = { applicants: 0x41, vacancies: 0x56 } as const

/** A 32-bit integer finaliser (Chris Wellons' "lowbias32"): spreads nearby inputs over the whole range. */
function mix32(x: number): number {
  let h = x | 0
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d)
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b)
  return (h ^ (h >>> 16)) | 0
}

/**
 * The 128-bit xoroshiro state for one entity. Seeding xoroshiro directly with
 * small consecutive integers gives visibly correlated first outputs, so each
 * state word is a hash of all three inputs and its own word number.
 */
function stateFor(seed: number, stream: number, index: number): number[] {
  const seedLo = seed >>> 0
  const seedHi = Math.floor(seed / 2 ** 32) >>> 0
  const base =
    mix32(mix32(mix32(seedLo) ^ seedHi) ^ Math.imul(stream, 0x9e3779b9)) ^ mix32(index + 0x6a09e667)
  const words = [0, 1, 2, 3].map((k) => mix32(base ^ mix32(k * 0x85ebca6b + 0x3c6ef372)))
  // xoroshiro must not start from the all-zero state (it would stay there forever).
  if (!words.some((w) => w !== 0)) words[0] = 1
  return words
}

/** A weighted table: values with relative (not necessarily normalised) weights. */
export type Weighted<T> = readonly (readonly [T, number])[]

export class Random {
  readonly #rng: RandomGenerator

  constructor(rng: RandomGenerator) {
    this.#rng = rng
  }

  /** The generator for entity `index` of `stream` under `seed`. */
  static for(seed: number, stream: number, index: number): Random {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`)
    return new Random(xoroshiro128plusFromState(stateFor(seed, stream, index)))
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.#rng)
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.#rng, min, max)
  }

  /** Uniform real in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.float()
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)]
    if (item === undefined) throw new RangeError('cannot pick from an empty list')
    return item
  }

  /** One value from a weighted table. */
  weighted<T>(table: Weighted<T>): T {
    let total = 0
    for (const [, w] of table) total += w
    let r = this.float() * total
    for (const [value, w] of table) {
      r -= w
      if (r < 0) return value
    }
    // Only reachable through floating-point rounding at the very top of the range.
    const last = table[table.length - 1]
    if (last === undefined) throw new RangeError('cannot draw from an empty table')
    return last[0]
  }

  /** Normal(mean, sd) by Box–Muller; one value per call keeps the draw count per entity simple. */
  normal(mean: number, sd: number): number {
    const u = 1 - this.float() // (0, 1], so the log is finite
    const v = this.float()
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float())
  }

  /**
   * `k` distinct values drawn without replacement, each draw weighted; values
   * in `exclude` are never drawn. Returns fewer than `k` if the table runs out.
   */
  sampleWeighted<T>(table: Weighted<T>, k: number, exclude: ReadonlySet<T> = new Set()): T[] {
    const pool = table.filter(([value, w]) => w > 0 && !exclude.has(value))
    const out: T[] = []
    while (out.length < k && pool.length > 0) {
      const value = this.weighted(pool)
      out.push(value)
      pool.splice(
        pool.findIndex(([v]) => v === value),
        1,
      )
    }
    return out
  }

  /** Uniform integer in [0, 2^31): a household's lottery number. */
  lottery(): number {
    return this.int(0, 2 ** 31 - 1)
  }
}
