/**
 * A model-based test (fc.commands) of the round and offer state machine: random
 * sequences of create, solve, approve, reject, override, approve-all, accept,
 * decline, take-over, a placement's end, a flat's return, a household's
 * reopening and the passing of days, run against the services over a real
 * database, checked after every step against a simple model of what must hold.
 */
import { and, eq, inArray } from 'drizzle-orm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { getApplicant } from '../../../db/repo/applicants.ts'
import { getVacancy } from '../../../db/repo/vacancies.ts'
import { decisions, offers, placementEvents, placements, proposals, rounds } from '../../../db/schema.ts'
import { type RecordedEndReason, recordedEndReasons } from '../../../src/domain/round-lifecycle.ts'
import { reopenApplicant } from '../../../src/services/applicants/reopen-applicant.ts'
import type { ServiceContext } from '../../../src/services/context.ts'
import { acceptOffer, declineOffer, expireOverdueOffers } from '../../../src/services/offers/answer-offer.ts'
import { recordPlacementEnd, takeOverPlacement } from '../../../src/services/offers/placement-pathway.ts'
import { createRound } from '../../../src/services/rounds/create-round.ts'
import {
  approveAllProposals,
  approveProposal,
  overrideProposal,
  rejectProposal,
} from '../../../src/services/rounds/decide-proposal.ts'
import { mustApplicant, writeApplicantAsSystem } from '../../../src/services/rounds/store.ts'
import { returnFlat } from '../../../src/services/vacancies/return-flat.ts'
import { makeApplicant, makeVacancy } from '../../support/builders.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { contextFor, drainWorker, seedWorld } from '../../support/rounds.ts'

interface Model {
  /** Pairs a household declined: never proposed again. */
  declined: Set<string>
  housed: Set<string>
  let: Set<string>
  /** Placements whose end was recorded by a person (rule P8), with the reason. */
  ended: Map<string, RecordedEndReason>
}

interface Real {
  t: TestDatabase
  day: Date
  ctx: () => ServiceContext
  rounds: number
  /** Proposals made over the run: a run that proposes nothing tests nothing. */
  proposed: number
  /** Acceptances by a household that held a placement already (a move, rule P7). */
  moves: number
  /** Ends recorded, flats returned and households reopened: a run that does none tests none of them. */
  ends: number
  returns: number
  reopens: number
}

const households = ['H1', 'H2', 'H3', 'H4', 'H5']

const pair = (applicantId: string, vacancyId: string) => `${applicantId}>${vacancyId}`

function pick<T extends { id: string }>(rows: T[], index: number): T | undefined {
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : 1))
  return sorted.length === 0 ? undefined : sorted[index % sorted.length]
}

const pendingProposals = (r: Real) =>
  r.t.db
    .select({ id: proposals.id, roundId: proposals.roundId, applicantId: proposals.applicantId })
    .from(proposals)
    .innerJoin(rounds, eq(rounds.id, proposals.roundId))
    .where(and(eq(proposals.status, 'pending'), eq(rounds.status, 'proposed')))
    .all()
const openOffers = (r: Real) => r.t.db.select().from(offers).where(eq(offers.status, 'open')).all()

/** Every command checks the invariants after its step. */
abstract class Step implements fc.AsyncCommand<Model, Real> {
  check(_m: Readonly<Model>): boolean {
    return true
  }
  abstract step(m: Model, r: Real): Promise<void>
  async run(m: Model, r: Real): Promise<void> {
    await this.step(m, r)
    invariants(m, r)
  }
}

class CreateRound extends Step {
  async step(_m: Model, r: Real) {
    r.rounds += 1
    const made = createRound({
      ctx: r.ctx(),
      input: { idempotencyKey: `model-${r.rounds}`, body: { asOf: r.day.toISOString().slice(0, 10) } },
    })
    expect(made.ok).toBe(true)
  }
  override toString = (): string => 'create'
}

