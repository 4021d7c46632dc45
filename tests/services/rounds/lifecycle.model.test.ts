/**
 * A model-based test (fc.commands) of the round and offer state machine: random
 * sequences of create, solve, approve, reject, override, approve-all, accept,
 * decline and the passing of days, run against the services over a real
 * database, checked after every step against a simple model of what must hold.
 */
import { and, eq, inArray } from 'drizzle-orm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { getApplicant } from '../../../db/repo/applicants.ts'
import { getVacancy } from '../../../db/repo/vacancies.ts'
import { decisions, offers, placements, proposals, rounds } from '../../../db/schema.ts'
import type { ServiceContext } from '../../../src/services/context.ts'
import { acceptOffer, declineOffer, expireOverdueOffers } from '../../../src/services/offers/answer-offer.ts'
import { createRound } from '../../../src/services/rounds/create-round.ts'
import {
  approveAllProposals,
  approveProposal,
  overrideProposal,
  rejectProposal,
} from '../../../src/services/rounds/decide-proposal.ts'
import { makeApplicant, makeVacancy } from '../../support/builders.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { contextFor, drainWorker, seedWorld } from '../../support/rounds.ts'

interface Model {
  /** Pairs a household declined: never proposed again. */
  declined: Set<string>
  housed: Set<string>
  let: Set<string>
}

interface Real {
  t: TestDatabase
  day: Date
  ctx: () => ServiceContext
  rounds: number
  /** Proposals made over the run: a run that proposes nothing tests nothing. */
  proposed: number
}

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
  it('a vacancy is never in two open offers, a household never holds two, every placement has an approval by a named person, a declined pair never comes back', async () => {
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
    ]
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), async (cmds) => {
        const t = freshDatabase()
        try {
          seedWorld(t, {
            applicants: ['H1', 'H2', 'H3', 'H4', 'H5'].map((id, i) =>
              makeApplicant({ id, lotteryNumber: i }),
            ),
            vacancies: ['V1', 'V2', 'V3'].map((id) => makeVacancy({ id })),
          })
          const real: Real = {
            t,
            day: new Date('2026-12-07T09:00:00Z'),
            ctx: () => contextFor(t, 'allocator', { person: 'Karin Lind', now: () => real.day }),
            rounds: 0,
            proposed: 0,
          }
          const model: Model = { declined: new Set(), housed: new Set(), let: new Set() }
          await fc.asyncModelRun(() => ({ model, real }), cmds)
          totalProposed += real.proposed
        } finally {
          t.close()
        }
      }),
      { numRuns: 60, seed: 20261202, endOnFailure: true },
    )
    expect(totalProposed).toBeGreaterThan(20)
  }, 180_000)
})
