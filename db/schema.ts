/**
 * The database schema (drizzle, SQLite). Tables for what exists now; later
 * issues add theirs. Enum columns take their values from the `as const`
 * vocabularies in `src/domain/vocabulary.ts`, and each has a CHECK constraint
 * built from the same array, so the database refuses what zod would refuse.
 *
 * Timestamps: entity tables keep ISO-8601 UTC text (`2026-01-31T10:00:00.000Z`,
 * sorts as text and reads well in the sqlite shell); the job queue keeps epoch
 * milliseconds because it compares and adds times on every claim.
 */
import { type SQL, sql } from 'drizzle-orm'
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core'
import { roles } from '../src/domain/roles.ts'
import {
  allSituationKinds,
  applicantStatuses,
  landlords,
  situationCodes,
  vacancyStatuses,
  vacancyTypes,
} from '../src/domain/vocabulary.ts'

/** Job states of the worker queue; the lifecycle is written down in docs/worker.md. */
export const jobStatuses = ['queued', 'running', 'succeeded', 'dead'] as const
export type JobStatus = (typeof jobStatuses)[number]

/**
 * `column IN ('a', 'b', …)` with the values inlined: a CHECK constraint is DDL,
 * which cannot take bound parameters. The vocabularies are our own constants
 * (identifiers without quotes), and quotes are doubled anyway.
 */
function oneOf(column: AnySQLiteColumn, values: readonly string[]): SQL {
  const list = values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')
  return sql`${column} IN (${sql.raw(list)})`
}