class Solve extends Step {
  async step(m: Model, r: Real) {
    const before = new Set(
      r.t.db
        .select({ id: proposals.id })
        .from(proposals)
        .all()
        .map((p) => p.id),
    )
    // The worker's clock is the model's day: jobs created "today" are due.
    await drainWorker(r.t, { now: () => r.day.getTime() })
    const fresh = r.t.db
      .select()
      .from(proposals)
      .all()
      .filter((p) => !before.has(p.id))
    r.proposed += fresh.length
    // A declined pair never comes back; a housed household and a let vacancy are never proposed.
    for (const p of fresh) {
      expect(m.declined.has(pair(p.applicantId, p.vacancyId)), 'declined pair proposed again').toBe(false)
      expect(m.housed.has(p.applicantId)).toBe(false)
      expect(m.let.has(p.vacancyId)).toBe(false)
    }
  }
  override toString = (): string => 'solve'
}

class Decide extends Step {
  constructor(
    readonly kind: 'approve' | 'reject' | 'override' | 'approve-all',
    readonly index: number,
    readonly other: number,
  ) {
    super()
  }
  async step(_m: Model, r: Real) {
    const p = pick(pendingProposals(r), this.index)
    if (p === undefined) return
    const ctx = r.ctx()
    const ref = { roundId: p.roundId, proposalId: p.id }
    if (this.kind === 'approve') approveProposal({ ctx, input: ref })
    else if (this.kind === 'reject') rejectProposal({ ctx, input: { ...ref, reason: 'other' } })
    else if (this.kind === 'approve-all') approveAllProposals({ ctx, input: { roundId: p.roundId } })
    else {
      const ids = ['H1', 'H2', 'H3', 'H4', 'H5']
      overrideProposal({
        ctx,
        input: { ...ref, applicantId: ids[this.other % ids.length] as string, reason: 'other' },
      })
    }
  }
  override toString = (): string => `${this.kind}(${this.index})`
}

class Answer extends Step {
  constructor(
    readonly accept: boolean,
    readonly index: number,
  ) {
    super()
  }
  async step(m: Model, r: Real) {
    const o = pick(openOffers(r), this.index)
    if (o === undefined) return
    if (this.accept) {
      if (r.t.db.select().from(placements).where(eq(placements.applicantId, o.applicantId)).get())
        r.moves += 1
      const done = acceptOffer({ ctx: r.ctx(), input: { id: o.id } })
      expect(done.ok).toBe(true)
      m.housed.add(o.applicantId)
      m.let.add(o.vacancyId)
    } else {
      const done = declineOffer({
        ctx: r.ctx(),
        input: { id: o.id, declinedBy: 'household', reason: 'location' },
      })
      expect(done.ok).toBe(true)
      m.declined.add(pair(o.applicantId, o.vacancyId))
    }
  }
  override toString = (): string => `${this.accept ? 'accept' : 'decline'}(${this.index})`
}

/** The household takes over the contract of a placement (rule P6): refused unless an active, not yet taken-over sublet. */
class TakeOver extends Step {
  constructor(readonly index: number) {
    super()
  }
  async step(_m: Model, r: Real) {
    const p = pick(r.t.db.select().from(placements).all(), this.index)
    if (p === undefined) return
    const events = r.t.db.select().from(placementEvents).where(eq(placementEvents.placementId, p.id)).all()
    const day = r.day.toISOString().slice(0, 10)
    const may =
      ['social_contract', 'training', 'trial'].includes(p.contractForm) &&
      events.length === 0 &&
      day >= p.startDate
    const done = takeOverPlacement({ ctx: r.ctx(), input: { id: p.id, on: day } })
    expect(done.ok, `take-over of ${p.contractForm}, events ${events.length}`).toBe(may)
  }
  override toString = (): string => `take-over(${this.index})`
}

/**
 * The whole routine for one household in a row: a round, the approval of its proposal and its yes.
 * A housed household is first put back in the pool with a reason to move on (written as the system
 * writes it: no route re-opens a housed case), so its yes is a move from one placement to the next
 * (rule P7).
 */
