import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { orebroDistricts } from '../src/domain/districts.ts'
import { PseudonymKey } from '../src/domain/pseudonym.ts'
import { describeIssues } from '../src/domain/validation.ts'

const problems = (env: Record<string, string>) => {
  const r = loadConfig(env)
  if (r.ok) throw new Error('expected the configuration to be refused')
  return describeIssues(r.error)
}

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      ok: true,
      value: {
        dbPath: './data/hemvist.db',
        port: 3000,
        host: '127.0.0.1',
        logLevel: 'info',
        demo: { enabled: true, seed: 2026, applicants: 300, vacancies: 60 },
        worker: { pollMs: 1000 },
        database: { lockWaitMs: 5000 },
        http: { corsOrigins: [], rateLimitPerMinute: 600 },
        districts: orebroDistricts,
        pnrKey: undefined,
        retention: {
          periods: { household: 5, round: 5, audit: 5, staff_session: 7 },
          scheduled: false,
        },
        obo: { webhookUrl: undefined, nominationSecret: undefined, outcomeSecret: undefined },
      },
    })
  })

  it('reads every variable', () => {
    const r = loadConfig({
      HEMVIST_DB: '/tmp/x.db',
      PORT: '0',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'WARN',
      HEMVIST_DEMO: 'false',
      HEMVIST_DEMO_SEED: '7',
      HEMVIST_DEMO_APPLICANTS: '50',
      HEMVIST_DEMO_VACANCIES: '12',
      HEMVIST_WORKER_POLL_MS: '250',
      HEMVIST_DB_LOCK_WAIT_MS: '750',
      HEMVIST_CORS_ORIGINS: 'https://boende.orebro.se, http://localhost:5173/',
      HEMVIST_RATE_LIMIT_PER_MINUTE: '120',
      HEMVIST_DISTRICTS: 'Centrum, Norr ,Ｏ\u0308ster,Centrum',
      HEMVIST_PNR_KEY: 'k'.repeat(32),
      HEMVIST_RETENTION_HOUSEHOLD_YEARS: '10',
      HEMVIST_RETENTION_ROUND_YEARS: '3',
      HEMVIST_RETENTION_AUDIT_YEARS: '12',
      HEMVIST_RETENTION_SESSION_DAYS: '30',
      HEMVIST_RETENTION_SCHEDULE: 'true',
      HEMVIST_OBO_WEBHOOK_URL: 'https://obo.example.se/hemvist/nominations',
      HEMVIST_OBO_NOMINATION_SECRET: `whsec_${'a'.repeat(44)}`,
      HEMVIST_OBO_OUTCOME_SECRET: `whsec_${'b'.repeat(44)}`,
    })
    expect(r).toEqual({
      ok: true,
      value: {
        dbPath: '/tmp/x.db',
        port: 0,
        host: '0.0.0.0',
        logLevel: 'warn',
        demo: { enabled: false, seed: 7, applicants: 50, vacancies: 12 },
        worker: { pollMs: 250 },
        database: { lockWaitMs: 750 },
        http: { corsOrigins: ['https://boende.orebro.se', 'http://localhost:5173'], rateLimitPerMinute: 120 },
        districts: ['Centrum', 'Norr', 'Öster'],
        pnrKey: expect.any(PseudonymKey),
        retention: { periods: { household: 10, round: 3, audit: 12, staff_session: 30 }, scheduled: true },
        obo: {
          webhookUrl: 'https://obo.example.se/hemvist/nominations',
          nominationSecret: `whsec_${'a'.repeat(44)}`,
          outcomeSecret: `whsec_${'b'.repeat(44)}`,
        },
      },
    })
  })

  it('refuses an ÖBO webhook URL with a password, a short secret (never echoing it), and a URL without a secret', () => {
    expect(problems({ HEMVIST_OBO_WEBHOOK_URL: 'https://u:p@obo.se/n' })).toMatch(
      /^HEMVIST_OBO_WEBHOOK_URL: /,
    )
    const short = problems({ HEMVIST_OBO_OUTCOME_SECRET: 'whsec_c2VjcmV0' })
    expect(short).toMatch(/^HEMVIST_OBO_OUTCOME_SECRET: must hold at least 24 random bytes/)
    expect(short).not.toContain('c2VjcmV0')
    expect(problems({ HEMVIST_OBO_WEBHOOK_URL: 'https://obo.se/n' })).toMatch(
      /^HEMVIST_OBO_NOMINATION_SECRET: must be set/,
    )
  })

  it('refuses a district list with an invisible character, naming the variable', () => {
    expect(problems({ HEMVIST_DISTRICTS: 'Centrum,Norr\u200b' })).toMatch(
      /^HEMVIST_DISTRICTS: must list district names/,
    )
  })

  it('refuses a CORS wildcard, a path or a non-http origin, naming the bad item', () => {
    expect(problems({ HEMVIST_CORS_ORIGINS: '*' })).toMatch(
      /^HEMVIST_CORS_ORIGINS: must list origins .*\(got "\*"\)/,
    )
    expect(problems({ HEMVIST_CORS_ORIGINS: 'https://a.se,https://b.se/app' })).toMatch(
      /got "https:\/\/b.se\/app"/,
    )
    expect(problems({ HEMVIST_CORS_ORIGINS: 'ftp://a.se' })).toMatch(/^HEMVIST_CORS_ORIGINS: /)
  })

  it('refuses a short personnummer key without echoing it', () => {
    const text = problems({ HEMVIST_PNR_KEY: 'short-secret' })
    expect(text).toMatch(/^HEMVIST_PNR_KEY: must be at least 32 characters/)
    expect(text).not.toContain('short-secret')
  })

  it('never prints the personnummer key', () => {
    const r = loadConfig({ HEMVIST_PNR_KEY: 'a-secret-key-of-more-than-32-characters' })
    expect(r.ok).toBe(true)
    expect(JSON.stringify(r)).not.toContain('a-secret-key')
    expect(String(r.ok && r.value.pnrKey)).toBe('[redacted]')
  })

  it('treats an empty variable as unset', () => {
    const r = loadConfig({ PORT: '', HEMVIST_DEMO: ' ' })
    expect(r.ok && [r.value.port, r.value.demo.enabled]).toEqual([3000, true])
  })

  it('names the variable and says what is wrong for a malformed port', () => {
    expect(problems({ PORT: 'abc' })).toBe('PORT: must be a whole number from 0 to 65535 (got "abc")')
    expect(problems({ PORT: '65536' })).toBe('PORT: must be a whole number from 0 to 65535 (got "65536")')
    expect(problems({ PORT: '80.5' })).toMatch(/^PORT: /)
    expect(problems({ PORT: '1e3' })).toMatch(/^PORT: /)
  })

  it('accepts only true/false/1/0 for HEMVIST_DEMO', () => {
    for (const [raw, value] of [
      ['true', true],
      ['1', true],
      ['FALSE', false],
      ['0', false],
    ] as const) {
      const r = loadConfig({ HEMVIST_DEMO: raw })
      expect(r.ok && r.value.demo.enabled).toBe(value)
    }
    expect(problems({ HEMVIST_DEMO: 'yes' })).toBe('HEMVIST_DEMO: must be true, false, 1 or 0 (got "yes")')
  })

  it('reports every bad variable at once, one line each', () => {
    const text = problems({
      PORT: '-1',
      LOG_LEVEL: 'loud',
      HEMVIST_DEMO_APPLICANTS: '0',
      HEMVIST_WORKER_POLL_MS: 'x',
    })
    expect(text.split('\n')).toEqual([
      'PORT: must be a whole number from 0 to 65535 (got "-1")',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      'HEMVIST_DEMO_APPLICANTS: must be a whole number from 1 to 50000 (got "0")',
      'HEMVIST_WORKER_POLL_MS: must be a whole number from 10 to 600000 (got "x")',
    ])
  })
})
