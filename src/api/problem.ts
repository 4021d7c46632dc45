/**
 * RFC 9457 problem details: the one shape of every error the HTTP API answers.
 * Bodies carry what a client can act on (a title, a plain-words detail, field
 * issues) and the request id to quote; never a stack trace, SQL, file path or
 * personal data.
 */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { FieldIssue } from '../domain/validation.ts'

export const problemContentType = 'application/problem+json'

/** Problem types the API answers with; each is a stable URN clients may switch on. */
export const problemTypes = {
  badRequest: 'urn:hemvist:problem:bad-request',
  validation: 'urn:hemvist:problem:validation',
  notFound: 'urn:hemvist:problem:not-found',
  methodNotAllowed: 'urn:hemvist:problem:method-not-allowed',
  conflict: 'urn:hemvist:problem:conflict',
  payloadTooLarge: 'urn:hemvist:problem:payload-too-large',
  unavailable: 'urn:hemvist:problem:unavailable',
  internal: 'urn:hemvist:problem:internal',
  unauthorized: 'urn:hemvist:problem:unauthorized',
  forbidden: 'urn:hemvist:problem:forbidden',
  rateLimited: 'urn:hemvist:problem:rate-limited',
  preconditionRequired: 'urn:hemvist:problem:precondition-required',
  preconditionFailed: 'urn:hemvist:problem:precondition-failed',
  unsupportedMediaType: 'urn:hemvist:problem:unsupported-media-type',
} as const

export interface ProblemDetails {
  type: string
  title: string
  status: number
  detail: string
  /** The request id (also in the X-Request-Id header). */
  instance: string
  /** Field-level issues, e.g. `{ path: 'household.adults', message: 'must be at least 1 adult' }`. */
  errors?: FieldIssue[]
}

export type ProblemInit = Omit<ProblemDetails, 'instance' | 'status'> & { status: ContentfulStatusCode }

/**
 * Thrown by a route (or a middleware) to answer with a problem; `app.onError`
 * turns it into the response. Use it for outcomes a client caused, not for defects.
 *
 * @example
 * throw new HttpProblem({ type: problemTypes.notFound, title: 'Not found', status: 404, detail: 'No applicant "a-9".' })
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem'
  constructor(
    readonly problem: ProblemInit,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.title)
  }
}

/** Field issues as a 422 problem. */
export function validationProblem(
  errors: FieldIssue[],
  detail = 'The request has fields that are not valid.',
): HttpProblem {
  return new HttpProblem({
    type: problemTypes.validation,
    title: 'Unprocessable content',
    status: 422,
    detail,
    errors,
  })
}

/**
 * Answers with a problem+json response; `instance` is the request id.
 *
 * @example
 * return problemResponse(c, { type: problemTypes.conflict, title: 'Conflict', status: 409, detail: '…' })
 */
export function problemResponse(
  c: Context,
  init: ProblemInit,
  headers: Record<string, string> = {},
): Response {
  const requestId: unknown = c.get('requestId')
  const body: ProblemDetails = {
    type: init.type,
    title: init.title,
    status: init.status,
    detail: init.detail,
    instance: typeof requestId === 'string' ? requestId : '',
    ...(init.errors === undefined ? {} : { errors: init.errors }),
  }
  return c.body(JSON.stringify(body), init.status, { ...headers, 'Content-Type': problemContentType })
}
