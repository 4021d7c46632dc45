import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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
