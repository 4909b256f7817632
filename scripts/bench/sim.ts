/**
 * Discovery without every node holding every card, simulated: N nodes and M cards in one process, discrete-event
 * delivery for gossip and the DHT, and moemesh's own discovery code for everything else (the codebook, the cells
 * of a card, the subscription policy, the provider lookup over a simulated Kademlia).
 *
 *   npm run bench:sim [-- --json FILE] [--nodes 1000] [--cards 100000] [--queries-per-node 5] [--eval 300]
 *                     [--cells 256] [--probe 3] [--home 2] [--max-query-cells 4] [--dim 64] [--hop-ms 50] [--rtt-ms 100]
 *
 * What is real and what is modelled:
 * - real code: `Codebook.derive` (k-means over a "vocabulary" sample of the space), `Codebook.cellsOf`/`nearest`,
 *   `SubscriptionPolicy` (home cells from the node id, query cells LRU), `CellProviders` (provide / find) over a
 *   `CellRouting` implemented here as an idealised Kademlia (k=20, alpha=3, XOR metric, full routing tables);
 *   advert sizes come from the real advert codec (4 centroids of 164 floats per card, signed).
 * - modelled: message delivery. A gossip hop costs `--hop-ms` (jittered x0.5-1.5); a DHT request `--rtt-ms`
 *   per round; each cell's holders form a random mesh of degree 6 (gossipsub D); a publisher not connected to a
 *   holder of a cell finds one through the DHT, dials it (2 RTT) and publishes (gossipsub fanout).
 * - the data: clustered synthetic cards (Zipf-popular topics, 4 centroids each) and queries near the same topics;
 *   the codebook sample is drawn from the topics uniformly (a vocabulary covers the space, not the cards).
 *
 * `--zipf` skews the topics' popularity (0 = uniform; 0.8 puts 7.7% of all cards in the hottest topic).
 *
 * Recall@10 compares each evaluated query's top-10 over the cards its node holds after the lookup (held cells,
 * the probed cells fetched on a miss, its own cards) with the top-10 over every card (a node that knows them all).
 */
import '../../src/polyfill.js'
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PeerId, Provider } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { CID } from 'multiformats/cid'
import { out, table } from '../../src/cli/output.js'
import { Codebook } from '../../src/discovery/codebook.js'
import { CellProviders, type CellRouting } from '../../src/discovery/provider-lookup.js'
import { shardCount, shardOf } from '../../src/discovery/cell-shards.js'
import { CELL_CARD_BUDGET, CELL_QUERY_K } from '../../src/discovery/constants.js'
import { SubscriptionPolicy } from '../../src/discovery/subscription-policy.js'
import { encodeAdvert, signAdvert } from '../../src/net/advert-codec.js'
import type { CardData } from '../../src/net/advert-types.js'
import { SeededRandom } from '../../src/text/random.js'

const SPACE = 'ab'.repeat(32)
const CENTROIDS = 4
const TOPICS = 500
const MESH_D = 6
const KAD_K = 20
const KAD_ALPHA = 3
/** Connections a node keeps (DHT routing and gossip peers): what it can publish to without a lookup. */
const CONNECTIONS = 30
const DEBOUNCE_MS = 100
const REFRESH_S = 30
/** The dimension of the real space, for advert sizes. */
const WIRE_DIM = 164

interface Cli {
  json?: string, nodes: number, cards: number, queriesPerNode: number, evalQueries: number, cells: number, probe: number,
  home: number, maxQueryCells: number, dim: number, hopMs: number, rttMs: number, adds: number, seed: number, zipf: number
  budget: number
}

