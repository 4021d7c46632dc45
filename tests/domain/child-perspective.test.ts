/** The child's perspective on a decision (src/domain/child-perspective.ts), one test per rule. */
import { describe, expect, it } from 'vitest'
import {
  childPerspectiveIssues,
  childPerspectiveSchema,
  missingChildPerspective,
} from '../../src/domain/child-perspective.ts'

const heard = { considered: true, heard: 'yes', reason: 'near_school_or_preschool' } as const

describe("C1: an offer to a household with children needs the child's perspective", () => {
  it('approve and override of a family without it are refused, naming childPerspective, in words that count the children', () => {
    expect(missingChildPerspective('approve', 2, undefined)).toEqual({
      path: 'childPerspective',
      message: expect.stringContaining('has 2 children'),
    })
    expect(missingChildPerspective('override', 1, undefined)?.message).toContain('has a child')
  })
  it('with it, or without children, or for a rejection, the decision may be made', () => {
    expect(missingChildPerspective('approve', 2, heard)).toBeUndefined()
    expect(missingChildPerspective('approve', 0, undefined)).toBeUndefined()
    expect(missingChildPerspective('reject', 3, undefined)).toBeUndefined()
  })
})

describe('C2: a structured record, never free text; a child not heard needs a reason why', () => {
  it('free text is not a field', () => {
    expect(childPerspectiveSchema.safeParse({ ...heard, note: 'the child has asthma' }).success).toBe(false)
  })
  it('heard "no" with a reason that is not about hearing is refused; with one that is, accepted', () => {
    expect(childPerspectiveIssues({ considered: true, heard: 'no', reason: 'safety' })).toEqual([
      { path: 'childPerspective.reason', message: expect.stringContaining('why the child was not heard') },
    ])
    expect(childPerspectiveIssues({ considered: true, heard: 'no', reason: 'could_not_be_reached' })).toEqual(
      [],
    )
    expect(
      childPerspectiveIssues({ considered: true, heard: 'not_old_enough', reason: 'stable_housing' }),
    ).toEqual([])
  })
})
