import { z } from 'zod'
import { reportNames } from '../../domain/follow-up/reports.ts'
import { named } from './registry.ts'

const value = z.union([z.string(), z.number(), z.null()])

/** A follow-up report: titled tables; a suppressed count is "<5", a figure over fewer than five households null. */
export const reportView = named(
  'Report',
  z.strictObject({
    name: z.enum(reportNames),
    title: z.string(),
    covers: z.strictObject({
      on: z.iso.date().optional(),
      from: z.iso.date().optional(),
      to: z.iso.date().optional(),
      caseload: z.string().optional(),
    }),
    suppressionThreshold: z.literal(5),
    tables: z.array(
      z.strictObject({
        id: z.string(),
        title: z.string(),
        columns: z.array(
          z.strictObject({
            key: z.string(),
            label: z.string(),
            kind: z.enum(['label', 'count', 'days', 'share', 'ratio']),
          }),
        ),
        rows: z.array(z.record(z.string(), value)),
      }),
    ),
    notes: z.array(z.string()),
    reference: z
      .strictObject({ label: z.string(), value: z.number(), band: z.number().optional() })
      .optional()
      .describe(
        'A value the chart draws across the bars (equality: the overall rate), with the band the policy allows',
      ),
  }),
  'A follow-up report (aggregates only): counts from 1 to 4 are "<5", medians and shares over fewer than five households null.',
)
