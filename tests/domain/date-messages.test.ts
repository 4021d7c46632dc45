import { describe, expect, it } from 'vitest'

describe('a date field’s message says what is wrong', () => {
  it('the writing, the month, the day, or the length of that month', async () => {
    const { isoDate } = await import('../../src/domain/schema-parts.ts')
    const message = (v: unknown) => isoDate.safeParse(v).error?.issues[0]?.message
    expect(message('2026-02-30')).toBe('is not a date: February 2026 has 28 days')
    expect(message('2024-02-30')).toBe('is not a date: February 2024 has 29 days')
    expect(message('2026-13-01')).toBe('is not a date: the month (MM) must be 01–12')
    expect(message('2026-01-00')).toBe('is not a date: the day (DD) must be 01 or later')
    expect(message('2026-2-3')).toBe('must be a date written YYYY-MM-DD')
    expect(message(20260203)).toBe('must be a date written YYYY-MM-DD')
    expect(message('2026-04-30')).toBeUndefined()
  })
})
