/**
 * Routing at scale: top-10 capability search over 1k .. 1M cards of 8 x 164-d centroids, exact scan (what main
 * did for every size) against the ANN tier (usearch graph over one direction per card, candidates re-ranked on
 * int8 rows by the WebAssembly SIMD kernel of `routing/int8-dots.ts`).
 *
 *   npm run bench:scale [-- --json FILE] [--sizes 1000,10000,100000] [--queries N] [--exact-max N] [--candidates N]
 *                       [--connectivity N] [--expansion-add N]   (graph tuning, see CapabilityIndexInit.ann)
 *
 * Cards are clustered like the zoo's: topic centres are the real zoo experts' centroids (from the data dir's zoo,
 * `$MOEMESH_HOME` or ~/.moemesh, or `--zoo DIR`) moved by noise (cosine ~0.8), each card's centre near a topic
 * (~0.9) and its 8 centroids near that (pairwise ~0.55, the zoo's within-expert mean); queries are drawn the same
 * way (cosine ~0.7 to a centroid, like in-domain zoo queries). Without a zoo the topics are random unit vectors.
 * Ground truth is the exact float top-10, streamed chunk by chunk so 1M cards never need 5 GB of floats at once.
 *
 * bytes_per_card is the process RSS growth while the index is filled (after a GC, so run with --expose-gc as the
 * npm script does) divided by the cards; index_bytes_per_card is the index's own accounting of its vector stores.
 */
import '../../src/polyfill.js'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { out, table } from '../../src/cli/output.js'
import { decodeCapability } from '../../src/experts/capability.js'
import { defaultDataDir } from '../../src/node/config.js'
import { CapabilityIndex } from '../../src/routing/capability-index.js'
import { DEFAULT_ANN_THRESHOLD } from '../../src/routing/constants.js'
import { SpaceMatrix } from '../../src/routing/space-matrix.js'
import { SeededRandom } from '../../src/text/random.js'
import type { CardData, VerifiedAdvert } from '../../src/net/advert-types.js'

const DIM = 164
const CENTROIDS = 8
const CARDS_PER_PEER = 8
const SPACE = 'f'.repeat(64)
const K = 10
/** Per-dimension noise for the wanted cosines (cos ~ 1 / sqrt(1 + dim * sigma^2)). */
const TOPIC_NOISE = 0.059
const CARD_NOISE = 0.038
const CENTROID_NOISE = 0.071
const QUERY_NOISE = 0.08
/** Cards generated and ground-truthed per chunk. */
const CHUNK = 8_192

interface Row {
  cards: number
  index: 'exact' | 'ann'
  p50_ms: number
  p95_ms: number
  recall10: number
  bytes_per_card: number
  heap_bytes_per_card: number
  index_bytes_per_card: number
  build_s: number
  queries: number
}

function usage (message: string): never {
  out.error(`bench:scale: ${message}`)
  out.error('usage: npm run bench:scale [-- --json FILE] [--sizes 1000,10000,100000] [--queries N] [--exact-max N] [--candidates N] [--connectivity N] [--expansion-add N] [--zoo DIR]')
  process.exit(2)
}

function cli (): { json?: string, sizes: number[], queries: number, exactMax: number, candidates?: number, connectivity?: number, expansionAdd?: number, zoo: string } {
  let v: Record<string, string | undefined>
  try {
    v = parseArgs({
      options: {
        json: { type: 'string' },
        sizes: { type: 'string', default: '1000,10000,100000' },
        queries: { type: 'string', default: '200' },
        'exact-max': { type: 'string', default: '100000' },
        candidates: { type: 'string' },
        connectivity: { type: 'string' },
        'expansion-add': { type: 'string' },
        zoo: { type: 'string', default: join(defaultDataDir(), 'zoo') }
      }
    }).values as Record<string, string | undefined>
  } catch (err) {
    usage((err as Error).message)
  }
  const sizes = (v.sizes ?? '').split(',').map(Number)
  if (sizes.some(n => !Number.isInteger(n) || n < K)) usage(`--sizes: every size must be an integer >= ${K}`)
  const queries = Number(v.queries)
  if (!Number.isInteger(queries) || queries < 1) usage('--queries must be a positive integer')
  const exactMax = Number(v['exact-max'])
  const candidates = v.candidates === undefined ? undefined : Number(v.candidates)
  const connectivity = v.connectivity === undefined ? undefined : Number(v.connectivity)
  const expansionAdd = v['expansion-add'] === undefined ? undefined : Number(v['expansion-add'])
  return { json: v.json, sizes, queries, exactMax, candidates, connectivity, expansionAdd, zoo: v.zoo as string }
}

function normalise (v: Float32Array): Float32Array {
  let s = 0
  for (let j = 0; j < v.length; j++) s += v[j] * v[j]
  const inv = 1 / Math.sqrt(s)
  for (let j = 0; j < v.length; j++) v[j] *= inv
  return v
}

