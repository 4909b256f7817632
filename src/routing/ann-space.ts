/**
 * One embedding space at scale: every card's centroids held once, as int8 rows ({@link QuantizedRows}), plus an
 * approximate-nearest-neighbour graph (usearch HNSW) over one vector per card, the normalised mean of its
 * centroids, and a second graph over gated cards' gates for ranking by logit.
 *
 * A search asks the graph for a few hundred candidate cards and re-ranks them exactly on their int8 centroids.
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
import { QuantizedRows, type RowSlot } from './quantized-rows.js'
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

/** A card in an {@link AnnSpace}. Opaque to callers. */
export interface AnnSlot<T> {
  ref: T
  /** The card's key in both graphs (an index into the space's slot table, reused after removal). */
  key: number
  rows: RowSlot
  /** The card's gate (held by its card, not copied), if any. */
  gate: CardGate | undefined
  /** Added to the space but not yet to the graphs. */
  pending: boolean
}

/** Tuning of the graphs. */
export interface AnnSpaceInit {
  /**
   * HNSW neighbours per node. 32 rather than usearch's 16: on 100k clustered cards it raised recall@10 from 0.916 to
   * 0.948 at 256 candidates and from 0.943 to 0.957 at 643 (the index's default there), for 128 more bytes per card
   * and a 1.4-2x longer build. @default 32
   */
  connectivity?: number
  /** Beam width while inserting. @default 256 */
  expansionAdd?: number
  /** Beam width while searching (raised to the candidate count when that is larger). @default 128 */
  expansionSearch?: number
}

/** Largest magnitude put into the float16 gate graph (float16 overflows at 65504); re-ranking uses the true gate. */
const GATE_CLAMP = 60_000

/** Bytes per graph node besides its vector: 2 x connectivity level-0 links of 4 bytes, key, level and locks. */
function nodeOverhead (connectivity: number): number {
  return 2 * connectivity * 4 + 24
}

/** Approximate search over one embedding space's cards, with exact re-ranking on int8 centroids. */
export class AnnSpace<T> {
  readonly dim: number
  private readonly rows: QuantizedRows
  private readonly graph: Index
  private gates: Index | undefined
  private readonly connectivity: number
  private readonly expansionAdd: number
  private readonly expansionSearch: number
  private readonly slots: Array<AnnSlot<T> | undefined> = []
  private readonly freeKeys: number[] = []
  private readonly pending = new Set<AnnSlot<T>>()
  private gatedCount = 0
  private readonly direction: Float32Array
  private readonly gateQuery: Float32Array
  private readonly queryInt8: Int8Array

  constructor (dim: number, init: AnnSpaceInit = {}) {
    this.dim = dim
    this.connectivity = init.connectivity ?? 32
    this.expansionAdd = init.expansionAdd ?? 256
    this.expansionSearch = init.expansionSearch ?? 128
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
    return this.rows.cardCount
  }

  /**
   * Bytes this space holds: the int8 rows as allocated, and the graphs estimated from their size (usearch does not
   * report its memory): per node its vector plus 2 x connectivity links and a small header.
   */
  get bytes (): { rows: number, graph: number } {
    const graph = this.graph.capacity() * 8 + this.graph.size() * (this.dim + nodeOverhead(this.connectivity))
    const gates = this.gates === undefined ? 0 : this.gates.capacity() * 8 + this.gates.size() * (2 * (this.dim + 1) + nodeOverhead(this.connectivity))
    return { rows: this.rows.bytes, graph: graph + gates }
  }

  /** Adds a card (centroids finite and non-zero; they are normalised and quantised here). */
  add (ref: T, centroids: readonly Float32Array[], gate?: CardGate): AnnSlot<T> {
    const key = this.freeKeys.pop() ?? this.slots.length
    const slot: AnnSlot<T> = { ref, key, rows: this.rows.add(centroids), gate, pending: true }
    this.slots[key] = slot
    this.pending.add(slot)
    return slot
  }

  /** Removes a card from the rows and both graphs; its key is reused by a later card. */
  remove (slot: AnnSlot<T>): void {
    if (this.slots[slot.key] !== slot) return
    this.rows.remove(slot.rows)
    if (slot.pending) {
      this.pending.delete(slot)
    } else {
      this.graph.remove(BigInt(slot.key))
      if (slot.gate !== undefined) {
        this.gates?.remove(BigInt(slot.key))
        this.gatedCount--
      }
    }
    this.slots[slot.key] = undefined
    this.freeKeys.push(slot.key)
  }

  /** The card's centroids, dequantised. */
  centroidsOf (slot: AnnSlot<T>): Float32Array[] {
    return this.rows.rowsOf(slot.rows)
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
    const qScale = this.rows.quantizeQuery(query, this.queryInt8)
    const seen = new Set<number>()
    const take = (keys: BigUint64Array): void => {
      for (const big of keys) {
        const key = Number(big)
        if (seen.has(key)) continue
        seen.add(key)
        const slot = this.slots[key]
        if (slot !== undefined) visit(slot.ref, this.rows.bestQuantized(slot.rows, this.queryInt8, qScale))
      }
    }
    let offered = 0
    if (this.graph.size() > 0) {
      const found = this.graph.search(query, Math.min(k, this.graph.size()), 1).keys
      offered = found.length
      take(found)
    }
    if (gates && this.gates !== undefined && this.gatedCount > 0) {
      this.gateQuery.set(query.subarray(0, this.dim))
      this.gateQuery[this.dim] = 1
      take(this.gates.search(this.gateQuery, Math.min(k, this.gatedCount), 1).keys)
    }
    return offered
  }

  /** Calls `visit` for every live card. */
  forEach (visit: (slot: AnnSlot<T>) => void): void {
    for (const slot of this.slots) if (slot !== undefined) visit(slot)
  }

  /** Visits every card with its best centroid cosine (exact on the int8 rows): the fallback when filters reject most candidates. */
  scan (query: Float32Array, visit: (ref: T, similarity: number) => void): void {
    const qScale = this.rows.quantizeQuery(query, this.queryInt8)
    for (const slot of this.slots) if (slot !== undefined) visit(slot.ref, this.rows.bestQuantized(slot.rows, this.queryInt8, qScale))
  }

  /** Puts the cards added since the last search into the graphs, in one batch on all cores. */
  flush (): void {
    if (this.pending.size === 0) return
    const batch = [...this.pending]
    this.pending.clear()
    const keys = new BigUint64Array(batch.length)
    const vectors = new Float32Array(batch.length * this.dim)
    const gated = batch.filter(s => s.gate !== undefined)
    batch.forEach((slot, i) => {
      keys[i] = BigInt(slot.key)
      vectors.set(this.rows.directionOf(slot.rows, this.direction), i * this.dim)
      slot.pending = false
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
      const gk = BigUint64Array.from(gated, s => BigInt(s.key))
      const gv = new Float32Array(gated.length * (this.dim + 1))
      gated.forEach((s, i) => { gv.set(gateVector(s.gate as CardGate), i * (this.dim + 1)) })
      this.gates.add(gk, gv, 0)
      this.gatedCount += gated.length
    }
  }
}

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
