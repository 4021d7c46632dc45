/** @jsxImportSource hono/jsx */
/** Vacancies: a list with filters and one vacancy's page, read through the vacancy services. */
import type { Hono } from 'hono'
import { fmtArea, fmtDate, fmtRent, vacancyStatusName, vacancyTypeName } from '../../domain/match/words.ts'
import { vacancyStatuses, vacancyTypes } from '../../domain/vocabulary.ts'
import { getVacancy, listVacancies } from '../../services/vacancies/index.ts'
import type { AppDeps } from '../app.ts'
import { html, Page, type PageEnv, refusalPage, services, signedIn } from './core.tsx'
import { landlordNames } from './words.ts'

const roles = ['admin', 'allocator', 'caseworker'] as const
const yes = (b: boolean) => (b ? 'ja' : 'nej')

export function vacancyRoutes(router: Hono<PageEnv>, deps: AppDeps) {
  router.get('/bostader', signedIn(...roles), async (c) => {
    const type = c.req.query('typ') ?? ''
    const status = c.req.query('status') ?? ''
    const cursor = c.req.query('fler')
    const { transact } = services(c, deps)
    const r = await transact((ctx) =>
      listVacancies({
        ctx,
        input: {
          ...((vacancyTypes as readonly string[]).includes(type)
            ? { type: type as (typeof vacancyTypes)[number] }
            : {}),
          ...((vacancyStatuses as readonly string[]).includes(status)
            ? { status: status as (typeof vacancyStatuses)[number] }
            : {}),
          ...(cursor ? { cursor } : {}),
          limit: 50,
        },
      }),
    )
    if (!r.ok) return refusalPage(c, r.error)
    const next = r.value.nextCursor
    return html(
      c,
      <Page c={c} title="Bostäder">
        <h1>Bostäder</h1>
        <form method="get" action="/bostader" class="filters">
          <div class="field">
            <label for="typ">Boendeform</label>
            <select id="typ" name="typ">
              <option value="">Alla</option>
              {vacancyTypes.map((t) => (
                <option value={t} selected={type === t}>
                  {vacancyTypeName('sv', t)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="status">Läge</label>
            <select id="status" name="status">
              <option value="">Alla</option>
              {vacancyStatuses.map((s) => (
                <option value={s} selected={status === s}>
                  {vacancyStatusName('sv', s)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            Visa
          </button>
        </form>
        {r.value.items.length === 0 ? (
          <p>Inga bostäder med de valen.</p>
        ) : (
          <table>
            <caption>Bostäder</caption>
            <thead>
              <tr>
                <th scope="col">Bostad</th>
                <th scope="col">Boendeform</th>
                <th scope="col">Område</th>
                <th scope="col">Rum</th>
                <th scope="col">Hyra</th>
                <th scope="col">Ledig från</th>
                <th scope="col">Läge</th>
              </tr>
            </thead>
            <tbody>
              {r.value.items.map(({ vacancy: v }) => (
                <tr>
                  <th scope="row">
                    <a href={`/bostader/${v.id}`}>{v.id}</a>
                  </th>
                  <td>{vacancyTypeName('sv', v.type)}</td>
                  <td>{v.district}</td>
                  <td class="num">{v.rooms}</td>
                  <td class="num">{fmtRent('sv', v.rent)}</td>
                  <td>{fmtDate('sv', v.availableFrom)}</td>
                  <td>{vacancyStatusName('sv', v.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next ? (
          <p>
            <a href={`/bostader?${new URLSearchParams({ typ: type, status, fler: next }).toString()}`}>
              Nästa sida
            </a>
          </p>
        ) : null}
      </Page>,
    )
  })

  router.get('/bostader/:id', signedIn(...roles), async (c) => {
    const { transact } = services(c, deps)
    const r = await transact((ctx) => getVacancy({ ctx, input: { id: c.req.param('id') } }))
    if (!r.ok) return refusalPage(c, r.error)
    const v = r.value.vacancy
    return html(
      c,
      <Page c={c} title={`Bostad ${v.id}`}>
        <h1>Bostad {v.id}</h1>
        <dl class="facts">
          <dt>Boendeform</dt>
          <dd>{vacancyTypeName('sv', v.type)}</dd>
          <dt>Hyresvärd</dt>
          <dd>{landlordNames[v.landlord] ?? v.landlord}</dd>
          <dt>Område</dt>
          <dd>{v.district}</dd>
          <dt>Storlek</dt>
          <dd>
            {v.rooms} rum, {fmtArea('sv', v.areaM2)}
          </dd>
          <dt>Hyra</dt>
          <dd>{fmtRent('sv', v.rent)}</dd>
          <dt>Våning</dt>
          <dd>{v.floor}</dd>
          <dt>Hiss</dt>
          <dd>{yes(v.elevator)}</dd>
          <dt>Tillgänglig med rullstol</dt>
          <dd>{yes(v.wheelchairAccessible)}</dd>
          <dt>Ledig från</dt>
          <dd>{fmtDate('sv', v.availableFrom)}</dd>
          <dt>Läge</dt>
          <dd>{vacancyStatusName('sv', v.status)}</dd>
        </dl>
      </Page>,
    )
  })
}
