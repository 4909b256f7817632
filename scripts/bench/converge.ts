/**
 * How fast a new card becomes routable everywhere: N in-process libp2p nodes (memory transport, plaintext, real
 * gossipsub, advert service, advert sync and capability index; no embedder, no experts), wired as a chain, a star,
 * or at random with the DHT on. In each trial one node (a different one each time) adds a card; the trial's time
 * is from `setLocalCards` until the last other node's capability index holds the card.
 *
 *   npm run bench:converge [-- --json FILE] [--nodes 5,20,50] [--topologies chain,star,random] [--trials 10]
 *                          [--settle-ms 0] [--timeout-ms 10000]
 *
 * Trials start once every node sees at least one peer on the advert topic (plus `--settle-ms`): the network has
 * just formed, as after a restart, not after minutes of mesh maintenance. Node counts above ~50 are CPU-bound on a
 * 2-core machine (every delivered gossip message costs an Ed25519 verification).
 *
 * Diagnostics (environment): CONVERGE_VERBOSE=1 prints each trial's time, the publishes and connections of the run,
 * and for every node that missed an advert its connections, streams and gossip mesh; CONVERGE_NO_DHT=1 runs the
 * random topology without the DHT; CONVERGE_READY_MS bounds how long the network may take to form (120 s).
 */
import '../../src/polyfill.js'
import { writeFile } from 'node:fs/promises'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { out, table } from '../../src/cli/output.js'
import { AdvertService } from '../../src/net/advert-service.js'
import { AdvertSync } from '../../src/net/advert-sync.js'
import type { CardData } from '../../src/net/advert-types.js'
import { createMoemeshLibp2p, type MoemeshLibp2p } from '../../src/net/libp2p.js'
import { CapabilityIndex } from '../../src/routing/capability-index.js'
import { SeededRandom } from '../../src/text/random.js'
import { benchCli, benchUsage } from './bench-cli.js'

const USAGE = 'usage: npm run bench:converge [-- --json FILE] [--nodes 5,20,50] [--topologies chain,star,random] [--trials N] [--settle-ms MS] [--timeout-ms MS]'
const usage: (message: string) => never = benchUsage('bench:converge', USAGE)

const SPACE = 'c0'.repeat(32)
const DIM = 16
const TOPOLOGIES = ['chain', 'star', 'random'] as const
type Topology = typeof TOPOLOGIES[number]
/** Peers each node dials in the random topology (the DHT's random walk adds more). */
const RANDOM_DEGREE = 3
/** Gap between trials, so one trial's stragglers do not overlap the next. */
const TRIAL_GAP_MS = 150
const READY_TIMEOUT_MS = Number(process.env.CONVERGE_READY_MS ?? 120_000)

interface Cli { json?: string, nodes: number[], topologies: Topology[], trials: number, settleMs: number, timeoutMs: number, seed: number }

function parseCli (): Cli {
  const { values, int } = benchCli('bench:converge', USAGE, {
    json: { type: 'string' },
    nodes: { type: 'string', default: '5,20,50' },
    topologies: { type: 'string', default: TOPOLOGIES.join(',') },
    trials: { type: 'string', default: '10' },
    'settle-ms': { type: 'string', default: '0' },
    'timeout-ms': { type: 'string', default: '10000' },
    seed: { type: 'string', default: '7' }
  })
  const nodes = String(values.nodes).split(',').map(Number)
  if (nodes.some(n => !Number.isInteger(n) || n < 2 || n > 500)) usage(`--nodes must be integers from 2 to 500, got "${String(values.nodes)}"`)
  const topologies = String(values.topologies).split(',') as Topology[]
  if (topologies.some(t => !TOPOLOGIES.includes(t))) usage(`--topologies must be among ${TOPOLOGIES.join(',')}`)
  const trials = int('trials', 1, 1000)
  const settleMs = Number(values['settle-ms'])
  const timeoutMs = Number(values['timeout-ms'])
  const seed = Number(values.seed)
  if (!Number.isInteger(settleMs) || settleMs < 0) usage('--settle-ms must be a non-negative integer')
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) usage('--timeout-ms must be an integer >= 100')
  return { json: values.json, nodes, topologies, trials, settleMs, timeoutMs, seed }
}

