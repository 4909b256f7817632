/**
 * The moemesh demo: a small network on this machine, every node hosting a different part of the built-in zoo,
 * and queries from node 1 that the network routes to whichever node hosts the right expert.
 *
 *   npm run demo [-- --nodes 4] [-- --stay]
 *
 * With --stay the network stays up after the table, node-1 asking one of the queries every 2 s, so its API, the
 * dashboard and `curl /metrics` can be watched with counters moving; Ctrl-C stops it.
 * First run builds the shared embedder and the zoo in the data dir ($MOEMESH_HOME or ~/.moemesh, ~80 s);
 * later runs reuse them and finish in a few seconds. Each node gets its own temporary data dir (its identity),
 * removed at the end, also on Ctrl-C.
 */
import '../src/polyfill.js'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { out, table } from '../src/cli/output.js'
import { ProgressBar } from '../src/cli/progress.js'
import { Embedder } from '../src/embed/embedder.js'
import { ensureEmbedder } from '../src/embed/space.js'
import { createInferenceBackend } from '../src/onnx/worker-backend.js'
import { ensureZoo, type ZooIndex } from '../src/experts/zoo/build-zoo.js'
import { defaultDataDir, validateConfig } from '../src/node/config.js'
import { Daemon } from '../src/node/daemon.js'
import type { RoutedAnswer } from '../src/routing/routed-answer.js'
import { SeededRandom } from '../src/text/random.js'

/** Seed of the choice of test-set queries: the same queries every run. */
const QUERY_SEED = 20_241_128
/** Test-set queries per zoo expert. */
const QUERIES_PER_EXPERT = 2
/** Test texts shorter than this are titles or headers ("The General Assembly"): not much of a demo. */
const MIN_QUERY_CHARS = 40
/** Nor are the longest (whole emails): keep the table about what a person would type. */
const MAX_QUERY_CHARS = 600
/** Adverts re-published this often, so cards cross the network within seconds (the daemon default is 30 s). */
const ADVERT_REFRESH_MS = 3_000
/** Three refresh periods, as the daemon's own defaults. */
const ADVERT_TTL_MS = 9_000
/** How long the network may take to learn every card before the demo gives up. */
const CONVERGE_TIMEOUT_MS = 30_000
/** Deadline of one demo query. */
const QUERY_TIMEOUT_MS = 5_000
/** With --stay: one query from node-1 this often. */
const STAY_QUERY_EVERY_MS = 2_000
/** Width of the query column. */
const QUERY_COLUMN = 44

interface DemoQuery {
  text: string
  /** The true label. */
  label: string
  /** Zoo id of the expert that should answer. */
  expert: string
  source: 'test set' | 'hand-written'
}

/** Queries a person might type; the zoo never saw them. */
const HAND_WRITTEN: DemoQuery[] = [
  {
    text: 'Alle Menschen sind frei und gleich an Würde und Rechten geboren. Sie sind mit Vernunft und Gewissen begabt.',
    label: 'German',
    expert: 'udhr-language',
    source: 'hand-written'
  },
  {
    text: 'Kaikki ihmiset syntyvät vapaina ja tasavertaisina arvoltaan ja oikeuksiltaan. Heille on annettu järki ja omatunto.',
    label: 'Finnish',
    expert: 'udhr-language',
    source: 'hand-written'
  },
  {
    text: 'CONGRATULATIONS!!! You have been selected to receive a FREE $1000 gift card. Click here now to claim your prize, limited time offer, act now!',
    label: 'spam',
    expert: 'email-spam',
    source: 'hand-written'
  },
  {
    text: 'heron: a tall wading bird with long legs, a long neck and a long pointed bill that lives near water',
    label: 'animal',
    expert: 'wordnet-nature',
    source: 'hand-written'
  }
]

interface TestRow { text: string, label: string, expert: string }

function usage (message: string): never {
  out.error(`demo: ${message}`)
  out.error('usage: npm run demo [-- --nodes N] [-- --stay]   (N from 2 to 9, default 4; --stay keeps the network up, querying, until Ctrl-C)')
  process.exit(2)
}

