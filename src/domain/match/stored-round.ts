/**
 * A stored round's input and output as text: the snapshot (the exact round
 * file the engine reads) and the result (the same shape as `hemvist solve`),
 * each with its SHA-256, and the certificate verdict of the optimum. Pure: the
 * same snapshot gives the same result text, byte for byte, which is what a
 * replay checks.
 */
import { createHash } from 'node:crypto'
import { verifyCertificate } from '../../../solver/certificate.ts'
import { solveMatch } from '../../../solver/index.ts'
import { type RoundInput, roundInputSchema } from '../round.ts'
import { describeIssues, fieldIssues } from '../validation.ts'
import { canonicalPairing } from './canonical-pairing.ts'
import type { ProposalExplanation } from './explain.ts'
import { type CodedRoundResult, contextOf, proposalTexts } from './explanation-texts.ts'
import { prepareRound } from './prepare-round.ts'
import {
  defaultTimeLimitMs,
  explainHousehold,
  type HouseholdExplanation,
  readCodedResult,
} from './run-round.ts'

/**
 * Names the engine that produced a stored result. Change it whenever the
 * engine, the rules or the result's shape change what a snapshot gives, so a
 * replay that differs can be told apart from a broken one.
 */
export const engineVersion = 'hemvist-engine/2026.12.4 flow, bounded explanations stored as codes'

/**
 * Lower-case hex SHA-256 of a text (UTF-8), or of its UTF-8 bytes. The text is encoded first: the
 * hash's own conversion of a string with characters past Latin-1 (a result's age ranges, "18–29")
 * took twice as long as encoding and hashing the bytes (120 against 55 ms for a 12-million-character
 * result).
 */
export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256')
    .update(typeof text === 'string' ? Buffer.from(text, 'utf8') : text)
    .digest('hex')
}

/**
 * The snapshot text of a round: households and vacancies in id order, JSON
 * without spacing. The order does not change the result (the engine sorts
 * canonically); a fixed one makes equal pools give equal snapshots and hashes.
 *
 * @example
 * const text = snapshotText({ asOf: '2026-12-07', policy, applicants, vacancies })
 */
