/**
 * The embedder graph evaluated in TypeScript on the calling thread, from the model's own tables: for a node that
 * hosts no expert, so it needs neither an ONNX runtime nor an inference worker (nor their copies of the model)
 * to embed its users' queries. Same formula as embedder-model.ts's graph:
 *
 * ```
 * glove = unit(sum_l word_weights[l] * word_table[word_ids[l]]) * sum_l word_weights[l]
 * tri   = unit(sum_m tri_weights[m] * tri_table[tri_ids[m]])
 * out   = unit(concat(alpha * glove, beta * tri))
 * ```
 *
 * Sums run in float64 and are rounded to float32 once, where onnxruntime rounds each float32 step: the vectors
 * agree to ~1e-7 per component (test/unit/embed/table-model.test.ts checks it against onnxruntime).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import type { AbortOptions, ModelHandle } from '../onnx/backend.js'
import { locateInitializer } from '../onnx/onnx-writer.js'
import type { TensorMap } from '../onnx/tensor.js'
import { EMBEDDER_INPUTS, EMBEDDER_OUTPUT } from './embedder-model.js'
import { EmbedderOutputError } from './errors.js'
import type { EmbedderSettings } from './tokenizer.js'

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/** A float32 table copied out of the model bytes (aligned, owned: the bytes may then be dropped). */
function tableOf (bytes: Uint8Array, name: string, rows: number, dim: number): Float32Array | undefined {
  const at = locateInitializer(bytes, name)
  if (at == null || at.dims.length !== 2 || at.dims[0] !== rows || at.dims[1] !== dim) return undefined
  const start = bytes.byteOffset + at.offset
  return new Float32Array(bytes.buffer.slice(start, start + at.length))
}

/** Word rows kept in memory when the word table is read from the file: ~6.5 MB of the most recently used. */
const CACHED_WORD_ROWS = 16_384

/**
 * The word table read row by row from the model file (positioned reads, most recent rows cached): the table is
 * most of the model (~41 of 45 MB) and a query touches a few dozen rows.
 */
class FileRows {
  private readonly cache = new Map<number, Float32Array>()
  private readonly buffer: Buffer

  constructor (private readonly fd: number, private readonly offset: number, private readonly dim: number) {
    this.buffer = Buffer.alloc(dim * 4)
  }

  row (id: number): Float32Array {
    let row = this.cache.get(id)
    if (row !== undefined) {
      // most recently used last: the Map's first key is the one to evict
      this.cache.delete(id)
      this.cache.set(id, row)
      return row
    }
    const bytes = this.dim * 4
    if (readSync(this.fd, this.buffer, 0, bytes, this.offset + id * bytes) !== bytes) throw new EmbedderOutputError('the embedder file is shorter than its table')
    row = new Float32Array(this.dim)
    for (let d = 0; d < this.dim; d++) row[d] = this.buffer.readFloatLE(d * 4)
    if (this.cache.size >= CACHED_WORD_ROWS) this.cache.delete(this.cache.keys().next().value as number)
    this.cache.set(id, row)
    return row
  }

  close (): void {
    closeSync(this.fd)
  }
}

/** The embedder model as a {@link ModelHandle} that computes in TypeScript. */
export class EmbedderTableModel implements ModelHandle {
  readonly inputNames: readonly string[] = EMBEDDER_INPUTS
  readonly outputNames: readonly string[] = [EMBEDDER_OUTPUT]
  private closed = false

  private constructor (
    private readonly wordTable: Float32Array | FileRows,
    private readonly triTable: Float32Array,
    private readonly settings: Readonly<EmbedderSettings>
  ) {}

