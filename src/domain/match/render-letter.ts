import type { RuleCode } from './eligibility.ts'
import type { EligibleVacancyOutcome } from './explain.ts'
import type { ConstraintReport, RoundResult } from './run-round.ts'
import { capital, countOf, fmtDate, fmtPoints, type Lang, listOf, vacancyTypeName } from './words.ts'

/**
 * A short letter to one household about a round, for the case worker to hand
 * over: plain language, second person, well within one page. Rendered from
 * the result's codes and figures, so it says the same as the staff report.
 * It names no other household, and no district or vacancy the household must
 * avoid. undefined when the household is not in the result.
 */
export function renderLetter(
  result: RoundResult,
  applicantId: string,
  lang: Lang = 'sv',
): string | undefined {
  const sv = lang === 'sv'
  const pts = (p: number) => `${fmtPoints(lang, p)} ${sv ? 'poäng' : 'points'}`
  const lines: string[] = [
    sv
      ? `Besked efter matchningsrundan ${fmtDate(lang, result.asOf)}`
      : `About the match round of ${fmtDate(lang, result.asOf)}`,
    '',
    sv ? 'Hej,' : 'Hello,',
    '',
  ]
  const proposal = result.proposals.find((p) => p.applicantId === applicantId)
  const unmatched = result.unmatched.find((u) => u.applicantId === applicantId)
  if (proposal) {
    lines.push(
      sv
        ? `Kommunen har gått igenom vilka hushåll som kan få de bostäder som var lediga den här gången. Du föreslås bostad ${proposal.vacancyId}. Du hade ${pts(proposal.score)} för den.`
        : `The municipality has gone through which households can have the vacancies free this time. You are proposed vacancy ${proposal.vacancyId}. You had ${pts(proposal.score)} for it.`,
      '',
      sv
        ? 'En boendesamordnare går igenom förslaget innan det blir ett erbjudande. Du får sedan svara ja eller nej.'
        : 'An allocation officer reviews the proposal before it becomes an offer. You can then say yes or no.',
    )
  } else if (unmatched?.explanation) {
    const x = unmatched.explanation
    switch (x.reason) {
      case 'not_taking_part':
        lines.push(
          sv
            ? 'Ditt ärende var inte aktivt när rundan gjordes, så du var inte med den här gången.'
            : 'Your case was not active when the round was made, so you were not part of it this time.',
        )
        break
      case 'not_solved':
        lines.push(
          sv
            ? 'Rundan kunde inte genomföras, så ingen fick något förslag den här gången. Kommunen gör en ny runda.'
            : 'The round could not be completed, so nobody got a proposal this time. The municipality will make a new round.',
        )
        break
      case 'no_eligible_vacancy':
        lines.push(
          x.excludedBy.length === 0
            ? sv
              ? 'Det fanns inga lediga bostäder i den här rundan, så du fick inget förslag.'
              : 'There were no vacancies in this round, so you did not get a proposal.'
            : sv
              ? 'Du fick inget förslag den här gången, eftersom ingen av bostäderna passade dig:'
              : 'You did not get a proposal this time, because none of the vacancies suited you:',
        )
        break
      case 'outscored_or_constrained': {
        lines.push(
          sv
            ? `Du fick inget förslag den här gången. Du kunde ha fått ${countOf(lang, x.eligibleVacancies, 'vacancy')}, och så här gick det:`
            : `You did not get a proposal this time. You could have had ${countOf(lang, x.eligibleVacancies, 'vacancy')}, and this is what happened:`,
        )
        const shown = x.alternatives.slice(0, letterVacancies)
        for (const o of shown) {
          lines.push(`• ${outcomeForHousehold(lang, o, result.constraints)}`)
        }
        if (x.eligibleVacancies > shown.length) {
          // A letter stays within a page: the rest are summed up, what decided them in a few words
          // (from the counts over every eligible vacancy, less the ones shown).
          const rest = x.eligibleVacancies - shown.length
          const higher =
            x.decided.higher_score +
            x.decided.tie +
            x.decided.equal_total -
            shown.filter(
              (o) => o.decidedBy === 'higher_score' || o.decidedBy === 'tie' || o.decidedBy === 'equal_total',
            ).length
          const other = rest - higher
          const parts = [
            ...(higher > 0
              ? [
                  sv
                    ? `${higher} gick till hushåll med fler eller lika många poäng`
                    : `${higher} went to households with more or equal points`,
                ]
              : []),
            ...(other > 0
              ? [
                  sv
                    ? `${other} avgjordes av kommunens regler för hela rundan`
                    : `${other} ${other === 1 ? 'was' : 'were'} decided by the municipality's rules for the whole round`,
                ]
              : []),
          ]
          lines.push(
            sv
              ? `• Ytterligare ${countOf(lang, rest, 'vacancy')}: ${listOf(lang, parts)}. Din socialsekreterare kan berätta mer om var och en.`
              : `• ${countOf(lang, rest, 'vacancy').replace(/ /, ' more ')}: ${listOf(lang, parts)}. Your social worker can tell you more about each.`,
          )
        }
        break
      }
    }
    if (x.excludedBy.length > 0 && x.reason !== 'not_taking_part' && x.reason !== 'not_solved') {
      if (x.reason === 'outscored_or_constrained') {
        lines.push('', sv ? 'De andra bostäderna passade inte dig:' : 'The other vacancies did not suit you:')
      }
      for (const rule of x.excludedBy) {
        const why = ruleForHousehold[rule.rule][lang]
        lines.push(
          rule.rule === 'not_excluded_district'
            ? `• ${capital(why)}.`
            : `• ${capital(why)} (${countOf(lang, rule.vacancies, 'vacancy')}).`,
        )
      }
    }
    if (x.reason === 'outscored_or_constrained' || x.reason === 'no_eligible_vacancy') {
      lines.push(
        '',
        sv
          ? `Dina poäng för att få bostad är ${pts(x.priority.score)}, innan det som beror på själva bostaden (område och boendeform du önskat).`
          : `Your points for housing are ${pts(x.priority.score)}, before what depends on the vacancy itself (the district and type you asked for).`,
      )
      // Where waiting time earns nothing for some types of housing, the letter says so.
      const waiting = x.priority.terms.find((t) => t.term === 'waiting_time')
      const except = waiting?.params.exceptFor
      if (except !== undefined) {
        const types = listOf(
          lang,
          String(except)
            .split(',')
            .map((t) => vacancyTypeName(lang, t)),
        )
        lines.push(
          sv
            ? `Tiden du har väntat räknas inte för ${types}: där går det mest brådskande behovet först.`
            : `The time you have waited does not count for ${types}: there the most urgent need goes first.`,
        )
      }
    }
    lines.push(
      '',
      sv
        ? 'Du är kvar som sökande och är med i nästa runda, så länge ditt ärende är aktivt.'
        : 'You remain an applicant and take part in the next round, as long as your case is active.',
    )
  } else {
    return undefined
  }
  lines.push(
    '',
    sv
      ? 'Har du frågor, eller tror du att något blivit fel? Prata med din socialsekreterare. Du har rätt att få veta vilka uppgifter kommunen har om dig.'
      : 'Do you have questions, or do you think something is wrong? Talk to your social worker. You have the right to know what information the municipality holds about you.',
  )
  return `${lines.join('\n')}\n`
}