function parseCli (): Cli {
  const spec = {
    json: { type: 'string' as const },
    nodes: { type: 'string' as const, default: '1000' },
    cards: { type: 'string' as const, default: '100000' },
    'queries-per-node': { type: 'string' as const, default: '5' },
    eval: { type: 'string' as const, default: '300' },
    cells: { type: 'string' as const, default: '256' },
    probe: { type: 'string' as const, default: '3' },
    home: { type: 'string' as const, default: '2' },
    'max-query-cells': { type: 'string' as const, default: '4' },
    dim: { type: 'string' as const, default: '64' },
    'hop-ms': { type: 'string' as const, default: '50' },
    'rtt-ms': { type: 'string' as const, default: '100' },
    adds: { type: 'string' as const, default: '200' },
    seed: { type: 'string' as const, default: '1' },
    zipf: { type: 'string' as const, default: '0.8' },
    budget: { type: 'string' as const, default: String(CELL_CARD_BUDGET) }
  }
  let v: Record<string, string | undefined>
  try {
    v = parseArgs({ options: spec }).values
  } catch (err) {
    out.error(`bench:sim: ${(err as Error).message}`)
    process.exit(2)
  }
  const num = (k: string, min: number, max: number): number => {
    const n = Number(v[k])
    if (!Number.isFinite(n) || n < min || n > max) {
      out.error(`bench:sim: --${k} must be a number from ${min} to ${max}, got "${String(v[k])}"`)
      process.exit(2)
    }
    return n
  }
  return {
    json: v.json,
    nodes: num('nodes', 10, 1_000_000),
    cards: num('cards', 100, 10_000_000),
    queriesPerNode: num('queries-per-node', 1, 1000),
    evalQueries: num('eval', 10, 100_000),
    cells: num('cells', 1, 65_536),
    probe: num('probe', 1, 64),
    home: num('home', 0, 64),
    maxQueryCells: num('max-query-cells', 0, 1024),
    dim: num('dim', 2, 512),
    hopMs: num('hop-ms', 0, 10_000),
    rttMs: num('rtt-ms', 0, 10_000),
    adds: num('adds', 1, 100_000),
    seed: num('seed', 0, 2 ** 31),
    zipf: num('zipf', 0, 3),
    budget: num('budget', 1, 10_000_000)
  }
}

function percentile (samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]
}

function normalize (x: Float32Array): Float32Array {
  let n = 0
  for (const v of x) n += v * v
  n = Math.sqrt(n)
  for (let i = 0; i < x.length; i++) x[i] /= n
  return x
}

/** A unit vector near `center`: noise of norm ~`spread`. */
function near (center: Float32Array, spread: number, rng: SeededRandom): Float32Array {
  const s = spread / Math.sqrt(center.length)
  return normalize(Float32Array.from(center, (c) => c + s * rng.normal()))
}

/** Zipf sampler over n items. */
function zipf (n: number, s: number, rng: SeededRandom): () => number {
  const cdf = new Float64Array(n)
  let acc = 0
  for (let i = 0; i < n; i++) { acc += 1 / Math.pow(i + 1, s); cdf[i] = acc }
  return () => {
    const u = rng.next() * acc
    let lo = 0
    let hi = n - 1
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < u) lo = mid + 1; else hi = mid }
    return lo
  }
}

/** An idealised Kademlia over 32-bit ids: full routing tables (k per bucket), iterative lookups in rounds. */
class SimDht implements CellRouting {
  readonly ids: Uint32Array
  private readonly buckets: number[][][]
  /** key -> provider node numbers, stored at the k nodes closest to the key. */
  private readonly records = new Map<number, Map<number, Set<number>>>()
  /** Rounds of the last lookup (read by the simulator after each `find`). */
  lastRounds = 0
  /** Whose lookup or provide runs now (the simulator sets it). */
  current = 0
  private readonly peers: PeerId[]

  constructor (n: number, rng: SeededRandom, peers: PeerId[]) {
    this.peers = peers
    this.ids = Uint32Array.from({ length: n }, () => (rng.next() * 2 ** 32) >>> 0)
    this.buckets = []
    for (let a = 0; a < n; a++) {
      const b: number[][] = Array.from({ length: 33 }, () => [])
      const order = rng.shuffle(Array.from({ length: n }, (_, i) => i))
      for (const o of order) {
        if (o === a) continue
        const bucket = Math.clz32(this.ids[a] ^ this.ids[o])
        if (b[bucket].length < KAD_K) b[bucket].push(o)
      }
      this.buckets.push(b)
    }
  }

  private static keyOf (cid: CID): number {
    const d = cid.multihash.digest
    return ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0
  }

  private closestKnown (node: number, key: number, count: number): number[] {
    const all = this.buckets[node].flat()
    all.push(node)
    return all.sort((x, y) => ((this.ids[x] ^ key) >>> 0) - ((this.ids[y] ^ key) >>> 0)).slice(0, count)
  }

