/**
 * `hemvist solve` from a round file to a written result, phase by phase: what the command line
 * does and what the benchmark times end to end (bench/end-to-end.ts), so the two cannot drift.
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { solveMatch } from '../../solver/index.ts'
import { canonicalPairing } from '../domain/match/canonical-pairing.ts'
import type { CodedRoundResult } from '../domain/match/explanation-texts.ts'
import { prepareRound } from '../domain/match/prepare-round.ts'
import { resultJsonPieces } from '../domain/match/result-json.ts'
import { defaultTimeLimitMs, type RoundOptions, readCodedResult } from '../domain/match/run-round.ts'
import { type RoundInput, roundInputSchema } from '../domain/round.ts'
import { describeIssues, fieldIssues } from '../domain/validation.ts'
import { readJsonFile } from './read-json-file.ts'

/** The phases of `hemvist solve`, in order. */
export const solvePhases = [
  'read',
  'validate',
  'prepare',
  'solve',
  'pairing',
  'prices',
  'thresholds',
  'explain',
  'write',
] as const
export type SolvePhase = (typeof solvePhases)[number]

export type SolveFileOutcome =
  | {
      readonly ok: true
      /** Explanations as codes and figures, as written; `withTexts` renders their sentences. */
      readonly result: CodedRoundResult
      /** Milliseconds of wall-clock time per phase. */
      readonly phasesMs: Readonly<Record<SolvePhase, number>>
      /** Bytes written to `out` (0 without one). */
      readonly bytesWritten: number
    }
  /** `problem` is a sentence for a person (bad file, bad round); the process should exit with 2. */
  | { readonly ok: false; readonly problem: string }

/**
 * Reads, validates, prepares, solves and explains the round in `inPath` and, when `out` is given,
 * writes the result there piece by piece (`resultJsonPieces`), never as one string.
 *
 * @example
 * const r = solveRoundFile('round.json', { out: 'result.json' })
 * if (r.ok) console.log(r.phasesMs.solve)
 */
export function solveRoundFile(
  inPath: string,
  options: Omit<RoundOptions, 'onPhase'> & { readonly out?: string } = {},
): SolveFileOutcome {
  const phasesMs = Object.fromEntries(solvePhases.map((p) => [p, 0])) as Record<SolvePhase, number>
  let last = performance.now()
  const lap = (phase: SolvePhase) => {
    const now = performance.now()
    phasesMs[phase] = Math.round((now - last) * 10) / 10
    last = now
  }
  const read = readJsonFile(inPath)
  if (!read.ok) return { ok: false, problem: read.error }
  lap('read')
  const parsed = roundInputSchema.safeParse(read.value)
  if (!parsed.success) {
    return {
      ok: false,
      problem: `${inPath} is not a valid round:\n${describeIssues(fieldIssues(parsed.error, read.value))}`,
    }
  }
  lap('validate')
  const result = solveParsed(parsed.data, { ...options, onPhase: lap }, lap)
  let bytesWritten = 0
  if (options.out !== undefined) {
    let fd: number
    try {
      fd = openSync(options.out, 'w')
    } catch (error) {
      return { ok: false, problem: cannotWrite(options.out, error) }
    }
    try {
      bytesWritten = writePieces(fd, resultJsonPieces(result))
    } catch (error) {
      return { ok: false, problem: cannotWrite(options.out, error) }
    } finally {
      closeSync(fd)
    }
  }
  lap('write')
  return { ok: true, result, phasesMs, bytesWritten }
}

function solveParsed(
  input: RoundInput,
  options: RoundOptions,
  lap: (phase: SolvePhase) => void,
): CodedRoundResult {
  const prepared = prepareRound(input)
  lap('prepare')
  const solved = solveMatch(prepared.problem, {
    engine: options.engine,
    timeLimitMs: options.timeLimitMs ?? defaultTimeLimitMs,
  })
  lap('solve')
  // As in runRound: only a proven optimum has a canonical pairing.
  const chosen = solved.status === 'optimal' ? canonicalPairing(prepared, solved.chosen) : solved.chosen
  lap('pairing')
  return readCodedResult(prepared, { ...solved, chosen }, options)
}

/** Writes the pieces through a buffer of about 1 MB; returns the bytes written. */
export function writePieces(fd: number, pieces: Iterable<string>): number {
  const limit = 1 << 20
  let buffer: string[] = []
  let size = 0
  let total = 0
  const flush = () => {
    if (buffer.length === 0) return
    total += writeSync(fd, buffer.join(''))
    buffer = []
    size = 0
  }
  for (const piece of pieces) {
    buffer.push(piece)
    size += piece.length
    if (size >= limit) flush()
  }
  flush()
  return total
}

function cannotWrite(path: string, error: unknown): string {
  return `the result could not be written to ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`
}
