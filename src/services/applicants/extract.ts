/**
 * Subject access (registerutdrag, GDPR article 15): everything hemvist stores about one household,
 * the decisions about it and who read it, for the allocator or admin who answers the person's
 * request. It is the household's own data, so nothing of it is masked; what belongs to other
 * households is left out (a proposal given to someone else says so without naming them). Audited
 * as `applicant.extract` (`_protected` for a protected identity), in the same transaction.
 */
import { asc, eq, inArray, or } from 'drizzle-orm'
import { writeTransaction } from '../../../db/client.ts'
import { situationHistory } from '../../../db/repo/applicants.ts'
import { apiTokens, decisions, offers, placements, proposals, vacancies } from '../../../db/schema.ts'
import type { ApplicantExtract } from '../../domain/extract.ts'
import { ok } from '../../domain/validation.ts'
import { auditTrail } from '../audit.ts'
import type { ServiceCall, ServiceResult } from '../context.ts'
import { applicantAction, auditApplicant, findApplicantInScope } from './get-applicant.ts'

/** Everything stored about one household (allocator, admin). */
export function applicantExtract({
  ctx,
  input,
}: ServiceCall<{ id: string }>): ServiceResult<ApplicantExtract> {
  return writeTransaction(ctx.db, (tx): ServiceResult<ApplicantExtract> => {
    const found = findApplicantInScope(tx, ctx, input.id, 'read')
    if (!found.ok) return found
    const { applicant, version, culled } = found.value
    // The access log before this extract's own row, so the extract shows what happened before it.
    const trail = auditTrail(tx, { objectType: 'applicant', objectId: input.id, limit: 1000 })
    auditApplicant(tx, ctx, applicantAction('extract', applicant), input.id)
    const people = new Map(
      tx
        .select({ id: apiTokens.id, person: apiTokens.person, label: apiTokens.label })
        .from(apiTokens)
        .where(inArray(apiTokens.id, [...new Set(trail.map((r) => r.tokenId))]))
        .all()
        .map((t) => [t.id, t.person ?? t.label]),
    )
    const own = tx
      .select({
        id: proposals.id,
        roundId: proposals.roundId,
        vacancyId: proposals.vacancyId,
        score: proposals.score,
        status: proposals.status,
        createdAt: proposals.createdAt,
        type: vacancies.type,
        district: vacancies.district,
      })
      .from(proposals)
      .innerJoin(vacancies, eq(vacancies.id, proposals.vacancyId))
      .where(eq(proposals.applicantId, input.id))
      .orderBy(asc(proposals.createdAt), asc(proposals.id))
      .all()
    const ownProposalIds = own.map((p) => p.id)
    const decided = tx
      .select()
      .from(decisions)
      .where(
        ownProposalIds.length === 0
          ? eq(decisions.applicantId, input.id)
          : or(eq(decisions.applicantId, input.id), inArray(decisions.proposalId, ownProposalIds)),
      )
      .orderBy(asc(decisions.decidedAt), asc(decisions.id))
      .all()
    return ok({
      madeAt: new Date().toISOString(),
      applicant,
      version,
      ...(culled === undefined ? {} : { culled }),
      situations: situationHistory(tx, input.id),
      proposals: own.map((p) => ({
        roundId: p.roundId,
        vacancyId: p.vacancyId,
        vacancyType: p.type,
        district: p.district,
        score: p.score,
        status: p.status,
        createdAt: p.createdAt,
      })),
      decisions: decided.map((d) => ({
        roundId: d.roundId,
        kind: d.kind,
        forThisHousehold: d.applicantId === input.id,
        vacancyId: d.vacancyId,
        legalBasis: d.legalBasis,
        reasonCode: d.reasonCode,
        // Another household's override: its reason may speak of that household, so it is left out.
        reasonText: d.applicantId === input.id || d.kind === 'reject' ? d.reasonText : null,
        decidedBy: d.decidedByPerson,
        decidedAt: d.decidedAt,
        policy: { id: d.policyId, version: d.policyVersion },
        // The record of the child's perspective is this household's only where the decision was about it.
        childPerspective:
          d.applicantId !== input.id ||
          d.childConsidered === null ||
          d.childHeard === null ||
          d.childReason === null
            ? null
            : { considered: d.childConsidered, heard: d.childHeard, reason: d.childReason },
      })),
      offers: tx
        .select()
        .from(offers)
        .where(eq(offers.applicantId, input.id))
        .orderBy(asc(offers.createdAt))
        .all()
        .map((o) => ({
          id: o.id,
          vacancyId: o.vacancyId,
          status: o.status,
          offeredOn: o.offeredOn,
          answerBy: o.answerBy,
          answeredAt: o.answeredAt,
          answeredBy: o.answeredByPerson,
          declinedBy: o.declinedBy,
          declineReason: o.declineReason,
        })),
      placements: tx
        .select()
        .from(placements)
        .where(eq(placements.applicantId, input.id))
        .orderBy(asc(placements.startDate))
        .all()
        .map((p) => ({
          id: p.id,
          vacancyId: p.vacancyId,
          contractForm: p.contractForm,
          startDate: p.startDate,
          recordedBy: p.recordedByPerson,
        })),
      accesses: trail.map((r) => ({
        at: r.at,
        role: r.role,
        by: people.get(r.tokenId) ?? null,
        action: r.action,
      })),
    })
  })
}
