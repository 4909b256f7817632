/**
 * The compact exact representation of centroids in a large embedding space: each centroid row as `dim` int8 values
 * and one float scale (`row ~ scale * int8s`), packed into fixed-size chunks. A 164-d centroid takes 168 bytes
 * instead of 672 (float32, padded), and a cosine computed from it is within ~1e-3 of the float one, which is
 * what re-ranking the ANN's candidates needs (see `ann-space.ts`).
 *
 * Cards are numbered by the caller (small integers, reused after removal) and located through typed arrays (10
 * bytes a card), not objects. Chunks are allocated one at a time and never doubled, so no allocation is ever larger
 * than one chunk and the unused tail is at most one chunk; a chunk whose dead rows outnumber its live ones is
 * compacted in place.
 */
import { int8Dot, type Int8Dots } from './int8-dots.js'

interface RowChunk {
  values: Int8Array
  scales: Float32Array
  used: number
  dead: number
  /** Live cards in the chunk. */
  cards: number
}

/** Rows per chunk: 16,384 x 164-d is ~2.7 MB, small enough that the last chunk's unused tail does not matter. */
export const CHUNK_ROWS = 16_384

/**
 * Int8 rows with a float scale each, in chunks of {@link CHUNK_ROWS} rows (or one card's rows, if more), for cards
 * numbered by the caller.
 */
export class QuantizedRows {
  readonly dim: number
  private readonly chunks: Array<RowChunk | undefined> = []
  /** The chunk that takes new rows. */
  private open = -1
  /** Per card id: its chunk, first row and row count (0 = no such card). */
  private chunkOf = new Int32Array(0)
  private startOf = new Int32Array(0)
  private countOf = new Uint16Array(0)
  private rows = 0
  private cards = 0

  constructor (dim: number) {
    this.dim = dim
  }

  /** Live cards. */
  get cardCount (): number {
    return this.cards
  }

  /** Bytes allocated for rows (values and scales, live, dead and not yet used) and for the per-card tables. */
  get bytes (): number {
    let b = this.chunkOf.byteLength + this.startOf.byteLength + this.countOf.byteLength
    for (const c of this.chunks) if (c !== undefined) b += c.values.byteLength + c.scales.byteLength
    return b
  }

  /** Live rows. */
  get rowCount (): number {
    return this.rows
  }

  /** Whether card `id` has rows here. */
  has (id: number): boolean {
    return id >= 0 && id < this.countOf.length && this.countOf[id] > 0
  }

  /** The number of rows of card `id` (0 when it has none). */
  rowCountOf (id: number): number {
    return id >= 0 && id < this.countOf.length ? this.countOf[id] : 0
  }

  /**
   * Stores card `id`'s centroids (1..65,535 of them, finite, non-zero), L2-normalised then quantised. `id` must be a
   * non-negative integer without rows here (ids need not be dense, but the tables grow to the largest).
   */
  add (id: number, centroids: readonly Float32Array[]): void {
    const n = centroids.length
    if (!Number.isInteger(id) || id < 0) throw new RangeError('card id must be a non-negative integer')
    if (n < 1 || n > 0xffff) throw new RangeError('a card needs 1..65535 rows')
    if (this.has(id)) throw new RangeError(`card ${id} already has rows`)
    this.ensureIds(id + 1)
    const ci = this.chunkWithRoom(n)
    const chunk = this.chunks[ci] as RowChunk
    const start = chunk.used
    const dim = this.dim
    for (let i = 0; i < n; i++) {
      const c = centroids[i]
      let norm = 0
      let max = 0
      for (let j = 0; j < dim; j++) {
        norm += c[j] * c[j]
        const a = Math.abs(c[j])
        if (a > max) max = a
      }
      const inv = 1 / Math.sqrt(norm)
      // Per-row scale from the largest component, so every row uses the whole int8 range.
      const q = 127 / (max * inv)
      const o = (start + i) * dim
      for (let j = 0; j < dim; j++) chunk.values[o + j] = Math.round(c[j] * inv * q)
      chunk.scales[start + i] = 1 / q
    }
    chunk.used += n
    chunk.cards++
    this.chunkOf[id] = ci
    this.startOf[id] = start
    this.countOf[id] = n
    this.rows += n
    this.cards++
  }