const isoNow = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`
const timestamps = {
  createdAt: text('created_at').notNull().default(isoNow),
  updatedAt: text('updated_at').notNull().default(isoNow),
}

/**
 * Applicant households. The full validated applicant lives in `body` (JSON);
 * the columns beside it copy the fields that lists filter and sort on, and are
 * written from the same parsed object in the same statement, so they cannot drift.
 */
export const applicants = sqliteTable(
  'applicants',
  {
    id: text('id').primaryKey(),
    status: text('status', { enum: applicantStatuses }).notNull(),
    situationCode: text('situation_code', { enum: situationCodes }).notNull(),
    caseload: text('caseload').notNull(),
    registeredOn: text('registered_on').notNull(),
    hasChildren: integer('has_children', { mode: 'boolean' }).notNull(),
    lotteryNumber: integer('lottery_number').notNull(),
    body: text('body', { mode: 'json' }).notNull(),
    /** Optimistic concurrency: every update states the version it read and bumps it. */
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    check('applicants_status_check', oneOf(t.status, applicantStatuses)),
    check('applicants_situation_code_check', oneOf(t.situationCode, situationCodes)),
    check('applicants_version_check', sql`${t.version} >= 1`),
    index('applicants_status_idx').on(t.status),
    index('applicants_caseload_idx').on(t.caseload),
  ],
)

/**
 * Every situation an applicant has been in, appended whenever it changes: the
 * strategy's follow-up counts flows between situations, so history is kept,
 * never overwritten (a trigger in the migrations refuses UPDATE).
 */
export const applicantSituationHistory = sqliteTable(
  'applicant_situation_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    applicantId: text('applicant_id')
      .notNull()
      .references(() => applicants.id, { onDelete: 'restrict' }),
    code: text('code', { enum: situationCodes }).notNull(),
    kind: text('kind').notNull(),
    since: text('since').notNull(),
    recordedAt: text('recorded_at').notNull().default(isoNow),
  },
  (t) => [
    check('applicant_situation_history_code_check', oneOf(t.code, situationCodes)),
    check('applicant_situation_history_kind_check', oneOf(t.kind, allSituationKinds)),
    index('applicant_situation_history_applicant_idx').on(t.applicantId, t.id),
  ],
)

/** Vacancies (units). The full validated vacancy lives in `body`; columns copy the filterable fields. */
export const vacancies = sqliteTable(
  'vacancies',
  {
    id: text('id').primaryKey(),
    type: text('type', { enum: vacancyTypes }).notNull(),
    landlord: text('landlord', { enum: landlords }).notNull(),
    district: text('district').notNull(),
    status: text('status', { enum: vacancyStatuses }).notNull(),
    availableFrom: text('available_from').notNull(),
    /** The landlord's own reference (ÖBO object number); unique where present so a feed cannot insert a unit twice. */
    externalRef: text('external_ref'),
    body: text('body', { mode: 'json' }).notNull(),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    check('vacancies_type_check', oneOf(t.type, vacancyTypes)),
    check('vacancies_landlord_check', oneOf(t.landlord, landlords)),
    check('vacancies_status_check', oneOf(t.status, vacancyStatuses)),
    check('vacancies_version_check', sql`${t.version} >= 1`),
    uniqueIndex('vacancies_external_ref_unique').on(t.externalRef).where(sql`${t.externalRef} IS NOT NULL`),
    index('vacancies_status_idx').on(t.status),
  ],
)

/**
 * Policy versions. A version is immutable once a round has used it (`used_at`
 * set): triggers in the migrations refuse changing its body or deleting it, so
 * every past decision can be traced to the exact rules it followed. At most one
 * version is active (partial unique index).
 */
export const policies = sqliteTable(
  'policies',
  {
    id: text('id').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    body: text('body', { mode: 'json' }).notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(false),
    usedAt: text('used_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.id, t.version] }),
    check('policies_version_check', sql`${t.version} >= 1`),
    check('policies_active_check', sql`${t.active} IN (0, 1)`),
    uniqueIndex('policies_one_active').on(t.active).where(sql`${t.active} = 1`),
  ],
)

/**
 * The worker's job queue (see docs/worker.md). `attempts` counts claims and is
 * the fencing token together with `locked_by`: complete, fail and heartbeat
 * only touch the row when both still match what the claimant was given.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    task: text('task').notNull(),
    /** JSON; NULL when the task takes no payload. */
    payload: text('payload', { mode: 'json' }),
    status: text('status', { enum: jobStatuses }).notNull().default('queued'),
    /** Epoch ms from which the job may be claimed (set forward by backoff). */
    runAt: integer('run_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lockedBy: text('locked_by'),
    /** Epoch ms at which the lease expires unless a heartbeat extends it. */
    lockedUntil: integer('locked_until'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [
    check('jobs_status_check', oneOf(t.status, jobStatuses)),
    check('jobs_attempts_check', sql`${t.attempts} >= 0 AND ${t.attempts} <= ${t.maxAttempts}`),
    check('jobs_max_attempts_check', sql`${t.maxAttempts} >= 1`),
    // A running job always has a lease; any other state never has one.
    check(
      'jobs_lease_check',
      sql`(${t.status} = 'running') = (${t.lockedBy} IS NOT NULL AND ${t.lockedUntil} IS NOT NULL)`,
    ),
    index('jobs_claim_idx').on(t.status, t.runAt, t.id),
  ],
)

/**
 * API bearer tokens (src/services/tokens.ts). The token itself (`hv_<id>_<secret>`)
 * is shown once at creation; only the SHA-256 of its secret is kept. Tokens are
 * revoked, never deleted, so the audit log's `token_id` always names one.
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    /** Hex SHA-256 of the secret part. */
    secretHash: text('secret_hash').notNull(),
    role: text('role', { enum: roles }).notNull(),
    /** JSON array of caseload ids; non-empty only for caseworkers. */
    caseloads: text('caseloads', { mode: 'json' }).$type<string[]>().notNull(),
    /** Who or what holds the token (a person's work role, a system's name); never the secret. */
    label: text('label'),
    createdAt: text('created_at').notNull().default(isoNow),
    expiresAt: text('expires_at'),
    revokedAt: text('revoked_at'),
    /** Updated at most once a minute per token (a write per request would contend for the write lock). */
    lastUsedAt: text('last_used_at'),
  },
  (t) => [
    check('api_tokens_role_check', oneOf(t.role, roles)),
    check('api_tokens_secret_hash_check', sql`length(${t.secretHash}) = 64`),
  ],
)

/**
 * The audit trail: who (token, role) did what (action) to which object, when,
 * in which request. Append-only (triggers in the migrations refuse UPDATE and
 * DELETE) and hash-chained: `hash` = SHA-256 over the row's fields and
 * `prev_hash`, the previous row's hash (see src/services/audit.ts). Ids are
 * assigned by the writer as previous id + 1, so a gap means a deleted row;
 * AUTOINCREMENT keeps `sqlite_sequence` at the highest id ever written, so a
 * deleted last row is noticed too.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    tokenId: text('token_id').notNull(),
    role: text('role').notNull(),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    requestId: text('request_id').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    // The chain cannot fork or skip: trigger `audit_log_extends_chain` (migration 0006) refuses a row
    // whose id is not the last id + 1 or whose prev_hash is not the last row's hash. It replaced a
    // unique index on prev_hash, which enforced less and cost every read of a person a random
    // B-tree insert.
    index('audit_log_object_idx').on(t.objectType, t.objectId, t.id),
  ],
)

/**
 * The people a list read showed: one row per applicant (or other object) on
 * the page, so "who accessed this person" finds list reads too. Append-only
 * like the log, and covered by the parent row's hash (the canonical record
 * includes the sorted subject ids), so removing one is detected.
 */
export const auditLogSubjects = sqliteTable(
  'audit_log_subjects',
  {
    auditId: integer('audit_id')
      .notNull()
      .references(() => auditLog.id, { onDelete: 'restrict' }),
    objectId: text('object_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.auditId, t.objectId] }),
    index('audit_log_subjects_object_idx').on(t.objectId, t.auditId),
  ],
)
