/**
 * Where the time of one audited read goes, in one process (no sockets):
 *
 *   node --import tsx bench/http-costs.ts [--households 10000] [--batches 7] [--calls 3000]
 *
 * Each row is the median over `--batches` of the mean wall time of `--calls`
 * calls (and of the process's CPU time per call), after a warm-up, on a fresh database of synthetic households in a
 * temporary directory. The first two rows go through the whole app with
 * `app.request` (Hono's in-process fetch: no sockets, so both exclude what
 * Node's HTTP server costs): the bare route that bench/http.ts uses as its
 * yardstick, and `GET /v1/applicants/:id` as an allocator. The rest are parts
 * of that read, called directly. `bench/http.ts` measures the same routes over
 * loopback; this explains its ratio. Times are machine-dependent; compare the
 * rows of one run.
 */
import { fdatasync, openSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { writeTransaction } from '../db/client.ts'
import { getApplicantToShow, getApplicant as readApplicant } from '../db/repo/applicants.ts'
import { applicantView } from '../src/api/views/applicant.ts'
import { appendAudit } from '../src/services/audit.ts'
import { findPrincipal } from '../src/services/tokens.ts'
import { httpBenchWorld } from './http-world.ts'

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '10000' },
    batches: { type: 'string', default: '7' },
    calls: { type: 'string', default: '3000' },
  },
})
const households = Number(values.households)
const batches = Number(values.batches)
const calls = Number(values.calls)

const { handle, root, token, applicants } = httpBenchWorld({ households, label: 'http-costs' })
const path = handle.path
const headers = { authorization: `Bearer ${token}` }
const idAt = (i: number) => applicants[i % applicants.length]?.id ?? ''
const principal = { tokenId: 'bench', role: 'allocator' as const, caseloads: [] }

/**
 * Median over batches of the mean µs per call, wall and the process's CPU (user + system, all
 * threads: the WAL sync's thread too; steadier than wall on a shared machine); `f` may be async
 * (awaited one at a time).
 */
async function cost(f: (i: number) => unknown): Promise<[number, number]> {
  let i = 0
  for (let w = 0; w < Math.min(calls, 500); w++) await f(i++)
  const walls: number[] = []
  const cpus: number[] = []
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    for (let n = 0; n < calls; n++) await f(i++)
    const c = process.cpuUsage(c0)
    walls.push(((performance.now() - t0) * 1000) / calls)
    cpus.push((c.user + c.system) / calls)
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN
  return [median(walls), median(cpus)]
}

const walFd = openSync(`${path}-wal`, 'r+')
const rows: [string, number, number][] = []
const row = async (name: string, f: (i: number) => unknown) => {
  rows.push([name, ...(await cost(f))])
  process.stderr.write('.')
}
await row('bare Hono route, app.request', async () => (await root.request('/bare')).text())
await row('GET /v1/applicants/:id, app.request (10 at a time)', async (i) => {
  // Ten concurrent requests, as bench/http.ts's ten connections, so they share commits; per request.
  const all = Array.from({ length: 10 }, (_, k) =>
    Promise.resolve(root.request(`/v1/applicants/${idAt(i * 10 + k)}`, { headers })).then((r) => r.text()),
  )
  await Promise.all(all)
})
rows[1] = [rows[1]?.[0] ?? '', (rows[1]?.[1] ?? 0) / 10, (rows[1]?.[2] ?? 0) / 10]
await row('  bearer token lookup (findPrincipal)', () => findPrincipal(handle.db, token))
await row('  read one household (SELECT, JSON.parse, zod)', (i) => readApplicant(handle.db, idAt(i)))
// What GET /v1/applicants/:id reads: a stored text validated before is not parsed again. The ids
// bench/http.ts reads (every 37th), fewer than the 2,000 documents kept.
const shownIdAt = (i: number) => applicants[((i % 270) * 37) % applicants.length]?.id ?? ''
await row('  read one household to show (text validated before)', (i) =>
  getApplicantToShow(handle.db, shownIdAt(i)),
)
const stored = readApplicant(handle.db, idAt(0))
if (stored === undefined) throw new Error('no household')
await row('  allocator view + JSON.stringify', () => JSON.stringify(applicantView('allocator', stored)))
// As in a group commit: ten rows per transaction, committed at synchronous=NORMAL (the WAL sync
// is the row below). Per row.
handle.sqlite.exec('PRAGMA synchronous = NORMAL')
await row('  audit row (head, SHA-256, INSERT), 10 per transaction', (i) =>
  writeTransaction(handle.db, (tx) => {
    for (let k = 0; k < 10; k++) {
      appendAudit(tx, {
        principal,
        action: 'applicant.read',
        objectType: 'applicant',
        objectId: idAt(i * 10 + k),
        requestId: `costs-${i}-${k}`,
      })
    }
  }),
)
handle.sqlite.exec('PRAGMA synchronous = FULL')
rows[rows.length - 1] = [rows.at(-1)?.[0] ?? '', (rows.at(-1)?.[1] ?? 0) / 10, (rows.at(-1)?.[2] ?? 0) / 10]
await row('  nested savepoint (writeTransaction inside the group)', () =>
  writeTransaction(handle.db, (tx) => {
    for (let k = 0; k < 10; k++) writeTransaction(tx, () => k)
  }),
)
rows[rows.length - 1] = [rows.at(-1)?.[0] ?? '', (rows.at(-1)?.[1] ?? 0) / 10, (rows.at(-1)?.[2] ?? 0) / 10]
await row('  empty write transaction (BEGIN IMMEDIATE, COMMIT), per group', () =>
  writeTransaction(handle.db, () => 0),
)
await row(
  '  WAL fdatasync round trip (wall: thread pool and disk), per group',
  () => new Promise((r) => fdatasync(walFd, r)),
)
process.stderr.write('\n')

console.log(
  `\nhemvist HTTP cost breakdown: ${households} households, median of ${batches} × ${calls} calls\n`,
)
console.log(`${'what'.padEnd(58)}µs per call   × bare route   CPU µs per call`)
const bare = rows[0]?.[1] ?? Number.NaN
for (const [name, us, cpu] of rows)
  console.log(
    `${name.padEnd(58)}${us.toFixed(1).padStart(10)}   ${(us / bare).toFixed(2).padStart(10)}   ${cpu.toFixed(1).padStart(15)}`,
  )
