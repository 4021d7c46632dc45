import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ChildHeaps, Cursor } from '../../../solver/flow/child-heaps.ts'
import { MinHeap } from '../../../solver/flow/heap.ts'
import { classify } from '../../../solver/flow/laminar.ts'
import { FlowNetwork } from '../../../solver/flow/network.ts'
import { TopKSelector } from '../../../solver/flow/prune.ts'
import { strengthenRow } from '../../../solver/flow/rounding.ts'
import type { MatchProblem, SideConstraint } from '../../../solver/problem.ts'
import { problemArb } from '../../support/random-problem.ts'

const params = { seed: 777, numRuns: 200 }

describe('MinHeap', () => {
  it('pops in ascending (key, node) order, so equal keys come out by node index', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 50 }))),
        (items) => {
          const heap = new MinHeap(2)
          for (const [k, n] of items) heap.push(k, n)
          const out: [number, number][] = []
          while (heap.size > 0) {
            const k = heap.topKey()
            out.push([k, heap.pop()])
          }
          const sorted = [...items].sort((a, b) => a[0] - b[0] || a[1] - b[1])
          expect(out).toEqual(sorted)
        },
      ),
      params,
    )
  })
})

describe('TopKSelector', () => {
  it("keeps each household's kH and each vacancy's kV best edges (weight, other end, edge index), whatever the offer order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 5 }), fc.nat({ max: 3 }), fc.integer({ min: -3, max: 3 })), {
          maxLength: 40,
        }),
        fc.nat({ max: 3 }),
        fc.nat({ max: 4 }),
        fc.nat(),
        (list, kH, kV, seed) => {
          // Brute force: sort every node's edges by the strict order and take the first k.
          const expected = new Set<number>()
          const pick = (end: (i: number) => number, other: (i: number) => number, k: number) => {
            const byNode = new Map<number, number[]>()
            for (let i = 0; i < list.length; i++) {
              const ids = byNode.get(end(i)) ?? []
              ids.push(i)
              byNode.set(end(i), ids)
            }
            for (const ids of byNode.values()) {
              ids.sort(
                (a, b) => (list[b]?.[2] as number) - (list[a]?.[2] as number) || other(a) - other(b) || a - b,
              )
              for (const i of ids.slice(0, k)) expected.add(i)
            }
          }
          pick(
            (i) => list[i]?.[0] as number,
            (i) => list[i]?.[1] as number,
            kH,
          )
          pick(
            (i) => list[i]?.[1] as number,
            (i) => list[i]?.[0] as number,
            kV,
          )
          // Offer in a seeded shuffled order.
          const order = list.map((_, i) => i)
          let r = seed
          for (let i = order.length - 1; i > 0; i--) {
            r = (r * 1103515245 + 12345) % 2147483648
            const j = r % (i + 1)
            ;[order[i], order[j]] = [order[j] as number, order[i] as number]
          }
          const best = new TopKSelector(6, 4, kH, kV)
          for (const i of order) {
            const [h, v, w] = list[i] as [number, number, number]
            best.offer(h, v, i, w)
          }
          const got = new Set<number>()
          best.forEachSelected((e) => got.add(e))
          expect([...got].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b))
        },
      ),
      params,
    )
  })
})

describe('ChildHeaps and Cursor', () => {
  it('walk exactly the eligible children of a group in reduced-cost order, after any sequence of updates', () => {
    fc.assert(
      fc.property(
        problemArb({ constraints: 'laminar', maxHouseholds: 12, maxVacancies: 6 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 2 })), {
          maxLength: 40,
        }),
        fc.constantFrom<'up' | 'down'>('up', 'down'),
        (problem, moves, direction) => {
          const cls = classify(problem)
          fc.pre(cls.ok)
          if (!cls.ok) return
          const lam = cls.model
          const pi = new Float64Array(lam.nodeCount)
          const flow = new Float64Array(lam.nodeCount)
          const heaps = new ChildHeaps(lam, pi, flow, direction)
          for (let g = 0; g <= lam.groups; g++) heaps.ensure(g)
          for (const [which, dp, f] of moves) {
            const c = which % lam.z
            pi[c] = (pi[c] as number) + dp
            flow[c] = Math.min(f, Number.isFinite(lam.cap[c] as number) ? (lam.cap[c] as number) : f)
            heaps.update(c)
          }
          for (let g = 0; g <= lam.groups; g++) {
            const kids = Array.from(lam.childList.subarray(lam.childStart[g], lam.childStart[g + 1]))
            const eligible = kids.filter((c) =>
              direction === 'up'
                ? (flow[c] as number) < (lam.cap[c] as number)
                : (flow[c] as number) > (lam.lower[c] as number),
            )
            const expected = eligible.sort((a, b) =>
              pi[a] === pi[b]
                ? a - b
                : direction === 'up'
                  ? (pi[a] as number) - (pi[b] as number)
                  : (pi[b] as number) - (pi[a] as number),
            )
            const cursor = new Cursor(heaps, g)
            cursor.reset()
            const walked: number[] = []
            for (let c = cursor.next(); c >= 0; c = cursor.next()) walked.push(c)
            expect(walked).toEqual(expected)
          }
        },
      ),
      params,
    )
  })
})

const rows = (n: number, members: number[]) =>
  Float64Array.from({ length: n }, (_, i) => (members.includes(i) ? 1 : 0))

