/**
 * The v1 route table's building blocks. Each route is declared once, as data:
 * method, path, roles, the zod schemas of its parameters, query, body and
 * responses, and its handler. From that one declaration come the Hono route
 * (with `requireRole` for exactly the roles listed), the OpenAPI operation
 * (`../../openapi.ts`) and the tests' route × role matrix, so the three cannot
 * drift apart.
 *
 * The handler receives its inputs already validated: path parameters that do
 * not parse answer 404 (no such object can exist), a bad query or body 422
 * with field paths, a write without If-Match 428.
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import type { z } from 'zod'
import type { Role } from '../../../domain/roles.ts'
import { type FieldIssue, fieldIssues, formatPath, renderKey } from '../../../domain/validation.ts'
import type { ServiceContext, ServiceError, ServiceResult } from '../../../services/context.ts'
import type { AppDeps } from '../../app.ts'
import { type AuthEnv, requireRole } from '../../auth/index.ts'
import { HttpProblem, problemTypes, validationProblem } from '../../problem.ts'

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT'

/**
 * The kind of object a route's `:id` names: the matrix test makes an own and a foreign one of each.
 * `roundHousehold`: a household of a round's pool (`:id` the round, `:householdId` the household),
 * scoped like the household.
 */
export type ObjectKind =
  | 'applicant'
  | 'vacancy'
  | 'policy'
  | 'round'
  | 'roundHousehold'
  | 'offer'
  | 'placement'

export interface ResponseSpec {
  description: string
  /** The body's schema; for JSON, per role where roles see different fields. */
  schema?: z.ZodType
  /** Default application/json. */
  mediaType?: string
  /** The response carries `ETag: "<version>"`. */
  etag?: boolean
  /**
   * OpenAPI links: the operations a client can call next with what this answer holds. A bare
   * operationId fills each of its path parameters from the body's field of the same name and its
   * If-Match from this answer's ETag; give `parameters` (OpenAPI runtime expressions) otherwise.
   */
  links?: readonly (string | LinkSpec)[]
}

/** One OpenAPI link, e.g. `{ operationId: 'auditTrail', parameters: { applicantId: '$response.body#/id' } }`. */
export interface LinkSpec {
  operationId: string
  parameters: Record<string, string>
}

export interface HandlerArgs<P, Q, B> {
  c: Context<AuthEnv>
  ctx: ServiceContext
  deps: AppDeps
  params: P
  query: Q
  body: B
  /** The version quoted in If-Match (routes with `ifMatch`), else undefined. */
  ifMatch: number | undefined
  /** The Idempotency-Key header (routes with `idempotencyKey`), else undefined. */
  idempotencyKey: string | undefined
  /**
   * Runs a synchronous service call in the app's group commit (`deps.committer`), its `ctx.db`
   * the group's transaction; resolves after the COMMIT that holds its work and audit rows.
   * Every route that writes, or reads personal data (and so appends an audit row), goes through it.
   *
   * @example
   * const r = await transact((ctx) => getApplicant({ ctx, input: { id } }))
   */
  transact: <T>(call: (ctx: ServiceContext) => T) => Promise<T>
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  operationId: string
  method: Method
  /** The full path as clients call it, Hono style: `/v1/applicants/:id`. */
  path: string
  tag:
    | 'applicants'
    | 'vacancies'
    | 'policies'
    | 'rounds'
    | 'offers'
    | 'placements'
    | 'audit'
    | 'reports'
    | 'integrations'
  summary: string
  description: string
  /** Who may call it; every other role gets 403. */
  roles: readonly Role[]
  /** What the route appends to the audit trail, in words (for the spec). */
  audit: string
  /** Set when the path's `:id` names an object the caller may or may not see. */
  object?: ObjectKind
  params?: z.ZodType<P>
  query?: z.ZodType<Q>
  body?: z.ZodType<B>
  /**
   * The body may be left out (no Content-Type, nothing sent): it is then read as `{}`. For a route
   * that took no body before and now takes optional fields, so clients that send none still work.
   */
  optionalBody?: boolean
  /** Rewords field issues of the body (e.g. "is set by the server" for `status`). */
  explainBodyIssues?: (issues: FieldIssue[]) => FieldIssue[]
  /** Requires If-Match with the version the client read (optimistic concurrency). */
  ifMatch?: boolean
  /** Requires an Idempotency-Key header: a retried request answers what the first one did. */
  idempotencyKey?: boolean
  /** When the route answers 409, in words (for the spec). */
  conflict?: string
  /**
   * Rules on the request that JSON Schema cannot state (one field against another), in words;
   * the document lists them in the operation's description and as `x-rules`. A request that
   * breaks one is a 422.
   */
  rules?: readonly string[]
  /**
   * When a role listed in `roles` still gets 403: a valid value its token may not write (another
   * caseload, another landlord). In words, for the document's 403 answer.
   */
  forbidden?: string
  /** Success responses; the error responses are added to the spec from the route's traits. */
  responses: Record<number, ResponseSpec>
  /** A request that succeeds for an allowed role on an own object: shown in the spec, used by the tests. */
  example?: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown }
  handle: (args: HandlerArgs<P, Q, B>) => Response | Promise<Response>
}

