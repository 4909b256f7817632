/**
 * An expert package loaded on this node: its model on an inference backend behind a micro-batcher, answering
 * queries with a distribution over its labels, and describing itself as an advert card.
 */
import type { CardData } from '../net/advert-types.js'
import type { AbortOptions, InferenceBackend } from '../onnx/backend.js'
import { InferenceError } from '../onnx/errors.js'
import { InvalidExpertQueryError } from './errors.js'
import type { ExpertPackage } from './expert-package.js'
import { EMBEDDING_INPUT, NGRAM_IDS_INPUT, NGRAM_WEIGHTS_INPUT, PROBABILITIES_OUTPUT } from './expert-model.js'
import { encodeFeatureBatch, featurize, type FeatureConfig } from './features.js'
import type { ExpertManifest } from './manifest.js'
import { MicroBatcher, type MicroBatcherInit, type MicroBatcherStats } from './micro-batcher.js'
import type { TensorMap } from '../onnx/tensor.js'

/**
 * Longest query text accepted, in UTF-16 code units. Featurizing reads at most the first 20,000 characters
 * (normalizeText); anything far longer is a mistake or an attack, refused before any work.
 */
export const MAX_QUERY_TEXT_CHARS = 100_000

/** A query for one expert: the text, and its embedding in the expert's space (required unless the expert reads only n-grams). */
export interface ExpertQuery {
  text: string
  /** The query embedding, `manifest.dim` long, in `manifest.spaceId`. */
  vector?: Float32Array
}

/** Options of {@link LocalExpert.open}: the micro-batcher's queue and batch bounds, and a signal for the load. */
export interface LocalExpertOptions extends MicroBatcherInit {
  signal?: AbortSignal
}

/**
 * A loaded expert.
 *
 * @example
 * ```ts
 * const expert = await LocalExpert.open(await loadExpertPackage(dir), backend)
 * const p = await expert.predict({ text: 'cheap meds', vector: (await embedder.embed(['cheap meds']))[0] })
 * const best = expert.manifest.labels[p.indexOf(Math.max(...p))]
 * await expert.close()
 * ```
 */
export class LocalExpert {
  /** The validated package this expert was loaded from. */
  readonly package: ExpertPackage
  private readonly batcher: MicroBatcher
  private readonly features?: FeatureConfig
  private closed = false

  private constructor (pkg: ExpertPackage, batcher: MicroBatcher) {
    this.package = pkg
    this.batcher = batcher
    this.features = pkg.manifest.features
  }

  /**
   * Loads the package's model on `backend` behind a micro-batcher.
   * @throws whatever the backend throws when the runtime refuses the model (ModelLoadError).
   */
  static async open (pkg: ExpertPackage, backend: InferenceBackend, options: LocalExpertOptions = {}): Promise<LocalExpert> {
    options.signal?.throwIfAborted()
    const { signal, ...init } = options
    const handle = await backend.load(pkg.modelBytes, { signal, label: pkg.manifest.name })
    let batcher: MicroBatcher
    try {
      batcher = new MicroBatcher(handle, init)
    } catch (err) {
      await handle.close()
      throw err
    }
    return new LocalExpert(pkg, batcher)
  }

  /** The expert's manifest. */
  get manifest (): ExpertManifest {
    return this.package.manifest
  }

  /** Hex sha256 of the model: the expert's id on the network. */
  get expertId (): string {
    return this.package.expertId
  }

  /**
   * Classifies one query. Returns probabilities aligned with `manifest.labels` (they sum to 1).
   * @throws {InvalidExpertQueryError} when the text or vector is malformed or missing.
   * @throws {OverloadedError} at once when the expert's queue is full.
   * @throws the signal's reason when aborted before the answer is in.
   */
  async predict (query: ExpertQuery, options: AbortOptions = {}): Promise<Float32Array> {
    options.signal?.throwIfAborted()
    const m = this.package.manifest
    const feeds = this.feedsFor(query, m)
    const out = (await this.batcher.run(feeds, options))[PROBABILITIES_OUTPUT]
    const C = m.labels.length
    if (out == null || out.type !== 'float32' || out.data.length !== C) {
      throw new InferenceError(`the model of ${m.name} returned ${out == null ? 'no' : out.data.length} probabilities for ${C} labels`)
    }
    for (let c = 0; c < C; c++) {
      if (!Number.isFinite(out.data[c])) throw new InferenceError(`the model of ${m.name} returned a non-finite probability`)
    }
    return out.data
  }

  /** Queue fill 0 (idle) .. 1 (full): how close the next query is to being refused. */
  load (): number {
    return this.batcher.load()
  }

  /** Micro-batcher counters (runs, rows, rejections, ...). */
  stats (): MicroBatcherStats {
    return this.batcher.stats()
  }

  /** The expert as advertised: identity, labels, capability vectors, price, current load, self-reported accuracy. */
  card (): CardData {
    const m = this.package.manifest
    return {
      expertId: this.package.expertId,
      name: m.name,
      version: m.version,
      task: m.task,
      description: m.description,
      labels: [...m.labels],
      spaceId: m.spaceId,
      centroids: this.package.centroids.map((c) => c.slice()),
      dim: m.dim,
      price: m.price,
      load: this.load(),
      inputKind: m.inputKind,
      accuracy: m.metrics?.heldOutAccuracy ?? 0
    }
  }

  /** Stops taking queries, fails queued ones, waits for the running batch and frees the model. Idempotent. */
  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.batcher.close()
  }

  private feedsFor (query: ExpertQuery, m: ExpertManifest): TensorMap {
    if (query == null || typeof query.text !== 'string') throw new InvalidExpertQueryError('the query needs a text string')
    if (query.text.length > MAX_QUERY_TEXT_CHARS) {
      throw new InvalidExpertQueryError(`the query text is ${query.text.length} characters; the limit is ${MAX_QUERY_TEXT_CHARS}`)
    }
    const feeds: TensorMap = {}
    if (m.inputKind !== 'ngrams') {
      const v = query.vector
      if (!(v instanceof Float32Array)) {
        throw new InvalidExpertQueryError(`expert ${m.name} reads the query embedding: send a vector of dim ${m.dim} in space ${m.spaceId.slice(0, 12)}…`)
      }
      if (v.length !== m.dim) throw new InvalidExpertQueryError(`the query vector has ${v.length} values but expert ${m.name} needs dim ${m.dim}`)
      for (let j = 0; j < v.length; j++) {
        if (!Number.isFinite(v[j])) throw new InvalidExpertQueryError(`the query vector holds a non-finite value at ${j}`)
      }
      feeds[EMBEDDING_INPUT] = { type: 'float32', data: Float32Array.from(v), dims: [1, m.dim] }
    }
    if (m.inputKind !== 'embedding') {
      const batch = encodeFeatureBatch([featurize(query.text, this.features as FeatureConfig)])
      feeds[NGRAM_IDS_INPUT] = batch.ids
      feeds[NGRAM_WEIGHTS_INPUT] = batch.weights
    }
    return feeds
  }
}
