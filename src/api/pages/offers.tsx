/** @jsxImportSource hono/jsx */
/**
 * Offers: those waiting for an answer and one offer's page, where the case worker records the
 * household's yes (a placement) or no (who declined and why). For a protected-identity household
 * the vacancy is withheld from anyone not allowed to see where the person lives.
 */
import type { Hono } from 'hono'
import { fmtDate, vacancyTypeName } from '../../domain/match/words.ts'
import {
  type DeclineReason,
  type Decliner,
  declineReasons,
  decliners,
  type OfferStatus,
  offerStatuses,
} from '../../domain/round-lifecycle.ts'
import { acceptOffer, declineOffer } from '../../services/offers/answer-offer.ts'
import { getOffer, listOffers } from '../../services/offers/read-offers.ts'
import type { OfferRow } from '../../services/rounds/store.ts'
import { placeWithheldFrom } from '../../services/rounds/store.ts'
import { getVacancy } from '../../services/vacancies/index.ts'
import type { AppDeps } from '../app.ts'
import {
  html,
  Page,
  type PageContext,
  type PageEnv,
  refusalPage,
  SessionCsrf,
  services,
  signedIn,
} from './core.tsx'
import { ErrorSummary, FieldError, type FormError, Notice, Tag } from './kit.tsx'
import { declineReasonNames, declinerNames, fmtDateTime, offerStatusTags } from './words.ts'

const roles = ['admin', 'allocator', 'caseworker'] as const

