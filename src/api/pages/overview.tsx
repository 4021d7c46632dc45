/** @jsxImportSource hono/jsx */
/**
 * The overview: open rounds, offers waiting for an answer, and the key numbers that exist today
 * (households by situation and with or without children, from the same suppressed statistics the
 * API gives analysts). The follow-up reports proper have their own pages (`./follow-up.tsx`).
 */
import type { Hono } from 'hono'
import { fmtInteger, situationName } from '../../domain/match/words.ts'
import { openRoundStatuses } from '../../domain/round-lifecycle.ts'
import { situationCodes } from '../../domain/vocabulary.ts'
import { applicantStats, type Cell, suppressionThreshold } from '../../services/applicants/applicant-stats.ts'
import { listOffers } from '../../services/offers/read-offers.ts'
import { listRounds } from '../../services/rounds/read-rounds.ts'
import { placeWithheldFrom } from '../../services/rounds/store.ts'
import type { AppDeps } from '../app.ts'
import { html, Page, type PageEnv, services, signedIn } from './core.tsx'
import { OfferTable } from './offers.tsx'
import { RoundTable } from './rounds.tsx'

const cellText = (cell: Cell) =>
  cell.suppressed || cell.count === null ? `färre än ${suppressionThreshold}` : fmtInteger('sv', cell.count)

/**
 * A horizontal bar chart as SVG (no script, nothing to load): each bar with its label and its
 * number as text, so nothing is told by length alone; the same figures stand in the table beside it.
 */
function BarChart(props: { title: string; bars: readonly { label: string; cell: Cell }[] }) {
  const max = Math.max(1, ...props.bars.map((b) => b.cell.count ?? 0))
  const rowH = 34
  const labelW = 290
  const barW = 260
  return (
    <svg
      role="img"
      aria-label={`${props.title}: ${props.bars.map((b) => `${b.label} ${cellText(b.cell)}`).join(', ')}`}
      viewBox={`0 0 ${labelW + barW + 90} ${props.bars.length * rowH}`}
      width="100%"
      class="chart"
    >
      {props.bars.map((b, i) => {
        const w = b.cell.count === null ? 0 : Math.round((b.cell.count / max) * barW)
        const y = i * rowH
        return (
          <g>
            <text x="0" y={y + 21} class="chart-label">
              {b.label}
            </text>
            <rect x={labelW} y={y + 6} width={Math.max(w, 1)} height="20" class="chart-bar" />
            <text x={labelW + w + 8} y={y + 21} class="chart-value">
              {cellText(b.cell)}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

export function overviewRoutes(router: Hono<PageEnv>, deps: AppDeps) {
  router.get('/oversikt', signedIn('admin', 'allocator', 'caseworker', 'analyst'), async (c) => {
    const { transact } = services(c, deps)
    const principal = c.get('principal')
    const seesStats = principal.role !== 'caseworker'
    const seesOffers = principal.role !== 'analyst'
    const read = await transact((ctx) => {
      const rounds = listRounds({ ctx, input: { limit: 50 } })
      const offers = seesOffers ? listOffers({ ctx, input: { status: 'open', limit: 20 } }) : null
      const stats = seesStats ? applicantStats({ ctx, input: {} }) : null
      const offerRows = offers?.ok ? offers.value.items : []
      return {
        rounds: rounds.ok ? rounds.value.items.filter((r) => openRoundStatuses.includes(r.round.status)) : [],
        offers: offerRows,
        withheld: placeWithheldFrom(
          ctx.db,
          ctx.principal,
          offerRows.map((o) => o.applicantId),
        ),
        stats: stats?.ok ? stats.value : null,
      }
    })
    const stats = read.stats
    return html(
      c,
      <Page c={c} title="Översikt">
        <h1>Översikt</h1>
        <h2>Öppna rundor</h2>
        <RoundTable
          caption="Rundor som väntar, beräknas eller har förslag att granska"
          rounds={read.rounds}
        />
        {seesOffers ? (
          <>
            <h2>Erbjudanden som väntar på svar</h2>
            <OfferTable
              caption={
                principal.role === 'caseworker'
                  ? 'Erbjudanden till hushåll i din handläggning'
                  : 'Erbjudanden som väntar på svar'
              }
              offers={read.offers}
              withheld={read.withheld}
            />
          </>
        ) : null}
        {stats ? (
          <>
            <h2>Nyckeltal</h2>
            <p>
              Hushåll i registret: <strong>{cellText(stats.total)}</strong>. Tal mellan 1 och{' '}
              {suppressionThreshold - 1} visas inte, så att ingen kan pekas ut.
            </p>
            <div class="chart-pair">
              <figure>
                <figcaption>Hushåll efter situation (Socialstyrelsens definition)</figcaption>
                <BarChart
                  title="Hushåll efter situation"
                  bars={situationCodes.map((s) => ({
                    label: situationName('sv', s),
                    cell: stats.bySituation[s],
                  }))}
                />
              </figure>
              <table>
                <caption>Samma tal som tabell</caption>
                <thead>
                  <tr>
                    <th scope="col">Situation</th>
                    <th scope="col">Hushåll</th>
                  </tr>
                </thead>
                <tbody>
                  {situationCodes.map((s) => (
                    <tr>
                      <th scope="row">{situationName('sv', s)}</th>
                      <td class="num">{cellText(stats.bySituation[s])}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">Med barn</th>
                    <td class="num">{cellText(stats.byChildren.withChildren)}</td>
                  </tr>
                  <tr>
                    <th scope="row">Utan barn</th>
                    <td class="num">{cellText(stats.byChildren.withoutChildren)}</td>
                  </tr>
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </Page>,
    )
  })
}
