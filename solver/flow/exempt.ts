import type { Edges, MatchProblem, SideConstraint } from '../problem.ts'

/**
 * Rows with exempt households (a vacancy row whose coefficient is 0 for the households its
 * `exempt` mask names: a district cap that does not count a household's own choice) in the
 * plainest form that gives every edge the same coefficient.
 *
 * Only the coefficients of pairs that are edges matter. At a vacancy every edge of which comes
 * from an exempt household, the row counts nothing: its coefficient there becomes 0. At a
 * vacancy with no exempt household's edge, it counts every placement: coef[v] as it is. Only a
 * vacancy with edges of both kinds ("mixed") needs the mask; a row with no mixed vacancy loses
 * it and is a plain vacancy row, one the network can carry when it is 0/1 and laminar. That is
 * the common case of a district cap no household with an edge into the district asked for.
 */
export interface NormalisedRow {
  readonly row: SideConstraint
  /** The vacancies with edges of both kinds, 1 each; undefined when the row kept no mask. */
  readonly mixed: Uint8Array | undefined
}

/**
 * One row against a set of edges (see above). A row without a mask comes back as it is.
 *
 * @example
 * const { row, mixed } = normaliseRow(constraint, problem.edges, problem.vacancies)
 */
export function normaliseRow(row: SideConstraint, edges: Edges, vacancies: number): NormalisedRow {
  const scope = row.scope
  if (scope.kind !== 'vacancies' || scope.exempt === undefined) return { row, mixed: undefined }
  const { coef, exempt } = scope
  // Bit 1: an exempt household's edge; bit 2: another household's edge.
  const seen = new Uint8Array(vacancies)
  const E = edges.household.length
  for (let e = 0; e < E; e++) {
    const v = edges.vacancy[e] as number
    if (coef[v] === 0) continue
    seen[v] = (seen[v] as number) | (exempt[edges.household[e] as number] === 1 ? 1 : 2)
  }
  let changed = false
  let anyMixed = false
  const plain = Float64Array.from(coef)
  for (let v = 0; v < vacancies; v++) {
    if (plain[v] === 0) continue
    const s = seen[v] as number
    if (s === 3) anyMixed = true
    else if ((s & 2) === 0) {
      plain[v] = 0
      changed = true
    }
  }
  if (!anyMixed) {
    return { row: { ...row, scope: { kind: 'vacancies', coef: changed ? plain : coef } }, mixed: undefined }
  }
  const mixed = new Uint8Array(vacancies)
  for (let v = 0; v < vacancies; v++) if (seen[v] === 3 && plain[v] !== 0) mixed[v] = 1
  return {
    row: changed ? { ...row, scope: { kind: 'vacancies', coef: plain, exempt } } : row,
    mixed,
  }
}

/**
 * The problem with every row with exempt households normalised (`normaliseRow`): the same
 * edges, the same rows at the same indices, the same coefficient on every edge, so a solution
 * and duals of one are a solution and duals of the other. The problem itself when it has no
 * such row.
 */
export function normaliseExemptions(problem: MatchProblem): MatchProblem {
  let changed = false
  const constraints = problem.constraints.map((c) => {
    if (c.scope.kind !== 'vacancies' || c.scope.exempt === undefined) return c
    changed = true
    return normaliseRow(c, problem.edges, problem.vacancies).row
  })
  return changed ? { ...problem, constraints } : problem
}
