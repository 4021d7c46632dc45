/**
 * The OpenAPI 3.1 document, generated from the v1 route table and the zod
 * schemas (z.toJSONSchema, JSON Schema 2020-12, which is OpenAPI 3.1's
 * dialect), and the routes that serve it: `GET /openapi.json` and the
 * interactive page `GET /docs`. Nothing here is written by hand except the
 * few routes that live outside the table (health, audit, the docs themselves);
 * a test checks that every route the app serves is in the document.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppDeps, AppEnv } from './app.ts'
import { problemContentType } from './problem.ts'
import { ifMatchPattern, type ResponseSpec } from './routes/v1/define.ts'
import { docsPageHtml, docsPageScript, docsPageStyle } from './routes/v1/docs-page.ts'
import { type AnyRoute, v1Routes } from './routes/v1/index.ts'
import { problemView, viewRegistry } from './views/index.ts'

type Json = Record<string, unknown>

const componentUri = (id: string) => `#/components/schemas/${id}`

/** JSON Schema of a zod schema (named views inside it are inlined), without the document-level keys a component or inline schema must not carry. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _s, $id: _i, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json
  return rest
}

/** A `$ref` when the schema is a named view, else the schema inline. */
function schemaRef(schema: z.ZodType, io: 'input' | 'output'): Json {
  const meta = viewRegistry.get(schema)
  return meta?.id === undefined ? jsonSchema(schema, io) : { $ref: componentUri(meta.id) }
}

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]\w*)/g, '{$1}')
}

/** The properties of an object schema's input JSON Schema, with which are required. */
function objectProperties(schema: z.ZodType): { name: string; schema: Json; required: boolean }[] {
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] }
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    schema: s,
    required: js.required?.includes(name) ?? false,
  }))
}

const problem = (description: string): Json => ({
  description,
  content: { [problemContentType]: { schema: { $ref: componentUri('Problem') } } },
})

const etagHeader = {
  ETag: {
    description: 'The version of the object, e.g. "3": send it back in If-Match to change it',
    schema: { type: 'string' },
  },
}

/** The error answers a route can give, from its traits. */
function errorResponses(route: AnyRoute): Record<string, Json> {
  const out: Record<string, Json> = {}
  if (route.body !== undefined) {
    out['400'] = problem('The body is not valid JSON')
    out['413'] = problem('The body is larger than 1 MiB')
    out['415'] = problem('The body is not application/json')
  }
  out['401'] = problem('No API token, or one that is unknown, revoked or expired')
  out['403'] = problem(
    `The token's role may not call this route (allowed: ${route.roles.join(', ')})` +
      (route.forbidden === undefined ? '' : `; or ${route.forbidden} (\`errors[]\` names the field)`),
  )
  if (route.params !== undefined) {
    out['404'] = problem("No such object, or one outside the caller's scope (answered the same way)")
  } else if (route.operationId === 'getActivePolicy') {
    out['404'] = problem('No policy version is active')
  }
  if (route.method === 'POST' && route.path.endsWith('/vacancies'))
    out['409'] = problem('The external reference exists')
  if (route.operationId === 'updateVacancy')
    out['409'] = problem('Another vacancy has this external reference')
  if (route.operationId === 'withdrawVacancy') out['409'] = problem('The vacancy is let')
  if (route.conflict !== undefined) out['409'] = problem(route.conflict)
  if (route.ifMatch) {
    out['412'] = problem('If-Match names an older version: read again; the ETag header holds the current one')
    out['428'] = problem('If-Match is missing, or not one strong ETag')
  }
  if (route.body !== undefined || route.query !== undefined || route.idempotencyKey) {
    out['422'] = problem(
      'Fields that are not valid, unknown or server-set; `errors[]` names each with its path',
    )
  }
  out['429'] = problem('Too many requests for this token; Retry-After says when to try again')
  out['500'] = problem('A defect; quote the request id (`instance`)')
  out['503'] = problem('The database is busy; Retry-After says when to try again')
  return out
}

