/**
 * Latency of the built-in zoo experts through the real path a node uses (LocalExpert: features, micro-batcher,
 * worker-thread backend, onnxruntime), at batch 1 (one query at a time) and batch 64 (64 concurrent queries
 * that the micro-batcher folds into one run), plus the shared embedder at the same batch sizes.
 *
 *   npx tsx scripts/bench/experts.ts [--json FILE] [--rounds N]   (needs the zoo: npm run build:zoo)
 *
 * Prints a table of medians (p50) and p99 per expert; `--json FILE` writes the numbers.
 */
import '../../src/polyfill.js'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Embedder } from '../../src/embed/embedder.js'
import { ensureEmbedder } from '../../src/embed/space.js'
import { loadExpertPackage } from '../../src/experts/expert-package.js'
import { LocalExpert } from '../../src/experts/local-expert.js'
import { createInferenceBackend } from '../../src/onnx/worker-backend.js'
import { readZoo } from '../../src/experts/zoo/build-zoo.js'
import { defaultDataDir } from '../../src/node/config.js'

function arg (name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

function quantile (xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]
}

const ROUNDS = Number(arg('--rounds') ?? 200)
const dataDir = defaultDataDir()
const backend = createInferenceBackend({ mode: 'worker' })
const { bytes } = await ensureEmbedder(dataDir)
const embedder = await Embedder.fromModel(bytes, backend)
const zooDir = join(dataDir, 'zoo')
const zoo = await readZoo(zooDir, embedder.spaceId)
if (zoo == null) {
  process.stderr.write(`no zoo for this embedder in ${zooDir}: run npm run build:zoo first\n`)
  process.exit(1)
}

interface Row { name: string, kind: string, b1_p50_ms: number, b1_p99_ms: number, b64_p50_ms: number, b64_p99_ms: number, b64_per_query_us: number }
const rows: Row[] = []

// The embedder first: one text per call vs 64 texts per call.
const texts = (await readFile(join(zooDir, 'testsets', `${zoo.experts[0].id}.jsonl`), 'utf8')).trim().split('\n').slice(0, 64).map((l) => (JSON.parse(l) as { text: string }).text)
for (let i = 0; i < 20; i++) await embedder.embed(texts)
const e1: number[] = []
const e64: number[] = []
for (let r = 0; r < ROUNDS; r++) {
  let t = performance.now(); await embedder.embed([texts[r % texts.length]]); e1.push(performance.now() - t)
  t = performance.now(); await embedder.embed(texts); e64.push(performance.now() - t)
}
rows.push({ name: 'embedder', kind: 'shared', b1_p50_ms: quantile(e1, 0.5), b1_p99_ms: quantile(e1, 0.99), b64_p50_ms: quantile(e64, 0.5), b64_p99_ms: quantile(e64, 0.99), b64_per_query_us: quantile(e64, 0.5) / 64 * 1000 })

for (const entry of zoo.experts) {
  const expert = await LocalExpert.open(await loadExpertPackage(join(zooDir, entry.dir), { spaceId: embedder.spaceId }), backend)
  const lines = (await readFile(join(zooDir, 'testsets', `${entry.id}.jsonl`), 'utf8')).trim().split('\n').slice(0, 64)
  const qs = lines.map((l) => (JSON.parse(l) as { text: string }).text)
  const vectors = await embedder.embed(qs)
  const queries = qs.map((text, i) => ({ text, vector: vectors[i] }))
  for (let i = 0; i < 10; i++) await Promise.all(queries.map(async (q) => await expert.predict(q)))
  const b1: number[] = []
  const b64: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    let t = performance.now(); await expert.predict(queries[r % queries.length]); b1.push(performance.now() - t)
    t = performance.now(); await Promise.all(queries.map(async (q) => await expert.predict(q))); b64.push(performance.now() - t)
  }
  rows.push({ name: entry.id, kind: entry.inputKind, b1_p50_ms: quantile(b1, 0.5), b1_p99_ms: quantile(b1, 0.99), b64_p50_ms: quantile(b64, 0.5), b64_p99_ms: quantile(b64, 0.99), b64_per_query_us: quantile(b64, 0.5) / 64 * 1000 })
  await expert.close()
}
await backend.stop()

const header = ['model', 'input', 'b1 p50 ms', 'b1 p99 ms', 'b64 p50 ms', 'b64 p99 ms', 'b64 µs/query']
const body = rows.map((r) => [r.name, r.kind, r.b1_p50_ms.toFixed(3), r.b1_p99_ms.toFixed(3), r.b64_p50_ms.toFixed(3), r.b64_p99_ms.toFixed(3), r.b64_per_query_us.toFixed(1)])
const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)))
process.stdout.write([header, ...body].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n') + '\n')
process.stdout.write(`(worker-thread backend, ${ROUNDS} rounds each, medians; batch 64 = 64 concurrent queries micro-batched)\n`)
const json = arg('--json')
if (json != null) await writeFile(json, JSON.stringify({ rounds: ROUNDS, rows }, null, 2) + '\n')