class PlaceOrMove extends Step {
  constructor(readonly index: number) {
    super()
  }
  async step(m: Model, r: Real) {
    // Half the time a housed household, when there is one: a move.
    const among = m.housed.size > 0 && this.index % 2 === 0 ? [...m.housed].sort() : households
    const id = among[Math.floor(this.index / 2) % among.length] as string
    // The allocator first rejects whatever is still pending, so that the new round's pool is whole.
    for (const p of pendingProposals(r))
      rejectProposal({ ctx: r.ctx(), input: { roundId: p.roundId, proposalId: p.id, reason: 'other' } })
    const stored = mustApplicant(r.t.db, id)
    const moving = m.housed.has(id)
    // A move is from a placement the household still lives in; one whose placement ended is reopened instead.
    if (moving && latestOf(r, { applicantId: id })?.ended !== undefined) return
    if (moving) {
      writeApplicantAsSystem(r.t.db, stored, {
        ...stored.applicant,
        status: 'active',
        subletMoveReason: 'household_changed_size',
      })
      m.housed.delete(id)
    } else if (stored.applicant.status !== 'active') return
    await new CreateRound().step(m, r)
    await new Solve().step(m, r)
    const p = pendingProposals(r).find((x) => x.applicantId === id)
    if (p === undefined) return
    const approved = approveProposal({ ctx: r.ctx(), input: { roundId: p.roundId, proposalId: p.id } })
    if (!approved.ok || approved.value.offer === undefined) return
    const done = acceptOffer({ ctx: r.ctx(), input: { id: approved.value.offer.id } })
    expect(done.ok).toBe(true)
    if (moving) r.moves += 1
    m.housed.add(id)
    m.let.add(approved.value.offer.vacancyId)
  }
  override toString = (): string => `place-or-move(${this.index})`
}

/** The latest placement of a household, or of a flat, with its take-over and end (as the services read it). */
function latestOf(r: Real, where: { applicantId: string } | { vacancyId: string }) {
  const rows = r.t.db
    .select()
    .from(placements)
    .where(
      'applicantId' in where
        ? eq(placements.applicantId, where.applicantId)
        : eq(placements.vacancyId, where.vacancyId),
    )
    .all()
    .sort((a, b) => (a.startDate < b.startDate ? 1 : a.startDate > b.startDate ? -1 : a.id < b.id ? 1 : -1))
  const p = rows[0]
  if (p === undefined) return undefined
  const events = r.t.db.select().from(placementEvents).where(eq(placementEvents.placementId, p.id)).all()
  return {
    ...p,
    takenOverOn: events.find((e) => e.kind === 'taken_over')?.on ?? null,
    ended: events.find((e) => e.kind === 'ended'),
  }
}

/** A person records that a placement ended (rule P8): refused when it already ended. */
class EndPlacement extends Step {
  constructor(
    readonly index: number,
    readonly reason: RecordedEndReason,
  ) {
    super()
  }
  async step(m: Model, r: Real) {
    const p = pick(r.t.db.select().from(placements).all(), this.index)
    if (p === undefined) return
    const day = r.day.toISOString().slice(0, 10)
    const events = r.t.db.select().from(placementEvents).where(eq(placementEvents.placementId, p.id)).all()
    const endedAlready = events.some((e) => e.kind === 'ended')
    const takenOverOn = events.find((e) => e.kind === 'taken_over')?.on
    const done = recordPlacementEnd({ ctx: r.ctx(), input: { id: p.id, reason: this.reason } })
    if (endedAlready) expect(done.ok, 'a placement ended twice').toBe(false)
    else if (p.startDate <= day && (takenOverOn === undefined || takenOverOn <= day))
      expect(done.ok, 'an active placement whose end was refused').toBe(true)
    if (done.ok) {
      m.ended.set(p.id, this.reason)
      r.ends += 1
    }
  }
  override toString = (): string => `end(${this.index}, ${this.reason})`
}

/** A let flat goes back (rule P9): only once its placement has ended. */
class ReturnFlat extends Step {
  constructor(readonly index: number) {
    super()
  }
  async step(m: Model, r: Real) {
    // Half the time a flat whose placement ended (when there is one), else any let flat: a refusal.
    const all = [...m.let].sort()
    const ended = all.filter((v) => latestOf(r, { vacancyId: v })?.ended !== undefined)
    const among = ended.length > 0 && this.index % 2 === 0 ? ended : all
    const id = among[Math.floor(this.index / 2) % Math.max(1, among.length)]
    if (id === undefined) return
    const latest = latestOf(r, { vacancyId: id })
    const done = returnFlat({ ctx: r.ctx(), input: { id } })
    expect(done.ok, 'a flat returned while its placement is active, or kept after it ended').toBe(
      latest?.ended !== undefined,
    )
    if (done.ok) {
      r.returns += 1
      m.let.delete(id)
      expect(done.value.vacancy.vacancy.status).toBe(latest?.takenOverOn === null ? 'open' : 'withdrawn')
    }
  }
  override toString = (): string => `return(${this.index})`
}

