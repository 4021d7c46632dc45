import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  newSecret,
  secretBytes,
  signedHeaders,
  verifySignature,
} from '../../../src/integrations/obo/signature.ts'

const key = Buffer.from('hemvist-test-secret-of-32-bytes!')
const now = 1_796_300_100_000
const body = '{"type":"nomination.outcome"}'

function headersOf(h: ReturnType<typeof signedHeaders>) {
  return { id: h['webhook-id'], timestamp: h['webhook-timestamp'], signature: h['webhook-signature'] }
}

describe('Standard Webhooks signatures', () => {
  it('signs HMAC-SHA256 over id.timestamp.body, base64, as v1', () => {
    const h = signedHeaders(key, 'msg_1', 1_796_300_100, body)
    const expected = createHmac('sha256', key).update(`msg_1.1796300100.${body}`).digest('base64')
    expect(h).toEqual({
      'webhook-id': 'msg_1',
      'webhook-timestamp': '1796300100',
      'webhook-signature': `v1,${expected}`,
    })
  })

  it('accepts its own signature, also beside another (a rotated secret), within five minutes either way', () => {
    const h = signedHeaders(key, 'msg_1', now / 1000, body)
    expect(verifySignature(key, headersOf(h), body, now)).toEqual({ ok: true, value: 'msg_1' })
    const both = { ...headersOf(h), signature: `v1,AAAA ${h['webhook-signature']}` }
    expect(verifySignature(key, both, body, now + 299_000)).toEqual({ ok: true, value: 'msg_1' })
    expect(verifySignature(key, headersOf(h), body, now - 299_000).ok).toBe(true)
  })

  it('refuses another body, another id, another key, a stale or future timestamp, and missing headers', () => {
    const h = headersOf(signedHeaders(key, 'msg_1', now / 1000, body))
    expect(verifySignature(key, h, `${body} `, now)).toEqual({ ok: false, error: 'bad_signature' })
    expect(verifySignature(key, { ...h, id: 'msg_2' }, body, now)).toEqual({
      ok: false,
      error: 'bad_signature',
    })
    expect(verifySignature(Buffer.from('another-secret-of-32-bytes-long!'), h, body, now).ok).toBe(false)
    expect(verifySignature(key, h, body, now + 301_000)).toEqual({ ok: false, error: 'stale_timestamp' })
    expect(verifySignature(key, h, body, now - 301_000)).toEqual({ ok: false, error: 'stale_timestamp' })
    expect(verifySignature(key, { ...h, signature: undefined }, body, now)).toEqual({
      ok: false,
      error: 'missing_headers',
    })
  })

  it('reads secrets written whsec_<base64> and refuses short or unprefixed ones', () => {
    expect(secretBytes(newSecret())).toMatchObject({ ok: true })
    expect(secretBytes('whsec_c2hvcnQ=').ok).toBe(false)
    expect(secretBytes('plain-secret-plain-secret-plain-secret').ok).toBe(false)
  })
})
