import fc from 'fast-check'
import { defaultPolicy, type Policy } from '../../src/domain/policy.ts'
import type { RoundInput } from '../../src/domain/round.ts'
import { vacancyTypes } from '../../src/domain/vocabulary.ts'
import { generateRound } from '../../src/synthetic/index.ts'

export const asOf = '2026-11-27'

export interface RoundShape {
  seed: number
  applicants: number
  vacancies: number
  childrenFloor: boolean
  share: number
  districtCaps: boolean
  cap: number
  quota: { type: (typeof vacancyTypes)[number]; atLeast: number } | null
  parity: boolean
  epsilon: number
}

/** A round from the synthetic generator, with the policy's side constraints switched on or off as the shape says. */
export function roundOf(shape: RoundShape): RoundInput {
  const base = generateRound({
    seed: shape.seed,
    applicants: shape.applicants,
    vacancies: shape.vacancies,
    asOf,
  })
  // District caps apply to every district present, so that small rounds exercise them.
  const districts = [...new Set(base.vacancies.map((v) => v.district))]
  const policy: Policy = {
    ...defaultPolicy,
    constraints: {
      childrenFloor: { enabled: shape.childrenFloor, familySizedMinRooms: 3, share: shape.share },
      // Half the rounds (by seed, so that earlier seeds draw the same rounds) exempt a household's own choice.
      districtCaps: {
        enabled: shape.districtCaps,
        maxPerDistrict: shape.cap,
        districts,
        ...(shape.seed % 2 === 0 ? { exemptOwnChoice: true } : {}),
      },
      programQuotas: shape.quota ? [shape.quota] : [],
      groupParity: { enabled: shape.parity, attributes: ['gender', 'bornAbroad'], epsilon: shape.epsilon },
    },
  }
  return { ...base, policy }
}

/** Small rounds (up to 8 households × 5 vacancies), with every kind of side constraint sometimes on. */
export const smallRoundShape = (
  options: { constraints?: boolean; applicants?: number; vacancies?: number } = {},
) =>
  fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    applicants: fc.integer({ min: 1, max: options.applicants ?? 8 }),
    vacancies: fc.integer({ min: 1, max: options.vacancies ?? 5 }),
    childrenFloor: options.constraints === false ? fc.constant(false) : fc.boolean(),
    share: fc.constantFrom(0.25, 0.5, 1),
    districtCaps: options.constraints === false ? fc.constant(false) : fc.boolean(),
    cap: fc.integer({ min: 0, max: 2 }),
    quota:
      options.constraints === false
        ? fc.constant(null)
        : fc.option(
            fc.record({ type: fc.constantFrom(...vacancyTypes), atLeast: fc.integer({ min: 1, max: 2 }) }),
            {
              freq: 4,
            },
          ),
    parity: options.constraints === false ? fc.constant(false) : fc.boolean(),
    epsilon: fc.constantFrom(0.1, 0.25, 0.5),
  })

export const smallRound = (options?: Parameters<typeof smallRoundShape>[0]) =>
  smallRoundShape(options).map(roundOf)
