/**
 * A progress bar on stderr for anything that takes more than a few seconds. On a TTY it redraws one line;
 * elsewhere (CI logs, pipes) it prints a line per 10% so logs stay readable.
 */
export class ProgressBar {
  private readonly stream: NodeJS.WriteStream
  private readonly width: number
  private readonly started = Date.now()
  private lastPrinted = -1
  private label = ''
  private active = false

  constructor (stream: NodeJS.WriteStream = process.stderr, width = 28) {
    this.stream = stream
    this.width = width
  }

  /** Report progress: `fraction` in 0..1 of the current `stage`. */
  update (fraction: number, stage: string): void {
    const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0))
    if (stage !== this.label) { this.finishLine(); this.label = stage; this.lastPrinted = -1 }
    const pct = Math.floor(f * 100)
    if (this.stream.isTTY === true) {
      const filled = Math.round(f * this.width)
      const secs = ((Date.now() - this.started) / 1000).toFixed(0)
      this.stream.write(`\r${stage.padEnd(28).slice(0, 28)} [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${String(pct).padStart(3)}% ${secs}s`)
      this.active = true
    } else if (Math.floor(pct / 10) > this.lastPrinted) {
      this.lastPrinted = Math.floor(pct / 10)
      this.stream.write(`${stage}: ${pct}%\n`)
    }
  }

  /** End the bar (leaves the last state visible). */
  done (): void {
    this.finishLine()
  }

  private finishLine (): void {
    if (this.active) this.stream.write('\n')
    this.active = false
  }
}
