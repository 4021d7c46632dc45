/**
 * Personal identity numbers (personnummer, samordningsnummer) as pseudonyms.
 *
 * The clear number is never stored, returned or logged: the API turns it into
 * `pseudonymise(number, key)` = HMAC-SHA256 under a key from the environment
 * (`HEMVIST_PNR_KEY`) the moment it arrives, and keeps only that, to find
 * duplicates. A plain hash would not do: there are only about 10⁹ possible
 * numbers, so anyone holding the database could hash them all and reverse it.
 * Without the key (kept outside the database) the pseudonym reveals nothing.
 */
import { createHmac } from 'node:crypto'
import { inspect } from 'node:util'
import { err, ok, type Result } from './validation.ts'

/**
 * The HMAC key. Holds its bytes privately and prints as `[redacted]`
 * (JSON, console, pino), so passing the configuration around cannot leak it.
 */
export class PseudonymKey {
  readonly #bytes: Buffer

  private constructor(bytes: Buffer) {
    this.#bytes = bytes
  }

  /** At least 32 characters (e.g. `openssl rand -hex 32`); the text's UTF-8 bytes are the key. */
  static fromText(text: string): Result<PseudonymKey, string> {
    if (text.length < 32) return err('must be at least 32 characters (e.g. from `openssl rand -hex 32`)')
    return ok(new PseudonymKey(Buffer.from(text, 'utf8')))
  }

  /** For `pseudonymise` only. */
  bytes(): Buffer {
    return this.#bytes
  }

  toJSON(): string {
    return '[redacted]'
  }

  toString(): string {
    return '[redacted]'
  }

  [inspect.custom](): string {
    return 'PseudonymKey [redacted]'
  }
}

/**
 * Reads a personnummer or samordningsnummer in any usual form
 * (`YYYYMMDD-NNNC`, `YYYYMMDDNNNC`, `YYMMDD-NNNC`, `YYMMDDNNNC`, `YYMMDD+NNNC`
 * for someone 100 or older) and returns the 12-digit form `YYYYMMDDNNNC`.
 * Checks the date (day + 60 for a samordningsnummer) and the check digit.
 * Error messages never repeat the number.
 *
 * @example
 * parsePersonnummer('811218-9876', new Date('2026-01-01')) // ok('198112189876')
 */
export function parsePersonnummer(input: string, today: Date): Result<string, string> {
  const m = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$/.exec(input.trim())
  if (m === null) return err('must be a personnummer: YYYYMMDD-NNNN or YYMMDD-NNNN')
  const [, century, yy = '', mm = '', dd = '', sep, serial = '', check = ''] = m
  const month = Number(mm)
  const rawDay = Number(dd)
  const day = rawDay > 60 ? rawDay - 60 : rawDay // samordningsnummer: day + 60
  const born = (y: number) => new Date(Date.UTC(y, month - 1, day))
  let year: number
  if (century !== undefined) {
    if (sep === '+') return err('must be a personnummer: "+" goes only with a two-digit year')
    year = Number(century + yy)
  } else {
    // Two-digit year: the most recent birthday with that year on or before today ("-": under 100),
    // one century earlier with "+" (aged 100 or more).
    const thisYear = today.getUTCFullYear()
    year = thisYear - ((((thisYear - Number(yy)) % 100) + 100) % 100)
    if (born(year) > today) year -= 100
    if (sep === '+') year -= 100
  }
  const date = born(year)
  if (month < 1 || month > 12 || day < 1 || date.getUTCMonth() !== month - 1 || date > today) {
    return err('must be a personnummer with a real date of birth')
  }
  if (luhnCheckDigit(`${yy}${mm}${dd}${serial}`) !== Number(check)) {
    return err('must be a personnummer with a valid check digit')
  }
  return ok(`${String(year).padStart(4, '0')}${mm}${dd}${serial}${check}`)
}

/** The Luhn (mod 10) check digit of nine digits, as the Swedish Tax Agency computes it. */
function luhnCheckDigit(nine: string): number {
  let sum = 0
  for (let i = 0; i < nine.length; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1)
    if (d > 9) d -= 9
    sum += d
  }
  return (10 - (sum % 10)) % 10
}

/**
 * The pseudonym of a personnummer: hex HMAC-SHA256 of its 12-digit form
 * (from `parsePersonnummer`, so every way of writing the same number gives the
 * same pseudonym) under `key`. Throws on anything but 12 digits: passing an
 * unnormalised number would silently miss duplicates.
 *
 * @example
 * const pnr = parsePersonnummer(input, new Date())
 * if (pnr.ok) stored.pnrPseudonym = pseudonymise(pnr.value, config.pnrKey)
 */
export function pseudonymise(pnr: string, key: PseudonymKey): string {
  if (!/^\d{12}$/.test(pnr))
    throw new TypeError('pseudonymise takes the 12-digit form from parsePersonnummer')
  return createHmac('sha256', key.bytes()).update(pnr, 'utf8').digest('hex')
}
