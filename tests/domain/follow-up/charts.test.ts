import { describe, expect, it } from 'vitest'
import { reportChart } from '../../../src/domain/follow-up/charts.ts'
import { equality, flows, situationTrend, timeToHousing } from '../../../src/domain/follow-up/reports.ts'
import { history } from './history.ts'

const year = { from: '2026-01-01', to: '2026-12-31' }

/** Well-formed XML, checked by hand: every tag closed in order, attributes quoted, no stray `<` or `&`. */
function wellFormed(svg: string): boolean {
  const stack: string[] = []
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m
    if (selfClosing === '/') continue
    if (closing === '/') {
      if (stack.pop() !== name) return false
    } else stack.push(name as string)
  }
  const stripped = svg.replace(/<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g, '')
  return stack.length === 0 && !stripped.includes('<') && !/&(?!amp;|lt;|gt;|quot;)/.test(stripped)
}

describe('charts of the reports', () => {
  it('the equality chart: valid SVG, an accessible image, one bar per shown rate, the hidden one written out, the band drawn', () => {
    const svg = reportChart(equality(history, year))
    expect(wellFormed(svg)).toBe(true)
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" role="img" aria-labelledby="chart-title chart-desc"/,
    )
    expect(svg).toContain('<title id="chart-title">Jämlikhet: andel matchade per grupp</title>')
    // Women's 70 % is a bar; men's rate is hidden (3 matched), so no bar, and the description says "–".
    expect(svg.match(/<rect x="[\d.]+" y="[\d.]+" width/g)?.length).toBe(3) // the bar, the legend's swatch, the band
    // The overall rate (12 of 25) as a dashed line, and the policy's band of ±0.1 around it.
    expect(svg).toContain('>Andel för alla 48 %</text>')
    expect(svg).toContain('>band ±10 %</text>')
    expect(svg).toContain('Andel för alla: 48,0 %, tillåtet band ±10,0 %')
    expect(svg).toContain('kön: kvinna: Andel matchade 70,0 %')
    expect(svg).toContain('kön: man: Andel matchade –')
  })

  it('bars per situation for flows, with hidden counts written where the bar would be', () => {
    const svg = reportChart(flows(history, year))
    expect(wellFormed(svg)).toBe(true)
    expect(svg).toContain('>..</text>') // acute registrations, hidden beside a small count
    expect(svg).toContain('>&lt;5</text>')
    expect(svg).not.toContain('Totalt:')
  })

  it('time to housing: medians as bars; the trend as one line per situation', () => {
    expect(wellFormed(reportChart(timeToHousing(history, year)))).toBe(true)
    const day = (d: string, acute: number) => ({
      day: d,
      counts: {
        all: {
          acute: { households: acute, adults: acute, children: 0 },
          institution: { households: 6, adults: 6, children: 0 },
          long_term_solution: { households: 9, adults: 9, children: 0 },
          short_term_self_arranged: { households: 7, adults: 7, children: 0 },
        },
        caseloads: {},
      },
    })
    const svg = reportChart(situationTrend([day('2026-11-01', 12), day('2026-11-02', 10)], year))
    expect(wellFormed(svg)).toBe(true)
    expect(svg.match(/<polyline /g)?.length).toBe(4)
    expect(svg).toContain('2026-11-02: 1 Akut hemlöshet 10')
  })

  it('says so in the picture when there is nothing to draw', () => {
    const svg = reportChart(situationTrend([], year))
    expect(wellFormed(svg)).toBe(true)
    expect(svg).toContain('Inga rader under perioden.')
  })
})
