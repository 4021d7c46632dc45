/**
 * Loads what the follow-up reports are computed from, in one read: households with their
 * situation history and withdrawal day, offers, decisions, placements, vacancies and the rounds'
 * equality figures (read from the stored result with SQLite's JSON functions, so a large result
 * is not parsed here). Nothing personal leaves this module except as input to the pure reports.
 */
import { and, asc, eq, like, min, sql } from 'drizzle-orm'
import type { Executor } from '../../../db/client.ts'
import {
  applicantSituationHistory,
  applicants,
  auditLog,
  culledHouseholds,
  decisions,
  followUpSnapshots,
  offers,
  placementEvents,
  placements,
  policies,
  rounds,
  vacancies,
} from '../../../db/schema.ts'
import type { Applicant } from '../../domain/applicant.ts'
import type {
  FollowUpData,
  FollowUpDay,
  FollowUpDecision,
  FollowUpGroup,
  FollowUpHousehold,
  FollowUpRound,
  FollowUpSituation,
} from '../../domain/follow-up/data.ts'
import { personsOf } from '../../domain/persons.ts'
import { type Policy, policySchema } from '../../domain/policy.ts'
import type { PlacementEndReason } from '../../domain/round-lifecycle.ts'
import type { VacancyType } from '../../domain/vocabulary.ts'

const day = (iso: string | null | undefined) => (iso == null ? undefined : iso.slice(0, 10))

