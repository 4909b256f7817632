/**
 * One embedding space at scale: every card's centroids held once, as int8 rows ({@link QuantizedRows}), plus an
 * approximate-nearest-neighbour graph (usearch HNSW) over one vector per card, the normalised mean of its
 * centroids, and a second graph over gated cards' gates for ranking by logit.
 *
 * A search asks the graph for a few hundred candidate cards and re-ranks them exactly on their int8 centroids, in
 * batches through a WebAssembly SIMD int8 kernel (`int8-dots.ts`; ~5x the JS loop it replaced at 10k cards).
 * One vector per card rather than one per centroid: on clustered 164-d cards it gave a higher recall at the same
 * candidate count, eight times less graph memory and an eight times faster build (see `npm run bench:scale`).
 *
 * A gate is a linear function `scale * w . q + b` of the unit query, i.e. the inner product of `[scale * w, b]`
 * with `[q, 1]`, so the gated cards with the highest logits are a maximum-inner-product search (metric `ip`, in
 * float16 because int8 in usearch would normalise the vector and lose the bias and scale).
 *
 * Cards added between searches are put into the graphs in one multi-threaded batch at the next search.
 */
import { createRequire } from 'node:module'
import type { Index } from 'usearch'
import { QuantizedRows } from './quantized-rows.js'
import { createInt8Dots, type Int8Dots } from './int8-dots.js'
import { ANN_CONNECTIVITY, ANN_EXPANSION_ADD, ANN_EXPANSION_SEARCH } from './constants.js'
import type { CardGate } from '../net/advert-types.js'

type Usearch = typeof import('usearch')
let usearch: Usearch | null | undefined

/**
 * usearch, loaded on first use: it is a native addon with prebuilt binaries for linux x64/arm64 and darwin only, so
 * a platform without one must still start (its index then stays on the exact scan). Returns null when it cannot load.
 */
export function loadUsearch (): Usearch | null {
  if (usearch === undefined) {
    try {
      usearch = createRequire(import.meta.url)('usearch') as Usearch
    } catch {
      usearch = null
    }
  }
  return usearch
}

function requireUsearch (): Usearch {
  const lib = loadUsearch()
  if (lib === null) throw new Error('usearch is not available on this platform')
  return lib
}

/** Tuning of the graphs. */
export interface AnnSpaceInit {
  /** HNSW neighbours per node (see {@link ANN_CONNECTIVITY} for why 16). @default 16 */
  connectivity?: number
  /** Beam width while inserting. @default 128 */
  expansionAdd?: number
  /** Beam width while searching (raised to the candidate count when that is larger). @default 128 */
  expansionSearch?: number
}

/** Largest magnitude put into the float16 gate graph (float16 overflows at 65504); re-ranking uses the true gate. */
const GATE_CLAMP = 60_000

/** Rows the re-rank scratch scores per kernel call (x 164 bytes: ~670 KB). */
const RERANK_ROWS = 4_096

/** Bytes per graph node besides its vector: 2 x connectivity level-0 links of 4 bytes, key, level and locks. */
function nodeOverhead (connectivity: number): number {
  return 2 * connectivity * 4 + 24
}

/** A card's state in the space, per key. */
const FREE = 0
const PENDING = 1
const IN_GRAPH = 2

/**
 * Approximate search over one embedding space's cards, with exact re-ranking on int8 centroids.
 *
 * Cards are known by a key (a small integer, reused after removal) that is also their key in the graphs; per card
 * the space holds the caller's reference, a state byte and the row table's 10 bytes, no objects of its own.
 */
export class AnnSpace<T> {
  readonly dim: number
  private readonly rows: QuantizedRows
  private readonly graph: Index
  private gates: Index | undefined
  private readonly connectivity: number
  private readonly expansionAdd: number
  private readonly expansionSearch: number
  private readonly refs: Array<T | undefined> = []
  private state = new Uint8Array(0)
  /** Search generation that last collected each key (dedup without a Set). */
  private seen = new Uint32Array(0)
  private generation = 0
  /** Gates of gated cards, by key (gates are rare: a map, not a column). */
  private readonly gateOf = new Map<number, CardGate>()
  private readonly freeKeys: number[] = []
  private pending: number[] = []
  private gatedCount = 0
  private live = 0
  private readonly direction: Float32Array
  private readonly gateQuery: Float32Array
  private readonly queryInt8: Int8Array
  private dots: Int8Dots | undefined
  private candidateKeys = new Int32Array(0)
  private candidateScores = new Float32Array(0)

