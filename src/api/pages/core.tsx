/** @jsxImportSource hono/jsx */
/**
 * What every page handler uses: the session (from the cookie), the service context and the group
 * commit (the same path to the data as the API's routes), rendering, and the Swedish answer to a
 * service's refusal.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { Child } from 'hono/jsx'
import type { Principal, Role } from '../../domain/roles.ts'
import type { ServiceContext, ServiceError } from '../../services/context.ts'
import { hasDemoData } from '../../services/demo-data.ts'
import { csrfMatches, findSession, type Session } from '../../services/sessions.ts'
import type { AppDeps } from '../app.ts'
import { Csrf } from './kit.tsx'
import { Layout } from './layout.tsx'

export type PageEnv = {
  Variables: {
    requestId: string
    correlationId: string | undefined
    session: Session | undefined
    /** Set for a signed-in request (the per-principal rate limit reads it). */
    principal: Principal
    /** The database holds demo data: every page says so in a banner. */
    demoData: boolean
  }
}
export type PageContext = Context<PageEnv>

/** The session cookie's name; `__Host-` (Secure, no Domain, Path=/) when served over TLS. */
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-hemvist_session' : 'hemvist_session')
/** The sign-in form's own CSRF cookie (there is no session yet to hold the token). */
export const signInCookieName = (secure: boolean) => (secure ? '__Host-hemvist_signin' : 'hemvist_signin')

/** Is the request served over TLS? Only the URL the server saw counts, never a client's header. */
export const isSecure = (c: Context) => new URL(c.req.url).protocol === 'https:'

/** The pages' Content-Security-Policy: our own stylesheet and script files only, forms to ourselves. */
export const pageCsp =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/** A complete HTML answer. */
export function html(
  c: Context,
  node: Child,
  status: 200 | 201 | 400 | 401 | 403 | 404 | 409 | 422 | 500 | 503 = 200,
) {
  return c.html(`<!DOCTYPE html>${String(node)}`, status)
}

/** Reads the session from the cookie (no session: undefined). */
export function loadSession(deps: AppDeps): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    const session = findSession(deps.db.db, getCookie(c, sessionCookieName(isSecure(c))))
    c.set('session', session ?? undefined)
    if (session) c.set('principal', session.principal)
    c.set('demoData', hasDemoData(deps.db.db))
    await next()
  }
}

/** A path the sign-in page may send the person back to: one of ours, never another site. */
export function safeReturnPath(path: string | undefined): string {
  return path !== undefined && /^\/[a-z0-9\-/]*$/.test(path) && !path.startsWith('//') ? path : '/oversikt'
}

/**
 * Lets a signed-in person with one of `roles` through. Without a session: to the sign-in page
 * (303), keeping where they were going. With a role the page is not for: 403 in words.
 */
export function signedIn(...roles: readonly Role[]): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    const session = c.get('session')
    if (session === undefined) {
      const back = c.req.method === 'GET' ? c.req.path : undefined
      return c.redirect(back ? `/logga-in?till=${encodeURIComponent(back)}` : '/logga-in', 303)
    }
    if (!roles.includes(session.principal.role)) {
      return html(
        c,
        <Page c={c} title="Du har inte behörighet">
          <h1>Du har inte behörighet till sidan</h1>
          <p>Din roll får inte använda den här sidan. Kontakta en administratör om du behöver den.</p>
        </Page>,
        403,
      )
    }
    return next()
  }
}

/**
 * Every form post must carry the CSRF token in `_csrf`: the session's, or for the sign-in form the
 * token in its own cookie. Without it, or with another: 403, and the handler never runs.
 */