/**
 * The OpenAPI links of an answer. A bare operationId fills each path parameter of the target from
 * the body's field of the same name, and its If-Match from this answer's ETag.
 */
function linksOf(
  links: NonNullable<ResponseSpec['links']>,
  routes: readonly AnyRoute[],
): Record<string, Json> {
  const out: Record<string, Json> = {}
  for (const link of links) {
    if (typeof link !== 'string') {
      out[link.operationId] = { operationId: link.operationId, parameters: link.parameters }
      continue
    }
    const target = routes.find((r) => r.operationId === link)
    if (target === undefined) throw new Error(`link to unknown operation ${link}`)
    const parameters: Record<string, string> = {}
    for (const [, name] of target.path.matchAll(/:([A-Za-z_]\w*)/g))
      parameters[`path.${name}`] = `$response.body#/${name}`
    if (target.ifMatch) parameters['header.If-Match'] = '$response.header.ETag'
    out[link] = { operationId: link, parameters }
  }
  return out
}

function operation(route: AnyRoute, routes: readonly AnyRoute[]): Json {
  const parameters: Json[] = []
  if (route.params !== undefined) {
    for (const p of objectProperties(route.params)) {
      parameters.push({ name: p.name, in: 'path', required: true, schema: p.schema })
    }
  }
  if (route.query !== undefined) {
    for (const p of objectProperties(route.query)) {
      const example = route.example?.query?.[p.name]
      parameters.push({
        name: p.name,
        in: 'query',
        required: p.required,
        schema: p.schema,
        ...(example === undefined ? {} : { example }),
      })
    }
  }
  if (route.ifMatch) {
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: true,
      description: 'The ETag you read, e.g. "3" (one strong ETag: not *, W/"3" or a list)',
      schema: { type: 'string', pattern: ifMatchPattern.source },
    })
  }
  if (route.idempotencyKey) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description:
        'A key of your choosing (e.g. a UUID), the same when you retry: the same key and body answer the same result; the same key with another body is a 422',
      schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$' },
    })
  }
  const responses: Record<string, Json> = {}
  for (const [status, spec] of Object.entries(route.responses)) {
    const media = spec.mediaType ?? 'application/json'
    responses[status] = {
      description: spec.description,
      ...(spec.etag ? { headers: etagHeader } : {}),
      ...(spec.links === undefined ? {} : { links: linksOf(spec.links, routes) }),
      ...(spec.schema === undefined
        ? {}
        : { content: { [media]: { schema: schemaRef(spec.schema, 'output') } } }),
    }
  }
  Object.assign(responses, errorResponses(route))
  return {
    operationId: route.operationId,
    summary: route.summary,
    description:
      `${route.description}\n\n**Roles:** ${route.roles.join(', ')}.\n\n**Audit:** ${route.audit}.` +
      (route.rules === undefined
        ? ''
        : `\n\n**Rules the schema cannot state** (breaking one is a 422):\n${route.rules.map((r) => `- ${r}`).join('\n')}`),
    ...(route.rules === undefined ? {} : { 'x-rules': [...route.rules] }),
    tags: [route.tag],
    'x-roles': [...route.roles],
    'x-audit': route.audit,
    security: [{ bearerAuth: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: route.optionalBody !== true,
            content: {
              'application/json': {
                schema: jsonSchema(route.body, 'input'),
                ...(route.example?.body === undefined ? {} : { example: route.example.body }),
              },
            },
          },
        }),
    responses,
  }
}

