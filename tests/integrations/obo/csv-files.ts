/** Builders of ÖBO CSV files for tests: the header and rows as text, encoded as a file would be. */
import { districtNames } from './districts.ts'

export const vacancyHeader = [
  'objektnr',
  'område',
  'rum',
  'yta',
  'hyra',
  'våning',
  'hiss',
  'rullstolsanpassad',
  'tillträde',
  'status',
]

/** Row `i` of a valid vacancy file: object number 1000-<i>, a district from the list, plausible figures. */
export function vacancyRow(i: number): string[] {
  return [
    `1000-${String(i).padStart(4, '0')}`,
    districtNames[i % districtNames.length] as string,
    String(1 + (i % 4)),
    `${30 + (i % 60)},5`,
    `${5000 + (i % 40) * 100}`,
    String(i % 8),
    i % 2 === 0 ? 'ja' : 'nej',
    i % 3 === 0 ? 'ja' : 'nej',
    `2027-01-${String(1 + (i % 28)).padStart(2, '0')}`,
    'ledig',
  ]
}

/** A file's text: header and rows joined by `delimiter`, CRLF line ends. */
export function csvText(
  rows: readonly (readonly string[])[],
  delimiter = ';',
  header = vacancyHeader,
): string {
  return `${[header, ...rows].map((r) => r.join(delimiter)).join('\r\n')}\r\n`
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

/** Windows-1252 bytes of a text holding only Latin-1 letters (ÅÄÖ åäö and ASCII). */
export function windows1252(text: string): Uint8Array {
  return Uint8Array.from(
    [...text].map((ch) => {
      const code = ch.charCodeAt(0)
      if (code > 0xff) throw new Error(`not in Windows-1252's Latin-1 part: ${ch}`)
      return code
    }),
  )
}