/** Vacancies described one by one in a letter; the rest are summed up, so that it stays within a page. */
const letterVacancies = 5

/** When equal totals are decided by the round's fixed order as a whole, not the two households' numbers alone. */
const fixedOrder = {
  sv: 'Då avgör en fast ordning: lottnummer, som dras när man skrivs in som sökande, och bostädernas ordning. Den ordningen gav bostaden till det andra hushållet.',
  en: 'Then a fixed order decides: lottery numbers, drawn when each household registers, and the order of the vacancies. That order gave the vacancy to the other household.',
}

function outcomeForHousehold(
  lang: Lang,
  o: EligibleVacancyOutcome,
  constraints: readonly ConstraintReport[],
): string {
  const sv = lang === 'sv'
  const pts = (p: number) => `${fmtPoints(lang, p)} ${sv ? 'poäng' : 'points'}`
  const head = sv ? `Bostad ${o.vacancyId}:` : `Vacancy ${o.vacancyId}:`
  const where =
    o.otherScore === undefined
      ? sv
        ? 'Den fick inte gå till någon i den här rundan'
        : 'It could not go to anyone in this round'
      : sv
        ? `Den gick till ett annat hushåll, som hade ${pts(o.otherScore)} (du hade ${pts(o.score)})`
        : `It went to another household, which had ${pts(o.otherScore)} (you had ${pts(o.score)})`
  const needed =
    o.neededScore === undefined
      ? ''
      : sv
        ? ` Med minst ${pts(o.neededScore)} hade du fått den.`
        : ` With at least ${pts(o.neededScore)} you would have got it.`
  switch (o.decidedBy) {
    case 'higher_score':
      return `${head} ${where}.${needed}`
    case 'equal_total':
      return sv
        ? `${head} ${where}. Poängen räknas för hela rundan, och där hade summan blivit lika stor om du fått bostaden i stället. ${fixedOrder.sv}${needed}`
        : `${head} ${where}. Points are counted for the whole round, and there the total would have been the same had you got the vacancy instead. ${fixedOrder.en}${needed}`
    case 'tie': {
      const rule =
        o.tieBrokenBy === 'order'
          ? fixedOrder[lang]
          : o.tieBrokenBy === 'id'
            ? sv
              ? 'Då avgör ett lottnummer som dras när man skrivs in som sökande. Ni hade samma lottnummer, så då avgjorde ordningen i registret, och det andra hushållet kom före dig.'
              : 'Then a lottery number, drawn when each household registers, decides. You had the same number, so the order in the register decided, and the other household came before you.'
            : sv
              ? 'Då avgör ett lottnummer som dras när man skrivs in som sökande, och det andra hushållet kom före dig.'
              : 'Then a lottery number, drawn when each household registers, decides, and the other household came before you.'
      return sv
        ? `${head} ${where}. Poängen räknas för hela rundan, och där var det lika. ${rule}${needed}`
        : `${head} ${where}. Points are counted for the whole round, and there it was equal. ${rule}${needed}`
    }
    case 'constraint': {
      const why = listOf(
        lang,
        (o.constraints ?? []).map((c) => {
          const report =
            constraints.find((r) => r.name === c.names[0]) ?? constraints.find((r) => r.family === c.family)
          return ruleInPlainWords(lang, c.family, c.names.length === 0 ? undefined : report)
        }),
      )
      const verdict = o.noScoreWouldSuffice
        ? sv
          ? ' Fler poäng hade inte hjälpt.'
          : ' More points would not have helped.'
        : needed
      return sv
        ? `${head} ${where}, eftersom ${why}.${verdict}`
        : `${head} ${where}, because ${why}.${verdict}`
    }
    case 'constraints_together':
      return sv
        ? `${head} ${where}, eftersom kommunens regler för hela rundan tillsammans krävde det.${o.noScoreWouldSuffice ? ' Fler poäng hade inte hjälpt.' : needed}`
        : `${head} ${where}, because the municipality's rules for the whole round together required it.${o.noScoreWouldSuffice ? ' More points would not have helped.' : needed}`
  }
}

