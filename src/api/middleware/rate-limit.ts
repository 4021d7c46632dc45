import type { Context, MiddlewareHandler } from 'hono'
import type { AuthEnv } from '../auth/types.ts'
import { problemResponse, problemTypes } from '../problem.ts'

export interface RateLimitOptions {
  /** Requests per minute per token: a burst of this many, then refilled evenly over the minute. */
  perMinute: number
  /** Epoch ms; tests pass a fake clock. */
  now?: () => number
}

interface Bucket {
  tokens: number
  /** When `tokens` was last brought up to date, epoch ms. */
  at: number
}

/** Above this many buckets, full ones (idle for a minute or more) are dropped: memory stays bounded. */
const sweepAbove = 10_000

/**
 * Token buckets by key: up to `perMinute` requests at once, then one every
 * `60 / perMinute` seconds. `take(key)` spends one and answers `undefined`, or,
 * over the limit, the whole seconds until the next request is allowed.
 */
export function tokenBuckets(options: RateLimitOptions): { take(key: string): number | undefined } {
  const { perMinute } = options
  if (!(Number.isInteger(perMinute) && perMinute >= 1)) {
    throw new RangeError('rateLimit: perMinute must be a whole number of at least 1')
  }
  const now = options.now ?? Date.now
  const perMs = perMinute / 60_000
  const buckets = new Map<string, Bucket>()

  const refill = (bucket: Bucket, t: number) => {
    bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, t - bucket.at) * perMs)
    bucket.at = t
  }

  return {
    take(key) {
      const t = now()
      let bucket = buckets.get(key)
      if (bucket === undefined) {
        if (buckets.size >= sweepAbove) {
          for (const [id, b] of buckets) {
            refill(b, t)
            if (b.tokens >= perMinute) buckets.delete(id)
          }
        }
        bucket = { tokens: perMinute, at: t }
        buckets.set(key, bucket)
      }
      refill(bucket, t)
      if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000))
      bucket.tokens -= 1
      return undefined
    },
  }
}

/** The 429 problem+json answer, with `Retry-After`. */
export function rateLimited(c: Context, perMinute: number, retryAfter: number, who = 'This token'): Response {
  return problemResponse(
    c,
    {
      type: problemTypes.rateLimited,
      title: 'Too many requests',
      status: 429,
      detail: `${who} may make ${perMinute} requests a minute. Try again in ${retryAfter} s.`,
    },
    { 'Retry-After': String(retryAfter) },
  )
}

/**
 * Rate limit per API token (the principal, not the IP address: many staff may
 * share one office address, and one token is one client). A token bucket per
 * token id (`tokenBuckets`). Over the limit: 429 problem+json with
 * `Retry-After` (whole seconds until the next request is allowed).
 *
 * The buckets live in this process's memory, which is right for hemvist's one
 * server process; several processes behind a balancer would each allow the
 * full rate and need a shared store instead. Runs after `authenticate`.
 *
 * @example
 * app.use('/v1/*', authenticate({ db }), rateLimit({ perMinute: 600 }))
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AuthEnv> {
  const buckets = tokenBuckets(options)
  return async (c, next) => {
    const principal = c.get('principal')
    if (principal === undefined) throw new Error('rateLimit runs after authenticate: no principal is set')
    const retryAfter = buckets.take(principal.tokenId)
    if (retryAfter !== undefined) return rateLimited(c, options.perMinute, retryAfter)
    return next()
  }
}
