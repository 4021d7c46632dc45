import { z } from 'zod'
import { named } from './registry.ts'

const policyKey = z.strictObject({ id: z.string(), version: z.number().int() })
const measure = z.strictObject({ stored: z.number(), whatIf: z.number(), change: z.number() })
const side = z.strictObject({ policy: policyKey, status: z.string() })
const pair = z.strictObject({ applicantId: z.string(), vacancyId: z.string() })

/** A stored round compared with the same snapshot solved under another policy version. */
export const whatIfView = named(
  'WhatIf',
  z.strictObject({
    roundId: z.string(),
    stored: side,
    whatIf: side,
    housed: measure,
    childrenHoused: measure,
    acuteHoused: measure,
    objective: measure,
    gains: z.array(pair),
    losses: z.array(pair),
    moved: z.array(z.strictObject({ applicantId: z.string(), from: z.string(), to: z.string() })),
    groupRates: z.array(
      z.strictObject({
        attribute: z.string(),
        value: z.string(),
        stored: z.number().nullable(),
        whatIf: z.number().nullable(),
      }),
    ),
    prices: z.array(
      z.strictObject({ name: z.string(), stored: z.number().nullable(), whatIf: z.number().nullable() }),
    ),
  }),
  'Households housed, children housed and acute cases housed under each policy, who would gain or lose a vacancy, group match rates and the price of each side constraint.',
)
