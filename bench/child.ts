import { resourceUsage } from 'node:process'
import { measure } from './measure.ts'
import { readInput } from './payload.ts'
import { readySolver, type SolverName } from './solvers/index.ts'

/**
 * One solver on one case, in its own process: its peak memory is its own, and
 * the parent can kill it at the wall-clock limit (javascript-lp-solver and
 * HiGHS are synchronous; HiGHS's WebAssembly abort poisons its instance).
 */
export interface ChildJob {
  readonly solver: SolverName
  readonly payloadPath: string
  readonly warmup: boolean
  readonly runs: number
  readonly limitMs: number
}

export type ChildMessage =
  | { readonly kind: 'ready'; readonly engine: string; readonly rssMb: number }
  | { readonly kind: 'solved'; readonly ms: number; readonly done: number; readonly planned: number }
  | {
      readonly kind: 'done'
      readonly engine: string
      readonly timesMs: readonly number[]
      readonly warmedUp: boolean
      readonly status: string
      readonly claimsOptimal: boolean
      readonly bound: number | null
      readonly message: string | null
      readonly chosen: Int32Array
      readonly certified: boolean | null
      readonly certificate: string | null
      readonly peakRssMb: number
    }

const send = (message: ChildMessage) =>
  new Promise<void>((resolve, reject) =>
    process.send?.(message, undefined, {}, (e) => (e ? reject(e) : resolve())),
  )

const rssMb = () => process.memoryUsage().rss / 2 ** 20

process.once('message', async (job: ChildJob) => {
  const input = readInput(job.payloadPath)
  const ready = await readySolver(job.solver, input, job.limitMs)
  await send({ kind: 'ready', engine: ready.engine, rssMb: rssMb() })
  const m = measure(ready, {
    warmup: job.warmup,
    runs: job.runs,
    limitMs: job.limitMs,
    onSolve: (ms, done, planned) => void send({ kind: 'solved', ms, done, planned }),
  })
  await send({
    kind: 'done',
    engine: m.engine,
    timesMs: m.timesMs,
    warmedUp: m.warmedUp,
    status: m.answer.status,
    claimsOptimal: m.answer.claimsOptimal,
    bound: m.answer.bound !== undefined && Number.isFinite(m.answer.bound) ? m.answer.bound : null,
    message: m.answer.message ?? null,
    chosen: m.answer.chosen,
    certified: m.certificate ? m.certificate.certified : null,
    certificate: m.certificate?.reason ?? null,
    // maxRSS is in KiB: the whole child's peak, loading the problem included.
    peakRssMb: resourceUsage().maxRSS / 1024,
  })
  process.disconnect()
})
