/**
 * Standard Webhooks signatures (standardwebhooks.com), both ways: hemvist
 * signs nominations to ÖBO, ÖBO signs outcomes to hemvist.
 *
 * - headers `webhook-id` (the delivery id, the same on every retry),
 *   `webhook-timestamp` (Unix seconds), `webhook-signature` (`v1,<base64>`,
 *   several separated by spaces while a secret is being rotated);
 * - the signature is HMAC-SHA256 over `${id}.${timestamp}.${body}` with the
 *   secret's bytes (a secret is written `whsec_<base64>`);
 * - a receiver compares in constant time and refuses a timestamp more than
 *   five minutes from its clock (either way), so a captured request cannot be
 *   replayed later; within the window, the delivery id is its idempotency key.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { err, ok, type Result } from '../../domain/validation.ts'

/** How far a timestamp may be from the receiver's clock: five minutes, as Standard Webhooks advises. */
export const toleranceSeconds = 5 * 60

export interface SignedHeaders {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

/** A secret as bytes, from `whsec_<base64>`; refused when it is not that or shorter than 24 bytes. */
export function secretBytes(secret: string): Result<Buffer, string> {
  if (!secret.startsWith('whsec_')) return err('must be written whsec_<base64>')
  const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64')
  if (bytes.length < 24)
    return err('must hold at least 24 random bytes (whsec_ and 32 or more base64 characters)')
  return ok(bytes)
}

/** A new random secret, `whsec_` and 32 bytes in base64. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

function sign(key: Buffer, id: string, timestamp: string, body: string): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')
}

/**
 * The three headers of a delivery.
 *
 * @example
 * signedHeaders(key, 'msg_0190…', Math.floor(Date.now() / 1000), body)
 * // { 'webhook-id': 'msg_0190…', 'webhook-timestamp': '1796300100', 'webhook-signature': 'v1,K5oZ…' }
 */
export function signedHeaders(
  key: Buffer,
  id: string,
  timestampSeconds: number,
  body: string,
): SignedHeaders {
  const timestamp = String(timestampSeconds)
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${sign(key, id, timestamp, body)}`,
  }
}

export type VerifyRefusal = 'missing_headers' | 'stale_timestamp' | 'bad_signature'

/**
 * Checks a delivery's signature against the raw body exactly as received.
 * Returns the delivery id, or why it is refused.
 *
 * @example
 * verifySignature(key, headers, rawBody, Date.now()) // { ok: true, value: 'msg_0190…' }
 */
export function verifySignature(
  key: Buffer,
  headers: { id?: string | undefined; timestamp?: string | undefined; signature?: string | undefined },
  body: string,
  nowMs: number,
): Result<string, VerifyRefusal> {
  const { id, timestamp, signature } = headers
  if (!id || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp) || id.length > 256) {
    return err('missing_headers')
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSeconds) return err('stale_timestamp')
  const expected = Buffer.from(sign(key, id, timestamp, body), 'base64')
  for (const part of signature.split(' ')) {
    const [version, value] = part.split(',', 2)
    if (version !== 'v1' || value === undefined) continue
    const given = Buffer.from(value, 'base64')
    if (given.length === expected.length && timingSafeEqual(given, expected)) return ok(id)
  }
  return err('bad_signature')
}
