import type { ScoreTerm, ScoreTermCode } from './scoring.ts'

/** Plain sentences for score terms and side constraints, in Swedish (for staff) and English. */

export interface Text {
  readonly sv: string
  readonly en: string
}

const pts = (cents: number) => (cents / 100).toFixed(2)

const situationSv: Record<string, string> = {
  acute: 'akut hemlöshet',
  institution: 'institutionsvistelse eller stödboende',
  long_term_solution: 'långsiktig boendelösning',
  short_term_self_arranged: 'eget ordnat kortsiktigt boende',
}
const situationEn: Record<string, string> = {
  acute: 'acute homelessness',
  institution: 'an institution or supported housing',
  long_term_solution: 'a long-term housing solution',
  short_term_self_arranged: 'short-term self-arranged housing',
}

const termTexts: Record<ScoreTermCode, (t: ScoreTerm) => Text> = {
  situation: (t) => ({
    sv: `Situation: ${situationSv[String(t.params.situation)]}`,
    en: `Situation: ${situationEn[String(t.params.situation)]}`,
  }),
  institution_release: (t) => {
    const d = Number(t.params.daysLeft)
    return d <= 0
      ? {
          sv: `Utflyttningsdatum från institutionen passerade för ${-d} dagar sedan`,
          en: `Due to leave the institution ${-d} days ago`,
        }
      : {
          sv: `Ska lämna institutionen om ${d} dagar (poäng stiger inom ${t.params.withinDays} dagar)`,
          en: `Due to leave the institution in ${d} days (points rise within ${t.params.withinDays} days)`,
        }
  },
  children: (t) => ({
    sv: `Barn i hushållet: ${t.params.children}`,
    en: `Children in the household: ${t.params.children}`,
  }),
  young_children: (t) => ({
    sv: `Barn under ${t.params.underAge} år: ${t.params.youngChildren}`,
    en: `Children under ${t.params.underAge}: ${t.params.youngChildren}`,
  }),
  eviction: (t) => ({
    sv:
      Number(t.params.daysLeft) <= 0
        ? 'Avhysningsdatum har passerat'
        : `Avhysning om ${t.params.daysLeft} dagar (poäng stiger inom ${t.params.withinDays} dagar)`,
    en:
      Number(t.params.daysLeft) <= 0
        ? 'The eviction date has passed'
        : `Eviction in ${t.params.daysLeft} days (points rise within ${t.params.withinDays} days)`,
  }),
  domestic_violence: () => ({ sv: 'Våld i nära relation', en: 'Violence in a close relationship' }),
  support_need: (t) => ({ sv: `Stödbehov: ${t.params.level}`, en: `Support need: ${t.params.level}` }),
  waiting_time: (t) => ({
    sv: `Väntat ${t.params.days} dagar sedan registrering`,
    en: `Waited ${t.params.days} days since registration`,
  }),
  district_preference: (t) => ({
    sv: `Önskat område, val nr ${t.params.rank}`,
    en: `Preferred district, choice ${t.params.rank}`,
  }),
  vacancy_type_preference: (t) => ({
    sv: `Önskad boendeform, val nr ${t.params.rank}`,
    en: `Preferred type of housing, choice ${t.params.rank}`,
  }),
  under_occupancy: (t) => ({
    sv: `${t.params.spareBedrooms} sovrum mer än hushållet behöver i en familjebostad`,
    en: `${t.params.spareBedrooms} bedrooms more than the household needs, in a family-sized flat`,
  }),
  minimum_pair_score: (t) => ({
    sv: `Lägsta poäng för en möjlig matchning (${t.params.floor})`,
    en: `Minimum score of an eligible pair (${t.params.floor})`,
  }),
}

export interface ExplainedTerm {
  readonly term: ScoreTermCode
  readonly points: number
  readonly params: ScoreTerm['params']
  readonly text: Text
}

/** A score term with its points and a sentence. */
export function explainTerm(t: ScoreTerm): ExplainedTerm {
  const text = termTexts[t.term](t)
  const sign = t.cents >= 0 ? '+' : '−'
  const abs = pts(Math.abs(t.cents))
  return {
    term: t.term,
    points: t.cents / 100,
    params: t.params,
    text: { sv: `${text.sv}: ${sign}${abs}`, en: `${text.en}: ${sign}${abs}` },
  }
}

export const points = (cents: number) => cents / 100
export const formatPoints = pts
