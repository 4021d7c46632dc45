/**
 * Fault: invalid UTF-8 was stored as U+FFFD ("V\xe4ster\xff\xfe" became "V�ster��") and a lone
 * surrogate spelt with a JSON escape ("\ud800x") was stored as is. Both are refused with 422.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeVacancy } from '../../support/builders.ts'
import { readProblem } from '../problem-schema.ts'
import { type V1World, v1World } from './support.ts'

const { id: _id, status: _s, ...unit } = makeVacancy({ landlord: 'municipality' })

describe('text that is not Unicode', () => {
  let world: V1World
  beforeEach(() => {
    world = v1World()
  })
  afterEach(() => world.close())

  const count = () => world.t.sqlite.prepare('SELECT count(*) FROM vacancies').pluck().get()

  it('a body with invalid UTF-8 bytes is a 422, and nothing is stored', async () => {
    const json = JSON.stringify({ ...unit, externalRef: 'REF' })
    const [before, after] = json.split('REF') as [string, string]
    // Latin-1 "ä" and two bytes that are never UTF-8, where the reference goes.
    const body = Buffer.concat([
      Buffer.from(before),
      Buffer.from([0x56, 0xe4, 0x73, 0xff, 0xfe]),
      Buffer.from(after),
    ])
    const res = await world.app.request('/v1/vacancies', {
      method: 'POST',
      headers: { ...world.tokens.allocator.headers, 'Content-Type': 'application/json' },
      body,
    })
    expect(res.status).toBe(422)
    expect((await readProblem(res)).errors).toEqual([{ path: '', message: 'is not valid UTF-8 text' }])
    expect(count()).toBe(0)
  })

  it('a lone surrogate, in a value or in a key, is a 422 naming where (never the key)', async () => {
    const inValue = await world.call('allocator', 'POST', '/v1/vacancies', {
      rawBody: JSON.stringify({ ...unit, externalRef: 'x' }).replace('"x"', '"\\ud800x"'),
    })
    expect(inValue.status).toBe(422)
    expect((await readProblem(inValue)).errors).toEqual([
      { path: 'externalRef', message: 'is not well-formed Unicode (a lone surrogate)' },
    ])
    const inKey = await world.call('allocator', 'POST', '/v1/vacancies', {
      rawBody: JSON.stringify({ ...unit, restrictions: { supportOnSite: false, x: 1 } }).replace(
        '"x"',
        '"\\udc00"',
      ),
    })
    expect((await readProblem(inKey)).errors).toEqual([
      { path: 'restrictions', message: 'is not well-formed Unicode (a lone surrogate)' },
    ])
    // A well-formed pair (an emoji spelt as escapes) is text like any other.
    const pair = await world.call('allocator', 'POST', '/v1/vacancies', {
      rawBody: JSON.stringify({ ...unit, externalRef: 'x' }).replace('"x"', '"\\ud83c\\udfe0"'),
    })
    expect(pair.status).toBe(201)
    expect(count()).toBe(1)
  })
})
