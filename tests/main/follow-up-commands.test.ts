/**
 * `hemvist report` and `hemvist what-if` on a database where a round was solved: each format
 * answers, bad usage is a plain sentence and exit code 2, a round without a result exit code 1.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase, openDatabase } from '../../db/client.ts'
import { insertPolicy } from '../../db/repo/policies.ts'
import { defaultPolicy } from '../../src/domain/policy.ts'
import { createRound } from '../../src/services/rounds/create-round.ts'
import { makeApplicant, makeVacancy } from '../support/builders.ts'
import { runCli } from '../support/cli.ts'
import { contextFor, drainWorker, seedWorld } from '../support/rounds.ts'

const dir = mkdtempSync(join(tmpdir(), 'hemvist-follow-up-cli-'))
const env = { HEMVIST_DB: join(dir, 'h.db') }
let roundId = ''

const run = (argv: string[]) => runCli(argv, env)

beforeAll(async () => {
  const handle = openDatabase(env.HEMVIST_DB)
  migrateDatabase(handle)
  const t = { ...handle, close: () => handle.sqlite.close() }
  seedWorld(t as never, {
    applicants: [makeApplicant({ id: 'A1', lotteryNumber: 1 })],
    vacancies: [makeVacancy({ id: 'V1' })],
  })
  insertPolicy(handle.db, { ...defaultPolicy, version: 2, name: 'Utkast' })
  const made = createRound({
    ctx: contextFor(t as never, 'allocator'),
    input: { idempotencyKey: 'cli', body: { asOf: '2026-12-07' } },
  })
  if (!made.ok) throw new Error('round')
  roundId = made.value.round.id
  await drainWorker(t as never)
  handle.sqlite.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('hemvist report', () => {
  it.each([
    ['text', 'Hemlöshetskartläggning'],
    ['csv', '\ufefftabell;situation;households'],
    ['json', '"name": "map"'],
    ['svg', '<svg xmlns="http://www.w3.org/2000/svg"'],
  ])('prints the map as %s', (format, start) => {
    const r = run(['report', 'map', '--format', format])
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain(start)
  })

  it('refuses bad usage with a sentence and exit code 2', () => {
    expect(run(['report'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('report needs one report name'),
    })
    expect(run(['report', 'nope'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown report "nope"'),
    })
    expect(run(['report', 'flows', '--from', '2027-01-01', '--to', '2026-01-01'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--from: must not be after to (2026-01-01)'),
    })
    expect(run(['report', 'flows', '--format', 'pdf'])).toMatchObject({ code: 2 })
  })
})

describe('hemvist what-if', () => {
  it('compares the stored round with another policy version, in Swedish', () => {
    const r = run(['what-if', roundId, 'orebro-default@2'])
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain(
      `Vad händer om runda ${roundId} löses med orebro-default version 2 i stället för orebro-default version 1?`,
    )
    expect(r.out).toContain('hushåll med förslag')
    expect(r.err).toContain('löser rundan igen')
    const json = JSON.parse(run(['what-if', roundId, 'orebro-default@2', '--json']).out)
    expect(json.housed).toEqual({ stored: 1, whatIf: 1, change: 0 })
  })

  it('an unknown round or version is exit code 1; bad usage 2', () => {
    expect(run(['what-if', 'nope', 'orebro-default@2']).code).toBe(1)
    expect(run(['what-if', roundId, 'orebro-default@9']).code).toBe(1)
    expect(run(['what-if', roundId]).code).toBe(2)
    expect(run(['what-if', roundId, 'orebro-default']).code).toBe(2)
  })
})

describe('hemvist extract', () => {
  it('prints a household’s register extract in Swedish, or JSON; an unknown id is exit code 1', () => {
    const text = run(['extract', 'A1'])
    expect(text.code, text.err).toBe(0)
    expect(text.out).toMatch(/^# Registerutdrag från hemvist: hushåll A1\n/)
    expect(JSON.parse(run(['extract', 'A1', '--format', 'json']).out).applicant.id).toBe('A1')
    expect(run(['extract', 'nobody']).code).toBe(1)
    expect(run(['extract']).code).toBe(2)
  })
})