function near (rng: SeededRandom, c: Float32Array, sigma: number): Float32Array {
  const v = new Float32Array(c.length)
  for (let j = 0; j < v.length; j++) v[j] = c[j] + sigma * rng.normal()
  return normalise(v)
}

function zooCentroids (dir: string): Float32Array[] {
  const experts = join(dir, 'experts')
  if (!existsSync(experts)) return []
  return readdirSync(experts).flatMap(name => {
    const file = join(experts, name, 'capability.bin')
    return existsSync(file) ? decodeCapability(readFileSync(file)).centroids.filter(c => c.length === DIM) : []
  })
}

/** The clustered world: topic centres, and deterministic cards and queries drawn around them. */
class World {
  readonly topics: Float32Array[]
  constructor (seeds: Float32Array[], n: number) {
    const rng = new SeededRandom(1)
    const count = Math.max(100, Math.round(n / 100))
    const base = seeds.length > 0 ? seeds : Array.from({ length: 64 }, () => near(rng, new Float32Array(DIM), 1))
    this.topics = Array.from({ length: count }, () => near(rng, base[rng.int(base.length)], TOPIC_NOISE))
  }

  centroids (i: number): Float32Array[] {
    const rng = new SeededRandom(1_000_003 + i)
    const centre = near(rng, this.topics[rng.int(this.topics.length)], CARD_NOISE)
    return Array.from({ length: CENTROIDS }, () => near(rng, centre, CENTROID_NOISE))
  }

  query (i: number): Float32Array {
    const rng = new SeededRandom(7_000_001 + i)
    const centre = near(rng, this.topics[rng.int(this.topics.length)], CARD_NOISE)
    return near(rng, near(rng, centre, CENTROID_NOISE), QUERY_NOISE)
  }
}

function expertId (i: number): string {
  return i.toString(16).padStart(64, '0')
}

function card (i: number, centroids: Float32Array[]): CardData {
  return {
    expertId: expertId(i),
    name: `expert-${i}`,
    version: '1.0.0',
    task: 'classification',
    description: `a synthetic expert number ${i} for the scale benchmark`,
    labels: [`label-${i % 7}-a`, `label-${i % 5}-b`, `label-${i % 3}-c`],
    spaceId: SPACE,
    centroids,
    dim: DIM,
    price: 0,
    load: 0,
    inputKind: 'embedding',
    accuracy: 0
  }
}

function advert (peer: number, cards: CardData[]): VerifiedAdvert {
  return { peerId: `peer-${peer}`, seqno: 1, expiresAt: Date.now() + 3_600_000, addrs: [`/ip4/127.0.0.1/tcp/4001/p2p/peer-${peer}`], spaceId: SPACE, cards }
}

function gc (): void {
  const g = (globalThis as { gc?: () => void }).gc
  if (g !== undefined) { g(); g() }
}

/**
 * Fills `index` with n cards (adverts of 8 cards per peer); with `truth`, also streams the exact top-10 of every
 * query (card ids, best first).
 */
function fill (world: World, n: number, index: CapabilityIndex, queries: Float32Array[], truth?: number[][]): number {
  let truthMs = 0
  const best: Array<Array<[number, number]>> = queries.map(() => [])
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK)
    const matrix = truth !== undefined ? new SpaceMatrix<number>(DIM) : undefined
    let batch: CardData[] = []
    for (let i = start; i < end; i++) {
      const cs = world.centroids(i)
      const t0 = performance.now()
      matrix?.add(i, cs)
      truthMs += performance.now() - t0
      batch.push(card(i, cs))
      if (batch.length === CARDS_PER_PEER || i === end - 1) {
        index.applyAdvert(advert(Math.floor(i / CARDS_PER_PEER), batch))
        batch = []
      }
    }
    const t0 = performance.now()
    if (matrix !== undefined) {
      queries.forEach((q, qi) => {
        const top = best[qi]
        matrix.scan(q, (id, s) => {
          if (top.length < K || s > top[K - 1][1]) {
            top.push([id, s])
            top.sort((a, b) => b[1] - a[1])
            if (top.length > K) top.pop()
          }
        })
      })
    }
    truthMs += performance.now() - t0
  }
  if (truth !== undefined) best.forEach((top, qi) => { truth[qi] = top.map(([id]) => id) })
  return truthMs
}

function measure (index: CapabilityIndex, queries: Float32Array[], truth: number[][]): { p50: number, p95: number, recall: number } {
  for (let i = 0; i < Math.min(10, queries.length); i++) index.search(queries[i], SPACE, { limit: K })
  const times: number[] = []
  let recall = 0
  queries.forEach((q, qi) => {
    const t0 = performance.now()
    const hits = index.search(q, SPACE, { limit: K })
    times.push(performance.now() - t0)
    const want = new Set(truth[qi])
    recall += hits.filter(h => want.has(parseInt(h.entry.expertId, 16))).length / K
  })
  times.sort((a, b) => a - b)
  return { p50: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], recall: recall / queries.length }
}

