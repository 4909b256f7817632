/**
 * Routed throughput against the model's own: one client node A (hosting nothing) and one serving node B hosting a
 * free copy of one zoo expert (email-spam by default), k=1. `--concurrency` queries are kept in flight through
 * `Daemon.query` on A (and then through A's HTTP API, `POST /v1/query`); the routed rate is compared with the
 * same expert's rate in one process on the main thread at batch `--concurrency` INCLUDING its n-gram
 * featurization (texts -> features -> one ONNX run per batch), given the query vectors precomputed.
 *
 *   npm run bench:throughput [-- --json FILE] [--queries N] [--concurrency N] [--expert ID] [--only routed|http|inprocess]
 *                            [--strategy top1|competence] [--server same|process]
 *
 * With `--server same` (the default) both nodes live in this one process (as in bench:latency), so the routed rate
 * pays for the client's embedding and routing AND the server's protocol on one main thread; `--server process` runs
 * B as its own `moemesh start` child process, as two machines would (on a 2-core machine the two processes then
 * share the cores with B's inference worker). the server featurizes and runs the model in
 * its inference worker thread (the in-process baseline does both on the main thread, with no network, no
 * embedding and no routing). Queries in flight to B travel coalesced (/moemesh/query-batch/1.0.0).
 * `--strategy competence` routes as the default does when cards carry gates: each query first probes B's
 * expert for its competence (kNN scans over its own data on B), then asks it.
 * Needs the embedder and zoo in the data dir ($MOEMESH_HOME or ~/.moemesh; built on first use).
 */
import '../../src/polyfill.js'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setMaxListeners } from 'node:events'
import { parseArgs } from 'node:util'
import { out, table } from '../../src/cli/output.js'
import { Embedder } from '../../src/embed/embedder.js'
import { ensureEmbedder } from '../../src/embed/space.js'
import { EMBEDDING_INPUT, NGRAM_IDS_INPUT, NGRAM_WEIGHTS_INPUT } from '../../src/experts/expert-model.js'
import { loadExpertPackage } from '../../src/experts/expert-package.js'
import { encodeFeatureBatch, featurizePacked, type FeatureConfig } from '../../src/experts/features.js'
import { ensureZoo } from '../../src/experts/zoo/build-zoo.js'
import { defaultDataDir, validateConfig } from '../../src/node/config.js'
import { Daemon } from '../../src/node/daemon.js'
import { InProcessBackend } from '../../src/onnx/in-process-backend.js'
import { createInferenceBackend } from '../../src/onnx/worker-backend.js'
import type { TensorMap } from '../../src/onnx/tensor.js'
import type { RoutedAnswer } from '../../src/routing/routed-answer.js'
import { SeededRandom } from '../../src/text/random.js'
import { benchCli, benchUsage } from './bench-cli.js'
import { DaemonProcess, freePort } from '../fuzz/daemon-process.js'

const USAGE = 'usage: npm run bench:throughput [-- --json FILE] [--queries N] [--concurrency N] [--expert ID] [--texts N] [--only routed|http|inprocess] [--strategy top1|competence] [--server same|process]'
const usage: (message: string) => never = benchUsage('bench:throughput', USAGE)

const TEXT_SEED = 4_242
const QUERY_TIMEOUT_MS = 30_000
const CONVERGE_TIMEOUT_MS = 30_000

interface Cli { json?: string, queries: number, concurrency: number, expert: string, only?: string, texts: number, strategy: 'top1' | 'competence', server: 'same' | 'process' }

