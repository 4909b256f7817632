import { DIM_ALIGN, defaultDotKernel, type DotBuffer, type DotKernel } from './dot-kernel.js'

/** Where one card's centroids live in a {@link SpaceMatrix}. Opaque to callers. */
export interface MatrixSlot<T> {
  ref: T
  /** First row of this card's centroids. */
  rowStart: number
  rowCount: number
  /** Position in the dense card list (for O(1) removal). */
  pos: number
}

const MIN_CAPACITY_ROWS = 256
/**
 * Growth factor when full. Not 2: a doubled buffer is half empty right after growing (issue 11 measured ~7 KB of
 * 14 KB per card as empty doubling); 1.25 keeps the unused tail under a fifth while copies stay amortised O(1).
 * The matrix only serves spaces below the ANN threshold, so it never nears WebAssembly's 4 GiB limit.
 */
const GROWTH = 1.25
/** Compact once this many dead rows exist and they outnumber the live ones. */
const COMPACT_MIN_DEAD_ROWS = 1_024

function roundUp (n: number, to: number): number {
  return Math.ceil(n / to) * to
}

/**
 * All centroids of one embedding space, packed row-major into a single scannable buffer (rows padded to
 * {@link DIM_ALIGN} floats). Adding a card appends rows; removing one marks its rows dead; the buffer is compacted
 * when dead rows dominate and reallocated 1.25x larger when full. One scan costs one kernel call over all rows.
 */
export class SpaceMatrix<T> {
  readonly dim: number
  readonly dimPad: number
  private readonly kernel: DotKernel
  private buf: DotBuffer
  private capacityRows: number
  private usedRows = 0
  private deadRows = 0
  private readonly slots: Array<MatrixSlot<T>> = []

  constructor (dim: number, kernel: DotKernel = defaultDotKernel()) {
    this.dim = dim
    this.dimPad = roundUp(dim, DIM_ALIGN)
    this.kernel = kernel
    this.capacityRows = MIN_CAPACITY_ROWS
    this.buf = this.kernel.allocate(this.layoutFloats(this.capacityRows))
  }

  /** Live cards. */
  get cardCount (): number {
    return this.slots.length
  }

  /** Bytes allocated for the packed rows, query and scores (live, dead and not yet used). */
  get bytes (): number {
    return this.layoutFloats(this.capacityRows) * 4
  }

  /** Bytes the live rows need (dim padded), for comparison with {@link bytes}. */
  get liveBytes (): number {
    return (this.usedRows - this.deadRows) * this.dimPad * 4
  }

  /** Calls `visit` for every live card. */
  forEach (visit: (slot: MatrixSlot<T>) => void): void {
    for (const slot of this.slots) visit(slot)
  }

  /** A card's centroids as stored (L2-normalised), copied out. */
  centroidsOf (slot: MatrixSlot<T>): Float32Array[] {
    const out: Float32Array[] = []
    for (let i = 0; i < slot.rowCount; i++) {
      const o = this.dataOff + (slot.rowStart + i) * this.dimPad
      out.push(this.buf.f32.slice(o, o + this.dim))
    }
    return out
  }

  /** Which kernel scans this matrix. */
  get kernelKind (): DotKernel['kind'] {
    return this.kernel.kind
  }

  /** Adds a card's centroids (each of length `dim`, finite, non-zero); they are L2-normalised on the way in. */
  add (ref: T, centroids: readonly Float32Array[]): MatrixSlot<T> {
    const n = centroids.length
    if (this.usedRows + n > this.capacityRows) this.makeRoom(n)
    const rowStart = this.usedRows
    const f32 = this.buf.f32
    for (let i = 0; i < n; i++) {
      const c = centroids[i]
      let norm = 0
      for (let j = 0; j < this.dim; j++) norm += c[j] * c[j]
      const inv = 1 / Math.sqrt(norm)
      const o = this.dataOff + (rowStart + i) * this.dimPad
      for (let j = 0; j < this.dim; j++) f32[o + j] = c[j] * inv
      f32.fill(0, o + this.dim, o + this.dimPad)
    }
    this.usedRows += n
    const slot: MatrixSlot<T> = { ref, rowStart, rowCount: n, pos: this.slots.length }
    this.slots.push(slot)
    return slot
  }

  /** Removes a card; its rows are reclaimed by a later compaction. */
  remove (slot: MatrixSlot<T>): void {
    const last = this.slots.pop()
    if (last === undefined) return
    if (last !== slot) {
      this.slots[slot.pos] = last
      last.pos = slot.pos
    }
    slot.pos = -1
    this.deadRows += slot.rowCount
    if (this.deadRows >= COMPACT_MIN_DEAD_ROWS && this.deadRows * 2 > this.usedRows) this.compact()
  }

  /**
   * Scores every live card against `query` (length `dim`, already L2-normalised): `visit(ref, best)` gets the
   * highest dot product over the card's centroids.
   */
  scan (query: Float32Array, visit: (ref: T, similarity: number) => void): void {
    if (this.slots.length === 0) return
    const f32 = this.buf.f32
    f32.set(query.subarray(0, this.dim), 0)
    f32.fill(0, this.dim, this.dimPad)
    this.buf.dots(0, this.dataOff, this.usedRows, this.dimPad, this.outOff)
    const out = this.outOff
    for (const slot of this.slots) {
      let best = -Infinity
      const end = out + slot.rowStart + slot.rowCount
      for (let r = out + slot.rowStart; r < end; r++) {
        if (f32[r] > best) best = f32[r]
      }
      visit(slot.ref, best)
    }
  }

  // Layout: [query: dimPad][scores: capacity rounded to 4][rows: capacity x dimPad]
  private get outOff (): number {
    return this.dimPad
  }

  private get dataOff (): number {
    return this.dimPad + roundUp(this.capacityRows, 4)
  }

  private layoutFloats (capacityRows: number): number {
    return this.dimPad + roundUp(capacityRows, 4) + capacityRows * this.dimPad
  }

  private makeRoom (extra: number): void {
    const live = this.usedRows - this.deadRows
    if (live + extra <= this.capacityRows * 0.75) {
      this.compact()
      return
    }
    const capacity = roundUp(Math.max(Math.ceil(this.capacityRows * GROWTH), live + extra), MIN_CAPACITY_ROWS)
    const next = this.kernel.allocate(this.layoutFloats(capacity))
    const nextDataOff = this.dimPad + roundUp(capacity, 4)
    let w = 0
    for (const slot of [...this.slots].sort((a, b) => a.rowStart - b.rowStart)) {
      const from = this.dataOff + slot.rowStart * this.dimPad
      next.f32.set(this.buf.f32.subarray(from, from + slot.rowCount * this.dimPad), nextDataOff + w * this.dimPad)
      slot.rowStart = w
      w += slot.rowCount
    }
    this.buf = next
    this.capacityRows = capacity
    this.usedRows = w
    this.deadRows = 0
  }

  /** Moves live rows down over dead ones, in row order (so copyWithin never overwrites rows not yet moved). */
  private compact (): void {
    const f32 = this.buf.f32
    let w = 0
    for (const slot of [...this.slots].sort((a, b) => a.rowStart - b.rowStart)) {
      if (slot.rowStart !== w) {
        const from = this.dataOff + slot.rowStart * this.dimPad
        f32.copyWithin(this.dataOff + w * this.dimPad, from, from + slot.rowCount * this.dimPad)
        slot.rowStart = w
      }
      w += slot.rowCount
    }
    this.usedRows = w
    this.deadRows = 0
  }
}