  /** Releases card `id`'s rows (reclaimed when its chunk is compacted or emptied). */
  remove (id: number): void {
    if (!this.has(id)) return
    const ci = this.chunkOf[id]
    const chunk = this.chunks[ci] as RowChunk
    const n = this.countOf[id]
    this.countOf[id] = 0
    chunk.dead += n
    chunk.cards--
    this.rows -= n
    this.cards--
    if (chunk.cards === 0) {
      // Keep the open chunk for reuse; drop empty closed ones.
      if (ci !== this.open) this.chunks[ci] = undefined
      else { chunk.used = 0; chunk.dead = 0 }
    } else if (chunk.dead * 2 > chunk.used) {
      this.compact(ci)
    }
  }

  /** The best cosine between an L2-normalised query and card `id`'s rows (float query; exact up to the rows' int8). */
  best (id: number, query: Float32Array): number {
    const chunk = this.chunks[this.chunkOf[id]] as RowChunk
    const { values, scales } = chunk
    const dim = this.dim
    let best = -Infinity
    for (let r = this.startOf[id], end = r + this.countOf[id]; r < end; r++) {
      const o = r * dim
      let s0 = 0
      let s1 = 0
      let j = 0
      for (; j + 1 < dim; j += 2) {
        s0 += values[o + j] * query[j]
        s1 += values[o + j + 1] * query[j + 1]
      }
      if (j < dim) s0 += values[o + j] * query[j]
      const s = (s0 + s1) * scales[r]
      if (s > best) best = s
    }
    return best
  }

  /**
   * Quantises an L2-normalised query to int8 (`query ~ scale * out`) for {@link bestQuantized} and {@link scoreMany};
   * returns the scale. The rounding moves a cosine by ~1e-4, well under the rows' own quantisation error.
   */
  quantizeQuery (query: Float32Array, out: Int8Array): number {
    const dim = this.dim
    let max = 0
    for (let j = 0; j < dim; j++) {
      const a = Math.abs(query[j])
      if (a > max) max = a
    }
    if (!(max > 0)) {
      out.fill(0)
      return 0
    }
    const q = 127 / max
    for (let j = 0; j < dim; j++) out[j] = Math.round(query[j] * q)
    return 1 / q
  }

  /**
   * {@link best} with a query from {@link quantizeQuery}: int8 x int8 products summed in int32 (exact: 164 x 127^2
   * is far below 2^31). The scan of a whole space uses it; re-ranking a candidate list uses {@link scoreMany}.
   */
  bestQuantized (id: number, query: Int8Array, queryScale: number): number {
    const chunk = this.chunks[this.chunkOf[id]] as RowChunk
    const { values, scales } = chunk
    const dim = this.dim
    let best = -Infinity
    for (let r = this.startOf[id], end = r + this.countOf[id]; r < end; r++) {
      const s = int8Dot(values, r * dim, query, dim) * scales[r]
      if (s > best) best = s
    }
    return best * queryScale
  }

  /**
   * The best cosine of each of `count` cards (`ids[i]`, each with rows here) into `out[i]`, for a query from
   * {@link quantizeQuery} (`queryScale` its scale): the cards' rows are copied into the kernel's scratch, one
   * `set` per card, and scored a batch at a time. Same values as {@link bestQuantized}.
   */
  scoreMany (ids: Int32Array, count: number, query: Int8Array, queryScale: number, dots: Int8Dots, out: Float32Array): void {
    const dim = this.dim
    dots.setQuery(query)
    const scratch = dots.rows
    const dotOut = dots.out
    const capacity = dots.rowCapacity
    let first = 0
    let filled = 0
    const finish = (end: number): void => {
      dots.dots(filled)
      let r = 0
      for (let i = first; i < end; i++) {
        const id = ids[i]
        const scales = (this.chunks[this.chunkOf[id]] as RowChunk).scales
        let best = -Infinity
        for (let s = this.startOf[id], e = s + this.countOf[id]; s < e; s++, r++) {
          const v = dotOut[r] * scales[s]
          if (v > best) best = v
        }
        out[i] = best * queryScale
      }
      first = end
      filled = 0
    }
    for (let i = 0; i < count; i++) {
      const id = ids[i]
      const n = this.countOf[id]
      if (n > capacity) {
        // A card wider than the whole scratch (not with the default sizes): score it directly.
        if (filled > 0) finish(i)
        out[i] = this.bestQuantized(id, query, queryScale)
        first = i + 1
        continue
      }
      if (filled + n > capacity) finish(i)
      const start = this.startOf[id]
      const values = (this.chunks[this.chunkOf[id]] as RowChunk).values
      scratch.set(values.subarray(start * dim, (start + n) * dim), filled * dim)
      filled += n
    }
    if (filled > 0 || first < count) finish(count)
  }