function parseCli (): { nodes: number, stay: boolean } {
  let values: { nodes?: string, stay?: boolean }
  try {
    values = parseArgs({ options: { nodes: { type: 'string', default: '4' }, stay: { type: 'boolean', default: false } } }).values
  } catch (err) {
    usage((err as Error).message)
  }
  const nodes = Number(values.nodes)
  if (!Number.isInteger(nodes) || nodes < 2 || nodes > 9) usage(`--nodes must be an integer from 2 to 9, got "${String(values.nodes)}"`)
  return { nodes, stay: values.stay === true }
}

/** The `moemesh_*` samples of a node's `GET /metrics` that are not 0, as the API serves them. */
async function nonZeroMetrics (api: string, pattern: RegExp, signal: AbortSignal): Promise<string[]> {
  const page = await (await fetch(`http://${api}/metrics`, { signal })).text()
  return page.split('\n').filter((l) => pattern.test(l) && !/ 0$/.test(l))
}

/** A fixed, seeded choice of test-set rows per expert (texts of a readable length). */
async function pickTestQueries (zooDir: string, zoo: ZooIndex): Promise<DemoQuery[]> {
  const rng = new SeededRandom(QUERY_SEED)
  const picked: DemoQuery[] = []
  for (const e of zoo.experts) {
    const lines = (await readFile(join(zooDir, 'testsets', `${e.id}.jsonl`), 'utf8')).split('\n').filter((l) => l.trim() !== '')
    const rows = lines.map((l) => JSON.parse(l) as TestRow)
    const readable = rows.filter((r) => r.text.length >= MIN_QUERY_CHARS && r.text.length <= MAX_QUERY_CHARS)
    const pool = readable.length >= QUERIES_PER_EXPERT ? readable : rows
    for (const r of rng.shuffle([...pool]).slice(0, QUERIES_PER_EXPERT)) {
      picked.push({ text: r.text, label: r.label, expert: e.id, source: 'test set' })
    }
  }
  return picked
}

