/**
 * Fault: requests Node's HTTP parser refuses (a 20 KB header, a body longer than its
 * Content-Length) got a bare 431 or 400 before the app ran. Through a real server and raw sockets.
 */
import type { Server } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { serve } from '@hono/node-server'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { answerClientErrors } from '../../src/api/client-errors.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'
import { testApp } from './test-app.ts'

/** Sends raw bytes and reads everything until the server closes the connection. */
function exchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw))
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')))
    socket.setTimeout(5_000, () => socket.destroy())
  })
}

/** The last response in `text`: status line, headers and the parsed body. */
function lastResponse(text: string): { status: number; contentType: string | undefined; body: unknown } {
  const at = text.lastIndexOf('HTTP/1.1 ')
  const [head = '', body = ''] = text.slice(at).split('\r\n\r\n')
  const status = Number(head.slice(9, 12))
  const contentType = /\r\ncontent-type: ([^\r]+)/i.exec(head)?.[1]
  return { status, contentType, body: body === '' ? undefined : JSON.parse(body) }
}

describe('requests the HTTP parser refuses', () => {
  let t: TestDatabase
  let server: Server
  let port: number
  beforeEach(async () => {
    t = freshDatabase()
    const { app, log } = testApp(t)
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        port = info.port
        resolve()
      }) as Server
      answerClientErrors(server, log.logger)
    })
  })
  afterEach(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    t.close()
  })

  it('a 20 KB header is a 431 problem+json', async () => {
    const text = await exchange(
      port,
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    )
    const res = lastResponse(text)
    expect(res.status).toBe(431)
    expect(res.contentType).toBe('application/problem+json')
    expect(res.body).toMatchObject({ status: 431, type: 'urn:hemvist:problem:bad-request' })
  })

  it('a body longer than its Content-Length is a 400 problem+json after the first request is answered', async () => {
    const text = await exchange(
      port,
      'POST /v1/vacancies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}{"more": "bytes than announced"}',
    )
    expect(text.startsWith('HTTP/1.1 401')).toBe(true) // the declared request: no token
    const res = lastResponse(text)
    expect(res.status).toBe(400)
    expect(res.contentType).toBe('application/problem+json')
    expect(res.body).toMatchObject({ status: 400, instance: expect.stringMatching(/^[0-9a-f-]{36}$/) })
  })
})
