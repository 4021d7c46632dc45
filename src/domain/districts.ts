/**
 * Districts are a vocabulary, not free text: an exclusion zone spelt with a
 * look-alike letter ("V\u0430ster" with a Cyrillic а) or an invisible
 * character ("Norr\u200b") would be stored and would never match the district
 * it names, so a safety exclusion would silently not apply. Names are
 * therefore normalised (NFKC, by the schema in `schema-parts.ts`, which also
 * refuses invisible and control characters) and then checked against the
 * municipality's list; an unknown name is refused with the closest known one.
 */
import { normaliseDistrict } from './match/household-facts.ts'
import { orebroDistricts } from './orebro-districts.ts'
import type { FieldIssue } from './validation.ts'

export { orebroDistricts }

export interface DistrictVocabulary {
  /** The known names, as the municipality spells them. */
  readonly names: readonly string[]
  /**
   * The known name `name` stands for (compared without case, accents or extra spaces, as the
   * match engine compares them), or undefined when it is none of them.
   */
  canonical(name: string): string | undefined
  /** The known name closest to `name` (fewest edits between their compared forms). */
  closest(name: string): string
}

/**
 * A vocabulary of district names.
 *
 * @example
 * const v = districtVocabulary(orebroDistricts)
 * v.canonical('vaster') // 'Väster'
 * v.closest('V\u0430ster') // 'Väster'
 */
export function districtVocabulary(names: readonly string[]): DistrictVocabulary {
  if (names.length === 0) throw new RangeError('districtVocabulary: the list is empty')
  const byKey = new Map(names.map((n) => [normaliseDistrict(n), n] as const))
  return {
    names,
    canonical: (name) => byKey.get(normaliseDistrict(name)),
    closest(name) {
      const key = normaliseDistrict(name)
      let best = names[0] as string
      let bestDistance = Number.POSITIVE_INFINITY
      for (const [k, n] of byKey) {
        const d = editDistance(key, k)
        if (d < bestDistance) {
          best = n
          bestDistance = d
        }
      }
      return best
    },
  }
}

export const defaultDistrictVocabulary = districtVocabulary(orebroDistricts)

/**
 * Checks district names against the vocabulary. Returns the names in their
 * canonical spelling ("vaster" becomes "Väster"), or one issue per unknown
 * name, at `path[i]`, naming the closest known district (never echoing the input).
 *
 * @example
 * checkDistricts(defaultDistrictVocabulary, 'safety.excludedDistricts', ['V\u0430ster'])
 * // { ok: false, issues: [{ path: 'safety.excludedDistricts[0]', message: 'is not a district of the municipality; the closest is "Väster"' }] }
 */
export function checkDistricts(
  vocabulary: DistrictVocabulary,
  path: string,
  /** A list of names (issues at `path[i]`), or one name (issues at `path`). */
  given: readonly string[] | string,
): { ok: true; names: string[] } | { ok: false; issues: FieldIssue[] } {
  const names = typeof given === 'string' ? [given] : given
  const out: string[] = []
  const issues: FieldIssue[] = []
  names.forEach((name, i) => {
    const known = vocabulary.canonical(name)
    if (known !== undefined) out.push(known)
    else
      issues.push({
        path: typeof given === 'string' ? path : `${path}[${i}]`,
        message: `is not a district of the municipality; the closest is "${vocabulary.closest(name)}"`,
      })
  })
  return issues.length === 0 ? { ok: true, names: out } : { ok: false, issues }
}

/** Levenshtein distance over code points (names are short: at most 64 characters). */
function editDistance(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const current = [i]
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
    }
    previous = current
  }
  return previous[y.length] ?? 0
}
