/**
 * Answer quality of routed experts over the zoo's test splits, against the baselines (oracle, random,
 * ask-all mixture, most-confident, and one multitask model trained on the union of the train splits).
 *
 *   npm run bench:quality -- [--data-dir DIR] [--zoo-dir DIR] [--cache-dir DIR] [--json FILE] [--mode in-process|network] [--verbose]
 *
 * Every query is embedded once and every zoo expert (and the multitask model) runs on every query once; the
 * matrices are cached under `<data-dir>/cache/quality-<key>/`, and every routing method is then evaluated
 * offline on them. Choices (temperatures, thresholds) are fitted on the calibration split; the test split
 * is only reported. Needs the zoo: `npm run build:zoo` (or `moemesh zoo build --data-dir DIR`).
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
if (mode === 'network') {
  // The network mode runs the chosen method through a local network of daemons; it needs the router to call
  // the competence functions (src/routing/competence.ts), which lands after the router refactor.
  process.stderr.write('--mode network is not available yet: the router does not call src/routing/competence.ts yet\n')
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
  const json = { mode, overall: report.overall, experts: report.experts, methods: report.methods }
  if (jsonPath != null) await writeFile(jsonPath, JSON.stringify(json, null, 2) + '\n')
} finally {
  await backend.stop()
}
