/**
 * An ONNX expert package loaded on this node: its model on an inference backend behind a micro-batcher,
 * answering queries with a distribution over its labels, and describing itself as an advert card.
 */
import type { CardData } from '../net/advert-types.js'
import type { AbortOptions, InferenceBackend } from '../onnx/backend.js'
import { InferenceError } from '../onnx/errors.js'
import { ExpertPackageError } from './errors.js'
import { checkExpertQuery, expertCard, packageCompetence, temperedAnswer, type CompetenceScores, type Expert, type ExpertQuery } from './expert.js'
import { PrivateCompetence } from './private-competence.js'
import type { ExpertPackage, OnnxExpertPackage } from './expert-package.js'
import { EMBEDDING_INPUT, NGRAM_IDS_INPUT, NGRAM_WEIGHTS_INPUT, PROBABILITIES_OUTPUT } from './expert-model.js'
import { encodeFeatureBatch, featurizePacked, sameFeatureConfig, type FeatureConfig, type PackedFeatures } from './features.js'
import type { ExpertManifest, InputKind } from './manifest.js'
import { MicroBatcher, type MicroBatcherInit, type MicroBatcherStats, type TextSpec } from './micro-batcher.js'
import type { TensorMap } from '../onnx/tensor.js'

export { MAX_QUERY_TEXT_CHARS } from './expert.js'
export type { ExpertQuery } from './expert.js'

/** Options of {@link LocalExpert.open}: the micro-batcher's queue and batch bounds, and a signal for the load. */
export interface LocalExpertOptions extends MicroBatcherInit {
  signal?: AbortSignal
}

/**
 * A loaded ONNX expert.
 *
 * @example
 * ```ts
 * const expert = await LocalExpert.open(await loadExpertPackage(dir), backend)
 * const p = await expert.predict({ text: 'cheap meds', vector: (await embedder.embed(['cheap meds']))[0] })
 * const best = expert.manifest.labels[p.indexOf(Math.max(...p))]
 * await expert.close()
 * ```
 */
export class LocalExpert implements Expert {
  readonly kind = 'onnx' as const
  /** The validated package this expert was loaded from. */
  readonly package: OnnxExpertPackage
  private readonly batcher: MicroBatcher
  private readonly features?: FeatureConfig
  /** How the model's n-gram inputs are made from a query text (built once: the batcher keys its runs by it). */
  private readonly textSpec?: Readonly<TextSpec>
  private readonly privateCompetence?: PrivateCompetence
  /**
   * The model's features of the last few query texts: a query's answer and its competence read the same text,
   * and the private character index hashes it exactly as the model does (same config), so it is hashed once.
   */
  private readonly recent = new Map<string, PackedFeatures>()
  private closed = false

  private constructor (pkg: OnnxExpertPackage, batcher: MicroBatcher, priv: PrivateCompetence | undefined) {
    this.package = pkg
    this.batcher = batcher
    this.features = pkg.manifest.features
    if (this.features != null) this.textSpec = Object.freeze({ config: this.features, idsInput: NGRAM_IDS_INPUT, weightsInput: NGRAM_WEIGHTS_INPUT })
    this.privateCompetence = priv
  }

  /**
   * Loads the package's model on `backend` behind a micro-batcher.
   * @throws {ExpertPackageError} for a package served over HTTP (open it with openExpertPackage); whatever the
   * backend throws when the runtime refuses the model (ModelLoadError).
   */
  static async open (pkg: ExpertPackage, backend: InferenceBackend, options: LocalExpertOptions = {}): Promise<LocalExpert> {
    options.signal?.throwIfAborted()
    if (pkg.kind !== 'onnx') {
      throw new ExpertPackageError('is served over HTTP, not by model.onnx; open it with openExpertPackage', { file: pkg.dir, field: 'serving' })
    }
    const { signal, ...init } = options
    // the private kNN indexes first: featurizing the own texts may take a second or two for a large expert
    const priv = pkg.competence?.private != null ? await PrivateCompetence.open(pkg.competence.private, { signal }) : undefined
    const handle = await backend.load(pkg.modelBytes, { signal, label: pkg.manifest.name })
    let batcher: MicroBatcher
    try {
      batcher = new MicroBatcher(handle, init)
    } catch (err) {
      await handle.close()
      throw err
    }
    return new LocalExpert(pkg, batcher, priv)
  }

