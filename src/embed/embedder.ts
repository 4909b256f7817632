/**
 * The query embedder: tokenizer in TypeScript, ONNX model through an {@link InferenceBackend}. Every node embeds
 * queries and capability vectors with the same model file, whose sha256 is the space id.
 */
import { logger } from '@libp2p/logger'
import type { InferenceBackend, ModelHandle } from '../onnx/backend.js'
import { inspectModel } from '../onnx/onnx-writer.js'
import { floatTensor, int64Tensor } from '../onnx/tensor.js'
import { MAX_MODEL_BYTES, MAX_TEXTS_PER_CALL, RUN_BATCH } from './constants.js'
import { EMBEDDER_INPUTS, EMBEDDER_OUTPUT } from './embedder-model.js'
import { EmbedInputError, EmbedderModelError, EmbedderOutputError } from './errors.js'
import { spaceIdOf } from './space.js'
import { EmbedderTableModel } from './table-model.js'
import { EmbedderTokenizer, type EmbedderSettings } from './tokenizer.js'

const log = logger('moemesh:embed:embedder')

/** Options of {@link Embedder.fromModel}. */
export interface EmbedderLoadOptions {
  signal?: AbortSignal
  /**
   * Largest model file accepted, in bytes.
   * @default 536870912 (512 MiB; the default embedder is ~44 MB)
   */
  maxModelBytes?: number
  /**
   * Where the model runs: `'backend'` on the inference backend (an ONNX session, in a worker by default);
   * `'js'` in TypeScript on this thread from a copy of the model's two tables, with no ONNX session at all (the
   * lean choice for a node that hosts no expert: vectors agree with the session's to ~1e-7). Falls back to the
   * backend when the tables cannot be read that way.
   * @default 'backend'
   */
  compute?: 'backend' | 'js'
  /**
   * With `compute: 'js'`: the file the bytes were read from. The word table (most of the model) is then read
   * from it row by row as queries need them, instead of copied into memory.
   */
  modelPath?: string
}

/** Options of {@link Embedder.embed}. */
export interface EmbedOptions {
  signal?: AbortSignal
}

/**
 * Embeds texts into the shared space: unit-length (or all-zero for a text with no token) float32 vectors of
 * {@link Embedder.dim} values.
 *
 * @example
 * ```ts
 * const backend = createInferenceBackend({ mode: 'worker' })
 * const embedder = await Embedder.fromModel(bytes, backend)
 * const [v] = await embedder.embed(['how do I bake bread?'])
 * ```
 */
export class Embedder {
  /** Width of every vector. */
  readonly dim: number
  /** sha256 (hex) of the model bytes: the name of the space the vectors live in. */
  readonly spaceId: string
  /** Tokenizer settings restored from the model metadata. */
  readonly settings: Readonly<EmbedderSettings>
  /** The tokenizer restored from the model metadata. */
  readonly tokenizer: EmbedderTokenizer
  private readonly handle: ModelHandle
  /** Single-text calls waiting for the run in flight to finish; they then share one run. */
  private readonly waiting: Array<{ text: string, signal?: AbortSignal, resolve: (v: Float32Array) => void, reject: (e: unknown) => void }> = []
  private singleRunning = false

  private constructor (handle: ModelHandle, tokenizer: EmbedderTokenizer, spaceId: string) {
    this.handle = handle
    this.tokenizer = tokenizer
    this.settings = tokenizer.settings
    this.dim = tokenizer.dim
    this.spaceId = spaceId
  }