/** Routes served outside the v1 table, described by hand (a test keeps this list complete). */
function otherOperations(): Record<string, Record<string, Json>> {
  const text = (media: string, description: string) => ({
    description,
    content: { [media]: { schema: { type: 'string' } } },
  })
  return {
    '/health': {
      get: {
        operationId: 'health',
        summary: 'Is the service usable',
        description: 'The database state (reachable, journal mode, migrations, counts). No token needed.',
        tags: ['service'],
        security: [],
        responses: {
          '200': {
            description: 'Usable',
            content: { 'application/json': { schema: { $ref: componentUri('Health') } } },
          },
          '503': problem('Not usable'),
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openApi',
        summary: 'This document',
        tags: ['service'],
        security: [],
        responses: {
          '200': {
            description: 'OpenAPI 3.1',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
        },
      },
    },
    '/docs': {
      get: {
        operationId: 'docs',
        summary: 'The interactive API page',
        tags: ['service'],
        security: [],
        responses: {
          '200': text(
            'text/html; charset=utf-8',
            'A page that reads /openapi.json and lets you try each route',
          ),
        },
      },
    },
    '/docs/docs.js': {
      get: {
        operationId: 'docsScript',
        summary: "The docs page's script",
        tags: ['service'],
        security: [],
        responses: { '200': text('text/javascript; charset=utf-8', 'Script') },
      },
    },
    ...oboOperations(),
    '/docs/docs.css': {
      get: {
        operationId: 'docsStyle',
        summary: "The docs page's style sheet",
        tags: ['service'],
        security: [],
        responses: { '200': text('text/css; charset=utf-8', 'Style sheet') },
      },
    },
  }
}

/**
 * ÖBO's routes whose bodies are not JSON (CSV files) or that are authenticated by a Standard
 * Webhooks signature instead of a token. docs/integrations/obo.md gives their formats in full; the
 * contract test leaves them to tests/api/integrations/obo.test.ts, which sends real files and signatures.
 */
function oboOperations(): Record<string, Record<string, Json>> {
  const report = (fields: string[]) => ({
    description: 'What the batch did (or, with dryRun=true, would do)',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['dryRun', 'rows', ...fields],
          properties: Object.fromEntries([
            ['dryRun', { type: 'boolean' }],
            ['rows', { type: 'integer' }],
            ...fields.map((f) => [f, { type: 'integer' }]),
          ]),
        },
      },
    },
  })
  const batch = (operationId: string, summary: string, fields: string[]) => ({
    post: {
      operationId,
      summary,
      description:
        'The whole file as the body (`Content-Type: text/csv`; UTF-8 or Windows-1252, `;` or `,`, with or without a BOM). ' +
        'Every row is checked first; on any problem the answer is 422 listing each (`errors[]`: `row`, `line`, `column`, `message`) and nothing is written. ' +
        '`dryRun=true` checks and reports without writing. The same file sent again changes nothing.',
      tags: ['integrations'],
      'x-roles': ['obo', 'admin', 'allocator'],
      parameters: [
        { name: 'dryRun', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } },
      ],
      requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
      responses: {
        '200': report(fields),
        '401': problem('No API token, or one that is unknown, revoked or expired'),
        '403': problem('The token may not send ÖBO batches (allowed: obo, admin, allocator)'),
        '413': problem('The file is larger than 1 MiB'),
        '415': problem('The body is not text/csv'),
        '422': problem(
          'Rows with problems (each named in errors[]), a header that is not ÖBO’s, or a file that is not CSV; nothing was written',
        ),
        '429': problem('Too many requests for this token'),
        '503': problem('The database is busy; Retry-After says when to try again'),
      },
    },
  })
  return {
    '/v1/integrations/obo/vacancies.csv': batch('importOboVacancies', 'Send a batch of ÖBO flats as CSV', [
      'created',
      'updated',
      'unchanged',
      'withdrawn',
    ]),
    '/v1/integrations/obo/priorities.csv': batch(
      'importOboPriorities',
      "Send ÖBO's priority decisions as CSV",
      ['approved', 'ended', 'unchanged'],
    ),
    '/v1/integrations/obo/outcomes': {
      post: {
        operationId: 'recordOboOutcome',
        summary: "ÖBO's signed answer to a nomination",
        description:
          'A Standard Webhooks delivery: `webhook-id`, `webhook-timestamp`, `webhook-signature` (HMAC-SHA256 over id.timestamp.body with the outcome secret). ' +
          'No API token. A replayed delivery id answers 200 again and changes nothing.',
        tags: ['integrations'],
        security: [],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          '200': {
            description: 'Recorded (or a replay of a delivery already recorded)',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          '400': problem('The body is not JSON'),
          '401': problem('A missing or wrong signature, or a timestamp more than five minutes off'),
          '404': problem('No nomination with this id'),
          '409': problem(
            'The outcome cannot be recorded as it stands (e.g. a contract start before the flat is available)',
          ),
          '413': problem('The body is larger than 1 MiB'),
          '422': problem('The outcome is not valid; errors[] names the fields'),
          '429': problem(
            'More signed deliveries a minute than the rate limit (HEMVIST_RATE_LIMIT_PER_MINUTE) allows; Retry-After says when to send again',
          ),
          '503': problem('Outcomes are not configured on this server, or the database is busy'),
        },
      },
    },
  }
}

