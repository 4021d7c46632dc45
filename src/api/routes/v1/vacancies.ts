/**
 * `/v1/vacancies`: units. admin and allocator manage all; obo (ÖBO's
 * integration) registers and changes its own units only (landlord `obo`; any
 * other unit answers 404 to it); caseworker reads; analyst nothing.
 */
import { z } from 'zod'
import { entityId, isoDate } from '../../../domain/schema-parts.ts'
import {
  createVacancy,
  explainServerSetVacancyFields,
  getVacancy,
  listVacancies,
  returnFlat,
  updateVacancy,
  vacancyCreateSchema,
  vacancyDatesRule,
  vacancyListQuerySchema,
  vacancyPatchSchema,
  withdrawVacancy,
} from '../../../services/vacancies/index.ts'
import { named } from '../../views/registry.ts'
import { vacancyPageBody, vacancyPageView, vacancyView, vacancyViewOf } from '../../views/vacancy.ts'
import { type AnyRoute, json, orProblem, route } from './define.ts'

const idParams = z.strictObject({ id: entityId })
const readers = ['admin', 'allocator', 'caseworker', 'obo'] as const
const writers = ['admin', 'allocator', 'obo'] as const

const returnBody = z.strictObject({
  /** The day the flat can be let again, after the placement's end day; default the day after it. */
  availableFrom: isoDate.optional(),
})

const flatReturnView = named(
  'FlatReturn',
  z.strictObject({
    vacancy: vacancyView,
    /** `municipality`: open again in the stock; `obo`: back to ÖBO; `landlord`: to the landlord of the lease the household took over. */
    returnedTo: z.enum(['municipality', 'obo', 'landlord']),
    /** The placement whose end freed the flat. */
    placementId: z.string(),
  }),
)

const oboLandlord = 'an obo token names a landlord other than `obo`'
const ageRange =
  '`restrictions.minAge` must not be above `restrictions.maxAge` (both optional; either alone is fine).'

const exampleVacancy = {
  type: 'obo_priority',
  landlord: 'obo',
  externalRef: 'OBO-1234',
  district: 'Väster',
  rooms: 2,
  areaM2: 58,
  rent: 6900,
  floor: 2,
  elevator: true,
  wheelchairAccessible: false,
  availableFrom: '2026-12-01',
  restrictions: { supportOnSite: false },
}

