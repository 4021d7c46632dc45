/** Neumaier-compensated sum, so a bound over thousands of 1e12-sized terms keeps its last unit. */
export class ExactishSum {
  private sum = 0
  private c = 0
  add(x: number): void {
    const t = this.sum + x
    this.c += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum
    this.sum = t
  }
  value(): number {
    return this.sum + this.c
  }
}
