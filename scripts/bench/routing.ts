/**
 * Times one routing decision (capability search + scoring + plan) over 1k and 10k cards x 8 centroids x 164 dims.
 *
 *   npx tsx scripts/bench/routing.ts [--json FILE] [--queries N]
 *
 * Prints a table (ms per decision: mean, p50, p95) and, with --json, writes the same rows to FILE.
 */
import '../../src/polyfill.js'
import { writeFileSync } from 'node:fs'
import { PeerStats } from '../../src/market/peer-stats.js'
import { CapabilityIndex } from '../../src/routing/capability-index.js'
import { defaultDotKernel, jsKernel, type DotKernel } from '../../src/routing/dot-kernel.js'
import { Router } from '../../src/routing/router.js'
import { SeededRandom } from '../../src/text/random.js'
import type { CardData } from '../../src/net/advert-types.js'

const DIM = 164
const CENTROIDS = 8
const CARDS_PER_PEER = 4
const DOMAINS = 64
const SPACE = 'f'.repeat(64)

interface Row {
  cards: number
  kernel: string
  stage: string
  mean_ms: number
  p50_ms: number
  p95_ms: number
  queries: number
}

function args (): { json?: string, queries: number } {
  const argv = process.argv.slice(2)
  const out: { json?: string, queries: number } = { queries: 300 }
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') out.json = argv[++i]
    else if (argv[i] === '--queries') out.queries = Number.parseInt(argv[++i], 10)
  }
  return out
}

function unit (v: Float32Array): Float32Array {
  let s = 0
  for (const x of v) s += x * x
  const inv = 1 / Math.sqrt(s)
  for (let i = 0; i < v.length; i++) v[i] *= inv
  return v
}

function near (rng: SeededRandom, center: Float32Array, noise: number): Float32Array {
  const v = new Float32Array(center.length)
  for (let j = 0; j < v.length; j++) v[j] = center[j] + noise * rng.normal()
  return unit(v)
}

function percentile (sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
}

function time (samples: number[], fn: () => void): void {
  const t = performance.now()
  fn()
  samples.push(performance.now() - t)
}

function summarise (cards: number, kernel: string, stage: string, samples: number[]): Row {
  const sorted = [...samples].sort((a, b) => a - b)
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length
  return { cards, kernel, stage, mean_ms: mean, p50_ms: percentile(sorted, 0.5), p95_ms: percentile(sorted, 0.95), queries: samples.length }
}

function build (cards: number, kernel: DotKernel, rng: SeededRandom, domains: Float32Array[]): { index: CapabilityIndex, buildMs: number } {
  const index = new CapabilityIndex({ kernel, maxCards: cards })
  const t = performance.now()
  for (let p = 0; p < cards / CARDS_PER_PEER; p++) {
    const list: CardData[] = []
    for (let c = 0; c < CARDS_PER_PEER; c++) {
      const n = p * CARDS_PER_PEER + c
      const domain = domains[n % DOMAINS]
      list.push({
        expertId: n.toString(16).padStart(64, '0'),
        name: `expert-${n}`,
        version: '1',
        task: 'classify',
        description: '',
        labels: ['a', 'b', 'c'],
        spaceId: SPACE,
        centroids: Array.from({ length: CENTROIDS }, () => near(rng, domain, 0.05)),
        dim: DIM,
        price: rng.int(3),
        load: rng.next(),
        inputKind: 'embedding',
        accuracy: 0
      })
    }
    index.applyAdvert({ peerId: `peer-${p}`, seqno: 1, expiresAt: Date.now() + 3_600_000, addrs: [], spaceId: SPACE, cards: list })
  }
  return { index, buildMs: performance.now() - t }
}

function main (): void {
  const { json, queries } = args()
  const rng = new SeededRandom(42)
  const domains = Array.from({ length: DOMAINS }, () => near(rng, new Float32Array(DIM), 1))
  const rows: Row[] = []
  const notes: string[] = []
  const dispatcher = { ask: async () => [] }
  for (const cards of [1_000, 10_000]) {
    for (const kernel of [defaultDotKernel(), jsKernel]) {
      const { index, buildMs } = build(cards, kernel, rng, domains)
      notes.push(`${cards} cards (${kernel.kind}): index built from ${cards / CARDS_PER_PEER} adverts in ${buildMs.toFixed(0)} ms`)
      const stats = new PeerStats()
      for (let p = 0; p < cards / CARDS_PER_PEER; p += 7) stats.recordSuccess(`peer-${p}`, 1 + rng.int(50))
      const router = new Router({ index, dispatcher, peerStats: stats, localPeerId: 'me' })
      const qs = Array.from({ length: queries }, (_, i) => near(rng, domains[i % DOMAINS], 0.08))
      const now = Date.now()
      const search: number[] = []
      const decision: number[] = []
      let correct = 0
      for (let i = 0; i < 20; i++) router.plan({ text: '', vector: qs[i], spaceId: SPACE }, {}, { now })
      for (let i = 0; i < queries; i++) {
        time(search, () => index.search(qs[i], SPACE, { limit: 64, now }))
        time(decision, () => {
          const plan = router.plan({ text: '', vector: qs[i], spaceId: SPACE }, { k: 2 }, { now })
          if (Number.parseInt(plan.primary[0].expertId, 16) % DOMAINS === i % DOMAINS) correct++
        })
      }
      rows.push(summarise(cards, kernel.kind, 'search (top 64)', search))
      rows.push(summarise(cards, kernel.kind, 'search + score + plan', decision))
      notes.push(`${cards} cards (${kernel.kind}): top-1 picked an expert of the query's domain for ${correct}/${queries} queries`)
    }
  }
  const header = ['cards', 'kernel', 'stage', 'mean ms', 'p50 ms', 'p95 ms']
  const table = rows.map(r => [String(r.cards), r.kernel, r.stage, r.mean_ms.toFixed(3), r.p50_ms.toFixed(3), r.p95_ms.toFixed(3)])
  const widths = header.map((h, i) => Math.max(h.length, ...table.map(t => t[i].length)))
  const line = (cells: string[]): string => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  process.stdout.write(`routing decision, ${CENTROIDS} centroids x ${DIM} dims per card, node ${process.version}\n`)
  process.stdout.write(line(header) + '\n' + line(widths.map(w => '-'.repeat(w))) + '\n')
  for (const t of table) process.stdout.write(line(t) + '\n')
  for (const n of notes) process.stdout.write(`# ${n}\n`)
  if (json !== undefined) {
    writeFileSync(json, JSON.stringify({ bench: 'routing', dim: DIM, centroids: CENTROIDS, node: process.version, rows, notes }, null, 2))
    process.stdout.write(`wrote ${json}\n`)
  }
}

main()