function parseCli (): Cli {
  const { values, int } = benchCli('bench:throughput', USAGE, {
    json: { type: 'string' },
    queries: { type: 'string', default: '4000' },
    concurrency: { type: 'string', default: '64' },
    expert: { type: 'string', default: 'email-spam' },
    texts: { type: 'string', default: '256' },
    only: { type: 'string' },
    strategy: { type: 'string', default: 'top1' },
    server: { type: 'string', default: 'same' }
  })
  const server = values.server
  if (server !== 'same' && server !== 'process') usage(`--server must be same or process, got "${String(server)}"`)
  const strategy = values.strategy
  if (strategy !== 'top1' && strategy !== 'competence') usage(`--strategy must be top1 or competence, got "${String(strategy)}"`)
  const only = values.only
  if (only != null && !['routed', 'http', 'inprocess'].includes(only)) usage(`--only must be routed, http or inprocess, got "${only}"`)
  return { json: values.json, queries: int('queries', 64, 1_000_000), concurrency: int('concurrency', 1, 64), expert: values.expert as string, texts: int('texts', 1, 100_000), only, strategy, server }
}

async function sleep (ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
}

/** Ctrl-C stops the rounds; main then stops both nodes and removes its temp dir. */
const interrupt = new AbortController()
setMaxListeners(0, interrupt.signal) // every query in flight listens to it

/** Keeps `concurrency` calls in flight until `total` calls have completed; returns calls per second. */
async function closedLoop (total: number, concurrency: number, call: (i: number) => Promise<void>): Promise<{ qps: number, seconds: number }> {
  let next = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      interrupt.signal.throwIfAborted()
      await call(next++)
    }
  }))
  const seconds = (performance.now() - started) / 1000
  return { qps: total / seconds, seconds }
}