  /** Iterative lookup from `from`: the k closest nodes to `key`, and the rounds it took; stops early at providers. */
  private lookup (from: number, key: number, wantProviders: boolean): { closest: number[], rounds: number, providers: number[] } {
    const queried = new Set<number>([from])
    let shortlist = this.closestKnown(from, key, KAD_K)
    let rounds = 0
    const local = this.records.get(key)?.get(from)
    if (wantProviders && local !== undefined && local.size > 0) return { closest: shortlist, rounds: 0, providers: [...local] }
    while (true) {
      const ask = shortlist.filter(x => !queried.has(x)).slice(0, KAD_ALPHA)
      if (ask.length === 0) break
      rounds++
      const providers = new Set<number>()
      const learned = new Set<number>(shortlist)
      for (const a of ask) {
        queried.add(a)
        for (const p of this.records.get(key)?.get(a) ?? []) providers.add(p)
        for (const c of this.closestKnown(a, key, KAD_K)) learned.add(c)
      }
      if (wantProviders && providers.size > 0) return { closest: shortlist, rounds, providers: [...providers] }
      const next = [...learned].sort((x, y) => ((this.ids[x] ^ key) >>> 0) - ((this.ids[y] ^ key) >>> 0)).slice(0, KAD_K)
      const improved = next.some(x => !shortlist.includes(x))
      shortlist = next
      if (!improved && shortlist.every(x => queried.has(x) || shortlist.indexOf(x) >= KAD_ALPHA)) break
    }
    return { closest: shortlist, rounds, providers: [] }
  }

  async provide (cid: CID): Promise<void> {
    const key = SimDht.keyOf(cid)
    const { closest, rounds } = this.lookup(this.current, key, false)
    this.lastRounds = rounds + 1
    let byNode = this.records.get(key)
    if (byNode === undefined) { byNode = new Map(); this.records.set(key, byNode) }
    for (const c of closest) {
      let set = byNode.get(c)
      if (set === undefined) { set = new Set(); byNode.set(c, set) }
      set.add(this.current)
    }
  }

  async * findProviders (cid: CID): AsyncGenerator<Provider> {
    const { rounds, providers } = this.lookup(this.current, SimDht.keyOf(cid), true)
    this.lastRounds = rounds
    for (const p of providers) yield { id: this.peers[p], multiaddrs: [], routing: 'sim-kad' }
  }
}

async function advertBytes (cards: number): Promise<number> {
  const key = await generateKeyPair('Ed25519')
  const rng = new SeededRandom(3)
  const card = (i: number): CardData => ({
    expertId: (i + 1).toString(16).padStart(64, '0'), name: `expert-${i}`, version: '1', task: 'classification',
    description: 'a simulated expert of twenty-odd characters', labels: ['a', 'b', 'c', 'd'], spaceId: SPACE,
    centroids: Array.from({ length: CENTROIDS }, () => normalize(Float32Array.from({ length: WIRE_DIM }, () => rng.normal()))),
    dim: WIRE_DIM, price: 1, load: 0, inputKind: 'embedding', accuracy: 0.9
  })
  const now = Date.now()
  const bytes = encodeAdvert({ seqno: now, expiresAt: now + 90_000, addrs: ['/ip4/203.0.113.7/tcp/4001'], spaceId: SPACE, cards: Array.from({ length: cards }, (_, i) => card(i)) }, peerIdFromPrivateKey(key), { now, spaceDim: WIRE_DIM })
  return (await signAdvert(bytes, key)).byteLength
}

