import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { rules } from '../../src/domain/match/eligibility.ts'
import { defaultPolicy, type Policy } from '../../src/domain/policy.ts'
import { renderPolicyDocument, renderPublishedPolicy } from '../../src/domain/policy-document.ts'

const langs = ['sv', 'en'] as const

/** The lines of a document that start with a prefix (a table row, a bullet). */
const linesStarting = (doc: string, prefix: string) => doc.split('\n').filter((l) => l.startsWith(prefix))
/** Every table row of a document as its trimmed cells (padding does not matter). */
const tableRows = (doc: string) =>
  doc
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('|') && !l.startsWith('| -'))
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    )
const rowStarting = (doc: string, first: string) => tableRows(doc).filter((r) => r[0] === first)
const section = (doc: string, heading: string) => {
  const start = doc.indexOf(`\n## ${heading}\n`)
  expect(start, heading).toBeGreaterThan(0)
  const end = doc.indexOf('\n## ', start + 1)
  return doc.slice(start, end === -1 ? undefined : end)
}

const withScoring = (scoring: Partial<Policy['scoring']>): Policy => ({
  ...defaultPolicy,
  scoring: { ...defaultPolicy.scoring, ...scoring },
})
const withRules = (r: Partial<Policy['rules']>): Policy => ({
  ...defaultPolicy,
  rules: { ...defaultPolicy.rules, ...r },
})
const withConstraints = (c: Partial<Policy['constraints']>): Policy => ({
  ...defaultPolicy,
  constraints: { ...defaultPolicy.constraints, ...c },
})

describe('docs/policy.md', () => {
  it('is exactly the rendering of the default policy (regenerate with `node --import tsx docs/generate-policy-doc.ts`)', () => {
    const committed = readFileSync(new URL('../../docs/policy.md', import.meta.url), 'utf8')
    expect(committed).toBe(renderPublishedPolicy(defaultPolicy))
  })

  it('has the Swedish version first, then the English one', () => {
    const doc = renderPublishedPolicy(defaultPolicy)
    const sv = doc.indexOf('# Tilldelningspolicy')
    const en = doc.indexOf('# Allocation policy')
    expect(sv).toBeGreaterThan(0)
    expect(en).toBeGreaterThan(sv)
  })
})

