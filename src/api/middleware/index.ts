export { type RateLimitOptions, rateLimit, rateLimited, tokenBuckets } from './rate-limit.ts'
export { corsPolicy, noStore, securityHeaders } from './security.ts'
