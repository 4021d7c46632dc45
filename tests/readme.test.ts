/**
 * The README, walked as a new user walks it: every command in its `sh` blocks is run, in the
 * order a user meets them, on a fresh database, and checked to do what the text beside it says.
 * A command added to the README without a walk here fails the first test, so the README cannot
 * drift from what the code does. Two commands are not run here, each for a stated reason.
 *
 * `npx hemvist` is run as `node bin/hemvist.js` (what npx runs: the package's `bin`, checked
 * below), and `npm start` as its script (`node --import tsx src/main/server.ts`, also checked),
 * with PORT=0 and the database in a temporary folder.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const readme = readFileSync(join(root, 'README.md'), 'utf8')
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  bin: Record<string, string>
  scripts: Record<string, string>
}

/** Every command line of the README's `sh` blocks, without its comment. */
const readmeCommands = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((m) => (m[1] ?? '').split('\n'))
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line !== '')

/** Commands this file does not run, and why. */
const notRunHere: Record<string, string> = {
  'npm test': 'it runs this very suite',
  'npm run check': 'typecheck, lint and this very suite: what .ci/run runs on every clean clone',
}

/** The commands the walk below runs (it fails if one of them is no longer in the README). */
const walked = [
  'npm ci && npm start',
  'npx hemvist solve --in examples/round-story-8x6.json --format text --lang en',
  'npx hemvist solve --in examples/round-story-8x6.json --format letter --applicant H01',
  'npx hemvist solve --in examples/round-orebro-60x15.json --out result.json',
  'npx hemvist solve --in examples/round-orebro-60x15.json --out result.json --no-explain --phases',
  'npx hemvist explain examples/round-story-8x6.json H03',
  'npx hemvist schema round',
  'npx hemvist round create --as-of 2026-12-07',
  'npx hemvist round list',
  'npx hemvist round show ID',
  'npx hemvist round replay ID',
  'npx hemvist worker',
  'npx hemvist report map',
  'npx hemvist report equality --format csv',
  'npx hemvist what-if ID orebro-default@1',
  'npx hemvist token create --role admin --person "Anna Svensson" --label "Drift"',
  'npx hemvist token create --role caseworker --caseload team-vaster --person "Sara Holm" --label "Väster team"',
  'npx hemvist token list',
  'npx hemvist token revoke <id>',
  'npx hemvist audit verify',
  'npx hemvist extract ID',
  'npx hemvist retention run --dry-run',
  'npx hemvist retention run',
  'npx hemvist demo remove',
  'npx hemvist obo import vacancies examples/obo/vacancies.csv --dry-run',
  'npx hemvist obo import vacancies examples/obo/vacancies.csv',
  'npx hemvist obo import priorities examples/obo/priorities.csv',
  'npx hemvist obo outbox',
  'npx hemvist obo export nominations --out nominations.csv',
  'npx hemvist obo mock --port 0',
]

const dir = mkdtempSync(join(tmpdir(), 'hemvist-readme-'))
const db = join(dir, 'data', 'hemvist.db')
const env = { PATH: process.env.PATH ?? '', HEMVIST_DB: db }
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** `npx hemvist …` with the README's arguments, in a folder holding a copy of `examples/`. */
function hemvist(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, packageJson.bin.hemvist ?? ''), ...args], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

function started(args: string[], extraEnv: Record<string, string> = {}) {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (d) => {
    out += String(d)
  })
  child.stderr?.on('data', (d) => {
    err += String(d)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, stdout: () => out, stderr: () => err, exited }
}

