/**
 * Who may do what: the API's roles and the principal a request acts as. Pure
 * vocabulary, shared by the token store (db), the services and the HTTP layer.
 */

/**
 * - `admin`: everything, including tokens and the audit trail.
 * - `allocator` (boendesamordnare): rounds, policies, every household.
 * - `caseworker` (socialsekreterare): only the households in its caseloads.
 * - `analyst`: aggregates only, never a person's record.
 * - `obo` (ÖBO's system integration): vacancies and nominations only.
 */
export const roles = ['admin', 'allocator', 'caseworker', 'analyst', 'obo'] as const
export type Role = (typeof roles)[number]

/** The authenticated caller of a request: the token it presented, that token's role and caseloads. */
export interface Principal {
  /** The token's public id (not secret: it appears in `token list` and the audit log). */
  tokenId: string
  role: Role
  /** The caseloads a `caseworker` may see; empty for every other role (they are not scoped by caseload). */
  caseloads: readonly string[]
  /**
   * The named person acting with the token (tokens created with `--person`). Decisions on
   * proposals and answers to offers are refused without one: a decision is never made by "the system".
   */
  person?: string
}
