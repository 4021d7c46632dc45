/** @jsxImportSource hono/jsx */
/**
 * Match rounds: the list, a new round (policy version and date, the pool's counts first), the
 * review of a round's proposals and of the households left without one (the engine's own
 * explanations, in Swedish), approving one or all, giving a vacancy to another household with a
 * mandatory reason, and rejecting. A round being solved reloads itself every two seconds.
 */
import { randomUUID } from 'node:crypto'
import type { Hono } from 'hono'
import type { Child } from 'hono/jsx'
import {
  type ChildHeard,
  type ChildPerspective,
  type ChildReasonCode,
  childHeardValues,
  childPerspectiveIssues,
  childPerspectiveSchema,
  childReasonCodes,
} from '../../domain/child-perspective.ts'
import type { ProposalExplanation, UnmatchedExplanation } from '../../domain/match/explain.ts'
import { withTexts } from '../../domain/match/explanation-texts.ts'
import { renderLetter } from '../../domain/match/render-letter.ts'
import type { RoundResult } from '../../domain/match/run-round.ts'
import { countOf, fmtDate, fmtPoints } from '../../domain/match/words.ts'
import {
  type OverrideReason,
  overrideReasons,
  type RejectReason,
  rejectReasons,
} from '../../domain/round-lifecycle.ts'
import { isoDate } from '../../domain/schema-parts.ts'
import { listPolicies } from '../../services/policies/read-policies.ts'
import { createRound } from '../../services/rounds/create-round.ts'
import {
  approveAllProposals,
  approveProposal,
  type DecisionOutcome,
  overrideProposal,
  rejectProposal,
} from '../../services/rounds/decide-proposal.ts'
import { poolPreview } from '../../services/rounds/pool-preview.ts'
import {
  getProposal,
  getRound,
  getRoundResult,
  listProposals,
  listRounds,
  type RoundSummary,
  resultViewWithTexts,
} from '../../services/rounds/read-rounds.ts'
import type { ProposalRow } from '../../services/rounds/store.ts'
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
import { overrideReasonNames, proposalStatusTags, rejectReasonNames, roundStatusTags } from './words.ts'

const managers = ['admin', 'allocator'] as const
const readers = ['admin', 'allocator', 'caseworker', 'analyst'] as const
const idPattern = /^[A-Za-z0-9_.:-]{1,64}$/

