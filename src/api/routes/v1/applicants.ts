/**
 * `/v1/applicants`: households. Who may do what:
 * admin and allocator, every household; caseworker, the households of its
 * caseloads (another caseload's id answers 404, as a missing one, and the
 * attempt is audited); analyst, only the suppressed counts of `/stats`; obo, nothing.
 */
import { z } from 'zod'
import { type Situation, situationSchema } from '../../../domain/applicant.ts'
import { extractDocument } from '../../../domain/extract.ts'
import { applicantDateIssues, checkedOnParseDay } from '../../../domain/plausible-dates.ts'
import { entityId } from '../../../domain/schema-parts.ts'
import { situationCodes } from '../../../domain/vocabulary.ts'
import { applicantExtract } from '../../../services/applicants/extract.ts'
import {
  applicantStats,
  createApplicant,
  getApplicant,
  listApplicants,
  reopenApplicant,
  situationHistory,
  updateApplicant,
  withdrawApplicant,
} from '../../../services/applicants/index.ts'
import {
  applicantCreateSchema,
  applicantDatesRule,
  applicantListQuerySchema,
  applicantPatchSchema,
  applicantRecordRule,
  explainServerSetFields,
  membersRule,
} from '../../../services/applicants/schemas.ts'
import { nowOf } from '../../../services/context.ts'
import { isoDay } from '../../../services/rounds/store.ts'
import {
  applicantCaseworkerView,
  applicantFullView,
  applicantPageBody,
  applicantPageView,
  applicantStatsBody,
  applicantStatsView,
  applicantView,
  situationHistoryBody,
  situationHistoryView,
} from '../../views/applicant.ts'
import { extractView } from '../../views/extract.ts'
import { named } from '../../views/registry.ts'
import { type AnyRoute, json, orProblem, route } from './define.ts'

const idParams = z.strictObject({ id: entityId })

/** The household's new situation: one of Socialstyrelsen's four with a kind of it, `since` default today. */
const [acute, institution, longTerm, shortTerm] = situationSchema.options
const reopenBody = z
  .strictObject({
    situation: z.discriminatedUnion(
      'code',
      [
        acute.partial({ since: true }),
        institution.partial({ since: true }),
        longTerm.partial({ since: true }),
        shortTerm.partial({ since: true }),
      ],
      { error: `must be one of ${situationCodes.join(', ')}` },
    ),
  })
  .superRefine(
    checkedOnParseDay((b: { situation: { since?: string | undefined } }, today) =>
      applicantDateIssues(
        b.situation.since === undefined ? {} : { situation: b.situation as Situation },
        today,
      ),
    ),
  )
const reopenDatesRule = '`situation.since` from 1950-01-01 to today, and not before the placement ended.'

/** One household's answer: the full view for admin/allocator, the case worker's view for caseworkers. */
const oneApplicant = named(
  'Applicant',
  z.union([applicantFullView, applicantCaseworkerView]),
  'ApplicantFull for admin and allocator, ApplicantCaseworker for caseworkers',
)

const exampleApplicant = {
  situation: { code: 'acute', kind: 'shelter', since: '2026-01-10' },
  household: { adults: 1, children: [{ birthYear: 2019, birthMonth: 4 }] },
  needs: {
    supportLevel: 'low',
    housingFirstAssessed: false,
    skillsTrainingNeed: false,
    wheelchair: false,
    elevator: false,
    groundFloor: false,
    pets: false,
  },
  safety: { excludedDistricts: [], protectedIdentity: false, domesticViolence: false },
  urgency: {},
  economy: { maxRent: 7500, rentCarriedByMunicipality: false },
  resident: true,
  preferences: { districts: ['Väster'], vacancyTypes: ['social_contract', 'obo_priority'] },
  caseload: 'team-norr',
  monitoring: { gender: 'woman', birthYear: 1990, bornAbroad: false },
}

const householdRoles = ['admin', 'allocator', 'caseworker'] as const

/** Who accessed this household: the audit trail, for the roles that may read it. */
const auditLink = { operationId: 'auditTrail', parameters: { 'query.applicantId': '$response.body#/id' } }
const caseworkerCaseload = 'a case worker names a caseload that is not one of its own'

