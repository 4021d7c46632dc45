/**
 * A v1 test world: a fresh database, the app (rate limit raised so that the
 * matrix and the fuzz test are not throttled), one token per role, and a
 * request helper. The caseworker's caseload is `team-own`; `team-other` is a
 * caseload it may not see. ÖBO's own units have landlord `obo`.
 */
import { insertApplicant } from '../../../db/repo/applicants.ts'
import { insertPolicy } from '../../../db/repo/policies.ts'
import { insertVacancy } from '../../../db/repo/vacancies.ts'
import { applicants, auditLog, policies, vacancies } from '../../../db/schema.ts'
import type { createApp } from '../../../src/api/app.ts'
import type { Applicant } from '../../../src/domain/applicant.ts'
import { defaultPolicy } from '../../../src/domain/policy.ts'
import { type Role, roles } from '../../../src/domain/roles.ts'
import type { Vacancy } from '../../../src/domain/vacancy.ts'
import { type TestToken, tokenFor } from '../../support/auth.ts'
import { makeApplicant, makeVacancy, type Overrides } from '../../support/builders.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { testApp } from '../test-app.ts'

export const ownCaseload = 'team-own'
export const otherCaseload = 'team-other'

export interface CallOptions {
  body?: unknown
  /** Sent as-is (tests of malformed JSON pass a string). */
  rawBody?: string
  query?: Record<string, string>
  ifMatch?: string
  headers?: Record<string, string>
}

export interface V1World {
  t: TestDatabase
  app: ReturnType<typeof createApp>
  tokens: Record<Role, TestToken>
  /** Every log line the app wrote. */
  logText: () => string
  call: (role: Role | null, method: string, path: string, options?: CallOptions) => Promise<Response>
  seedApplicant: (overrides?: Overrides<Applicant>) => Applicant
  seedVacancy: (overrides?: Overrides<Vacancy>) => Vacancy
  /** The raw stored row (body and version), for before/after comparisons. */
  applicantRow: (id: string) => unknown
  vacancyRow: (id: string) => unknown
  policyRows: () => unknown[]
  auditActions: () => { action: string; objectId: string | null; role: string }[]
  close: () => void
}

/** The pseudonym key of the test worlds (at least 32 characters, as the configuration requires). */
export const testPnrKey = 'hemvist-test-pseudonym-key-0123456789abcdef'

/**
 * `env`: more configuration for the app (e.g. `HEMVIST_DB_LOCK_WAIT_MS`); `under`: the directory
 * to make the database's temporary directory in (e.g. a small filesystem).
 */
export function v1World(env: Record<string, string> = {}, options: { under?: string } = {}): V1World {
  const t = freshDatabase(options.under === undefined ? {} : { under: options.under })
  const { app, log } = testApp(t, {
    HEMVIST_RATE_LIMIT_PER_MINUTE: '1000000',
    HEMVIST_PNR_KEY: testPnrKey,
    ...env,
  })
  const tokens = Object.fromEntries(
    roles.map((r) => [r, tokenFor(t, r, r === 'caseworker' ? [ownCaseload] : undefined)]),
  ) as Record<Role, TestToken>
  let seq = 0
  return {
    t,
    app,
    tokens,
    logText: log.text,
    call: (role, method, path, options = {}) => {
      const headers: Record<string, string> = {
        ...(role === null ? {} : tokens[role].headers),
        ...options.headers,
      }
      if (options.ifMatch !== undefined) headers['If-Match'] = options.ifMatch
      let body: string | undefined
      if (options.rawBody !== undefined) body = options.rawBody
      else if (options.body !== undefined) body = JSON.stringify(options.body)
      if (body !== undefined && headers['Content-Type'] === undefined)
        headers['Content-Type'] = 'application/json'
      const q = options.query === undefined ? '' : `?${new URLSearchParams(options.query).toString()}`
      return Promise.resolve(
        app.request(`${path}${q}`, { method, headers, ...(body === undefined ? {} : { body }) }),
      )
    },
    seedApplicant: (overrides) => {
      seq += 1
      const a = makeApplicant({ id: `a-${seq}`, caseload: ownCaseload, ...overrides })
      const r = insertApplicant(t.db, a)
      if (!r.ok) throw new Error(`seedApplicant: ${r.error.code}`)
      return r.value
    },
    seedVacancy: (overrides) => {
      seq += 1
      const v = makeVacancy({ id: `v-${seq}`, ...overrides })
      const r = insertVacancy(t.db, v)
      if (!r.ok) throw new Error(`seedVacancy: ${r.error.code}`)
      return r.value
    },
    applicantRow: (id) =>
      t.db
        .select()
        .from(applicants)
        .all()
        .find((r) => r.id === id),
    vacancyRow: (id) =>
      t.db
        .select()
        .from(vacancies)
        .all()
        .find((r) => r.id === id),
    policyRows: () => t.db.select().from(policies).all(),
    auditActions: () =>
      t.db
        .select({ action: auditLog.action, objectId: auditLog.objectId, role: auditLog.role })
        .from(auditLog)
        .orderBy(auditLog.id)
        .all(),
    close: () => t.close(),
  }
}

/** Stores the default policy as version 1 (active) and version 2 (inactive). */
export function seedPolicies(world: V1World): void {
  insertPolicy(world.t.db, defaultPolicy, { activate: true })
  insertPolicy(world.t.db, { ...defaultPolicy, version: 2, name: 'Örebro draft' })
}
