/**
 * Entry of the solver thread: solves round snapshots off the caller's event
 * loop, one message at a time, and posts each outcome back with the request's
 * id. Started once and kept (by `SolverThread`), so a solve does not pay for
 * loading the engine again; nothing else runs here, so a long solve never
 * delays a heartbeat or an HTTP answer. A request either solves a snapshot
 * (a round, a replay, a what-if) or explains one household of it in full; started ahead of need
 * it first solves a generated round (`warmUp`).
 */
import { parentPort } from 'node:worker_threads'
import { explainSnapshotHousehold, snapshotText, solveSnapshot } from '../domain/match/stored-round.ts'
import { defaultPolicy } from '../domain/policy.ts'
import { generateRound } from '../synthetic/index.ts'

type Request =
  | { id: number; kind?: 'solve'; snapshot: string; timeLimitMs?: number; explain?: boolean }
  | { id: number; kind: 'explain'; snapshot: string; householdId: string; timeLimitMs?: number }
  | { id: number; kind: 'warm' }

/**
 * A generated round of 800 households and 160 vacancies (made of nobody: `src/synthetic`), solved
 * once and thrown away when the thread is started ahead of need, so that the engine's code is
 * compiled before a real round needs it. Large enough for the tie buckets of a city's round.
 */
function warmUp(): void {
  const round = generateRound({
    seed: 1,
    asOf: '2026-12-07',
    applicants: 800,
    vacancies: 160,
    policy: defaultPolicy,
  })
  solveSnapshot(snapshotText(round))
}

parentPort?.on('message', (request: Request) => {
  if (request.kind === 'warm') {
    warmUp()
    parentPort?.postMessage({ id: request.id, outcome: { ok: true } })
    return
  }
  const timeLimit = request.timeLimitMs === undefined ? {} : { timeLimitMs: request.timeLimitMs }
  if (request.kind === 'explain') {
    const outcome = explainSnapshotHousehold(request.snapshot, request.householdId, timeLimit)
    parentPort?.postMessage({
      id: request.id,
      outcome: outcome.ok ? { ok: true, explanation: outcome.value ?? null } : outcome,
    })
    return
  }
  const outcome = solveSnapshot(request.snapshot, {
    ...timeLimit,
    ...(request.explain === undefined ? {} : { explain: request.explain }),
  })
  const resultUtf8 = outcome.ok ? outcome.value.resultUtf8 : undefined
  parentPort?.postMessage(
    {
      id: request.id,
      outcome: outcome.ok
        ? {
            ok: true,
            // Bytes, transferred below: posting the text itself copied megabytes twice.
            resultUtf8: outcome.value.resultUtf8,
            // Beside the text, so that storing need not parse it (see SolvedRound).
            proposals: outcome.value.proposals,
            status: outcome.value.result.status,
            ...(outcome.value.result.message === undefined ? {} : { message: outcome.value.result.message }),
            resultSha256: outcome.value.resultSha256,
            certified: outcome.value.certified,
            ...(outcome.value.certificateNote === undefined
              ? {}
              : { certificateNote: outcome.value.certificateNote }),
            phases: outcome.value.phases,
          }
        : outcome,
    },
    resultUtf8 === undefined ? [] : [resultUtf8.buffer as ArrayBuffer],
  )
})