export const applicantRoutes: AnyRoute[] = [
  route({
    operationId: 'createApplicant',
    method: 'POST',
    path: '/v1/applicants',
    tag: 'applicants',
    summary: 'Register a household',
    description:
      'The server assigns `id`, `registeredOn` (today), `lotteryNumber` (drawn at random, never changed) and `status` (`active`). ' +
      'Sending any of those, `declinedVacancyIds`, or a field the schema does not know (`priorityScore`) is a 422 naming the fields. ' +
      'A case worker registers into its own caseloads only (another caseload is a 403). ' +
      'A household at risk of eviction that is not homeless is registered as a prevention case: `prevention` instead of `situation`. ' +
      'A member’s `personnummer` is stored only as its keyed pseudonym (`pnrPseudonym`), never in clear; a person already in another ' +
      'household that still seeks housing (active, paused or offered) is a 409, naming that household to a caller who may see it.',
    conflict:
      'A member is already a member of another household that still seeks housing (`detail` names it to a caller who may see it)',
    roles: householdRoles,
    audit: '`applicant.create` (`applicant.create_protected` for a protected identity)',
    body: applicantCreateSchema,
    rules: [applicantDatesRule, applicantRecordRule, membersRule],
    explainBodyIssues: explainServerSetFields,
    forbidden: caseworkerCaseload,
    responses: {
      201: {
        description: 'Registered; `Location` names it, `ETag` is its version',
        schema: oneApplicant,
        etag: true,
        links: [
          'getApplicant',
          'updateApplicant',
          'withdrawApplicant',
          'applicantSituationHistory',
          'applicantExtract',
          'applicantExtractDocument',
          auditLink,
        ],
      },
    },
    example: { body: exampleApplicant },
    handle: async ({ c, ctx, body, transact }) => {
      const value = orProblem(await transact((ctx) => createApplicant({ ctx, input: body })))
      return json(c, 201, applicantView(ctx.principal.role, value), value.version, {
        Location: `/v1/applicants/${value.applicant.id}`,
      })
    },
  }),
  route({
    operationId: 'listApplicants',
    method: 'GET',
    path: '/v1/applicants',
    tag: 'applicants',
    summary: 'List households',
    description:
      'Summaries (nothing that places a person) in id order, which is registration order. Filters combine with AND; ' +
      '`registeredBefore`/`registeredAfter` are strict; `district` matches a preferred district compared without case, accents or extra spaces. ' +
      '`limit` is 1–200 (default 50; outside the range is a 422, never a silent clamp). Pass `nextCursor` as `cursor` ' +
      'for the next page; every household present throughout is listed exactly once across the pages. ' +
      'A case worker sees its own caseloads only.',
    roles: householdRoles,
    audit:
      '`applicant.list`, and `applicant.list_protected` for each protected-identity household on the page',
    query: applicantListQuerySchema,
    responses: { 200: { description: 'One page', schema: applicantPageView } },
    example: { query: { situation: 'acute', hasChildren: 'true', limit: '20' } },
    handle: async ({ c, transact, query }) => {
      const value = orProblem(await transact((ctx) => listApplicants({ ctx, input: query })))
      return json(c, 200, applicantPageBody(value))
    },
  }),
  route({
    operationId: 'applicantStats',
    method: 'GET',
    path: '/v1/applicants/stats',
    tag: 'applicants',
    summary: 'Count households (aggregates only)',
    description:
      'Counts per situation, per status and with or without children. Counts from 1 to 4 are suppressed ' +
      '(`count: null, suppressed: true`), and where that hides a single cell of a table the next smallest is ' +
      'suppressed too, so that no hidden count can be recovered from the total.',
    roles: ['admin', 'allocator', 'analyst'],
    audit: 'none (no record is read)',
    responses: { 200: { description: 'The counts', schema: applicantStatsView } },
    handle: ({ c, ctx }) => {
      const value = orProblem(applicantStats({ ctx, input: {} }))
      return json(c, 200, applicantStatsBody(value))
    },
  }),
  route({
    operationId: 'getApplicant',
    method: 'GET',
    path: '/v1/applicants/:id',
    tag: 'applicants',
    summary: 'Read a household',
    description:
      "Admin and allocator see the whole record. A case worker sees its own caseloads' households; for a " +
      'protected-identity household the fields that could place the person are withheld and listed in `withheld`. ' +
      'An id in another caseload answers 404, exactly as a missing one.',
    roles: householdRoles,
    audit:
      "`applicant.read`, `applicant.read_protected` for a protected identity, `applicant.read_denied` for an id outside the caller's caseloads",
    object: 'applicant',
    params: idParams,
    responses: {
      200: {
        description: 'The household; `ETag` is its version',
        schema: oneApplicant,
        etag: true,
        links: [
          'updateApplicant',
          'withdrawApplicant',
          'applicantSituationHistory',
          'applicantExtract',
          'applicantExtractDocument',
          auditLink,
        ],
      },
    },
    handle: async ({ c, ctx, params, transact }) => {
      const value = orProblem(await transact((ctx) => getApplicant({ ctx, input: { id: params.id } })))
      return json(c, 200, applicantView(ctx.principal.role, value), value.version)
    },
  }),
  route({
    operationId: 'updateApplicant',
    method: 'PATCH',
    path: '/v1/applicants/:id',
    tag: 'applicants',
    summary: 'Change a household',
    description:
      'Send only the top-level fields that change, at least one; each replaces the stored field whole (send all of `needs`, not one flag). ' +
      'If-Match must carry the ETag you read: a stale one is a 412 (read again, reapply), none a 428. ' +
      'A changed situation is appended to the history. Server-set fields are a 422. A case worker cannot move a ' +
      'household out of its caseloads, nor change `safety` or `preferences` of a protected-identity household (it cannot see them): both are a 403. ' +
      'A member sent without its `personnummer` keeps the pseudonym of the stored member with the same role, year and month of birth and gender.',
    conflict:
      'The household holds an open offer that this change would break (it would fail a hard rule for the offered vacancy); record the answer first; ' +
      'or a member is already in another household that still seeks housing',
    roles: householdRoles,
    audit: "`applicant.update` (`_protected`), `applicant.update_denied` outside the caller's caseloads",
    object: 'applicant',
    params: idParams,
    ifMatch: true,
    body: applicantPatchSchema,
    rules: [applicantDatesRule, membersRule],
    explainBodyIssues: explainServerSetFields,
    forbidden:
      'a case worker moves the household to a caseload that is not one of its own, or writes `safety` or `preferences` of a protected-identity household',
    responses: {
      200: {
        description: 'The changed household; `ETag` is its new version',
        schema: oneApplicant,
        etag: true,
        links: ['getApplicant', 'updateApplicant', 'withdrawApplicant'],
      },
    },
    example: { body: { household: { adults: 2, children: [] } } },
    handle: async ({ c, ctx, params, body, ifMatch, transact }) => {
      const value = orProblem(
        await transact((ctx) =>
          updateApplicant({ ctx, input: { id: params.id, expectedVersion: ifMatch ?? 0, patch: body } }),
        ),
      )
      return json(c, 200, applicantView(ctx.principal.role, value), value.version)
    },
  }),
  route({
    operationId: 'withdrawApplicant',
    method: 'POST',
    path: '/v1/applicants/:id/withdraw',
    tag: 'applicants',
    summary: 'Withdraw a household from matching',
    description:
      'Sets `status` to `withdrawn`; the record and its history are kept. Needs If-Match like an update. ' +
      'Withdrawing a withdrawn household changes nothing.',
    conflict: 'The household holds an open offer; record the answer first',
    roles: householdRoles,
    audit: "`applicant.withdraw` (`_protected`), `applicant.withdraw_denied` outside the caller's caseloads",
    object: 'applicant',
    params: idParams,
    ifMatch: true,
    responses: {
      200: {
        description: 'The withdrawn household',
        schema: oneApplicant,
        etag: true,
        links: ['getApplicant', 'applicantSituationHistory'],
      },
    },
    handle: async ({ c, ctx, params, ifMatch, transact }) => {
      const value = orProblem(
        await transact((ctx) =>
          withdrawApplicant({ ctx, input: { id: params.id, expectedVersion: ifMatch ?? 0 } }),
        ),
      )
      return json(c, 200, applicantView(ctx.principal.role, value), value.version)
    },
  }),
  route({
    operationId: 'reopenApplicant',
    method: 'POST',
    path: '/v1/applicants/:id/reopen',
    tag: 'applicants',
    summary: 'Reopen a housed household whose placement ended without a home',
    description:
      'After its placement ended by eviction or leaving without a home (`POST /v1/placements/{id}/end`), the household is ' +
      '`active` in the pool again, in its new situation (Socialstyrelsen’s four; `since` default today, not before the end), ' +
      'appended to its situation history. Its earlier placements, declines (a declined flat is never proposed again) and ' +
      'decisions are kept. 409 for a household that still lives in its placement, took over its contract, moved to a home ' +
      'of its own, died, or is not housed, and for a member registered in another household that seeks housing. Needs If-Match.',
    conflict:
      'The household is not housed, still lives in its placement, took over its contract or left it for a home of its own; the new situation begins before the end; or a member is in another household that seeks housing',
    roles: householdRoles,
    audit: "`applicant.reopen` (`_protected`), `applicant.reopen_denied` outside the caller's caseloads",
    object: 'applicant',
    params: idParams,
    ifMatch: true,
    body: reopenBody,
    rules: [reopenDatesRule],
    responses: {
      200: {
        description: 'The reopened household',
        schema: oneApplicant,
        etag: true,
        links: ['getApplicant', 'applicantSituationHistory'],
      },
    },
    example: { body: { situation: { code: 'acute', kind: 'emergency_housing' } } },
    handle: async ({ c, ctx, params, body, ifMatch, transact }) => {
      const value = orProblem(
        await transact((ctx) =>
          reopenApplicant({
            ctx,
            input: {
              id: params.id,
              expectedVersion: ifMatch ?? 0,
              situation: {
                ...body.situation,
                since: body.situation.since ?? isoDay(nowOf(ctx)),
              } as Situation,
            },
          }),
        ),
      )
      return json(c, 200, applicantView(ctx.principal.role, value), value.version)
    },
  }),
  route({
    operationId: 'applicantSituationHistory',
    method: 'GET',
    path: '/v1/applicants/:id/situations',
    tag: 'applicants',
    summary: "A household's situation history",
    description: 'Every situation the household has been in, oldest first, as recorded when it changed.',
    roles: ['admin', 'allocator'],
    audit: '`applicant.read_history` (`_protected`)',
    object: 'applicant',
    params: idParams,
    responses: { 200: { description: 'The history', schema: situationHistoryView } },
    handle: async ({ c, params, transact }) => {
      const value = orProblem(await transact((ctx) => situationHistory({ ctx, input: { id: params.id } })))
      return json(c, 200, situationHistoryBody(value))
    },
  }),
  route({
    operationId: 'applicantExtract',
    method: 'GET',
    path: '/v1/applicants/:id/extract',
    tag: 'applicants',
    summary: 'Everything stored about a household (subject access)',
    description:
      "For answering a request for a register extract (GDPR article 15): the record unmasked (it is the household's own data), " +
      'its situations, proposals, decisions, offers, placements and who read or changed it. What belongs to another household is left out.',
    roles: ['admin', 'allocator'],
    audit: '`applicant.extract` (`applicant.extract_protected` for a protected identity)',
    object: 'applicant',
    params: idParams,
    responses: { 200: { description: 'The extract', schema: extractView } },
    handle: async ({ c, params, transact }) =>
      json(c, 200, orProblem(await transact((ctx) => applicantExtract({ ctx, input: { id: params.id } })))),
  }),
  route({
    operationId: 'applicantExtractDocument',
    method: 'GET',
    path: '/v1/applicants/:id/extract/document',
    tag: 'applicants',
    summary: 'The register extract as a readable document in Swedish',
    description:
      'The same extract as a Markdown document in Swedish, to send with the JSON to the person who asked.',
    roles: ['admin', 'allocator'],
    audit: '`applicant.extract` (`applicant.extract_protected` for a protected identity)',
    object: 'applicant',
    params: idParams,
    responses: {
      200: { description: 'The document', schema: z.string(), mediaType: 'text/markdown; charset=utf-8' },
    },
    handle: async ({ c, params, transact }) => {
      const extract = orProblem(await transact((ctx) => applicantExtract({ ctx, input: { id: params.id } })))
      return c.body(extractDocument(extract), 200, {
        'Content-Type': 'text/markdown; charset=utf-8',
        'Content-Language': 'sv',
      })
    },
  }),
]