function build (world: World, n: number, tier: 'exact' | 'ann', queries: Float32Array[], truth: number[][] | undefined, candidates?: number, ann?: { connectivity?: number, expansionAdd?: number }): { index: CapabilityIndex, rss: number, heap: number, seconds: number } {
  gc()
  const before = process.memoryUsage()
  const t0 = performance.now()
  const index = new CapabilityIndex({
    maxCards: n,
    maxValues: n * CENTROIDS * DIM,
    annThreshold: tier === 'exact' ? Infinity : 1,
    annCandidates: candidates,
    ann
  })
  // Ground truth is computed while filling (streamed), but is not part of the build time.
  const truthMs = fill(world, n, index, queries, truth)
  if (tier === 'ann') index.search(queries[0], SPACE, { limit: K }) // puts the last batch into the graph
  const seconds = (performance.now() - t0 - truthMs) / 1000
  gc()
  const after = process.memoryUsage()
  return { index, rss: after.rss - before.rss, heap: after.heapUsed - before.heapUsed, seconds }
}

function main (): void {
  const args = cli()
  const seeds = zooCentroids(args.zoo)
  out.info(`bench:scale: topics from ${seeds.length > 0 ? `${seeds.length} zoo centroids in ${args.zoo}` : 'random unit vectors (no zoo found)'}; sizes ${args.sizes.join(', ')}; ${args.queries} queries`)
  if ((globalThis as { gc?: unknown }).gc === undefined) out.info('bench:scale: run with node --expose-gc for steadier memory figures')
  const rows: Row[] = []
  for (const n of args.sizes) {
    const world = new World(seeds, n)
    const queries = Array.from({ length: args.queries }, (_, i) => world.query(i))
    const truth: number[][] = []
    const tiers: Array<'ann' | 'exact'> = n <= args.exactMax ? ['ann', 'exact'] : ['ann']
    for (const tier of tiers) {
      let built: ReturnType<typeof build> | undefined = build(world, n, tier, queries, tier === 'ann' ? truth : undefined, args.candidates, { connectivity: args.connectivity, expansionAdd: args.expansionAdd })
      const m = measure(built.index, queries, truth)
      const mem = built.index.memory()
      rows.push({
        cards: n,
        index: tier,
        p50_ms: round(m.p50, 3),
        p95_ms: round(m.p95, 3),
        recall10: round(m.recall, 4),
        bytes_per_card: Math.round(built.rss / n),
        heap_bytes_per_card: Math.round(built.heap / n),
        index_bytes_per_card: Math.round((mem.exactBytes + mem.quantizedBytes + mem.graphBytes) / n),
        build_s: round(built.seconds, 1),
        queries: queries.length
      })
      out.info(`  ${n} cards, ${tier}: p50 ${m.p50.toFixed(3)} ms, recall@10 ${m.recall.toFixed(4)}, ${Math.round(built.rss / n)} B/card RSS (built in ${built.seconds.toFixed(1)} s)`)
      built = undefined
      gc()
    }
  }
  out.line(table(['cards', 'index', 'p50 ms', 'p95 ms', 'recall@10', 'B/card RSS', 'B/card heap', 'B/card index', 'build s'],
    rows.map(r => [r.cards, r.index, r.p50_ms, r.p95_ms, r.recall10, r.bytes_per_card, r.heap_bytes_per_card, r.index_bytes_per_card, r.build_s].map(String))))
  const ratios = args.sizes.flatMap(n => {
    const a = rows.find(r => r.cards === n && r.index === 'ann')
    const e = rows.find(r => r.cards === n && r.index === 'exact')
    return a !== undefined && e !== undefined ? [{ cards: n, exact_over_ann_p50: round(e.p50_ms / a.p50_ms, 2), exact_over_ann_bytes: round(e.bytes_per_card / Math.max(1, a.bytes_per_card), 2) }] : []
  })
  for (const r of ratios) out.line(`  ${r.cards} cards: exact p50 / ANN p50 = ${r.exact_over_ann_p50}x, exact B/card / ANN B/card = ${r.exact_over_ann_bytes}x`)
  if (args.json !== undefined) {
    writeFileSync(args.json, JSON.stringify({ rows, ratios, ann_threshold: DEFAULT_ANN_THRESHOLD, dim: DIM, centroids: CENTROIDS, topics_from_zoo: seeds.length > 0 }, null, 2) + '\n')
    out.info(`wrote ${args.json}`)
  }
}

function round (x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

main()