function OfferTable(props: { caption: string; offers: readonly OfferRow[]; withheld: ReadonlySet<string> }) {
  if (props.offers.length === 0) return <p>Inga erbjudanden.</p>
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Erbjudande</th>
          <th scope="col">Hushåll</th>
          <th scope="col">Bostad</th>
          <th scope="col">Svar senast</th>
          <th scope="col">Läge</th>
        </tr>
      </thead>
      <tbody>
        {props.offers.map((o) => (
          <tr>
            <th scope="row">
              <a href={`/erbjudanden/${o.id}`}>Erbjudande till {o.applicantId}</a>
            </th>
            <td>{o.applicantId}</td>
            <td>{props.withheld.has(o.applicantId) ? 'Visas inte (skyddad identitet)' : o.vacancyId}</td>
            <td>{fmtDate('sv', o.answerBy)}</td>
            <td>
              <Tag kind={o.status}>{offerStatusTags[o.status]}</Tag>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export { OfferTable }

async function offerPage(
  c: PageContext,
  deps: AppDeps,
  id: string,
  errors: FormError[] = [],
  notice?: string,
) {
  const { transact } = services(c, deps)
  const r = await transact((ctx) => {
    const offer = getOffer({ ctx, input: { id } })
    if (!offer.ok) return offer
    const withheld = placeWithheldFrom(ctx.db, ctx.principal, [offer.value.applicantId]).size > 0
    const vacancy = withheld ? null : getVacancy({ ctx, input: { id: offer.value.vacancyId } })
    return {
      ok: true as const,
      value: { offer: offer.value, withheld, vacancy: vacancy?.ok ? vacancy.value.vacancy : null },
    }
  })
  if (!r.ok) return refusalPage(c, r.error)
  const { offer: o, withheld, vacancy } = r.value
  return html(
    c,
    <Page c={c} title={`Erbjudande till hushåll ${o.applicantId}`} error={errors.length > 0}>
      <ErrorSummary errors={errors} />
      {notice ? (
        <Notice kind="ok" title={notice}>
          <p>Svaret är registrerat av {o.answeredByPerson}.</p>
        </Notice>
      ) : null}
      <h1>Erbjudande till hushåll {o.applicantId}</h1>
      <dl class="facts">
        <dt>Hushåll</dt>
        <dd>
          <a href={`/hushall/${o.applicantId}`}>{o.applicantId}</a>
        </dd>
        <dt>Bostad</dt>
        <dd>
          {withheld
            ? 'Visas inte (skyddad identitet)'
            : `${o.vacancyId}${vacancy ? `, ${vacancyTypeName('sv', vacancy.type)} i ${vacancy.district}, ${vacancy.rooms} rum` : ''}`}
        </dd>
        <dt>Erbjuden</dt>
        <dd>{fmtDate('sv', o.offeredOn)}</dd>
        <dt>Svar senast</dt>
        <dd>{fmtDate('sv', o.answerBy)}</dd>
        <dt>Läge</dt>
        <dd>
          <Tag kind={o.status}>{offerStatusTags[o.status]}</Tag>
        </dd>
        {o.answeredAt ? (
          <>
            <dt>Svaret registrerades</dt>
            <dd>
              {fmtDateTime(o.answeredAt)} av {o.answeredByPerson}
            </dd>
          </>
        ) : null}
        {o.declinedBy ? (
          <>
            <dt>Tackade nej</dt>
            <dd>
              {declinerNames[o.declinedBy]}: {o.declineReason ? declineReasonNames[o.declineReason] : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {o.status === 'open' ? (
        <>
          <h2>Registrera svaret</h2>
          <form method="post" action={`/erbjudanden/${o.id}/svar`} novalidate>
            <SessionCsrf c={c} />
            <fieldset>
              <legend>Vad svarade hushållet?</legend>
              <FieldError errors={errors} field="svar-ja" />
              <div class="choice">
                <input type="radio" id="svar-ja" name="svar" value="ja" />
                <label for="svar-ja">Tackar ja (en placering registreras och bostaden blir uthyrd)</label>
              </div>
              <div class="choice">
                <input type="radio" id="svar-nej" name="svar" value="nej" />
                <label for="svar-nej">Tackar nej</label>
              </div>
            </fieldset>
            <h3>Om svaret är nej</h3>
            <div class="field">
              <label for="declinedBy">Vem sa nej</label>
              <FieldError errors={errors} field="declinedBy" />
              <select id="declinedBy" name="declinedBy">
                <option value="">Välj</option>
                {decliners.map((d) => (
                  <option value={d}>{declinerNames[d]}</option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="reason">Skäl</label>
              <FieldError errors={errors} field="reason" />
              <select id="reason" name="reason">
                <option value="">Välj skäl</option>
                {declineReasons.map((r) => (
                  <option value={r}>{declineReasonNames[r]}</option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="note">Anteckning</label>
              <FieldError errors={errors} field="note" />
              <textarea id="note" name="note" rows={3} />
            </div>
            <button type="submit">Registrera svaret</button>
          </form>
        </>
      ) : null}
    </Page>,
    errors.length > 0 ? 422 : 200,
  )
}

/**
 * "Check your answer" before a decline is recorded: what was said, what will follow, an "Ändra"
 * link back to the form and one button. A decline cannot be taken back.
 */
async function checkDecline(
  c: PageContext,
  deps: AppDeps,
  id: string,
  answer: { declinedBy: Decliner; reason: DeclineReason; note: string },
) {
  const { transact } = services(c, deps)
  const r = await transact((ctx) => getOffer({ ctx, input: { id } }))
  if (!r.ok) return refusalPage(c, r.error)
  const o = r.value
  return html(
    c,
    <Page c={c} title="Kontrollera svaret">
      <h1>Kontrollera svaret innan du registrerar det</h1>
      <dl class="facts">
        <dt>Erbjudande</dt>
        <dd>Till hushåll {o.applicantId}</dd>
        <dt>Svar</dt>
        <dd>Tackar nej</dd>
        <dt>Vem sa nej</dt>
        <dd>{declinerNames[answer.declinedBy]}</dd>
        <dt>Skäl</dt>
        <dd>{declineReasonNames[answer.reason]}</dd>
        <dt>Anteckning</dt>
        <dd>{answer.note === '' ? 'Ingen' : answer.note}</dd>
      </dl>
      <p>
        <a href={`/erbjudanden/${o.id}`}>Ändra svaret</a>
      </p>
      <h2>Det här händer när du registrerar nejet</h2>
      <ul>
        <li>Hushållet går tillbaka till dem som väntar och föreslås aldrig den här bostaden igen.</li>
        <li>Bostaden matchas på nytt direkt, i en ny runda med samma policy.</li>
        <li>
          Policyn kan ge ett nej från hushållet en följd för fortsättningen: för förtur hos ÖBO upphör
          förturen som standard.
        </li>
        <li>Svaret registreras i ditt namn och kan inte ångras.</li>
      </ul>
      <form method="post" action={`/erbjudanden/${o.id}/svar`}>
        <SessionCsrf c={c} />
        <input type="hidden" name="svar" value="nej" />
        <input type="hidden" name="declinedBy" value={answer.declinedBy} />
        <input type="hidden" name="reason" value={answer.reason} />
        <input type="hidden" name="note" value={answer.note} />
        <input type="hidden" name="bekraftat" value="ja" />
        <button type="submit">Registrera nejet</button>
      </form>
    </Page>,
  )
}

export function offerRoutes(router: Hono<PageEnv>, deps: AppDeps) {
  router.get('/erbjudanden', signedIn(...roles), async (c) => {
    const status = c.req.query('status') ?? 'open'
    const filter = (offerStatuses as readonly string[]).includes(status) ? (status as OfferStatus) : undefined
    const { transact } = services(c, deps)
    const r = await transact((ctx) => {
      const page = listOffers({ ctx, input: { limit: 100, ...(filter ? { status: filter } : {}) } })
      if (!page.ok) return page
      const withheld = placeWithheldFrom(
        ctx.db,
        ctx.principal,
        page.value.items.map((o) => o.applicantId),
      )
      return { ok: true as const, value: { items: page.value.items, withheld } }
    })
    if (!r.ok) return refusalPage(c, r.error)
    return html(
      c,
      <Page c={c} title="Erbjudanden">
        <h1>Erbjudanden</h1>
        <form method="get" action="/erbjudanden" class="filters">
          <div class="field">
            <label for="status">Läge</label>
            <select id="status" name="status">
              <option value="alla" selected={filter === undefined}>
                Alla
              </option>
              {offerStatuses.map((s) => (
                <option value={s} selected={filter === s}>
                  {offerStatusTags[s]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            Visa
          </button>
        </form>
        <OfferTable
          caption="Erbjudanden, nyaste först (högst 100)"
          offers={r.value.items}
          withheld={r.value.withheld}
        />
      </Page>,
    )
  })

  router.get('/erbjudanden/:id', signedIn(...roles), (c) => offerPage(c, deps, c.req.param('id')))

  router.post('/erbjudanden/:id/svar', signedIn(...roles), async (c) => {
    const id = c.req.param('id')
    const form = await c.req.parseBody()
    const answer = form.svar
    const declinedBy = typeof form.declinedBy === 'string' ? form.declinedBy : ''
    const reason = typeof form.reason === 'string' ? form.reason : ''
    const note = typeof form.note === 'string' ? form.note.trim() : ''
    const errors: FormError[] = []
    if (answer !== 'ja' && answer !== 'nej')
      errors.push({ field: 'svar-ja', message: 'Välj om hushållet tackar ja eller nej' })
    if (answer === 'nej') {
      if (!(decliners as readonly string[]).includes(declinedBy))
        errors.push({ field: 'declinedBy', message: 'Välj vem som sa nej' })
      if (!(declineReasons as readonly string[]).includes(reason))
        errors.push({ field: 'reason', message: 'Välj skälet till nejet' })
    }
    if (note.length > 2000)
      errors.push({ field: 'note', message: 'Anteckningen får vara högst 2 000 tecken' })
    if (errors.length > 0) return offerPage(c, deps, id, errors)
    if (answer === 'nej' && form.bekraftat !== 'ja') {
      return checkDecline(c, deps, id, {
        declinedBy: declinedBy as Decliner,
        reason: reason as DeclineReason,
        note,
      })
    }
    const { transact } = services(c, deps)
    const r =
      answer === 'ja'
        ? await transact((ctx) => acceptOffer({ ctx, input: { id } }))
        : await transact((ctx) =>
            declineOffer({
              ctx,
              input: {
                id,
                declinedBy: declinedBy as Decliner,
                reason: reason as DeclineReason,
                ...(note === '' ? {} : { note }),
              },
            }),
          )
    if (!r.ok) return refusalPage(c, r.error)
    return offerPage(c, deps, id, [], answer === 'ja' ? 'Hushållet har tackat ja' : 'Nejet är registrerat')
  })
}