  /**
   * Validates embedder model bytes (interface, metadata), restores the tokenizer and loads the model into the
   * backend.
   * @throws {EmbedderModelError} when the bytes are not a moemesh embedder.
   */
  static async fromModel (bytes: Uint8Array, backend: InferenceBackend, options: EmbedderLoadOptions = {}): Promise<Embedder> {
    options.signal?.throwIfAborted()
    const maxBytes = options.maxModelBytes ?? MAX_MODEL_BYTES
    if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) throw new EmbedderModelError('the model is empty')
    if (bytes.byteLength > maxBytes) throw new EmbedderModelError(`the model is ${bytes.byteLength} bytes, over the ${maxBytes}-byte limit`)
    let summary: ReturnType<typeof inspectModel>
    try {
      summary = inspectModel(bytes)
    } catch (err) {
      throw new EmbedderModelError((err as Error).message, { cause: err })
    }
    const tokenizer = EmbedderTokenizer.fromMetadata(summary.metadata)
    const expected: Record<string, string> = { word_ids: 'int64', word_weights: 'float32', tri_ids: 'int64', tri_weights: 'float32' }
    const inputs = summary.inputs.map((i) => `${i.name}:${i.type}`).sort().join(',')
    const want = EMBEDDER_INPUTS.map((n) => `${n}:${expected[n]}`).sort().join(',')
    if (inputs !== want) throw new EmbedderModelError(`its inputs are [${inputs}], expected [${want}]`)
    const out = summary.outputs.find((o) => o.name === EMBEDDER_OUTPUT)
    if (out === undefined || out.type !== 'float32' || out.dims.length !== 2 || out.dims[1] !== tokenizer.dim) {
      throw new EmbedderModelError(`it has no float32 output "${EMBEDDER_OUTPUT}" of width ${tokenizer.dim}`)
    }
    const spaceId = spaceIdOf(bytes)
    const handle = (options.compute === 'js' ? EmbedderTableModel.fromModel(bytes, tokenizer.settings, options.modelPath) : undefined) ??
      await backend.load(bytes, { signal: options.signal, label: 'embedder' })
    log('loaded embedder %s (%d words, dim %d)', spaceId.slice(0, 12), tokenizer.settings.vocabSize, tokenizer.dim)
    return new Embedder(handle, tokenizer, spaceId)
  }

  /**
   * Embeds texts, one vector per text in input order. Texts longer than the normaliser's limit are truncated.
   * @throws {EmbedInputError} when `texts` is not an array of at most 4,096 strings.
   */
  async embed (texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    if (!Array.isArray(texts)) throw new EmbedInputError('texts must be an array of strings')
    if (texts.length > MAX_TEXTS_PER_CALL) throw new EmbedInputError(`${texts.length} texts in one call: embed at most ${MAX_TEXTS_PER_CALL} at a time`)
    for (let i = 0; i < texts.length; i++) {
      if (typeof texts[i] !== 'string') throw new EmbedInputError(`texts[${i}] is not a string`)
    }
    options.signal?.throwIfAborted()
    if (texts.length === 1) return [await this.single(texts[0], options.signal)]
    const out: Float32Array[] = []
    for (let start = 0; start < texts.length; start += RUN_BATCH) {
      options.signal?.throwIfAborted()
      out.push(...await this.run(texts.slice(start, start + RUN_BATCH), options))
    }
    return out
  }

  /**
   * One text, batched with the other single-text calls (queries) made while a run is in flight: under load a
   * node sends one run per batch to the model instead of one per query. Same vectors: rows do not interact.
   */
  private async single (text: string, signal?: AbortSignal): Promise<Float32Array> {
    const { promise, resolve, reject } = Promise.withResolvers<Float32Array>()
    const entry = { text, signal, resolve, reject }
    this.waiting.push(entry)
    const onAbort = (): void => {
      const at = this.waiting.indexOf(entry)
      if (at >= 0) this.waiting.splice(at, 1)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    if (!this.singleRunning) {
      this.singleRunning = true
      queueMicrotask(() => { void this.drain() })
    }
    try {
      return await promise
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }
  }

  /** Runs the waiting single-text calls, RUN_BATCH at a time, until none wait. */
  private async drain (): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, RUN_BATCH)
        try {
          const rows = await this.run(batch.map((e) => e.text), {})
          batch.forEach((e, i) => { e.resolve(rows[i]) })
        } catch (err) {
          for (const e of batch) e.reject(err)
        }
      }
    } finally {
      this.singleRunning = false
    }
  }

  private async run (texts: readonly string[], options: EmbedOptions): Promise<Float32Array[]> {
    const b = this.tokenizer.encode(texts)
    const feeds = {
      word_ids: int64Tensor(b.wordIds, [b.count, b.L]),
      word_weights: floatTensor(b.wordWeights, [b.count, b.L]),
      tri_ids: int64Tensor(b.triIds, [b.count, b.M]),
      tri_weights: floatTensor(b.triWeights, [b.count, b.M])
    }
    // The feeds were made for this run alone: a worker backend may take their buffers instead of copying them.
    const runOptions = { signal: options.signal, transfer: true }
    const result = await this.handle.run(feeds, runOptions)
    const y = result[EMBEDDER_OUTPUT]
    if (y === undefined || y.type !== 'float32') throw new EmbedderOutputError(`no float32 "${EMBEDDER_OUTPUT}"`)
    if (y.dims.length !== 2 || y.dims[0] !== b.count || y.dims[1] !== this.dim || y.data.length !== b.count * this.dim) {
      throw new EmbedderOutputError(`shape [${y.dims.join(', ')}], expected [${b.count}, ${this.dim}]`)
    }
    const rows: Float32Array[] = []
    for (let n = 0; n < b.count; n++) {
      const row = y.data.slice(n * this.dim, (n + 1) * this.dim)
      for (let d = 0; d < row.length; d++) if (!Number.isFinite(row[d])) throw new EmbedderOutputError('a non-finite value')
      rows.push(row)
    }
    return rows
  }

  /** Releases the model in the backend (the backend itself stays up). */
  async close (): Promise<void> {
    await this.handle.close()
  }
}
