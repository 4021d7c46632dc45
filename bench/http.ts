/**
 * HTTP benchmark of the v1 API on loopback (autocannon):
 *
 *   node --import tsx bench/http.ts [--households 10000] [--seconds 10] [--connections 10]
 *
 * A child process serves the real app (createApp: request ids, logs, security
 * headers, bearer authentication, rate limit, audit) over a fresh database
 * with 10,000 synthetic households, plus a bare Hono route on the same server
 * (no middleware, answers "ok") as the yardstick. The parent runs autocannon
 * against `GET /v1/applicants/:id` (ids drawn across the table), a filtered
 * list, and the bare route, one after the other, so the server is measured
 * alone on its own process. Prints a table and writes
 * bench/results/http-latest.json with each figure as a ratio to the bare route
 * measured in the same run, the server process's CPU time per request (user +
 * system, all its threads: unlike throughput, hardly moved by other load on the
 * machine), and how many requests shared each COMMIT and each WAL sync (the
 * server's group commit, db/group-commit.ts). Times depend on the machine:
 * compare ratios. HEMVIST_BENCH_SERVER_ARGS passes Node flags to the server
 * (e.g. "--cpu-prof --cpu-prof-dir=prof").
 */
import { fork } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

const here = fileURLToPath(import.meta.url)

interface Ready {
  port: number
  token: string
  ids: string[]
  households: number
}

/** The server side: migrated database, seeded households, an allocator token, the app and a bare route. */
async function serveChild(households: number): Promise<void> {
  const { serve } = await import('@hono/node-server')
  const { groupCommitterFor } = await import('../db/group-commit.ts')
  const { httpBenchWorld } = await import('./http-world.ts')
  const { handle, root, token, applicants } = httpBenchWorld({ households, label: 'http-bench' })
  const server = serve({ fetch: root.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
    const ready: Ready = {
      port: info.port,
      token,
      ids: applicants.map((a) => a.id),
      households: applicants.length,
    }
    process.send?.(ready)
  })
  const committer = groupCommitterFor(handle)
  process.on('message', (message) => {
    if (message === 'stats') process.send?.({ stats: { ...committer.stats(), cpu: process.cpuUsage() } })
    if (message === 'stop') server.close(() => process.exit(0))
  })
}

/** The server's group-commit counters (db/group-commit.ts). */
interface CommitStats {
  groups: number
  commits: number
  bodies: number
  largestGroup: number
  syncs: number
  syncMs: number
  /** The server process's CPU time so far (user + system, µs). */
  cpu: { user: number; system: number }
}

interface Figures {
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  requests: number
  non2xx: number
  errors: number
}

interface Grouping {
  /** Group transactions (each one COMMIT, one fsync). */
  groups: number
  /** Request transaction bodies run in them. */
  bodies: number
  /** Bodies per group. */
  meanGroup: number
  /** WAL syncs (off the event loop; one may cover several groups) and their mean wall time. */
  syncs: number
  meanSyncMs: number
}

