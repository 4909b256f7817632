/**
 * The compact exact representation of centroids in a large embedding space: each centroid row as `dim` int8 values
 * and one float scale (`row ~ scale * int8s`), packed into fixed-size chunks. A 164-d centroid takes 168 bytes
 * instead of 672 (float32, padded), and a cosine computed from it is within ~1e-3 of the float one, which is
 * what re-ranking the ANN's candidates needs (see `ann-space.ts`).
 *
 * Chunks are allocated one at a time and never doubled, so no allocation is ever larger than one chunk and the
 * unused tail is at most one chunk; a chunk whose dead rows outnumber its live ones is compacted in place.
 */

/** Where one card's rows live. Opaque to callers. */
export interface RowSlot {
  chunk: RowChunk
  rowStart: number
  rowCount: number
  /** Position in its chunk's slot list (for O(1) removal). */
  pos: number
}

interface RowChunk {
  values: Int8Array
  scales: Float32Array
  used: number
  dead: number
  slots: RowSlot[]
}

/** Rows per chunk: 16,384 x 164-d is ~2.7 MB, small enough that the last chunk's unused tail does not matter. */
export const CHUNK_ROWS = 16_384

/**
 * Int8 rows with a float scale each, in chunks of {@link CHUNK_ROWS} rows (or one card's rows, if more).
 */
export class QuantizedRows {
  readonly dim: number
  private readonly chunks: RowChunk[] = []
  private rows = 0
  private cards = 0

  constructor (dim: number) {
    this.dim = dim
  }

  /** Live cards. */
  get cardCount (): number {
    return this.cards
  }

  /** Bytes allocated for rows (values and scales, live, dead and not yet used). */
  get bytes (): number {
    let b = 0
    for (const c of this.chunks) b += c.values.byteLength + c.scales.byteLength
    return b
  }

  /** Live rows. */
  get rowCount (): number {
    return this.rows
  }

