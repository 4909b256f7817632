/**
 * What the network hop costs a query: two daemons on loopback TCP, node B hosting one zoo expert and node A
 * hosting none. The same texts go through `Daemon.query` on A (routed to B's expert over the query protocol) and
 * on B (the router picks B's own expert and runs it in-process), so the difference between the two is the hop.
 * The raw query-protocol round trip (A's QueryClient straight to B, no embedding or routing) is measured too.
 *
 *   npm run bench:latency [-- --json FILE] [--queries N] [--warmup N] [--expert ID] [--backend worker|in-process]
 *
 * Queries are sequential and interleaved (routed, local, raw, raw protocol-only) so drift hits every path alike.
 * Needs the embedder and zoo in the data dir ($MOEMESH_HOME or ~/.moemesh; built on first use, ~80 s).
 */
import '../../src/polyfill.js'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { out, table } from '../../src/cli/output.js'
import { ProgressBar } from '../../src/cli/progress.js'
import { Embedder } from '../../src/embed/embedder.js'
import { ensureEmbedder } from '../../src/embed/space.js'
import { createInferenceBackend, type BackendMode } from '../../src/onnx/worker-backend.js'
import { ensureZoo } from '../../src/experts/zoo/build-zoo.js'
import { QueryClient } from '../../src/net/query-client.js'
import { RemoteQueryError } from '../../src/net/query-errors.js'
import { defaultDataDir, validateConfig } from '../../src/node/config.js'
import { Daemon } from '../../src/node/daemon.js'
import type { RoutedAnswer } from '../../src/routing/routed-answer.js'
import { SeededRandom } from '../../src/text/random.js'
import { benchCli, benchUsage } from './bench-cli.js'

const USAGE = 'usage: npm run bench:latency [-- --json FILE] [--queries N] [--warmup N] [--expert ID] [--backend worker|in-process]'
const usage: (message: string) => never = benchUsage('bench:latency', USAGE)

/** Distinct test-set texts the queries cycle through (same texts on every path). */
const TEXTS = 64
const TEXT_SEED = 4_242
/** Per-query deadline: generous, a timeout here is a failure to report, not a sample. */
const QUERY_TIMEOUT_MS = 5_000
const CONVERGE_TIMEOUT_MS = 30_000

interface Cli { json?: string, queries: number, warmup: number, expert: string, backend: BackendMode }

function parseCli (): Cli {
  const { values, int } = benchCli('bench:latency', USAGE, {
    json: { type: 'string' },
    queries: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '50' },
    expert: { type: 'string', default: 'email-spam' },
    backend: { type: 'string', default: 'worker' }
  })
  const queries = int('queries', 10, 100_000)
  const warmup = int('warmup', 0, 10_000)
  const backend = values.backend as BackendMode
  if (backend !== 'worker' && backend !== 'in-process') usage(`--backend must be worker or in-process, got "${String(values.backend)}"`)
  return { json: values.json, queries, warmup, expert: values.expert as string, backend }
}

interface Stats { p50: number, p90: number, p99: number, mean: number, min: number, max: number }

/** Nearest-rank percentiles. */
function stats (samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b)
  const at = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length, min: s[0], max: s[s.length - 1] }
}

async function sleep (ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
}

/** Polls until `ok()` holds; throws `what` after the bound. */
async function waitFor (ok: () => boolean, what: () => string): Promise<void> {
  const started = performance.now()
  while (!ok()) {
    interrupt.signal.throwIfAborted()
    if (performance.now() - started > CONVERGE_TIMEOUT_MS) throw new Error(`${what()} after ${CONVERGE_TIMEOUT_MS / 1000} s`)
    await sleep(50)
  }
}

class ProvenanceError extends Error {
  override name = 'ProvenanceError'
}