/** Dijkstra over a cell's mesh from the first-reached holders; returns the time the last holder has the message. */
function meshSpread (holders: number[], entry: number[], entryAt: number, hopMs: number, rng: SeededRandom): number {
  const n = holders.length
  if (n === 0) return entryAt
  const adj: number[][] = Array.from({ length: n }, () => [])
  for (let i = 0; i < n; i++) {
    const others = rng.shuffle(Array.from({ length: n }, (_, j) => j).filter(j => j !== i)).slice(0, MESH_D)
    for (const j of others) { if (!adj[i].includes(j)) { adj[i].push(j); adj[j].push(i) } }
  }
  const at = new Float64Array(n).fill(Infinity)
  for (const e of entry) at[e] = entryAt + hopMs * (0.5 + rng.next())
  const done = new Uint8Array(n)
  for (let step = 0; step < n; step++) {
    let u = -1
    for (let i = 0; i < n; i++) if (done[i] === 0 && (u < 0 || at[i] < at[u])) u = i
    if (u < 0 || at[u] === Infinity) break
    done[u] = 1
    for (const v of adj[u]) {
      const t = at[u] + hopMs * (0.5 + rng.next())
      if (t < at[v]) at[v] = t
    }
  }
  let last = entryAt
  // a holder the mesh did not reach gets it by IHAVE gossip at a heartbeat (700 ms) from any holder it knows
  for (let i = 0; i < n; i++) last = Math.max(last, at[i] === Infinity ? entryAt + 700 + hopMs : at[i])
  return last
}

