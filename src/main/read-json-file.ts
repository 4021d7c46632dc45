/**
 * Reading a JSON file given on the command line, with errors a person can act
 * on: which file, what is wrong, and for a syntax error the line and column.
 * A UTF-8 byte-order mark at the start (as some editors save) is accepted.
 */
import { readFileSync } from 'node:fs'
import { err, ok, type Result } from '../domain/validation.ts'

/**
 * The parsed JSON of the file at `path`, or a sentence saying why not.
 *
 * @example
 * const r = readJsonFile('round.json')
 * if (!r.ok) console.error(`hemvist: ${r.error}`) // 'round.json is not valid JSON: line 3, column 5: a property name in double quotes was expected'
 */
export function readJsonFile(path: string): Result<unknown, string> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    return err(cannotRead(path, (error as NodeJS.ErrnoException).code))
  }
  if (text.startsWith('\ufeff')) text = text.slice(1)
  if (text.trim() === '') return err(`${path} is empty: it should hold one JSON object`)
  try {
    return ok(JSON.parse(text))
  } catch {
    const found = syntaxError(text)
    const where = lineAndColumn(text, found.at)
    return err(`${path} is not valid JSON: line ${where.line}, column ${where.column}: ${found.what}`)
  }
}

function cannotRead(path: string, code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return `there is no file ${path}`
    case 'EISDIR':
      return `${path} is a directory, not a file`
    case 'EACCES':
    case 'EPERM':
      return `${path} cannot be read: permission denied`
    default:
      return `${path} cannot be read (${code ?? 'unknown error'})`
  }
}

/** 1-based line and column (in characters) of offset `at`. */
export function lineAndColumn(text: string, at: number): { line: number; column: number } {
  let line = 1
  let start = 0
  for (let i = 0; i < at && i < text.length; i++) {
    if (text[i] === '\n') {
      line += 1
      start = i + 1
    }
  }
  return { line, column: at - start + 1 }
}

class Syntax extends Error {
  constructor(
    readonly at: number,
    readonly what: string,
  ) {
    super(what)
  }
}

/**
 * Where and why `text` is not JSON (a small scanner, used only after JSON.parse has refused it:
 * V8's message does not always give a position, and sometimes quotes the text instead).
 */
export function syntaxError(text: string): { at: number; what: string } {
  let i = 0
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++
  }
  const fail = (what: string): never => {
    throw new Syntax(i, i >= text.length ? `the text ends early: ${what}` : what)
  }
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length
    else fail('a value was expected (a string in double quotes, a number, true, false, null, { or [)')
  }
  const string = () => {
    i++ // the opening quote
    while (i < text.length && text[i] !== '"') {
      const ch = text[i] as string
      if (ch < ' ') fail('a line break or control character inside a string must be escaped')
      if (ch === '\\') {
        i++
        if (!'"\\/bfnrtu'.includes(text[i] ?? '')) fail('an unknown escape after \\ in a string')
        if (text[i] === 'u' && !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5)))
          fail('\\u must be followed by four hex digits')
      }
      i++
    }
    if (i >= text.length) fail('a string is not closed with "')
    i++
  }
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i))
    if (m === null || m[0] === '' || m[0] === '-') fail('a number is malformed')
    i += (m as RegExpExecArray)[0].length
  }
  const value = (depth: number): void => {
    if (depth > 2000) fail('the document is nested too deeply')
    space()
    const ch = text[i]
    if (ch === '{') {
      i++
      space()
      if (text[i] === '}') {
        i++
        return
      }
      for (;;) {
        space()
        if (text[i] !== '"') fail('a property name in double quotes was expected')
        string()
        space()
        if (text[i] !== ':') fail('a colon (:) was expected after the property name')
        i++
        value(depth + 1)
        space()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return
        }
        fail('a comma (,) or the closing } was expected')
      }
    }
    if (ch === '[') {
      i++
      space()
      if (text[i] === ']') {
        i++
        return
      }
      for (;;) {
        value(depth + 1)
        space()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return
        }
        fail('a comma (,) or the closing ] was expected')
      }
    }
    if (ch === '"') string()
    else if (ch === 't') literal('true')
    else if (ch === 'f') literal('false')
    else if (ch === 'n') literal('null')
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) number()
    else fail('a value was expected (a string in double quotes, a number, true, false, null, { or [)')
  }
  try {
    value(0)
    space()
    if (i < text.length) fail('there is more after the end of the JSON value')
  } catch (error) {
    if (error instanceof Syntax) return { at: error.at, what: error.what }
    throw error
  }
  return { at: 0, what: 'the text is not JSON' }
}
