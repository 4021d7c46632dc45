/**
 * Entry of a solver thread: solves one round snapshot off the caller's event
 * loop and posts the outcome back. Started by `solveInThread`; nothing else
 * runs here, so a long solve never delays a heartbeat or an HTTP answer.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { solveSnapshot } from '../domain/match/stored-round.ts'

const { snapshot, timeLimitMs } = workerData as { snapshot: string; timeLimitMs?: number }
const outcome = solveSnapshot(snapshot, timeLimitMs === undefined ? {} : { timeLimitMs })
parentPort?.postMessage(
  outcome.ok
    ? {
        ok: true,
        resultText: outcome.value.resultText,
        resultSha256: outcome.value.resultSha256,
        certified: outcome.value.certified,
        ...(outcome.value.certificateNote === undefined
          ? {}
          : { certificateNote: outcome.value.certificateNote }),
        phases: outcome.value.phases,
      }
    : outcome,
)
