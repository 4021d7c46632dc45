/**
 * A one-line progress display on stderr: a bar, the step, and what runs now
 * with its elapsed time. On a terminal the line is redrawn in place; otherwise
 * (CI logs) each finished step is printed once.
 */
export class Progress {
  private done = 0
  private label = ''
  private detail = ''
  private since = performance.now()
  private readonly timer: NodeJS.Timeout | undefined
  private readonly tty: boolean

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = stream.isTTY === true
    if (this.tty) {
      this.timer = setInterval(() => this.draw(), 500)
      this.timer.unref()
    }
  }

  /** A new step begins. */
  start(label: string, detail = ''): void {
    this.label = label
    this.detail = detail
    this.since = performance.now()
    if (this.tty) this.draw()
    else this.stream.write(`${this.prefix()} ${label}${detail ? ` · ${detail}` : ''}\n`)
  }

  update(detail: string): void {
    this.detail = detail
    if (this.tty) this.draw()
  }

  /** The step ends with a one-line summary. */
  finish(summary: string): void {
    this.done++
    this.line(`${this.prefix()} ${this.label} · ${summary}`)
  }

  /** A line that stays in the log. */
  line(text: string): void {
    if (this.tty) this.stream.write(`\r\x1b[K${text}\n`)
    else this.stream.write(`${text}\n`)
    if (this.tty) this.draw()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    if (this.tty) this.stream.write('\r\x1b[K')
  }

  private prefix(): string {
    return `[${String(this.done).padStart(String(this.total).length)}/${this.total}]`
  }

  private draw(): void {
    const width = 20
    const filled = this.total > 0 ? Math.round((width * this.done) / this.total) : width
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`
    const seconds = ((performance.now() - this.since) / 1000).toFixed(1)
    const text = `${bar} ${this.prefix()} ${this.label}${this.detail ? ` · ${this.detail}` : ''} · ${seconds} s`
    const columns = this.stream.columns ?? 120
    this.stream.write(`\r\x1b[K${text.slice(0, columns - 1)}`)
  }
}