describe('classify', () => {
  const problem = (constraints: SideConstraint[]): MatchProblem => ({
    households: 4,
    vacancies: 10,
    edges: { household: new Int32Array(0), vacancy: new Int32Array(0), weight: new Float64Array(0) },
    constraints,
  })
  const cap = (name: string, members: number[], rhs: number): SideConstraint => ({
    name,
    scope: { kind: 'vacancies', coef: rows(10, members) },
    sense: '<=',
    rhs,
  })

  it('keeps five disjoint district caps in the network and dualizes the quota that crosses them', () => {
    const districts = [0, 1, 2, 3, 4].map((d) => cap(`district:${d}`, [2 * d, 2 * d + 1], 1))
    const quota: SideConstraint = {
      name: 'quota',
      scope: { kind: 'vacancies', coef: rows(10, [0, 2, 4, 6, 8]) },
      sense: '>=',
      rhs: 3,
    }
    const cls = classify(problem([quota, ...districts]))
    expect(cls.ok).toBe(true)
    if (!cls.ok) return
    expect(cls.model.crossing).toEqual([0])
    expect(cls.model.groups).toBe(5)
  })

  it('nests groups, merges identical ones into one node with the tightest bounds, and rejects a floor above its cap', () => {
    const cls = classify(
      problem([
        cap('outer', [0, 1, 2, 3], 3),
        cap('inner', [0, 1], 1),
        { name: 'innerFloor', scope: { kind: 'vacancies', coef: rows(10, [0, 1]) }, sense: '>=', rhs: 1 },
        {
          name: 'fractional',
          scope: { kind: 'households', coef: Float64Array.of(0.5, 0, 0, 1) },
          sense: '<=',
          rhs: 1,
        },
      ]),
    )
    expect(cls.ok).toBe(true)
    if (!cls.ok) return
    const { model } = cls
    expect(model.crossing).toEqual([3])
    expect(model.groups).toBe(2)
    const base = model.vacancies + model.households
    const outer = base + model.groupInfo.findIndex((g) => g.caps.includes(0))
    const inner = base + model.groupInfo.findIndex((g) => g.caps.includes(1))
    expect(model.parent[inner]).toBe(outer)
    expect(model.parent[0]).toBe(inner)
    // Unfilled counts: inner has 2 members, at most 1 filled and at least 1 filled.
    expect([model.lower[inner], model.cap[inner]]).toEqual([1, 1])
    const bad = classify(
      problem([cap('cap', [0, 1], 0), { ...cap('floor', [0, 1], 0), sense: '>=', rhs: 1 }]),
    )
    expect(bad).toEqual({ ok: false, conflicting: ['floor', 'cap'] })
  })
})

describe('FlowNetwork active edges', () => {
  it('extendActive builds the layout setActive builds for the union, whatever the split and order', () => {
    fc.assert(
      fc.property(
        problemArb({ constraints: 'laminar', maxHouseholds: 30, maxVacancies: 10, maxWeight: 20 }),
        fc.array(fc.boolean(), { minLength: 300, maxLength: 300 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (problem, inFirst, seed) => {
          const cls = classify(problem)
          if (!cls.ok) return
          const E = problem.edges.household.length
          const first: number[] = []
          const second: number[] = []
          for (let e = 0; e < E; e++) (inFirst[e % inFirst.length] ? first : second).push(e)
          // The added edges arrive in any order.
          second.sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b)
          const { household, vacancy, weight } = problem.edges
          const extended = new FlowNetwork(cls.model, household, vacancy, weight)
          extended.setActive(Int32Array.from(first))
          extended.extendActive(Int32Array.from(second))
          const whole = new FlowNetwork(cls.model, household, vacancy, weight)
          whole.setActive(Int32Array.from([...second, ...first]))
          expect(Array.from(extended.activeEdges())).toEqual(Array.from(whole.activeEdges()))
          const a = extended.activeLayout()
          const b = whole.activeLayout()
          expect(Array.from(a.start)).toEqual(Array.from(b.start))
          expect(Array.from(a.edge)).toEqual(Array.from(b.edge))
          expect(Array.from(a.node)).toEqual(Array.from(b.node))
          expect(Array.from(a.cost)).toEqual(Array.from(b.cost))
        },
      ),
      params,
    )
  })
})

describe('strengthenRow', () => {
  it('keeps exactly the same 0/1 solutions as the row it rounds (parity-like rational rows)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }),
        fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
        fc.constantFrom(0, 0.02, 0.05, 0.1, 1 / 3),
        fc.constantFrom<'<=' | '>='>('<=', '>='),
        (n, member, epsilon, sense) => {
          const inGroup = member.slice(0, n)
          const ng = inGroup.filter(Boolean).length
          fc.pre(ng > 0 && ng < n)
          const coef = Float64Array.from(inGroup, (m) => (m ? 1 / ng : 0) - 1 / n)
          const row: SideConstraint = {
            name: 'parity',
            scope: { kind: 'households', coef },
            sense,
            rhs: sense === '<=' ? epsilon : -epsilon,
          }
          const strong = strengthenRow(row).row
          for (let mask = 0; mask < 1 << n; mask++) {
            let a = 0
            let b = 0
            for (let i = 0; i < n; i++) {
              if (mask & (1 << i)) {
                a += coef[i] as number
                b += strong.scope.coef[i] as number
              }
            }
            const holds = sense === '<=' ? a <= row.rhs + 1e-9 : a >= row.rhs - 1e-9
            const holdsStrong = sense === '<=' ? b <= strong.rhs : b >= strong.rhs
            expect(holdsStrong).toBe(holds)
          }
        },
      ),
      params,
    )
  })
})
