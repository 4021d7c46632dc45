/**
 * Helpers for round tests: a small world in a fresh database, service
 * contexts for named people, and a worker that solves in-process (the thread
 * is tested on its own in tests/worker/solve-in-thread.test.ts).
 */
import type { DatabaseHandle } from '../../db/client.ts'
import { insertApplicant } from '../../db/repo/applicants.ts'
import { insertPolicy } from '../../db/repo/policies.ts'
import { insertVacancy } from '../../db/repo/vacancies.ts'
import type { Applicant } from '../../src/domain/applicant.ts'
import { solveSnapshot } from '../../src/domain/match/stored-round.ts'
import { defaultPolicy, type Policy } from '../../src/domain/policy.ts'
import type { Principal, Role } from '../../src/domain/roles.ts'
import type { Vacancy } from '../../src/domain/vacancy.ts'
import type { ServiceContext } from '../../src/services/context.ts'
import { solveRoundTask } from '../../src/services/rounds/create-round.ts'
import { createWorker, type RunOutcome } from '../../src/worker/index.ts'
import type { SolveSnapshotFn } from '../../src/worker/solve-in-thread.ts'
import { solveRoundHandler } from '../../src/worker/tasks/solve-round.ts'
import { logCapture } from '../api/test-app.ts'

/** Solves on the calling thread: the same computation as the solver thread. */
export const solveHere: SolveSnapshotFn = async (snapshot) => {
  const out = solveSnapshot(snapshot)
  if (!out.ok) return out
  const { resultText, resultSha256, certified, certificateNote, phases } = out.value
  return {
    ok: true,
    resultText,
    resultSha256,
    certified,
    ...(certificateNote === undefined ? {} : { certificateNote }),
    phases,
  }
}

/** Stores the policy (active) and the given households and vacancies. */
export function seedWorld(
  t: DatabaseHandle,
  world: { applicants: Applicant[]; vacancies: Vacancy[]; policy?: Policy },
): void {
  const p = insertPolicy(t.db, world.policy ?? defaultPolicy, { activate: true })
  if (!p.ok) throw new Error(JSON.stringify(p.error))
  for (const a of world.applicants) {
    const r = insertApplicant(t.db, a)
    if (!r.ok) throw new Error(JSON.stringify(r.error))
  }
  for (const v of world.vacancies) {
    const r = insertVacancy(t.db, v)
    if (!r.ok) throw new Error(JSON.stringify(r.error))
  }
}

let request = 0
/** A service context for a named person in a role (caseworkers get `team-norr` unless told). */
export function contextFor(
  t: DatabaseHandle,
  role: Role,
  options: { person?: string | null; caseloads?: string[]; now?: () => Date } = {},
): ServiceContext {
  const principal: Principal = {
    tokenId: `tok-${role}`,
    role,
    caseloads: role === 'caseworker' ? (options.caseloads ?? ['team-norr']) : [],
    ...(options.person === null ? {} : { person: options.person ?? `Test ${role}` }),
  }
  return {
    db: t.db,
    principal,
    requestId: `req-${++request}`,
    ...(options.now ? { now: options.now } : {}),
  }
}

/** Runs the worker until no job is due (each solve in-process); returns the outcomes. */
export async function drainWorker(
  t: DatabaseHandle,
  options: { solve?: SolveSnapshotFn; now?: () => number } = {},
): Promise<RunOutcome[]> {
  const worker = createWorker({
    db: t.db,
    logger: logCapture().logger,
    pollMs: 10,
    ...(options.now ? { now: options.now } : {}),
    tasks: { [solveRoundTask]: solveRoundHandler({ solve: options.solve ?? solveHere }) },
  })
  const outcomes: RunOutcome[] = []
  for (let i = 0; i < 100; i++) {
    const o = await worker.runOnce()
    if (o === 'idle') break
    outcomes.push(o)
  }
  return outcomes
}