  constructor (dim: number, init: AnnSpaceInit = {}) {
    this.dim = dim
    this.connectivity = init.connectivity ?? ANN_CONNECTIVITY
    this.expansionAdd = init.expansionAdd ?? ANN_EXPANSION_ADD
    this.expansionSearch = init.expansionSearch ?? ANN_EXPANSION_SEARCH
    this.rows = new QuantizedRows(dim)
    const { Index, MetricKind, ScalarKind } = requireUsearch()
    this.graph = new Index({
      dimensions: dim,
      metric: MetricKind.Cos,
      quantization: ScalarKind.I8,
      connectivity: this.connectivity,
      expansion_add: this.expansionAdd,
      expansion_search: this.expansionSearch,
      multi: false
    })
    this.direction = new Float32Array(dim)
    this.gateQuery = new Float32Array(dim + 1)
    this.queryInt8 = new Int8Array(dim)
  }

  /** Live cards. */
  get cardCount (): number {
    return this.live
  }

  /**
   * Bytes this space holds: the int8 rows as allocated (with the per-card tables), and the graphs estimated from
   * their size (usearch does not report its memory): per node its vector plus 2 x connectivity links and a small header.
   */
  get bytes (): { rows: number, graph: number } {
    const graph = this.graph.capacity() * 8 + this.graph.size() * (this.dim + nodeOverhead(this.connectivity))
    const gates = this.gates === undefined ? 0 : this.gates.capacity() * 8 + this.gates.size() * (2 * (this.dim + 1) + nodeOverhead(this.connectivity))
    const tables = this.state.byteLength + this.seen.byteLength + 4 * this.refs.length
    return { rows: this.rows.bytes + tables, graph: graph + gates }
  }

  /** Adds a card (centroids finite and non-zero; they are normalised and quantised here); returns its key. */
  add (ref: T, centroids: readonly Float32Array[], gate?: CardGate): number {
    const key = this.freeKeys.pop() ?? this.refs.length
    if (key >= this.state.length) {
      const size = Math.max(1024, Math.ceil(this.state.length * 1.5), key + 1)
      const state = new Uint8Array(size)
      state.set(this.state)
      this.state = state
      const seen = new Uint32Array(size)
      seen.set(this.seen)
      this.seen = seen
    }
    this.rows.add(key, centroids)
    this.refs[key] = ref
    this.state[key] = PENDING
    if (gate !== undefined) this.gateOf.set(key, gate)
    this.pending.push(key)
    this.live++
    return key
  }

  /** Removes a card from the rows and both graphs; its key is reused by a later card. */
  remove (key: number): void {
    if (this.refs[key] === undefined) return
    this.rows.remove(key)
    const gated = this.gateOf.delete(key)
    if (this.state[key] === IN_GRAPH) {
      this.graph.remove(BigInt(key))
      if (gated) {
        this.gates?.remove(BigInt(key))
        this.gatedCount--
      }
    }
    // A pending key stays in the pending list; flush skips keys no longer pending.
    this.state[key] = FREE
    this.refs[key] = undefined
    this.freeKeys.push(key)
    this.live--
  }

  /** The card's reference. */
  refOf (key: number): T | undefined {
    return this.refs[key]
  }

  /** The card's centroids, dequantised. */
  centroidsOf (key: number): Float32Array[] {
    return this.rows.rowsOf(key)
  }

  /** How many centroids the card has. */
  rowCountOf (key: number): number {
    return this.rows.rowCountOf(key)
  }

  /** Cards held in the graphs (pending ones included after {@link flush}). */
  get graphSize (): number {
    return this.graph.size()
  }

  /**
   * Visits up to `k` candidate cards nearest the L2-normalised `query` (and, with `gates`, up to `k` gated cards
   * with the highest gate logits), each once, with its best centroid cosine computed exactly on the int8 rows.
   * Returns how many the graphs offered, so a caller can tell an exhausted space from a full page.
   */
  candidates (query: Float32Array, k: number, gates: boolean, visit: (ref: T, similarity: number) => void): number {
    this.flush()
    let count = 0
    let offered = 0
    const generation = this.nextGeneration()
    if (this.graph.size() > 0) {
      const found = this.graph.search(query, Math.min(k, this.graph.size()), 1).keys
      offered = found.length
      count = this.collect(found, count, generation)
    }
    if (gates && this.gates !== undefined && this.gatedCount > 0) {
      this.gateQuery.set(query.subarray(0, this.dim))
      this.gateQuery[this.dim] = 1
      count = this.collect(this.gates.search(this.gateQuery, Math.min(k, this.gatedCount), 1).keys, count, generation)
    }
    if (count === 0) return offered
    const qScale = this.rows.quantizeQuery(query, this.queryInt8)
    this.dots ??= createInt8Dots(this.dim, Math.max(64, Math.floor(RERANK_ROWS * 164 / this.dim)))
    this.rows.scoreMany(this.candidateKeys, count, this.queryInt8, qScale, this.dots, this.candidateScores)
    for (let i = 0; i < count; i++) visit(this.refs[this.candidateKeys[i]] as T, this.candidateScores[i])
    return offered
  }

