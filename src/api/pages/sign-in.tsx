/** @jsxImportSource hono/jsx */
/**
 * Sign-in and sign-out. A person pastes their API token once; it is exchanged for a session
 * cookie (HttpOnly, SameSite=Strict, Secure over TLS) and never kept by the browser. Sign-out
 * ends the session in the database, so the cookie is worthless even if it was copied.
 */
import { randomBytes } from 'node:crypto'
import type { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { endSession, openSession, sessionHours } from '../../services/sessions.ts'
import type { AppDeps } from '../app.ts'
import {
  html,
  isSecure,
  Page,
  type PageContext,
  type PageEnv,
  safeReturnPath,
  sessionCookieName,
  signInCookieName,
} from './core.tsx'
import { Csrf, ErrorSummary, FieldError, type FormError, Notice } from './kit.tsx'

function SignInPage(props: {
  c: PageContext
  csrf: string
  back: string
  errors: FormError[]
  signedOut: boolean
}) {
  const { errors } = props
  return (
    <Page c={props.c} title="Logga in" error={errors.length > 0}>
      <ErrorSummary errors={errors} />
      {props.signedOut ? (
        <Notice kind="ok" title="Du är utloggad">
          <p>Sessionen är avslutad. Logga in igen för att fortsätta.</p>
        </Notice>
      ) : null}
      <h1>Logga in</h1>
      <p>
        Logga in med din API-token (den börjar med <code>hv_</code>). Du får den av en administratör. Tokenen
        sparas inte i webbläsaren: du får en inloggning som gäller i {sessionHours} timmar eller tills du
        loggar ut.
      </p>
      <form method="post" action="/logga-in" novalidate>
        <Csrf token={props.csrf} />
        <input type="hidden" name="till" value={props.back} />
        <div class={errors.length > 0 ? 'field field-has-error' : 'field'}>
          <label for="token">API-token</label>
          <FieldError errors={errors} field="token" />
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="off"
            spellcheck={false}
            required
            {...(errors.length > 0 ? { 'aria-describedby': 'token-fel', 'aria-invalid': 'true' } : {})}
          />
        </div>
        <button type="submit">Logga in</button>
      </form>
    </Page>
  )
}

function signInCsrf(c: PageContext): string {
  const name = signInCookieName(isSecure(c))
  let token = getCookie(c, name)
  if (token === undefined || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
    token = randomBytes(32).toString('base64url')
    setCookie(c, name, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isSecure(c),
      path: '/',
      maxAge: 3600,
    })
  }
  return token
}

export function signInRoutes(router: Hono<PageEnv>, deps: AppDeps) {
  router.get('/', (c) => c.redirect(c.get('session') ? '/oversikt' : '/logga-in', 303))

  router.get('/logga-in', (c) => {
    if (c.get('session')) return c.redirect('/oversikt', 303)
    const back = safeReturnPath(c.req.query('till'))
    return html(
      c,
      <SignInPage
        c={c}
        csrf={signInCsrf(c)}
        back={back}
        errors={[]}
        signedOut={c.req.query('utloggad') === '1'}
      />,
    )
  })

  router.post('/logga-in', async (c) => {
    const form = await c.req.parseBody()
    const token = typeof form.token === 'string' ? form.token : ''
    const back = safeReturnPath(typeof form.till === 'string' ? form.till : undefined)
    const fail = (message: string, status: 400 | 401 | 403) =>
      html(
        c,
        <SignInPage
          c={c}
          csrf={signInCsrf(c)}
          back={back}
          errors={[{ field: 'token', message }]}
          signedOut={false}
        />,
        status,
      )
    if (token.trim() === '') return fail('Skriv in din API-token', 400)
    const opened = await deps.committer.run((tx) => openSession(tx, { token, requestId: c.get('requestId') }))
    if (!opened.ok) {
      return opened.reason === 'role'
        ? fail('Den här tokenen hör till ett system och kan inte användas för att logga in', 403)
        : fail(
            'Tokenen godtogs inte. Kontrollera att du har klistrat in hela tokenen, och att den inte har återkallats',
            401,
          )
    }
    // A sign-in over a live session replaces it: the old one is ended, not left to run out.
    const previous = c.get('session')
    if (previous) await deps.committer.run((tx) => endSession(tx, previous, c.get('requestId')))
    const secure = isSecure(c)
    deleteCookie(c, signInCookieName(secure), { path: '/', secure })
    setCookie(c, sessionCookieName(secure), opened.value.cookie, {
      httpOnly: true,
      sameSite: 'Strict',
      secure,
      path: '/',
      maxAge: sessionHours * 3600,
    })
    return c.redirect(back, 303)
  })

  router.post('/logga-ut', async (c) => {
    const session = c.get('session')
    if (session) await deps.committer.run((tx) => endSession(tx, session, c.get('requestId')))
    const secure = isSecure(c)
    deleteCookie(c, sessionCookieName(secure), { path: '/', secure })
    return c.redirect('/logga-in?utloggad=1', 303)
  })
}
