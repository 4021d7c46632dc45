/**
 * The service's configuration: environment variables parsed once, with zod, at
 * the composition root, then passed to whatever needs it. Nothing else reads
 * `process.env`. Every variable is listed in the README.
 */
import { z } from 'zod'
import { orebroDistricts } from './domain/districts.ts'
import { PseudonymKey } from './domain/pseudonym.ts'
import { type RetentionSettings, retentionKinds } from './domain/retention.ts'
import { err, type FieldIssue, ok, type Result } from './domain/validation.ts'
import { secretBytes } from './integrations/obo/signature.ts'

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof logLevels)[number]

export interface Config {
  /** Path of the SQLite database file. */
  dbPath: string
  port: number
  host: string
  logLevel: LogLevel
  demo: {
    /** Seed demo data when the database is empty. */
    enabled: boolean
    seed: number
    applicants: number
    vacancies: number
  }
  worker: {
    /** How long an idle worker waits before looking for due jobs again. */
    pollMs: number
  }
  database: {
    /** How long a request's write waits for a lock held by another process before it answers 503. */
    lockWaitMs: number
  }
  http: {
    /** Browser origins allowed to call the API cross-origin; empty: CORS closed. */
    corsOrigins: readonly string[]
    /** Requests per minute one API token may make (a burst up to this, refilled evenly). */
    rateLimitPerMinute: number
  }
  /** The municipality's districts: every district name a write may use. */
  districts: readonly string[]
  /** The personnummer pseudonym key (`HEMVIST_PNR_KEY`); undefined when unset (no personnummer accepted). */
  pnrKey: PseudonymKey | undefined
  /** Retention (gallring): the period of each kind of record, and whether the worker culls on its own (docs/domain.md). */
  retention: {
    periods: RetentionSettings
    /** The worker runs retention once a day; off by default (the CLI is the first way). */
    scheduled: boolean
  }
  /** ÖBO's exchange (docs/integrations/obo.md). */
  obo: {
    /** Where nominations are delivered; undefined: they wait in the outbox (and the CSV export). */
    webhookUrl: string | undefined
    /** The `whsec_…` secret nominations are signed with. */
    nominationSecret: string | undefined
    /** The `whsec_…` secret ÖBO signs outcomes with; undefined: the outcome webhook answers 503. */
    outcomeSecret: string | undefined
  }
}

const quoted = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)

/** An optional variable: unset or empty means the default. */
const variable = <T>(fallback: T, parse: (raw: string, ctx: z.RefinementCtx) => T) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => (raw === undefined || raw.trim() === '' ? fallback : parse(raw.trim(), ctx)))

const wholeNumber = (fallback: number, min: number, max: number) =>
  variable(fallback, (raw, ctx) => {
    const n = Number(raw)
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a whole number from ${min} to ${max} (got ${quoted(raw)})`,
      })
      return z.NEVER
    }
    return n
  })

const flag = (fallback: boolean) =>
  variable(fallback, (raw, ctx) => {
    const value = { true: true, '1': true, false: false, '0': false }[raw.toLowerCase()]
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be true, false, 1 or 0 (got ${quoted(raw)})` })
      return z.NEVER
    }
    return value
  })

const oneOf = <T extends string>(fallback: T, values: readonly T[]) =>
  variable(fallback, (raw, ctx) => {
    const value = values.find((v) => v === raw.toLowerCase())
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')} (got ${quoted(raw)})` })
      return z.NEVER
    }
    return value
  })

const text = (fallback: string) => variable(fallback, (raw) => raw)

/** Comma-separated origins (`https://host[:port]`): exact origins only, no wildcard, no path. */
const origins = variable<readonly string[]>([], (raw, ctx) => {
  const out: string[] = []
  for (const item of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    let origin: string | undefined
    try {
      const url = new URL(item)
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === item.replace(/\/$/, '')) {
        origin = url.origin
      }
    } catch {
      origin = undefined
    }
    if (origin === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `must list origins like https://app.example.se, separated by commas (got ${quoted(item)})`,
      })
      return z.NEVER
    }
    out.push(origin)
  }
  return out
})

/** Comma-separated district names, each 1–64 characters, without invisible or control characters. */
const districtList = variable<readonly string[]>(orebroDistricts, (raw, ctx) => {
  const names = raw
    .split(',')
    .map((s) => s.trim().normalize('NFKC'))
    .filter(Boolean)
  const bad = names.find((n) => n.length > 64 || /[\p{Cc}\p{Cf}]/u.test(n))
  if (names.length === 0 || bad !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `must list district names (1–64 visible characters each), separated by commas (got ${quoted(bad ?? raw)})`,
    })
    return z.NEVER
  }
  return [...new Set(names)]
})

const secretKey = variable<PseudonymKey | undefined>(undefined, (raw, ctx) => {
  const key = PseudonymKey.fromText(raw)
  if (!key.ok) {
    // Never echo the value: it is a secret.
    ctx.addIssue({ code: 'custom', message: key.error })
    return z.NEVER
  }
  return key.value
})

