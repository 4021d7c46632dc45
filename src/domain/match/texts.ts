import type { ScoreTerm, ScoreTermCode } from './scoring.ts'
import {
  countOf,
  fmtCents,
  fmtDecimal,
  fmtInteger,
  type Lang,
  listOf,
  situationName,
  supportLevelName,
  vacancyTypeName,
} from './words.ts'

/** Plain sentences for score terms, in Swedish (for staff) and English, rendered from codes and figures. */

export interface Text {
  readonly sv: string
  readonly en: string
}

/** The same sentence in both languages, from one function of the language. */
export const both = (f: (lang: Lang) => string): Text => ({ sv: f('sv'), en: f('en') })

/** "de sista 90 dagarna" / "the last 90 days": Swedish takes the definite form here. */
const lastDays = (lang: Lang, n: number) =>
  lang === 'sv'
    ? n === 1
      ? 'den sista dagen'
      : `de sista ${fmtInteger(lang, n)} dagarna`
    : n === 1
      ? 'the last day'
      : `the last ${fmtInteger(lang, n)} days`

const termTexts: Record<ScoreTermCode, (t: ScoreTerm, lang: Lang) => string> = {
  situation: (t, lang) =>
    `${lang === 'sv' ? 'Situation' : 'Situation'}: ${situationName(lang, String(t.params.situation))}`,
  institution_release: (t, lang) => {
    const d = Number(t.params.daysLeft)
    const within = lastDays(lang, Number(t.params.withinDays))
    if (d <= 0) {
      return lang === 'sv'
        ? `Utflyttningsdatum från institutionen passerade för ${countOf(lang, -d, 'day')} sedan`
        : `Due to leave the institution ${countOf(lang, -d, 'day')} ago`
    }
    return lang === 'sv'
      ? `Ska lämna institutionen om ${countOf(lang, d, 'day')} (poängen stiger under ${within})`
      : `Due to leave the institution in ${countOf(lang, d, 'day')} (points rise over ${within})`
  },
  children: (t, lang) =>
    lang === 'sv'
      ? `Barn i hushållet: ${t.params.children}`
      : `Children in the household: ${t.params.children}`,
  young_children: (t, lang) =>
    lang === 'sv'
      ? `Barn under ${t.params.underAge} år: ${t.params.youngChildren}`
      : `Children under ${t.params.underAge}: ${t.params.youngChildren}`,
  eviction: (t, lang) => {
    const d = Number(t.params.daysLeft)
    const within = lastDays(lang, Number(t.params.withinDays))
    if (d <= 0) return lang === 'sv' ? 'Avhysningsdatum har passerat' : 'The eviction date has passed'
    return lang === 'sv'
      ? `Avhysning om ${countOf(lang, d, 'day')} (poängen stiger under ${within})`
      : `Eviction in ${countOf(lang, d, 'day')} (points rise over ${within})`
  },
  domestic_violence: (_t, lang) =>
    lang === 'sv' ? 'Våld i nära relation' : 'Violence in a close relationship',
  support_need: (t, lang) =>
    lang === 'sv'
      ? `Stödbehov: ${supportLevelName(lang, String(t.params.level))}`
      : `Support need: ${supportLevelName(lang, String(t.params.level))}`,
  waiting_time: (t, lang) => {
    const waited =
      lang === 'sv'
        ? `Väntat ${countOf(lang, Number(t.params.days), 'day')} sedan registreringen`
        : `Waited ${countOf(lang, Number(t.params.days), 'day')} since registration`
    if (t.params.exceptFor !== undefined) {
      const types = listOf(
        lang,
        String(t.params.exceptFor)
          .split(',')
          .map((x) => vacancyTypeName(lang, x)),
      )
      return lang === 'sv'
        ? `${waited} (räknas inte för ${types})`
        : `${waited} (does not count for ${types})`
    }
    if (t.params.notCountedFor === undefined) return waited
    const type = vacancyTypeName(lang, String(t.params.notCountedFor))
    return lang === 'sv'
      ? `${waited}; väntetiden räknas inte för ${type}, där det mest brådskande behovet går först`
      : `${waited}; waiting time does not count for ${type}, where the most urgent need goes first`
  },
  district_preference: (t, lang) =>
    lang === 'sv' ? `Önskat område, val ${t.params.rank}` : `Preferred district, choice ${t.params.rank}`,
  vacancy_type_preference: (t, lang) =>
    lang === 'sv'
      ? `Önskad boendeform, val ${t.params.rank}`
      : `Preferred type of housing, choice ${t.params.rank}`,
  under_occupancy: (t, lang) =>
    lang === 'sv'
      ? `${countOf(lang, Number(t.params.spareBedrooms), 'bedroom')} mer än hushållet behöver, i en familjebostad`
      : `${countOf(lang, Number(t.params.spareBedrooms), 'bedroom')} more than the household needs, in a family-sized flat`,
  minimum_pair_score: (t, lang) =>
    lang === 'sv'
      ? `Lägsta poäng för en möjlig matchning (${fmtDecimal(lang, Number(t.params.floor))})`
      : `Minimum score of an eligible pair (${fmtDecimal(lang, Number(t.params.floor))})`,
}

export interface ExplainedTerm {
  readonly term: ScoreTermCode
  readonly points: number
  readonly params: ScoreTerm['params']
  readonly text: Text
}

/** A score term's sentence with its signed points: "Våld i nära relation: +20,00". */
export function termSentence(t: Pick<ScoreTerm, 'term' | 'params' | 'cents'>, lang: Lang): string {
  const sign = t.cents >= 0 ? '+' : '−'
  return `${termTexts[t.term](t as ScoreTerm, lang)}: ${sign}${fmtCents(lang, Math.abs(t.cents))}`
}

/** A score term with its points and a sentence. */
export function explainTerm(t: ScoreTerm): ExplainedTerm {
  return {
    term: t.term,
    points: t.cents / 100,
    params: t.params,
    text: both((lang) => termSentence(t, lang)),
  }
}

export const points = (cents: number) => cents / 100
