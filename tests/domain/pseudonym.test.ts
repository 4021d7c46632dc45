import { inspect } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PseudonymKey, parsePersonnummer, pseudonymise } from '../../src/domain/pseudonym.ts'

const today = new Date('2026-06-01T00:00:00Z')
const key = (text = 'k'.repeat(32)) => {
  const r = PseudonymKey.fromText(text)
  if (!r.ok) throw new Error(r.error)
  return r.value
}

/** The check digit by the Tax Agency's rule, written independently of the implementation's loop. */
function withCheckDigit(nine: string): string {
  const sum = [...nine]
    .map((d, i) => Number(d) * (i % 2 === 0 ? 2 : 1))
    .map((p) => Math.floor(p / 10) + (p % 10))
    .reduce((a, b) => a + b, 0)
  return `${nine}${(10 - (sum % 10)) % 10}`
}

describe('parsePersonnummer', () => {
  // The Tax Agency's published test number 19121212-1212.
  it('reads every usual form of the same number to the same 12 digits', () => {
    for (const form of ['19121212-1212', '191212121212', '121212+1212', ' 191212121212 ']) {
      expect(parsePersonnummer(form, today), form).toEqual({ ok: true, value: '191212121212' })
    }
    // Without "+", a two-digit year is the most recent one: 2012, not 1912.
    expect(parsePersonnummer('121212-1212', today)).toEqual({ ok: true, value: '201212121212' })
  })

  it('a two-digit year whose birthday is still ahead this year belongs to the previous century', () => {
    const pnr = withCheckDigit('261224123')
    expect(parsePersonnummer(`${pnr.slice(0, 6)}-${pnr.slice(6)}`, today)).toEqual({
      ok: true,
      value: `19${pnr}`,
    })
    const past = withCheckDigit('260115123')
    expect(parsePersonnummer(`${past.slice(0, 6)}-${past.slice(6)}`, today)).toEqual({
      ok: true,
      value: `20${past}`,
    })
  })

  it('accepts a samordningsnummer (day + 60)', () => {
    const pnr = withCheckDigit('811278987') // 18 December 1981 as 78
    expect(parsePersonnummer(`19${pnr}`, today)).toEqual({ ok: true, value: `19${pnr}` })
  })

  it('refuses a wrong check digit, an impossible date, a future date and other shapes, never repeating the number', () => {
    for (const bad of [
      '19121212-1213',
      '19121312-1212',
      '19120230-1234',
      '20991212-1212',
      '1212121212-1',
      'abc',
      '',
    ]) {
      const r = parsePersonnummer(bad, today)
      expect(r.ok, bad).toBe(false)
      if (!r.ok && bad.length > 0) expect(r.error).not.toContain(bad.slice(0, 6))
    }
    expect(parsePersonnummer('19121212+1212', today).ok).toBe(false)
  })

  it('accepts exactly the numbers whose check digit is right (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1930-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 9 }),
        (born, serial, digit) => {
          const ymd = born.toISOString().slice(0, 10).replaceAll('-', '')
          const nine = `${ymd.slice(2)}${String(serial).padStart(3, '0')}`
          const right = withCheckDigit(nine)
          const candidate = `${ymd.slice(0, 2)}${nine}${digit}`
          const r = parsePersonnummer(candidate, today)
          expect(r.ok).toBe(candidate === `${ymd.slice(0, 2)}${right}`)
        },
      ),
      { seed: 12, numRuns: 300 },
    )
  })
})

describe('pseudonymise', () => {
  it('is a keyed HMAC: the same number and key give the same pseudonym, another key another one', () => {
    const a = pseudonymise('191212121212', key())
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(pseudonymise('191212121212', key())).toBe(a)
    expect(pseudonymise('191212121212', key('x'.repeat(32)))).not.toBe(a)
    expect(pseudonymise('201212121212', key())).not.toBe(a)
    expect(a).not.toContain('1912121212')
  })

  it('refuses anything but the 12-digit form, so no duplicate is missed through formatting', () => {
    expect(() => pseudonymise('19121212-1212', key())).toThrow(/12-digit form/)
    expect(() => pseudonymise('1212121212', key())).toThrow(/12-digit form/)
  })

  it('the key needs 32 characters and never prints', () => {
    expect(PseudonymKey.fromText('short').ok).toBe(false)
    const k = key('a-very-secret-key-material-of-32+chars')
    expect(JSON.stringify({ k })).toBe('{"k":"[redacted]"}')
    expect(String(k)).toBe('[redacted]')
    expect(inspect({ k })).not.toContain('secret')
  })
})