export function csrfGuard(): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next()
    const type = c.req.header('Content-Type') ?? ''
    const form = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)
      ? await c.req.parseBody()
      : {}
    const session = c.get('session')
    const expected =
      c.req.path === '/logga-in' ? getCookie(c, signInCookieName(isSecure(c))) : session?.csrfToken
    if (expected === undefined || !csrfMatches(expected, form._csrf)) {
      return html(
        c,
        <Page c={c} title="Formuläret kunde inte skickas" error>
          <h1>Formuläret kunde inte skickas</h1>
          <p>
            Formuläret saknade en giltig säkerhetskod. Det kan hända om sidan var öppen länge eller om du har
            loggat ut i en annan flik. Gå tillbaka, ladda om sidan och försök igen.
          </p>
        </Page>,
        403,
      )
    }
    return next()
  }
}

/** The frame with the session's person, navigation and sign-out form filled in. */
export function Page(props: {
  c: PageContext
  title: string
  error?: boolean
  script?: string
  children?: Child
}) {
  const session = props.c.get('session')
  return (
    <Layout
      title={props.title}
      principal={session?.principal}
      csrfToken={session?.csrfToken}
      error={props.error ?? false}
      demoData={props.c.get('demoData') ?? false}
      {...(props.script === undefined ? {} : { script: props.script })}
    >
      {props.children}
    </Layout>
  )
}

/** The session's CSRF field, for a form. */
export function SessionCsrf(props: { c: PageContext }) {
  return <Csrf token={props.c.get('session')?.csrfToken ?? ''} />
}

/** The service context of a signed-in request and the group commit the API's routes use too. */
export function services(c: PageContext, deps: AppDeps) {
  const session = c.get('session')
  if (session === undefined) throw new Error('services() needs a signed-in request')
  const ctx: ServiceContext = {
    db: deps.db.db,
    principal: session.principal,
    requestId: c.get('requestId'),
    districts: deps.districts,
  }
  return {
    ctx,
    /** Runs a service call in the group commit; resolves after the COMMIT that holds its audit rows. */
    transact: <T,>(call: (ctx: ServiceContext) => T): Promise<T> =>
      deps.committer.run((tx) => call({ ...ctx, db: tx })),
  }
}

/** A service's refusal in Swedish: the page's status, a heading and a sentence. */
export function refusal(error: ServiceError): { status: 403 | 404 | 409 | 422; title: string; text: string } {
  switch (error.code) {
    case 'NOT_FOUND':
      // The same words for "does not exist" and "not yours to see": a page must not tell them apart.
      return {
        status: 404,
        title: 'Hittades inte',
        text: 'Det finns inget här med den adressen som du kan se.',
      }
    case 'INVALID':
      return {
        status: 422,
        title: 'Uppgifterna kunde inte godtas',
        text: 'Rätta uppgifterna och försök igen.',
      }
    case 'STALE':
      return {
        status: 409,
        title: 'Någon annan har ändrat uppgifterna',
        text: 'Ladda om sidan och gör din ändring igen.',
      }
    case 'CONFLICT':
      return {
        status: 409,
        title: 'Det gick inte att genomföra',
        text: 'Åtgärden går inte i det läge som rundan, förslaget eller erbjudandet har nu. Ladda om sidan och se efter hur det står till.',
      }
    case 'FORBIDDEN':
      return {
        status: 403,
        title: 'Du har inte behörighet',
        text: 'Din roll får inte göra den här ändringen.',
      }
  }
}

/** A whole page for a refusal (a missing object, an action that no longer fits). */
export function RefusalPage(props: { c: PageContext; error: ServiceError }) {
  const r = refusal(props.error)
  return (
    <Page c={props.c} title={r.title} error>
      <h1>{r.title}</h1>
      <p>{r.text}</p>
      {props.error.code === 'NOT_FOUND' ? null : (
        <p class="detail">
          Teknisk förklaring (på engelska): <span lang="en">{props.error.detail}</span>
        </p>
      )}
      <p>
        <a href="/oversikt">Till översikten</a>
      </p>
    </Page>
  )
}

export const refusalPage = (c: PageContext, error: ServiceError) =>
  html(c, <RefusalPage c={c} error={error} />, refusal(error).status)
