import type { LaminarModel } from './laminar.ts'

/**
 * For every group (and Z), a binary heap of the children whose tree arc has
 * residual capacity in one direction, ordered by the reduced cost of
 * crossing between group and child:
 *
 *   'up'   children with flow < cap, by π(c) ascending: a backward search
 *          crosses c → g at reduced cost π(c) − π(g);
 *   'down' children with flow > lower, by π(c) descending: a forward search
 *          crosses g → c (the reverse arc) at π(g) − π(c).
 *
 * A household floor's group can have thousands of members, and Z has every
 * ungrouped node as a child; relaxing all of them whenever a search settles
 * the group would cost O(children) per search. A search instead walks the
 * heap in sorted order, lazily (see `Cursor`), and stops where it stops.
 *
 * Heaps live in one array, group g's at heap[childStart[g] ...]. They are
 * updated as flows and potentials change (`update`), and rebuilt on next use
 * after anything else touches π (`invalidate`).
 */
export class ChildHeaps {
  private readonly heap: Int32Array
  private readonly pos: Int32Array
  readonly size: Int32Array
  private readonly valid: Uint8Array
  private readonly base: number

  constructor(
    private readonly lam: LaminarModel,
    private readonly pi: Float64Array,
    private readonly flow: Float64Array,
    private readonly direction: 'up' | 'down',
  ) {
    this.heap = new Int32Array(lam.z)
    this.pos = new Int32Array(lam.nodeCount).fill(-1)
    this.size = new Int32Array(lam.groups + 1)
    this.valid = new Uint8Array(lam.groups + 1)
    this.base = lam.vacancies + lam.households
  }

  invalidate(): void {
    this.valid.fill(0)
  }

  private eligible(c: number): boolean {
    const f = this.flow[c] as number
    return this.direction === 'up' ? f < (this.lam.cap[c] as number) : f > (this.lam.lower[c] as number)
  }

  /** a comes before b: smaller reduced cost from the group, ties by node index. */
  before(a: number, b: number): boolean {
    const pa = this.pi[a] as number
    const pb = this.pi[b] as number
    if (pa !== pb) return this.direction === 'up' ? pa < pb : pa > pb
    return a < b
  }

  /** Child at heap position i of group g. */
  at(g: number, i: number): number {
    return this.heap[(this.lam.childStart[g] as number) + i] as number
  }

  private siftUp(off: number, i: number): void {
    const { heap, pos } = this
    const c = heap[off + i] as number
    while (i > 0) {
      const p = (i - 1) >> 1
      const pc = heap[off + p] as number
      if (!this.before(c, pc)) break
      heap[off + i] = pc
      pos[pc] = i
      i = p
    }
    heap[off + i] = c
    pos[c] = i
  }

  private siftDown(off: number, size: number, i: number): void {
    const { heap, pos } = this
    const c = heap[off + i] as number
    for (;;) {
      let k = 2 * i + 1
      if (k >= size) break
      if (k + 1 < size && this.before(heap[off + k + 1] as number, heap[off + k] as number)) k++
      const kc = heap[off + k] as number
      if (!this.before(kc, c)) break
      heap[off + i] = kc
      pos[kc] = i
      i = k
    }
    heap[off + i] = c
    pos[c] = i
  }

  /** Makes group g's heap current (O(children) when it was invalidated). */
  ensure(g: number): void {
    if (this.valid[g]) return
    const { lam, heap, pos } = this
    const off = lam.childStart[g] as number
    const end = lam.childStart[g + 1] as number
    let size = 0
    for (let k = off; k < end; k++) {
      const c = lam.childList[k] as number
      if (this.eligible(c)) {
        heap[off + size] = c
        pos[c] = size++
      } else pos[c] = -1
    }
    this.size[g] = size
    for (let i = (size >> 1) - 1; i >= 0; i--) this.siftDown(off, size, i)
    this.valid[g] = 1
  }

  /** Restores child c's place after its π or its arc's flow changed. */
  update(c: number): void {
    const g = (this.lam.parent[c] as number) - this.base
    if (g < 0 || !this.valid[g]) return
    const off = this.lam.childStart[g] as number
    const eligible = this.eligible(c)
    const p = this.pos[c] as number
    const size = this.size[g] as number
    if (p < 0) {
      if (!eligible) return
      this.size[g] = size + 1
      this.heap[off + size] = c
      this.siftUp(off, size)
      return
    }
    if (!eligible) {
      const last = this.heap[off + size - 1] as number
      this.size[g] = size - 1
      this.pos[c] = -1
      if (last !== c) {
        this.heap[off + p] = last
        this.pos[last] = p
        this.siftUp(off, p)
        this.siftDown(off, size - 1, this.pos[last] as number)
      }
      return
    }
    this.siftUp(off, p)
    this.siftDown(off, size, this.pos[c] as number)
  }
}

/**
 * Walks one group's heap in sorted order without changing it: the classic
 * "k smallest of a binary heap" frontier of positions (a popped position
 * admits its two heap children), ordered like the heap itself.
 */
export class Cursor {
  private nodes = new Int32Array(16)
  size = 0

  constructor(
    private readonly heaps: ChildHeaps,
    private readonly g: number,
  ) {}

  reset(): void {
    this.size = 0
    if ((this.heaps.size[this.g] as number) > 0) this.push(0)
  }

  /** Next child in order, or -1. */
  next(): number {
    if (this.size === 0) return -1
    const p = this.popMin()
    const n = this.heaps.size[this.g] as number
    if (2 * p + 1 < n) this.push(2 * p + 1)
    if (2 * p + 2 < n) this.push(2 * p + 2)
    return this.heaps.at(this.g, p)
  }

  /** The child `next` would return, or -1. */
  peek(): number {
    return this.size === 0 ? -1 : this.heaps.at(this.g, this.nodes[0] as number)
  }

  private lessAt(i: number, j: number): boolean {
    return this.heaps.before(
      this.heaps.at(this.g, this.nodes[i] as number),
      this.heaps.at(this.g, this.nodes[j] as number),
    )
  }

  private push(p: number): void {
    if (this.size === this.nodes.length) {
      const nodes = new Int32Array(this.size * 2)
      nodes.set(this.nodes)
      this.nodes = nodes
    }
    let i = this.size++
    this.nodes[i] = p
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.lessAt(i, parent)) break
      const t = this.nodes[i] as number
      this.nodes[i] = this.nodes[parent] as number
      this.nodes[parent] = t
      i = parent
    }
  }

  private popMin(): number {
    const top = this.nodes[0] as number
    const n = --this.size
    if (n > 0) {
      this.nodes[0] = this.nodes[n] as number
      let i = 0
      for (;;) {
        let k = 2 * i + 1
        if (k >= n) break
        if (k + 1 < n && this.lessAt(k + 1, k)) k++
        if (!this.lessAt(k, i)) break
        const t = this.nodes[i] as number
        this.nodes[i] = this.nodes[k] as number
        this.nodes[k] = t
        i = k
      }
    }
    return top
  }
}
