import { fork } from 'node:child_process'
import type { ChildJob, ChildMessage } from './child.ts'

type Done = Extract<ChildMessage, { kind: 'done' }>

export type ChildOutcome =
  | { readonly outcome: 'finished'; readonly result: Done }
  | {
      readonly outcome: 'timeout' | 'crashed'
      readonly engine: string | null
      /** Solves that completed before the end (a warm-up counts). */
      readonly solves: number
      readonly lastMs: number | null
      readonly reason: string
    }

export interface ChildOptions {
  /** Extra time for loading the problem file and the runtime (ms). */
  readonly loadMs: number
  /** Slack over the per-solve limit before the process is killed (the solver may stop itself). */
  readonly graceMs: number
  /** Heap for the child, in MB. */
  readonly heapMb: number
  readonly onMessage?: (message: ChildMessage) => void
}

const childPath = new URL('./child.ts', import.meta.url)

/**
 * Runs one solver job in a child process with a wall-clock watchdog: the
 * loading phase gets `loadMs`, every solve `limitMs + graceMs`; the watchdog
 * restarts after each solve the child reports. A child past its time is killed
 * (SIGKILL on its own pid) and reported as a timeout.
 */
export function runChild(job: ChildJob, options: ChildOptions): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = fork(childPath, [], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${options.heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000)
    })
    let engine: string | null = null
    let solves = 0
    let lastMs: number | null = null
    let settled = false
    let timer: NodeJS.Timeout | undefined
    const settle = (outcome: ChildOutcome) => {
      if (settled) return
      settled = true
      if (timer) clearTimeout(timer)
      resolve(outcome)
    }
    const watch = (ms: number, phase: string) => {
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => {
        child.kill('SIGKILL')
        settle({
          outcome: 'timeout',
          engine,
          solves,
          lastMs,
          reason: `no answer within ${Math.round(ms / 1000)} s (${phase}); process killed`,
        })
      }, ms)
    }
    watch(options.loadMs, 'loading')
    child.on('message', (message: ChildMessage) => {
      options.onMessage?.(message)
      switch (message.kind) {
        case 'ready':
          engine = message.engine
          watch(job.limitMs + options.graceMs, 'solve 1')
          break
        case 'solved':
          solves = message.done
          lastMs = message.ms
          if (message.done < message.planned)
            watch(job.limitMs + options.graceMs, `solve ${message.done + 1}`)
          else watch(options.loadMs, 'certificate check')
          break
        case 'done':
          settle({ outcome: 'finished', result: message })
          break
      }
    })
    child.on('exit', (code, signal) => {
      // The error's own line (e.g. "Error: ENOENT …") says more than the stack's last frames.
      const lines = stderr.trim().split('\n')
      const cause = lines.find((l) => /^\w*(Error|error)\b|^Error/.test(l.trim()))
      const tail = [cause, ...lines.slice(-2)].filter(Boolean).join(' | ')
      settle({
        outcome: 'crashed',
        engine,
        solves,
        lastMs,
        reason: `process exited (${signal ?? `code ${code}`})${tail ? `: ${tail}` : ''}`,
      })
    })
    child.send(job)
  })
}
