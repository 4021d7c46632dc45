/**
 * The v1 resources. `v1Routes` is the route table: the routers, the OpenAPI
 * document and the tests' route × role matrix are all generated from it.
 */
import type { Hono } from 'hono'
import type { AppDeps } from '../../app.ts'
import type { AuthEnv } from '../../auth/index.ts'
import { applicantRoutes } from './applicants.ts'
import { auditRoutes } from './audit.ts'
import { type AnyRoute, buildRouter } from './define.ts'
import { oboRoutes } from './integrations-obo.ts'
import { offerRoutes, placementRoutes } from './offers.ts'
import { policyRoutes } from './policies.ts'
import { reportRoutes } from './reports.ts'
import { roundRoutes } from './rounds.ts'
import { vacancyRoutes } from './vacancies.ts'

export type { AnyRoute, ObjectKind, RouteSpec } from './define.ts'
export {
  applicantRoutes,
  auditRoutes,
  oboRoutes,
  offerRoutes,
  placementRoutes,
  policyRoutes,
  reportRoutes,
  roundRoutes,
  vacancyRoutes,
}

export const v1Routes: readonly AnyRoute[] = [
  ...applicantRoutes,
  ...vacancyRoutes,
  ...policyRoutes,
  ...roundRoutes,
  ...offerRoutes,
  ...placementRoutes,
  ...auditRoutes,
  ...reportRoutes,
  ...oboRoutes,
]

/** `/v1/applicants…` (mount at `/v1`, behind authenticate). */
export const applicantsRouter = (deps: AppDeps): Hono<AuthEnv> => buildRouter(applicantRoutes, deps)
/** `/v1/vacancies…` (mount at `/v1`, behind authenticate). */
export const vacanciesRouter = (deps: AppDeps): Hono<AuthEnv> => buildRouter(vacancyRoutes, deps)
/** `/v1/policies…` (mount at `/v1`, behind authenticate). */
export const policiesRouter = (deps: AppDeps): Hono<AuthEnv> => buildRouter(policyRoutes, deps)
/** `/v1/rounds…` (mount at `/v1`, behind authenticate). */
export const roundsRouter = (deps: AppDeps): Hono<AuthEnv> =>
  buildRouter([...roundRoutes, ...offerRoutes, ...placementRoutes], deps)
/** `/v1/integrations/obo/…` routes of the table (mount at `/v1`, behind authenticate). */
export const oboRouter = (deps: AppDeps): Hono<AuthEnv> => buildRouter(oboRoutes, deps)
/** `/v1/audit` (mount at `/v1`, behind authenticate). */
export const auditRouter = (deps: AppDeps): Hono<AuthEnv> => buildRouter(auditRoutes, deps)
/** `/v1/reports…` (mount at `/v1`, behind authenticate). */
export const reportsRouter = (deps: AppDeps): Hono<AuthEnv> => buildRouter(reportRoutes, deps)
