import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { entityId } from '../../../src/domain/schema-parts.ts'
import { decodeCursor, encodeCursor } from '../../../src/services/applicants/cursor.ts'
import { newId } from '../../../src/services/context.ts'

const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/)

describe('cursors', () => {
  it('decode(encode(id)) is the id, for every valid id', () => {
    fc.assert(
      fc.property(id, (x) => {
        expect(decodeCursor(encodeCursor(x))).toBe(x)
      }),
      { seed: 7, numRuns: 300 },
    )
  })

  it('a value not of the form c1.<base64url> decodes to undefined', () => {
    for (const bad of ['', 'c1.', 'abc', 'c1.!!!', 'c1.YS 0x', 'c2.YS0x']) {
      expect(decodeCursor(bad), bad).toBeUndefined()
    }
  })

  it('a value of the form that this API did not give out is still a position, so the documented form is never refused', () => {
    expect(decodeCursor(`c1.${Buffer.from('a b').toString('base64url')}`)).toBe('a b')
    fc.assert(
      fc.property(fc.stringMatching(/^c1\.[A-Za-z0-9_-]+$/), (cursor) => {
        expect(typeof decodeCursor(cursor)).toBe('string')
      }),
      { seed: 8, numRuns: 200 },
    )
  })
})

describe('newId', () => {
  it('is a valid entity id (UUIDv7) and sorts by creation time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 44 }), fc.integer({ min: 1, max: 2 ** 40 }), (t, dt) => {
        const a = newId(new Date(t))
        const b = newId(new Date(t + dt))
        expect(entityId.safeParse(a).success).toBe(true)
        expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
        expect(a < b).toBe(true)
      }),
      { seed: 8, numRuns: 300 },
    )
  })
})
