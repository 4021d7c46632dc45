/** @jsxImportSource hono/jsx */
/**
 * Households: a list with filters and one household's page (situation history, needs,
 * preferences, and who looked). The case worker sees only its caseloads (the services scope
 * every read); for a protected-identity household everything that could place the person is
 * withheld from anyone not allowed to see it, by the API's own per-role projection.
 */
import type { Hono } from 'hono'
import {
  applicantStatusName,
  fmtDate,
  fmtRent,
  situationName,
  supportLevelName,
  vacancyTypeName,
} from '../../domain/match/words.ts'
import {
  childrenAtRisk,
  preventionOutcomeNames,
  preventionSignalsSv,
  preventionTenureNames,
} from '../../domain/prevention.ts'
import { applicantStatuses, situationCodes } from '../../domain/vocabulary.ts'
import { getApplicant, listApplicants, situationHistory } from '../../services/applicants/index.ts'
import { readApplicantTrail } from '../../services/audit.ts'
import type { PlacementRecord } from '../../services/offers/placement-pathway.ts'
import { listOffers, listPlacements } from '../../services/offers/read-offers.ts'
import { placeWithheldFrom } from '../../services/rounds/store.ts'
import type { AppDeps } from '../app.ts'
import { applicantView } from '../views/applicant.ts'
import { html, Page, type PageEnv, refusalPage, services, signedIn } from './core.tsx'
import { Tag } from './kit.tsx'
import { OfferTable } from './offers.tsx'
import { contractFormNames, endReasonNames, fmtDateTime, genderNames, roleNames } from './words.ts'

const roles = ['admin', 'allocator', 'caseworker'] as const
const yes = (b: boolean) => (b ? 'ja' : 'nej')

