import { constraintRule } from './explain.ts'
import type { RoundResult } from './run-round.ts'
import {
  capital,
  constraintName,
  countOf,
  fmtDate,
  fmtPercent,
  fmtPoints,
  groupName,
  type Lang,
  listOf,
  roundStatusName,
} from './words.ts'

/**
 * A round's result as plain text for staff, in the staff's voice ("hushållet",
 * "the household"): each proposal with its score's terms, each household left
 * without a proposal with what decided its case and every example of the
 * rules that excluded it, then the constraints and the equality figures.
 * Rendered from the result's codes and figures with the language's own number,
 * plural and date rules.
 */
export function renderText(result: RoundResult, lang: Lang = 'sv'): string {
  const sv = lang === 'sv'
  const pts = (p: number) => `${fmtPoints(lang, p)} ${sv ? 'poäng' : p === 1 ? 'point' : 'points'}`
  const lines: string[] = []
  lines.push(
    sv
      ? `Matchningsrunda ${fmtDate(lang, result.asOf)}, policy ${result.policy.id} version ${result.policy.version}`
      : `Match round ${fmtDate(lang, result.asOf)}, policy ${result.policy.id} version ${result.policy.version}`,
  )
  lines.push(`${sv ? 'Resultat' : 'Result'}: ${roundStatusName(lang, result.status)}.`)
  lines.push(
    sv
      ? `Summa poäng ${fmtPoints(lang, result.objective)} (övre gräns ${fmtPoints(lang, result.bound)}); ${countOf(lang, result.proposals.length, 'proposal')}, ${countOf(lang, result.unmatched.length, 'household')} utan förslag.`
      : `Total score ${fmtPoints(lang, result.objective)} (upper bound ${fmtPoints(lang, result.bound)}); ${countOf(lang, result.proposals.length, 'proposal')}, ${countOf(lang, result.unmatched.length, 'household')} without a proposal.`,
  )
  for (const f of result.loweredFloors ?? []) {
    const what = capital(constraintName(lang, f.name))
    const placements = countOf(lang, f.atLeast, 'placement')
    const who =
      f.family === 'childrenFloor'
        ? sv
          ? `fler hushåll med barn än så kan inte placeras samtidigt med rundans bostäder`
          : `no more households with children can be placed at once with the round's vacancies`
        : sv
          ? `fler bostäder av den typen än så kan inte fyllas samtidigt med rundans hushåll`
          : `no more vacancies of that type can be filled at once with the round's households`
    lines.push(
      sv
        ? `${what} sänktes från ${f.wanted} till ${placements}: ${who}.`
        : `${what} was lowered from ${f.wanted} to ${placements}: ${who}.`,
    )
  }
  if (result.conflicting?.length) {
    const names = listOf(
      lang,
      result.conflicting.map((n) => constraintName(lang, n)),
    )
    lines.push(
      sv ? `Villkoren kan inte uppfyllas samtidigt: ${names}.` : `The constraints cannot all hold: ${names}.`,
    )
  }
  if (result.message) lines.push(`${sv ? 'Meddelande från lösaren' : 'Solver message'}: ${result.message}`)

  lines.push('', sv ? 'FÖRSLAG' : 'PROPOSALS')
  if (result.proposals.length === 0) lines.push(sv ? '  (inga)' : '  (none)')
  for (const p of result.proposals) {
    lines.push(`  ${p.applicantId} → ${p.vacancyId}, ${pts(p.score)}`)
    if (!p.explanation) continue
    for (const term of p.explanation.terms) lines.push(`      ${term.text[lang]}`)
    for (const s of p.explanation.shapedBy) lines.push(`      ${s.text[lang]}`)
    for (const s of p.explanation.exemptFrom ?? []) lines.push(`      ${s.text[lang]}`)
  }

  lines.push('', sv ? 'UTAN FÖRSLAG' : 'WITHOUT A PROPOSAL')
  if (result.unmatched.length === 0) lines.push(sv ? '  (inga)' : '  (none)')
  for (const u of result.unmatched) {
    const x = u.explanation
    if (!x) {
      lines.push(`  ${u.applicantId}`)
      continue
    }
    lines.push(
      sv
        ? `  ${u.applicantId} (prioritet ${pts(x.priority.score)}, lottnummer ${x.lotteryNumber})`
        : `  ${u.applicantId} (priority ${pts(x.priority.score)}, lottery number ${x.lotteryNumber})`,
    )
    lines.push(`      ${x.summary[lang]}`)
    for (const e of x.alternatives) lines.push(`      ${e.text[lang]}`)
    const unshown = x.eligibleVacancies - x.alternatives.length
    if (unshown > 0)
      lines.push(
        sv
          ? `      … och ${countOf(lang, unshown, 'vacancy')} till (hela listan: hemvist explain).`
          : `      … and ${countOf(lang, unshown, 'vacancy')} more (the whole list: hemvist explain).`,
      )
    for (const rule of x.excludedBy) {
      lines.push(`      ${rule.text[lang]}`)
      const examples = rule.examples ?? []
      for (const example of examples) lines.push(`        ${example.text[lang]}`)
      const more = examples.length === 0 ? 0 : rule.vacancies - examples.length
      if (more > 0)
        lines.push(
          sv
            ? `        … och ${countOf(lang, more, 'vacancy')} till.`
            : `        … and ${countOf(lang, more, 'vacancy')} more.`,
        )
    }
  }

  if (result.constraints.length > 0) {
    lines.push('', sv ? 'VILLKOR' : 'CONSTRAINTS')
    for (const c of result.constraints) {
      const value = Number.isInteger(c.value) ? String(c.value) : fmtPoints(lang, c.value)
      const price = c.price === null ? '' : sv ? `, pris ${pts(c.price)}` : `, price ${pts(c.price)}`
      const limit = c.tight ? (sv ? ', vid gränsen' : ', at its limit') : ''
      lines.push(`  ${constraintRule(lang, c.name, c.params)}`)
      lines.push(sv ? `      Utfall ${value}${limit}${price}.` : `      Outcome ${value}${limit}${price}.`)
    }
  }

  lines.push(
    '',
    sv
      ? 'JÄMLIKHET (andel matchade bland behöriga hushåll)'
      : 'EQUALITY (match rate among eligible households)',
  )
  const rate = (r: number | null) => (r === null ? '–' : fmtPercent(lang, r))
  const eligible = result.equality.groups
    .filter((g) => g.attribute === 'hasChildren')
    .reduce((n, g) => n + g.eligible, 0)
  const matched = result.equality.groups
    .filter((g) => g.attribute === 'hasChildren')
    .reduce((n, g) => n + g.matched, 0)
  lines.push(
    sv
      ? `  Alla: ${rate(result.equality.overallRate)} (${matched} av ${eligible})`
      : `  All: ${rate(result.equality.overallRate)} (${matched} of ${eligible})`,
  )
  for (const g of result.equality.groups) {
    lines.push(
      `  ${capital(groupName(lang, g.attribute, g.value))}: ${rate(g.rate)} (${g.matched} ${sv ? 'av' : 'of'} ${g.eligible})`,
    )
  }
  return `${lines.join('\n')}\n`
}
