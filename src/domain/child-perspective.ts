/**
 * The child's perspective on a decision (barnperspektiv): for every decision that affects a child,
 * a short structured record that the child's situation was considered and whether the child was
 * heard, with a reason code. Never free text: what a child said about its health does not belong
 * in an allocation record. The Social Services Act asks that the child's best be considered in
 * every measure that concerns a child (SoL 1 kap. 2 §, from the UN Convention on the Rights of the
 * Child, Swedish law since 2020) and that a child be heard where it is old and mature enough
 * (SoL 11 kap. 10 §).
 *
 * Rules (each with a test in tests/domain/child-perspective.test.ts):
 * - C1: an approval or override that offers a vacancy to a household with children needs the record;
 *   without it the decision is refused (422 naming `childPerspective`).
 * - C2: `heard` is `yes`, `no` or `not_old_enough`; a child not heard (`no`) needs a reason why.
 * - C3: the record is kept with the decision, append-only, and shown in the register extract.
 */
import { z } from 'zod'
import type { FieldIssue } from './validation.ts'

/** Whether the child was heard. */
export const childHeardValues = ['yes', 'no', 'not_old_enough'] as const
export type ChildHeard = (typeof childHeardValues)[number]

/**
 * Why the decision is in the child's best interest, or why the child was not heard, as a code.
 * - `stable_housing`: a secure home of the family's own, an end to moving between insecure ones;
 * - `near_school_or_preschool`: the child keeps its school, preschool or activities;
 * - `safety`: away from violence or threats;
 * - `space_for_the_child`: room enough, no overcrowding;
 * - `keeps_network`: near the child's family and friends;
 * - `child_declined_to_be_heard`, `could_not_be_reached`: why a child old enough was not heard;
 * - `other_documented_in_case`: the reasoning is in the social services' case file (not here).
 */
export const childReasonCodes = [
  'stable_housing',
  'near_school_or_preschool',
  'safety',
  'space_for_the_child',
  'keeps_network',
  'child_declined_to_be_heard',
  'could_not_be_reached',
  'other_documented_in_case',
] as const
export type ChildReasonCode = (typeof childReasonCodes)[number]

export const childPerspectiveSchema = z.strictObject({
  /** The child's situation was considered in the decision. */
  considered: z.boolean({ error: 'must be true or false' }),
  heard: z.enum(childHeardValues, { error: `must be one of ${childHeardValues.join(', ')}` }),
  reason: z.enum(childReasonCodes, { error: `must be one of ${childReasonCodes.join(', ')}` }),
})
export type ChildPerspective = z.infer<typeof childPerspectiveSchema>

/** Reasons that say why a child old enough was not heard (rule C2). */
const notHeardReasons: readonly ChildReasonCode[] = [
  'child_declined_to_be_heard',
  'could_not_be_reached',
  'other_documented_in_case',
]

/**
 * Rule C2 as field issues: a child who was old enough but not heard needs a reason for it.
 *
 * @example
 * childPerspectiveIssues({ considered: true, heard: 'no', reason: 'safety' })
 * // [{ path: 'childPerspective.reason', message: 'must say why the child was not heard: …' }]
 */
export function childPerspectiveIssues(p: ChildPerspective): FieldIssue[] {
  if (p.heard === 'no' && !notHeardReasons.includes(p.reason)) {
    return [
      {
        path: 'childPerspective.reason',
        message: `must say why the child was not heard: one of ${notHeardReasons.join(', ')}`,
      },
    ]
  }
  return []
}

/**
 * Rule C1: the refusal of a decision that offers a vacancy to a household with children and has no
 * record of the child's perspective; undefined when the decision may be made.
 */
export function missingChildPerspective(
  kind: 'approve' | 'override' | 'reject',
  children: number,
  given: ChildPerspective | undefined,
): FieldIssue | undefined {
  if (kind === 'reject' || children === 0 || given !== undefined) return undefined
  return {
    path: 'childPerspective',
    message: `is required: the household has ${children === 1 ? 'a child' : `${children} children`}; record that the child's situation was considered and whether the child was heard`,
  }
}
