import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { requestLogFields } from '../../src/api/request-log.ts'
import { redactPaths } from '../../src/logging.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'
import { testApp } from './test-app.ts'

describe('requestLog', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('logs the pattern of the route that answered, not of another route that also matched', async () => {
    const { app, log } = testApp(t)
    app.get('/test/things/stats', (c) => c.text('stats'))
    app.get('/test/things/:id', (c) => c.text('one'))
    await app.request('/test/things/stats')
    await app.request('/test/things/t-42')
    const routes = log
      .lines()
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === 'request')
      .map((l) => l.route)
    expect(routes).toEqual(['/test/things/stats', '/test/things/:id'])
  })
})

describe('the request line', () => {
  it('holds only requestLogFields, none of them a key the logger redacts (so writing it unredacted changes nothing)', async () => {
    const t = freshDatabase()
    try {
      const { app, log } = testApp(t)
      app.get('/test/things/:id', (c) => c.text('one'))
      await app.request('/test/things/t-42', { headers: { 'X-Correlation-Id': 'abc-1' } })
      const line = log
        .lines()
        .map((l) => JSON.parse(l))
        .find((l) => l.msg === 'request')
      const base = ['level', 'time', 'service']
      expect(Object.keys(line).filter((k) => !base.includes(k))).toEqual([...requestLogFields])
      const redactedKeys = new Set(redactPaths.map((p) => p.replace(/^\*\./, '')))
      expect(requestLogFields.filter((k) => redactedKeys.has(k))).toEqual([])
    } finally {
      t.close()
    }
  })
})
