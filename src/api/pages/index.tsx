/** @jsxImportSource hono/jsx */
/**
 * The staff pages, served by the same app as the API and outside `/v1`: server-rendered Swedish
 * HTML (Hono JSX), one stylesheet, no script. They call the same services as the API's routes,
 * through the same group commit, so roles, caseload scoping, audit and refusals are the same.
 * Not part of the OpenAPI document: a page is not an API.
 *
 * Authentication is by session cookie only (`./sign-in.tsx`): an API bearer token does not open
 * a page, and the cookie does not authenticate an API call. Every form post must carry the CSRF
 * token (`csrfGuard`), else 403.
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { isBusy } from '../../../db/errors.ts'
import type { AppDeps } from '../app.ts'
import { rateLimit } from '../middleware/index.ts'
import { accessibilityRoutes } from './accessibility.tsx'
import { csrfGuard, html, loadSession, Page, type PageEnv, pageCsp } from './core.tsx'
import { followUpRoutes } from './follow-up.tsx'
import { householdRoutes } from './households.tsx'
import { offerRoutes } from './offers.tsx'
import { overviewRoutes } from './overview.tsx'
import { roundRoutes } from './rounds.tsx'
import { signInRoutes } from './sign-in.tsx'
import { progressScript, stylesheet } from './style.ts'
import { vacancyRoutes } from './vacancies.tsx'

/** The first path segment of every page: what `createApp` routes here. */
export const pagePrefixes = [
  'logga-in',
  'logga-ut',
  'oversikt',
  'hushall',
  'bostader',
  'rundor',
  'erbjudanden',
  'tillganglighet',
  'uppfoljning',
] as const

/** The pages' stylesheet and script, served beside them. */
export const pageAssets = ['/stil.css', '/lage.js'] as const

/** Is this the path of a page (the root, or under one of the page prefixes)? */
export function isPagePath(path: string): boolean {
  if (path === '/') return true
  const first = path.split('/')[1] ?? ''
  return (pagePrefixes as readonly string[]).includes(first)
}

export function pageRoutes(deps: AppDeps): Hono<PageEnv> {
  const router = new Hono<PageEnv>()
  router.get('/stil.css', (c) =>
    c.body(stylesheet, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'max-age=300' }),
  )
  // Mounted at '/', so a middleware here would see every request of the app (the API's too): each
  // runs for page paths only.
  const onPages =
    (handler: MiddlewareHandler<PageEnv>): MiddlewareHandler<PageEnv> =>
    (c, next) =>
      isPagePath(c.req.path) ? handler(c, next) : next()
  router.get('/lage.js', (c) =>
    c.body(progressScript, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'max-age=300',
    }),
  )
  router.use(
    '*',
    onPages(async (c, next) => {
      await next()
      // As the API's routes do: a page that read outside the group commit is answered only once
      // what it saw is on disk, so no page shows what a power cut could undo.
      await deps.committer.whenDurable()
      c.res.headers.set('Content-Security-Policy', pageCsp)
      if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store')
    }),
  )
  router.use('*', onPages(loadSession(deps)))
  const limited = rateLimit({ perMinute: deps.config.http.rateLimitPerMinute })
  router.use(
    '*',
    onPages((c, next) => (c.get('session') ? limited(c as never, next) : next())),
  )
  router.use('*', onPages(csrfGuard()))
  signInRoutes(router, deps)
  overviewRoutes(router, deps)
  householdRoutes(router, deps)
  vacancyRoutes(router, deps)
  roundRoutes(router, deps)
  offerRoutes(router, deps)
  followUpRoutes(router, deps)
  accessibilityRoutes(router)
  router.onError((error, c) => {
    // The app's own handler logs and words it as problem+json; a person gets a page instead.
    if (isBusy(error)) {
      return html(
        c,
        <Page c={c} title="Tjänsten är upptagen" error>
          <h1>Tjänsten är upptagen just nu</h1>
          <p>Databasen är upptagen. Ingenting av det du skickade sparades. Försök igen om en stund.</p>
        </Page>,
        503,
      )
    }
    deps.logger.error({ msg: 'page error', requestId: c.get('requestId'), err: error })
    return html(
      c,
      <Page c={c} title="Något gick fel" error>
        <h1>Något gick fel</h1>
        <p>Sidan kunde inte visas just nu. Försök igen om en stund.</p>
        <p>Om felet finns kvar, uppge den här koden när du kontaktar förvaltningen: {c.get('requestId')}</p>
      </Page>,
      500,
    )
  })
  return router
}
