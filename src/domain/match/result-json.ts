import type { CodedRoundResult } from './explanation-texts.ts'
import type { RoundResult } from './run-round.ts'

/** The result's lists that are written one entry per line. */
const listedByLine = new Set(['proposals', 'unmatched'])

/**
 * A round result as JSON text, in pieces to write one after another: the result's fields one per
 * line, and each proposal and each unmatched household on a line of its own. A large result is
 * never one string (JSON.stringify of a 5,000 × 1,000 round's result was hundreds of MB), the file
 * stays about the size of compact JSON, and a person can still read or grep it a household at a
 * time. `JSON.parse` of the joined pieces equals the result.
 *
 * @example
 * for (const piece of resultJsonPieces(result)) writeSync(fd, piece)
 */
export function* resultJsonPieces(result: RoundResult | CodedRoundResult): Generator<string> {
  const entries = Object.entries(result).filter(([, value]) => value !== undefined)
  yield '{\n'
  for (const [i, [key, value]] of entries.entries()) {
    const comma = i < entries.length - 1 ? ',' : ''
    if (listedByLine.has(key) && Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`
      for (const [j, item] of value.entries()) {
        yield `    ${JSON.stringify(item)}${j < value.length - 1 ? ',' : ''}\n`
      }
      yield `  ]${comma}\n`
    } else {
      yield `  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}\n`
    }
  }
  yield '}\n'
}