async function main (): Promise<void> {
  const cli = parseCli()
  const t0 = performance.now()
  const rng = new SeededRandom(cli.seed)
  const { nodes: N, cards: M, dim } = cli
  out.info(`generating ${M} cards of ${CENTROIDS} centroids (dim ${dim}) over ${TOPICS} topics`)
  const topics = Array.from({ length: TOPICS }, () => normalize(Float32Array.from({ length: dim }, () => rng.normal())))
  const pickTopic = zipf(TOPICS, cli.zipf, rng)
  const centroids = new Float32Array(M * CENTROIDS * dim)
  const cardCells: number[][] = []
  for (let m = 0; m < M; m++) {
    const center = near(topics[pickTopic()], 0.6, rng)
    for (let c = 0; c < CENTROIDS; c++) centroids.set(near(center, 0.35, rng), (m * CENTROIDS + c) * dim)
  }
  const sample = new Float32Array(8192 * dim)
  for (let i = 0; i < 8192; i++) sample.set(near(topics[rng.int(TOPICS)], 0.8, rng), i * dim)
  const codebook = Codebook.derive({ spaceId: SPACE, dim, cells: cli.cells, sample })
  out.info(`codebook ${codebook.version}.${codebook.id.slice(0, 16)}: ${codebook.size} cells (${Math.round(performance.now() - t0)} ms)`)
  const cellCards: number[][] = Array.from({ length: codebook.size }, () => [])
  for (let m = 0; m < M; m++) {
    const rows = Array.from({ length: CENTROIDS }, (_, c) => centroids.subarray((m * CENTROIDS + c) * dim, (m * CENTROIDS + c + 1) * dim))
    const cells = codebook.cellsOf(rows)
    cardCells.push(cells)
    for (const c of cells) cellCards[c].push(m)
  }
  const owner = (m: number): number => m % N

  // nodes: ids, policies, a DHT
  const keys = await Promise.all(Array.from({ length: Math.min(N, 64) }, async () => await generateKeyPair('Ed25519')))
  const peerIds: PeerId[] = []
  for (let i = 0; i < N; i++) {
    // real peer ids are costly to make by the thousand: reuse a few keys' ids with a suffix-distinct string form
    const base = peerIdFromPrivateKey(keys[i % keys.length])
    const name = `${base.toString()}-${i}`
    peerIds.push({ ...base, toString: () => name, equals: (o: unknown) => String(o) === name } as unknown as PeerId)
  }
  const policies = peerIds.map(p => new SubscriptionPolicy({ cells: codebook.size, peerId: p.toString(), homeCells: cli.home, maxQueryCells: cli.maxQueryCells }))
  const dht = new SimDht(N, rng, peerIds)
  const providers = peerIds.map(p => new CellProviders({ routing: dht, codebook, self: p.toString() }))
  // split cells (cell-shards.ts): a holder of a cell over the card budget keeps only the shard of its own id, and
  // provides that shard's key besides the cell's
  const shardsOf = cellCards.map(list => shardCount(list.length, cli.budget))
  const shardMemo = new Map<number, number>()
  const shardOfNode = (i: number, c: number): number => {
    const key = c * N + i
    let v = shardMemo.get(key)
    if (v === undefined) { v = shardOf(peerIds[i].toString(), c, shardsOf[c]); shardMemo.set(key, v) }
    return v
  }
  /** The cards of `c` that node `i` keeps when it holds `c`. */
  const keptOf = (i: number, c: number): number[] => shardsOf[c] === 1 ? cellCards[c] : cellCards[c].filter(m => shardOfNode(owner(m), c) === shardOfNode(i, c))
  const shardCardsOf = (c: number, s: number): number[] => cellCards[c].filter(m => shardOfNode(owner(m), c) === s)
  async function provideHeld (i: number, c: number): Promise<void> {
    dht.current = i
    await providers[i].provide(c)
    if (shardsOf[c] > 1) { dht.current = i; await providers[i].provideShard(c, shardsOf[c], shardOfNode(i, c)) }
  }
  const holdersOf = (cell: number): number[] => policies.flatMap((p, i) => p.holds(cell) ? [i] : [])
  for (let i = 0; i < N; i++) {
    for (const c of policies[i].held()) { dht.current = i; await provideHeld(i, c) }
  }
  out.info(`${N} nodes hold their home cells and provide them in the DHT (${Math.round(performance.now() - t0)} ms)`)

  // queries: each node's users ask about two topics of their own
  const queries: Array<{ node: number, vector: Float32Array }> = []
  for (let i = 0; i < N; i++) {
    const interests = [pickTopic(), pickTopic()]
    for (let q = 0; q < cli.queriesPerNode; q++) queries.push({ node: i, vector: near(topics[interests[q % 2]], 0.6, rng) })
  }
  rng.shuffle(queries)
  const evalEvery = Math.max(1, Math.floor(queries.length / cli.evalQueries))
  const recalls: number[] = []
  const lookupMs: number[] = []
  let misses = 0
  let failedLookups = 0
  let shardLookups = 0
  let failedShardLookups = 0
  let maxAnswered = 0
  const scores = new Float32Array(M)
  const stamp = new Int32Array(M)
  let stampNo = 0
  for (let qi = 0; qi < queries.length; qi++) {
    const { node, vector } = queries[qi]
    const probe = codebook.nearest(vector, cli.probe)
    const missed = probe.filter(c => !policies[node].holds(c))
    const change = policies[node].noteQuery(probe)
    // a miss: find the cell's holders in the DHT and ask one (1 RTT): a small cell's holder sends all its cards (and
    // the node joins it), a split cell's holder answers with its shard's top-k for this query and the cell's shard
    // count; then (and for a held split cell) one holder of each other shard is looked up and asked, in parallel
    let slowest = 0
    const fetched = new Set<number>()
    /** Per split cell probed: the shards whose top-k this query gets (own shard included when held). */
    const covered = new Map<number, Set<number>>()
    for (const c of probe) {
      const isMiss = missed.includes(c)
      let stage1 = 0
      const got = new Set<number>()
      if (isMiss) {
        misses++
        dht.current = node
        const found = await providers[node].find(c)
        if (found.length === 0) { failedLookups++; continue }
        stage1 = (dht.lastRounds + 1) * cli.rttMs
        if (shardsOf[c] === 1) { fetched.add(c); slowest = Math.max(slowest, stage1); continue }
        got.add(shardOfNode(peerIds.indexOf(found[0].id), c))
      } else if (shardsOf[c] === 1) continue
      if (policies[node].holds(c) && !isMiss) got.add(shardOfNode(node, c))
      let stage2 = 0
      for (let sh = 0; sh < shardsOf[c]; sh++) {
        if (got.has(sh)) continue
        dht.current = node
        const found = await providers[node].findShard(c, shardsOf[c], sh)
        shardLookups++
        if (found.length === 0) { failedShardLookups++; continue }
        got.add(sh)
        stage2 = Math.max(stage2, (dht.lastRounds + 1) * cli.rttMs)
      }
      covered.set(c, got)
      slowest = Math.max(slowest, stage1 + stage2)
    }
    if (missed.length > 0 || covered.size > 0) lookupMs.push(slowest)
    for (const c of change.join) await provideHeld(node, c)
    if (qi % evalEvery !== 0 || recalls.length >= cli.evalQueries) continue
    // the node's view: the small cells it holds (or fetched for this query) in full, the shards it keeps of split
    // cells it holds, the top-k answers of each shard asked, its own cards
    stampNo++
    for (const c of policies[node].held()) {
      if (missed.includes(c) && !fetched.has(c) && !covered.has(c)) continue
      if (shardsOf[c] === 1 || !missed.includes(c)) for (const m of keptOf(node, c)) stamp[m] = stampNo
    }
    for (const c of fetched) for (const m of cellCards[c]) stamp[m] = stampNo
    for (let m = node; m < M; m += N) stamp[m] = stampNo
    for (let m = 0; m < M; m++) {
      let best = -Infinity
      for (let c = 0; c < CENTROIDS; c++) {
        const o = (m * CENTROIDS + c) * dim
        let s = 0
        for (let j = 0; j < dim; j++) s += vector[j] * centroids[o + j]
        if (s > best) best = s
      }
      scores[m] = best
    }
    let answered = 0
    for (const [c, shards] of covered) {
      for (const sh of shards) {
        const list = shardCardsOf(c, sh).sort((a, b) => scores[b] - scores[a]).slice(0, CELL_QUERY_K)
        // the signed adverts of those cards come whole: every card of their authors in the cell
        const authors = new Set(list.map(owner))
        for (const m of cellCards[c]) if (authors.has(owner(m))) { stamp[m] = stampNo; answered++ }
      }
    }
    maxAnswered = Math.max(maxAnswered, answered)
    const top = (filter: boolean): number[] => {
      const best: number[] = []
      for (let m = 0; m < M; m++) {
        if (filter && stamp[m] !== stampNo) continue
        if (best.length < 10 || scores[m] > scores[best[9]]) {
          best.push(m)
          best.sort((a, b) => scores[b] - scores[a])
          if (best.length > 10) best.pop()
        }
      }
      return best
    }
    const full = new Set(top(false))
    recalls.push(top(true).filter(m => full.has(m)).length / 10)
  }
  out.info(`${queries.length} queries, ${recalls.length} evaluated (${Math.round(performance.now() - t0)} ms)`)

  // what each node holds after the workload
  let maxHeld = 0
  let sumHeld = 0
  let maxCells = 0
  for (let i = 0; i < N; i++) {
    stampNo++
    let held = 0
    const cells = policies[i].held()
    maxCells = Math.max(maxCells, cells.length)
    for (const c of cells) for (const m of keptOf(i, c)) if (stamp[m] !== stampNo) { stamp[m] = stampNo; held++ }
    for (let m = i; m < M; m += N) if (stamp[m] !== stampNo) { stamp[m] = stampNo; held++ }
    maxHeld = Math.max(maxHeld, held)
    sumHeld += held
  }
  const cellSizes = cellCards.map(c => c.length)
  const holderCounts = Array.from({ length: codebook.size }, (_, c) => holdersOf(c).length)

  // convergence: a node adds a card; every holder of each of its cells must have it
  const convergeMs: number[] = []
  const connections = (i: number): Set<number> => {
    const r = new SeededRandom(i * 7919 + 1)
    const s = new Set<number>()
    while (s.size < Math.min(CONNECTIONS, N - 1)) { const o = r.int(N); if (o !== i) s.add(o) }
    return s
  }
  for (let a = 0; a < cli.adds; a++) {
    const m = rng.int(M)
    const author = owner(m)
    const conns = connections(author)
    let last = 0
    for (const c of cardCells[m]) {
      const holders = holdersOf(c)
      const known = holders.filter(h => conns.has(h))
      let entryAt = DEBOUNCE_MS
      let entry = known.slice(0, MESH_D)
      if (entry.length === 0) {
        dht.current = author
        const found = await providers[author].find(c)
        entryAt += dht.lastRounds * cli.rttMs + 2 * cli.rttMs // lookup, then dial (connect + handshake)
        entry = found.map(p => peerIds.findIndex(x => x === p.id)).slice(0, 1)
      }
      const idx = new Map(holders.map((h, k) => [h, k]))
      last = Math.max(last, meshSpread(holders, entry.map(e => idx.get(e) ?? 0), entryAt, cli.hopMs, rng))
    }
    convergeMs.push(last)
  }

  // bandwidth and memory: every author refreshes one advert per cell it has cards in, every REFRESH_S
  const perCard = await advertBytes(2) - await advertBytes(1)
  const overhead = await advertBytes(1) - perCard
  let maxInBytes = 0
  let sumInBytes = 0
  const advertsOfCell = cellCards.map(list => {
    const authors = new Map<number, number>()
    for (const m of list) authors.set(owner(m), (authors.get(owner(m)) ?? 0) + 1)
    return { adverts: authors.size, bytes: authors.size * overhead + list.length * perCard }
  })
  for (let i = 0; i < N; i++) {
    let bytes = 0
    for (const c of policies[i].held()) bytes += advertsOfCell[c].bytes
    maxInBytes = Math.max(maxInBytes, bytes / REFRESH_S)
    sumInBytes += bytes / REFRESH_S
  }
  const recall = recalls.reduce((x, y) => x + y, 0) / recalls.length
  const result = {
    mode: 'discrete-event',
    nodes: N,
    cards: M,
    recall10: Number(recall.toFixed(4)),
    max_share_held: Number((maxHeld / M).toFixed(4)),
    mean_share_held: Number((sumHeld / N / M).toFixed(4)),
    p95_converge_ms: Math.round(percentile(convergeMs, 0.95)),
    p50_converge_ms: Math.round(percentile(convergeMs, 0.5)),
    cells: codebook.size,
    probe: cli.probe,
    max_cells_held: maxCells,
    cell_cards_max: Math.max(...cellSizes),
    cell_cards_mean: Math.round(cellSizes.reduce((x, y) => x + y, 0) / cellSizes.length),
    holders_per_cell_min: Math.min(...holderCounts),
    holders_per_cell_mean: Number((holderCounts.reduce((x, y) => x + y, 0) / holderCounts.length).toFixed(1)),
    cells_per_card: Number((cardCells.reduce((x, y) => x + y.length, 0) / M).toFixed(2)),
    miss_rate: Number((misses / (queries.length * cli.probe)).toFixed(3)),
    failed_lookups: failedLookups,
    budget: cli.budget,
    split_cells: shardsOf.filter(x => x > 1).length,
    max_shards: Math.max(...shardsOf),
    shard_lookups: shardLookups,
    failed_shard_lookups: failedShardLookups,
    max_query_answer_cards: maxAnswered,
    p95_miss_ms: lookupMs.length > 0 ? Math.round(percentile(lookupMs, 0.95)) : 0,
    advert_bytes_per_card: perCard,
    max_held_advert_bytes: maxHeld * (perCard + overhead),
    max_gossip_in_bytes_per_s: Math.round(maxInBytes),
    mean_gossip_in_bytes_per_s: Math.round(sumInBytes / N),
    zipf: cli.zipf,
    hop_ms: cli.hopMs,
    rtt_ms: cli.rttMs,
    dim
  }
  out.line(table(['nodes', 'cards', 'recall@10', 'max share held', 'mean share', 'p50 converge ms', 'p95 converge ms', 'p95 miss ms', 'max gossip in B/s'],
    [[N, M, result.recall10, result.max_share_held, result.mean_share_held, result.p50_converge_ms, result.p95_converge_ms, result.p95_miss_ms, result.max_gossip_in_bytes_per_s]]))
  out.line(`cells ${result.cells} (${result.cells_per_card} per card, ${result.cell_cards_mean} cards mean / ${result.cell_cards_max} max per cell), holders per cell min ${result.holders_per_cell_min} mean ${result.holders_per_cell_mean}, miss rate ${result.miss_rate}, failed lookups ${failedLookups}, split cells ${result.split_cells} (max ${result.max_shards} shards, budget ${cli.budget}), shard lookups ${shardLookups} (${failedShardLookups} failed), max cards in one query's answers ${maxAnswered}, ${perCard} advert bytes per card`)
  if (cli.json !== undefined) {
    await writeFile(cli.json, JSON.stringify(result, null, 2) + '\n')
    out.info(`wrote ${cli.json}`)
  }
}

main().then(() => { process.exit(0) }, (err) => {
  out.error(`bench:sim failed: ${(err as Error).stack ?? String(err)}`)
  process.exit(1)
})