  /** The expert's manifest. */
  get manifest (): ExpertManifest {
    return this.package.manifest
  }

  /** Hex sha256 of the model: the expert's id on the network. */
  get expertId (): string {
    return this.package.expertId
  }

  /** An `ngrams` model reads only its own hashed n-grams of the text; the others read the query embedding. */
  get needsVector (): boolean {
    return this.package.manifest.inputKind !== 'ngrams'
  }

  /** Credits per answered query. */
  get price (): number {
    return this.package.manifest.price
  }

  /**
   * Classifies one query. Returns probabilities aligned with `manifest.labels` (they sum to 1), scaled by the
   * package's fitted temperature.
   * @throws {InvalidExpertQueryError} when the text or vector is malformed or missing.
   * @throws {OverloadedError} at once when the expert's queue is full.
   * @throws the signal's reason when aborted before the answer is in.
   */
  async predict (query: ExpertQuery, options: AbortOptions = {}): Promise<Float32Array> {
    options.signal?.throwIfAborted()
    const m = this.package.manifest
    const v = checkExpertQuery(query, m, this.needsVector)
    const feeds: TensorMap = {}
    if (v != null) feeds[EMBEDDING_INPUT] = { type: 'float32', data: Float32Array.from(v), dims: [1, m.dim] }
    // n-gram models: the text is featurized where the model runs (the inference worker), not on this thread,
    // unless its competence was just asked and the features are memoised here (no second featurization)
    const known = m.inputKind === 'embedding' ? undefined : this.recent.get(query.text as string)
    if (known !== undefined) {
      const batch = encodeFeatureBatch([known])
      feeds[NGRAM_IDS_INPUT] = batch.ids
      feeds[NGRAM_WEIGHTS_INPUT] = batch.weights
    }
    const outputs = m.inputKind === 'embedding' || known !== undefined
      ? await this.batcher.run(feeds, options)
      : await this.batcher.runTextRow(feeds, query.text, this.textSpec as TextSpec, options)
    const out = outputs[PROBABILITIES_OUTPUT]
    const C = m.labels.length
    if (out == null || out.type !== 'float32' || out.data.length !== C) {
      throw new InferenceError(`the model of ${m.name} returned ${out == null ? 'no' : out.data.length} probabilities for ${C} labels`)
    }
    for (let c = 0; c < C; c++) {
      if (!Number.isFinite(out.data[c])) throw new InferenceError(`the model of ${m.name} returned a non-finite probability`)
    }
    return temperedAnswer(out.data, m)
  }

  /**
   * The mean cosine of the 10 nearest of the owner's own training inputs (competence.bin) to `query.vector`, and
   * with private data the word n-gram kNN score and the in-domain score of `query.text`; runs no model.
   * Undefined when the package has no competence data.
   * @throws {InvalidExpertQueryError} when the vector is missing or malformed.
   */
  async competence (query: ExpertQuery, options: AbortOptions = {}): Promise<CompetenceScores | undefined> {
    const own = this.features
    const text = query.text
    const known = own == null || typeof text !== 'string'
      ? undefined
      : (config: Readonly<FeatureConfig>): PackedFeatures | undefined => sameFeatureConfig(config, own) ? this.featuresOf(text, own) : undefined
    return packageCompetence(this.package.competence, this.privateCompetence, query, this.package.manifest, options.signal, known)
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
    // an ONNX package's manifest holds a model input kind (validation refuses "text" without "serving")
    return expertCard({ ...this.package, modelSha256: this.package.expertId }, this.load(), this.package.manifest.inputKind as InputKind)
  }

  /** Stops taking queries, fails queued ones, waits for the running batch and frees the model. Idempotent. */
  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.batcher.close()
  }

  /** The model's features of `text`, from the memo of recent texts when there. */
  private featuresOf (text: string, config: FeatureConfig): PackedFeatures {
    const hit = this.recent.get(text)
    if (hit !== undefined) return hit
    const features = featurizePacked(text, config)
    if (this.recent.size >= RECENT_TEXTS) this.recent.delete(this.recent.keys().next().value as string)
    this.recent.set(text, features)
    return features
  }
}

/**
 * Texts whose features are memoised: the queries in flight on a busy node (a 64-query batch, each answered and
 * then scored): ~2 MB for 1,000-character emails, at most ~13 MB (20,000-character texts, 8,192 features each).
 */
const RECENT_TEXTS = 128