/** Declares a route; the generic parameters are inferred from the schemas. */
export function route<P, Q, B>(spec: RouteSpec<P, Q, B>): RouteSpec<P, Q, B> {
  return spec
}

/** A route of any shape (the table's element type). */
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous table; each entry was checked by route().
export type AnyRoute = RouteSpec<any, any, any>

/** At most this many field issues in one answer: a 10⁵-element array must not make a 10⁵-entry error body. */
export const maxIssues = 100

function capped(issues: FieldIssue[]): FieldIssue[] {
  if (issues.length <= maxIssues) return issues
  return [
    ...issues.slice(0, maxIssues),
    { path: '', message: `and ${issues.length - maxIssues} more issues not listed` },
  ]
}

function notFoundProblem(): HttpProblem {
  return new HttpProblem({
    type: problemTypes.notFound,
    title: 'Not found',
    status: 404,
    detail: 'There is no such resource.',
  })
}

/** The parsed query; a parameter given twice is an issue (which one would count is a guess). */
function readQuery(c: Context, schema: z.ZodType): unknown {
  const all = c.req.queries()
  const single: Record<string, string> = {}
  const issues: FieldIssue[] = []
  for (const [key, values] of Object.entries(all)) {
    if (values.length !== 1) issues.push({ path: renderKey(key), message: 'must be given once' })
    else single[key] = values[0] ?? ''
  }
  const parsed = schema.safeParse(single)
  if (!parsed.success) issues.push(...fieldIssues(parsed.error, single))
  if (issues.length > 0)
    throw validationProblem(capped(issues), 'The query has parameters that are not valid.')
  return parsed.data
}

/**
 * If-Match as this API accepts it: one strong ETag as it gives them out (`"3"`). The OpenAPI
 * document states this same pattern, so a well-formed If-Match is never a 428.
 */
export const ifMatchPattern = /^"([1-9][0-9]{0,14})"$/

/** What an Idempotency-Key may be: short and plain, so it can be stored and compared as it is. */
export const idempotencyKeyPattern = /^[A-Za-z0-9_.:-]{1,128}$/

function readIdempotencyKey(c: Context): string {
  const key = c.req.header('Idempotency-Key')?.trim()
  if (key === undefined || key === '' || !idempotencyKeyPattern.test(key)) {
    throw validationProblem(
      [
        {
          path: 'Idempotency-Key',
          message:
            key === undefined || key === ''
              ? 'is required: a key of your choosing, the same when you retry (e.g. a UUID)'
              : 'must be 1–128 characters of A–Z, a–z, 0–9, _ . : -',
        },
      ],
      'This request needs an Idempotency-Key header.',
    )
  }
  return key
}

