/** @jsxImportSource hono/jsx */
/**
 * Follow-up (uppföljning): the follow-up reports and the equality report over a period, as
 * the reports' own chart and tables, and the CSV a spreadsheet opens; and the what-if comparison of
 * a stored round under another policy version. Aggregates only, small cells suppressed by the
 * reports themselves, the same roles as the API's report routes.
 */
import type { Hono } from 'hono'
import { raw } from 'hono/html'
import { reportChart } from '../../domain/follow-up/charts.ts'
import { type ReportName, reportNames } from '../../domain/follow-up/reports.ts'
import type { Column, Report, Table, Value } from '../../domain/follow-up/table.ts'
import {
  capital,
  fmtDate,
  fmtDecimal,
  fmtInteger,
  fmtPercent,
  fmtPoints,
  groupName,
} from '../../domain/match/words.ts'
import { isoDate } from '../../domain/schema-parts.ts'
import { followUpReport, reportCsv } from '../../services/follow-up/reports.ts'
import { listPolicies } from '../../services/policies/read-policies.ts'
import { getRound } from '../../services/rounds/read-rounds.ts'
import { resultTextOf } from '../../services/rounds/solve-round.ts'
import { loadWhatIf, whatIfAnswer } from '../../services/rounds/what-if.ts'
import { solveInThread } from '../../worker/solve-in-thread.ts'
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
import { ErrorSummary, type FormError, Notice } from './kit.tsx'

const reportRoles = ['admin', 'allocator', 'analyst'] as const
const managers = ['admin', 'allocator'] as const

/** The reports' names in the list (each report's own title is shown on its page). */
export const reportLinks: Record<ReportName, string> = {
  map: 'Kartläggning: hushåll per situation',
  trend: 'Utvecklingen över tid, månad för månad',
  flows: 'In- och utflöden',
  'time-to-housing': 'Tid till bostad',
  declines: 'Nej-svar och obesvarade erbjudanden',
  'vacancy-days': 'Vakansdagar',
  districts: 'Placeringar per område',
  'housing-first-retention': 'Bostad först: kvar i bostaden',
  pathway: 'Boendekedjan: övertaganden och prövotider',
  equality: 'Jämlikhet och likabehandling',
}

/** A report's cell as text: counts and days as whole numbers, shares as percentages, "–" for none. */
function cell(column: Column, value: Value): string {
  if (value === null) return '–'
  if (typeof value === 'string') return value
  switch (column.kind) {
    case 'count':
      return fmtInteger('sv', value)
    case 'days':
      return fmtDecimal('sv', value)
    case 'share':
      return fmtPercent('sv', value)
    case 'ratio':
      return fmtDecimal('sv', value)
    default:
      return String(value)
  }
}