function ruleInPlainWords(lang: Lang, family: string, report: ConstraintReport | undefined): string {
  const sv = lang === 'sv'
  const p = report?.params ?? {}
  switch (family) {
    case 'childrenFloor':
      return sv
        ? `minst ${countOf(lang, Number(p.atLeast ?? 1), 'placement')} ska gå till familjer med barn`
        : `at least ${countOf(lang, Number(p.atLeast ?? 1), 'placement')} must go to families with children`
    case 'districtCap':
      return report
        ? sv
          ? `högst ${countOf(lang, Number(p.atMost), 'placement')} får göras i ${p.district} i varje runda, för att motverka segregation`
          : `at most ${countOf(lang, Number(p.atMost), 'placement')} may be made in ${p.district} each round, against segregation`
        : sv
          ? 'bara ett visst antal placeringar får göras i samma område i varje runda, för att motverka segregation'
          : 'only a certain number of placements may be made in one district each round, against segregation'
    case 'programQuota':
      return sv
        ? `minst ${countOf(lang, Number(p.atLeast ?? 1), 'placement')} ska vara ${vacancyTypeName(lang, String(p.type))}`
        : `at least ${countOf(lang, Number(p.atLeast ?? 1), 'placement')} must be ${vacancyTypeName(lang, String(p.type))}`
    default:
      return sv
        ? 'kommunen ser till att olika grupper får bostad i ungefär samma takt'
        : 'the municipality makes sure that different groups are housed at about the same rate'
  }
}