/** A housed household is reopened (rule P10): only after an eviction or leaving, never after a take-over. */
class Reopen extends Step {
  constructor(readonly index: number) {
    super()
  }
  async step(m: Model, r: Real) {
    // Half the time a household whose placement ended (when there is one), else any housed one.
    const all = [...m.housed].sort()
    const ended = all.filter((h) => latestOf(r, { applicantId: h })?.ended !== undefined)
    const among = ended.length > 0 && this.index % 2 === 0 ? ended : all
    const id = among[Math.floor(this.index / 2) % Math.max(1, among.length)]
    if (id === undefined) return
    const latest = latestOf(r, { applicantId: id })
    const stored = mustApplicant(r.t.db, id)
    const day = r.day.toISOString().slice(0, 10)
    const done = reopenApplicant({
      ctx: r.ctx(),
      input: {
        id,
        expectedVersion: stored.version,
        situation: { code: 'acute', kind: 'shelter', since: day },
      },
    })
    const may =
      latest !== undefined &&
      latest.takenOverOn === null &&
      latest.ended !== undefined &&
      (m.ended.get(latest.id) === 'evicted' || m.ended.get(latest.id) === 'left')
    expect(done.ok, `reopen after ${latest?.ended?.endReason ?? 'no end'}`).toBe(may)
    if (done.ok) {
      r.reopens += 1
      m.housed.delete(id)
      // Its declines are kept: the model's declined pairs still hold for it.
      expect(mustApplicant(r.t.db, id).applicant.status).toBe('active')
    }
  }
  override toString = (): string => `reopen(${this.index})`
}

class DaysPass extends Step {
  constructor(readonly days: number) {
    super()
  }
  async step(_m: Model, r: Real) {
    r.day = new Date(r.day.getTime() + this.days * 86_400_000)
    expireOverdueOffers(r.t.db, r.day)
  }
  override toString = (): string => `days(${this.days})`
}

/** What must hold after every step, read from the database. */
function invariants(m: Model, r: Real): void {
  const open = openOffers(r)
  expect(new Set(open.map((o) => o.vacancyId)).size, 'a vacancy in two open offers').toBe(open.length)
  expect(new Set(open.map((o) => o.applicantId)).size, 'a household holding two open offers').toBe(
    open.length,
  )
  for (const o of open) {
    expect(getApplicant(r.t.db, o.applicantId)?.applicant.status).toBe('offered')
    expect(getVacancy(r.t.db, o.vacancyId)?.vacancy.status).toBe('offered')
  }
  const made = r.t.db.select().from(placements).all()
  for (const p of made) {
    const d = r.t.db.select().from(decisions).where(eq(decisions.id, p.decisionId)).get()
    expect(d?.kind === 'approve' || d?.kind === 'override', 'placement without an approval').toBe(true)
    expect(d?.decidedByPerson.trim().length).toBeGreaterThan(0)
    expect(d?.applicantId).toBe(p.applicantId)
  }
  for (const p of pendingProposals(r)) {
    const row = r.t.db.select().from(proposals).where(eq(proposals.id, p.id)).get()
    expect(
      m.declined.has(pair(row?.applicantId ?? '', row?.vacancyId ?? '')),
      'declined pair proposed again',
    ).toBe(false)
  }
  for (const a of m.housed) expect(getApplicant(r.t.db, a)?.applicant.status).toBe('housed')
  // A household never holds two active placements; one that moved on ended the day its next began.
  const events = r.t.db.select().from(placementEvents).all()
  const ended = new Map(events.filter((e) => e.kind === 'ended').map((e) => [e.placementId, e.on]))
  const active = made.filter((p) => !ended.has(p.id)).map((p) => p.applicantId)
  expect(new Set(active).size, 'a household with two active placements').toBe(active.length)
  // Every end a person recorded is there with its reason; no placement ended twice.
  expect(events.filter((e) => e.kind === 'ended').length, 'a placement ended twice').toBe(ended.size)
  for (const [id, reason] of m.ended)
    expect(events.find((e) => e.kind === 'ended' && e.placementId === id)?.endReason).toBe(reason)
  // A flat holds at most one active placement.
  const activeFlats = made.filter((p) => !ended.has(p.id)).map((p) => p.vacancyId)
  expect(new Set(activeFlats).size, 'a flat with two active placements').toBe(activeFlats.length)
  for (const p of made) {
    const end = ended.get(p.id)
    // An end a person recorded (own home, eviction, leaving, death) has no next placement to match.
    if (end === undefined || m.ended.has(p.id)) continue
    const next = made.filter((q) => q.applicantId === p.applicantId && q.id !== p.id && q.startDate === end)
    expect(next.length, 'an ended placement with no next one').toBeGreaterThan(0)
  }
  for (const v of m.let) expect(getVacancy(r.t.db, v)?.vacancy.status).toBe('let')
  // Every offer stems from an approval or override by a named person.
  const offerDecisions = r.t.db
    .select()
    .from(offers)
    .all()
    .map((o) => o.decisionId)
  if (offerDecisions.length > 0) {
    const ds = r.t.db.select().from(decisions).where(inArray(decisions.id, offerDecisions)).all()
    expect(ds.every((d) => d.kind !== 'reject')).toBe(true)
  }
}