/** Ctrl-C stops the rounds; main then stops both nodes and removes its temp dir. */
const interrupt = new AbortController()

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
  const bar = new ProgressBar()
  const progress = (f: number, s: string): void => { bar.update(f, s) }
  const { bytes: embedderModel } = await ensureEmbedder(dataDir, { onProgress: progress, signal })
  const zooDir = join(dataDir, 'zoo')
  const setupBackend = createInferenceBackend({ mode: 'in-process' })
  let zoo: Awaited<ReturnType<typeof ensureZoo>>
  try {
    zoo = await ensureZoo({ outDir: zooDir, embedder: await Embedder.fromModel(embedderModel, setupBackend), backend: setupBackend, onProgress: progress, signal })
  } finally {
    await setupBackend.stop()
    bar.done()
  }
  const entry = zoo.index.experts.find((e) => e.id === cli.expert)
  if (entry == null) usage(`no zoo expert "${cli.expert}"; known: ${zoo.index.experts.map((e) => e.id).join(', ')}`)

  const tmpRoot = await mkdtemp(join(tmpdir(), 'moemesh-bench-latency-'))
  const daemons: Daemon[] = []
  let client: QueryClient | undefined
  try {
    // B serves a free copy of the expert (same model, so the same expert id): at its real price the market's
    // free-rider throttle answers OVERLOADED once A has consumed 100 credits without serving B anything back.
    const expertDir = join(tmpRoot, 'expert')
    await cp(join(zooDir, entry.dir), expertDir, { recursive: true })
    const manifestPath = join(expertDir, 'expert.json')
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { price: number }
    const realPrice = manifest.price
    manifest.price = 0
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n')

    const start = async (name: string, experts: string[], bootstrap: string[]): Promise<Daemon> => {
      const config = validateConfig({
        dataDir: join(tmpRoot, name),
        listen: ['/ip4/127.0.0.1/tcp/0'],
        bootstrap,
        api: '127.0.0.1:0',
        mdns: false,
        experts,
        zoo: false,
        k: 1,
        strategy: 'top1',
        queryTimeoutMs: QUERY_TIMEOUT_MS
      })
      const d = await Daemon.start(config, { embedderModel, backendMode: cli.backend, advertRefreshMs: 3_000, advertTtlMs: 9_000, signal })
      daemons.push(d)
      return d
    }
    const b = await start('node-b', [expertDir], [])
    const bAddr = b.addrs().find((a) => a.startsWith('/ip4/127.0.0.1/tcp/')) ?? b.addrs()[0]
    // A hosts nothing (a client-only node), so every answer it gets is B's.
    const a = await start('node-a', [], [bAddr])
    const key = `${b.peerId}/${entry.expertId}`
    const onlyB = (d: Daemon): boolean => {
      const keys = d.index.entries().map((e) => `${e.peerId}/${e.card.expertId}`)
      return keys.length === 1 && keys[0] === key
    }
    await waitFor(() => onlyB(a) && onlyB(b), () =>
      `the two nodes did not converge on B's single card (A knows ${a.index.entries().length}, B knows ${b.index.entries().length})`)

    // Fixed texts from the expert's test split.
    const lines = (await readFile(join(zooDir, 'testsets', `${entry.id}.jsonl`), 'utf8')).split('\n').filter((l) => l.trim() !== '')
    const texts = new SeededRandom(TEXT_SEED).shuffle(lines.map((l) => (JSON.parse(l) as { text: string }).text)).slice(0, TEXTS)
    const vectors = await a.embedder.embed(texts)
    const spaceId = a.embedder.spaceId

    client = new QueryClient({ node: a.libp2p })
    await client.start()
    const rawClient = client
    const unknownId = '0'.repeat(64)

    const checkRouted = (ans: RoutedAnswer, path: string): void => {
      const top = ans.experts[0]
      if (ans.experts.length !== 1 || top == null) {
        throw new ProvenanceError(`${path}: expected one expert's answer, got ${ans.experts.length} (failed: ${ans.failed.map((f) => f.code).join(', ') || 'none'})`)
      }
      if (top.peer !== b.peerId || top.expert !== entry.expertId) {
        throw new ProvenanceError(`${path}: the answer came from ${top.name} on ${top.peer === a.peerId ? 'node A' : top.peer}, not from ${entry.id} on node B`)
      }
    }
    const samples = {
      routed: [] as number[],
      routedCall: [] as number[],
      local: [] as number[],
      localCall: [] as number[],
      embed: [] as number[],
      raw: [] as number[],
      serverInference: [] as number[],
      protocolOnly: [] as number[]
    }
    const round = async (i: number, record: boolean): Promise<void> => {
      signal.throwIfAborted()
      const text = texts[i % texts.length]
      let t0 = performance.now()
      const routed = await a.query({ text, k: 1, strategy: 'top1', timeoutMs: QUERY_TIMEOUT_MS })
      const routedMs = performance.now() - t0
      checkRouted(routed, 'routed query from A')
      t0 = performance.now()
      const local = await b.query({ text, k: 1, strategy: 'top1', timeoutMs: QUERY_TIMEOUT_MS })
      const localMs = performance.now() - t0
      checkRouted(local, 'local query on B')
      const raw = await rawClient.query(b.peerId, { text, vector: vectors[i % texts.length], spaceId, expertIds: [entry.expertId], maxPrice: 0 }, { timeoutMs: QUERY_TIMEOUT_MS })
      const rawAnswer = raw.answers[0]
      if (raw.answers.length !== 1 || rawAnswer.expertId !== entry.expertId || rawAnswer.error != null) {
        throw new ProvenanceError(`raw protocol query: B answered ${JSON.stringify(raw.answers.map((x) => ({ expert: x.expertId.slice(0, 12), error: x.error })))}`)
      }
      t0 = performance.now()
      try {
        await rawClient.query(b.peerId, { text, vector: vectors[i % texts.length], spaceId, expertIds: [unknownId], maxPrice: 0 }, { timeoutMs: QUERY_TIMEOUT_MS })
        throw new ProvenanceError('B answered a query for an expert it does not host')
      } catch (err) {
        if (!(err instanceof RemoteQueryError) || err.code !== 'UNKNOWN_EXPERT') throw err
      }
      const protocolMs = performance.now() - t0
      if (!record) return
      samples.routed.push(routedMs)
      samples.routedCall.push(routed.experts[0].latencyMs)
      samples.local.push(localMs)
      samples.localCall.push(local.experts[0].latencyMs)
      samples.embed.push(routed.timing.embedMs ?? 0, local.timing.embedMs ?? 0)
      samples.raw.push(raw.rttMs)
      samples.serverInference.push(rawAnswer.latencyMs)
      samples.protocolOnly.push(protocolMs)
    }

    out.info(`node B ${b.peerId.slice(0, 16)}… hosts ${entry.id} (${entry.expertId.slice(0, 12)}…, price ${realPrice} -> 0 for the bench); node A hosts none`)
    out.info(`warm-up: ${cli.warmup} rounds; then ${cli.queries} sequential rounds (${cli.backend} inference, node ${process.version})`)
    for (let i = 0; i < cli.warmup; i++) await round(i, false)
    const started = performance.now()
    for (let i = 0; i < cli.queries; i++) await round(i, true)
    const seconds = (performance.now() - started) / 1000

    const s = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)])) as Record<keyof typeof samples, Stats>
    const f = (x: number): string => x.toFixed(3)
    const row = (path: string, what: string, st: Stats): string[] => [path, what, f(st.p50), f(st.p90), f(st.p99), f(st.mean)]
    out.line(table(['path', 'what is timed', 'p50 ms', 'p90 ms', 'p99 ms', 'mean ms'], [
      row('routed A -> B', 'Daemon.query on A, answered by B over TCP', s.routed),
      row('local on B', 'Daemon.query on B, same expert in-process', s.local),
      row('  routed call', 'router\'s call to B (network + inference)', s.routedCall),
      row('  local call', 'router\'s call to the local expert', s.localCall),
      row('  embed', 'embedding the query (both paths)', s.embed),
      row('raw protocol', 'QueryClient A -> B, incl. B\'s inference', s.raw),
      row('  B inference', 'as B reports it in the answer', s.serverInference),
      row('protocol only', 'A -> B -> UNKNOWN_EXPERT, no inference', s.protocolOnly)
    ]))
    const hop = s.routed.p50 - s.local.p50
    out.line(`\nnetwork hop (routed p50 - local p50): ${f(hop)} ms; ${cli.queries} rounds of 4 queries in ${seconds.toFixed(1)} s; ` +
      `every routed answer came from ${entry.id} on node B (${b.peerId.slice(0, 16)}…)`)

    if (cli.json != null) {
      const result = {
        routed_p50_ms: s.routed.p50,
        routed_p99_ms: s.routed.p99,
        local_p50_ms: s.local.p50,
        local_p99_ms: s.local.p99,
        hop_p50_ms: hop,
        routed_call_p50_ms: s.routedCall.p50,
        routed_call_p99_ms: s.routedCall.p99,
        local_call_p50_ms: s.localCall.p50,
        local_call_p99_ms: s.localCall.p99,
        embed_p50_ms: s.embed.p50,
        raw_rtt_p50_ms: s.raw.p50,
        raw_rtt_p99_ms: s.raw.p99,
        server_inference_p50_ms: s.serverInference.p50,
        protocol_only_p50_ms: s.protocolOnly.p50,
        protocol_only_p99_ms: s.protocolOnly.p99,
        queries: cli.queries,
        warmup: cli.warmup,
        expert: entry.id,
        expert_id: entry.expertId,
        backend: cli.backend,
        transport: 'tcp 127.0.0.1 (noise + yamux)',
        node: process.version,
        date: new Date().toISOString(),
        stats: s
      }
      await writeFile(cli.json, JSON.stringify(result, null, 2) + '\n')
      out.info(`wrote ${cli.json}`)
    }
  } finally {
    await client?.stop()
    await Promise.all(daemons.map(async (d) => { await d.stop() }))
    await rm(tmpRoot, { recursive: true, force: true })
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

main().catch((err: unknown) => {
  if (interrupt.signal.aborted) return
  out.error(`bench:latency failed: ${(err as Error)?.message ?? String(err)}`)
  if (process.env.DEBUG != null) out.info(String((err as Error)?.stack))
  process.exitCode = 1
})
