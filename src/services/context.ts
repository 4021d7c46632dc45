/**
 * What every resource service (applicants, vacancies, policies) takes and
 * returns: the caller's context in, a result value out. Services never throw
 * for an outcome a client caused; the HTTP routes map each error code to one
 * status.
 */

import { randomBytes } from 'node:crypto'
import type { Executor } from '../../db/client.ts'
import { checkDistricts, type DistrictVocabulary, defaultDistrictVocabulary } from '../domain/districts.ts'
import type { PseudonymKey } from '../domain/pseudonym.ts'
import type { Principal } from '../domain/roles.ts'
import { err, type FieldIssue, type Result } from '../domain/validation.ts'

/** Who is calling, in which request, on which database. */
export interface ServiceContext {
  /**
   * The database, or the transaction the call runs in: through the API, the group-commit
   * transaction (`db/group-commit.ts`), so a service's own `writeTransaction` nests as a savepoint
   * and its work commits, audit rows included, in the group's COMMIT before the request answers.
   */
  db: Executor
  principal: Principal
  /** Recorded in every audit row the call appends. */
  requestId: string
  /** The clock; tests pass a fixed one. */
  now?: () => Date
  /** The municipality's districts (`HEMVIST_DISTRICTS`); default Örebro's. */
  districts?: DistrictVocabulary
  /** The key of the personnummer pseudonym (`HEMVIST_PNR_KEY`); without it no personnummer is taken. */
  pnrKey?: PseudonymKey | undefined
}

/** A service call with its context and its (already validated) input. */
export interface ServiceCall<I> {
  ctx: ServiceContext
  input: I
}

/**
 * Why a service refused. Each code is one HTTP status: NOT_FOUND 404 (also for
 * an object outside the caller's scope), INVALID 422, STALE 412 (the version
 * quoted is not the current one), CONFLICT 409, FORBIDDEN 403 (a valid value the
 * caller's token may not write, e.g. another caseload: the request is well formed
 * and the caller lacks the right, so it is not a 422).
 */
export type ServiceError =
  | { code: 'NOT_FOUND'; detail: string }
  | { code: 'INVALID'; detail: string; issues: FieldIssue[] }
  | { code: 'STALE'; detail: string; currentVersion: number }
  | { code: 'CONFLICT'; detail: string; issues?: FieldIssue[] }
  | { code: 'FORBIDDEN'; detail: string; issues: FieldIssue[] }

export type ServiceResult<T> = Result<T, ServiceError>

/** The id is not echoed: an id typed into a URL may be anything, even a personal identity number. */
export const notFound = (what: string): ServiceResult<never> =>
  err({ code: 'NOT_FOUND', detail: `There is no ${what} with this id.` })

export const invalid = (issues: FieldIssue[], detail = 'The request has fields that are not valid.') =>
  err({ code: 'INVALID', detail, issues } as const)

export const forbidden = (issues: FieldIssue[], detail = 'Your token may not write these values.') =>
  err({ code: 'FORBIDDEN', detail, issues } as const)

export const stale = (what: string, currentVersion: number, quoted: number) =>
  err({
    code: 'STALE',
    currentVersion,
    detail: `The ${what} has changed (it is at version ${currentVersion}, If-Match said ${quoted}); read it again and reapply your change.`,
  } as const)

export function nowOf(ctx: ServiceContext): Date {
  return ctx.now?.() ?? new Date()
}

/**
 * A new entity id: a UUIDv7 (RFC 9562), so ids sort by creation time and a list
 * in id order reads oldest first; 74 random bits make them unguessable enough
 * that an id says nothing about how many others exist.
 *
 * @example
 * newId() // '0190f5c8-7b6e-7c3a-9d1e-4f2a8b6c0d12'
 */
export function newId(now = new Date()): string {
  const bytes = randomBytes(16)
  const ms = BigInt(now.getTime())
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * The value of a successful result passed through `f`; a refusal unchanged.
 *
 * @example
 * mapResult(getOffer({ ctx, input }), (offer) => offerViewOf(offer, false))
 */
export function mapResult<T, U>(result: ServiceResult<T>, f: (value: T) => U): ServiceResult<U> {
  return result.ok ? { ok: true, value: f(result.value) } : result
}

/**
 * District names of a write, checked against the municipality's vocabulary and put in its
 * spelling: `fields` maps a field path to the names given there (undefined: not given).
 * An unknown name is INVALID, naming the closest known district.
 *
 * @example
 * const r = knownDistricts(ctx, { 'preferences.districts': ['vaster'] })
 * if (r.ok) r.value['preferences.districts'] // ['Väster']
 */
export function knownDistricts<K extends string>(
  ctx: ServiceContext,
  /** A list of names, or one name (a single field), per path. */
  fields: Record<K, readonly string[] | string | undefined>,
): ServiceResult<Record<K, string[] | undefined>> {
  const vocabulary = ctx.districts ?? defaultDistrictVocabulary
  const out = {} as Record<K, string[] | undefined>
  const issues: FieldIssue[] = []
  for (const path of Object.keys(fields) as K[]) {
    const names = fields[path]
    if (names === undefined) {
      out[path] = undefined
      continue
    }
    const checked = checkDistricts(vocabulary, path, names)
    if (checked.ok) out[path] = checked.names
    else issues.push(...checked.issues)
  }
  return issues.length > 0 ? invalid(issues) : { ok: true, value: out }
}