async function main (): Promise<void> {
  const cli = parseCli()
  const onSignal = (sig: NodeJS.Signals): void => {
    if (interrupt.signal.aborted) process.exit(130)
    process.exitCode = 130
    out.info(`${sig}: stopping both nodes…`)
    interrupt.abort(new Error(`interrupted by ${sig}`))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const { signal } = interrupt
  const dataDir = defaultDataDir()
  const { bytes: embedderModel } = await ensureEmbedder(dataDir, { signal })
  const zooDir = join(dataDir, 'zoo')
  const setupBackend = createInferenceBackend({ mode: 'in-process' })
  let zoo: Awaited<ReturnType<typeof ensureZoo>>
  let embedder: Embedder
  try {
    embedder = await Embedder.fromModel(embedderModel, setupBackend)
    zoo = await ensureZoo({ outDir: zooDir, embedder, backend: setupBackend, signal })
  } catch (err) {
    await setupBackend.stop()
    throw err
  }
  const entry = zoo.index.experts.find((e) => e.id === cli.expert)
  if (entry == null) usage(`no zoo expert "${cli.expert}"; known: ${zoo.index.experts.map((e) => e.id).join(', ')}`)
  const lines = (await readFile(join(zooDir, 'testsets', `${entry.id}.jsonl`), 'utf8')).split('\n').filter((l) => l.trim() !== '')
  const texts = new SeededRandom(TEXT_SEED).shuffle(lines.map((l) => (JSON.parse(l) as { text: string }).text)).slice(0, cli.texts)
  const vectors = await embedder.embed(texts)
  await setupBackend.stop()
  const meanChars = texts.reduce((n, t) => n + t.length, 0) / texts.length

  const result: Record<string, unknown> = {
    expert: entry.id,
    expert_id: entry.expertId,
    concurrency: cli.concurrency,
    strategy: cli.strategy,
    server: cli.server,
    queries: cli.queries,
    texts: texts.length,
    mean_text_chars: Math.round(meanChars),
    node: process.version,
    date: new Date().toISOString()
  }
  const rows: Array<Array<string | number>> = []

  // In-process: features + one ONNX run per batch of `concurrency` texts, on this thread.
  if (cli.only == null || cli.only === 'inprocess') {
    const pkg = await loadExpertPackage(join(zooDir, entry.dir))
    if (pkg.kind !== 'onnx') usage(`${entry.id} is not an ONNX expert`)
    const m = pkg.manifest
    const backend = new InProcessBackend()
    const handle = await backend.load(pkg.modelBytes)
    try {
      const B = cli.concurrency
      const feedsOf = (start: number, timing: { featMs: number }): TensorMap => {
        const t0 = performance.now()
        const idx = Array.from({ length: B }, (_, j) => (start + j) % texts.length)
        const feeds: TensorMap = {}
        if (m.inputKind !== 'ngrams') {
          const data = new Float32Array(B * m.dim)
          idx.forEach((i, j) => { data.set(vectors[i], j * m.dim) })
          feeds[EMBEDDING_INPUT] = { type: 'float32', data, dims: [B, m.dim] }
        }
        if (m.inputKind !== 'embedding') {
          const batch = encodeFeatureBatch(idx.map((i) => featurizePacked(texts[i], m.features as FeatureConfig)))
          feeds[NGRAM_IDS_INPUT] = batch.ids
          feeds[NGRAM_WEIGHTS_INPUT] = batch.weights
        }
        timing.featMs += performance.now() - t0
        return feeds
      }
      const warm = { featMs: 0 }
      for (let i = 0; i < 5; i++) await handle.run(feedsOf(i * B, warm))
      const timing = { featMs: 0 }
      let runMs = 0
      const batches = Math.max(1, Math.ceil(cli.queries / B))
      const started = performance.now()
      for (let b = 0; b < batches; b++) {
        const feeds = feedsOf(b * B, timing)
        const t0 = performance.now()
        await handle.run(feeds)
        runMs += performance.now() - t0
      }
      const seconds = (performance.now() - started) / 1000
      const n = batches * B
      result.inprocess_qps = n / seconds
      result.inprocess_model_only_qps = n / (runMs / 1000)
      result.featurize_ms_per_text = timing.featMs / n
      result.model_ms_per_row = runMs / n
      rows.push(['in-process', `batch ${B}: featurize + run (main thread)`, (result.inprocess_qps as number).toFixed(0), '1.00'])
      rows.push(['  model only', `batch ${B}: the ONNX run alone`, (result.inprocess_model_only_qps as number).toFixed(0), ''])
    } finally {
      await handle.close()
      await backend.stop()
    }
  }

  if (cli.only !== 'inprocess') {
    const tmpRoot = await mkdtemp(join(tmpdir(), 'moemesh-bench-throughput-'))
    const daemons: Daemon[] = []
    let proc: DaemonProcess | undefined
    try {
      const expertDir = join(tmpRoot, 'expert')
      await cp(join(zooDir, entry.dir), expertDir, { recursive: true })
      const manifestPath = join(expertDir, 'expert.json')
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { price: number }
      manifest.price = 0 // free: the market's free-rider throttle would otherwise refuse A after 100 credits
      await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n')
      const start = async (name: string, experts: string[], bootstrap: string[]): Promise<Daemon> => {
        const config = validateConfig({
          dataDir: join(tmpRoot, name), listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap, api: '127.0.0.1:0', mdns: false,
          experts, zoo: false, k: 1, strategy: 'top1', queryTimeoutMs: QUERY_TIMEOUT_MS
        })
        const d = await Daemon.start(config, { embedderModel, advertRefreshMs: 3_000, advertTtlMs: 30_000, signal })
        daemons.push(d)
        return d
      }
      let b: { peerId: string }
      let bAddr: string
      if (cli.server === 'process') {
        proc = await DaemonProcess.prepare({
          name: 'node-b', dataDir: join(tmpRoot, 'node-b'), embedderDir: join(dataDir, 'embedder'), experts: [expertDir],
          listenPort: await freePort(), apiPort: await freePort(), timeoutMs: QUERY_TIMEOUT_MS
        }, { signal })
        proc.start()
        await proc.waitApi({ signal })
        b = proc
        bAddr = proc.multiaddr
      } else {
        const d = await start('node-b', [expertDir], [])
        b = d
        bAddr = d.addrs().find((x) => x.startsWith('/ip4/127.0.0.1/tcp/')) ?? d.addrs()[0]
      }
      const a = await start('node-a', [], [bAddr])
      const key = `${b.peerId}/${entry.expertId}`
      const started = performance.now()
      while (!a.index.entries().some((e) => `${e.peerId}/${e.card.expertId}` === key)) {
        signal.throwIfAborted()
        if (performance.now() - started > CONVERGE_TIMEOUT_MS) throw new Error('node A never learned B\'s card')
        await sleep(50)
      }
      const check = (ans: RoutedAnswer, path: string): void => {
        const top = ans.experts[0]
        if (ans.experts.length !== 1 || top?.peer !== b.peerId || top.expert !== entry.expertId) {
          throw new Error(`${path}: expected one answer from ${entry.id} on B, got ${JSON.stringify({ ...ans, answer: undefined }).slice(0, 600)}`)
        }
      }
      const routed = async (i: number): Promise<void> => {
        check(await a.query({ text: texts[i % texts.length], k: 1, strategy: cli.strategy, abstain: false, timeoutMs: QUERY_TIMEOUT_MS }, { signal }), 'routed')
      }
      const url = `http://${a.apiAddress}/v1/query`
      const http = async (i: number): Promise<void> => {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: texts[i % texts.length], k: 1, strategy: cli.strategy, abstain: false }), signal })
        const body = await res.json() as { experts?: Array<{ expert_id?: string, expert?: string }> }
        if (res.status !== 200 || body.experts?.length !== 1) throw new Error(`http: status ${res.status}: ${JSON.stringify(body).slice(0, 200)}`)
      }
      const warmup = Math.min(cli.queries, 4 * cli.concurrency)
      if (cli.only == null || cli.only === 'routed') {
        await closedLoop(warmup, cli.concurrency, routed)
        const r = await closedLoop(cli.queries, cli.concurrency, routed)
        result.routed_qps = r.qps
        rows.push(['routed A -> B', `Daemon.query on A, ${cli.concurrency} in flight${cli.server === 'process' ? ', B in its own process' : ''}`, r.qps.toFixed(0), ''])
      }
      if (cli.only == null || cli.only === 'http') {
        await closedLoop(warmup, cli.concurrency, http)
        const r = await closedLoop(cli.queries, cli.concurrency, http)
        result.http_qps = r.qps
        rows.push(['HTTP API on A', `POST /v1/query, ${cli.concurrency} in flight${cli.server === 'process' ? ', B in its own process' : ''}`, r.qps.toFixed(0), ''])
      }
    } finally {
      await Promise.all(daemons.map(async (d) => { await d.stop() }))
      await proc?.stop()
      await rm(tmpRoot, { recursive: true, force: true })
    }
  }

  const inproc = result.inprocess_qps as number | undefined
  if (inproc != null) {
    for (const r of rows) {
      if (r[3] === '' && typeof r[2] === 'string' && !r[0].toString().startsWith('  ')) r[3] = (Number(r[2]) / inproc).toFixed(3)
    }
    if (result.routed_qps != null) result.ratio = (result.routed_qps as number) / inproc
    if (result.http_qps != null) result.http_ratio = (result.http_qps as number) / inproc
  }
  out.line(table(['path', 'what', 'q/s', 'x in-process'], rows))
  if (result.featurize_ms_per_text != null) {
    out.line(`\nfeaturize ${(result.featurize_ms_per_text as number).toFixed(3)} ms/text (mean ${Math.round(meanChars)} chars), model ${(result.model_ms_per_row as number).toFixed(3)} ms/row at batch ${cli.concurrency}`)
  }
  if (cli.json != null) {
    await writeFile(cli.json, JSON.stringify(result, null, 2) + '\n')
    out.info(`wrote ${cli.json}`)
  }
  process.off('SIGINT', onSignal)
  process.off('SIGTERM', onSignal)
}

main().catch((err: unknown) => {
  if (interrupt.signal.aborted) return
  out.error(`bench:throughput failed: ${(err as Error)?.message ?? String(err)}`)
  if (process.env.DEBUG != null) out.info(String((err as Error)?.stack))
  process.exitCode = 1
})