function ReportTable(props: { table: Table }) {
  const { table } = props
  const [head, ...rest] = table.columns
  return (
    <table>
      <caption>{table.title}</caption>
      <thead>
        <tr>
          {table.columns.map((c) => (
            <th scope="col">{c.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => (
          <tr>
            {head ? <th scope="row">{cell(head, row[head.key] ?? null)}</th> : null}
            {rest.map((c) => (
              <td class={c.kind === 'label' ? '' : 'num'}>{cell(c, row[c.key] ?? null)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function coversText(r: Report): string {
  const { on, from, to, caseload } = r.covers
  const period = on
    ? `den ${fmtDate('sv', on)}`
    : from && to
      ? `${fmtDate('sv', from)} – ${fmtDate('sv', to)}`
      : ''
  return `${period}${caseload ? `, handläggning ${caseload}` : ''}`
}

function periodOf(c: PageContext): { from?: string; to?: string; errors: FormError[] } {
  const errors: FormError[] = []
  const out: { from?: string; to?: string; errors: FormError[] } = { errors }
  for (const key of ['from', 'to'] as const) {
    const v = c.req.query(key)
    if (v === undefined || v === '') continue
    if (isoDate.safeParse(v).success) out[key] = v
    else
      errors.push({
        field: key,
        message: `Skriv ${key === 'from' ? 'första' : 'sista'} dagen som 2026-12-07`,
      })
  }
  if (out.from && out.to && out.from > out.to)
    errors.push({ field: 'from', message: 'Första dagen måste komma före den sista' })
  return out
}

export function followUpRoutes(router: Hono<PageEnv>, deps: AppDeps) {
  router.get('/uppfoljning', signedIn(...reportRoles), (c) =>
    html(
      c,
      <Page c={c} title="Uppföljning">
        <h1>Uppföljning</h1>
        <p>
          Rapporterna räknar på hela historiken: situationer, erbjudanden, beslut och placeringar. De visar
          bara antal, aldrig en enskild person, och tal under 5 döljs.
        </p>
        <ul>
          {reportNames.map((name) => (
            <li>
              <a href={`/uppfoljning/${name}`}>{reportLinks[name]}</a>
            </li>
          ))}
        </ul>
        {c.get('principal').role !== 'analyst' ? (
          <p>
            Jämför en runda med en annan policyversion från rundans sida (
            <a href="/rundor">Matchningsrundor</a>).
          </p>
        ) : null}
      </Page>,
    ),
  )

  const readReport = async (c: PageContext) => {
    const name = c.req.param('name') as ReportName
    if (!(reportNames as readonly string[]).includes(name)) return { kind: 'missing' as const }
    const period = periodOf(c)
    if (period.errors.length > 0) return { kind: 'errors' as const, name, errors: period.errors }
    const { ctx } = services(c, deps)
    const r = followUpReport({
      ctx,
      input: { name, ...(period.from ? { from: period.from } : {}), ...(period.to ? { to: period.to } : {}) },
    })
    return r.ok
      ? { kind: 'report' as const, name, report: r.value }
      : { kind: 'refused' as const, error: r.error }
  }

  router.get('/uppfoljning/:name', signedIn(...reportRoles), async (c) => {
    const read = await readReport(c)
    if (read.kind === 'missing') return refusalPage(c, { code: 'NOT_FOUND', detail: '' })
    if (read.kind === 'refused') return refusalPage(c, read.error)
    const errors = read.kind === 'errors' ? read.errors : []
    const title = read.kind === 'report' ? read.report.title : reportLinks[read.name]
    const query = new URLSearchParams(
      Object.entries({ from: c.req.query('from') ?? '', to: c.req.query('to') ?? '' }).filter(
        ([, v]) => v !== '',
      ),
    ).toString()
    return html(
      c,
      <Page c={c} title={title} error={errors.length > 0}>
        <ErrorSummary errors={errors} />
        <p>
          <a href="/uppfoljning">Alla rapporter</a>
        </p>
        <h1>{title}</h1>
        <form method="get" action={`/uppfoljning/${read.name}`} class="filters">
          <div class="field">
            <label for="from">Första dagen</label>
            <input id="from" name="from" type="date" value={c.req.query('from') ?? ''} />
          </div>
          <div class="field">
            <label for="to">Sista dagen</label>
            <input id="to" name="to" type="date" value={c.req.query('to') ?? ''} />
          </div>
          <button type="submit" class="secondary">
            Visa perioden
          </button>
        </form>
        {read.kind === 'report' ? (
          <>
            <p>
              Perioden: {coversText(read.report)}.{' '}
              <a href={`/uppfoljning/${read.name}/csv${query ? `?${query}` : ''}`}>Ladda ner som CSV</a>
            </p>
            {/* The reports' own chart (src/domain/follow-up/charts.ts): an accessible SVG image drawn
                from the same rows, its values escaped there; one drawing for the API and the page. */}
            <div class="chart-wrap">{raw(reportChart(read.report))}</div>
            {read.report.tables.map((t) => (
              <ReportTable table={t} />
            ))}
            {read.report.notes.length > 0 ? (
              <>
                <h2>Om siffrorna</h2>
                <ul>
                  {read.report.notes.map((n) => (
                    <li>{n}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        ) : null}
      </Page>,
      errors.length > 0 ? 422 : 200,
    )
  })

  router.get('/uppfoljning/:name/csv', signedIn(...reportRoles), async (c) => {
    const read = await readReport(c)
    if (read.kind === 'missing') return refusalPage(c, { code: 'NOT_FOUND', detail: '' })
    if (read.kind === 'refused') return refusalPage(c, read.error)
    if (read.kind === 'errors') return c.redirect(`/uppfoljning/${read.name}`, 303)
    return c.body(reportCsv(read.report), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="hemvist-${read.name}.csv"`,
    })
  })

  const whatIfForm = async (c: PageContext, id: string, errors: FormError[]) => {
    const { ctx } = services(c, deps)
    const round = getRound({ ctx, input: { id } })
    if (!round.ok) return refusalPage(c, round.error)
    const policies = listPolicies({ ctx, input: {} })
    const list = policies.ok ? policies.value : []
    const r = round.value.round
    return html(
      c,
      <Page c={c} title="Jämför med en annan policy" error={errors.length > 0}>
        <ErrorSummary errors={errors} />
        <p>
          <a href={`/rundor/${id}`}>Tillbaka till rundan</a>
        </p>
        <h1>Jämför rundan {fmtDate('sv', r.asOf)} med en annan policy</h1>
        <p>
          Rundan räknas om på exakt samma hushåll och bostäder under den policyversion du väljer, och jämförs
          med det sparade resultatet (policy {r.policyId} version {r.policyVersion}). Ingenting i rundan
          ändras.
        </p>
        <form method="post" action={`/rundor/${id}/vad-om`} novalidate>
          <SessionCsrf c={c} />
          <div class="field">
            <label for="policy">Policyversion att jämföra med</label>
            <select id="policy" name="policy">
              <option value="">Välj policyversion</option>
              {list.map((p) => (
                <option value={`${p.id}@${p.version}`}>
                  {p.id} version {p.version}
                  {p.active ? ' (gällande)' : ''}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Jämför</button>
        </form>
      </Page>,
      errors.length > 0 ? 422 : 200,
    )
  }

  router.get('/rundor/:id/vad-om', signedIn(...managers), (c) => whatIfForm(c, c.req.param('id'), []))

  router.post('/rundor/:id/vad-om', signedIn(...managers), async (c) => {
    const id = c.req.param('id')
    const form = await c.req.parseBody()
    const m = /^(.+)@([1-9][0-9]{0,5})$/.exec(typeof form.policy === 'string' ? form.policy : '')
    if (m === null)
      return whatIfForm(c, id, [{ field: 'policy', message: 'Välj en policyversion att jämföra med' }])
    const { transact } = services(c, deps)
    const q = await transact((ctx) =>
      loadWhatIf({ ctx, input: { id, policy: { id: m[1] ?? '', version: Number(m[2]) } } }),
    )
    if (!q.ok) return refusalPage(c, q.error)
    const solved = await solveInThread(q.value.snapshot, { explain: false })
    if (!solved.ok) {
      return refusalPage(c, {
        code: 'CONFLICT',
        detail: `The round cannot be solved under that policy: ${solved.reason}`,
      })
    }
    const w = whatIfAnswer(q.value, resultTextOf(solved))
    const signed = (n: number, f: (x: number) => string) => (n > 0 ? `+${f(n)}` : n < 0 ? `−${f(-n)}` : '±0')
    const measures = [
      { label: 'Hushåll med förslag', m: w.housed, f: (x: number) => fmtInteger('sv', x) },
      { label: 'Barn i hushåll med förslag', m: w.childrenHoused, f: (x: number) => fmtInteger('sv', x) },
      {
        label: 'Hushåll i akut hemlöshet med förslag',
        m: w.acuteHoused,
        f: (x: number) => fmtInteger('sv', x),
      },
      { label: 'Summa poäng', m: w.objective, f: (x: number) => fmtPoints('sv', x) },
    ]
    return html(
      c,
      <Page c={c} title="Jämförelse med en annan policy">
        <p>
          <a href={`/rundor/${id}`}>Tillbaka till rundan</a>
        </p>
        <h1>
          Om rundan hade gjorts med {w.whatIf.policy.id} version {w.whatIf.policy.version}
        </h1>
        <Notice kind="ok" title="Bara en jämförelse">
          <p>Ingenting i rundan har ändrats. Förslagen och besluten gäller som förut.</p>
        </Notice>
        <table>
          <caption>
            Sparat resultat ({w.stored.policy.id} version {w.stored.policy.version}) jämfört med den andra
            policyn
          </caption>
          <thead>
            <tr>
              <th scope="col">Mått</th>
              <th scope="col">Sparat</th>
              <th scope="col">Med den andra policyn</th>
              <th scope="col">Skillnad</th>
            </tr>
          </thead>
          <tbody>
            {measures.map(({ label, m: x, f }) => (
              <tr>
                <th scope="row">{label}</th>
                <td class="num">{f(x.stored)}</td>
                <td class="num">{f(x.whatIf)}</td>
                <td class="num">{signed(x.change, f)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Hushåll som skulle få ett förslag, eller inte</h2>
        <p>
          {fmtInteger('sv', w.gains.length)} hushåll skulle få ett förslag som de inte fick,{' '}
          {fmtInteger('sv', w.losses.length)} skulle bli utan, och {fmtInteger('sv', w.moved.length)} skulle
          få en annan bostad.
        </p>
        {w.groupRates.length > 0 ? (
          <table>
            <caption>Andel behöriga hushåll med förslag, per grupp (jämlikhet)</caption>
            <thead>
              <tr>
                <th scope="col">Grupp</th>
                <th scope="col">Sparat</th>
                <th scope="col">Med den andra policyn</th>
              </tr>
            </thead>
            <tbody>
              {w.groupRates.map((g) => (
                <tr>
                  <th scope="row">{capital(groupName('sv', g.attribute, g.value))}</th>
                  <td class="num">{g.stored === null ? '–' : fmtPercent('sv', g.stored)}</td>
                  <td class="num">{g.whatIf === null ? '–' : fmtPercent('sv', g.whatIf)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Page>,
    )
  })
}