/** Nearest-rank percentile. */
function percentile (samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]
}

async function sleep (ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
}

function card (i: number, rng: SeededRandom): CardData {
  const row = Float32Array.from({ length: DIM }, () => rng.normal())
  let norm = 0
  for (const x of row) norm += x * x
  for (let j = 0; j < DIM; j++) row[j] /= Math.sqrt(norm)
  return {
    expertId: (i + 1).toString(16).padStart(64, '0'),
    name: `bench-${i}`,
    version: '1',
    task: 'classification',
    description: 'convergence probe',
    labels: ['a', 'b'],
    spaceId: SPACE,
    centroids: [row],
    dim: DIM,
    price: 0,
    load: 0,
    inputKind: 'embedding',
    accuracy: 0
  }
}

/** One in-process node: libp2p, adverts, sync and index, as the daemon wires them. */
interface BenchNode {
  libp2p: MoemeshLibp2p
  adverts: AdvertService
  sync: AdvertSync
  index: CapabilityIndex
  /** Called after the index applied an advert. */
  onApplied?: () => void
}

async function startNode (privateKey: PrivateKey, bootstrap: string[], dht: boolean): Promise<BenchNode> {
  const libp2p = await createMoemeshLibp2p({ privateKey, transport: 'memory', mdns: false, dht, bootstrap, advertSpaceIds: [SPACE] })
  const index = new CapabilityIndex()
  const node: Partial<BenchNode> = { libp2p, index }
  const adverts = new AdvertService(
    { pubsub: libp2p.services.pubsub, peerId: libp2p.peerId, privateKey, getMultiaddrs: () => libp2p.getMultiaddrs(), peerStore: libp2p.peerStore },
    { spaceId: SPACE, spaceDim: DIM, onAdvert: (advert) => { index.applyAdvert(advert); node.onApplied?.() } }
  )
  await adverts.start()
  const sync = new AdvertSync({ node: libp2p, adverts }, { spaceId: SPACE })
  await sync.start()
  node.adverts = adverts
  node.sync = sync
  return node as BenchNode
}

async function stopAll (nodes: BenchNode[]): Promise<void> {
  await Promise.allSettled(nodes.map(async (n) => { await n.sync.stop(); await n.adverts.stop({ signal: AbortSignal.timeout(500) }) }))
  for (const n of nodes) for (const c of n.libp2p.getConnections()) c.abort(new Error('bench over'))
  await Promise.allSettled(nodes.map(async (n) => { await n.libp2p.stop() }))
}

/** Start `count` nodes wired as `topology`. Node i dials nodes it knows of that started before it. */
async function buildNetwork (count: number, topology: Topology, rng: SeededRandom): Promise<BenchNode[]> {
  const keys = await Promise.all(Array.from({ length: count }, async () => await generateKeyPair('Ed25519')))
  const nodes: BenchNode[] = []
  for (let i = 0; i < count; i++) {
    let targets: number[] = []
    if (i > 0) {
      if (topology === 'chain') targets = [i - 1]
      else if (topology === 'star') targets = [0]
      else targets = rng.shuffle(Array.from({ length: i }, (_, j) => j)).slice(0, RANDOM_DEGREE)
    }
    const bootstrap = targets.map(j => nodes[j].libp2p.getMultiaddrs()[0].toString())
    nodes.push(await startNode(keys[i], bootstrap, topology === 'random' && process.env.CONVERGE_NO_DHT === undefined))
  }
  return nodes
}

