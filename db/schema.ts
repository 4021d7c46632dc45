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
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core'
import { childHeardValues, childReasonCodes } from '../src/domain/child-perspective.ts'
import { roles } from '../src/domain/roles.ts'
import {
  contractForms,
  decisionKinds,
  declineReasons,
  decliners,
  legalBases,
  offerStatuses,
  overrideReasons,
  placementEndReasons,
  placementEventKinds,
  proposalStatuses,
  rejectReasons,
  roundKinds,
  roundStatuses,
} from '../src/domain/round-lifecycle.ts'
import {
  allSituationKinds,
  applicantStatuses,
  landlords,
  situationCodes,
  vacancyStatuses,
  vacancyTypes,
} from '../src/domain/vocabulary.ts'
import {
  deliveryStatuses,
  outcomeKinds,
  priorityEndReasons,
  priorityGrounds,
  priorityStatuses,
} from '../src/integrations/obo/vocabulary.ts'

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
    /** NULL for a prevention case, which is in none of the four situations (migration 0014). */
    situationCode: text('situation_code', { enum: situationCodes }),
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
    // The filtered list (situation and children, in id order): one page of matches read in order,
    // instead of the primary key walked until a page is found (migration 0018).
    index('applicants_situation_children_idx').on(t.situationCode, t.hasChildren, t.id),
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

/**
 * The keyed pseudonyms (HMAC-SHA256, never the personnummer) of a household's members, written by
 * the repository with the record (migration 0014), so that registering a second household that
 * still seeks housing with the same person is found by one indexed lookup.
 */
export const applicantPersons = sqliteTable(
  'applicant_persons',
  {
    applicantId: text('applicant_id')
      .notNull()
      .references(() => applicants.id, { onDelete: 'restrict' }),
    pnrPseudonym: text('pnr_pseudonym').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.applicantId, t.pnrPseudonym] }),
    index('applicant_persons_pseudonym_idx').on(t.pnrPseudonym),
    check('applicant_persons_pseudonym_check', sql`length(${t.pnrPseudonym}) = 64`),
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
    /**
     * The named person who acts with the token (decisions are made by a named person, never by
     * "the system"); required for every role but `obo` since migration 0007, NULL on older tokens.
     */
    person: text('person'),
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
 * Sessions of the staff pages (migration 0011): a browser signs in once with an API token and then
 * carries only a session cookie. Stored, not in memory, so that a restart keeps people signed in
 * and sign-out or a revoked token ends the session for every process on the database.
 * Only SHA-256 of the session secret is kept; the CSRF token is per session, compared to each form.
 */
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    /** Public id of the session (hex), the first part of the cookie value. */
    id: text('id').primaryKey(),
    /** Hex SHA-256 of the cookie's secret part. */
    secretHash: text('secret_hash').notNull(),
    /** The API token the person signed in with: its role, caseloads and person are the session's. */
    tokenId: text('token_id')
      .notNull()
      .references(() => apiTokens.id),
    /** The per-session CSRF token every form carries (random, not secret from the person). */
    csrfToken: text('csrf_token').notNull(),
    createdAt: text('created_at').notNull().default(isoNow),
    /** Absolute end of the session; the browser's cookie ends at the same time. */
    expiresAt: text('expires_at').notNull(),
    /** Set on sign-out: from then on the cookie is refused. */
    endedAt: text('ended_at'),
  },
  (t) => [
    index('staff_sessions_token_idx').on(t.tokenId),
    check('staff_sessions_secret_hash_check', sql`length(${t.secretHash}) = 64`),
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

/**
 * Match rounds (docs/rounds.md). A round is created `queued` with its date and
 * policy version; the worker takes its **snapshot** (the exact round file the
 * engine reads, with its SHA-256) when it starts solving, stores the result
 * (with the engine's certificate verdict) once, fenced by the job's lease, and
 * the proposals wait for review. `idempotency_key` makes a re-sent create answer
 * the same round.
 */
export const rounds = sqliteTable(
  'rounds',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: roundKinds }).notNull(),
    status: text('status', { enum: roundStatuses }).notNull(),
    asOf: text('as_of').notNull(),
    policyId: text('policy_id').notNull(),
    policyVersion: integer('policy_version').notNull(),
    /** A follow-up round for one freed vacancy names the round whose offer freed it. */
    parentRoundId: text('parent_round_id').references((): AnySQLiteColumn => rounds.id),
    /** For a follow-up round: the vacancy it re-matches. */
    vacancyId: text('vacancy_id'),
    idempotencyKey: text('idempotency_key'),
    /** SHA-256 of the canonical create request, so the same key with another body is refused. */
    requestHash: text('request_hash'),
    createdByToken: text('created_by_token').notNull(),
    createdByPerson: text('created_by_person'),
    jobId: integer('job_id'),
    engineVersion: text('engine_version'),
    /** The round file (JSON text) exactly as the engine read it; NULL until the worker takes it. */
    snapshot: text('snapshot'),
    snapshotSha256: text('snapshot_sha256'),
    applicantCount: integer('applicant_count'),
    vacancyCount: integer('vacancy_count'),
    /** The engine's result (JSON text, the shape of `hemvist solve`), written once. */
    result: text('result'),
    resultSha256: text('result_sha256'),
    /** The independent certificate check of the optimum (solver/certificate.ts). */
    certified: integer('certified', { mode: 'boolean' }),
    certificateNote: text('certificate_note'),
    /** Why the round failed, in words (never personal data). */
    failure: text('failure'),
    /** Milliseconds per phase of the solve (snapshot, prepare, solve, explain, store). */
    phases: text('phases', { mode: 'json' }).$type<Record<string, number>>(),
    createdAt: text('created_at').notNull(),
    solvedAt: text('solved_at'),
    closedAt: text('closed_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    check('rounds_status_check', oneOf(t.status, roundStatuses)),
    check('rounds_kind_check', oneOf(t.kind, roundKinds)),
    check('rounds_snapshot_check', sql`(${t.snapshot} IS NULL) = (${t.snapshotSha256} IS NULL)`),
    check('rounds_result_check', sql`(${t.result} IS NULL) = (${t.resultSha256} IS NULL)`),
    uniqueIndex('rounds_idempotency_key_unique')
      .on(t.idempotencyKey)
      .where(sql`${t.idempotencyKey} IS NOT NULL`),
    index('rounds_status_idx').on(t.status),
  ],
)

