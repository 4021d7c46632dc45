/**
 * Helpers for round tests: a small world in a fresh database, service
 * contexts for named people, and a worker that solves in-process (the thread
 * is tested on its own in tests/worker/solve-in-thread.test.ts).
 */
import { and, eq } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.ts'
import { insertApplicant } from '../../db/repo/applicants.ts'
import { insertPolicy } from '../../db/repo/policies.ts'
import { insertVacancy } from '../../db/repo/vacancies.ts'
import { proposals } from '../../db/schema.ts'
import type { Applicant } from '../../src/domain/applicant.ts'
import { solveSnapshot } from '../../src/domain/match/stored-round.ts'
import { defaultPolicy, type Policy } from '../../src/domain/policy.ts'
import type { Principal, Role } from '../../src/domain/roles.ts'
import type { Vacancy } from '../../src/domain/vacancy.ts'
import type { ServiceContext } from '../../src/services/context.ts'
import { acceptOffer, type PlacementRow } from '../../src/services/offers/answer-offer.ts'
import { createRound, solveRoundTask } from '../../src/services/rounds/create-round.ts'
import { approveProposal } from '../../src/services/rounds/decide-proposal.ts'
import { createWorker, type RunOutcome } from '../../src/worker/index.ts'
import type { SolveSnapshotFn } from '../../src/worker/solve-in-thread.ts'
import { solveRoundHandler } from '../../src/worker/tasks/solve-round.ts'
import { logCapture } from '../api/test-app.ts'

/**
 * Solves on the calling thread: the same computation as the solver thread, handed over as the
 * thread hands it (the result as UTF-8 bytes, the proposals beside it).
 */
export const solveHere: SolveSnapshotFn = async (snapshot) => {
  const out = solveSnapshot(snapshot)
  if (!out.ok) return out
  const { resultUtf8, result, proposals, resultSha256, certified, certificateNote, phases } = out.value
  return {
    ok: true,
    resultUtf8,
    proposals,
    status: result.status,
    ...(result.message === undefined ? {} : { message: result.message }),
    resultSha256,
    certified,
    ...(certificateNote === undefined ? {} : { certificateNote }),
    phases,
  }
}

/** As `solveHere`, but handing the result over as text with no proposals (storing reads them from the text). */
export const solveHereAsText: SolveSnapshotFn = async (snapshot) => {
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

/**
 * Houses `applicantId` through the real path on `on`: a round, its proposal approved by a named
 * allocator (Karin Lind), the offer accepted. Returns the placement. The household must win a
 * proposal in that round.
 */
export async function placeThroughRound(
  t: DatabaseHandle,
  applicantId: string,
  key: string,
  on: string,
): Promise<PlacementRow> {
  const ctx = contextFor(t, 'allocator', { person: 'Karin Lind', now: () => new Date(`${on}T10:00:00Z`) })
  const made = createRound({ ctx, input: { idempotencyKey: key, body: { asOf: on } } })
  if (!made.ok) throw new Error(JSON.stringify(made.error))
  await drainWorker(t, { now: () => Date.parse(`${on}T10:00:00Z`) })
  const proposal = t.db
    .select()
    .from(proposals)
    .where(and(eq(proposals.roundId, made.value.round.id), eq(proposals.applicantId, applicantId)))
    .get()
  if (proposal === undefined) throw new Error(`${applicantId} was not proposed`)
  const approved = approveProposal({ ctx, input: { roundId: made.value.round.id, proposalId: proposal.id } })
  if (!approved.ok || approved.value.offer == null)
    throw new Error(`not approved: ${JSON.stringify(approved)}`)
  const accepted = acceptOffer({ ctx, input: { id: approved.value.offer.id } })
  if (!accepted.ok) throw new Error(JSON.stringify(accepted.error))
  return accepted.value.placement
}
