/**
 * Reads the Prometheus text exposition format (what `GET /metrics` serves) into samples, for tests.
 */

/** One sample line: `name{label="value",...} value`. */
export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** Every sample of a Prometheus text page (comment lines skipped); throws on a line it cannot read. */
export function parsePrometheusText (text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line)
    if (m == null) throw new Error(`not a Prometheus sample line: ${line}`)
    const labels: Record<string, string> = {}
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\')
    const raw = m[3]
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw)
    // Prometheus reads NaN in any case (Go's ParseFloat); prom-client writes `Nan` for an event-loop lag not yet sampled
    if (Number.isNaN(value) && raw.toLowerCase() !== 'nan') throw new Error(`not a sample value: ${line}`)
    samples.push({ name: m[1], labels, value })
  }
  return samples
}

/** The `# TYPE` of each metric family. */
export function metricTypes (text: string): Map<string, string> {
  const types = new Map<string, string>()
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types.set(m[1], m[2])
  return types
}

/** The sum of the samples named `name` whose labels include `labels` (0 when there are none). */
export function sampleSum (samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0)
}