/** Who and what a round's snapshot took: held from every other round while this one is solving. */
export const roundPool = sqliteTable(
  'round_pool',
  {
    roundId: text('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'restrict' }),
    objectType: text('object_type', { enum: ['applicant', 'vacancy'] }).notNull(),
    objectId: text('object_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.objectType, t.objectId] }),
    check('round_pool_object_type_check', oneOf(t.objectType, ['applicant', 'vacancy'])),
    index('round_pool_object_idx').on(t.objectType, t.objectId),
  ],
)

/** What the engine proposed: one row per (household, vacancy) pair of a stored result, decided once. */
export const proposals = sqliteTable(
  'proposals',
  {
    id: text('id').primaryKey(),
    roundId: text('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'restrict' }),
    applicantId: text('applicant_id')
      .notNull()
      .references(() => applicants.id, { onDelete: 'restrict' }),
    vacancyId: text('vacancy_id')
      .notNull()
      .references(() => vacancies.id, { onDelete: 'restrict' }),
    /** The pair's score in points. */
    score: real('score').notNull(),
    /** The explanation (score terms and rules) as the result holds it, JSON. */
    explanation: text('explanation', { mode: 'json' }),
    status: text('status', { enum: proposalStatuses }).notNull(),
    createdAt: text('created_at').notNull(),
    decidedAt: text('decided_at'),
  },
  (t) => [
    check('proposals_status_check', oneOf(t.status, proposalStatuses)),
    uniqueIndex('proposals_round_applicant_unique').on(t.roundId, t.applicantId),
    uniqueIndex('proposals_round_vacancy_unique').on(t.roundId, t.vacancyId),
    index('proposals_status_idx').on(t.status),
    index('proposals_applicant_idx').on(t.applicantId),
    index('proposals_vacancy_idx').on(t.vacancyId),
  ],
)

/**
 * Decision records: a named person approved, overrode or rejected a proposal.
 * Append-only (triggers refuse UPDATE and DELETE). An approval or override
 * names the household and vacancy that are offered, the score terms and the
 * legal basis; a rejection names the proposal's pair and the reason.
 */
export const decisions = sqliteTable(
  'decisions',
  {
    id: text('id').primaryKey(),
    roundId: text('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'restrict' }),
    proposalId: text('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: decisionKinds }).notNull(),
    applicantId: text('applicant_id')
      .notNull()
      .references(() => applicants.id, { onDelete: 'restrict' }),
    vacancyId: text('vacancy_id')
      .notNull()
      .references(() => vacancies.id, { onDelete: 'restrict' }),
    policyId: text('policy_id').notNull(),
    policyVersion: integer('policy_version').notNull(),
    /** Points of the pair decided on (for an override: the chosen household's score for the vacancy). */
    score: real('score'),
    /** The score's terms, JSON. */
    scoreTerms: text('score_terms', { mode: 'json' }),
    legalBasis: text('legal_basis', { enum: legalBases }).notNull(),
    /**
     * The decision the legal basis rests on (rule D1): for `sol_4_1` the household's support decision
     * (biståndsbeslut) of the vacancy's kind in force on the day, for `obo_priority_decision` ÖBO's
     * priority decision when the household holds one. Null on decisions recorded before migration 0013,
     * and on a rejection of a pair the household had no decision for.
     */
    basisReference: text('basis_reference'),
    basisDecidedOn: text('basis_decided_on'),
    /** For an override or rejection: the reason code (overrideReasons, rejectReasons) and free text. */
    reasonCode: text('reason_code'),
    reasonText: text('reason_text'),
    decidedByPerson: text('decided_by_person').notNull(),
    decidedByToken: text('decided_by_token').notNull(),
    decidedByRole: text('decided_by_role').notNull(),
    decidedAt: text('decided_at').notNull(),
    /**
     * The child's perspective (migration 0014; src/domain/child-perspective.ts): considered (0/1),
     * heard and a reason code. Required for an approval or override offering a vacancy to a
     * household with children; NULL where no child is affected, and on decisions made before 0014.
     */
    childConsidered: integer('child_considered', { mode: 'boolean' }),
    childHeard: text('child_heard', { enum: childHeardValues }),
    childReason: text('child_reason', { enum: childReasonCodes }),
  },
  (t) => [
    check('decisions_kind_check', oneOf(t.kind, decisionKinds)),
    check('decisions_legal_basis_check', oneOf(t.legalBasis, legalBases)),
    check(
      'decisions_reason_check',
      sql`(${t.kind} = 'approve' AND ${t.reasonCode} IS NULL) OR (${t.kind} = 'override' AND ${t.reasonCode} IN (${sql.raw(overrideReasons.map((r) => `'${r}'`).join(', '))})) OR (${t.kind} = 'reject' AND ${t.reasonCode} IN (${sql.raw(rejectReasons.map((r) => `'${r}'`).join(', '))}))`,
    ),
    check('decisions_person_check', sql`length(trim(${t.decidedByPerson})) > 0`),
    uniqueIndex('decisions_proposal_unique').on(t.proposalId),
    index('decisions_round_idx').on(t.roundId),
  ],
)

/**
 * Offers made on an approved or overridden proposal. At most one open offer
 * per household and per vacancy, held by partial unique indexes.
 */
export const offers = sqliteTable(
  'offers',
  {
    id: text('id').primaryKey(),
    decisionId: text('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'restrict' }),
    roundId: text('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'restrict' }),
    applicantId: text('applicant_id')
      .notNull()
      .references(() => applicants.id, { onDelete: 'restrict' }),
    vacancyId: text('vacancy_id')
      .notNull()
      .references(() => vacancies.id, { onDelete: 'restrict' }),
    /** The caseload of the household when offered: case workers see their caseloads' offers. */
    caseload: text('caseload').notNull(),
    status: text('status', { enum: offerStatuses }).notNull(),
    offeredOn: text('offered_on').notNull(),
    /** The last day to answer (YYYY-MM-DD); after it the worker records no answer. */
    answerBy: text('answer_by').notNull(),
    answeredAt: text('answered_at'),
    answeredByPerson: text('answered_by_person'),
    answeredByToken: text('answered_by_token'),
    declinedBy: text('declined_by', { enum: decliners }),
    declineReason: text('decline_reason', { enum: declineReasons }),
    declineNote: text('decline_note'),
    /** The follow-up round that re-matches the vacancy after a decline or no answer. */
    rematchRoundId: text('rematch_round_id'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    check('offers_status_check', oneOf(t.status, offerStatuses)),
    check(
      'offers_decline_check',
      sql`(${t.status} = 'declined') = (${t.declinedBy} IS NOT NULL AND ${t.declineReason} IS NOT NULL)`,
    ),
    uniqueIndex('offers_decision_unique').on(t.decisionId),
    uniqueIndex('offers_one_open_per_applicant').on(t.applicantId).where(sql`${t.status} = 'open'`),
    uniqueIndex('offers_one_open_per_vacancy').on(t.vacancyId).where(sql`${t.status} = 'open'`),
    index('offers_status_idx').on(t.status, t.answerBy),
    index('offers_caseload_idx').on(t.caseload),
  ],
)

/**
 * A household housed: the accepted offer, the contract form and the start date. One per offer; a flat
 * may be let again after its placement ended (rule P9), and holds at most one active placement (a
 * trigger in migration 0017 refuses a second, as 0013's does per household).
 */
export const placements = sqliteTable(
  'placements',
  {
    id: text('id').primaryKey(),
    offerId: text('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'restrict' }),
    decisionId: text('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'restrict' }),
    applicantId: text('applicant_id')
      .notNull()
      .references(() => applicants.id, { onDelete: 'restrict' }),
    vacancyId: text('vacancy_id')
      .notNull()
      .references(() => vacancies.id, { onDelete: 'restrict' }),
    caseload: text('caseload').notNull(),
    contractForm: text('contract_form', { enum: contractForms }).notNull(),
    startDate: text('start_date').notNull(),
    /** The last day of a sublet's trial period (rule P5); null for a first-hand lease, supported housing, or none set. */
    trialPeriodEndsOn: text('trial_period_ends_on'),
    recordedByPerson: text('recorded_by_person').notNull(),
    recordedByToken: text('recorded_by_token').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    check('placements_contract_form_check', oneOf(t.contractForm, contractForms)),
    uniqueIndex('placements_offer_unique').on(t.offerId),
    index('placements_vacancy_idx').on(t.vacancyId),
    index('placements_caseload_idx').on(t.caseload),
  ],
)

/**
 * What happened to a placement after it was made (rules P6, P7): the household took over the
 * contract (`taken_over`), or the placement ended (`ended`, with its reason). Append-only, each kind
 * at most once per placement; a placement with no `ended` row is active, and a household and a flat
 * each hold at most one active placement (triggers in migrations 0013 and 0017 refuse a second).
 */
export const placementEvents = sqliteTable(
  'placement_events',
  {
    id: text('id').primaryKey(),
    placementId: text('placement_id')
      .notNull()
      .references(() => placements.id, { onDelete: 'restrict' }),
    applicantId: text('applicant_id')
      .notNull()
      .references(() => applicants.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: placementEventKinds }).notNull(),
    /** The day it took effect (YYYY-MM-DD). */
    on: text('on').notNull(),
    endReason: text('end_reason', { enum: placementEndReasons }),
    /** The caseload of the household, so case workers see their own caseloads' events. */
    caseload: text('caseload').notNull(),
    recordedByPerson: text('recorded_by_person').notNull(),
    recordedByToken: text('recorded_by_token').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    check('placement_events_kind_check', oneOf(t.kind, placementEventKinds)),
    check(
      'placement_events_end_reason_check',
      sql`(${t.kind} = 'ended') = (${t.endReason} IS NOT NULL) AND (${t.endReason} IS NULL OR ${oneOf(t.endReason, placementEndReasons)})`,
    ),
    check('placement_events_person_check', sql`length(trim(${t.recordedByPerson})) > 0`),
    uniqueIndex('placement_events_once').on(t.placementId, t.kind),
    index('placement_events_applicant_idx').on(t.applicantId),
  ],
)

/**
 * One row per day, written by the worker: how many households, adults and children were in each
 * homelessness situation that day, for the whole municipality and per caseload, so the map can be
 * followed over months. Raw counts: small ones are suppressed when a report reads them.
 */
export const followUpSnapshots = sqliteTable('follow_up_snapshots', {
  day: text('day').primaryKey(),
  /** `{ all: { <situation>: { households, adults, children } }, caseloads: { <id>: { … } } }` */
  counts: text('counts', { mode: 'json' }).notNull(),
  createdAt: text('created_at').notNull(),
})

/**
 * ÖBO's priority (förtur) decisions, imported from ÖBO and linked to a
 * household by hemvist's household id (the reference the municipality's
 * application to ÖBO carried). At most one approved decision per household.
 * A decline, an unanswered offer or ÖBO itself ends it; the row is kept.
 */
export const oboPriorityDecisions = sqliteTable(
  'obo_priority_decisions',
  {
    /** ÖBO's own reference of the decision. */
    decisionRef: text('decision_ref').primaryKey(),
    applicantId: text('applicant_id')
      .notNull()
      .references(() => applicants.id, { onDelete: 'restrict' }),
    decidedOn: text('decided_on').notNull(),
    grounds: text('grounds', { enum: priorityGrounds }).notNull(),
    status: text('status', { enum: priorityStatuses }).notNull(),
    endedOn: text('ended_on'),
    endReason: text('end_reason', { enum: priorityEndReasons }),
    ...timestamps,
  },
  (t) => [
    check('obo_priority_decisions_grounds_check', oneOf(t.grounds, priorityGrounds)),
    check('obo_priority_decisions_status_check', oneOf(t.status, priorityStatuses)),
    check(
      'obo_priority_decisions_end_check',
      sql`(${t.status} = 'ended') = (${t.endedOn} IS NOT NULL AND ${t.endReason} IS NOT NULL)`,
    ),
    uniqueIndex('obo_priority_decisions_one_approved').on(t.applicantId).where(sql`${t.status} = 'approved'`),
  ],
)

/**
 * The outbox of nominations to ÖBO: written in the transaction that makes the
 * offer, delivered by the relay (src/integrations/obo/relay.ts) under the row's
 * id as the delivery id, however often it is retried. One nomination per offer.
 */
export const oboOutbox = sqliteTable(
  'obo_outbox',
  {
    /** The delivery id (`webhook-id`): the same on every retry, ÖBO's idempotency key. */
    id: text('id').primaryKey(),
    offerId: text('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'restrict' }),
    event: text('event').notNull(),
    /** The exact JSON body sent, fixed when the offer is made. */
    payload: text('payload').notNull(),
    status: text('status', { enum: deliveryStatuses }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Epoch ms from which the next attempt may be made. */
    nextAttemptAt: integer('next_attempt_at').notNull(),
    /** Epoch ms until which a relay holds the row (an attempt in flight); NULL when none does. */
    lockedUntil: integer('locked_until'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    deliveredAt: text('delivered_at'),
  },
  (t) => [
    check('obo_outbox_status_check', oneOf(t.status, deliveryStatuses)),
    check('obo_outbox_attempts_check', sql`${t.attempts} >= 0`),
    uniqueIndex('obo_outbox_offer_unique').on(t.offerId),
    index('obo_outbox_due_idx').on(t.status, t.nextAttemptAt),
  ],
)

/**
 * Deliveries received from ÖBO (signed outcomes), by ÖBO's delivery id: a
 * replayed delivery finds its row and has no second effect.
 */
export const oboInbox = sqliteTable(
  'obo_inbox',
  {
    deliveryId: text('delivery_id').primaryKey(),
    outcome: text('outcome', { enum: outcomeKinds }).notNull(),
    offerId: text('offer_id').notNull(),
    /** What the delivery did, in words without personal data (`applied`, `offer already declined`). */
    result: text('result').notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [check('obo_inbox_outcome_check', oneOf(t.outcome, outcomeKinds))],
)

/**
 * Retention (gallring, migration 0015; docs/domain.md "Gallring och personuppgifter"). One row per
 * run that changed anything: when, the periods it applied, how many records of each kind it culled,
 * and the SHA-256 over its audit tombstones. Append-only, written only inside a run.
 */
export const retentionRuns = sqliteTable('retention_runs', {
  id: text('id').primaryKey(),
  /** ISO-8601 UTC: the moment the periods were counted back from. */
  ranAt: text('ran_at').notNull(),
  /** The periods applied, per kind (JSON). */
  settings: text('settings', { mode: 'json' }).notNull(),
  /** Records culled, per kind (JSON). */
  counts: text('counts', { mode: 'json' }).notNull(),
  /** SHA-256 over this run's rows of `audit_log_culled`, in order: a forged or removed tombstone shows. */
  tombstonesSha256: text('tombstones_sha256').notNull(),
})

/**
 * The marker of a retention run in progress: a row exists only inside the run's own transaction
 * (inserted first, deleted last), so no other connection ever sees one. The append-only triggers
 * let a row of `decisions`, `audit_log`, `obo_inbox` … change or go only while it exists.
 */
export const retentionActive = sqliteTable('retention_active', {
  runId: text('run_id').primaryKey(),
})

/**
 * Tombstones of culled audit rows: the deletion is recorded, not the data. For a removed row, its
 * `hash` and `prev_hash` as written (the chain links through them); for a list-read row kept with
 * some subjects removed, `residual_hash` = the hash over what is left. `hemvist audit verify`
 * walks the chain through them. Append-only; written only inside a retention run.
 */
export const auditLogCulled = sqliteTable(
  'audit_log_culled',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    auditId: integer('audit_id').notNull(),
    runId: text('run_id').notNull(),
    hash: text('hash').notNull(),
    prevHash: text('prev_hash').notNull(),
    /** NULL: the whole row was removed; else the hash over the row and its remaining subjects. */
    residualHash: text('residual_hash'),
  },
  (t) => [index('audit_log_culled_audit_idx').on(t.auditId, t.seq)],
)

/**
 * Households whose record has been culled: the row in `applicants` is kept as the statistics
 * skeleton the follow-up needs (src/domain/retention.ts), and this row says so, when, in which run,
 * and the day it was withdrawn (the follow-up read that from an audit row that retention removes).
 */
export const culledHouseholds = sqliteTable('culled_households', {
  applicantId: text('applicant_id')
    .primaryKey()
    .references(() => applicants.id, { onDelete: 'restrict' }),
  runId: text('run_id').notNull(),
  culledAt: text('culled_at').notNull(),
  withdrawnOn: text('withdrawn_on'),
})

/** The kinds of record the demo makes; each demo record is named here by kind and id (migration 0016). */
export const demoRecordTypes = [
  'applicant',
  'vacancy',
  'round',
  'proposal',
  'decision',
  'offer',
  'placement',
  'placement_event',
  'obo_priority_decision',
  'obo_outbox',
  'obo_inbox',
  'api_token',
] as const

/**
 * Every record the demo made (src/services/seed-demo.ts, src/main/obo-demo.ts), so that
 * `hemvist demo remove` removes them and only them. A table rather than a column: one place to
 * look, no change to the tables themselves (several are append-only), and the records that follow
 * from a demo record (a proposal, decision, offer, placement, nomination or ÖBO answer about a demo
 * household or flat) are marked by triggers as they are written, whoever writes them.
 */
export const demoRecords = sqliteTable(
  'demo_records',
  {
    objectType: text('object_type', { enum: demoRecordTypes }).notNull(),
    objectId: text('object_id').notNull(),
    createdAt: text('created_at').notNull().default(isoNow),
  },
  (t) => [
    primaryKey({ columns: [t.objectType, t.objectId] }),
    check('demo_records_object_type_check', oneOf(t.objectType, demoRecordTypes)),
  ],
)

/** The marker of a demo removal in progress: like `retention_active`, a row exists only inside its transaction. */
export const demoRemovalActive = sqliteTable('demo_removal_active', {
  runId: text('run_id').primaryKey(),
})
