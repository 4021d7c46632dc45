export { type RateLimitOptions, rateLimit } from './rate-limit.ts'
export { corsPolicy, noStore, securityHeaders } from './security.ts'