/** Each hard rule as a reason addressed to the household. */
const ruleForHousehold: Record<RuleCode, { sv: string; en: string }> = {
  applicant_active: { sv: 'ditt ärende var inte aktivt', en: 'your case was not active' },
  vacancy_open: { sv: 'bostaden var inte ledig att erbjuda', en: 'the vacancy was not open to offer' },
  available_by_round_date: {
    sv: 'bostaden blir ledig först efter rundan',
    en: 'the vacancy becomes free only after the round',
  },
  not_declined_before: {
    sv: 'du har tackat nej till bostaden förut',
    en: 'you have declined the vacancy before',
  },
  vacancy_type_accepted: {
    sv: 'det är en boendeform du inte har sagt ja till',
    en: 'it is a type of housing you have not said yes to',
  },
  rooms_norm: { sv: 'bostaden har för få rum för er', en: 'the vacancy has too few rooms for you' },
  obo_occupancy_cap: {
    sv: 'ÖBO tillåter inte så många boende på den ytan',
    en: 'ÖBO does not allow that many people in that area',
  },
  no_extreme_overcrowding_for_children: {
    sv: 'bostaden är för liten för en familj med barn',
    en: 'the vacancy is too small for a family with children',
  },
  rent_affordable: { sv: 'hyran är högre än du kan betala', en: 'the rent is higher than you can pay' },
  wheelchair_access: {
    sv: 'bostaden är inte anpassad för rullstol',
    en: 'the vacancy is not wheelchair accessible',
  },
  elevator: { sv: 'bostaden saknar hiss', en: 'the vacancy has no elevator' },
  ground_floor: {
    sv: 'bostaden ligger inte på bottenvåningen',
    en: 'the vacancy is not on the ground floor',
  },
  housing_first_assessment: {
    sv: 'Bostad först kräver en bedömning som du inte har',
    en: 'Housing First needs an assessment you do not have',
  },
  skills_training_need: {
    sv: 'träningslägenheter är för den som behöver träna på att bo',
    en: 'training flats are for people who need to practise keeping a home',
  },
  program_age_range: {
    sv: 'bostaden är för en annan åldersgrupp',
    en: 'the vacancy is for another age group',
  },
  support_on_site: {
    sv: 'du behöver stöd på plats, och bostaden har inget',
    en: 'you need support on site, and the vacancy has none',
  },
  not_excluded_district: {
    sv: 'några bostäder ligger där du av säkerhetsskäl inte ska bo',
    en: 'some vacancies are where you should not live, for your safety',
  },
  residency: {
    sv: 'boendeformen kräver att du är folkbokförd i kommunen',
    en: 'the type of housing requires you to be registered as living in the municipality',
  },
  obo_priority_approved: {
    sv: 'ÖBO:s förtursbostäder erbjuds bara den som ÖBO har beviljat förtur',
    en: "ÖBO's priority flats go only to those ÖBO has approved for priority",
  },
  structural_case_scope: {
    sv: 'din bostadslöshet beror på bostadsmarknaden, och då har kommunen ingen skyldighet att ordna just den boendeformen',
    en: 'you lack a home because of the housing market, and then the municipality has no duty to provide that type of housing',
  },
  support_decision: {
    sv: 'det finns inget gällande biståndsbeslut om den boendeformen för dig',
    en: 'there is no valid support decision for that type of housing for you',
  },
  responsible_municipality: {
    sv: 'en annan kommun ansvarar för ditt stöd, eller det är inte utrett vilken kommun som gör det',
    en: 'another municipality is responsible for your support, or which one is has not been established',
  },
  no_move_between_sublets: {
    sv: 'du bor redan i ett kontrakt från kommunen, och vägen framåt är att ta över det kontraktet',
    en: 'you already live in a contract from the municipality, and the way forward is to take over that contract',
  },
  prevention_case_open: {
    sv: 'den boendeformen erbjuds inte den som riskerar vräkning men ännu har ett eget hem',
    en: 'that type of housing is not offered to people at risk of eviction who still have a home',
  },
}
