import { closeSync, openSync, readSync, writeSync } from 'node:fs'
import type { MatchProblem, SideConstraint } from '../solver/problem.ts'
import type { GreedyInput } from './solvers/greedy.ts'

/**
 * What a solver child process receives: the prepared problem and greedy's
 * two orderings. It travels as a binary file (a national round has about 10^8
 * edges, too large for a message), read straight into typed arrays.
 */
export type BenchInput = GreedyInput

interface Header {
  readonly households: number
  readonly vacancies: number
  readonly edges: number
  readonly constraints: readonly Omit<SideConstraint, 'scope'>[]
  readonly scopes: readonly SideConstraint['scope']['kind'][]
  /** Which rows carry an exemption mask (one byte per household after their coefficients); absent in older files. */
  readonly exempt?: readonly boolean[]
}

// At most 1 GiB per read or write call (the kernel caps a single call near 2 GiB).
const chunk = 2 ** 30

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.byteLength; )
    at += writeSync(fd, bytes, at, Math.min(chunk, bytes.byteLength - at))
}

function readAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.byteLength; ) {
    const n = readSync(fd, bytes, at, Math.min(chunk, bytes.byteLength - at), null)
    if (n === 0) throw new Error('bench payload file ends early')
    at += n
  }
}

const bytesOf = (a: Int32Array | Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)

export function writeInput(path: string, input: BenchInput): void {
  const { problem } = input
  const header: Header = {
    households: problem.households,
    vacancies: problem.vacancies,
    edges: problem.edges.weight.length,
    constraints: problem.constraints.map(({ name, sense, rhs }) => ({ name, sense, rhs })),
    scopes: problem.constraints.map((c) => c.scope.kind),
    exempt: problem.constraints.map((c) => c.scope.kind === 'vacancies' && c.scope.exempt !== undefined),
  }
  const json = Buffer.from(JSON.stringify(header))
  const length = new Int32Array([json.byteLength])
  const fd = openSync(path, 'w')
  try {
    writeAll(fd, bytesOf(length))
    writeAll(fd, json)
    writeAll(fd, bytesOf(problem.edges.household))
    writeAll(fd, bytesOf(problem.edges.vacancy))
    writeAll(fd, bytesOf(problem.edges.weight))
    for (const c of problem.constraints) {
      writeAll(fd, bytesOf(c.scope.coef))
      if (c.scope.kind === 'vacancies' && c.scope.exempt !== undefined) writeAll(fd, c.scope.exempt)
    }
    writeAll(fd, bytesOf(input.priority))
    writeAll(fd, bytesOf(input.vacancyOrder))
  } finally {
    closeSync(fd)
  }
}

export function readInput(path: string): BenchInput {
  const fd = openSync(path, 'r')
  try {
    const length = new Int32Array(1)
    readAll(fd, bytesOf(length))
    const json = new Uint8Array(length[0] as number)
    readAll(fd, json)
    const header = JSON.parse(Buffer.from(json).toString('utf8')) as Header
    const read = <T extends Int32Array | Float64Array | Uint8Array>(array: T): T => {
      readAll(fd, array instanceof Uint8Array ? array : bytesOf(array))
      return array
    }
    const E = header.edges
    const edges = {
      household: read(new Int32Array(E)),
      vacancy: read(new Int32Array(E)),
      weight: read(new Float64Array(E)),
    }
    const constraints: SideConstraint[] = header.constraints.map((c, k) => {
      const kind = header.scopes[k] ?? 'households'
      const coef = read(new Float64Array(kind === 'households' ? header.households : header.vacancies))
      if (kind === 'households') return { ...c, scope: { kind, coef } }
      if (!header.exempt?.[k]) return { ...c, scope: { kind, coef } }
      return { ...c, scope: { kind, coef, exempt: read(new Uint8Array(header.households)) } }
    })
    const problem: MatchProblem = {
      households: header.households,
      vacancies: header.vacancies,
      edges,
      constraints,
    }
    return {
      problem,
      priority: read(new Float64Array(header.households)),
      vacancyOrder: read(new Int32Array(header.vacancies)),
    }
  } finally {
    closeSync(fd)
  }
}