function RoundTable(props: { caption: string; rounds: readonly RoundSummary[] }) {
  if (props.rounds.length === 0) return <p>Inga rundor.</p>
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Runda</th>
          <th scope="col">Läge</th>
          <th scope="col">Policy</th>
          <th scope="col">Förslag att granska</th>
        </tr>
      </thead>
      <tbody>
        {props.rounds.map(({ round, counts }) => (
          <tr>
            <th scope="row">
              <a href={`/rundor/${round.id}`}>
                {round.kind === 'rematch' ? 'Ny matchning' : 'Runda'} {fmtDate('sv', round.asOf)}
              </a>
            </th>
            <td>
              <Tag kind={round.status}>{roundStatusTags[round.status]}</Tag>
            </td>
            <td>
              {round.policyId} version {round.policyVersion}
            </td>
            <td class="num">{counts.proposals.pending}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export { RoundTable }

function TermList(props: { terms: readonly { text: { sv: string } }[] }) {
  return (
    <ul>
      {props.terms.map((t) => (
        <li>{t.text.sv}</li>
      ))}
    </ul>
  )
}

/** A proposal's explanation, as the engine wrote it. */
function ProposalReasons(props: { x: ProposalExplanation }) {
  const x = props.x
  return (
    <div class="explanation">
      <p>{x.summary.sv}</p>
      <h3>Poängen</h3>
      <TermList terms={x.terms} />
      {x.shapedBy.length > 0 ? (
        <>
          <h3>Villkor som påverkade</h3>
          <TermList terms={x.shapedBy} />
        </>
      ) : null}
      {x.exemptFrom !== undefined && x.exemptFrom.length > 0 ? (
        <>
          <h3>Räknas inte mot områdestaket</h3>
          <TermList terms={x.exemptFrom} />
        </>
      ) : null}
      <p>Hushållet uppfyller alla {x.rulesPassed.length} hårda regler för bostaden.</p>
    </div>
  )
}

/** Why a household got no proposal, as the engine wrote it: the alternatives and the rules. */
function UnmatchedReasons(props: { x: UnmatchedExplanation }) {
  const x = props.x
  return (
    <div class="explanation">
      <p>{x.summary.sv}</p>
      <p>
        Prioritet {fmtPoints('sv', x.priority.score)} poäng, lottnummer {x.lotteryNumber}.
      </p>
      {x.alternatives.length > 0 ? (
        <>
          <h4>
            {x.alternatives.length < x.eligibleVacancies
              ? `De ${x.alternatives.length} bästa av ${countOf('sv', x.eligibleVacancies, 'vacancy')} hushållet kunde ha fått`
              : 'Bostäder hushållet kunde ha fått'}
          </h4>
          <TermList terms={x.alternatives} />
        </>
      ) : null}
      {x.excludedBy.length > 0 ? (
        <>
          <h4>Regler som uteslöt andra bostäder</h4>
          <ul>
            {x.excludedBy.map((rule) => (
              <li>
                {rule.text.sv}
                {rule.examples && rule.examples.length > 0 ? <TermList terms={rule.examples} /> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  )
}

/** What the progress of a round says, for the page and for the script that asks for it. */
export function progressText(status: string): string {
  switch (status) {
    case 'queued':
      return 'Rundan väntar på att beräkningen ska börja.'
    case 'solving':
      return 'Rundan beräknas nu. Det brukar ta några sekunder.'
    default:
      return 'Rundan är färdigberäknad.'
  }
}

/**
 * A round being solved. Without JavaScript the person reloads with the link; with it, a small
 * script asks for the round's state every two seconds and says in the live region when it is
 * done. It never reloads the page by itself (axe and WCAG 2.2.1: no timed refresh).
 */
function Progress(props: { c: PageContext; summary: RoundSummary }) {
  const { round } = props.summary
  return (
    <Page c={props.c} title={`Runda ${fmtDate('sv', round.asOf)}`} script="/lage.js">
      <h1>Runda {fmtDate('sv', round.asOf)}</h1>
      <div role="status" aria-live="polite" data-round-state={`/rundor/${round.id}/lage`}>
        <p>
          <Tag kind={round.status}>{roundStatusTags[round.status]}</Tag>
        </p>
        <p id="lage-text">{progressText(round.status)}</p>
      </div>
      <p>
        <a id="lage-lank" href={`/rundor/${round.id}`}>
          Ladda om sidan för att se om rundan är klar
        </a>
      </p>
    </Page>
  )
}

async function roundPage(c: PageContext, deps: AppDeps, id: string, notice?: Child) {
  const { transact } = services(c, deps)
  const principal = c.get('principal')
  const manager = principal.role === 'admin' || principal.role === 'allocator'
  const read = await transact((ctx) => {
    const summary = getRound({ ctx, input: { id } })
    if (!summary.ok) return summary
    if (!['proposed', 'closed', 'infeasible'].includes(summary.value.round.status))
      return {
        ok: true as const,
        value: { summary: summary.value, result: null, proposals: [] as ProposalRow[] },
      }
    const result = getRoundResult({ ctx, input: { id } })
    if (!result.ok) return result
    const proposals = manager ? listProposals({ ctx, input: { roundId: id, limit: 200 } }) : undefined
    if (proposals !== undefined && !proposals.ok) return proposals
    return {
      ok: true as const,
      value: { summary: summary.value, result: result.value.result, proposals: proposals?.value.items ?? [] },
    }
  })
  if (!read.ok) return refusalPage(c, read.error)
  const { summary, proposals } = read.value
  const result = read.value.result === null ? null : resultViewWithTexts(read.value.result)
  const { round } = summary
  if (round.status === 'queued' || round.status === 'solving')
    return html(c, <Progress c={c} summary={summary} />)
  const byApplicant = new Map(proposals.map((p) => [p.applicantId, p]))
  const pending = summary.counts.proposals.pending
  return html(
    c,
    <Page c={c} title={`Runda ${fmtDate('sv', round.asOf)}`}>
      {notice}
      <h1>Runda {fmtDate('sv', round.asOf)}</h1>
      <dl class="facts">
        <dt>Läge</dt>
        <dd>
          <Tag kind={round.status}>{roundStatusTags[round.status]}</Tag>
        </dd>
        <dt>Policy</dt>
        <dd>
          {round.policyId} version {round.policyVersion}
        </dd>
        <dt>I rundan</dt>
        <dd>
          {countOf('sv', round.applicantCount ?? 0, 'household')} och{' '}
          {countOf('sv', round.vacancyCount ?? 0, 'vacancy')}
        </dd>
        <dt>Kontroll av resultatet</dt>
        <dd>{round.certified ? 'Bekräftat bästa möjliga fördelning' : 'Inte bekräftat'}</dd>
      </dl>
      {round.status === 'failed' ? <p>Rundan kunde inte beräknas. Starta en ny runda.</p> : null}
      {manager && round.resultSha256 !== null ? (
        <p>
          <a href={`/rundor/${round.id}/vad-om`}>Jämför rundan med en annan policyversion</a>
        </p>
      ) : null}
      {manager && round.status === 'proposed' && pending > 0 ? (
        <p>
          <a class="button" href={`/rundor/${round.id}/godkann-alla`}>
            Godkänn alla {pending} förslag …
          </a>
        </p>
      ) : null}
      {result === null || result.view === 'aggregate' ? (
        result?.view === 'aggregate' ? (
          <p>
            {countOf('sv', result.result.proposalCount, 'proposal')} och{' '}
            {countOf('sv', result.result.unmatchedCount, 'household')} utan förslag.
          </p>
        ) : null
      ) : (
        <>
          <h2>Förslag</h2>
          {result.result.proposals.length === 0 ? (
            <p>Inga förslag{result.view === 'caseloads' ? ' för hushåll i din handläggning' : ''}.</p>
          ) : (
            <table>
              <caption>
                {countOf('sv', result.result.proposals.length, 'proposal')}, i hushållens ordning
              </caption>
              <thead>
                <tr>
                  <th scope="col">Hushåll</th>
                  <th scope="col">Bostad</th>
                  <th scope="col">Poäng</th>
                  <th scope="col">Läge</th>
                  {manager ? <th scope="col">Granska</th> : null}
                </tr>
              </thead>
              <tbody>
                {result.result.proposals.map((p) => {
                  const row = byApplicant.get(p.applicantId)
                  return (
                    <tr>
                      <th scope="row">
                        <a href={`/hushall/${p.applicantId}`}>{p.applicantId}</a>
                      </th>
                      <td>
                        {'vacancyId' in p ? (
                          <a href={`/bostader/${p.vacancyId}`}>{p.vacancyId}</a>
                        ) : (
                          'Visas inte (skyddad identitet)'
                        )}
                      </td>
                      <td class="num">{fmtPoints('sv', p.score)}</td>
                      <td>{row ? <Tag kind={row.status}>{proposalStatusTags[row.status]}</Tag> : '–'}</td>
                      {manager ? (
                        <td>
                          {row ? (
                            <a href={`/rundor/${round.id}/forslag/${row.id}`}>Förslag för {p.applicantId}</a>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  )
                })}
              </tbody>
            </table>
          )}
          <h2>Hushåll utan förslag</h2>
          {result.result.unmatched.length === 0 ? (
            <p>Alla hushåll i rundan fick ett förslag.</p>
          ) : (
            <ul class="unmatched">
              {result.result.unmatched.map((u) => (
                <li>
                  <details>
                    <summary>
                      Hushåll {u.applicantId}
                      {'explanation' in u && u.explanation ? `: ${u.explanation.summary.sv}` : ''}
                    </summary>
                    {'explanation' in u && u.explanation ? (
                      <UnmatchedReasons x={u.explanation} />
                    ) : (
                      <p>Förklaringen visas inte för det här hushållet (skyddad identitet).</p>
                    )}
                    <p>
                      <a href={`/hushall/${u.applicantId}`}>Till hushållet {u.applicantId}</a>
                      {manager || c.get('principal').role === 'caseworker' ? (
                        <>
                          {' · '}
                          <a href={`/rundor/${round.id}/brev/${u.applicantId}`}>
                            Brev till hushållet {u.applicantId}
                          </a>
                        </>
                      ) : null}
                    </p>
                  </details>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Page>,
  )
}

const heardNames: Record<ChildHeard, string> = {
  yes: 'Ja',
  no: 'Nej',
  not_old_enough: 'Barnet är inte tillräckligt gammalt',
}
const childReasonNames: Record<ChildReasonCode, string> = {
  stable_housing: 'En trygg egen bostad, slut på flyttar mellan osäkra boenden',
  near_school_or_preschool: 'Barnet kan gå kvar i sin skola eller förskola',
  safety: 'Skydd mot våld eller hot',
  space_for_the_child: 'Tillräckligt utrymme, ingen trångboddhet',
  keeps_network: 'Nära barnets familj och vänner',
  child_declined_to_be_heard: 'Barnet ville inte höras',
  could_not_be_reached: 'Barnet gick inte att nå',
  other_documented_in_case: 'Skälen finns i socialtjänstens akt',
}

/**
 * The child's perspective of a decision, read from a form: nothing given is undefined (the service
 * then refuses an offer to a family, rule C1); a partly filled record is a form error.
 */
function childPerspectiveOf(
  form: Record<string, unknown>,
  prefix: string,
): { value?: ChildPerspective; errors: FormError[] } {
  const considered = str(form[`${prefix}considered`])
  const heard = str(form[`${prefix}heard`])
  const reason = str(form[`${prefix}reason`])
  if (considered === '' && heard === '' && reason === '') return { errors: [] }
  const parsed = childPerspectiveSchema.safeParse({
    considered: considered === 'ja' ? true : considered === 'nej' ? false : undefined,
    heard: heard === '' ? undefined : heard,
    reason: reason === '' ? undefined : reason,
  })
  if (!parsed.success || childPerspectiveIssues(parsed.data).length > 0) {
    return {
      errors: [
        {
          field: `${prefix}reason`,
          message:
            'Fyll i barnets perspektiv helt: om barnets situation har beaktats, om barnet har hörts och skälet (hördes barnet inte, skälet till det)',
        },
      ],
    }
  }
  return { value: parsed.data, errors: [] }
}

/** The child's perspective as three fields (never free text): asked for on every offer to a family. */
function ChildPerspectiveFields(props: { prefix: string; errors: FormError[] }) {
  const { prefix, errors } = props
  return (
    <fieldset>
      <legend>Barnets perspektiv (krävs när hushållet har barn)</legend>
      <FieldError errors={errors} field={`${prefix}reason`} />
      <p>Har barnets situation beaktats i beslutet?</p>
      <label>
        <input type="radio" name={`${prefix}considered`} value="ja" /> Ja
      </label>{' '}
      <label>
        <input type="radio" name={`${prefix}considered`} value="nej" /> Nej
      </label>
      <p>Har barnet fått komma till tals?</p>
      {childHeardValues.map((h) => (
        <label>
          <input type="radio" name={`${prefix}heard`} value={h} /> {heardNames[h]}{' '}
        </label>
      ))}
      <div class="field">
        <label for={`${prefix}reason`}>Skäl</label>
        <select id={`${prefix}reason`} name={`${prefix}reason`}>
          <option value="">Välj skäl</option>
          {childReasonCodes.map((r) => (
            <option value={r}>{childReasonNames[r]}</option>
          ))}
        </select>
      </div>
    </fieldset>
  )
}

function ProposalPage(props: {
  c: PageContext
  roundId: string
  proposal: ProposalRow
  pool: readonly string[]
  errors?: FormError[]
  values?: { applicantId?: string; reason?: string; note?: string; form?: string }
}) {
  const { c, proposal: p } = props
  const errors = props.errors ?? []
  const v = props.values ?? {}
  const x = p.explanation as ProposalExplanation | null
  const pending = p.status === 'pending'
  return (
    <Page c={c} title={`Förslag för hushåll ${p.applicantId}`} error={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <p>
        <a href={`/rundor/${props.roundId}`}>Tillbaka till rundan</a>
      </p>
      <h1>
        Förslag: hushåll {p.applicantId} till bostad {p.vacancyId}
      </h1>
      <dl class="facts">
        <dt>Hushåll</dt>
        <dd>
          <a href={`/hushall/${p.applicantId}`}>{p.applicantId}</a>
        </dd>
        <dt>Bostad</dt>
        <dd>
          <a href={`/bostader/${p.vacancyId}`}>{p.vacancyId}</a>
        </dd>
        <dt>Poäng</dt>
        <dd>{fmtPoints('sv', p.score)}</dd>
        <dt>Läge</dt>
        <dd>
          <Tag kind={p.status}>{proposalStatusTags[p.status]}</Tag>
        </dd>
      </dl>
      <h2>Varför förslaget</h2>
      {x ? <ProposalReasons x={x} /> : <p>Förklaringen saknas.</p>}
      {pending ? (
        <>
          <h2>Godkänn förslaget</h2>
          <p>
            När du godkänner registreras beslutet i ditt namn med poängen, policyversionen och rättslig grund.
            Hushållet får ett erbjudande om bostaden och en sista dag att svara enligt policyn.
          </p>
          <form method="post" action={`/rundor/${props.roundId}/forslag/${p.id}/godkann`} novalidate>
            <SessionCsrf c={c} />
            <ChildPerspectiveFields prefix="child-" errors={errors} />
            <button type="submit">Godkänn förslaget</button>
          </form>
          <h2>Ge bostaden till ett annat hushåll</h2>
          <form method="post" action={`/rundor/${props.roundId}/forslag/${p.id}/andra`} novalidate>
            <SessionCsrf c={c} />
            <div class="field">
              <label for="applicantId">Hushåll som får bostaden i stället</label>
              <FieldError errors={errors} field="applicantId" />
              <select id="applicantId" name="applicantId">
                <option value="">Välj hushåll</option>
                {props.pool.map((id) => (
                  <option value={id} selected={v.applicantId === id}>
                    {id}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="reason">Skäl (måste anges)</label>
              <FieldError errors={errors} field="reason" />
              <select id="reason" name="reason">
                <option value="">Välj skäl</option>
                {overrideReasons.map((r) => (
                  <option value={r} selected={v.form === 'andra' && v.reason === r}>
                    {overrideReasonNames[r]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="note">Anteckning</label>
              <FieldError errors={errors} field="note" />
              <textarea id="note" name="note" rows={3}>
                {v.form === 'andra' ? (v.note ?? '') : ''}
              </textarea>
            </div>
            <ChildPerspectiveFields prefix="override-child-" errors={errors} />
            <button type="submit">Ge bostaden till det valda hushållet</button>
          </form>
          <h2>Avslå förslaget</h2>
          <form method="post" action={`/rundor/${props.roundId}/forslag/${p.id}/avsla`} novalidate>
            <SessionCsrf c={c} />
            <div class="field">
              <label for="rejectReason">Skäl (måste anges)</label>
              <FieldError errors={errors} field="rejectReason" />
              <select id="rejectReason" name="reason">
                <option value="">Välj skäl</option>
                {rejectReasons.map((r) => (
                  <option value={r} selected={v.form === 'avsla' && v.reason === r}>
                    {rejectReasonNames[r]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="rejectNote">Anteckning</label>
              <textarea id="rejectNote" name="note" rows={3}>
                {v.form === 'avsla' ? (v.note ?? '') : ''}
              </textarea>
            </div>
            <button type="submit" class="secondary">
              Avslå förslaget
            </button>
          </form>
        </>
      ) : null}
    </Page>
  )
}

function Decided(props: { c: PageContext; roundId: string; outcome: DecisionOutcome; what: string }) {
  const { outcome } = props
  return (
    <Notice kind="ok" title={props.what}>
      <p>
        Beslutet är registrerat av {outcome.decision.decidedByPerson}.{' '}
        {outcome.offer
          ? `Hushåll ${outcome.offer.applicantId} har fått ett erbjudande och ska svara senast ${fmtDate('sv', outcome.offer.answerBy)}.`
          : 'Inget erbjudande görs från det här förslaget.'}
      </p>
      {outcome.offer ? (
        <p>
          <a href={`/erbjudanden/${outcome.offer.id}`}>Till erbjudandet</a>
        </p>
      ) : null}
    </Notice>
  )
}

/** The proposal's page again with what its form lacked (422), the person's entries kept. */
async function proposalAgain(
  c: PageContext,
  deps: AppDeps,
  roundId: string,
  proposalId: string,
  errors: FormError[],
  values?: { applicantId?: string; reason?: string; note?: string; form?: string },
) {
  const loaded = await loadProposal(c, deps, roundId, proposalId)
  if (!loaded.ok) return refusalPage(c, loaded.error)
  return html(
    c,
    <ProposalPage
      c={c}
      roundId={roundId}
      proposal={loaded.value.proposal}
      pool={loaded.value.pool}
      errors={errors}
      {...(values === undefined ? {} : { values })}
    />,
    422,
  )
}

async function loadProposal(c: PageContext, deps: AppDeps, roundId: string, proposalId: string) {
  const { transact } = services(c, deps)
  return transact((ctx) => {
    const p = getProposal({ ctx, input: { roundId, proposalId } })
    if (!p.ok) return p
    const result = getRoundResult({ ctx, input: { id: roundId } })
    const pool =
      result.ok && result.value.result !== null && result.value.result.view !== 'aggregate'
        ? result.value.result.result.unmatched.map((u) => u.applicantId)
        : []
    return { ok: true as const, value: { proposal: p.value, pool } }
  })
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

export function roundRoutes(router: Hono<PageEnv>, deps: AppDeps) {
  router.get('/rundor', signedIn(...readers), async (c) => {
    const { ctx } = services(c, deps)
    const r = listRounds({ ctx, input: { limit: 50 } })
    if (!r.ok) return refusalPage(c, r.error)
    const manager = ['admin', 'allocator'].includes(ctx.principal.role)
    return html(
      c,
      <Page c={c} title="Matchningsrundor">
        <h1>Matchningsrundor</h1>
        {manager ? (
          <p>
            <a class="button" href="/rundor/ny">
              Starta en ny runda
            </a>
          </p>
        ) : null}
        <RoundTable caption="De 50 senaste rundorna, nyaste först" rounds={r.value.items} />
      </Page>,
    )
  })

  const newRoundForm = async (
    c: PageContext,
    errors: FormError[],
    values: { asOf: string; policy: string },
  ) => {
    const { ctx } = services(c, deps)
    const policies = listPolicies({ ctx, input: {} })
    const preview = poolPreview({
      ctx,
      input: { asOf: isoDate.safeParse(values.asOf).success ? values.asOf : todayIso() },
    })
    const list = policies.ok ? policies.value : []
    return html(
      c,
      <Page c={c} title="Ny matchningsrunda" error={errors.length > 0}>
        <ErrorSummary errors={errors} />
        <h1>Ny matchningsrunda</h1>
        {preview.ok ? (
          <div class="pool">
            <h2>Det här kommer med i rundan</h2>
            <p>
              Om rundan beräknas nu för {fmtDate('sv', preview.value.asOf)}:{' '}
              <strong>{countOf('sv', preview.value.households, 'household')}</strong> och{' '}
              <strong>{countOf('sv', preview.value.vacancies, 'vacancy')}</strong>.
            </p>
            {preview.value.held.households + preview.value.held.vacancies > 0 ? (
              <p>
                {countOf('sv', preview.value.held.households, 'household')} och{' '}
                {countOf('sv', preview.value.held.vacancies, 'vacancy')} finns i förslag i en annan runda och
                kommer inte med.
              </p>
            ) : null}
            <form method="get" action="/rundor/ny">
              <input type="hidden" name="policy" value={values.policy} />
              <label for="previewDate">Visa antalen för ett annat datum</label>
              <input id="previewDate" name="datum" type="date" value={values.asOf} />
              <button type="submit" class="secondary">
                Visa antalen
              </button>
            </form>
          </div>
        ) : null}
        <form method="post" action="/rundor/ny" novalidate>
          <SessionCsrf c={c} />
          <input type="hidden" name="nyckel" value={randomUUID()} />
          <div class="field">
            <label for="asOf">Datum som rundan görs för</label>
            <p class="hint" id="asOf-hint">
              Behörighet och förtur bedöms på det datumet.
            </p>
            <FieldError errors={errors} field="asOf" />
            <input id="asOf" name="asOf" type="date" value={values.asOf} aria-describedby="asOf-hint" />
          </div>
          <div class="field">
            <label for="policy">Policyversion</label>
            <FieldError errors={errors} field="policy" />
            <select id="policy" name="policy">
              {list.map((p) => (
                <option
                  value={`${p.id}@${p.version}`}
                  selected={values.policy === `${p.id}@${p.version}` || (values.policy === '' && p.active)}
                >
                  {p.id} version {p.version}
                  {p.active ? ' (gällande)' : ''}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Starta rundan</button>
        </form>
      </Page>,
      errors.length > 0 ? 422 : 200,
    )
  }

  router.get('/rundor/ny', signedIn(...managers), (c) => {
    const asOf = c.req.query('datum')
    return newRoundForm(c, [], {
      asOf: asOf !== undefined && isoDate.safeParse(asOf).success ? asOf : todayIso(),
      policy: c.req.query('policy') ?? '',
    })
  })

  router.post('/rundor/ny', signedIn(...managers), async (c) => {
    const form = await c.req.parseBody()
    const asOf = str(form.asOf)
    const policy = str(form.policy)
    const key = str(form.nyckel)
    const errors: FormError[] = []
    if (!isoDate.safeParse(asOf).success)
      errors.push({ field: 'asOf', message: 'Skriv ett datum som 2026-12-07' })
    const m = /^(.+)@([1-9][0-9]{0,8})$/.exec(policy)
    if (m === null) errors.push({ field: 'policy', message: 'Välj en policyversion' })
    if (!/^[0-9a-f-]{36}$/.test(key))
      errors.push({ field: 'asOf', message: 'Ladda om sidan och försök igen' })
    if (errors.length > 0 || m === null) return newRoundForm(c, errors, { asOf, policy })
    const { transact } = services(c, deps)
    const made = await transact((ctx) =>
      createRound({
        ctx,
        input: {
          idempotencyKey: `page-${key}`,
          body: { asOf, policy: { id: m[1] ?? '', version: Number(m[2]) } },
        },
      }),
    )
    if (!made.ok) return refusalPage(c, made.error)
    return c.redirect(`/rundor/${made.value.round.id}`, 303)
  })

  router.get('/rundor/:id', signedIn(...readers), (c) => {
    const id = c.req.param('id')
    if (!idPattern.test(id)) return refusalPage(c, { code: 'NOT_FOUND', detail: '' })
    return roundPage(c, deps, id)
  })

  // The state of a round for the progress script: no personal data, the session's roles.
  router.get('/rundor/:id/lage', signedIn(...readers), (c) => {
    const { ctx } = services(c, deps)
    const r = getRound({ ctx, input: { id: c.req.param('id') } })
    if (!r.ok) return c.json({ status: 'missing', done: true, text: 'Rundan finns inte.' }, 404)
    const status = r.value.round.status
    const done = status !== 'queued' && status !== 'solving'
    return c.json({ status, done, text: `${roundStatusTags[status]}. ${progressText(status)}` })
  })

  // The letter to one household about the round, for the case worker to print and hand over.
  router.get('/rundor/:id/brev/:aid', signedIn('admin', 'allocator', 'caseworker'), async (c) => {
    const { id, aid } = c.req.param()
    const { transact } = services(c, deps)
    const r = await transact((ctx) => getRoundResult({ ctx, input: { id } }))
    if (!r.ok) return refusalPage(c, r.error)
    const view = r.value.result
    if (view === null || view.view === 'aggregate') return refusalPage(c, { code: 'NOT_FOUND', detail: '' })
    const proposal = view.result.proposals.find((p) => p.applicantId === aid)
    const unmatched = view.result.unmatched.find((u) => u.applicantId === aid)
    const entry = proposal ?? unmatched
    if (entry === undefined) return refusalPage(c, { code: 'NOT_FOUND', detail: '' })
    if ('withheld' in entry) {
      return html(
        c,
        <Page c={c} title="Brevet kan inte visas">
          <h1>Brevet kan inte visas för dig</h1>
          <p>Hushållet har skyddad identitet. Brevet kan skrivas ut av en boendesamordnare.</p>
        </Page>,
      )
    }
    // The household's own entry only: the letter never names another household (and only its
    // explanation's sentences are rendered).
    const own: RoundResult = withTexts({
      ...view.result,
      proposals: proposal && !('withheld' in proposal) ? [proposal] : [],
      unmatched: unmatched && !('withheld' in unmatched) ? [unmatched] : [],
    })
    const letter = renderLetter(own, aid, 'sv') ?? ''
    return html(
      c,
      <Page c={c} title={`Brev till hushåll ${aid}`}>
        <p class="no-print">
          <a href={`/rundor/${id}`}>Tillbaka till rundan</a> · Skriv ut sidan för att lämna brevet på papper.
        </p>
        <article class="letter">
          {letter
            .trim()
            .split(/\n\s*\n/)
            .map((para, i) =>
              i === 0 ? (
                <h1>{para}</h1>
              ) : (
                <p>
                  {para.split('\n').map((line, j) => (
                    <>
                      {j > 0 ? <br /> : null}
                      {line}
                    </>
                  ))}
                </p>
              ),
            )}
        </article>
      </Page>,
    )
  })

  router.get('/rundor/:id/godkann-alla', signedIn(...managers), async (c) => {
    const id = c.req.param('id')
    const { ctx } = services(c, deps)
    const r = getRound({ ctx, input: { id } })
    if (!r.ok) return refusalPage(c, r.error)
    const n = r.value.counts.proposals.pending
    return html(
      c,
      <Page c={c} title="Godkänn alla förslag">
        <p>
          <a href={`/rundor/${id}`}>Tillbaka till rundan</a>
        </p>
        <h1>Godkänn alla förslag i rundan {fmtDate('sv', r.value.round.asOf)}</h1>
        <p>
          Du godkänner {countOf('sv', n, 'proposal')} på en gång. Varje beslut registreras i ditt namn och
          varje hushåll får ett erbjudande. Förslag vars hushåll eller bostad inte kan erbjudas nu lämnas kvar
          och visas efteråt.
        </p>
        <form method="post" action={`/rundor/${id}/godkann-alla`}>
          <SessionCsrf c={c} />
          <button type="submit">Godkänn {countOf('sv', n, 'proposal')}</button>
        </form>
      </Page>,
    )
  })

  router.post('/rundor/:id/godkann-alla', signedIn(...managers), async (c) => {
    const id = c.req.param('id')
    const { transact } = services(c, deps)
    const r = await transact((ctx) => approveAllProposals({ ctx, input: { roundId: id } }))
    if (!r.ok) return refusalPage(c, r.error)
    return roundPage(
      c,
      deps,
      id,
      <Notice kind="ok" title={`${countOf('sv', r.value.approved.length, 'proposal')} godkända`}>
        <p>
          Hushållen har fått erbjudanden.{' '}
          {r.value.skipped.length > 0
            ? `${countOf('sv', r.value.skipped.length, 'proposal')} kunde inte godkännas nu och ligger kvar. Förslag till hushåll med barn godkänns ett i taget, med barnets perspektiv.`
            : ''}
        </p>
      </Notice>,
    )
  })

  router.get('/rundor/:id/forslag/:pid', signedIn(...managers), async (c) => {
    const { id, pid } = c.req.param()
    const r = await loadProposal(c, deps, id, pid)
    if (!r.ok) return refusalPage(c, r.error)
    return html(c, <ProposalPage c={c} roundId={id} proposal={r.value.proposal} pool={r.value.pool} />)
  })

  router.post('/rundor/:id/forslag/:pid/godkann', signedIn(...managers), async (c) => {
    const { id, pid } = c.req.param()
    const { transact } = services(c, deps)
    const child = childPerspectiveOf(await c.req.parseBody(), 'child-')
    const r =
      child.errors.length > 0
        ? undefined
        : await transact((ctx) =>
            approveProposal({
              ctx,
              input: {
                roundId: id,
                proposalId: pid,
                ...(child.value === undefined ? {} : { childPerspective: child.value }),
              },
            }),
          )
    const missing = r === undefined || (!r.ok && r.error.code === 'INVALID')
    if (missing) {
      // The form again, with what is missing: the child's perspective of an offer to a family.
      const errors =
        child.errors.length > 0
          ? child.errors
          : [
              {
                field: 'child-reason',
                message: 'Hushållet har barn: fyll i barnets perspektiv innan förslaget godkänns',
              },
            ]
      return proposalAgain(c, deps, id, pid, errors)
    }
    if (!r.ok) return refusalPage(c, r.error)
    return roundPage(
      c,
      deps,
      id,
      <Decided c={c} roundId={id} outcome={r.value} what="Förslaget är godkänt" />,
    )
  })

  router.post('/rundor/:id/forslag/:pid/andra', signedIn(...managers), async (c) => {
    const { id, pid } = c.req.param()
    const form = await c.req.parseBody()
    const values = {
      applicantId: str(form.applicantId),
      reason: str(form.reason),
      note: str(form.note),
      form: 'andra',
    }
    const errors: FormError[] = []
    if (values.applicantId === '')
      errors.push({ field: 'applicantId', message: 'Välj hushållet som ska få bostaden' })
    if (!(overrideReasons as readonly string[]).includes(values.reason))
      errors.push({ field: 'reason', message: 'Välj ett skäl till att bostaden går till ett annat hushåll' })
    if (values.reason === 'other' && values.note === '')
      errors.push({ field: 'note', message: 'Skriv skälet i anteckningen när du väljer Annat skäl' })
    if (values.note.length > 2000)
      errors.push({ field: 'note', message: 'Anteckningen får vara högst 2 000 tecken' })
    const child = childPerspectiveOf(form, 'override-child-')
    errors.push(...child.errors)
    if (errors.length > 0) {
      return proposalAgain(c, deps, id, pid, errors, values)
    }
    const { transact } = services(c, deps)
    const r = await transact((ctx) =>
      overrideProposal({
        ctx,
        input: {
          roundId: id,
          proposalId: pid,
          applicantId: values.applicantId,
          reason: values.reason as OverrideReason,
          ...(values.note === '' ? {} : { note: values.note }),
          ...(child.value === undefined ? {} : { childPerspective: child.value }),
        },
      }),
    )
    if (!r.ok && r.error.code === 'INVALID') {
      return proposalAgain(
        c,
        deps,
        id,
        pid,
        [
          {
            field: 'override-child-reason',
            message: 'Hushållet har barn: fyll i barnets perspektiv innan bostaden ges till det',
          },
        ],
        values,
      )
    }
    if (!r.ok) return refusalPage(c, r.error)
    return roundPage(
      c,
      deps,
      id,
      <Decided c={c} roundId={id} outcome={r.value} what="Bostaden går till ett annat hushåll" />,
    )
  })

  router.post('/rundor/:id/forslag/:pid/avsla', signedIn(...managers), async (c) => {
    const { id, pid } = c.req.param()
    const form = await c.req.parseBody()
    const values = { reason: str(form.reason), note: str(form.note), form: 'avsla' }
    const errors: FormError[] = []
    if (!(rejectReasons as readonly string[]).includes(values.reason))
      errors.push({ field: 'rejectReason', message: 'Välj ett skäl till att förslaget avslås' })
    if (values.note.length > 2000)
      errors.push({ field: 'rejectNote', message: 'Anteckningen får vara högst 2 000 tecken' })
    if (errors.length > 0) {
      return proposalAgain(c, deps, id, pid, errors, values)
    }
    const { transact } = services(c, deps)
    const r = await transact((ctx) =>
      rejectProposal({
        ctx,
        input: {
          roundId: id,
          proposalId: pid,
          reason: values.reason as RejectReason,
          ...(values.note === '' ? {} : { note: values.note }),
        },
      }),
    )
    if (!r.ok) return refusalPage(c, r.error)
    return roundPage(
      c,
      deps,
      id,
      <Decided c={c} roundId={id} outcome={r.value} what="Förslaget är avslaget" />,
    )
  })
}

/** Today in Sweden, as the date field wants it. */
export function todayIso(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(now)
}