/** An http(s) URL without credentials in it. */
const webhookUrl = variable<string | undefined>(undefined, (raw, ctx) => {
  let url: URL | undefined
  try {
    url = new URL(raw)
  } catch {
    url = undefined
  }
  if (
    url === undefined ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username !== '' ||
    url.password !== ''
  ) {
    ctx.addIssue({
      code: 'custom',
      message: `must be an http(s) URL without a user or password (got ${quoted(raw)})`,
    })
    return z.NEVER
  }
  return url.toString()
})

/** A Standard Webhooks secret: `whsec_` and at least 24 bytes in base64. Never echoed. */
const webhookSecret = variable<string | undefined>(undefined, (raw, ctx) => {
  const key = secretBytes(raw)
  if (!key.ok) {
    ctx.addIssue({ code: 'custom', message: key.error })
    return z.NEVER
  }
  return raw
})

/** The environment variables, their defaults and their rules. */
const envSchema = z.object({
  HEMVIST_DB: text('./data/hemvist.db'),
  PORT: wholeNumber(3000, 0, 65_535),
  HOST: text('127.0.0.1'),
  LOG_LEVEL: oneOf<LogLevel>('info', logLevels),
  HEMVIST_DEMO: flag(true),
  HEMVIST_DEMO_SEED: wholeNumber(2026, 0, 2 ** 31 - 1),
  HEMVIST_DEMO_APPLICANTS: wholeNumber(300, 1, 50_000),
  HEMVIST_DEMO_VACANCIES: wholeNumber(60, 1, 50_000),
  HEMVIST_WORKER_POLL_MS: wholeNumber(1_000, 10, 600_000),
  HEMVIST_DB_LOCK_WAIT_MS: wholeNumber(5_000, 0, 60_000),
  HEMVIST_CORS_ORIGINS: origins,
  HEMVIST_RATE_LIMIT_PER_MINUTE: wholeNumber(600, 1, 1_000_000),
  HEMVIST_DISTRICTS: districtList,
  HEMVIST_PNR_KEY: secretKey,
  HEMVIST_RETENTION_HOUSEHOLD_YEARS: wholeNumber(retentionKinds.household.defaultPeriod, 1, 100),
  HEMVIST_RETENTION_ROUND_YEARS: wholeNumber(retentionKinds.round.defaultPeriod, 1, 100),
  HEMVIST_RETENTION_AUDIT_YEARS: wholeNumber(retentionKinds.audit.defaultPeriod, 1, 100),
  HEMVIST_RETENTION_SESSION_DAYS: wholeNumber(retentionKinds.staff_session.defaultPeriod, 1, 3650),
  HEMVIST_RETENTION_SCHEDULE: flag(false),
  HEMVIST_OBO_WEBHOOK_URL: webhookUrl,
  HEMVIST_OBO_NOMINATION_SECRET: webhookSecret,
  HEMVIST_OBO_OUTCOME_SECRET: webhookSecret,
})

/**
 * Parses the configuration from an environment. Errors are values: one issue
 * per bad variable, its path the variable's name.
 *
 * @example
 * const r = loadConfig({ PORT: 'abc' })
 * // r.ok === false; describeIssues(r.error) === 'PORT: must be a whole number from 0 to 65535 (got "abc")'
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Result<Config, FieldIssue[]> {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    return err(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })))
  }
  const e = parsed.data
  if (e.HEMVIST_OBO_WEBHOOK_URL !== undefined && e.HEMVIST_OBO_NOMINATION_SECRET === undefined) {
    return err([
      {
        path: 'HEMVIST_OBO_NOMINATION_SECRET',
        message: 'must be set when HEMVIST_OBO_WEBHOOK_URL is: nominations are always signed',
      },
    ])
  }
  return ok({
    dbPath: e.HEMVIST_DB,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    demo: {
      enabled: e.HEMVIST_DEMO,
      seed: e.HEMVIST_DEMO_SEED,
      applicants: e.HEMVIST_DEMO_APPLICANTS,
      vacancies: e.HEMVIST_DEMO_VACANCIES,
    },
    worker: { pollMs: e.HEMVIST_WORKER_POLL_MS },
    database: { lockWaitMs: e.HEMVIST_DB_LOCK_WAIT_MS },
    http: { corsOrigins: e.HEMVIST_CORS_ORIGINS, rateLimitPerMinute: e.HEMVIST_RATE_LIMIT_PER_MINUTE },
    districts: e.HEMVIST_DISTRICTS,
    pnrKey: e.HEMVIST_PNR_KEY,
    retention: {
      periods: {
        household: e.HEMVIST_RETENTION_HOUSEHOLD_YEARS,
        round: e.HEMVIST_RETENTION_ROUND_YEARS,
        audit: e.HEMVIST_RETENTION_AUDIT_YEARS,
        staff_session: e.HEMVIST_RETENTION_SESSION_DAYS,
      },
      scheduled: e.HEMVIST_RETENTION_SCHEDULE,
    },
    obo: {
      webhookUrl: e.HEMVIST_OBO_WEBHOOK_URL,
      nominationSecret: e.HEMVIST_OBO_NOMINATION_SECRET,
      outcomeSecret: e.HEMVIST_OBO_OUTCOME_SECRET,
    },
  })
}
