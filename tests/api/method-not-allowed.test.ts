import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { methodsByPath } from '../../src/api/method-not-allowed.ts'
import { openApiDocument } from '../../src/api/openapi.ts'
import { problemTypes } from '../../src/api/problem.ts'
import { readProblem } from './problem-schema.ts'
import { type V1World, v1World } from './v1/support.ts'

describe('methodsByPath', () => {
  const allow = methodsByPath([
    { method: 'ALL', path: '/v1/*' },
    { method: 'GET', path: '/v1/things/:id' },
    { method: 'PATCH', path: '/v1/things/:id' },
    { method: 'POST', path: '/v1/things/:id/withdraw' },
    { method: 'GET', path: '/v1/things/stats' },
  ])

  it('names the methods of every route whose pattern matches, with HEAD beside GET', () => {
    expect(allow('/v1/things/t-1')).toEqual(['GET', 'HEAD', 'PATCH'])
    expect(allow('/v1/things/stats')).toEqual(['GET', 'HEAD', 'PATCH'])
    expect(allow('/v1/things/t-1/withdraw')).toEqual(['POST'])
  })

  it('is empty for a path no route serves (middleware does not count)', () => {
    expect(allow('/v1/things')).toEqual([])
    expect(allow('/v1/things/')).toEqual([])
    expect(allow('/v1/things/t-1/withdraw/x')).toEqual([])
    expect(allow('/v1/other')).toEqual([])
  })
})

type Methods = Record<string, unknown>
const candidates = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** Does a documented path template (`/v1/applicants/{id}`) match a concrete path? */
function templateMatches(template: string, path: string): boolean {
  const want = template.split('/')
  const got = path.split('/')
  return (
    want.length === got.length && want.every((w, i) => (/^\{\w+\}$/.test(w) ? got[i] !== '' : w === got[i]))
  )
}

/** A concrete path for a documented one: every `{param}` filled. */
const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_m, name: string) => `x-${name}`)

describe('405 for a known path, 404 for an unknown one', () => {
  let world: V1World
  beforeAll(() => {
    world = v1World()
  })
  afterAll(() => world.close())

  it('every documented path answers every other method with 405 and Allow naming the methods documented for it', async () => {
    const doc = openApiDocument()
    let checked = 0
    const paths = Object.entries(doc.paths as Record<string, Methods>)
    for (const [path] of paths) {
      // A fixed path may also match a template (`/v1/applicants/stats` and `/v1/applicants/{id}`):
      // the template's methods are served there too, so Allow names them.
      const documented = paths
        .filter(([template]) => templateMatches(template, concrete(path)))
        .flatMap(([, ops]) => Object.keys(ops).map((m) => m.toUpperCase()))
      const expected = [...new Set(documented), ...(documented.includes('GET') ? ['HEAD'] : [])].sort()
      for (const method of candidates.filter((m) => !documented.includes(m))) {
        const res = await world.call('admin', method, concrete(path))
        expect(res.status, `${method} ${path}`).toBe(405)
        expect(res.headers.get('allow'), `${method} ${path}`).toBe(expected.join(', '))
        const problem = await readProblem(res)
        expect(problem.type).toBe(problemTypes.methodNotAllowed)
        checked += 1
      }
    }
    expect(checked).toBeGreaterThan(40)
  })

  it('an unknown path is 404 whatever the method', async () => {
    for (const method of candidates) {
      const res = await world.call('admin', method, '/v1/nothing-here')
      expect(res.status, method).toBe(404)
      expect((await readProblem(res)).type).toBe(problemTypes.notFound)
    }
    expect((await world.call(null, 'DELETE', '/nothing-here')).status).toBe(404)
  })

  it('/v1 checks the token first: without one, an unsupported method is 401 like everything under /v1', async () => {
    const res = await world.call(null, 'DELETE', '/v1/policies')
    expect(res.status).toBe(401)
  })

  it('TRACE, which fetch cannot send, gets 405 from the real server too', async () => {
    const server = serve({ fetch: world.app.fetch, port: 0, hostname: '127.0.0.1' })
    try {
      await new Promise<void>((resolve) => server.once('listening', () => resolve()))
      const { port } = server.address() as AddressInfo
      const answer = await new Promise<{
        status: number
        allow: string | undefined
        type: string
        problem: string
      }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'TRACE', path: '/health' }, (res) => {
          let text = ''
          res.on('data', (d) => {
            text += d
          })
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              allow: res.headers.allow,
              type: String(res.headers['content-type']),
              problem: (JSON.parse(text) as { type: string }).type,
            }),
          )
        })
        req.on('error', reject)
        req.end()
      })
      expect(answer).toEqual({
        status: 405,
        allow: 'GET, HEAD',
        type: 'application/problem+json',
        problem: problemTypes.methodNotAllowed,
      })
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
