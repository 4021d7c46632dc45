/**
 * One HTTP attempt to deliver a signed webhook: the only network I/O of the
 * outbox. A timeout bounds the whole attempt; a redirect is never followed (a
 * 3xx is a failed attempt: a signed message goes only where it was configured
 * to go); at most `maxResponseBytes` of the answer are read (and thrown
 * away: only the status counts), so a huge or endless answer cannot exhaust
 * memory. The result says whether a retry can help (delivery-lifecycle.ts).
 */
import type { AttemptResult } from './delivery-lifecycle.ts'
import { signedHeaders } from './signature.ts'

export interface DeliverOptions {
  url: string
  key: Buffer
  timeoutMs?: number
  maxResponseBytes?: number
  /** The clock for the signature's timestamp (tests pass an old one). */
  nowMs?: () => number
}

export const defaultTimeoutMs = 10_000
export const defaultMaxResponseBytes = 64 * 1024

/**
 * Sends `body` under delivery id `id`, signed.
 *
 * @example
 * const result = await deliver({ url, key }, 'msg_0190…', body)
 * // { kind: 'answered', status: 204 }
 */
export async function deliver(options: DeliverOptions, id: string, body: string): Promise<AttemptResult> {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs
  const cap = options.maxResponseBytes ?? defaultMaxResponseBytes
  const now = options.nowMs?.() ?? Date.now()
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  try {
    const res = await fetch(options.url, {
      method: 'POST',
      redirect: 'manual',
      signal: controller.signal,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'hemvist-obo-relay/1',
        ...signedHeaders(options.key, id, Math.floor(now / 1000), body),
      },
      body,
    })
    let read = 0
    if (res.body !== null) {
      const reader = res.body.getReader()
      for (;;) {
        const chunk = await reader.read()
        if (chunk.done) break
        read += chunk.value.byteLength
        if (read > cap) {
          await reader.cancel()
          controller.abort()
          return { kind: 'failed', reason: 'too_large' }
        }
      }
    }
    return { kind: 'answered', status: res.status }
  } catch {
    return { kind: 'failed', reason: controller.signal.aborted ? 'timeout' : 'network' }
  } finally {
    clearTimeout(timer)
  }
}
