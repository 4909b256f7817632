/**
 * Probe (not an npm script): what limits the ANN tier's recall@10 on bench:scale's clustered cards, without the
 * index around it. Prints the recall of an exact search over each card's mean vector re-ranked on its centroids
 * (the ceiling of the one-vector-per-card proxy), the same over two k-means vectors per card, and the usearch
 * graph's recall and search time per candidate count (the beam is max(expansion_search, candidates)).
 *
 *   node --import tsx scripts/bench/ann-probe.ts N QUERIES      env: ZOO (default $MOEMESH_HOME/zoo), PROXY=0 skips the ceilings; CONN, EFA, QK=i8|f16, THREADS
 *   SPACE=1 KS=256,643,1024: sweep the ANN tier itself (AnnSpace) instead of the raw graph, graph time beside the whole search
 */
import '../../src/polyfill.js'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { decodeCapability } from '../../src/experts/capability.js'
import { defaultDataDir } from '../../src/node/config.js'
import { SeededRandom } from '../../src/text/random.js'
import { AnnSpace } from '../../src/routing/ann-space.js'
import type { QuantizedRows } from '../../src/routing/quantized-rows.js'
const us = createRequire(import.meta.url)('usearch') as typeof import('usearch')
const { Index, MetricKind, ScalarKind } = us
const DIM = 164, C = 8, K = 10
const N = Number(process.argv[2] ?? 10000), Q = Number(process.argv[3] ?? 200)
const TOPIC_NOISE = 0.059, CARD_NOISE = 0.038, CENTROID_NOISE = 0.071, QUERY_NOISE = 0.08
function normalise (v: Float32Array): Float32Array { let s = 0; for (let j = 0; j < v.length; j++) s += v[j] * v[j]; const inv = 1 / Math.sqrt(s); for (let j = 0; j < v.length; j++) v[j] *= inv; return v }
function near (rng: SeededRandom, c: Float32Array, sigma: number): Float32Array { const v = new Float32Array(c.length); for (let j = 0; j < v.length; j++) v[j] = c[j] + sigma * rng.normal(); return normalise(v) }
const dir = join(process.env.ZOO ?? join(defaultDataDir(), 'zoo'), 'experts')
const seeds = readdirSync(dir).flatMap(n => { const f = join(dir, n, 'capability.bin'); return existsSync(f) ? decodeCapability(readFileSync(f)).centroids.filter(c => c.length === DIM) : [] })
const rng0 = new SeededRandom(1)
const topics = Array.from({ length: Math.max(100, Math.round(N / 100)) }, () => near(rng0, seeds[rng0.int(seeds.length)], TOPIC_NOISE))
const t0 = performance.now()
const cents = new Float32Array(N * C * DIM)
const means = new Float32Array(N * DIM)
for (let i = 0; i < N; i++) {
  const rng = new SeededRandom(1_000_003 + i)
  const centre = near(rng, topics[rng.int(topics.length)], CARD_NOISE)
  const m = new Float32Array(DIM)
  for (let c = 0; c < C; c++) { const v = near(rng, centre, CENTROID_NOISE); cents.set(v, (i * C + c) * DIM); for (let j = 0; j < DIM; j++) m[j] += v[j] }
  means.set(normalise(m), i * DIM)
}
const queries = Array.from({ length: Q }, (_, i) => { const rng = new SeededRandom(7_000_001 + i); const centre = near(rng, topics[rng.int(topics.length)], CARD_NOISE); return near(rng, near(rng, centre, CENTROID_NOISE), QUERY_NOISE) })
const qm = new Float32Array(Q * DIM); queries.forEach((q, i) => qm.set(q, i * DIM))
console.log(`gen ${((performance.now() - t0) / 1000).toFixed(1)} s`)
function score (i: number, q: Float32Array): number { let best = -Infinity; for (let c = 0; c < C; c++) { const o = (i * C + c) * DIM; let s = 0; for (let j = 0; j < DIM; j++) s += cents[o + j] * q[j]; if (s > best) best = s } return best }
function top (ids: Iterable<number>, q: Float32Array): number[] { return [...new Set(ids)].map(i => [i, score(i, q)] as const).sort((a, b) => b[1] - a[1]).slice(0, K).map(x => x[0]) }
let t = performance.now()
const truthRows = us.exactSearch(cents, qm, DIM, 8 * K, MetricKind.IP, 0) as any
const truth: number[][] = queries.map((q, qi) => top([...truthRows.get(qi).keys].map((k: bigint) => Math.floor(Number(k) / C)), q))
console.log(`truth ${((performance.now() - t) / 1000).toFixed(1)} s`)
function recall (found: number[][]): number { let r = 0; found.forEach((f, qi) => { const w = new Set(truth[qi]); r += f.filter(x => w.has(x)).length / K }); return r / Q }
// proxy limit: exact top-C over means then rerank
if (process.env.PROXY !== '0') for (const cand of [64, 128, 256, 512, 1024, 2048]) {
  const m = us.exactSearch(means, qm, DIM, cand, MetricKind.IP, 0) as any
  console.log(`mean-proxy exact cand ${cand}: recall ${recall(queries.map((q, qi) => top([...m.get(qi).keys].map(Number), q))).toFixed(4)}`)
}
// 2-vector k-means per card
if (process.env.PROXY !== '0') {
const two = new Float32Array(N * 2 * DIM)
const a = new Float32Array(DIM), b = new Float32Array(DIM)
for (let i = 0; i < N; i++) {
  const dot = (o1: number, v: Float32Array): number => { let s = 0; for (let j = 0; j < DIM; j++) s += cents[o1 + j] * v[j]; return s }
  const mean = means.subarray(i * DIM, (i + 1) * DIM)
  let far = 0, fs = Infinity
  for (let c = 0; c < C; c++) { const s = dot((i * C + c) * DIM, mean); if (s < fs) { fs = s; far = c } }
  a.set(cents.subarray((i * C + far) * DIM, (i * C + far + 1) * DIM))
  let far2 = 0; fs = Infinity
  for (let c = 0; c < C; c++) { const s = dot((i * C + c) * DIM, a); if (s < fs) { fs = s; far2 = c } }
  b.set(cents.subarray((i * C + far2) * DIM, (i * C + far2 + 1) * DIM))
  for (let it = 0; it < 4; it++) {
    const na = new Float32Array(DIM), nb = new Float32Array(DIM)
    for (let c = 0; c < C; c++) { const o = (i * C + c) * DIM; const t = dot(o, a) >= dot(o, b) ? na : nb; for (let j = 0; j < DIM; j++) t[j] += cents[o + j] }
    if (na.some(x => x !== 0)) a.set(normalise(na)); if (nb.some(x => x !== 0)) b.set(normalise(nb))
  }
  two.set(a, i * 2 * DIM); two.set(b, (i * 2 + 1) * DIM)
}
for (const cand of [256, 512, 1024]) {
  const m = us.exactSearch(two, qm, DIM, cand * 2, MetricKind.IP, 0) as any
  console.log(`2-vec-proxy exact cand ${cand} cards: recall ${recall(queries.map((q, qi) => top([...new Set([...m.get(qi).keys].map((k: bigint) => Math.floor(Number(k) / 2)))].slice(0, cand), q))).toFixed(4)}`)
}
}
// The ANN tier itself (AnnSpace: graph over card means, batched int8 re-rank): recall and p50 per candidate count,
// with the graph's own search time beside the whole call, to see which part a candidate count pays for.
if (process.env.SPACE === '1') {
  const space = new AnnSpace<number>(DIM, { connectivity: Number(process.env.CONN ?? 32), expansionAdd: Number(process.env.EFA ?? 256) })
  for (let i = 0; i < N; i++) space.add(i, Array.from({ length: C }, (_, c) => cents.subarray((i * C + c) * DIM, (i * C + c + 1) * DIM)))
  t = performance.now()
  space.flush()
  console.log(`space build (conn ${process.env.CONN ?? 32}, efa ${process.env.EFA ?? 256}) ${((performance.now() - t) / 1000).toFixed(1)} s`)
  const graph = (space as unknown as { graph: InstanceType<typeof Index> }).graph
  const p50 = (a: number[]): string => a.sort((x, y) => x - y)[a.length >> 1].toFixed(3)
  for (const cand of (process.env.KS ?? '256,643,1024,2048').split(',').map(Number)) {
    const tg: number[] = []
    const tt: number[] = []
    const to: number[] = []
    const found: number[][] = []
    // What the tier did before the batched kernel: BigInt keys, a Set, one JS int8 loop per card.
    const rows = (space as unknown as { rows: QuantizedRows }).rows
    const qi = new Int8Array(DIM)
    for (let rep = 0; rep < 2; rep++) {
      queries.forEach(q => {
        let s = performance.now()
        graph.search(q, cand, 1)
        tg.push(performance.now() - s)
        const hits: Array<[number, number]> = []
        s = performance.now()
        space.candidates(q, cand, false, (ref, sim) => { hits.push([ref, sim]) })
        hits.sort((x, y) => y[1] - x[1])
        tt.push(performance.now() - s)
        if (rep === 1) found.push(hits.slice(0, K).map(h => h[0]))
        s = performance.now()
        const qs = rows.quantizeQuery(q, qi)
        const seen = new Set<number>()
        let sink = 0
        for (const big of graph.search(q, cand, 1).keys) {
          const key = Number(big)
          if (seen.has(key)) continue
          seen.add(key)
          sink += rows.bestQuantized(key, qi, qs)
        }
        to.push(performance.now() - s + sink * 0)
      })
    }
    console.log(`space cand ${cand}: recall ${recall(found).toFixed(4)} graph p50 ${p50(tg)} ms, search+re-rank p50 ${p50(tt)} ms (per-card JS re-rank as before: ${p50(to)} ms)`)
  }
  process.exit(0)
}
if (process.env.GRAPH === "0") process.exit(0)
// graph with means
const CONN = Number(process.env.CONN ?? 16), EFA = Number(process.env.EFA ?? 128), QK = process.env.QK === 'f16' ? ScalarKind.F16 : ScalarKind.I8
t = performance.now()
const g = new Index({ dimensions: DIM, metric: MetricKind.Cos, quantization: QK, connectivity: CONN, expansion_add: EFA, expansion_search: 64, multi: false })
const keys = new BigUint64Array(N); for (let i = 0; i < N; i++) keys[i] = BigInt(i)
g.add(keys, means, Number(process.env.THREADS ?? 0))
console.log(`graph build ${((performance.now() - t) / 1000).toFixed(1)} s`)
const tmp = mkdtempSync(join(tmpdir(), 'moemesh-ann-probe-'))
const graphFile = join(tmp, 'g.usearch')
g.save(graphFile)
for (const ef of [64]) {
  const gi = new Index({ dimensions: DIM, metric: MetricKind.Cos, quantization: QK, connectivity: CONN, expansion_add: EFA, expansion_search: ef, multi: false })
  gi.load(graphFile)
  for (const cand of [256, 512, 1024, 2048]) {
    if (cand > ef && ef !== 64) continue
    const ts: number[] = []
    const found = queries.map(q => { const s = performance.now(); const k = [...gi.search(q, cand, 1).keys].map(Number); ts.push(performance.now() - s); return top(k, q) })
    ts.sort((x, y) => x - y)
    console.log(`graph ef ${ef} cand ${cand}: recall ${recall(found).toFixed(4)} search p50 ${ts[Q >> 1].toFixed(3)} ms`)
  }
}
rmSync(tmp, { recursive: true, force: true })