export function householdRoutes(router: Hono<PageEnv>, deps: AppDeps) {
  router.get('/hushall', signedIn(...roles), async (c) => {
    const situation = c.req.query('situation') ?? ''
    const status = c.req.query('status') ?? ''
    const cursor = c.req.query('fler')
    const { transact } = services(c, deps)
    const r = await transact((ctx) =>
      listApplicants({
        ctx,
        input: {
          ...((situationCodes as readonly string[]).includes(situation)
            ? { situation: situation as (typeof situationCodes)[number] }
            : {}),
          ...((applicantStatuses as readonly string[]).includes(status)
            ? { status: status as (typeof applicantStatuses)[number] }
            : {}),
          ...(cursor ? { cursor } : {}),
          limit: 50,
        },
      }),
    )
    if (!r.ok) return refusalPage(c, r.error)
    const next = r.value.nextCursor
    const params = new URLSearchParams({ situation, status, ...(next ? { fler: next } : {}) })
    return html(
      c,
      <Page c={c} title="Hushåll">
        <h1>Hushåll</h1>
        <form method="get" action="/hushall" class="filters">
          <div class="field">
            <label for="situation">Situation</label>
            <select id="situation" name="situation">
              <option value="">Alla</option>
              {situationCodes.map((s) => (
                <option value={s} selected={situation === s}>
                  {situationName('sv', s)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="status">Ärendets läge</label>
            <select id="status" name="status">
              <option value="">Alla</option>
              {applicantStatuses.map((s) => (
                <option value={s} selected={status === s}>
                  {applicantStatusName('sv', s)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            Visa
          </button>
        </form>
        {r.value.items.length === 0 ? (
          <p>Inga hushåll med de valen.</p>
        ) : (
          <table>
            <caption>
              Hushåll {c.get('principal').role === 'caseworker' ? 'i din handläggning' : ''}, äldst
              registrerade först
            </caption>
            <thead>
              <tr>
                <th scope="col">Hushåll</th>
                <th scope="col">Situation</th>
                <th scope="col">Vuxna</th>
                <th scope="col">Barn</th>
                <th scope="col">Registrerat</th>
                <th scope="col">Läge</th>
              </tr>
            </thead>
            <tbody>
              {r.value.items.map((a) => (
                <tr>
                  <th scope="row">
                    <a href={`/hushall/${a.id}`}>{a.id}</a>
                    {a.protectedIdentity ? (
                      <>
                        {' '}
                        <Tag kind="protected">Skyddad identitet</Tag>
                      </>
                    ) : null}
                  </th>
                  <td>
                    {a.situation === null ? (
                      <Tag kind="prevention">Risk för vräkning</Tag>
                    ) : (
                      situationName('sv', a.situation.code)
                    )}
                  </td>
                  <td class="num">{a.adults}</td>
                  <td class="num">{a.children}</td>
                  <td>{fmtDate('sv', a.registeredOn)}</td>
                  <td>{applicantStatusName('sv', a.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next ? (
          <p>
            <a href={`/hushall?${params.toString()}`}>Nästa sida</a>
          </p>
        ) : null}
      </Page>,
    )
  })

  router.get('/hushall/:id', signedIn(...roles), async (c) => {
    const id = c.req.param('id')
    const { transact } = services(c, deps)
    const principal = c.get('principal')
    const mayTrail = principal.role === 'admin' || principal.role === 'allocator'
    const r = await transact((ctx) => {
      const stored = getApplicant({ ctx, input: { id } })
      if (!stored.ok) return stored
      const history = situationHistory({ ctx, input: { id } })
      if (!history.ok) return history
      const offerPage = listOffers({ ctx, input: { applicantId: id, limit: 50 } })
      const offered = offerPage.ok ? offerPage.value.items : []
      const placementPage = listPlacements({ ctx, input: { applicantId: id, limit: 20 } })
      const placed = placementPage.ok ? placementPage.value.items : []
      const withheld = placeWithheldFrom(ctx.db, ctx.principal, [id])
      const trail = mayTrail
        ? readApplicantTrail(ctx.db, {
            principal: ctx.principal,
            requestId: ctx.requestId,
            applicantId: id,
            limit: 20,
          })
        : null
      return {
        ok: true as const,
        value: { stored: stored.value, history: history.value, trail, offered, placed, withheld },
      }
    })
    if (!r.ok) return refusalPage(c, r.error)
    const view = applicantView(principal.role, r.value.stored)
    const a = view
    const withheld = 'withheld' in view
    const children = a.household.children.length
    // Children of an open prevention case, flagged: the strategy puts families facing eviction first.
    const atRisk = childrenAtRisk(a, new Date().toISOString().slice(0, 10))
    return html(
      c,
      <Page c={c} title={`Hushåll ${a.id}`}>
        <h1>Hushåll {a.id}</h1>
        {a.culled === undefined ? null : (
          <p>
            <Tag kind="culled">Gallrat</Tag> Hushållets uppgifter gallrades den {fmtDate('sv', a.culled.on)}.
            Det som visas nedan är neutrala platshållare som finns kvar för uppföljningens räkning, inte
            uppgifter om hushållet.
          </p>
        )}
        {a.safety.protectedIdentity ? (
          <p>
            <Tag kind="protected">Skyddad identitet</Tag>
            {withheld
              ? ' Uppgifter som kan avslöja var hushållet finns eller vill bo visas inte för dig.'
              : ''}
          </p>
        ) : null}
        <h2>Situation</h2>
        <dl class="facts">
          <dt>Nu</dt>
          <dd>
            {a.situation === undefined
              ? 'Inte hemlöst: ett förebyggande ärende (risk för vräkning), som inte räknas i någon av de fyra hemlöshetssituationerna'
              : `${situationName('sv', a.situation.code)} sedan ${fmtDate('sv', a.situation.since)}`}
          </dd>
          <dt>Ärendets läge</dt>
          <dd>{applicantStatusName('sv', a.status)}</dd>
          <dt>Registrerat</dt>
          <dd>{fmtDate('sv', a.registeredOn)}</dd>
          <dt>Hushållet</dt>
          <dd>
            {a.household.adults} {a.household.adults === 1 ? 'vuxen' : 'vuxna'} och {children} barn
          </dd>
          <dt>Handläggning</dt>
          <dd>{a.caseload}</dd>
          {a.urgency.evictionDate ? (
            <>
              <dt>Avhysning</dt>
              <dd>{fmtDate('sv', a.urgency.evictionDate)}</dd>
            </>
          ) : null}
          {a.urgency.releaseDate ? (
            <>
              <dt>Ska lämna institution</dt>
              <dd>{fmtDate('sv', a.urgency.releaseDate)}</dd>
            </>
          ) : null}
        </dl>
        {a.prevention === undefined ? null : (
          <>
            <h2>Förebyggande ärende</h2>
            <dl class="facts">
              <dt>Riskerar att förlora</dt>
              <dd>{preventionTenureNames[a.prevention.tenure]}</dd>
              <dt>Känt sedan</dt>
              <dd>{fmtDate('sv', a.prevention.since)}</dd>
              <dt>Signaler</dt>
              <dd>
                {preventionSignalsSv(a.prevention, a.urgency.evictionDate).join('; ') || 'inga registrerade'}
              </dd>
              <dt>Utfall</dt>
              <dd>
                {a.prevention.outcome === undefined
                  ? 'pågår'
                  : `${preventionOutcomeNames[a.prevention.outcome.kind]} ${fmtDate('sv', a.prevention.outcome.on)}`}
              </dd>
              {atRisk > 0 ? (
                <>
                  <dt>Barn</dt>
                  <dd>
                    <Tag kind="children">
                      {atRisk === 1 ? '1 barn riskerar vräkning' : `${atRisk} barn riskerar vräkning`}
                    </Tag>
                  </dd>
                </>
              ) : null}
            </dl>
          </>
        )}
        {a.household.members === undefined ? null : (
          <>
            <h2>Vuxna i hushållet</h2>
            <table>
              <caption>Sökande och medsökande</caption>
              <thead>
                <tr>
                  <th scope="col">Roll</th>
                  <th scope="col">Född</th>
                  <th scope="col">Kön</th>
                  <th scope="col">Personnummer</th>
                </tr>
              </thead>
              <tbody>
                {a.household.members.map((m) => (
                  <tr>
                    <th scope="row">{m.role === 'applicant' ? 'Sökande' : 'Medsökande'}</th>
                    <td>
                      {m.birthYear}-{String(m.birthMonth).padStart(2, '0')}
                    </td>
                    <td>{genderNames[m.gender] ?? m.gender}</td>
                    <td>
                      {m.pnrPseudonym === undefined ? 'inte angivet' : 'angivet (sparas som pseudonym)'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <h2>Situationer över tid</h2>
        <table>
          <caption>Hushållets situationer, äldst först</caption>
          <thead>
            <tr>
              <th scope="col">Sedan</th>
              <th scope="col">Situation</th>
            </tr>
          </thead>
          <tbody>
            {r.value.history.map((h) => (
              <tr>
                <th scope="row">{fmtDate('sv', h.since)}</th>
                <td>{situationName('sv', h.code)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Behov</h2>
        <dl class="facts">
          <dt>Stödbehov</dt>
          <dd>{supportLevelName('sv', a.needs.supportLevel)}</dd>
          <dt>Bedömd för Bostad först</dt>
          <dd>{yes(a.needs.housingFirstAssessed)}</dd>
          <dt>Behöver träna på att bo</dt>
          <dd>{yes(a.needs.skillsTrainingNeed)}</dd>
          <dt>Rullstol</dt>
          <dd>{yes(a.needs.wheelchair)}</dd>
          <dt>Hiss</dt>
          <dd>{yes(a.needs.elevator)}</dd>
          <dt>Bottenvåning</dt>
          <dd>{yes(a.needs.groundFloor)}</dd>
          <dt>Husdjur</dt>
          <dd>{yes(a.needs.pets)}</dd>
          <dt>Högsta hyra hushållet klarar</dt>
          <dd>
            {fmtRent('sv', a.economy.maxRent)}
            {a.economy.rentCarriedByMunicipality ? ' (kommunen står för hyran)' : ''}
          </dd>
        </dl>
        <h2>Önskemål</h2>
        <dl class="facts">
          <dt>Boendeformer, mest önskad först</dt>
          <dd>{a.preferences.vacancyTypes.map((t) => vacancyTypeName('sv', t)).join(', ')}</dd>
          {'districts' in a.preferences ? (
            <>
              <dt>Områden, mest önskat först</dt>
              <dd>
                {a.preferences.districts.length > 0 ? a.preferences.districts.join(', ') : 'inga särskilda'}
              </dd>
            </>
          ) : null}
          {'excludedDistricts' in a.safety ? (
            <>
              <dt>Områden hushållet inte får placeras i</dt>
              <dd>
                {a.safety.excludedDistricts.length > 0 ? a.safety.excludedDistricts.join(', ') : 'inga'}
              </dd>
            </>
          ) : null}
          <dt>Kön (endast för uppföljning av likabehandling)</dt>
          <dd>{genderNames[a.monitoring.gender] ?? a.monitoring.gender}</dd>
        </dl>
        <h2>Erbjudanden</h2>
        <OfferTable
          caption="Erbjudanden till hushållet, nyaste först"
          offers={r.value.offered}
          withheld={r.value.withheld}
        />
        <h2>Placeringar</h2>
        {r.value.placed.length === 0 ? (
          <p>Hushållet har inte placerats genom hemvist.</p>
        ) : (
          <table>
            <caption>Hushållets placeringar, nyaste först, och var de står i boendekedjan</caption>
            <thead>
              <tr>
                <th scope="col">Kontrakt</th>
                <th scope="col">Från</th>
                <th scope="col">Prövotid till</th>
                <th scope="col">Läge</th>
              </tr>
            </thead>
            <tbody>
              {r.value.placed.map((p) => (
                <tr>
                  <th scope="row">{contractFormNames[p.contractForm]}</th>
                  <td>{fmtDate('sv', p.startDate)}</td>
                  <td>{p.trialPeriodEndsOn === null ? 'ingen' : fmtDate('sv', p.trialPeriodEndsOn)}</td>
                  <td>{placementState(p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {r.value.trail ? (
          <>
            <h2>Vem har tittat</h2>
            <table>
              <caption>De 20 senaste åtkomsterna till hushållets uppgifter, nyaste först</caption>
              <thead>
                <tr>
                  <th scope="col">När</th>
                  <th scope="col">Vem</th>
                  <th scope="col">Roll</th>
                  <th scope="col">Vad</th>
                </tr>
              </thead>
              <tbody>
                {r.value.trail.entries.map((e) => (
                  <tr>
                    <th scope="row">{fmtDateTime(e.at)}</th>
                    <td>{e.tokenLabel ?? e.tokenId}</td>
                    <td>{roleNames[e.role as keyof typeof roleNames] ?? e.role}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
      </Page>,
    )
  })
}

/** Where a placement stands on the pathway, in a sentence: ended (why), taken over, or in its trial period. */
function placementState(p: PlacementRecord): string {
  if (p.endedOn !== null) {
    const why = p.endReason === null ? '' : ` (${endReasonNames[p.endReason]})`
    return `Upphörde ${fmtDate('sv', p.endedOn)}${why}`
  }
  if (p.takenOverOn !== null) return `Hushållet tog över kontraktet ${fmtDate('sv', p.takenOverOn)}`
  if (p.trialPeriodEndsOn !== null) return 'Gäller, under prövotid'
  return 'Gäller'
}