async function measure(
  url: string,
  options: { seconds: number; connections: number; headers?: Record<string, string>; paths?: string[] },
): Promise<Figures> {
  const base = new URL(url)
  const paths = options.paths
  let next = 0
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(paths === undefined
      ? {}
      : {
          requests: [
            {
              setupRequest: (req: Record<string, unknown>) => {
                next = (next + 1) % paths.length
                return { ...req, path: `${base.pathname.replace(/\/$/, '')}${paths[next]}` }
              },
            },
          ],
        }),
  } as autocannon.Options)
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      households: { type: 'string', default: '10000' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      serve: { type: 'string' },
    },
  })
  if (values.serve !== undefined) return serveChild(Number(values.serve))
  const households = Number(values.households)
  const seconds = Number(values.seconds)
  const connections = Number(values.connections)

  const child = fork(here, ['--serve', String(households)], {
    // Extra Node flags for the server only, e.g. HEMVIST_BENCH_SERVER_ARGS="--cpu-prof --cpu-prof-dir=prof".
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.HEMVIST_BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? []),
    ],
    stdio: 'inherit',
  })
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready))
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  const origin = `http://127.0.0.1:${ready.port}`
  const auth = { Authorization: `Bearer ${ready.token}` }
  // Spread the reads over the table (every 37th id), so no single row stays hot in the page cache alone.
  const idPaths = ready.ids.filter((_, i) => i % 37 === 0).map((id) => `/v1/applicants/${id}`)
  const listPath = '/v1/applicants?situation=acute&hasChildren=true&status=active&limit=50'

  const stats = () =>
    new Promise<CommitStats>((resolve) => {
      const listener = (m: unknown) => {
        if (typeof m === 'object' && m !== null && 'stats' in m) {
          child.off('message', listener)
          resolve((m as { stats: CommitStats }).stats)
        }
      }
      child.on('message', listener)
      child.send('stats')
    })
  /**
   * What the server did during `phase`: its CPU time per request (robust to other load on the
   * machine, unlike throughput) and the group committer's transactions and syncs.
   */
  const observed = async (
    phase: () => Promise<Figures>,
  ): Promise<{ result: Figures; cpuUsPerRequest: number; commits: Grouping }> => {
    const before = await stats()
    const result = await phase()
    const after = await stats()
    const groups = after.groups - before.groups
    const bodies = after.bodies - before.bodies
    const syncs = after.syncs - before.syncs
    const cpu = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system
    return {
      result,
      cpuUsPerRequest: result.requests === 0 ? 0 : cpu / result.requests,
      commits: {
        groups,
        bodies,
        meanGroup: groups === 0 ? 0 : Number((bodies / groups).toFixed(2)),
        syncs,
        meanSyncMs: syncs === 0 ? 0 : Number(((after.syncMs - before.syncMs) / syncs).toFixed(2)),
      },
    }
  }

  const run = { seconds, connections }
  const bareRun = await observed(() => measure(`${origin}/bare`, run))
  const oneRun = await observed(() => measure(`${origin}/`, { ...run, headers: auth, paths: idPaths }))
  const listRun = await observed(() => measure(`${origin}${listPath}`, { ...run, headers: auth }))
  const bareAgainRun = await observed(() => measure(`${origin}/bare`, run))
  const [bare, one, list, bareAgain] = [bareRun.result, oneRun.result, listRun.result, bareAgainRun.result]
  child.send('stop')

  // The bare route measured before and after: its mean is the yardstick, its spread the run's noise.
  const yard = {
    requestsPerSecond: (bare.requestsPerSecond + bareAgain.requestsPerSecond) / 2,
    p99Ms: (bare.p99Ms + bareAgain.p99Ms) / 2,
  }
  const bareCpu = (bareRun.cpuUsPerRequest + bareAgainRun.cpuUsPerRequest) / 2
  const rows = [
    { name: 'bare Hono route', path: '/bare', f: bare, cpu: bareRun.cpuUsPerRequest, commits: null },
    {
      name: 'GET /v1/applicants/:id',
      path: '/v1/applicants/:id',
      f: one,
      cpu: oneRun.cpuUsPerRequest,
      commits: oneRun.commits,
    },
    {
      name: 'filtered list (50)',
      path: listPath,
      f: list,
      cpu: listRun.cpuUsPerRequest,
      commits: listRun.commits,
    },
    {
      name: 'bare Hono route (again)',
      path: '/bare',
      f: bareAgain,
      cpu: bareAgainRun.cpuUsPerRequest,
      commits: null,
    },
  ].map((r) => ({
    ...r,
    throughputRatio: r.f.requestsPerSecond / yard.requestsPerSecond,
    p99Ratio: yard.p99Ms === 0 ? null : r.f.p99Ms / yard.p99Ms,
    cpuRatio: r.cpu / bareCpu,
  }))

  const pad = (s: string, n: number) => s.padEnd(n)
  console.log(
    `\nhemvist HTTP bench: ${ready.households} households, ${connections} connections, ${seconds} s each, loopback, commits synced as served\n`,
  )
  console.log(
    `${pad('route', 26)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('× bare req/s', 14)}${pad('server CPU µs/req', 19)}${pad('non-2xx', 9)}requests per COMMIT`,
  )
  for (const r of rows) {
    console.log(
      `${pad(r.name, 26)}${pad(r.f.requestsPerSecond.toFixed(0), 10)}${pad(String(r.f.p50Ms), 9)}${pad(String(r.f.p99Ms), 9)}${pad(r.throughputRatio.toFixed(3), 14)}${pad(`${r.cpu.toFixed(0)} (${r.cpuRatio.toFixed(1)}×)`, 19)}${pad(String(r.f.non2xx + r.f.errors), 9)}${r.commits === null ? '' : `${r.commits.meanGroup} (${r.commits.groups} commits, ${r.commits.syncs} syncs of ${r.commits.meanSyncMs} ms)`}`,
    )
  }
  const targets = {
    // Issue 17: a quarter of the bare route's throughput, with the durable audit row kept.
    readAtLeastQuarterOfBare: one.requestsPerSecond / yard.requestsPerSecond >= 0.25,
    listP99Under50ms: list.p99Ms < 50,
  }
  console.log(
    `\ntargets: read ≥ 0.25 × bare throughput: ${targets.readAtLeastQuarterOfBare}; list p99 < 50 ms: ${targets.listP99Under50ms}`,
  )

  const out = fileURLToPath(new URL('./results/', import.meta.url))
  mkdirSync(out, { recursive: true })
  writeFileSync(
    join(out, 'http-latest.json'),
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        households: ready.households,
        connections,
        secondsEach: seconds,
        results: rows.map((r) => ({
          name: r.name,
          path: r.path,
          ...r.f,
          throughputRatioToBare: Number(r.throughputRatio.toFixed(4)),
          p99RatioToBare: r.p99Ratio === null ? null : Number(r.p99Ratio.toFixed(2)),
          serverCpuUsPerRequest: Number(r.cpu.toFixed(1)),
          serverCpuRatioToBare: Number(r.cpuRatio.toFixed(2)),
          ...(r.commits === null ? {} : { groupCommit: r.commits }),
        })),
        targets,
      },
      null,
      2,
    )}\n`,
  )
  console.log(`wrote ${join(out, 'http-latest.json')}`)
  if (rows.some((r) => r.f.non2xx + r.f.errors > 0)) {
    console.error('some requests failed: the figures are not comparable')
    process.exitCode = 1
  }
}

await main()
