import type { CliStream } from './output.js'

/** Options of {@link ProgressBar}. */
export interface ProgressBarInit {
  /** Characters of the bar itself (a TTY only). @default 28 */
  width?: number
  /** The clock for the elapsed seconds (tests pass a fake one). @default Date.now */
  now?: () => number
}

/**
 * A progress display on stderr for anything that takes more than a few seconds.
 *
 * On a terminal it is one line, redrawn in place (`\r` + clear line) at every step, stages included, and cut to
 * the terminal's width so it never wraps (a wrapped line cannot be redrawn); {@link done} ends it with a newline.
 * Elsewhere (CI logs, pipes, files) it prints a line per 10% of each major stage (the part of the stage label
 * before ':'), so logs stay readable.
 */
export class ProgressBar {
  private readonly stream: CliStream
  private readonly width: number
  private readonly now: () => number
  private readonly started: number
  private lastDecile = -1
  private major = ''
  /** What the terminal line shows now ('' when no line is open). */
  private shown = ''

  constructor (stream: CliStream = process.stderr, init: ProgressBarInit = {}) {
    this.stream = stream
    this.width = init.width ?? 28
    this.now = init.now ?? Date.now
    this.started = this.now()
  }

  /** Report progress: `fraction` in 0..1 of the current `stage`. */
  update (fraction: number, stage: string): void {
    const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0))
    const pct = Math.floor(f * 100)
    if (this.stream.isTTY === true) {
      const filled = Math.round(f * this.width)
      const secs = ((this.now() - this.started) / 1000).toFixed(0)
      let line = `${stage.padEnd(30).slice(0, 30)} [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${String(pct).padStart(3)}% ${secs}s`
      const columns = this.stream.columns
      if (columns !== undefined && columns > 1 && line.length > columns - 1) line = line.slice(0, columns - 1)
      if (line === this.shown) return
      this.stream.write(`\r\x1b[2K${line}`)
      this.shown = line
      return
    }
    const major = stage.split(':')[0]
    if (major !== this.major) {
      this.major = major
      this.lastDecile = -1
    }
    if (Math.floor(pct / 10) > this.lastDecile) {
      this.lastDecile = Math.floor(pct / 10)
      this.stream.write(`${stage}: ${pct}%\n`)
    }
  }

  /** End the display: on a terminal the last state stays visible and the cursor moves to the next line. */
  done (): void {
    if (this.shown !== '') this.stream.write('\n')
    this.shown = ''
  }
}
