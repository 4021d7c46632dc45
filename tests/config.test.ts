import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { describeIssues } from '../src/domain/validation.ts'

const problems = (env: Record<string, string>) => {
  const r = loadConfig(env)
  if (r.ok) throw new Error('expected the configuration to be refused')
  return describeIssues(r.error)
}

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      ok: true,
      value: {
        dbPath: './data/hemvist.db',
        port: 3000,
        host: '127.0.0.1',
        logLevel: 'info',
        demo: { enabled: true, seed: 2026, applicants: 300, vacancies: 60 },
        worker: { pollMs: 1000 },
      },
    })
  })

  it('reads every variable', () => {
    const r = loadConfig({
      HEMVIST_DB: '/tmp/x.db',
      PORT: '0',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'WARN',
      HEMVIST_DEMO: 'false',
      HEMVIST_DEMO_SEED: '7',
      HEMVIST_DEMO_APPLICANTS: '50',
      HEMVIST_DEMO_VACANCIES: '12',
      HEMVIST_WORKER_POLL_MS: '250',
    })
    expect(r).toEqual({
      ok: true,
      value: {
        dbPath: '/tmp/x.db',
        port: 0,
        host: '0.0.0.0',
        logLevel: 'warn',
        demo: { enabled: false, seed: 7, applicants: 50, vacancies: 12 },
        worker: { pollMs: 250 },
      },
    })
  })

  it('treats an empty variable as unset', () => {
    const r = loadConfig({ PORT: '', HEMVIST_DEMO: ' ' })
    expect(r.ok && [r.value.port, r.value.demo.enabled]).toEqual([3000, true])
  })

  it('names the variable and says what is wrong for a malformed port', () => {
    expect(problems({ PORT: 'abc' })).toBe('PORT: must be a whole number from 0 to 65535 (got "abc")')
    expect(problems({ PORT: '65536' })).toBe('PORT: must be a whole number from 0 to 65535 (got "65536")')
    expect(problems({ PORT: '80.5' })).toMatch(/^PORT: /)
    expect(problems({ PORT: '1e3' })).toMatch(/^PORT: /)
  })

  it('accepts only true/false/1/0 for HEMVIST_DEMO', () => {
    for (const [raw, value] of [
      ['true', true],
      ['1', true],
      ['FALSE', false],
      ['0', false],
    ] as const) {
      const r = loadConfig({ HEMVIST_DEMO: raw })
      expect(r.ok && r.value.demo.enabled).toBe(value)
    }
    expect(problems({ HEMVIST_DEMO: 'yes' })).toBe('HEMVIST_DEMO: must be true, false, 1 or 0 (got "yes")')
  })

  it('reports every bad variable at once, one line each', () => {
    const text = problems({
      PORT: '-1',
      LOG_LEVEL: 'loud',
      HEMVIST_DEMO_APPLICANTS: '0',
      HEMVIST_WORKER_POLL_MS: 'x',
    })
    expect(text.split('\n')).toEqual([
      'PORT: must be a whole number from 0 to 65535 (got "-1")',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      'HEMVIST_DEMO_APPLICANTS: must be a whole number from 1 to 50000 (got "0")',
      'HEMVIST_WORKER_POLL_MS: must be a whole number from 10 to 600000 (got "x")',
    ])
  })
})
