/**
 * Inference backends compared: in-process vs worker thread vs child process.
 *
 *   npx tsx scripts/bench/backend.ts [--json FILE] [--runs N] [--repeat N]
 *
 * Measures, per backend: cold start (start + load), per-run latency p50/p99 at batch 1 and 64 on a small dense
 * model (300 -> 50, the size of a moemesh expert head), and the main thread's event-loop delay during a burst of
 * concurrent runs, on that small model and on a heavy one (~10 ms a run), plus the burst's throughput and how
 * long the main thread was busy per run (event-loop utilisation). The modes are measured in turn `--repeat`
 * times and each figure is the median over the repeats, so one noisy moment on a shared machine does not decide.
 * Prints a table; `--json FILE` also writes the numbers (medians and every repeat).
 */
import '../../src/polyfill.js'
import { writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { InferenceBackend, ModelHandle } from '../../src/onnx/backend.js'
import { MicroBatcher } from '../../src/experts/micro-batcher.js'
import { floatTensor } from '../../src/onnx/tensor.js'
import { createInferenceBackend } from '../../src/onnx/worker-backend.js'
import type { BackendMode } from '../../src/onnx/worker-backend.js'
import { heavyModel, mlpModel, randomFloats } from '../../test/helpers/tiny-models.js'

interface Result {
  mode: BackendMode
  coldStartMs: number
  b1: { p50: number, p99: number }
  b64: { p50: number, p99: number }
  burstSmall: { runs: number, rowsPerRun: number, wallMs: number, runsPerSec: number, loopMaxMs: number, loopP99Ms: number, mainBusyUsPerRun: number }
  burstHeavy: { runs: number, rowsPerRun: number, wallMs: number, runMs: number, loopMaxMs: number, loopP99Ms: number }
  batched: { calls: number, wallMs: number, callsPerSec: number, backendRuns: number }
}

function arg (name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const RUNS = Number(arg('--runs') ?? 500)
const REPEAT = Number(arg('--repeat') ?? 3)
const jsonPath = arg('--json')

const small = mlpModel({ inDim: 300, outDim: 50, seed: 1 })
const heavy = heavyModel({ dim: 512, layers: 8, seed: 2, sharedWeights: true })

function quantile (sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

async function latency (h: ModelHandle, rows: number): Promise<{ p50: number, p99: number }> {
  const x = randomFloats(rows, 300, rows)
  for (let i = 0; i < 50; i++) await h.run({ x: floatTensor(x, [rows, 300]) })
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    await h.run({ x: floatTensor(x, [rows, 300]) })
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) }
}

async function burst (h: ModelHandle, runs: number, rows: number, dim: number): Promise<{ wallMs: number, loopMaxMs: number, loopP99Ms: number, mainBusyUsPerRun: number }> {
  const x = randomFloats(rows, dim, 7)
  await h.run({ x: floatTensor(x, [rows, dim]) })
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  histogram.enable()
  const elu0 = performance.eventLoopUtilization()
  const t0 = performance.now()
  await Promise.all(Array.from({ length: runs }, async () => await h.run({ x: floatTensor(x.slice(), [rows, dim]) })))
  const wallMs = performance.now() - t0
  const elu = performance.eventLoopUtilization(elu0)
  // Let the histogram take a last sample after the burst ends.
  await new Promise((resolve) => setTimeout(resolve, 5))
  histogram.disable()
  return { wallMs, loopMaxMs: histogram.max / 1e6, loopP99Ms: histogram.percentile(99) / 1e6, mainBusyUsPerRun: elu.active * 1000 / runs }
}

async function measure (mode: BackendMode): Promise<Result> {
  const t0 = performance.now()
  const backend: InferenceBackend = createInferenceBackend({ mode })
  const h = await backend.load(small.bytes)
  const coldStartMs = performance.now() - t0
  try {
    const b1 = await latency(h, 1)
    const b64 = await latency(h, 64)
    const bs = await burst(h, 1000, 64, 300)
    const hh = await backend.load(heavy.bytes)
    const bh = await burst(hh, 20, 256, 512)
    // 2000 one-row calls at once through a micro-batcher: what a busy expert sees.
    const batcher = new MicroBatcher(h, { maxQueue: 4096 })
    const row = randomFloats(1, 300, 9)
    const tb = performance.now()
    await Promise.all(Array.from({ length: 2000 }, async () => await batcher.run({ x: floatTensor(row.slice(), [1, 300]) })))
    const batchedMs = performance.now() - tb
    return {
      mode,
      coldStartMs,
      b1,
      b64,
      burstSmall: { runs: 1000, rowsPerRun: 64, wallMs: bs.wallMs, runsPerSec: 1000 / (bs.wallMs / 1000), loopMaxMs: bs.loopMaxMs, loopP99Ms: bs.loopP99Ms, mainBusyUsPerRun: bs.mainBusyUsPerRun },
      burstHeavy: { runs: 20, rowsPerRun: 256, wallMs: bh.wallMs, runMs: bh.wallMs / 20, loopMaxMs: bh.loopMaxMs, loopP99Ms: bh.loopP99Ms },
      batched: { calls: 2000, wallMs: batchedMs, callsPerSec: 2000 / (batchedMs / 1000), backendRuns: batcher.stats().runs }
    }
  } finally {
    await backend.stop()
  }
}

const f = (n: number, d = 3): string => n.toFixed(d)
const MODES = ['in-process', 'worker', 'process'] as const
const repeats: Record<BackendMode, Result[]> = { 'in-process': [], worker: [], process: [] }
for (let i = 0; i < REPEAT; i++) {
  for (const mode of MODES) repeats[mode].push(await measure(mode))
}

/** The median of every number in a list of same-shaped objects. */
function median<T> (items: T[]): T {
  const first = items[0] as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(first)) {
    if (typeof value === 'number') {
      const sorted = items.map((it) => (it as Record<string, number>)[key]).sort((a, b) => a - b)
      out[key] = sorted[Math.floor(sorted.length / 2)]
    } else if (value != null && typeof value === 'object') {
      out[key] = median(items.map((it) => (it as Record<string, unknown>)[key]))
    } else {
      out[key] = value
    }
  }
  return out as T
}
const results: Result[] = MODES.map((mode) => median(repeats[mode]))