  /** Card `id`'s rows, dequantised (unit length to within the quantisation step). */
  rowsOf (id: number): Float32Array[] {
    const out: Float32Array[] = []
    if (!this.has(id)) return out
    const { values, scales } = this.chunks[this.chunkOf[id]] as RowChunk
    for (let r = this.startOf[id], end = r + this.countOf[id]; r < end; r++) {
      const row = new Float32Array(this.dim)
      const s = scales[r]
      for (let j = 0; j < this.dim; j++) row[j] = values[r * this.dim + j] * s
      out.push(row)
    }
    return out
  }

  /** The normalised mean of card `id`'s rows: the card's one vector in the ANN graph. */
  directionOf (id: number, out: Float32Array): Float32Array {
    out.fill(0)
    const { values, scales } = this.chunks[this.chunkOf[id]] as RowChunk
    const start = this.startOf[id]
    for (let r = start, end = start + this.countOf[id]; r < end; r++) {
      const s = scales[r]
      for (let j = 0; j < this.dim; j++) out[j] += values[r * this.dim + j] * s
    }
    let norm = 0
    for (let j = 0; j < this.dim; j++) norm += out[j] * out[j]
    // Opposite centroids can cancel: fall back to the first row, any direction of the card will do for candidates.
    if (!(norm > 1e-12)) {
      const s = scales[start]
      for (let j = 0; j < this.dim; j++) out[j] = values[start * this.dim + j] * s
      return out
    }
    const inv = 1 / Math.sqrt(norm)
    for (let j = 0; j < this.dim; j++) out[j] *= inv
    return out
  }

  private ensureIds (n: number): void {
    if (n <= this.countOf.length) return
    const size = Math.max(n, Math.ceil(this.countOf.length * 1.5), 1024)
    const grow = <A extends Int32Array | Uint16Array>(a: A, make: (n: number) => A): A => {
      const b = make(size)
      b.set(a)
      return b
    }
    this.chunkOf = grow(this.chunkOf, s => new Int32Array(s))
    this.startOf = grow(this.startOf, s => new Int32Array(s))
    this.countOf = grow(this.countOf, s => new Uint16Array(s))
  }

  /** Index of a chunk with room for `n` more rows, opening a new one when the open chunk is full. */
  private chunkWithRoom (n: number): number {
    const last = this.open >= 0 ? this.chunks[this.open] : undefined
    if (last !== undefined && last.used + n <= last.scales.length) return this.open
    if (last !== undefined && last.dead > 0 && last.used - last.dead + n <= last.scales.length) {
      this.compact(this.open)
      return this.open
    }
    const rows = Math.max(CHUNK_ROWS, n)
    const chunk: RowChunk = { values: new Int8Array(rows * this.dim), scales: new Float32Array(rows), used: 0, dead: 0, cards: 0 }
    let ci = this.chunks.indexOf(undefined)
    if (ci < 0) ci = this.chunks.length
    this.chunks[ci] = chunk
    // A full open chunk with no live cards would never be dropped: drop it now.
    if (last !== undefined && last.cards === 0) this.chunks[this.open] = undefined
    this.open = ci
    return ci
  }

  /** Moves a chunk's live rows down over dead ones, in row order (one pass over the card table). */
  private compact (ci: number): void {
    const chunk = this.chunks[ci] as RowChunk
    const dim = this.dim
    const live: number[] = []
    for (let id = 0; id < this.countOf.length; id++) if (this.countOf[id] > 0 && this.chunkOf[id] === ci) live.push(id)
    live.sort((a, b) => this.startOf[a] - this.startOf[b])
    let w = 0
    for (const id of live) {
      const start = this.startOf[id]
      const n = this.countOf[id]
      if (start !== w) {
        chunk.values.copyWithin(w * dim, start * dim, (start + n) * dim)
        chunk.scales.copyWithin(w, start, start + n)
        this.startOf[id] = w
      }
      w += n
    }
    chunk.used = w
    chunk.dead = 0
  }
}
