/** The CLI's only door to the terminal: everything printed goes through here. */
export const out = {
  /** A result line on stdout. */
  line (text = ''): void { process.stdout.write(`${text}\n`) },
  /** Pretty JSON on stdout. */
  json (value: unknown): void { process.stdout.write(`${JSON.stringify(value, null, 2)}\n`) },
  /** A status or progress line on stderr (keeps stdout clean for pipes). */
  info (text: string): void { process.stderr.write(`${text}\n`) },
  /** One-line error on stderr. */
  error (text: string): void { process.stderr.write(`moemesh: ${text}\n`) }
}

/** Render rows as an aligned text table. */
export function table (headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => String(c)))]
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  const fmt = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()
  return [fmt(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)].join('\n')
}
