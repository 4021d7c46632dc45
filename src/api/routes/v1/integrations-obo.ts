/**
 * `/v1/integrations/obo/…` in the route table: ÖBO's flats upserted one by one
 * by object number. The CSV batch and the signed outcome webhook take bodies
 * that are not JSON or not token-authenticated; they live in
 * `../integrations/obo.ts` beside this table and are described in
 * docs/integrations/obo.md.
 */
import { z } from 'zod'
import { objectNo, oboVacancySchema } from '../../../integrations/obo/feeds.ts'
import { upsertOboVacancy } from '../../../services/obo/import-vacancies.ts'
import { vacancyView, vacancyViewOf } from '../../views/vacancy.ts'
import { type AnyRoute, json, orProblem, route } from './define.ts'

export const oboRoutes: AnyRoute[] = [
  route({
    operationId: 'upsertOboVacancy',
    method: 'PUT',
    path: '/v1/integrations/obo/vacancies/:objectNo',
    tag: 'integrations',
    summary: 'Send one ÖBO flat by its object number',
    description:
      'Creates the flat (201) as an `obo_priority` vacancy of landlord `obo` with the object number as `externalRef`, ' +
      'or changes it (200). A flat that says what is stored already changes nothing and answers 200 with the same version, ' +
      'so a re-sent flat is harmless. `status: withdrawn` takes the flat out of matching; an unknown flat sent withdrawn is a 404.',
    conflict:
      "The object number belongs to another landlord's unit, the flat is let, or it has an open offer this change would break",
    roles: ['obo', 'admin', 'allocator'],
    audit: '`vacancy.create` or `vacancy.update` (nothing when unchanged)',
    params: z.strictObject({ objectNo }),
    body: oboVacancySchema,
    responses: {
      200: { description: 'Changed, or unchanged', schema: vacancyView, etag: true },
      201: { description: 'Created', schema: vacancyView, etag: true },
    },
    example: {
      body: {
        district: 'Väster',
        rooms: 2,
        areaM2: 58.5,
        rent: 6900,
        floor: 2,
        elevator: true,
        wheelchairAccessible: false,
        availableFrom: '2027-01-15',
      },
    },
    handle: async ({ c, params, body, transact }) => {
      const value = orProblem(
        await transact((ctx) =>
          upsertOboVacancy({ ctx, input: { objectNo: params.objectNo, vacancy: body } }),
        ),
      )
      return json(c, value.effect === 'created' ? 201 : 200, vacancyViewOf(value), value.version, {
        Location: `/v1/vacancies/${value.vacancy.id}`,
      })
    },
  }),
]
