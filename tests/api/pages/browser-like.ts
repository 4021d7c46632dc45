/**
 * What a browser does with the pages, for in-process tests (`app.request`): keep the cookies a
 * response sets, send them back, and post forms with the CSRF token the page carried.
 *
 * @example
 * const person = await signedIn(app, token)
 * const page = await person.get('/oversikt')
 * await person.post('/logga-ut', {}, page)
 */
import type { Hono } from 'hono'

/** A tiny cookie jar. */
export function jar() {
  const cookies = new Map<string, string>()
  return {
    take(res: Response) {
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';')
        const i = pair.indexOf('=')
        const name = pair.slice(0, i)
        const value = pair.slice(i + 1)
        if (value === '' || /max-age=0/i.test(line)) cookies.delete(name)
        else cookies.set(name, value)
      }
    },
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    get: (name: string) => cookies.get(name),
  }
}

/** The CSRF token of the first form on a page. */
export const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? ''

type App = Pick<Hono, 'request'>

/** Signs in through the sign-in form and returns a person who can get pages and post forms. */
export async function signedIn(app: App, token: string) {
  const j = jar()
  const form = await app.request('/logga-in')
  j.take(form)
  const res = await app.request('/logga-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: j.header() },
    body: new URLSearchParams({ _csrf: csrfOf(await form.text()), token }),
  })
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`)
  j.take(res)
  let csrf = ''
  return {
    jar: j,
    async get(path: string) {
      const r = await app.request(path, { headers: { Cookie: j.header() } })
      const text = await r.text()
      csrf = csrfOf(text) || csrf
      return { status: r.status, text, location: r.headers.get('Location') }
    },
    async post(path: string, fields: Record<string, string>) {
      const r = await app.request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: j.header() },
        body: new URLSearchParams({ _csrf: csrf, ...fields }),
      })
      const text = await r.text()
      csrf = csrfOf(text) || csrf
      return { status: r.status, text, location: r.headers.get('Location') }
    },
  }
}
