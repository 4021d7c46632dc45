/**
 * Which methods a path is served with, so that a known path called with
 * another method answers 405 with `Allow` (RFC 9110, section 15.5.6) and only
 * a path nothing serves answers 404. The table is the app's own route list,
 * so a route added anywhere is counted without being listed here.
 */

/** A route as Hono lists it (`app.routes`); middleware is listed with method `ALL`. */
export interface RouteEntry {
  method: string
  path: string
}

function segmentsMatch(pattern: readonly string[], path: readonly string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] as string
    if (want === '*') return true
    const got = path[i]
    if (got === undefined) return false
    if (want.startsWith(':')) {
      if (got === '') return false
    } else if (want !== got) return false
  }
  return pattern.length === path.length
}

/**
 * A function from a request path to the methods it is served with, sorted;
 * `HEAD` is included wherever `GET` is (Hono answers HEAD with the GET route).
 * Empty for a path no route serves.
 *
 * @example
 * const allow = methodsByPath([{ method: 'GET', path: '/v1/applicants/:id' }, { method: 'PATCH', path: '/v1/applicants/:id' }])
 * allow('/v1/applicants/a-1') // ['GET', 'HEAD', 'PATCH']
 * allow('/v1/nothing') // []
 */
export function methodsByPath(routes: readonly RouteEntry[]): (path: string) => string[] {
  const table = routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => ({ method: r.method.toUpperCase(), segments: r.path.split('/') }))
  return (path) => {
    const segments = path.split('/')
    const methods = new Set<string>()
    for (const r of table) if (segmentsMatch(r.segments, segments)) methods.add(r.method)
    if (methods.has('GET')) methods.add('HEAD')
    return [...methods].sort()
  }
}