/** The version in If-Match: one strong ETag as this API gives them out (`"3"`). */
function readIfMatch(c: Context): number {
  const header = c.req.header('If-Match')?.trim()
  if (header === undefined || header === '') {
    throw new HttpProblem({
      type: problemTypes.preconditionRequired,
      title: 'Precondition required',
      status: 428,
      detail: 'This update needs an If-Match header with the ETag you read (e.g. If-Match: "3").',
    })
  }
  const match = ifMatchPattern.exec(header)
  if (match?.[1] === undefined) {
    // `*`, weak or listed ETags would let an update through without naming the version it was based on.
    throw new HttpProblem({
      type: problemTypes.preconditionRequired,
      title: 'Precondition required',
      status: 428,
      detail: 'If-Match must be the one ETag you read, e.g. "3" (not *, W/"3" or a list).',
    })
  }
  return Number(match[1])
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * The path of the first string (or of the object holding the first key) that is not well-formed
 * UTF-16, i.e. holds a lone surrogate; undefined when every string is well-formed.
 */
function illFormedAt(value: unknown): PropertyKey[] | undefined {
  // Iterative, depth first, each node knowing only its parent: a deeply nested body must neither
  // overflow the stack nor cost a path copy per level.
  interface Node {
    value: unknown
    key: PropertyKey | undefined
    parent: Node | undefined
  }
  const pathOf = (node: Node | undefined): PropertyKey[] => {
    const path: PropertyKey[] = []
    for (let n = node; n?.key !== undefined; n = n.parent) path.push(n.key)
    return path.reverse()
  }
  const stack: Node[] = [{ value, key: undefined, parent: undefined }]
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const here = node.value
    if (typeof here === 'string') {
      if (loneSurrogate.test(here)) return pathOf(node)
    } else if (Array.isArray(here)) {
      for (let i = here.length - 1; i >= 0; i--) stack.push({ value: here[i], key: i, parent: node })
    } else if (typeof here === 'object' && here !== null) {
      const entries = Object.entries(here)
      // The key itself is not to be echoed: its object's path is named.
      if (entries.some(([key]) => loneSurrogate.test(key))) return pathOf(node)
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i] as [string, unknown]
        stack.push({ value: item, key, parent: node })
      }
    }
  }
  return undefined
}

/** Nothing sent: no Content-Type and no (or an empty) body. */
function noBodySent(c: Context): boolean {
  const length = c.req.header('Content-Length')
  return c.req.header('Content-Type') === undefined && (length === undefined || length === '0')
}

/** An absent optional body, validated as `input` by the route's schema like any sent one. */
function readParsed<B>(route: AnyRoute, schema: z.ZodType<B>, input: unknown): B {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const issues = fieldIssues(parsed.error, input)
  throw validationProblem(capped(route.explainBodyIssues?.(issues) ?? issues))
}

async function readBody<B>(c: Context, route: AnyRoute, schema: z.ZodType<B>): Promise<B> {
  const type = c.req.header('Content-Type') ?? ''
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new HttpProblem({
      type: problemTypes.unsupportedMediaType,
      title: 'Unsupported media type',
      status: 415,
      detail: 'Send the body as JSON with Content-Type: application/json.',
    })
  }
  let text: string
  try {
    // Fatal: invalid UTF-8 is refused, not stored as U+FFFD.
    text = utf8.decode(await c.req.arrayBuffer())
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    throw validationProblem(
      [{ path: '', message: 'is not valid UTF-8 text' }],
      'The body is not valid UTF-8: send the text as UTF-8.',
    )
  }
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch {
    throw new HttpProblem({
      type: problemTypes.badRequest,
      title: 'Bad request',
      status: 400,
      detail: 'The body is not valid JSON.',
    })
  }
  const broken = illFormedAt(input)
  if (broken !== undefined) {
    // JSON escapes can spell a lone surrogate ("\ud800"), which is no character at all.
    throw validationProblem([
      { path: formatPath(broken), message: 'is not well-formed Unicode (a lone surrogate)' },
    ])
  }
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error, input)
    throw validationProblem(capped(route.explainBodyIssues?.(issues) ?? issues))
  }
  return parsed.data
}

