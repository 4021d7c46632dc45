import { z } from 'zod'
import { applicantSchema } from '../../domain/applicant.ts'
import { childPerspectiveSchema } from '../../domain/child-perspective.ts'
import { isoDate } from '../../domain/schema-parts.ts'
import { named } from './registry.ts'

const text = z.string()
const nullableText = z.string().nullable()

/** A subject access extract: everything stored about one household, its decisions and who read it. */
export const extractView = named(
  'ApplicantExtract',
  z.strictObject({
    madeAt: text,
    applicant: applicantSchema,
    version: z.number().int(),
    culled: z.strictObject({ on: isoDate }).optional().meta({
      description:
        'Set when the record was culled (gallrad) on that day: its personal details are neutral placeholders kept only for the follow-up, not facts about the household.',
    }),
    situations: z.array(z.strictObject({ code: text, kind: text, since: text, recordedAt: text })),
    proposals: z.array(
      z.strictObject({
        roundId: text,
        vacancyId: text,
        vacancyType: text,
        district: text,
        score: z.number(),
        status: text,
        createdAt: text,
      }),
    ),
    decisions: z.array(
      z.strictObject({
        roundId: text,
        kind: text,
        forThisHousehold: z.boolean(),
        vacancyId: text,
        legalBasis: text,
        reasonCode: nullableText,
        reasonText: nullableText,
        decidedBy: text,
        decidedAt: text,
        policy: z.strictObject({ id: text, version: z.number().int() }),
        /** The child's perspective recorded with the decision; null where none was (no child affected, or before it was kept). */
        childPerspective: childPerspectiveSchema.nullable(),
      }),
    ),
    offers: z.array(
      z.strictObject({
        id: text,
        vacancyId: text,
        status: text,
        offeredOn: text,
        answerBy: text,
        answeredAt: nullableText,
        answeredBy: nullableText,
        declinedBy: nullableText,
        declineReason: nullableText,
      }),
    ),
    placements: z.array(
      z.strictObject({ id: text, vacancyId: text, contractForm: text, startDate: text, recordedBy: text }),
    ),
    accesses: z.array(z.strictObject({ at: text, role: text, by: nullableText, action: text })),
  }),
  'Everything hemvist stores about one household (subject access, GDPR article 15): the record unmasked, its situations, proposals, decisions, offers, placements and who read or changed it.',
)
