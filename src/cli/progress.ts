import type { CliStream } from './output.js'

/**
 * A progress bar on stderr for anything that takes more than a few seconds. On a TTY it redraws one line per
 * major stage (the part of the stage label before ':'); elsewhere (CI logs, pipes) it prints a line per 10%
 * of each major stage, so logs stay readable.
 */
export class ProgressBar {
  private readonly stream: CliStream
  private readonly width: number
  private readonly started = Date.now()
  private lastDecile = -1
  private major = ''
  private active = false

  constructor (stream: CliStream = process.stderr, width = 28) {
    this.stream = stream
    this.width = width
  }

  /** Report progress: `fraction` in 0..1 of the current `stage`. */
  update (fraction: number, stage: string): void {
    const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0))
    const major = stage.split(':')[0]
    if (major !== this.major) {
      this.finishLine()
      this.major = major
      this.lastDecile = -1
    }
    const pct = Math.floor(f * 100)
    if (this.stream.isTTY === true) {
      const filled = Math.round(f * this.width)
      const secs = ((Date.now() - this.started) / 1000).toFixed(0)
      this.stream.write(`\r\x1b[2K${stage.padEnd(30).slice(0, 30)} [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${String(pct).padStart(3)}% ${secs}s`)
      this.active = true
    } else if (Math.floor(pct / 10) > this.lastDecile) {
      this.lastDecile = Math.floor(pct / 10)
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