export function loadFollowUp(db: Executor): FollowUpData {
  const history = new Map<string, FollowUpSituation[]>()
  for (const s of db
    .select()
    .from(applicantSituationHistory)
    .orderBy(asc(applicantSituationHistory.applicantId), asc(applicantSituationHistory.id))
    .all()) {
    const list = history.get(s.applicantId) ?? []
    list.push({ code: s.code, kind: s.kind, since: s.since })
    history.set(s.applicantId, list)
  }
  const withdrawn = new Map(
    db
      .select({ id: auditLog.objectId, at: min(auditLog.at) })
      .from(auditLog)
      .where(and(like(auditLog.action, 'applicant.withdraw%'), eq(auditLog.objectType, 'applicant')))
      .groupBy(auditLog.objectId)
      .all()
      .map((r) => [r.id ?? '', day(r.at)]),
  )
  // A culled household's withdrawal row may be gone from the audit log; retention kept its day.
  for (const c of db
    .select({ id: culledHouseholds.applicantId, on: culledHouseholds.withdrawnOn })
    .from(culledHouseholds)
    .all()) {
    if (c.on !== null && !withdrawn.has(c.id)) withdrawn.set(c.id, c.on)
  }
  const households = db
    .select({
      id: applicants.id,
      caseload: applicants.caseload,
      registeredOn: applicants.registeredOn,
      status: applicants.status,
      body: applicants.body,
    })
    .from(applicants)
    .all()
    .map((row): FollowUpHousehold => {
      const a = row.body as Applicant
      // Entries are kept sorted by the day they began; equal days keep the order they were recorded in.
      const situations = [...(history.get(row.id) ?? [])].sort((x, y) =>
        x.since < y.since ? -1 : x.since > y.since ? 1 : 0,
      )
      const withdrawnOn = row.status === 'withdrawn' ? withdrawn.get(row.id) : undefined
      return {
        id: row.id,
        caseload: row.caseload,
        registeredOn: row.registeredOn,
        ...(withdrawnOn === undefined ? {} : { withdrawnOn }),
        adults: a.household.adults,
        children: a.household.children.length,
        gender: a.monitoring.gender,
        ...(a.monitoring.birthYear === undefined ? {} : { birthYear: a.monitoring.birthYear }),
        ...(a.monitoring.bornAbroad === undefined ? {} : { bornAbroad: a.monitoring.bornAbroad }),
        // A prevention case has no situation: it is in no count of the four (rule PV2).
        situations:
          situations.length > 0 ? situations : a.situation === undefined ? [] : [{ ...a.situation }],
        persons: personsOf(a),
        ...(a.prevention === undefined
          ? {}
          : {
              prevention: {
                since: a.prevention.since,
                landlordNotice: a.prevention.signals.landlordNotice !== undefined,
                ...(a.urgency.evictionDate === undefined ? {} : { evictionDate: a.urgency.evictionDate }),
                ...(a.prevention.outcome === undefined ? {} : { outcome: a.prevention.outcome }),
              },
            }),
      }
    })

  const vacancyRows = db
    .select({
      id: vacancies.id,
      type: vacancies.type,
      district: vacancies.district,
      availableFrom: vacancies.availableFrom,
      status: vacancies.status,
    })
    .from(vacancies)
    .all()
  const vacancyById = new Map(vacancyRows.map((v) => [v.id, v]))
  const typeOf = (id: string) => vacancyById.get(id)?.type as VacancyType

  const offerRows = db.select().from(offers).all()
  const decisionRows = db.select().from(decisions).all()
  const roundOfDecision = new Map(decisionRows.map((d) => [d.id, d.roundId]))

  const policyRows = new Map(
    db
      .select({ id: policies.id, version: policies.version, body: policies.body })
      .from(policies)
      .all()
      .map((p) => [`${p.id}@${p.version}`, policySchema.safeParse(p.body)]),
  )
  const roundRows = db
    .select({
      id: rounds.id,
      asOf: rounds.asOf,
      status: rounds.status,
      policyId: rounds.policyId,
      policyVersion: rounds.policyVersion,
    })
    .from(rounds)
    .all()
  const equalityOf = new Map(
    db
      .select({
        id: rounds.id,
        groups: sql<string | null>`json_extract(${rounds.result}, '$.equality.groups')`,
      })
      .from(rounds)
      .all()
      .map((r) => [r.id, r.groups]),
  )
  // Take-overs and ends of placements (rules P6, P7), by placement.
  const pathwayOf = new Map<
    string,
    { takenOverOn?: string; endedOn?: string; endReason?: PlacementEndReason }
  >()
  for (const e of db.select().from(placementEvents).all()) {
    const state = pathwayOf.get(e.placementId) ?? {}
    if (e.kind === 'taken_over') state.takenOverOn = e.on
    else {
      state.endedOn = e.on
      if (e.endReason !== null) state.endReason = e.endReason
    }
    pathwayOf.set(e.placementId, state)
  }
  const days = db
    .select()
    .from(followUpSnapshots)
    .orderBy(asc(followUpSnapshots.day))
    .all()
    .map((d) => ({ day: d.day, counts: d.counts as FollowUpDay['counts'] }))
  return {
    days,
    households,
    vacancies: vacancyRows.map((v) => ({ ...v })),
    offers: offerRows.map((o) => ({
      id: o.id,
      applicantId: o.applicantId,
      vacancyId: o.vacancyId,
      vacancyType: typeOf(o.vacancyId),
      offeredOn: o.offeredOn,
      status: o.status,
      ...(o.status === 'open' ? {} : { answeredOn: day(o.answeredAt) ?? o.answerBy }),
      ...(o.declinedBy === null ? {} : { declinedBy: o.declinedBy }),
      ...(o.declineReason === null ? {} : { declineReason: o.declineReason }),
    })),
    decisions: decisionRows.map(
      (d): FollowUpDecision => ({
        kind: d.kind,
        ...(d.reasonCode === null ? {} : { reasonCode: d.reasonCode }),
        vacancyType: typeOf(d.vacancyId),
        decidedOn: d.decidedAt.slice(0, 10),
      }),
    ),
    placements: db
      .select()
      .from(placements)
      .all()
      .map((p) => ({
        id: p.id,
        offerId: p.offerId,
        applicantId: p.applicantId,
        vacancyId: p.vacancyId,
        vacancyType: typeOf(p.vacancyId),
        district: vacancyById.get(p.vacancyId)?.district ?? '',
        contractForm: p.contractForm,
        startDate: p.startDate,
        roundId: roundOfDecision.get(p.decisionId) ?? '',
        ...(p.trialPeriodEndsOn === null ? {} : { trialPeriodEndsOn: p.trialPeriodEndsOn }),
        ...pathwayOf.get(p.id),
      })),
    rounds: roundRows.map((r): FollowUpRound => {
      const parsed = policyRows.get(`${r.policyId}@${r.policyVersion}`)
      const policy: Policy | undefined = parsed?.success ? parsed.data : undefined
      const caps = policy?.constraints.districtCaps
      const groupsText = equalityOf.get(r.id)
      const groups = groupsText == null ? undefined : (JSON.parse(groupsText) as FollowUpGroup[])
      const byGender = groups?.filter((g) => g.attribute === 'gender') ?? []
      return {
        id: r.id,
        asOf: r.asOf,
        status: r.status,
        policy: { id: r.policyId, version: r.policyVersion },
        parityEpsilon: policy?.constraints.groupParity.epsilon ?? 0.1,
        ...(caps?.enabled
          ? { districtCap: { maxPerDistrict: caps.maxPerDistrict, districts: caps.districts } }
          : {}),
        ...(groups === undefined
          ? {}
          : {
              equality: {
                eligible: byGender.reduce((s, g) => s + g.eligible, 0),
                matched: byGender.reduce((s, g) => s + g.matched, 0),
                groups,
              },
            }),
      }
    }),
  }
}
