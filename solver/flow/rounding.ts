import type { SideConstraint } from '../problem.ts'

/**
 * Chvátal–Gomory strengthening of one row with rational coefficients: scale
 * by the least common denominator s, divide by the gcd g of the resulting
 * integers, and round the right-hand side (down for `<=`, up for `>=`). For
 * integer x the rounded row holds exactly when the original does, but its
 * LP relaxation is tighter. Parity rows (coefficients 1/n_g − 1/n and −1/n,
 * right-hand side ε) are the case this is for: with few households the LP
 * can balance rates with fractions that no matching achieves.
 *
 * Returns the row unchanged when the coefficients are not rationals with
 * denominators up to 10^6 (then there is nothing exact to round).
 */
export function strengthenRow(row: SideConstraint): { row: SideConstraint; scale: number } {
  const coef = row.scope.coef
  const distinct = new Set<number>()
  for (const a of coef) if (a !== 0) distinct.add(a)
  if (distinct.size === 0 || distinct.size > 64) return { row, scale: 1 }
  let s = 1
  for (const a of distinct) {
    const q = denominator(a)
    if (q === 0) return { row, scale: 1 }
    s = lcm(s, q)
    if (s > 1e9) return { row, scale: 1 }
  }
  const ints = new Float64Array(coef.length)
  let g = 0
  for (let i = 0; i < coef.length; i++) {
    const a = coef[i] as number
    if (a === 0) continue
    const c = Math.round(a * s)
    if (Math.abs(c - a * s) > 1e-6) return { row, scale: 1 }
    ints[i] = c
    g = gcd(g, Math.abs(c))
  }
  if (g === 0) return { row, scale: 1 }
  for (let i = 0; i < ints.length; i++) ints[i] = (ints[i] as number) / g
  const scale = s / g
  const raw = row.rhs * scale
  // Rounding error in raw is far below 1e-7; a true integer must not round the wrong way.
  const rhs = row.sense === '<=' ? Math.floor(raw + 1e-7) : Math.ceil(raw - 1e-7)
  // Exempt households keep their exemption: every pair's coefficient is a multiple of g too.
  const scope =
    row.scope.kind === 'households'
      ? { kind: 'households' as const, coef: ints }
      : { ...row.scope, coef: ints }
  return { row: { ...row, rhs, scope }, scale }
}

/** Denominator q ≤ 10^6 with |a − p/q| tiny, by continued fractions; 0 if none. */
function denominator(a: number): number {
  let x = Math.abs(a)
  let h0 = 0
  let h1 = 1
  let k0 = 1
  let k1 = 0
  for (let i = 0; i < 40; i++) {
    const n = Math.floor(x)
    const h2 = n * h1 + h0
    const k2 = n * k1 + k0
    if (k2 > 1e6) return 0
    h0 = h1
    h1 = h2
    k0 = k1
    k1 = k2
    if (Math.abs(Math.abs(a) - h1 / k1) <= 1e-12 * Math.max(1, Math.abs(a))) return k1
    const frac = x - n
    if (frac < 1e-15) return k1
    x = 1 / frac
  }
  return 0
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b
    a = b
    b = t
  }
  return a
}

const lcm = (a: number, b: number) => (a / gcd(a, b)) * b
