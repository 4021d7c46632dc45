import { describe, expect, it } from 'vitest'
import { writeRefused } from '../../src/main/write-refused.ts'

/** A driver error as drizzle wraps it: the SQLite code on the cause. */
const wrapped = (code: string) => Object.assign(new Error('Failed query: …'), { cause: { code } })

describe('writeRefused', () => {
  it('says a busy database was left unchanged and may be tried again', () => {
    expect(writeRefused(wrapped('SQLITE_BUSY'), 'nothing was culled')).toBe(
      'hemvist: the database is locked by another process past the wait; nothing was culled: try again when it is free\n',
    )
  })

  it('says a full disk was left unchanged, naming the code, never the query', () => {
    expect(writeRefused(wrapped('SQLITE_FULL'), 'nothing was removed')).toBe(
      'hemvist: the database could not be written (SQLITE_FULL, e.g. a full disk); nothing was removed\n',
    )
  })

  it('leaves any other error to the caller', () => {
    expect(writeRefused(wrapped('SQLITE_CONSTRAINT_UNIQUE'), 'nothing was removed')).toBeUndefined()
    expect(writeRefused(new TypeError('a bug'), 'nothing was removed')).toBeUndefined()
  })
})