async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const value = await probe()
    if (value !== undefined) return value
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${what}: not within ${ms} ms`)
}

/**
 * A GET on a connection of its own: the walk pauses for seconds between requests (CLI calls, a
 * solve), longer than the server keeps an idle connection, and a reused one may be closed under it.
 */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d) => {
        body += d
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** The JSON block the README shows as `/health`'s answer. */
function readmeHealth(): unknown {
  const after = readme.slice(readme.indexOf('`GET /health` answers 200'))
  const block = /```json\n([\s\S]*?)```/.exec(after)?.[1]
  if (block === undefined) throw new Error('the README shows no /health answer')
  return JSON.parse(block)
}

describe('README.md', () => {
  it('every command in it is walked here, or says why not', () => {
    const unaccounted = readmeCommands.filter((c) => !walked.includes(c) && !(c in notRunHere))
    expect(unaccounted, 'commands in the README that this test does not walk').toEqual([])
    const gone = [...walked, ...Object.keys(notRunHere)].filter((c) => !readmeCommands.includes(c))
    expect(gone, 'walked commands no longer in the README').toEqual([])
    // `npx hemvist` is bin/hemvist.js; `npm start` is the command the README gives for a service manager.
    expect(packageJson.bin.hemvist).toBe('bin/hemvist.js')
    expect(packageJson.scripts.start).toBe('node --import tsx src/main/server.ts')
    expect(readme).toContain('run `node --import tsx src/main/server.ts`')
  })

  it('does what it says, command by command, on a fresh database', async () => {
    cpSync(join(root, 'examples'), join(dir, 'examples'), { recursive: true })

    // npm ci && npm start: the service with demo data, /health as shown, a first round proposed.
    const server = started(['--import', 'tsx', 'src/main/server.ts'], { PORT: '0' })
    try {
      const url = await until('the service prints its address', () => {
        if (server.child.exitCode !== null) throw new Error(`the service exited: ${server.stderr()}`)
        return /hemvist listening on (http:\/\/\S+)/.exec(server.stdout())?.[1]
      })
      // "degraded" is the README's answer while the worker's solve or the demo's ÖBO loop holds the
      // write lock for a moment (a loaded machine stretches that moment): wait it out, then the
      // answer is the one shown.
      const health = await until('/health answers as the README shows', async () => {
        const h = await get(`${url}/health`)
        expect(h.status).toBe(200)
        const body = JSON.parse(h.body) as { status: string; database: { writable: boolean } }
        if (body.status === 'degraded') {
          expect(body.database.writable).toBe(false)
          return undefined
        }
        return body
      })
      expect(health).toEqual(readmeHealth())
      expect(existsSync(db)).toBe(true)

      // "A few seconds later the worker has solved the demo round: `npx hemvist round list` shows it proposed."
      const demoRound = await until('the demo round is proposed', () => {
        const list = hemvist(['round', 'list'])
        expect(list.status).toBe(0)
        return /^(\S+)\tround\tproposed\t/m.exec(list.stdout)?.[1]
      })

      // The demo's ÖBO loop: the demo round's ÖBO proposals are nominated, delivered and answered.
      const delivered = await until('the demo nominations are delivered', () => {
        const outbox = hemvist(['obo', 'outbox'])
        expect(outbox.status, outbox.stderr).toBe(0)
        return /\bdelivered\b/.test(outbox.stdout) ? outbox.stdout : undefined
      })
      expect(delivered).not.toMatch(/\bdead\b/)
      await until('an outcome comes back', () =>
        /ÖBO \(mock\): outcome contract_signed for nomination \S+ → HTTP 200/.test(server.stdout())
          ? true
          : undefined,
      )

      // ÖBO's files: a dry run, the import, the same file again (all unchanged), priority decisions.
      const dry = hemvist(['obo', 'import', 'vacancies', 'examples/obo/vacancies.csv', '--dry-run'])
      expect(dry.status, dry.stderr).toBe(0)
      expect(dry.stdout).toBe('dry run: would import 3 flats: 3 new, 0 changed (0 withdrawn), 0 unchanged\n')
      const flats = hemvist(['obo', 'import', 'vacancies', 'examples/obo/vacancies.csv'])
      expect(flats.stdout).toBe('imported 3 flats: 3 new, 0 changed (0 withdrawn), 0 unchanged\n')
      const again = hemvist(['obo', 'import', 'vacancies', 'examples/obo/vacancies.csv'])
      expect(again.stdout).toBe('imported 3 flats: 0 new, 0 changed (0 withdrawn), 3 unchanged\n')
      const priorities = hemvist(['obo', 'import', 'priorities', 'examples/obo/priorities.csv'])
      expect(priorities.status, priorities.stderr).toBe(0)
      expect(priorities.stdout).toBe('imported 2 priority decisions: 2 approved, 0 ended, 0 unchanged\n')
      const exported = hemvist(['obo', 'export', 'nominations', '--out', 'nominations.csv'])
      expect(exported.status, exported.stderr).toBe(0)
      expect(readFileSync(join(dir, 'nominations.csv'), 'utf8')).toMatch(/^\uFEFFnominering;leverans;/)

      // Round commands while the service runs.
      const created = hemvist(['round', 'create', '--as-of', '2026-12-07'])
      expect(created.status, created.stderr).toBe(0)
      const roundId = created.stdout.trim()
      expect(roundId).toMatch(/^\S+$/)
      const settled = await until('the worker solves the new round', () => {
        const line = hemvist(['round', 'list'])
          .stdout.split('\n')
          .find((l) => l.startsWith(`${roundId}\t`))
        return line !== undefined && !/\t(queued|solving)\t/.test(line) ? line : undefined
      })
      expect(settled).toContain('\t2026-12-07\t')
      expect(settled).toMatch(/\torebro-default@\d+\t\d+ pending$/)
      const show = hemvist(['round', 'show', demoRound])
      expect(show.status, show.stderr).toBe(0)
      expect(show.stdout).toMatch(/[0-9a-f]{64}/) // the snapshot's hash
      expect(show.stdout.toLowerCase()).toContain('certif')
      const replay = hemvist(['round', 'replay', demoRound])
      expect(replay.status, replay.stdout + replay.stderr).toBe(0)

      // Follow-up and what-if on the demo data.
      const map = hemvist(['report', 'map'])
      expect(map.status, map.stderr).toBe(0)
      expect(map.stdout).toMatch(/^Hemlöshetskartläggning\n/)
      expect(map.stdout).toContain('1 Akut hemlöshet')
      const equalityCsv = hemvist(['report', 'equality', '--format', 'csv'])
      expect(equalityCsv.status, equalityCsv.stderr).toBe(0)
      expect(equalityCsv.stdout.startsWith('\ufefftabell;round;attribute;value;eligible;matched;rate')).toBe(
        true,
      )
      const whatIf = hemvist(['what-if', demoRound, 'orebro-default@1'])
      expect(whatIf.status, whatIf.stderr).toBe(0)
      // The same version as the stored round: nothing changes.
      expect(whatIf.stdout).toContain('Får ett förslag bara med den andra policyn:\n  (inga)')

      // Tokens and the audit log.
      const admin = hemvist([
        'token',
        'create',
        '--role',
        'admin',
        '--person',
        'Anna Svensson',
        '--label',
        'Drift',
      ])
      expect(admin.status, admin.stderr).toBe(0)
      const adminSecret = admin.stdout.trim()
      expect(adminSecret).toMatch(/^hv_/)
      expect(admin.stderr).toContain('shown only this once')
      const caseworker = hemvist([
        'token',
        'create',
        '--role',
        'caseworker',
        '--caseload',
        'team-vaster',
        '--person',
        'Sara Holm',
        '--label',
        'Väster team',
      ])
      expect(caseworker.status, caseworker.stderr).toBe(0)
      // The Väster team's token sees households: team-vaster is a caseload of the demo data.
      const own = await get(`${url}/v1/applicants?limit=5`, {
        Authorization: `Bearer ${caseworker.stdout.trim()}`,
      })
      expect(own.status).toBe(200)
      expect((JSON.parse(own.body) as { items: unknown[] }).items.length).toBeGreaterThan(0)
      const list = hemvist(['token', 'list'])
      expect(list.status).toBe(0)
      expect(list.stdout).toContain('Anna Svensson')
      expect(list.stdout).toContain('Sara Holm')
      expect(list.stdout).not.toContain('hv_') // never shows a secret
      const adminId = /^hv_([0-9a-f]+)_/.exec(adminSecret)?.[1] ?? ''
      const revoke = hemvist(['token', 'revoke', adminId])
      expect(revoke.status, revoke.stderr).toBe(0)
      expect((await get(`${url}/v1/rounds`, { Authorization: `Bearer ${adminSecret}` })).status).toBe(401)
      // A register extract of a demo household the case worker read: the read is in it.
      const someone = (JSON.parse(own.body) as { items: { id: string }[] }).items[0]?.id ?? ''
      const extract = hemvist(['extract', someone])
      expect(extract.status, extract.stderr).toBe(0)
      expect(extract.stdout).toContain(`# Registerutdrag från hemvist: hushåll ${someone}`)
      expect(extract.stdout).toContain('Sara Holm (caseworker), applicant.list')
      const verify = hemvist(['audit', 'verify'])
      expect(verify.status).toBe(0)
      expect(verify.stdout).toMatch(/^audit log intact: \d+ rows, head hash [0-9a-f]{64}\n$/)

      // Ctrl-C or SIGTERM stops the service cleanly: it exits 0.
      server.child.kill('SIGTERM')
      expect(await server.exited).toBe(0)

      // Retention on a database a few minutes old: nothing is past its time, and nothing changes.
      const dryRun = hemvist(['retention', 'run', '--dry-run'])
      expect(dryRun.status, dryRun.stderr).toBe(0)
      expect(dryRun.stdout).toMatch(
        /^retention as of \S+: nothing is past its time\nhousehold +0 +older than 5 years\n/,
      )
      const retention = hemvist(['retention', 'run'])
      expect(retention.status, retention.stderr).toBe(0)
      expect(retention.stdout).toContain('nothing is past its time')
      // The demo data goes, and only it: ÖBO's flats imported above stay; the audit chain is whole.
      const removed = hemvist(['demo', 'remove'])
      expect(removed.status, removed.stderr).toBe(0)
      expect(removed.stdout).toMatch(/^demo data removed: 300 households, 60 vacancies, 1 round, /)
      expect(hemvist(['audit', 'verify']).stdout).toMatch(/^audit log intact: /)
      expect(hemvist(['demo', 'remove']).stdout).toBe('no demo data in the database\n')
    } catch (error) {
      throw new Error(
        `${(error as Error).message}\nservice stderr: ${server.stderr().slice(-2000)}\nservice stdout: ${server.stdout().slice(-3000)}`,
      )
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL')
    }

    // `npx hemvist worker`: the worker alone, until Ctrl-C.
    const worker = started([join(root, 'bin', 'hemvist.js'), 'worker'])
    await until('the worker starts', () =>
      /hemvist worker \S+ started/.test(worker.stderr()) ? true : undefined,
    )
    worker.child.kill('SIGINT')
    expect(await worker.exited).toBe(0)

    // `npx hemvist obo mock`: a fake ÖBO until Ctrl-C.
    const mock = started([join(root, 'bin', 'hemvist.js'), 'obo', 'mock', '--port', '0'])
    await until('the fake ÖBO listens', () =>
      /HEMVIST_OBO_WEBHOOK_URL=http:\/\/127\.0\.0\.1:\d+\/nominations/.test(mock.stdout()) ? true : undefined,
    )
    expect(mock.stdout()).toMatch(/HEMVIST_OBO_NOMINATION_SECRET=whsec_/)
    mock.child.kill('SIGINT')
    expect(await mock.exited).toBe(0)

    // The command line on round files.
    const text = hemvist([
      'solve',
      '--in',
      'examples/round-story-8x6.json',
      '--format',
      'text',
      '--lang',
      'en',
    ])
    expect(text.status, text.stderr).toBe(0)
    expect(text.stdout).toContain('PROPOSALS')
    const letter = hemvist([
      'solve',
      '--in',
      'examples/round-story-8x6.json',
      '--format',
      'letter',
      '--applicant',
      'H01',
    ])
    expect(letter.status, letter.stderr).toBe(0)
    // "a letter to one household": in Swedish, addressed to the household, with its outcome.
    expect(letter.stdout).toMatch(/^Besked efter matchningsrundan /)
    expect(letter.stdout).toContain('Hej,')
    const json = hemvist(['solve', '--in', 'examples/round-orebro-60x15.json', '--out', 'result.json'])
    expect(json.status, json.stderr).toBe(0)
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { proposals: unknown[] }
    expect(result.proposals.length).toBeGreaterThan(0)
    expect(json.stdout).not.toBe('') // and the report
    const bare = hemvist([
      'solve',
      '--in',
      'examples/round-orebro-60x15.json',
      '--out',
      'result.json',
      '--no-explain',
      '--phases',
    ])
    expect(bare.status, bare.stderr).toBe(0)
    const bareResult = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as {
      proposals: { explanation?: unknown }[]
    }
    expect(bareResult.proposals.length).toBe(result.proposals.length)
    expect(bareResult.proposals.every((p) => p.explanation === undefined)).toBe(true)
    expect(bare.stderr).toMatch(/prepare \d+ ms, solve \d+ ms/)
    const one = hemvist(['explain', 'examples/round-story-8x6.json', 'H03'])
    expect(one.status, one.stderr).toBe(0)
    expect(JSON.parse(one.stdout)).toMatchObject({ applicantId: 'H03', proposed: null })
    const schema = hemvist(['schema', 'round'])
    expect(schema.status).toBe(0)
    expect(JSON.parse(schema.stdout).required).toEqual(
      expect.arrayContaining(['asOf', 'policy', 'applicants']),
    )
  }, 240_000)
})
