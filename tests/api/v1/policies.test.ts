import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { markPolicyUsed } from '../../../db/repo/policies.ts'
import { policyListView, policyView } from '../../../src/api/views/policy.ts'
import { defaultPolicy } from '../../../src/domain/policy.ts'
import { renderPolicyDocument } from '../../../src/domain/policy-document.ts'
import { readProblem } from '../problem-schema.ts'
import { seedPolicies, type V1World, v1World } from './support.ts'

const { version: _v, ...newVersion } = defaultPolicy

describe('/v1/policies', () => {
  let world: V1World
  beforeEach(() => {
    world = v1World()
  })
  afterEach(() => world.close())

  it('stores new versions numbered by the server, inactive until activated', async () => {
    const first = await world.call('allocator', 'POST', '/v1/policies', { body: newVersion })
    expect(first.status).toBe(201)
    expect(policyView.parse(await first.json())).toMatchObject({ version: 1, active: false, usedAt: null })
    expect(first.headers.get('location')).toBe('/v1/policies/orebro-default/1')
    const second = await world.call('allocator', 'POST', '/v1/policies', {
      body: { ...newVersion, name: 'Örebro 2027' },
    })
    expect(policyView.parse(await second.json())).toMatchObject({ version: 2, name: 'Örebro 2027' })
    expect((await readProblem(await world.call('allocator', 'GET', '/v1/policies/active'))).status).toBe(404)
    const on = await world.call('allocator', 'POST', '/v1/policies/orebro-default/2/activate')
    expect(policyView.parse(await on.json())).toMatchObject({ version: 2, active: true })
    const active = policyView.parse(
      await (await world.call('caseworker', 'GET', '/v1/policies/active')).json(),
    )
    expect(active).toMatchObject({ version: 2, name: 'Örebro 2027' })
    const list = policyListView.parse(await (await world.call('analyst', 'GET', '/v1/policies')).json())
    expect(list.items.map((p) => [p.version, p.active])).toEqual([
      [1, false],
      [2, true],
    ])
    expect(world.auditActions().map((a) => `${a.action} ${a.objectId}`)).toEqual([
      'policy.create orebro-default@1',
      'policy.create orebro-default@2',
      'policy.activate orebro-default@2',
    ])
  })

  it('a used version stays as it was; a change is a new version', async () => {
    seedPolicies(world)
    markPolicyUsed(world.t.db, 'orebro-default', 1)
    const res = await world.call('admin', 'POST', '/v1/policies', {
      body: { ...newVersion, name: 'changed' },
    })
    expect(policyView.parse(await res.json()).version).toBe(3)
    const v1 = policyView.parse(
      await (await world.call('admin', 'GET', '/v1/policies/orebro-default/1')).json(),
    )
    expect(v1).toMatchObject({ name: defaultPolicy.name, active: true, usedAt: expect.any(String) })
  })

  it('serves the plain-language document in Swedish by default and in English', async () => {
    seedPolicies(world)
    const sv = await world.call('caseworker', 'GET', '/v1/policies/orebro-default/1/document')
    expect(sv.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(await sv.text()).toBe(renderPolicyDocument(defaultPolicy, 'sv'))
    const en = await world.call('analyst', 'GET', '/v1/policies/orebro-default/1/document', {
      query: { lang: 'en' },
    })
    expect(await en.text()).toBe(renderPolicyDocument(defaultPolicy, 'en'))
    expect(
      (
        await world.call('analyst', 'GET', '/v1/policies/orebro-default/1/document', {
          query: { lang: 'de' },
        })
      ).status,
    ).toBe(422)
    expect((await world.call('analyst', 'GET', '/v1/policies/orebro-default/9/document')).status).toBe(404)
    expect((await world.call('analyst', 'GET', '/v1/policies/orebro-default/x/document')).status).toBe(404)
  })
})