/** Why node i may not have received an advert: its connections, streams and gossip mesh (CONVERGE_VERBOSE). */
function diagnose (nodes: BenchNode[], i: number): void {
  type Internals = { streamsOutbound: Map<string, unknown>, streamsInbound: Map<string, unknown>, mesh: Map<string, Set<string>> }
  const n = nodes[i]
  const ps = n.libp2p.services.pubsub as unknown as Internals
  const me = n.libp2p.peerId.toString()
  const subs = n.libp2p.services.pubsub.getSubscribers(n.adverts.topic).map(String)
  const toMe = nodes.filter(m => m !== n && (m.libp2p.services.pubsub as unknown as Internals).streamsOutbound.has(me)).length
  const meshToMe = nodes.filter(m => m !== n && ((m.libp2p.services.pubsub as unknown as Internals).mesh.get(n.adverts.topic)?.has(me) ?? false)).length
  for (const c of n.libp2p.getConnections()) {
    if (c.streams.length > 0) continue
    n.libp2p.peerStore.get(c.remotePeer).then(p => { out.info(`    node ${i} idle conn ${c.remotePeer.toString().slice(-4)} ${c.direction} age ${Date.now() - c.timeline.open} ms protocols ${p.protocols.join(',')}`) }, (err) => { out.info(`    node ${i} idle conn ${c.remotePeer.toString().slice(-4)}: ${String(err)}`) })
  }
  out.info(`  node ${i}: ${n.libp2p.getConnections().length} conns (${n.libp2p.getConnections().map(c => c.remotePeer.toString().slice(-4) + ':' + c.status + ':' + c.streams.map(st => st.protocol).join('+')).join(' ')}), ${subs.length} topic peers, own out streams ${ps.streamsOutbound.size}, in ${ps.streamsInbound.size}, mesh ${ps.mesh.get(n.adverts.topic)?.size ?? 0}; peers with an out stream to it ${toMe}, with it in mesh ${meshToMe}`)
}

/** Every node has at least one peer on the advert topic. */
async function waitReady (nodes: BenchNode[]): Promise<void> {
  const started = performance.now()
  while (nodes.some(n => n.libp2p.services.pubsub.getSubscribers(n.adverts.topic).length === 0)) {
    if (performance.now() - started > READY_TIMEOUT_MS) {
      if (process.env.CONVERGE_VERBOSE !== undefined) nodes.forEach((n, i) => { if (n.libp2p.services.pubsub.getSubscribers(n.adverts.topic).length === 0) diagnose(nodes, i) })
      await sleep(100)
      const alone = nodes.map((n, i) => ({ i, n })).filter(({ n }) => n.libp2p.services.pubsub.getSubscribers(n.adverts.topic).length === 0)
      throw new Error(`the network did not form: ${alone.length} nodes have no peer on the advert topic (${alone.slice(0, 5).map(({ i, n }) => `node ${i}: ${n.libp2p.getConnections().length} connections`).join(', ')})`)
    }
    await sleep(20)
  }
}

/** One trial: `source` adds a card; resolves with ms until every other node's index holds it (or null on timeout). */
async function trial (nodes: BenchNode[], source: number, c: CardData, timeoutMs: number): Promise<number | null> {
  const author = nodes[source].libp2p.peerId.toString()
  const pending = new Set(nodes.map((_, i) => i).filter(i => i !== source))
  return await new Promise((resolve) => {
    let started = 0
    const done = (value: number | null): void => {
      clearTimeout(timer)
      for (const n of nodes) n.onApplied = undefined
      resolve(value)
    }
    const check = (i: number): void => {
      if (!pending.has(i) || nodes[i].index.get(author, c.expertId) === undefined) return
      pending.delete(i)
      if (pending.size === 0) done(performance.now() - started)
    }
    nodes.forEach((n, i) => { n.onApplied = () => { check(i) } })
    const timer = setTimeout(() => {
      if (process.env.CONVERGE_VERBOSE !== undefined) {
        for (const i of pending) diagnose(nodes, i)
      }
      done(null)
    }, timeoutMs)
    started = performance.now()
    nodes[source].adverts.setLocalCards([c])
  })
}