export function snapshotText(input: RoundInput): string {
  const byId = <T extends { id: string }>(list: readonly T[]) =>
    [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return JSON.stringify({
    asOf: input.asOf,
    policy: input.policy,
    applicants: byId(input.applicants),
    vacancies: byId(input.vacancies),
  })
}

/** A stored document as its id and its JSON text, as the database keeps it. */
export interface StoredDocument {
  readonly id: string
  readonly json: string
}

/**
 * `snapshotText` from the stored documents' JSON as it is, without parsing each one only to write
 * it again: the same text, byte for byte, when each document's text is its `JSON.stringify` (how
 * the repositories store them). Taken inside the snapshot's write transaction, so it is kept short.
 *
 * @example
 * const text = snapshotTextOfStored({ asOf, policy, applicants: [{ id: 'H-1', json: '{"id":"H-1",…}' }], vacancies: [] })
 */
export function snapshotTextOfStored(input: {
  readonly asOf: string
  readonly policy: RoundInput['policy']
  readonly applicants: readonly StoredDocument[]
  readonly vacancies: readonly StoredDocument[]
}): string {
  const byId = (list: readonly StoredDocument[]) =>
    [...list]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((d) => d.json)
      .join(',')
  const head = JSON.stringify({ asOf: input.asOf, policy: input.policy })
  return `${head.slice(0, -1)},"applicants":[${byId(input.applicants)}],"vacancies":[${byId(input.vacancies)}]}`
}

export interface SolvedSnapshot {
  /** The result with its explanations as codes and figures (`withTexts` renders their sentences). */
  readonly result: CodedRoundResult
  /** `JSON.stringify(result)`: what is stored and compared on replay. */
  readonly resultText: string
  /**
   * `resultText` as UTF-8, in a buffer of its own: what the solver thread hands back (transferred, not
   * copied; a 10-million-character string took 250–400 ms to post and receive) and what is stored.
   */
  readonly resultUtf8: Uint8Array
  /**
   * The proposals with their explanations' sentences, as each proposal is stored for review (the
   * result itself keeps codes only).
   */
  readonly proposals: readonly {
    readonly applicantId: string
    readonly vacancyId: string
    readonly score: number
    readonly explanation?: ProposalExplanation
  }[]
  readonly resultSha256: string
  /** The independent certificate check of the engine's answer (solver/certificate.ts). */
  readonly certified: boolean
  /** Why the answer is not certified (a time-out, an infeasible round …); absent when certified. */
  readonly certificateNote?: string
  /**
   * Milliseconds per phase: parse (and validate), prepare, solve, certify, explain (canonical
   * pairing, prices, needed scores, explanations and the result's text with its hash), and within explain its
   * parts pairing, prices, thresholds, explanations and serialise.
   */
  readonly phases: {
    parse: number
    prepare: number
    solve: number
    certify: number
    explain: number
    pairing: number
    prices: number
    thresholds: number
    explanations: number
    serialise: number
  }
}

export type SolveSnapshotOutcome =
  | { readonly ok: true; readonly value: SolvedSnapshot }
  | { readonly ok: false; readonly reason: string }

/**
 * Solves a snapshot as `runRound` would (prepare, solve, canonical pairing,
 * explanations: the result is the same), and checks the engine's certificate
 * on the way. A snapshot that does not parse is an error value, not a throw.
 *
 * @example
 * const out = solveSnapshot(round.snapshot)
 * if (out.ok) store(out.value.resultText, out.value.certified)
 */
export function solveSnapshot(
  text: string,
  options: {
    timeLimitMs?: number
    /**
     * Explanations (default true). A what-if, which compares proposals, objective, prices and
     * equality figures, turns them off: the rest of the result is the same (`hemvist solve --no-explain`).
     */
    explain?: boolean
  } = {},
): SolveSnapshotOutcome {
  const clock = phaseClock()
  const parsed = parseSnapshot(text)
  if (!parsed.ok) return parsed
  const parse = clock()
  const prepared = prepareRound(parsed.value)
  const prepare = clock()
  const solved = solveMatch(prepared.problem, { timeLimitMs: options.timeLimitMs ?? defaultTimeLimitMs })
  const solve = clock()
  const check =
    solved.status === 'optimal' || solved.status === 'timedout'
      ? verifyCertificate(prepared.problem, solved)
      : { certified: false, reason: `the engine answered ${solved.status}: there is no optimum to certify` }
  const certify = clock()
  // As in runRound: only a proven optimum has a canonical pairing.
  const chosen = solved.status === 'optimal' ? canonicalPairing(prepared, solved.chosen) : solved.chosen
  const pairing = clock()
  const parts = { prices: 0, thresholds: 0, explain: 0 }
  const result = readCodedResult(
    prepared,
    { ...solved, chosen },
    {
      ...(options.explain === undefined ? {} : { explain: options.explain }),
      onPhase: (phase) => {
        if (phase !== 'pairing') parts[phase] = clock()
      },
    },
  )
  const resultText = JSON.stringify(result)
  const resultUtf8 = new TextEncoder().encode(resultText)
  const resultSha256 = sha256Hex(resultUtf8)
  const context = contextOf(result)
  const proposals = result.proposals.map((p) =>
    p.explanation === undefined
      ? { applicantId: p.applicantId, vacancyId: p.vacancyId, score: p.score }
      : { ...p, explanation: proposalTexts(p.explanation, p.vacancyId, context) },
  )
  const serialise = clock()
  const explain =
    Math.round((pairing + parts.prices + parts.thresholds + parts.explain + serialise) * 10) / 10
  return {
    ok: true,
    value: {
      result,
      resultText,
      resultUtf8,
      proposals,
      resultSha256,
      certified: check.certified,
      ...(check.certified ? {} : { certificateNote: check.reason ?? 'not certified' }),
      phases: {
        parse,
        prepare,
        solve,
        certify,
        explain,
        pairing,
        prices: parts.prices,
        thresholds: parts.thresholds,
        explanations: parts.explain,
        serialise,
      },
    },
  }
}

function phaseClock(): () => number {
  let last = performance.now()
  return () => {
    const now = performance.now()
    const ms = Math.round((now - last) * 10) / 10
    last = now
    return ms
  }
}

export type ExplainSnapshotOutcome =
  | { readonly ok: true; readonly value: HouseholdExplanation | undefined }
  | { readonly ok: false; readonly reason: string }

/**
 * One household's explanation in full, from a stored round's snapshot: every eligible vacancy with
 * what decided it and every excluding rule with examples (`explainHousehold`), where the stored
 * result keeps the bounded explanation. The snapshot is solved again, so the answer is the stored
 * result's (replay proves a snapshot solves to the same result). `undefined` when the household is
 * not in the snapshot.
 *
 * @example
 * const out = explainSnapshotHousehold(round.snapshot, 'H-1042')
 * if (out.ok && out.value) console.log(out.value.proposed)
 */
export function explainSnapshotHousehold(
  text: string,
  householdId: string,
  options: { timeLimitMs?: number } = {},
): ExplainSnapshotOutcome {
  const parsed = parseSnapshot(text)
  if (!parsed.ok) return parsed
  return {
    ok: true,
    value: explainHousehold(parsed.value, householdId, {
      timeLimitMs: options.timeLimitMs ?? defaultTimeLimitMs,
    }),
  }
}

/** A stored snapshot read back as a round, or why it cannot be (for a failed round's reason). */
function parseSnapshot(
  text: string,
): { readonly ok: true; readonly value: RoundInput } | { readonly ok: false; readonly reason: string } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'the snapshot is not valid JSON' }
  }
  const parsed = roundInputSchema.safeParse(json)
  if (!parsed.success) {
    return {
      ok: false,
      reason: `the snapshot is not a valid round: ${describeIssues(fieldIssues(parsed.error))}`,
    }
  }
  return { ok: true, value: parsed.data }
}
