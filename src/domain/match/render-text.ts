import type { RoundResult } from './run-round.ts'

/**
 * A round's result as plain text for staff: each proposal with its score's
 * terms, each unmatched household with its reasons, then the constraints and
 * the equality figures.
 */
export function renderText(result: RoundResult, lang: 'sv' | 'en' = 'sv'): string {
  const t = (sv: string, en: string) => (lang === 'sv' ? sv : en)
  const lines: string[] = []
  lines.push(
    t(
      `Matchningsrunda ${result.asOf}, policy ${result.policy.id} v${result.policy.version}: ${result.status}`,
      `Match round ${result.asOf}, policy ${result.policy.id} v${result.policy.version}: ${result.status}`,
    ),
  )
  lines.push(
    t(
      `Summa poäng ${result.objective.toFixed(2)} (övre gräns ${result.bound.toFixed(2)}), ${result.proposals.length} förslag, ${result.unmatched.length} utan förslag.`,
      `Total score ${result.objective.toFixed(2)} (upper bound ${result.bound.toFixed(2)}), ${result.proposals.length} proposals, ${result.unmatched.length} without a proposal.`,
    ),
  )
  if (result.conflicting?.length) {
    lines.push(
      t(
        `Villkoren kan inte uppfyllas samtidigt: ${result.conflicting.join(', ')}.`,
        `The constraints cannot all hold: ${result.conflicting.join(', ')}.`,
      ),
    )
  }
  lines.push('', t('FÖRSLAG', 'PROPOSALS'))
  for (const p of result.proposals) {
    lines.push(`  ${p.applicantId} → ${p.vacancyId}  ${p.score.toFixed(2)} ${t('poäng', 'points')}`)
    if (!p.explanation) continue
    for (const term of p.explanation.terms) lines.push(`      ${term.text[lang]}`)
    for (const s of p.explanation.shapedBy) lines.push(`      ${s.text[lang]}`)
  }
  lines.push('', t('UTAN FÖRSLAG', 'WITHOUT A PROPOSAL'))
  for (const u of result.unmatched) {
    lines.push(`  ${u.applicantId}`)
    if (!u.explanation) continue
    lines.push(`      ${u.explanation.summary[lang]}`)
    for (const e of u.explanation.eligible) lines.push(`      ${e.text[lang]}`)
    for (const x of u.explanation.excludedBy) {
      lines.push(`      ${x.text[lang]} (${x.vacancies} ${t('bostäder', 'vacancies')})`)
    }
  }
  if (result.constraints.length > 0) {
    lines.push('', t('VILLKOR', 'CONSTRAINTS'))
    for (const c of result.constraints) {
      const price = c.price === null ? '' : `, ${t('pris', 'price')} ${c.price.toFixed(2)}`
      lines.push(
        `  ${c.name}: ${c.value} ${c.sense} ${c.rhs}${c.tight ? t(' (vid gränsen)', ' (at its limit)') : ''}${price}`,
      )
    }
  }
  lines.push('', t('JÄMLIKHET (andel matchade bland behöriga)', 'EQUALITY (match rate among eligible)'))
  lines.push(`  ${t('totalt', 'overall')}: ${result.equality.overallRate ?? '-'}`)
  for (const g of result.equality.groups) {
    lines.push(`  ${g.attribute}=${g.value}: ${g.matched}/${g.eligible} (${g.rate ?? '-'})`)
  }
  return `${lines.join('\n')}\n`
}