interface Row { nodes: number, topology: Topology, p50_ms: number | null, p95_ms: number | null, max_ms: number | null, timeouts: number, trials: number, loop_lag_p99_ms: number }

async function main (): Promise<void> {
  const cli = parseCli()
  const rng = new SeededRandom(cli.seed)
  const rows: Row[] = []
  let cardNo = 0
  for (const n of cli.nodes) {
    for (const topology of cli.topologies) {
      const t0 = performance.now()
      const nodes = await buildNetwork(n, topology, rng)
      try {
        await waitReady(nodes)
        if (cli.settleMs > 0) await sleep(cli.settleMs)
        const readyMs = performance.now() - t0
        const samples: number[] = []
        let timeouts = 0
        const lag = monitorEventLoopDelay({ resolution: 10 })
        lag.enable()
        const sumStat = (): { published: number, accepted: number } => nodes.reduce((acc, nd) => { const st = nd.adverts.getStats(); return { published: acc.published + st.published, accepted: acc.accepted + st.accepted } }, { published: 0, accepted: 0 })
        const before = sumStat()
        const conns0 = nodes.reduce((acc, nd) => acc + nd.libp2p.getConnections().length, 0)
        const order = rng.shuffle(nodes.map((_, i) => i))
        for (let t = 0; t < cli.trials; t++) {
          const ms = await trial(nodes, order[t % order.length], card(cardNo++, rng), cli.timeoutMs)
          if (ms === null) timeouts++
          else samples.push(ms)
          await sleep(TRIAL_GAP_MS)
        }
        // a timed-out trial counts as the timeout in the percentiles: it is a slow convergence, not a missing one
        const all = [...samples, ...Array.from({ length: timeouts }, () => cli.timeoutMs)]
        lag.disable()
        const lagP99Ms = Math.round(lag.percentile(99) / 1e6)
        if (process.env.CONVERGE_VERBOSE !== undefined) {
          const after = sumStat()
          const conns1 = nodes.reduce((acc, nd) => acc + nd.libp2p.getConnections().length, 0)
          out.info(`samples: ${samples.map(Math.round).join(' ')}; publishes ${after.published - before.published}, accepted ${after.accepted - before.accepted}, connections ${conns0 / 2} -> ${conns1 / 2}`)
        }
        const row: Row = {
          nodes: n,
          topology,
          p50_ms: Math.round(percentile(all, 0.5)),
          p95_ms: Math.round(percentile(all, 0.95)),
          max_ms: Math.round(Math.max(...all)),
          timeouts,
          trials: cli.trials,
          loop_lag_p99_ms: lagP99Ms
        }
        rows.push(row)
        out.info(`${n} nodes ${topology}: formed in ${Math.round(readyMs)} ms; p50 ${row.p50_ms} ms, p95 ${row.p95_ms} ms${timeouts > 0 ? `, ${timeouts} timeouts` : ''}`)
      } finally {
        await stopAll(nodes)
      }
    }
  }
  out.line(table(['nodes', 'topology', 'p50 ms', 'p95 ms', 'max ms', 'timeouts', 'loop lag p99 ms'], rows.map(r => [r.nodes, r.topology, r.p50_ms ?? '-', r.p95_ms ?? '-', r.max_ms ?? '-', `${r.timeouts}/${r.trials}`, r.loop_lag_p99_ms])))
  if (cli.json !== undefined) {
    await writeFile(cli.json, JSON.stringify({ rows }, null, 2) + '\n')
    out.info(`wrote ${cli.json}`)
  }
}

main().then(() => { process.exit(0) }, (err) => {
  out.error(`bench:converge failed: ${(err as Error).stack ?? String(err)}`)
  process.exit(1)
})