/** One line, at most `width` characters. */
function clip (text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`
}

function median (values: number[]): number {
  if (values.length === 0) return Number.NaN
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

async function sleep (ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted()
  await new Promise<void>((resolve) => {
    const t = setTimeout(done, ms)
    function done (): void { clearTimeout(t); signal.removeEventListener('abort', done); resolve() }
    signal.addEventListener('abort', done, { once: true })
  })
  signal.throwIfAborted()
}

/** Waits until every node's capability index holds every card of the network, or throws naming what is missing. */
async function waitForCards (nodes: Daemon[], expected: Map<string, string>, names: Map<string, string>, signal: AbortSignal): Promise<number> {
  const started = performance.now()
  const missingOf = (d: Daemon): string[] => {
    const have = new Set(d.index.entries().map((e) => `${e.peerId}/${e.card.expertId}`))
    return [...expected.keys()].filter((key) => !have.has(key))
  }
  for (;;) {
    const missing = nodes.map((d) => ({ node: names.get(d.peerId) ?? d.peerId, keys: missingOf(d) })).filter((m) => m.keys.length > 0)
    if (missing.length === 0) return performance.now() - started
    if (performance.now() - started > CONVERGE_TIMEOUT_MS) {
      const detail = missing.map((m) => `${m.node} lacks ${m.keys.map((k) => expected.get(k)).join(', ')}`).join('; ')
      throw new Error(`the network did not converge within ${CONVERGE_TIMEOUT_MS / 1000} s: ${detail}. ` +
        'Are the nodes able to reach each other on 127.0.0.1? Run with DEBUG=moemesh:* for details.')
    }
    await sleep(100, signal)
  }
}

/** Set once Ctrl-C (or SIGTERM) arrived: main unwinds to its cleanup and the abort is not reported as a failure. */
let interrupted = false

async function main (): Promise<void> {
  const { nodes: nodeCount, stay } = parseCli()
  const abort = new AbortController()
  const { signal } = abort
  const daemons: Daemon[] = []
  let tmpRoot: string | undefined
  let cleaning: Promise<void> | undefined
  const cleanup = async (): Promise<void> => {
    cleaning ??= (async () => {
      await Promise.all(daemons.map(async (d) => { await d.stop().catch((err) => { out.error(`stopping a node: ${String(err)}`) }) }))
      if (tmpRoot != null) await rm(tmpRoot, { recursive: true, force: true })
    })()
    await cleaning
  }
  // The first Ctrl-C aborts whatever runs (node starts, the wait, the queries) and lets main unwind to its
  // cleanup: exiting at once would kill inference workers in the middle of loading a model, which aborts the
  // process inside onnxruntime. A second Ctrl-C exits at once.
  const onSignal = (sig: NodeJS.Signals): void => {
    if (interrupted) {
      out.info(`${sig} again: exiting without cleanup (temp dirs under ${tmpRoot ?? tmpdir()} may remain)`)
      process.exit(130)
    }
    interrupted = true
    process.exitCode = 130
    out.info(`\n${sig}: stopping the demo network…`)
    abort.abort(new Error(`interrupted by ${sig}`))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  try {
    const started = performance.now()
    const dataDir = defaultDataDir()
    await mkdir(dataDir, { recursive: true, mode: 0o700 })
    out.info(`moemesh demo: data dir ${dataDir} (the embedder and zoo are built there once, about a minute)`)

    // 1. The shared embedder and the zoo, built once and cached in the data dir.
    const bar = new ProgressBar()
    const progress = (f: number, s: string): void => { bar.update(f, s) }
    const { bytes: embedderModel } = await ensureEmbedder(dataDir, { onProgress: progress, signal })
    const zooDir = join(dataDir, 'zoo')
    const backend = createInferenceBackend({ mode: 'in-process' })
    let zoo: Awaited<ReturnType<typeof ensureZoo>>
    try {
      const embedder = await Embedder.fromModel(embedderModel, backend, { signal })
      zoo = await ensureZoo({ outDir: zooDir, embedder, backend, onProgress: progress, signal })
    } finally {
      await backend.stop()
      bar.done()
    }
    const zooById = new Map(zoo.index.experts.map((e) => [e.expertId, e]))
    const nodeCountUsed = Math.min(nodeCount, zoo.dirs.length)

    // 2. The network: node 1 first, the others bootstrap to it; experts dealt round-robin.
    tmpRoot = await mkdtemp(join(tmpdir(), 'moemesh-demo-'))
    const shares: string[][] = Array.from({ length: nodeCountUsed }, () => [])
    zoo.dirs.forEach((dir, i) => { shares[i % nodeCountUsed].push(dir) })
    const startNode = async (i: number, bootstrap: string[]): Promise<Daemon> => {
      const config = validateConfig({
        dataDir: join(tmpRoot as string, `node-${i + 1}`),
        listen: ['/ip4/127.0.0.1/tcp/0'],
        bootstrap,
        api: '127.0.0.1:0',
        mdns: false,
        experts: shares[i],
        k: 1,
        strategy: 'top1',
        queryTimeoutMs: QUERY_TIMEOUT_MS
      })
      const d = await Daemon.start(config, { embedderModel, advertRefreshMs: ADVERT_REFRESH_MS, advertTtlMs: ADVERT_TTL_MS, signal })
      daemons.push(d)
      return d
    }
    out.info(`starting ${nodeCountUsed} nodes on 127.0.0.1…`)
    const first = await startNode(0, [])
    const firstAddr = first.addrs().find((a) => a.startsWith('/ip4/127.0.0.1/tcp/')) ?? first.addrs()[0]
    if (firstAddr == null) throw new Error('node-1 has no listen address')
    // allSettled, not all: a start that fails must not leave the others starting behind the cleanup's back.
    const started2 = await Promise.allSettled(Array.from({ length: nodeCountUsed - 1 }, async (_, j) => await startNode(j + 1, [firstAddr])))
    const failed = started2.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed != null) throw failed.reason
    const nodes = [first, ...started2.map((r) => (r as PromiseFulfilledResult<Daemon>).value)]
    const names = new Map(nodes.map((d, i) => [d.peerId, `node-${i + 1}`]))
    const nameOf = (peer: string): string => names.get(peer) ?? `${peer.slice(0, 10)}… (not ours)`

    out.line(table(['node', 'peer id', 'api', 'hosts'], nodes.map((d, i) => [
      `node-${i + 1}`, `${d.peerId.slice(0, 16)}…`, d.apiAddress,
      d.experts.list().map((e) => zooById.get(e.expertId)?.id ?? e.manifest.name).join(', ')
    ])))

    // 3. Wait until every node knows every card (gossip reaches nodes 2..N through node 1).
    const expected = new Map<string, string>()
    for (const d of nodes) {
      for (const e of d.experts.list()) expected.set(`${d.peerId}/${e.expertId}`, `${zooById.get(e.expertId)?.id ?? e.manifest.name}@${nameOf(d.peerId)}`)
    }
    const convergedMs = await waitForCards(nodes, expected, names, signal)
    out.line(`\nevery node knows all ${expected.size} cards after ${(convergedMs / 1000).toFixed(1)} s; querying from node-1 (k=1, top1)\n`)

    // 4. Queries from node 1: two per zoo expert from its test split, then the hand-written ones.
    const queries = [...await pickTestQueries(zooDir, zoo.index), ...HAND_WRITTEN]
    const rows: Array<Array<string | number>> = []
    let correct = 0
    let routedRight = 0
    let remote = 0
    const latencies: number[] = []
    for (const q of queries) {
      let answer: RoutedAnswer | undefined
      let failure: string | undefined
      try {
        answer = await first.query({ text: q.text, k: 1, strategy: 'top1', timeoutMs: QUERY_TIMEOUT_MS }, { signal })
      } catch (err) {
        signal.throwIfAborted()
        failure = (err as Error).message
      }
      const top = answer?.experts[0]
      const zooEntry = top != null ? zooById.get(top.expert) : undefined
      const isCorrect = answer != null && top != null && answer.label === q.label
      const isRoutedRight = zooEntry?.id === q.expert
      if (isCorrect) correct++
      if (isRoutedRight) routedRight++
      if (top != null && top.peer !== first.peerId) remote++
      if (answer != null) latencies.push(answer.timing.totalMs)
      rows.push([
        clip(q.text, QUERY_COLUMN),
        top != null ? clip(answer?.label ?? '', 22) : `(${clip(failure ?? answer?.failed[0]?.code ?? 'no answer', 20)})`,
        clip(q.label, 22),
        isCorrect ? 'yes' : 'no',
        top != null ? `${zooEntry?.id ?? top.name}${isRoutedRight ? '' : ' ✗'}` : '-',
        top != null ? nameOf(top.peer) : '-',
        answer != null ? answer.timing.totalMs.toFixed(1) : '-'
      ])
    }
    out.line(table(['query', 'answer', 'true label', 'ok', 'expert (✗ = not the query\'s domain)', 'node', 'ms'], rows))
    const n = queries.length
    out.line(`\n${correct}/${n} answered correctly, ${routedRight}/${n} routed to the right expert, ` +
      `${remote}/${n} answered by another node, median latency ${median(latencies).toFixed(1)} ms ` +
      '(embed + route + call, from node-1)')
    out.line(`demo took ${((performance.now() - started) / 1000).toFixed(1)} s`)

    // 5. What the nodes' metrics say (GET /metrics, as Prometheus would scrape it; docs/metrics.md).
    out.line(`\nnode-1 metrics (curl -s http://${first.apiAddress}/metrics | grep ^moemesh_):`)
    for (const l of await nonZeroMetrics(first.apiAddress, /^moemesh_queries_total/, signal)) out.line(`  ${l}`)
    for (const [i, d] of nodes.entries()) {
      for (const l of await nonZeroMetrics(d.apiAddress, /^moemesh_served_total\{.*kind="answer"/, signal)) out.line(`  node-${i + 1} ${l}`)
    }
    if (stay) {
      out.line(`\nthe network stays up, node-1 asking a query every ${STAY_QUERY_EVERY_MS / 1000} s: dashboard http://${first.apiAddress}/, ` +
        `metrics http://${first.apiAddress}/metrics; Ctrl-C stops it`)
      for (let i = 0; ; i++) {
        await sleep(STAY_QUERY_EVERY_MS, signal)
        const q = queries[i % queries.length]
        await first.query({ text: q.text, k: 1, strategy: 'top1', timeoutMs: QUERY_TIMEOUT_MS }, { signal }).catch((err: Error) => {
          signal.throwIfAborted()
          out.info(`query failed: ${err.message}`)
        })
      }
    }
  } finally {
    out.info('stopping the network…')
    await cleanup()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

main().catch((err: unknown) => {
  if (interrupted) return
  out.error(`demo failed: ${(err as Error)?.message ?? String(err)}`)
  if (process.env.DEBUG != null) out.info(String((err as Error)?.stack))
  process.exitCode = 1
})