describe('renderPolicyDocument', () => {
  it('names the policy, its id and version', () => {
    const policy = { ...defaultPolicy, id: 'orebro-2027', version: 3, name: 'Örebro 2027' }
    for (const lang of langs) {
      const doc = renderPolicyDocument(policy, lang)
      expect(doc.split('\n')[0]).toContain('Örebro 2027')
      expect(doc).toContain('`orebro-2027`, version 3')
    }
  })

  it('has every section in both languages, in order', () => {
    const headings = {
      sv: [
        'Vad som räknas och hur mycket',
        'Vem kan erbjudas vad',
        'Sidovillkor',
        'Lika poäng',
        'Jämlikhet',
        'Erbjudanden och svar',
        'Hur en runda avgörs',
      ],
      en: [
        'What counts and how much',
        'Who can be offered what',
        'Side constraints',
        'Ties',
        'Equality',
        'Offers and answers',
        'How a round is decided',
      ],
    }
    for (const lang of langs) {
      const found = linesStarting(renderPolicyDocument(defaultPolicy, lang), '## ').map((l) => l.slice(3))
      expect(found).toEqual(headings[lang])
    }
  })

  it('states the answer time and which declines end a priority, from the policy', () => {
    const sv = renderPolicyDocument(
      { ...defaultPolicy, offers: { ...defaultPolicy.offers, answerDays: 1 } },
      'sv',
    )
    expect(sv).toContain('Hushållet har 1 dag på sig att svara')
    expect(renderPolicyDocument(defaultPolicy, 'en')).toContain('The household has 7 days to answer')
    expect(renderPolicyDocument(defaultPolicy, 'en')).toMatch(
      /declines [^.]*`obo_priority`\), the priority ends/,
    )
  })

  it('states the sublets’ trial periods from the policy, or that it sets none', () => {
    expect(renderPolicyDocument(defaultPolicy, 'sv')).toContain(
      'med en prövotid från placeringens start: 12 månader.',
    )
    const varied = {
      ...defaultPolicy,
      tenancy: { trialPeriodMonths: { social_contract: 24, training: 1, trial: 6 } },
    }
    expect(renderPolicyDocument(varied, 'sv')).toContain('24 månader, 1 månad respektive 6 månader')
    expect(renderPolicyDocument(varied, 'en')).toContain('24 months, 1 month and 6 months respectively')
    const { tenancy: _none, ...stored } = defaultPolicy
    expect(renderPolicyDocument(stored, 'en')).toContain('The policy sets no trial period')
  })

  it('lists every hard rule by its title and code, in the engine’s order', () => {
    for (const lang of langs) {
      const items = linesStarting(
        section(
          renderPolicyDocument(defaultPolicy, lang),
          lang === 'sv' ? 'Vem kan erbjudas vad' : 'Who can be offered what',
        ),
        '',
      ).filter((l) => /^\d+\. /.test(l))
      expect(items).toHaveLength(rules.length)
      rules.forEach((rule, i) => {
        expect(items[i]).toContain(`${i + 1}. **${rule.title[lang]}** (\`${rule.code}\`)`)
      })
    }
  })

  it('gives the default figures in the plain words of each term', () => {
    const sv = renderPolicyDocument(defaultPolicy, 'sv')
    const en = renderPolicyDocument(defaultPolicy, 'en')
    expect(rowStarting(en, '1')).toEqual([['1', 'Acute homelessness (`acute`)', '40']])
    expect(rowStarting(sv, '1')).toEqual([['1', 'Akut hemlöshet (`acute`)', '40']])
    expect(en).toContain('6 points per child in the household, and 4 more per child younger than 7')
    expect(sv).toContain('6 poäng per barn i hushållet, och ytterligare 4 poäng per barn yngre än 7 år')
    expect(en).toContain(
      'up to 20 extra points. They rise evenly from 0 when the date is 90 days away to 20 on the date (10 points 45 days before)',
    )
    expect(en).toContain(
      'up to 30 points, rising evenly from 0 when the date is 90 days away to 30 on the date (15 points 45 days before)',
    )
    expect(en).toContain(
      '0.02 points per day since the household was registered, at most 15 points (reached after 750 days)',
    )
    expect(sv).toContain(
      '0,02 poäng per dag sedan hushållet registrerades, högst 15 poäng (nås efter 750 dagar)',
    )
    expect(en).toContain('1st choice 6, 2nd choice 4.5, 3rd choice 3 and 4th choice 1.5')
    expect(sv).toContain('1:a valet 6, 2:a valet 4,5, 3:e valet 3 och 4:e valet 1,5')
    expect(en).toContain('1st choice 4, 2nd choice 3, 3rd choice 2 and 4th choice 1;')
    expect(en).toContain('(3 rooms or more), 4 points are deducted per bedroom')
    expect(en).toContain('scores at least 1 point, even')
    expect(en).toMatch(/Why: the round picks the largest total score/)
    expect(en).toContain('**Support need:** none 0, low 2, medium 4 and high 6 points.')
    expect(sv).toContain('**Stödbehov:** inget 0, lågt 2, medel 4 och högt 6 poäng.')
    expect(rowStarting(en, 'No.')).toEqual([['No.', 'Situation', 'Points']])
    expect(rowStarting(sv, 'Nr')).toEqual([['Nr', 'Situation', 'Poäng']])
    expect(rowStarting(en, 'Area up to')).toEqual([['Area up to', 'At most persons']])
    expect(en).toContain('**Violence in a close relationship:** 20 points.')
  })

  it('writes every table with a header and a delimiter row, padded as the formatter pads it', () => {
    for (const lang of langs) {
      const lines = renderPolicyDocument(defaultPolicy, lang).split('\n')
      lines.forEach((line, i) => {
        const t = line.trim()
        if (!t.startsWith('|')) return
        const before = lines[i - 1]?.trim() ?? ''
        if (!before.startsWith('|'))
          expect(lines[i + 1]?.trim(), `header ${t}`).toMatch(/^\| -{3,}( \| -{3,})* \|$/)
        if (before.startsWith('|')) expect(t.length, t).toBe(before.length)
      })
    }
  })

  it('states the rules’ parameters from the policy', () => {
    const en = renderPolicyDocument(defaultPolicy, 'en')
    expect(en).toContain("Boverket's overcrowding norm 2: at most two persons per bedroom")
    for (const [area, persons] of [
      [50, 3],
      [70, 4],
      [90, 6],
      [110, 8],
      [120, 10],
    ])
      expect(rowStarting(en, `${area} m²`)).toEqual([[`${area} m²`, String(persons)]])
    expect(en).toContain('Above 120 m² the cap of the largest area applies, 10 persons.')
    expect(en).toContain('less than 10 m² per person')
    expect(en).toContain('the municipality carries the rent for: supported housing (`supported_housing`).')
    expect(en).toContain('except Housing First')
    expect(en).toContain(
      'resident (folkbokförd) in the municipality for: ÖBO priority (förtur) (`obo_priority`).',
    )
  })

  it('states the side constraints with their settings', () => {
    const en = section(renderPolicyDocument(defaultPolicy, 'en'), 'Side constraints')
    expect(en).toContain(
      '**Children floor** (`childrenFloor`). On. Family-sized vacancies are those with 3 rooms or more.',
    )
    expect(en).toContain('50% of the round')
    expect(en).toContain('with three family-sized vacancies, at least 2')
    expect(en).toContain(
      'At most 2 placements per round in each of these districts: Vivalla, Oxhagen, Varberga, Baronbackarna and Brickebacken.',
    )
    expect(en).toContain('No quotas in this policy.')
    expect(en).toContain('**Group parity** (`groupParity`), for equality. Off.')
    expect(en).toContain('within 10 percentage points')
  })

  describe('follows the policy: a changed figure shows in the document', () => {
    it('acute points 40 → 41', () => {
      const policy = withScoring({ situation: { ...defaultPolicy.scoring.situation, acute: 41 } })
      expect(rowStarting(renderPolicyDocument(policy, 'en'), '1')).toEqual([
        ['1', 'Acute homelessness (`acute`)', '41'],
      ])
      expect(rowStarting(renderPolicyDocument(policy, 'sv'), '1')).toEqual([
        ['1', 'Akut hemlöshet (`acute`)', '41'],
      ])
      expect(renderPublishedPolicy(policy)).not.toBe(renderPublishedPolicy(defaultPolicy))
    })

    it('every scoring weight appears in both languages when set to a distinctive value', () => {
      const distinctive: Policy['scoring'] = {
        situation: {
          acute: 41.25,
          institution: 13.75,
          short_term_self_arranged: 21.5,
          long_term_solution: 7.25,
        },
        institutionRelease: { points: 19.5, withinDays: 77 },
        perChild: 6.5,
        perYoungChild: 3.75,
        youngChildUnderAge: 9,
        eviction: { points: 31.5, withinDays: 63 },
        domesticViolence: 22.5,
        support: { none: 0.5, low: 2.25, medium: 4.75, high: 6.25 },
        waiting: { perDay: 0.03, cap: 16.5, notCountedFor: ['obo_priority'] },
        districtPreference: { first: 7.5, stepDown: 2.5 },
        vacancyTypePreference: { first: 4.5, stepDown: 1.25 },
        underOccupancyPerSpareRoom: 3.25,
        minimumPairScore: 1.5,
      }
      // Every number in the scoring block, read from it rather than copied (24 of them today).
      const numbersIn = (x: unknown): number[] =>
        typeof x === 'number'
          ? [x]
          : typeof x === 'string'
            ? []
            : Object.values(x as object).flatMap(numbersIn)
      const figures = numbersIn(distinctive)
      expect(figures).toHaveLength(24)
      const policy = withScoring(distinctive)
      for (const lang of langs) {
        const doc = section(
          renderPolicyDocument(policy, lang),
          lang === 'sv' ? 'Vad som räknas och hur mycket' : 'What counts and how much',
        )
        for (const f of figures) {
          const written = lang === 'sv' ? String(f).replace('.', ',') : String(f)
          expect(doc, `${lang} ${written}`).toMatch(
            new RegExp(`(^|[^0-9,.])${written.replace('.', '\\.')}($|[^0-9])`, 'm'),
          )
        }
      }
    })

    it('says for which types waiting time does not count, and nothing when it counts for all', () => {
      const none = withScoring({
        ...defaultPolicy.scoring,
        waiting: { ...defaultPolicy.scoring.waiting, notCountedFor: [] },
      })
      const obo = withScoring({
        ...defaultPolicy.scoring,
        waiting: { ...defaultPolicy.scoring.waiting, notCountedFor: ['obo_priority'] },
      })
      expect(renderPolicyDocument(obo, 'sv')).toContain(
        'Väntetiden ger inga poäng för förtur hos ÖBO (`obo_priority`)',
      )
      expect(renderPolicyDocument(obo, 'en')).toContain(
        'Waiting time earns nothing for ÖBO priority (förtur) (`obo_priority`)',
      )
      expect(renderPolicyDocument(none, 'sv')).not.toContain('Väntetiden ger inga poäng')
      expect(renderPolicyDocument(none, 'en')).not.toContain('Waiting time earns nothing')
    })

    it('norm 3, with and without the children-under-12 variant', () => {
      const on = renderPolicyDocument(
        withRules({ overcrowdingNorm: 'norm3', norm3ChildrenUnder12Share: true }),
        'en',
      )
      const off = renderPolicyDocument(
        withRules({ overcrowdingNorm: 'norm3', norm3ChildrenUnder12Share: false }),
        'en',
      )
      expect(on).toContain("Boverket's overcrowding norm 3")
      expect(on).toContain('two children under 12 may share')
      expect(off).toContain("Boverket's overcrowding norm 3")
      expect(off).not.toContain('two children under 12')
      expect(off).not.toContain('norm 2')
    })

    it('the ÖBO caps table and the minimum area per person', () => {
      const policy = withRules({
        oboOccupancyCaps: [
          { maxAreaM2: 60, maxPersons: 2 },
          { maxAreaM2: 45, maxPersons: 1 },
        ],
        minAreaPerPersonWithChildren: 12.5,
      })
      const en = renderPolicyDocument(policy, 'en')
      expect(tableRows(en).filter((r) => r[0]?.endsWith('m²'))).toEqual([
        ['45 m²', '1'],
        ['60 m²', '2'],
      ])
      expect(en).toContain('Above 60 m² the cap of the largest area applies, 2 persons.')
      expect(en).toContain('less than 12.5 m² per person')
      expect(renderPolicyDocument(policy, 'sv')).toContain('mindre än 12,5 m² per person')
    })

    it('the programs where the municipality carries the rent and the residency switch', () => {
      const policy = withRules({
        rentCarriedByProgram: ['supported_housing', 'training_flat'],
        residencyRequiredFor: [],
      })
      const en = renderPolicyDocument(policy, 'en')
      expect(en).toContain(
        'carries the rent for: supported housing (`supported_housing`) and training flat (`training_flat`).',
      )
      expect(en).toContain('No type of housing requires residency in the municipality in this policy.')
    })

    it('support on site switched off', () => {
      const en = renderPolicyDocument(withRules({ highSupportRequiresOnSite: false }), 'en')
      expect(en).toContain(
        'Switched off in this policy: a high support need does not require support on site.',
      )
    })

    it('side constraints switched, districts, quotas and epsilon', () => {
      const policy = withConstraints({
        childrenFloor: { enabled: false, familySizedMinRooms: 4, share: 0.75 },
        districtCaps: { enabled: true, maxPerDistrict: 3, districts: ['Vivalla', 'Oxhagen'] },
        programQuotas: [{ type: 'housing_first', atLeast: 4 }],
        groupParity: { enabled: true, attributes: ['gender'], epsilon: 0.05 },
      })
      const en = renderPolicyDocument(policy, 'en')
      expect(en).toContain(
        '**Children floor** (`childrenFloor`). Off. Family-sized vacancies are those with 4 rooms or more.',
      )
      expect(en).toContain('75% of the round')
      expect(en).toContain('with three family-sized vacancies, at least 3')
      expect(en).toContain('At most 3 placements per round in each of these districts: Vivalla and Oxhagen.')
      expect(en).toContain('at least 4 placements in Housing First (`housing_first`)')
      expect(en).toContain('**Group parity** (`groupParity`), for equality. On. When on, for gender, each')
      expect(en).toContain('within 5 percentage points')
      const sv = renderPolicyDocument(policy, 'sv')
      expect(sv).toContain('minst 4 placeringar i Bostad först (`housing_first`)')
      expect(sv).toContain('inom 5 procentenheter')
    })
  })

  it('says what protected attributes are for, and names the only rule that reads one', () => {
    const en = section(renderPolicyDocument(defaultPolicy, 'en'), 'Equality')
    expect(en).toContain(
      'Gender, birth country (born abroad or in Sweden) and birth year are kept only to monitor equality',
    )
    expect(en).toContain('never enter a score or a rule, with one exception')
    const sv = section(renderPolicyDocument(defaultPolicy, 'sv'), 'Jämlikhet')
    expect(sv).toContain('ingår aldrig i någon poäng eller regel, med ett undantag')
  })

  it('says ties go by the lottery number, then the id, and that a named person approves every decision', () => {
    const en = renderPolicyDocument(defaultPolicy, 'en')
    expect(section(en, 'Ties')).toMatch(
      /lower lottery number come first[\s\S]*drawn at random once, when the household is registered[\s\S]*id decides/,
    )
    const round = section(en, 'How a round is decided')
    expect(round).toContain('One optimisation over the whole round')
    expect(round).toContain('approved by a named person')
  })
})
