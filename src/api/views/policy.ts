/**
 * What the API shows of a policy: the published rules and their state.
 * Policies are public rules, not personal data; the same view for every role that may read them.
 */
import { z } from 'zod'
import { policySchema } from '../../domain/policy.ts'
import type { PolicyRecord, PolicySummary } from '../../services/policies/read-policies.ts'
import { named } from './registry.ts'

const state = {
  active: z.boolean(),
  /** When a round first used the version; from then on it is immutable. */
  usedAt: z.string().nullable(),
}

export const policyView = named('Policy', policySchema.extend(state))
export type PolicyView = z.output<typeof policyView>

export const policyListView = named(
  'PolicyList',
  z.strictObject({
    items: z.array(
      z.strictObject({ id: z.string(), version: z.number().int().min(1), name: z.string(), ...state }),
    ),
  }),
)

export function policyViewOf(record: PolicyRecord): PolicyView {
  return { ...record.policy, active: record.active, usedAt: record.usedAt }
}

export function policyListBody(items: PolicySummary[]): z.output<typeof policyListView> {
  return {
    items: items.map((p) => ({
      id: p.id,
      version: p.version,
      name: p.name,
      active: p.active,
      usedAt: p.usedAt,
    })),
  }
}
