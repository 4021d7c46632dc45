import type { z } from 'zod'
import { err, type FieldIssue, fieldIssues, ok, type Result } from '../../src/domain/validation.ts'
import { StoredDataError } from '../errors.ts'

/** Why a repository write was refused; each case maps to one HTTP status in the API. */
export type RepoError =
  | { code: 'INVALID'; issues: FieldIssue[] }
  | { code: 'CONFLICT'; detail: string }
  | { code: 'NOT_FOUND'; detail: string }

/** Validates a document on the way in; errors are field issues, never thrown. */
export function validateIn<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>, RepoError> {
  const parsed = schema.safeParse(input)
  return parsed.success ? ok(parsed.data) : err({ code: 'INVALID', issues: fieldIssues(parsed.error) })
}

/**
 * Validates a stored document on the way out. A mismatch is a defect (bad
 * migration, hand edit), not a user error, so it throws a StoredDataError.
 */
export function validateOut<S extends z.ZodType>(
  schema: S,
  body: unknown,
  table: string,
  id: string,
): z.output<S> {
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    throw new StoredDataError(
      table,
      id,
      fieldIssues(parsed.error).map((i) => i.path),
    )
  }
  return parsed.data
}

/** The current time as stored in entity tables' text timestamps. */
export function isoTimestamp(date = new Date()): string {
  return date.toISOString()
}
