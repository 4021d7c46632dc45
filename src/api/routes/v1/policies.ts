/**
 * `/v1/policies`: versioned allocation policies. Creating and activating a
 * version: admin and allocator. Reading: everyone but obo (a policy is a
 * published rule, so case workers and analysts may read it).
 */
import { z } from 'zod'
import { defaultPolicy } from '../../../domain/policy.ts'
import {
  activatePolicy,
  createPolicyVersion,
  documentQuerySchema,
  getActivePolicy,
  getPolicy,
  listPolicies,
  policyCreateSchema,
  policyDocument,
  policyKeySchema,
} from '../../../services/policies/index.ts'
import { policyListBody, policyListView, policyView, policyViewOf } from '../../views/policy.ts'
import { type AnyRoute, json, orProblem, route } from './define.ts'

const readers = ['admin', 'allocator', 'caseworker', 'analyst'] as const
const managers = ['admin', 'allocator'] as const

const { version: _version, ...examplePolicy } = defaultPolicy

export const policyRoutes: AnyRoute[] = [
  route({
    operationId: 'createPolicyVersion',
    method: 'POST',
    path: '/v1/policies',
    tag: 'policies',
    summary: 'Store a new policy version',
    description:
      'The server numbers the version: one above the highest stored version of the same `id` (1 for a new id). ' +
      'Versions are never overwritten; a version a round has used is immutable. The new version is not active until activated.',
    roles: managers,
    audit: '`policy.create`',
    body: policyCreateSchema,
    responses: {
      201: {
        description: 'Stored (inactive)',
        schema: policyView,
        etag: true,
        links: ['getPolicyVersion', 'getPolicyDocument', 'activatePolicyVersion'],
      },
    },
    example: { body: examplePolicy },
    handle: async ({ c, body, transact }) => {
      const value = orProblem(await transact((ctx) => createPolicyVersion({ ctx, input: body })))
      const { id, version } = value.policy
      return json(c, 201, policyViewOf(value), version, {
        Location: `/v1/policies/${encodeURIComponent(id)}/${version}`,
      })
    },
  }),
  route({
    operationId: 'listPolicies',
    method: 'GET',
    path: '/v1/policies',
    tag: 'policies',
    summary: 'List policy versions',
    description: 'Every stored version with its state, by id then version.',
    roles: readers,
    audit: 'none',
    responses: { 200: { description: 'The versions', schema: policyListView } },
    handle: ({ c, ctx }) => {
      const value = orProblem(listPolicies({ ctx, input: {} }))
      return json(c, 200, policyListBody(value))
    },
  }),
  route({
    operationId: 'getActivePolicy',
    method: 'GET',
    path: '/v1/policies/active',
    tag: 'policies',
    summary: 'Read the active policy',
    description: 'The version the next round will use; 404 when none is active.',
    roles: readers,
    audit: 'none',
    responses: {
      200: {
        description: 'The active version',
        schema: policyView,
        etag: true,
        links: ['getPolicyVersion', 'getPolicyDocument'],
      },
    },
    handle: ({ c, ctx }) => {
      const value = orProblem(getActivePolicy({ ctx, input: {} }))
      return json(c, 200, policyViewOf(value), value.policy.version)
    },
  }),
  route({
    operationId: 'getPolicyVersion',
    method: 'GET',
    path: '/v1/policies/:id/:version',
    tag: 'policies',
    summary: 'Read one policy version',
    description: 'One version with its state (`active`, `usedAt`).',
    roles: readers,
    audit: 'none',
    object: 'policy',
    params: policyKeySchema,
    responses: {
      200: {
        description: 'The version',
        schema: policyView,
        etag: true,
        links: ['getPolicyDocument', 'activatePolicyVersion'],
      },
    },
    handle: ({ c, ctx, params }) => {
      const value = orProblem(getPolicy({ ctx, input: params }))
      return json(c, 200, policyViewOf(value), value.policy.version)
    },
  }),
  route({
    operationId: 'getPolicyDocument',
    method: 'GET',
    path: '/v1/policies/:id/:version/document',
    tag: 'policies',
    summary: 'Read a policy version as its plain-language document',
    description:
      'The version rendered as the document published to residents and staff (Markdown), in Swedish (`lang=sv`, the default) or English.',
    roles: readers,
    audit: 'none',
    object: 'policy',
    params: policyKeySchema,
    query: documentQuerySchema,
    responses: {
      200: { description: 'The document', schema: z.string(), mediaType: 'text/markdown; charset=utf-8' },
    },
    example: { query: { lang: 'en' } },
    handle: ({ c, ctx, params, query }) => {
      const value = orProblem(policyDocument({ ctx, input: { ...params, lang: query.lang } }))
      return c.body(value, 200, {
        'Content-Type': 'text/markdown; charset=utf-8',
        'Content-Language': query.lang,
      })
    },
  }),
  route({
    operationId: 'activatePolicyVersion',
    method: 'POST',
    path: '/v1/policies/:id/:version/activate',
    tag: 'policies',
    summary: 'Make a version the active policy',
    description:
      'The next round uses it; the previously active version is deactivated in the same transaction. ' +
      'Activating the active version changes nothing.',
    roles: managers,
    audit: '`policy.activate`',
    object: 'policy',
    params: policyKeySchema,
    responses: {
      200: {
        description: 'The now active version',
        schema: policyView,
        etag: true,
        links: ['getPolicyVersion', 'getPolicyDocument'],
      },
    },
    handle: async ({ c, params, transact }) => {
      const value = orProblem(await transact((ctx) => activatePolicy({ ctx, input: params })))
      return json(c, 200, policyViewOf(value), value.policy.version)
    },
  }),
]