export const vacancyRoutes: AnyRoute[] = [
  route({
    operationId: 'createVacancy',
    method: 'POST',
    path: '/v1/vacancies',
    tag: 'vacancies',
    summary: 'Register a vacancy',
    description:
      'The server assigns `id` and `status` (`open`); naming them is a 422. A second unit with the same ' +
      '`externalRef` is a 409, so a re-sent feed entry is not inserted twice. An obo token registers landlord `obo` units only.',
    roles: writers,
    audit: '`vacancy.create`',
    body: vacancyCreateSchema,
    explainBodyIssues: explainServerSetVacancyFields,
    rules: [ageRange, vacancyDatesRule],
    forbidden: oboLandlord,
    responses: {
      201: {
        description: 'Registered',
        schema: vacancyView,
        etag: true,
        links: ['getVacancy', 'updateVacancy', 'withdrawVacancy'],
      },
    },
    example: { body: exampleVacancy },
    handle: async ({ c, body, transact }) => {
      const value = orProblem(await transact((ctx) => createVacancy({ ctx, input: body })))
      return json(c, 201, vacancyViewOf(value), value.version, {
        Location: `/v1/vacancies/${value.vacancy.id}`,
      })
    },
  }),
  route({
    operationId: 'listVacancies',
    method: 'GET',
    path: '/v1/vacancies',
    tag: 'vacancies',
    summary: 'List vacancies',
    description:
      'In id order (registration order), filtered; `availableBefore` is strict. `limit` 1–200 (default 50, outside is a 422); ' +
      'pass `nextCursor` as `cursor` for the next page.',
    roles: readers,
    audit: 'none (units are not personal data)',
    query: vacancyListQuerySchema,
    responses: { 200: { description: 'One page', schema: vacancyPageView } },
    example: { query: { status: 'open', availableBefore: '2027-01-01' } },
    handle: ({ c, ctx, query }) => {
      const value = orProblem(listVacancies({ ctx, input: query }))
      return json(c, 200, vacancyPageBody(value))
    },
  }),
  route({
    operationId: 'getVacancy',
    method: 'GET',
    path: '/v1/vacancies/:id',
    tag: 'vacancies',
    summary: 'Read a vacancy',
    description: 'The unit and its version (`ETag`).',
    roles: readers,
    audit: 'none',
    object: 'vacancy',
    params: idParams,
    responses: {
      200: {
        description: 'The vacancy',
        schema: vacancyView,
        etag: true,
        links: ['updateVacancy', 'withdrawVacancy'],
      },
    },
    handle: ({ c, ctx, params }) => {
      const value = orProblem(getVacancy({ ctx, input: { id: params.id } }))
      return json(c, 200, vacancyViewOf(value), value.version)
    },
  }),
  route({
    operationId: 'updateVacancy',
    method: 'PATCH',
    path: '/v1/vacancies/:id',
    tag: 'vacancies',
    summary: 'Change a vacancy',
    description:
      'Send only the top-level fields that change, at least one; each replaces the stored one whole (send all of `restrictions`). ' +
      'If-Match is required (428 without, 412 when stale). The changed vacancy must still hold the rules below as a whole.',
    conflict:
      'Another vacancy has this external reference, or the vacancy has an open offer that this change would break',
    roles: writers,
    audit: '`vacancy.update`',
    object: 'vacancy',
    params: idParams,
    ifMatch: true,
    body: vacancyPatchSchema,
    explainBodyIssues: explainServerSetVacancyFields,
    rules: [ageRange, vacancyDatesRule],
    forbidden: oboLandlord,
    responses: {
      200: {
        description: 'The changed vacancy',
        schema: vacancyView,
        etag: true,
        links: ['getVacancy', 'updateVacancy', 'withdrawVacancy'],
      },
    },
    example: { body: { rent: 7100 } },
    handle: async ({ c, params, body, ifMatch, transact }) => {
      const value = orProblem(
        await transact((ctx) =>
          updateVacancy({ ctx, input: { id: params.id, expectedVersion: ifMatch ?? 0, patch: body } }),
        ),
      )
      return json(c, 200, vacancyViewOf(value), value.version)
    },
  }),
  route({
    operationId: 'withdrawVacancy',
    method: 'POST',
    path: '/v1/vacancies/:id/withdraw',
    tag: 'vacancies',
    summary: 'Withdraw a vacancy from matching',
    description:
      'Sets `status` to `withdrawn`; the row is kept. A let unit, or one with an open offer, cannot be withdrawn (409). Needs If-Match.',
    conflict: 'The vacancy is let, or has an open offer',
    roles: writers,
    audit: '`vacancy.withdraw`',
    object: 'vacancy',
    params: idParams,
    ifMatch: true,
    responses: {
      200: { description: 'The withdrawn vacancy', schema: vacancyView, etag: true, links: ['getVacancy'] },
    },
    handle: async ({ c, params, ifMatch, transact }) => {
      const value = orProblem(
        await transact((ctx) =>
          withdrawVacancy({ ctx, input: { id: params.id, expectedVersion: ifMatch ?? 0 } }),
        ),
      )
      return json(c, 200, vacancyViewOf(value), value.version)
    },
  }),
  route({
    operationId: 'returnFlat',
    method: 'POST',
    path: '/v1/vacancies/:id/return',
    tag: 'vacancies',
    summary: 'Return a flat whose placement has ended',
    description:
      'Once its placement has ended (`POST /v1/placements/{id}/end`), a let flat returns by its type: a flat of the ' +
      "municipality's own programmes (social contract, training and trial flat, Housing First, supported housing) is `open` " +
      'again from `availableFrom` (after the end day; default the day after it) and is matched in the next round ' +
      '(`returnedTo: municipality`); an ÖBO priority flat goes back to ÖBO (`obo`), and a sublet the household took over goes ' +
      'to its landlord with that lease (`landlord`): both `withdrawn` here, and ÖBO sending the flat again as free re-opens ' +
      'it. 409 while the flat is not let or its placement is still active, for an `availableFrom` not after the end day, or ' +
      'one given for a flat that does not return to the municipality.',
    conflict:
      'The flat is not let, its placement is still active, or availableFrom is not after the end day or not for this flat',
    roles: ['admin', 'allocator'],
    audit: '`vacancy.return`',
    object: 'vacancy',
    params: idParams,
    body: returnBody,
    responses: { 200: { description: 'The flat, returned, and where it went', schema: flatReturnView } },
    example: { body: {} },
    handle: async ({ c, params, body, transact }) => {
      const value = orProblem(await transact((ctx) => returnFlat({ ctx, input: { id: params.id, ...body } })))
      return json(c, 200, {
        vacancy: vacancyViewOf(value.vacancy),
        returnedTo: value.returnedTo,
        placementId: value.placementId,
      })
    },
  }),
]