/** The HTTP answer to a service's refusal. */
function serviceProblem(error: ServiceError): HttpProblem {
  switch (error.code) {
    case 'NOT_FOUND':
      return new HttpProblem({
        type: problemTypes.notFound,
        title: 'Not found',
        status: 404,
        detail: error.detail,
      })
    case 'INVALID':
      return validationProblem(capped(error.issues), error.detail)
    case 'STALE':
      return new HttpProblem(
        {
          type: problemTypes.preconditionFailed,
          title: 'Precondition failed',
          status: 412,
          detail: error.detail,
        },
        { ETag: etag(error.currentVersion) },
      )
    case 'CONFLICT':
      return new HttpProblem({
        type: problemTypes.conflict,
        title: 'Conflict',
        status: 409,
        detail: error.detail,
        ...(error.issues === undefined ? {} : { errors: capped(error.issues) }),
      })
    case 'FORBIDDEN':
      return new HttpProblem({
        type: problemTypes.forbidden,
        title: 'Forbidden',
        status: 403,
        detail: error.detail,
        errors: capped(error.issues),
      })
  }
}

/**
 * The service's value, or its refusal thrown as the HTTP problem (`app.onError` answers it).
 *
 * @example
 * const stored = orProblem(await transact((ctx) => getApplicant({ ctx, input: { id } })))
 */
export function orProblem<T>(result: ServiceResult<T>): T {
  if (!result.ok) throw serviceProblem(result.error)
  return result.value
}

/** `"3"`: the strong ETag of version 3. */
export function etag(version: number): string {
  return `"${version}"`
}

/** A JSON answer; with `version`, also `ETag: "<version>"`. */
export function json(
  c: Context,
  status: 200 | 201 | 202,
  body: unknown,
  version?: number,
  extra: Record<string, string> = {},
) {
  const headers: Record<string, string> = { ...extra }
  if (version !== undefined) headers.ETag = etag(version)
  return c.json(body as object, status, headers)
}

/**
 * Builds a Hono router (mounted at `/v1`) from route specs. Registration
 * follows the table's order, so a fixed path (`/applicants/stats`) must come
 * before a parameter at the same place (`/applicants/:id`).
 */
export function buildRouter(routes: readonly AnyRoute[], deps: AppDeps): Hono<AuthEnv> {
  const router = new Hono<AuthEnv>()
  for (const spec of routes) {
    if (!spec.path.startsWith('/v1/')) throw new Error(`route ${spec.operationId}: path must start with /v1/`)
    router.on(spec.method, spec.path.slice('/v1'.length), requireRole(...spec.roles), async (c) => {
      let params: unknown
      if (spec.params !== undefined) {
        const parsed = spec.params.safeParse(c.req.param())
        if (!parsed.success) throw notFoundProblem()
        params = parsed.data
      }
      const query = spec.query === undefined ? undefined : readQuery(c, spec.query)
      const ifMatch = spec.ifMatch ? readIfMatch(c) : undefined
      const idempotencyKey = spec.idempotencyKey ? readIdempotencyKey(c) : undefined
      const body =
        spec.body === undefined
          ? undefined
          : spec.optionalBody && noBodySent(c)
            ? readParsed(spec, spec.body, {})
            : await readBody(c, spec, spec.body)
      const ctx: ServiceContext = {
        db: deps.db.db,
        principal: c.get('principal'),
        requestId: c.get('requestId'),
        districts: deps.districts,
        pnrKey: deps.config.pnrKey,
      }
      let transacted = false
      const transact = <T>(call: (ctx: ServiceContext) => T): Promise<T> => {
        transacted = true
        return deps.committer.run((tx) => call({ ...ctx, db: tx }))
      }
      try {
        return await spec.handle({ c, ctx, deps, params, query, body, ifMatch, idempotencyKey, transact })
      } finally {
        // A read outside the group commit may have seen a group that is committed but whose WAL
        // sync is still running: answer (an error too: a 404 can show a change) only once it is
        // durable, so no answer shows what a power cut could undo. A transacted call already
        // resolved after its own sync.
        if (!transacted) await deps.committer.whenDurable()
      }
    })
  }
  return router
}