/**
 * Builds the OpenAPI 3.1 document.
 *
 * @example
 * const doc = openApiDocument()
 * doc.paths['/v1/applicants/{id}'].get['x-roles'] // ['admin', 'allocator', 'caseworker']
 */
export function openApiDocument(
  routes: readonly AnyRoute[] = v1Routes,
): Json & { paths: Record<string, Record<string, Json>> } {
  const paths: Record<string, Record<string, Json>> = otherOperations()
  for (const route of routes) {
    const path = openApiPath(route.path)
    paths[path] ??= {}
    paths[path][route.method.toLowerCase()] = operation(route, routes)
  }
  // Every named view, inputs aside, as a component; references between them stay references.
  const { schemas } = z.toJSONSchema(viewRegistry, {
    io: 'output',
    unrepresentable: 'any',
    uri: componentUri,
  })
  const components: Record<string, Json> = {}
  for (const [id, s] of Object.entries(schemas)) {
    const { $schema: _s, $id: _i, ...rest } = s as Json
    components[id] = rest
  }
  // Referenced by every error answer even if no route names it directly.
  if (components.Problem === undefined) components.Problem = jsonSchema(problemView, 'output')
  return {
    openapi: '3.1.0',
    info: {
      title: 'hemvist API',
      version: '1',
      description:
        'Households, vacancies and allocation policies for housing-support placement matching (Örebro municipality). ' +
        'Every route under /v1 needs `Authorization: Bearer <token>`; what a token may do depends on its role ' +
        '(`x-roles` on each operation). Every error is RFC 9457 problem+json. Updates carry the ETag read in If-Match. ' +
        'A path listed here called with a method it does not list answers 405 with `Allow`; a path not listed, 404. ' +
        'Links on the answers lead from creating an object to reading, changing and withdrawing it.',
    },
    tags: [
      { name: 'applicants', description: 'Households needing housing' },
      { name: 'vacancies', description: 'Units the municipality can place households in' },
      { name: 'policies', description: 'Versioned allocation policies' },
      { name: 'audit', description: 'Who accessed what' },
      { name: 'reports', description: 'Follow-up reports: aggregates only, small cells suppressed' },
      {
        name: 'integrations',
        description:
          "ÖBO's feeds (docs/integrations/obo.md): flats by object number; CSV batches and signed outcome webhooks are described there",
      },
      { name: 'service', description: 'Health and documentation' },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'hv_<id>_<secret> from `hemvist token create`',
        },
      },
    },
  }
}

/**
 * `GET /openapi.json`, `GET /docs` (+ its script and style sheet). No token
 * needed: the document describes the API, it holds no data. The page's
 * script and style are served from here, never a CDN (the machine may be
 * offline), which also lets its Content-Security-Policy allow only 'self'.
 */
export function openApiRoutes(_deps: AppDeps): Hono<AppEnv> {
  const document = JSON.stringify(openApiDocument())
  const pageCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
  return new Hono<AppEnv>()
    .get('/openapi.json', (c) =>
      c.body(document, 200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-cache',
      }),
    )
    .get('/docs', (c) =>
      c.body(docsPageHtml, 200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': pageCsp,
      }),
    )
    .get('/docs/docs.js', (c) =>
      c.body(docsPageScript, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
    )
    .get('/docs/docs.css', (c) => c.body(docsPageStyle, 200, { 'Content-Type': 'text/css; charset=utf-8' }))
}
