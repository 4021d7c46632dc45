/**
 * `hemvist retention run [--dry-run]` on the retention fixture (tests/services/retention/fixture.ts),
 * in process (tests/support/cli.ts) with the clock set to the fixture's day: what it prints, that
 * the dry run changes nothing, that the run culls and `audit verify` still passes, bad input as a
 * plain sentence with exit 2, a run that cannot be made as a sentence with exit 1, and no canary
 * in anything it prints.
 */
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { canaries, retentionNow, seedRetentionFixture } from '../services/retention/fixture.ts'
import { runCli } from '../support/cli.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

describe('hemvist retention run', () => {
  let t: TestDatabase
  let env: Record<string, string>
  beforeEach(() => {
    t = freshDatabase()
    seedRetentionFixture(t)
    t.sqlite.close()
    env = { HEMVIST_DB: `${t.dir}/hemvist.db` }
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(retentionNow)
  })
  afterEach(() => {
    vi.useRealTimers()
    t.close()
  })

  it('--dry-run lists counts per kind and the households by id, and changes nothing', () => {
    const dry = runCli(['retention', 'run', '--dry-run'], env)
    expect(dry).toMatchObject({ code: 0, err: '' })
    expect(dry.out).toBe(
      [
        'retention as of 2032-06-01T09:00:00.000Z (dry run: nothing changed)',
        'household           3  older than 5 years  H-GONE, H-PROT, H-WD',
        'round               2  older than 5 years  R-OLD, R-OLD2',
        'audit               5  older than 5 years  naming H-GONE, H-PROT, H-WD',
        'staff_session       1  older than 7 days',
        '',
      ].join('\n'),
    )
    // The same again: nothing was changed by the first.
    expect(runCli(['retention', 'run', '--dry-run'], env).out).toBe(dry.out)
    expect(runCli(['audit', 'verify'], env).out).toMatch(/^audit log intact: 7 rows, head hash /)
  })

  it('run culls in one transaction; the audit chain verifies through the tombstones; a second run has nothing to do', () => {
    const r = runCli(['retention', 'run'], env)
    expect(r.code).toBe(0)
    expect(r.out).toMatch(
      /^retention run [0-9a-f-]{36} as of 2032-06-01T09:00:00.000Z: culled in one transaction\n/,
    )
    expect(r.out).toContain('household           3  older than 5 years  H-GONE, H-PROT, H-WD\n')
    expect(runCli(['audit', 'verify'], env).out).toMatch(
      /^audit log intact: 11 rows \(3 culled by retention, each with its tombstone\), head hash [0-9a-f]{64}\n$/,
    )
    const again = runCli(['retention', 'run'], env)
    expect(again.out).toMatch(/^retention as of .*: nothing is past its time\n/)
    for (const canary of canaries) expect(`${r.out}${r.err}${again.out}`).not.toContain(canary)
  })

  it('the periods come from the configuration', () => {
    const r = runCli(['retention', 'run', '--dry-run'], {
      ...env,
      HEMVIST_RETENTION_HOUSEHOLD_YEARS: '10',
      HEMVIST_RETENTION_ROUND_YEARS: '3',
      HEMVIST_RETENTION_SESSION_DAYS: '3650',
    })
    expect(r.out).toContain('household           0  older than 10 years\n')
    expect(r.out).toContain('round               3  older than 3 years  R-OLD, R-OLD2, R-RECENT\n')
    expect(r.out).toContain('staff_session       0  older than 3650 days\n')
  })

  it('bad input: a plain sentence and exit 2, never a stack trace', () => {
    for (const [args, extra, message] of [
      [['retention'], {}, 'retention needs a subcommand: run'],
      [['retention', 'purge'], {}, 'unknown retention subcommand "purge"'],
      [['retention', 'run', 'now'], {}, 'retention run takes no arguments besides --dry-run'],
      [['retention', 'run', '--force'], {}, "Unknown option '--force'"],
      [
        ['retention', 'run'],
        { HEMVIST_RETENTION_HOUSEHOLD_YEARS: '0' },
        'HEMVIST_RETENTION_HOUSEHOLD_YEARS: must be a whole number from 1 to 100 (got "0")',
      ],
    ] as const) {
      const r = runCli([...args], { ...env, ...extra })
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err).toContain(`hemvist: `)
      expect(r.err).toContain(message)
      expect(r.err).not.toMatch(/\bat .+:\d+:\d+/)
      expect(r.out).toBe('')
    }
    // Nothing was culled by any of them.
    expect(runCli(['audit', 'verify'], env).out).toMatch(/^audit log intact: 7 rows, head hash /)
  })

  it('a retention marker left in the database by hand: a sentence, exit 1, nothing culled', () => {
    const raw = new Database(env.HEMVIST_DB)
    raw.exec("INSERT INTO retention_active (run_id) VALUES ('left-behind')")
    raw.close()
    const r = runCli(['retention', 'run'], env)
    expect(r.code).toBe(1)
    expect(r.err).toBe(
      'hemvist: a retention marker (run left-behind) is in the database outside any run: someone wrote it by hand, and while it is there the append-only guards are open; remove it first; nothing was culled\n',
    )
    expect(r.out).toBe('')
  })
})