const header = ['backend', 'cold start ms', 'b1 p50 ms', 'b1 p99 ms', 'b64 p50 ms', 'b64 p99 ms', 'burst runs/s', 'burst main us/run', 'burst loop max ms', 'heavy run ms', 'heavy loop max ms', 'batched calls/s (runs)']
const rows = results.map((r) => [
  r.mode, f(r.coldStartMs, 0), f(r.b1.p50), f(r.b1.p99), f(r.b64.p50), f(r.b64.p99),
  f(r.burstSmall.runsPerSec, 0), f(r.burstSmall.mainBusyUsPerRun, 0), f(r.burstSmall.loopMaxMs, 1), f(r.burstHeavy.runMs, 1), f(r.burstHeavy.loopMaxMs, 1),
  `${f(r.batched.callsPerSec, 0)} (${r.batched.backendRuns})`
])
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
const line = (cells: string[]): string => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |\n'
process.stdout.write(`node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`)
process.stdout.write(`small model: dense 300 -> 50 + softmax; ${RUNS} sequential runs per latency figure; burst: 1000 concurrent runs of 64 rows\n`)
process.stdout.write(`heavy model: 8 x (512 x 512 MatMul + Relu); burst of 20 concurrent runs of 256 rows\n`)
process.stdout.write('batched: 2000 concurrent one-row calls through a MicroBatcher (maxBatch 64)\n')
process.stdout.write(`each figure: the median of ${REPEAT} repeats\n\n`)
process.stdout.write(line(header))
process.stdout.write(line(widths.map((w) => '-'.repeat(w))))
for (const r of rows) process.stdout.write(line(r))

if (jsonPath != null) {
  writeFileSync(jsonPath, JSON.stringify({ node: process.version, cpus: cpus().length, loadavg: loadavg(), runs: RUNS, repeat: REPEAT, results, repeats }, null, 2) + '\n')
  process.stdout.write(`\nwrote ${jsonPath}\n`)
}
