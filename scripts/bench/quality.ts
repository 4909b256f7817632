/**
 * Answer quality of routed experts over the zoo's test splits, against the baselines (oracle, random,
 * ask-all mixture, most-confident, and one multitask model trained on the union of the train splits).
 *
 *   npm run bench:quality -- [--data-dir DIR] [--zoo-dir DIR] [--cache-dir DIR] [--json FILE] [--mode in-process|network] [--limit N] [--verbose]
 *
 * Every query is embedded once and every zoo expert (and the multitask model) runs on every query once; the
 * matrices are cached under `<data-dir>/cache/quality-<key>/`, and every routing method is then evaluated
 * offline on them. Choices (temperatures, thresholds) are fitted on the calibration split; the test split
 * is only reported. `--mode network` then sends `--limit` test queries (evenly per expert; default 1500) and a
 * proportional share of the out-of-domain ones through a local network of daemons (quality-network.ts) and
 * prints its numbers next to the in-process routed row's on the same queries. Needs the zoo: `npm run build:zoo` (or `moemesh zoo build --data-dir DIR`).
 */
import '../../src/polyfill.js'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { Embedder } from '../../src/embed/embedder.js'
import { ensureEmbedder } from '../../src/embed/space.js'
import { readZoo } from '../../src/experts/zoo/build-zoo.js'
import { createInferenceBackend } from '../../src/onnx/worker-backend.js'
import { defaultDataDir } from '../../src/node/config.js'
import { loadQualityData } from './quality-data.js'
import { evaluateAll, formatTable } from './quality-eval.js'
import { evenIndices, evenSubset, inProcessOutcomes, runNetwork, subsetMetrics } from './quality-network.js'

/** Test queries the network mode sends by default: a few minutes on two cores. */
const DEFAULT_NETWORK_LIMIT = 1500

function arg (name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const dataDir = resolve(arg('--data-dir') ?? defaultDataDir())
const zooDir = resolve(arg('--zoo-dir') ?? join(dataDir, 'zoo'))
const cacheDir = resolve(arg('--cache-dir') ?? join(dataDir, 'cache'))
const mode = arg('--mode') ?? 'in-process'
const jsonPath = arg('--json')
const verbose = process.argv.includes('--verbose')
if (mode !== 'in-process' && mode !== 'network') {
  process.stderr.write(`--mode must be in-process or network, got ${mode}\n`)
  process.exit(2)
}
const limit = Number(arg('--limit') ?? DEFAULT_NETWORK_LIMIT)
if (!Number.isInteger(limit) || limit < 1) {
  process.stderr.write(`--limit must be a positive integer, got ${String(arg('--limit'))}\n`)
  process.exit(2)
}

const backend = createInferenceBackend({ mode: 'in-process' })
const log = (line: string): void => { if (verbose) process.stderr.write(line + '\n') }
try {
  const { bytes } = await ensureEmbedder(dataDir)
  const embedder = await Embedder.fromModel(bytes, backend)
  const zoo = await readZoo(zooDir, embedder.spaceId)
  if (zoo == null) {
    process.stderr.write(`no zoo for this embedder in ${zooDir}: build it first with \`moemesh zoo build --data-dir ${dataDir}\` (npm run build:zoo)\n`)
    process.exit(1)
  }
  const data = await loadQualityData({ zooDir, zoo, cacheRoot: cacheDir, nodeModules: resolve('node_modules'), embedder, backend, log })
  const report = await evaluateAll(data, { log })
  process.stdout.write(formatTable(report) + '\n')
  if (mode === 'in-process') {
    const json = { mode, overall: report.overall, experts: report.experts, methods: report.methods }
    if (jsonPath != null) await writeFile(jsonPath, JSON.stringify(json, null, 2) + '\n')
  } else {
    const E = data.experts.length
    const subset = evenSubset(data.test.expert, E, limit)
    const oodShare = Math.round(subset.length * data.ood.texts.length / Math.max(1, data.test.texts.length))
    const oodSubset = evenIndices(data.ood.texts.length, Math.max(1, oodShare))
    const { bytes: embedderModel } = await ensureEmbedder(dataDir)
    process.stderr.write(`network mode: ${subset.length} test and ${oodSubset.length} out-of-domain queries through a local network of daemons\n`)
    const net = await runNetwork({ zoo, zooDir, data, embedderModel, subset, oodSubset, log: (l) => { process.stderr.write(l + '\n') } })
    const local = inProcessOutcomes(report.routed, subset, oodSubset)
    const threshold = report.routed.threshold
    const network = subsetMetrics(data, subset, net.test, net.ood, threshold)
    const inProcess = subsetMetrics(data, subset, local.test, local.ood, threshold)
    const fmt = (v: number | null | undefined): string => v == null || Number.isNaN(v) ? '-' : Number.isInteger(v) ? String(v) : v.toFixed(4)
    const lines = ['', `network mode (${subset.length} test queries, ${oodSubset.length} out-of-domain; cards converged in ${(net.convergedMs / 1000).toFixed(1)} s, queries took ${(net.queryMs / 1000).toFixed(1)} s, ${net.failures} failed)`,
      'metric                  | in-process | network  | diff (points)']
    for (const key of Object.keys(network)) {
      const a = inProcess[key]; const b = network[key]
      const diff = a != null && b != null && key !== 'queries' && key !== 'abstain_threshold' ? (100 * (b - a)).toFixed(2) : ''
      lines.push(`${key.padEnd(23)} | ${fmt(a).padStart(10)} | ${fmt(b).padStart(8)} | ${diff}`)
    }
    const strategies = new Map<string, number>()
    for (const t of net.test) strategies.set(t.strategy ?? 'failed', (strategies.get(t.strategy ?? 'failed') ?? 0) + 1)
    lines.push(`note: network answers by strategy: ${[...strategies].map(([k, v]) => `${k} ${v}`).join(', ')}${strategies.has('competence') ? '' : ' (the zoo\'s cards carry no gates: build a zoo with gates to compare the competence router)'}`)
    lines.push('note: network ood_auroc uses the in-domain scores the answers report (answered experts, or the probed nearest of abstained ones)')
    lines.push('note: in-process = the routed row above (offline gates and kNN from the benchmark) on the same queries; network = the daemons\' router with the zoo\'s advertised gates and the experts\' own scores')
    process.stdout.write(lines.join('\n') + '\n')
    const groups = Array.from({ length: E }, (_, e) => subset.map((q, i) => ({ q, i })).filter(({ q }) => data.test.expert[q] === e))
    const experts = data.experts.map((x, e) => {
      const rows = groups[e]
      const right = (o: { expert: number, label: number }, q: number): boolean => o.expert === e && o.label === data.test.label[q]
      return {
        id: x.id,
        queries: rows.length,
        routing_acc1: rows.filter(({ i }) => net.test[i].expert === e).length / Math.max(1, rows.length),
        end_acc: rows.filter(({ q, i }) => right(net.test[i], q)).length / Math.max(1, rows.length),
        in_process_end_acc: rows.filter(({ q, i }) => right(local.test[i], q)).length / Math.max(1, rows.length)
      }
    })
    const json = { mode, overall: { ...network, routing_acc2: null, multitask_acc_full_test: report.overall.multitask_acc }, in_process: inProcess, experts }
    if (jsonPath != null) await writeFile(jsonPath, JSON.stringify(json, null, 2) + '\n')
  }
} finally {
  await backend.stop()
}