  /** Calls `visit` for every live card. */
  forEach (visit: (key: number, ref: T) => void): void {
    this.refs.forEach((ref, key) => { if (ref !== undefined) visit(key, ref) })
  }

  /** Visits every card with its best centroid cosine (exact on the int8 rows): the fallback when filters reject most candidates. */
  scan (query: Float32Array, visit: (ref: T, similarity: number) => void): void {
    const qScale = this.rows.quantizeQuery(query, this.queryInt8)
    this.refs.forEach((ref, key) => { if (ref !== undefined) visit(ref, this.rows.bestQuantized(key, this.queryInt8, qScale)) })
  }

  /** Puts the cards added since the last search into the graphs, in one batch on all cores. */
  flush (): void {
    if (this.pending.length === 0) return
    const batch: number[] = []
    for (const key of this.pending) {
      // Skip keys removed (or removed and re-added, which queued them twice) since they were queued.
      if (this.state[key] !== PENDING) continue
      this.state[key] = IN_GRAPH
      batch.push(key)
    }
    this.pending = []
    if (batch.length === 0) return
    const keys = new BigUint64Array(batch.length)
    const vectors = new Float32Array(batch.length * this.dim)
    const gated: number[] = []
    batch.forEach((key, i) => {
      keys[i] = BigInt(key)
      vectors.set(this.rows.directionOf(key, this.direction), i * this.dim)
      if (this.gateOf.has(key)) gated.push(key)
    })
    this.graph.add(keys, vectors, 0)
    if (gated.length > 0) {
      const { Index, MetricKind, ScalarKind } = requireUsearch()
      this.gates ??= new Index({
        dimensions: this.dim + 1,
        metric: MetricKind.IP,
        quantization: ScalarKind.F16,
        connectivity: this.connectivity,
        expansion_add: this.expansionAdd,
        expansion_search: this.expansionSearch,
        multi: false
      })
      const gk = BigUint64Array.from(gated, key => BigInt(key))
      const gv = new Float32Array(gated.length * (this.dim + 1))
      gated.forEach((key, i) => { gv.set(gateVector(this.gateOf.get(key) as CardGate), i * (this.dim + 1)) })
      this.gates.add(gk, gv, 0)
      this.gatedCount += gated.length
    }
  }

  private nextGeneration (): number {
    this.generation = (this.generation + 1) >>> 0
    if (this.generation === 0) {
      this.seen.fill(0)
      this.generation = 1
    }
    return this.generation
  }

  /**
   * Appends the live, not yet collected keys of a graph answer to the candidate list; returns the new count. Keys
   * are read as the low words of the 64-bit keys (ours are below 2^32), with no BigInt conversion per key.
   */
  private collect (keys: BigUint64Array, count: number, generation: number): number {
    if (this.candidateKeys.length < count + keys.length) {
      const size = Math.max(1024, 2 * (count + keys.length))
      const grown = new Int32Array(size)
      grown.set(this.candidateKeys.subarray(0, count))
      this.candidateKeys = grown
      this.candidateScores = new Float32Array(size)
    }
    const words = new Uint32Array(keys.buffer, keys.byteOffset, keys.length * 2)
    const high = LITTLE_ENDIAN ? 1 : 0
    for (let i = 0; i < keys.length; i++) {
      const key = words[2 * i + 1 - high]
      if (words[2 * i + high] !== 0 || key >= this.state.length || this.state[key] !== IN_GRAPH || this.seen[key] === generation) continue
      this.seen[key] = generation
      this.candidateKeys[count++] = key
    }
    return count
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/** `[scale * w, bias]`, clamped into float16 range. */
function gateVector (gate: CardGate): Float32Array {
  const v = new Float32Array(gate.weights.length + 1)
  for (let j = 0; j < gate.weights.length; j++) v[j] = clamp(gate.weights[j] * gate.scale)
  v[gate.weights.length] = clamp(gate.bias)
  return v
}

function clamp (x: number): number {
  return Math.max(-GATE_CLAMP, Math.min(GATE_CLAMP, x))
}
