/** The CLI's only door to the terminal: everything printed goes through here. */

/** Somewhere the CLI writes text: `process.stdout`/`process.stderr`, or a test's buffer. */
export interface CliStream {
  write: (text: string) => unknown
  /** A terminal (progress redraws one line) rather than a pipe or file (a line per 10%). */
  readonly isTTY?: boolean
  /** Width of the terminal, when it is one (progress is cut to it so that the line never wraps). */
  readonly columns?: number
}

/** Where a CLI run prints: results on `stdout`, status, progress and errors on `stderr`. */
export interface CliIo {
  stdout: CliStream
  stderr: CliStream
}

/** The process's own stdout and stderr (read when written to, as `process.stdout` is created lazily). */
export const processIo: CliIo = {
  get stdout () { return process.stdout },
  get stderr () { return process.stderr }
}

/** How commands print. */
export interface Output {
  /** A result line on stdout. */
  line: (text?: string) => void
  /** Pretty JSON on stdout. */
  json: (value: unknown) => void
  /** A status or progress line on stderr (keeps stdout clean for pipes). */
  info: (text: string) => void
  /** One-line error on stderr. */
  error: (text: string) => void
}

/** An {@link Output} that prints to `io`. */
export function createOutput (io: CliIo): Output {
  return {
    line (text = ''): void { io.stdout.write(`${text}\n`) },
    json (value: unknown): void { io.stdout.write(`${JSON.stringify(value, null, 2)}\n`) },
    info (text: string): void { io.stderr.write(`${text}\n`) },
    error (text: string): void { io.stderr.write(`moemesh: ${text}\n`) }
  }
}

/** Prints to the process's stdout and stderr (scripts use it; the CLI itself prints through its run's io). */
export const out: Output = createOutput(processIo)

/** Render rows as an aligned text table. */
export function table (headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => String(c)))]
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  const fmt = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()
  return [fmt(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)].join('\n')
}
