/**
 * Policy what-if: a stored round's exact input solved again under another policy version, and
 * the two results compared. Pure: the same snapshot and the same two results give the same
 * answer, byte for byte (the solve itself is deterministic, so asking twice gives the same).
 */

import type { RoundResult } from '../match/run-round.ts'
import type { Policy } from '../policy.ts'
import type { RoundInput } from '../round.ts'

/** The stored snapshot with its policy replaced by `policy`; everything else as it was. */
export function snapshotUnder(snapshot: string, policy: Policy): string {
  const input = JSON.parse(snapshot) as Record<string, unknown>
  return JSON.stringify({ ...input, policy })
}

export interface WhatIfMeasure {
  readonly stored: number
  readonly whatIf: number
  readonly change: number
}

export interface WhatIf {
  readonly roundId: string
  readonly stored: {
    readonly policy: { readonly id: string; readonly version: number }
    readonly status: string
  }
  readonly whatIf: {
    readonly policy: { readonly id: string; readonly version: number }
    readonly status: string
  }
  /** Households with a proposal, the children in them, and acute cases among them. */
  readonly housed: WhatIfMeasure
  readonly childrenHoused: WhatIfMeasure
  readonly acuteHoused: WhatIfMeasure
  readonly objective: WhatIfMeasure
  /** Households proposed a vacancy under the other policy and not under the stored one, and the reverse. */
  readonly gains: readonly { readonly applicantId: string; readonly vacancyId: string }[]
  readonly losses: readonly { readonly applicantId: string; readonly vacancyId: string }[]
  /** Households proposed a vacancy under both, but another one. */
  readonly moved: readonly { readonly applicantId: string; readonly from: string; readonly to: string }[]
  /** Match rate per monitored group (eligible households), under each policy. */
  readonly groupRates: readonly {
    readonly attribute: string
    readonly value: string
    readonly stored: number | null
    readonly whatIf: number | null
  }[]
  /** The price in points of each side-constraint family under each policy (null: not in that round). */
  readonly prices: readonly {
    readonly name: string
    readonly stored: number | null
    readonly whatIf: number | null
  }[]
}

const round2 = (x: number) => Math.round(x * 100) / 100
const measure = (stored: number, whatIf: number): WhatIfMeasure => ({
  stored,
  whatIf,
  change: round2(whatIf - stored),
})

/** Compares the stored result and the what-if result of the same snapshot. */
export function compareWhatIf(
  roundId: string,
  input: Pick<RoundInput, 'applicants'>,
  stored: RoundResult,
  whatIf: RoundResult,
): WhatIf {
  const households = new Map(input.applicants.map((a) => [a.id, a]))
  const pairs = (r: RoundResult) => new Map(r.proposals.map((p) => [p.applicantId, p.vacancyId]))
  const a = pairs(stored)
  const b = pairs(whatIf)
  const children = (m: Map<string, string>) =>
    [...m.keys()].reduce((s, id) => s + (households.get(id)?.household.children.length ?? 0), 0)
  const acute = (m: Map<string, string>) =>
    [...m.keys()].filter((id) => households.get(id)?.situation?.code === 'acute').length
  const byId = (x: { applicantId: string }, y: { applicantId: string }) =>
    x.applicantId < y.applicantId ? -1 : 1
  const groupKey = (g: { attribute: string; value: string }) => `${g.attribute}=${g.value}`
  const groups = new Map<
    string,
    { attribute: string; value: string; stored: number | null; whatIf: number | null }
  >()
  for (const g of stored.equality.groups)
    groups.set(groupKey(g), { attribute: g.attribute, value: g.value, stored: g.rate, whatIf: null })
  for (const g of whatIf.equality.groups) {
    const known = groups.get(groupKey(g)) ?? {
      attribute: g.attribute,
      value: g.value,
      stored: null,
      whatIf: null,
    }
    groups.set(groupKey(g), { ...known, whatIf: g.rate })
  }
  const prices = new Map<string, { name: string; stored: number | null; whatIf: number | null }>()
  for (const c of stored.constraints) prices.set(c.name, { name: c.name, stored: c.price, whatIf: null })
  for (const c of whatIf.constraints) {
    const known = prices.get(c.name) ?? { name: c.name, stored: null, whatIf: null }
    prices.set(c.name, { ...known, whatIf: c.price })
  }
  return {
    roundId,
    stored: { policy: stored.policy, status: stored.status },
    whatIf: { policy: whatIf.policy, status: whatIf.status },
    housed: measure(a.size, b.size),
    childrenHoused: measure(children(a), children(b)),
    acuteHoused: measure(acute(a), acute(b)),
    objective: measure(stored.objective, whatIf.objective),
    gains: [...b]
      .filter(([id]) => !a.has(id))
      .map(([applicantId, vacancyId]) => ({ applicantId, vacancyId }))
      .sort(byId),
    losses: [...a]
      .filter(([id]) => !b.has(id))
      .map(([applicantId, vacancyId]) => ({ applicantId, vacancyId }))
      .sort(byId),
    moved: [...a]
      .filter(([id, v]) => b.has(id) && b.get(id) !== v)
      .map(([applicantId, from]) => ({ applicantId, from, to: b.get(applicantId) as string }))
      .sort(byId),
    groupRates: [...groups.values()].sort((x, y) => (groupKey(x) < groupKey(y) ? -1 : 1)),
    prices: [...prices.values()].sort((x, y) => (x.name < y.name ? -1 : 1)),
  }
}
