/**
 * Fault: an error body echoed a client's key (`{"Anna Kanarie 19800101-1234": 1}` came back as
 * the issue's `path`). A key that is not a short identifier is named by its position instead.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeVacancy } from '../../support/builders.ts'
import { readProblem } from '../problem-schema.ts'
import { type V1World, v1World } from './support.ts'

const { id: _id, status: _s, ...unit } = makeVacancy({ landlord: 'municipality' })

describe('unknown keys in an error', () => {
  let world: V1World
  beforeEach(() => {
    world = v1World()
  })
  afterEach(() => world.close())

  it('a key holding personal data is named by position, never echoed; a plain one by name', async () => {
    const res = await world.call('allocator', 'POST', '/v1/vacancies', {
      body: {
        ...unit,
        'Anna Kanarie 19800101-1234': 1,
        restrictions: { supportOnSite: false, x: 1, 'ö ö': 2 },
      },
    })
    expect(res.status).toBe(422)
    const text = await res.text()
    expect(text).not.toMatch(/Kanarie|19800101|ö ö/)
    const paths = (JSON.parse(text) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()
    expect(paths).toEqual(
      [`<key ${Object.keys(unit).length + 1}>`, 'restrictions.<key 3>', 'restrictions.x'].sort(),
    )
  })

  it('a repeated query parameter with such a name is masked too', async () => {
    const res = await world.call('allocator', 'GET', '/v1/vacancies?Anna%20Kanarie=1&Anna%20Kanarie=2')
    const problem = await readProblem(res)
    expect(JSON.stringify(problem)).not.toContain('Kanarie')
  })
})