  /** Stores a card's centroids (finite, non-zero), L2-normalised then quantised. */
  add (centroids: readonly Float32Array[]): RowSlot {
    const n = centroids.length
    const chunk = this.chunkWithRoom(n)
    const slot: RowSlot = { chunk, rowStart: chunk.used, rowCount: n, pos: chunk.slots.length }
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
      const o = (slot.rowStart + i) * dim
      for (let j = 0; j < dim; j++) chunk.values[o + j] = Math.round(c[j] * inv * q)
      chunk.scales[slot.rowStart + i] = 1 / q
    }
    chunk.used += n
    chunk.slots.push(slot)
    this.rows += n
    this.cards++
    return slot
  }

  /** Releases a card's rows (reclaimed when its chunk is compacted or emptied). */
  remove (slot: RowSlot): void {
    const chunk = slot.chunk
    const last = chunk.slots.pop()
    if (last === undefined) return
    if (last !== slot) {
      chunk.slots[slot.pos] = last
      last.pos = slot.pos
    }
    slot.pos = -1
    chunk.dead += slot.rowCount
    this.rows -= slot.rowCount
    this.cards--
    if (chunk.slots.length === 0) {
      const i = this.chunks.indexOf(chunk)
      // Keep the last (open) chunk for reuse; drop empty closed ones.
      if (i !== this.chunks.length - 1) this.chunks.splice(i, 1)
      else { chunk.used = 0; chunk.dead = 0 }
    } else if (chunk.dead * 2 > chunk.used) {
      this.compact(chunk)
    }
  }

  /** The best cosine between an L2-normalised query and the card's rows. */
  best (slot: RowSlot, query: Float32Array): number {
    const { values, scales } = slot.chunk
    const dim = this.dim
    let best = -Infinity
    for (let r = slot.rowStart, end = slot.rowStart + slot.rowCount; r < end; r++) {
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
   * Quantises an L2-normalised query to int8 (`query ~ scale * out`) for {@link bestQuantized}; returns the scale.
   * The rounding moves a cosine by ~1e-4, well under the rows' own quantisation error.
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
   * is far below 2^31), about twice as fast in V8 as int8 x float, which is what re-ranking hundreds of candidates needs.
   */
  bestQuantized (slot: RowSlot, query: Int8Array, queryScale: number): number {
    const { values, scales } = slot.chunk
    const dim = this.dim
    let best = -Infinity
    for (let r = slot.rowStart, end = slot.rowStart + slot.rowCount; r < end; r++) {
      const o = r * dim
      let s0 = 0
      let s1 = 0
      let s2 = 0
      let s3 = 0
      let j = 0
      for (; j + 3 < dim; j += 4) {
        s0 = (s0 + values[o + j] * query[j]) | 0
        s1 = (s1 + values[o + j + 1] * query[j + 1]) | 0
        s2 = (s2 + values[o + j + 2] * query[j + 2]) | 0
        s3 = (s3 + values[o + j + 3] * query[j + 3]) | 0
      }
      for (; j < dim; j++) s0 = (s0 + values[o + j] * query[j]) | 0
      const s = (s0 + s1 + s2 + s3) * scales[r]
      if (s > best) best = s
    }
    return best * queryScale
  }

  /** The card's rows, dequantised (unit length to within the quantisation step). */
  rowsOf (slot: RowSlot): Float32Array[] {
    const out: Float32Array[] = []
    const { values, scales } = slot.chunk
    for (let r = slot.rowStart; r < slot.rowStart + slot.rowCount; r++) {
      const row = new Float32Array(this.dim)
      const s = scales[r]
      for (let j = 0; j < this.dim; j++) row[j] = values[r * this.dim + j] * s
      out.push(row)
    }
    return out
  }

  /** The normalised mean of the card's rows: the card's one vector in the ANN graph. */
  directionOf (slot: RowSlot, out: Float32Array): Float32Array {
    out.fill(0)
    const { values, scales } = slot.chunk
    for (let r = slot.rowStart; r < slot.rowStart + slot.rowCount; r++) {
      const s = scales[r]
      for (let j = 0; j < this.dim; j++) out[j] += values[r * this.dim + j] * s
    }
    let norm = 0
    for (let j = 0; j < this.dim; j++) norm += out[j] * out[j]
    // Opposite centroids can cancel: fall back to the first row, any direction of the card will do for candidates.
    if (!(norm > 1e-12)) {
      const s = scales[slot.rowStart]
      for (let j = 0; j < this.dim; j++) out[j] = values[slot.rowStart * this.dim + j] * s
      return out
    }
    const inv = 1 / Math.sqrt(norm)
    for (let j = 0; j < this.dim; j++) out[j] *= inv
    return out
  }

  /** Calls `visit` for every live slot. */
  forEach (visit: (slot: RowSlot) => void): void {
    for (const c of this.chunks) for (const s of c.slots) visit(s)
  }

  private chunkWithRoom (n: number): RowChunk {
    const last = this.chunks.at(-1)
    if (last !== undefined && last.used + n <= last.scales.length) return last
    if (last !== undefined && last.dead > 0 && last.used - last.dead + n <= last.scales.length) {
      this.compact(last)
      return last
    }
    const rows = Math.max(CHUNK_ROWS, n)
    const chunk: RowChunk = { values: new Int8Array(rows * this.dim), scales: new Float32Array(rows), used: 0, dead: 0, slots: [] }
    this.chunks.push(chunk)
    return chunk
  }

  /** Moves live rows down over dead ones, in row order. */
  private compact (chunk: RowChunk): void {
    const dim = this.dim
    let w = 0
    for (const slot of [...chunk.slots].sort((a, b) => a.rowStart - b.rowStart)) {
      if (slot.rowStart !== w) {
        chunk.values.copyWithin(w * dim, slot.rowStart * dim, (slot.rowStart + slot.rowCount) * dim)
        chunk.scales.copyWithin(w, slot.rowStart, slot.rowStart + slot.rowCount)
        slot.rowStart = w
      }
      w += slot.rowCount
    }
    chunk.used = w
    chunk.dead = 0
  }
}