  /**
   * The tables of a moemesh embedder model (validated by the caller), or undefined when they are not stored the
   * way this evaluator reads them (then run the model on a backend).
   */
  static fromModel (bytes: Uint8Array, settings: Readonly<EmbedderSettings>, modelPath?: string): EmbedderTableModel | undefined {
    if (!LITTLE_ENDIAN) return undefined
    const tris = tableOf(bytes, 'tri_table', settings.triBuckets + 1, settings.triDim)
    if (tris == null) return undefined
    if (modelPath != null) {
      // `bytes` are this file's contents (the caller read them): the table's offset in them is its offset there
      const at = locateInitializer(bytes, 'word_table')
      if (at == null || at.dims.length !== 2 || at.dims[0] !== settings.vocabSize + 1 || at.dims[1] !== settings.wordDim) return undefined
      const fd = openSync(modelPath, 'r')
      if (fstatSync(fd).size !== bytes.byteLength) {
        closeSync(fd) // replaced since it was read: copy the table from the bytes instead
      } else {
        return new EmbedderTableModel(new FileRows(fd, at.offset, settings.wordDim), tris, settings)
      }
    }
    const words = tableOf(bytes, 'word_table', settings.vocabSize + 1, settings.wordDim)
    if (words == null) return undefined
    return new EmbedderTableModel(words, tris, settings)
  }

  async run (feeds: TensorMap, options: AbortOptions = {}): Promise<TensorMap> {
    options.signal?.throwIfAborted()
    if (this.closed) throw new EmbedderOutputError('the embedder was closed')
    const { wordDim, triDim, alpha, beta, vocabSize, triBuckets } = this.settings
    const wordIds = feeds.word_ids
    const wordWeights = feeds.word_weights
    const triIds = feeds.tri_ids
    const triWeights = feeds.tri_weights
    const N = wordIds.dims[0]
    const L = wordIds.dims[1]
    const M = triIds.dims[1]
    const dim = wordDim + triDim
    const out = new Float32Array(N * dim)
    const g = new Float64Array(wordDim)
    const t = new Float64Array(triDim)
    const W = this.wordTable
    const T = this.triTable
    for (let n = 0; n < N; n++) {
      g.fill(0)
      t.fill(0)
      let known = 0
      for (let l = 0; l < L; l++) {
        const w = wordWeights.data[n * L + l] as number
        known += w
        const id = Number(wordIds.data[n * L + l])
        if (w === 0 || id === 0) continue
        if (!(id > 0 && id <= vocabSize)) throw new EmbedderOutputError(`word id ${id} is outside the table`)
        if (W instanceof Float32Array) {
          const row = id * wordDim
          for (let d = 0; d < wordDim; d++) g[d] += w * W[row + d]
        } else {
          const r = W.row(id)
          for (let d = 0; d < wordDim; d++) g[d] += w * r[d]
        }
      }
      for (let m = 0; m < M; m++) {
        const w = triWeights.data[n * M + m] as number
        const id = Number(triIds.data[n * M + m])
        if (w === 0 || id === 0) continue
        if (!(id > 0 && id <= triBuckets)) throw new EmbedderOutputError(`trigram id ${id} is outside the table`)
        const row = id * triDim
        for (let d = 0; d < triDim; d++) t[d] += w * T[row + d]
      }
      let gn = 0
      for (let d = 0; d < wordDim; d++) gn += g[d] * g[d]
      let tn = 0
      for (let d = 0; d < triDim; d++) tn += t[d] * t[d]
      // unit rows (an all-zero row stays zero), then the weighted concatenation, then unit again
      const gs = gn > 0 ? alpha * Math.fround(known) / Math.sqrt(gn) : 0
      const ts = tn > 0 ? beta / Math.sqrt(tn) : 0
      let jn = 0
      for (let d = 0; d < wordDim; d++) { g[d] *= gs; jn += g[d] * g[d] }
      for (let d = 0; d < triDim; d++) { t[d] *= ts; jn += t[d] * t[d] }
      const inv = jn > 0 ? 1 / Math.sqrt(jn) : 0
      const o = n * dim
      for (let d = 0; d < wordDim; d++) out[o + d] = g[d] * inv
      for (let d = 0; d < triDim; d++) out[o + wordDim + d] = t[d] * inv
    }
    return { [EMBEDDER_OUTPUT]: { type: 'float32', data: out, dims: [N, dim] } }
  }

  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.wordTable instanceof FileRows) this.wordTable.close()
  }
}