describe('the round and offer state machine against a model', () => {
  let totalProposed = 0
  let totalMoves = 0
  const totals = { ends: 0, returns: 0, reopens: 0 }
  it('a vacancy is never in two open offers, a household never holds two offers nor two active placements, every placement has an approval by a named person, a declined pair never comes back', async () => {
    const commands = [
      fc.constant(new CreateRound()),
      fc.constant(new Solve()),
      fc.constant(new Solve()),
      fc
        .tuple(
          fc.constantFrom('approve', 'reject', 'override', 'approve-all' as const),
          fc.nat(20),
          fc.nat(20),
        )
        .map(([k, i, o]) => new Decide(k, i, o)),
      fc.tuple(fc.boolean(), fc.nat(20)).map(([a, i]) => new Answer(a, i)),
      fc.tuple(fc.boolean(), fc.nat(20)).map(([a, i]) => new Answer(a, i)),
      fc.integer({ min: 1, max: 10 }).map((d) => new DaysPass(d)),
      fc.nat(20).map((i) => new TakeOver(i)),
      fc.nat(20).map((i) => new PlaceOrMove(i)),
      fc.nat(20).map((i) => new PlaceOrMove(i)),
      // Twice each: a return or a reopening needs an end before it, and an end a placement.
      ...[1, 2].flatMap(() => [
        fc
          .tuple(fc.nat(20), fc.constantFrom(...recordedEndReasons))
          .map(([i, why]) => new EndPlacement(i, why)),
        fc.nat(20).map((i) => new ReturnFlat(i)),
        fc.nat(20).map((i) => new Reopen(i)),
      ]),
    ]
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), async (cmds) => {
        const t = freshDatabase()
        try {
          seedWorld(t, {
            applicants: households.map((id, i) => makeApplicant({ id, lotteryNumber: i })),
            vacancies: ['V1', 'V2', 'V3', 'V4', 'V5', 'V6'].map((id) => makeVacancy({ id })),
          })
          const real: Real = {
            t,
            day: new Date('2026-12-07T09:00:00Z'),
            ctx: () => contextFor(t, 'allocator', { person: 'Karin Lind', now: () => real.day }),
            rounds: 0,
            proposed: 0,
            moves: 0,
            ends: 0,
            returns: 0,
            reopens: 0,
          }
          const model: Model = { declined: new Set(), housed: new Set(), let: new Set(), ended: new Map() }
          await fc.asyncModelRun(() => ({ model, real }), cmds)
          totalProposed += real.proposed
          totalMoves += real.moves
          totals.ends += real.ends
          totals.returns += real.returns
          totals.reopens += real.reopens
        } finally {
          t.close()
        }
      }),
      { numRuns: 60, seed: 20261202, endOnFailure: true },
    )
    expect(totalProposed).toBeGreaterThan(20)
    expect(totalMoves, 'no run moved a household on from a placement').toBeGreaterThan(0)
    expect(totals.ends, 'no run ended a placement').toBeGreaterThan(0)
    expect(totals.returns, 'no run returned a flat').toBeGreaterThan(0)
    expect(totals.reopens, 'no run reopened a household').toBeGreaterThan(0)
  }, 180_000)
})
