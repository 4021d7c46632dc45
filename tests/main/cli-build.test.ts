/**
 * The built command line (dist/cli.mjs, what `npx hemvist` runs after `npm ci`) answers exactly
 * what the TypeScript sources answer: the same output, the same messages, the same exit codes.
 * The bundle is built here into a folder of its own (under .scratch/), so the test does not depend on whether the
 * checkout's dist/ is current.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Inside the checkout (in the git-ignored .scratch/), so the bundle finds node_modules as dist/ does.
mkdirSync('.scratch', { recursive: true })
const dir = mkdtempSync(join('.scratch', 'cli-build-'))
const bundle = join(dir, 'out', 'cli.mjs')

function answer(entry: string[], args: string[], db: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [...entry, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HEMVIST_DB: db, ...env },
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(() => {
  const build = spawnSync(process.execPath, ['bin/build.js', join(dir, 'out')], { encoding: 'utf8' })
  expect(build.status, build.stderr).toBe(0)
}, 60_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the built command line', () => {
  const calls: [string, string[]][] = [
    ['a schema', ['schema', 'round']],
    ['a solve as text', ['solve', '--in', 'examples/round-story-8x6.json', '--format', 'text']],
    [
      'a solve as a letter in English',
      ['solve', '--in', 'examples/round-story-8x6.json', '--format', 'letter', '--lang', 'en'],
    ],
    ['a missing file', ['solve', '--in', 'examples/no-such-round.json']],
    ['bad usage', ['solve']],
    ['an unknown command', ['frobnicate']],
    ['an empty token list (opens and migrates the database)', ['token', 'list']],
    ['an empty round list', ['round', 'list']],
  ]
  it.each(calls)(
    'answers %s as the sources do',
    (_name, args) => {
      const fromSource = answer(['bin/hemvist.js'], args, join(dir, 'source.db'), {
        HEMVIST_CLI_FROM_SOURCE: '1',
      })
      const built = answer([bundle], args, join(dir, 'built.db'))
      expect(built).toEqual(fromSource)
    },
    30_000,
  )

  it('creates a token the sources can read, in a database it migrated itself', () => {
    const db = join(dir, 'shared.db')
    const created = answer(
      [bundle],
      ['token', 'create', '--role', 'allocator', '--label', 'build test', '--person', 'Åsa Öberg'],
      db,
    )
    expect(created.status, created.stderr).toBe(0)
    const listed = answer(['bin/hemvist.js'], ['token', 'list'], db, { HEMVIST_CLI_FROM_SOURCE: '1' })
    expect(listed.stdout).toContain('Åsa Öberg')
    expect(listed.stdout).toContain('allocator')
  }, 30_000)
})
