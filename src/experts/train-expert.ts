/**
 * Making an expert from labelled text, end to end: validate the examples, hold out a stratified test split,
 * embed with the network's shared embedder, hash private n-gram features, train, export ONNX, measure held-out
 * accuracy BY RUNNING THE EXPORTED MODEL through an inference backend (the number users will get), compute
 * capability vectors from the training inputs, and write the package.
 */
import { logger } from '@libp2p/logger'
import { InvalidOptionError } from '../errors.js'
import type { InferenceBackend } from '../onnx/backend.js'
import { TrainingDataError } from './errors.js'
import { DEFAULT_FEATURES, encodeFeatureBatch, featureConfigProblem, featurize, type FeatureConfig, type SparseFeatures } from './features.js'
import { EXPERT_FORMAT, INPUT_KINDS, MAX_LABEL_CHARS, MAX_LABELS, validateManifest, type ExpertManifest, type InputKind } from './manifest.js'
import { buildExpertModel, EMBEDDING_INPUT, NGRAM_IDS_INPUT, NGRAM_WEIGHTS_INPUT, PROBABILITIES_OUTPUT } from './expert-model.js'
import { sphericalKMeans } from './kmeans.js'
import { stratifiedSplit, trainWeights, type TrainOptions } from './trainer.js'
import { writeExpertPackage, type ExpertPackage } from './expert-package.js'
import type { LabelledExample } from './jsonl.js'
import type { TensorMap } from '../onnx/tensor.js'
import { fitTemperature } from './calibration.js'
import { embedBackground, gateAndCompetence, GATE_ABSTAIN_QUANTILE, quantile } from './owner-competence.js'
import { embedAll, type TextEmbedder } from './text-embedder.js'
import { packageOptions } from './package-options.js'

const log = logger('moemesh:experts:train')

export { embedBackground, gateAndCompetence, GATE_ABSTAIN_QUANTILE, quantile }
export type { TextEmbedder }

/** Fewest examples a label needs: one may be held out and at least two stay for training. */
export const MIN_EXAMPLES_PER_LABEL = 3
/** Most examples one training run accepts. */
export const MAX_TRAINING_EXAMPLES = 1_000_000

/** A step of {@link trainExpert}, for progress bars. */
export type TrainPhase = 'embed' | 'features' | 'train' | 'evaluate' | 'centroids' | 'gate' | 'write'

/** Progress of {@link trainExpert}: `done` of `total` in the current phase. */
export interface TrainProgress {
  phase: TrainPhase
  done: number
  total: number
}

/** Options of {@link trainExpert}. */
export interface TrainExpertOptions {
  /** Labelled examples (e.g. from {@link readTrainingJsonl}). */
  examples: readonly LabelledExample[]
  /** The network's shared embedder: the capability vectors (and `embedding` inputs) come from it. */
  embedder: TextEmbedder
  /** The package folder to write (replaced atomically; refused if it holds other files). */
  outDir: string
  /** kebab-case expert name. */
  name: string
  /** @default '' */
  description?: string
  /** @default '1.0.0' */
  version?: string
  /** Where the data came from and under what license. @default { source: 'local training data', license: 'unspecified' } */
  trainedOn?: { source?: string, license?: string }
  /** License of the expert. @default 'unspecified' */
  license?: string
  /** Credits per answered query. @default 0 */
  price?: number
  /** @default 'both' */
  inputKind?: InputKind
  /** Capability vectors (k-means centroids) to compute. @default 8 */
  centroids?: number
  /** Seed for the split, the weights and k-means. @default 42 */
  seed?: number
  /** Fraction of each label held out to measure accuracy and fit the temperature (0 skips both). @default 0.2 */
  holdout?: number
  /**
   * Labelled examples kept out of training (e.g. the zoo's calibration split): the answer temperature and the
   * gate's abstain cut are fitted on them instead of on the held-out examples. Labels unknown to the training
   * data only count for the abstain cut. @default none
   */
  calibration?: readonly LabelledExample[]
  /**
   * Train the "is this mine" gate (advertised on the card) and write competence.bin (private: the training
   * inputs' embeddings, the training texts, and the private n-gram references of the calibration or held-out
   * texts). @default true
   */
  gate?: boolean
  /**
   * Embeddings (n x dim, row-major) of the public background the gate trains against.
   * @default {@link embedBackground} of 6,000 nlp-corpus sentences
   */
  background?: Float32Array
  /** N-gram settings, merged over {@link DEFAULT_FEATURES} (ngrams / both only). */
  features?: Partial<FeatureConfig>
  /** Hidden ReLU units on the embedding part (0: plain softmax regression). @default 0 */
  hidden?: number
  /** Finer trainer settings (epochs, learning rate, L2, class balancing, ...). */
  training?: Omit<TrainOptions, 'seed' | 'signal' | 'onEpoch' | 'hidden'>
  /** Texts per embedder call. @default 64 */
  embedBatchSize?: number
  /**
   * Where the exported model is run to measure held-out accuracy.
   * @default a fresh in-process backend, stopped before returning
   */
  backend?: InferenceBackend
  signal?: AbortSignal
  onProgress?: (progress: TrainProgress) => void
}

/** What {@link trainExpert} produced. */
export interface TrainExpertResult {
  /** The written package, as loadExpertPackage returns it. */
  package: ExpertPackage
  /** Accuracy of the exported ONNX model on the held-out examples; null when `holdout` was 0. */
  heldOutAccuracy: number | null
  /** The answer temperature fitted on the calibration (or held-out) examples; 1 when there were none. */
  temperature: number
  /** The gate's abstain cut, when a gate was trained. */
  abstainBelow?: number
  heldOutExamples: number
  trainExamples: number
  /** The labels, in the model's output order (sorted). */
  labels: string[]
  /** Epochs run, and the epoch whose weights were kept. */
  epochs: number
  bestEpoch: number
  /** Wall time of each phase and in total, ms. */
  timings: Record<TrainPhase, number>
  ms: number
}


function validateExamples (examples: readonly LabelledExample[]): { labels: string[], y: Int32Array } {
  if (!Array.isArray(examples) || examples.length === 0) throw new TrainingDataError('there are no examples; give at least 2 labels with 3 examples each')
  if (examples.length > MAX_TRAINING_EXAMPLES) throw new TrainingDataError(`${examples.length} examples is more than the ${MAX_TRAINING_EXAMPLES} allowed; train on a sample`)
  const counts = new Map<string, number>()
  examples.forEach((e, i) => {
    if (e == null || typeof e.text !== 'string' || e.text.trim() === '') throw new TrainingDataError(`example ${i + 1} has no text; every example needs a non-empty text`)
    if (typeof e.label !== 'string' || e.label.trim() === '') throw new TrainingDataError(`example ${i + 1} has no label; every example needs a non-empty string label`)
    if (e.label.length > MAX_LABEL_CHARS) throw new TrainingDataError(`example ${i + 1} has a label of ${e.label.length} characters; shorten labels to at most ${MAX_LABEL_CHARS}`)
    counts.set(e.label, (counts.get(e.label) ?? 0) + 1)
  })
  if (counts.size < 2) {
    throw new TrainingDataError(`all ${examples.length} examples have the label "${examples[0].label}"; a classifier needs examples of at least 2 labels`)
  }
  if (counts.size > MAX_LABELS) throw new TrainingDataError(`the data has ${counts.size} labels, more than the ${MAX_LABELS} an expert may have; merge or drop rare ones`)
  const labels = [...counts.keys()].sort()
  const few = labels.filter((l) => (counts.get(l) as number) < MIN_EXAMPLES_PER_LABEL)
  if (few.length > 0) {
    const l = few[0]
    throw new TrainingDataError(`label "${l}" has only ${counts.get(l) as number} example${counts.get(l) === 1 ? '' : 's'}${few.length > 1 ? ` (and ${few.length - 1} more labels have too few)` : ''}; give every label at least ${MIN_EXAMPLES_PER_LABEL}, or drop it`)
  }
  const index = new Map(labels.map((l, i) => [l, i]))
  return { labels, y: Int32Array.from(examples, (e) => index.get(e.label) as number) }
}

/**
 * Trains an expert from labelled examples and writes its package.
 *
 * @example
 * ```ts
 * const examples = await readTrainingJsonl('spam.jsonl')
 * const result = await trainExpert({ examples, embedder, outDir: 'experts/spam', name: 'spam-filter' })
 * console.log(result.heldOutAccuracy, result.package.expertId)
 * ```
 * @throws {TrainingDataError} for unusable examples; {@link InvalidOptionError} for a bad option.
 */
export async function trainExpert (options: TrainExpertOptions): Promise<TrainExpertResult> {
  const started = performance.now()
  const { embedder, signal } = options
  signal?.throwIfAborted()
  const timings: Record<TrainPhase, number> = { embed: 0, features: 0, train: 0, evaluate: 0, centroids: 0, gate: 0, write: 0 }
  let phaseStart = performance.now()
  const endPhase = (phase: TrainPhase): void => { const now = performance.now(); timings[phase] += now - phaseStart; phaseStart = now }
  const report = (phase: TrainPhase, done: number, total: number): void => { options.onProgress?.({ phase, done, total }) }

  // Options.
  const { centroids: k, seed, embedBatchSize: embedBatch, price } = packageOptions(options)
  const inputKind = options.inputKind ?? 'both'
  if (!INPUT_KINDS.includes(inputKind)) throw new InvalidOptionError('inputKind', `must be one of ${INPUT_KINDS.join(', ')} (got ${String(inputKind)})`)
  const holdout = options.holdout ?? 0.2
  if (typeof holdout !== 'number' || !(holdout >= 0 && holdout <= 0.5)) throw new InvalidOptionError('holdout', `must be a fraction in 0..0.5 (got ${String(options.holdout)})`)
  let features: FeatureConfig | undefined
  if (inputKind !== 'embedding') {
    const merged = { ...DEFAULT_FEATURES, ...(options.features ?? {}) }
    const problem = featureConfigProblem(merged)
    if (problem != null) throw new InvalidOptionError(`features.${problem.field}`, problem.message)
    features = merged
  }
  if (embedder == null || typeof embedder.embed !== 'function') throw new InvalidOptionError('embedder', 'must be a text embedder with embed(), dim and spaceId')
  if (!/^[0-9a-f]{64}$/.test(embedder.spaceId)) throw new InvalidOptionError('embedder', `spaceId must be 64 lowercase hex characters (got ${String(embedder.spaceId)})`)

  const withGate = options.gate ?? true
  const { labels, y: trainY } = validateExamples(options.examples)
  const C = labels.length
  const calibration = options.calibration ?? []
  if (!Array.isArray(calibration)) throw new InvalidOptionError('calibration', 'must be an array of { text, label } examples')
  calibration.forEach((e, i) => {
    if (e == null || typeof e.text !== 'string' || e.text.trim() === '') throw new TrainingDataError(`calibration example ${i + 1} has no text`)
  })
  if (options.background != null && (!(options.background instanceof Float32Array) || options.background.length === 0 || options.background.length % embedder.dim !== 0)) {
    throw new InvalidOptionError('background', `must be a non-empty Float32Array of whole rows of dim ${embedder.dim}`)
  }
  // Calibration examples follow the training data: indices examples.length.. (label -1 when unknown).
  const examples: readonly LabelledExample[] = [...options.examples, ...calibration]
  const labelIndex = new Map(labels.map((l, i) => [l, i]))
  const y = Int32Array.from(examples, (e, i) => i < trainY.length ? trainY[i] : labelIndex.get(e.label) ?? -1)
  const calIdx = calibration.map((_, j) => options.examples.length + j)

  // Held-out split (stratified, seeded).
  const { keep: trainIdx, held: heldIdx } = holdout > 0
    ? stratifiedSplit(trainY, C, holdout, seed)
    : { keep: [...Array(options.examples.length).keys()], held: [] as number[] }

  // Embeddings: the training inputs always (capability vectors); the held-out ones when the model reads them.
  const needHeldEmbeddings = inputKind !== 'ngrams' || withGate
  const toEmbed = needHeldEmbeddings ? [...trainIdx, ...heldIdx, ...calIdx] : trainIdx
  report('embed', 0, toEmbed.length)
  const vectors = await embedAll(embedder, toEmbed.map((i) => examples[i].text), embedBatch, signal, (done) => report('embed', done, toEmbed.length))
  const embeddingOf = new Map<number, Float32Array>()
  toEmbed.forEach((i, n) => embeddingOf.set(i, vectors[n]))
  endPhase('embed')

  // Private n-gram features.
  const featureOf = new Map<number, SparseFeatures>()
  if (features != null) {
    const all = [...trainIdx, ...heldIdx, ...calIdx]
    report('features', 0, all.length)
    all.forEach((i, n) => {
      featureOf.set(i, featurize(examples[i].text, features as FeatureConfig))
      if ((n + 1) % 1000 === 0) report('features', n + 1, all.length)
    })
    report('features', all.length, all.length)
    signal?.throwIfAborted()
  }
  endPhase('features')

  // Train.
  const trained = await trainWeights({
    inputKind,
    classes: C,
    labels: trainIdx.map((i) => y[i]),
    embeddings: inputKind !== 'ngrams' ? trainIdx.map((i) => embeddingOf.get(i) as Float32Array) : undefined,
    features: features != null ? trainIdx.map((i) => featureOf.get(i) as SparseFeatures) : undefined,
    buckets: features?.buckets
  }, {
    ...options.training,
    hidden: options.hidden,
    seed,
    signal,
    onEpoch: (p) => report('train', p.epoch, p.epochs)
  })
  const modelBytes = buildExpertModel(trained.weights)
  endPhase('train')

  // Held-out accuracy of the exported model, run by the ONNX runtime; the answer temperature, fitted on the
  // calibration examples (or else the held-out ones) with known labels.
  let heldOutAccuracy: number | null = null
  let temperature = 1
  const fitIdx = (calIdx.length > 0 ? calIdx : heldIdx).filter((i) => y[i] >= 0)
  const toRun = [...heldIdx, ...(calIdx.length > 0 ? fitIdx : [])]
  if (toRun.length > 0) {
    report('evaluate', 0, toRun.length)
    let backend = options.backend
    const ownBackend = backend == null
    if (backend == null) {
      const { createInferenceBackend } = await import('../onnx/worker-backend.js')
      backend = createInferenceBackend({ mode: 'in-process' })
    }
    const probs = new Map<number, Float32Array>()
    try {
      const handle = await backend.load(modelBytes, { signal, label: options.name })
      try {
        const BATCH = 256
        for (let start = 0; start < toRun.length; start += BATCH) {
          signal?.throwIfAborted()
          const chunk = toRun.slice(start, start + BATCH)
          const feeds: TensorMap = {}
          if (inputKind !== 'ngrams') {
            const data = new Float32Array(chunk.length * embedder.dim)
            chunk.forEach((i, n) => data.set(embeddingOf.get(i) as Float32Array, n * embedder.dim))
            feeds[EMBEDDING_INPUT] = { type: 'float32', data, dims: [chunk.length, embedder.dim] }
          }
          if (features != null) {
            const batch = encodeFeatureBatch(chunk.map((i) => featureOf.get(i) as SparseFeatures))
            feeds[NGRAM_IDS_INPUT] = batch.ids
            feeds[NGRAM_WEIGHTS_INPUT] = batch.weights
          }
          const out = (await handle.run(feeds, { signal }))[PROBABILITIES_OUTPUT]
          chunk.forEach((i, n) => probs.set(i, out.data.slice(n * C, (n + 1) * C) as Float32Array))
          report('evaluate', Math.min(toRun.length, start + BATCH), toRun.length)
        }
      } finally {
        await handle.close()
      }
    } finally {
      if (ownBackend) await backend.stop()
    }
    if (heldIdx.length > 0) {
      let correct = 0
      for (const i of heldIdx) {
        const p = probs.get(i) as Float32Array
        let arg = 0
        for (let c = 1; c < C; c++) if (p[c] > p[arg]) arg = c
        if (arg === y[i]) correct++
      }
      heldOutAccuracy = correct / heldIdx.length
    }
    if (fitIdx.length > 0) {
      const flat = new Float32Array(fitIdx.length * C)
      fitIdx.forEach((i, n) => flat.set(probs.get(i) as Float32Array, n * C))
      temperature = Number(fitTemperature(flat, Int32Array.from(fitIdx, (i) => y[i]), C).toFixed(4))
    }
  }
  endPhase('evaluate')

  // Capability vectors: centroids of the training inputs in the shared space.
  report('centroids', 0, 1)
  const centroids = sphericalKMeans(trainIdx.map((i) => embeddingOf.get(i) as Float32Array), k, { seed })
  if (centroids.length === 0) throw new TrainingDataError('the embedder gave an all-zero vector for every training text; no capability vector can be computed (check the embedder and the texts)')
  report('centroids', 1, 1)
  endPhase('centroids')

  // The gate (advertised) and the competence data (private), from the training inputs.
  let gated: ReturnType<typeof gateAndCompetence> | undefined
  if (withGate) {
    report('gate', 0, 1)
    const background = options.background ?? await embedBackground(embedder, { seed, batchSize: embedBatch, signal })
    const own = trainIdx.map((i) => embeddingOf.get(i) as Float32Array)
    const cutInputs = (calIdx.length > 0 ? calIdx : heldIdx).map((i) => embeddingOf.get(i) as Float32Array)
    const texts = { own: trainIdx.map((i) => examples[i].text), heldOut: (calIdx.length > 0 ? calIdx : heldIdx).map((i) => examples[i].text) }
    gated = gateAndCompetence(own, background, cutInputs, embedder.spaceId, embedder.dim, seed, texts)
    report('gate', 1, 1)
    signal?.throwIfAborted()
  }
  endPhase('gate')

  const manifest: ExpertManifest = validateManifest({
    format: EXPERT_FORMAT,
    name: options.name,
    version: options.version ?? '1.0.0',
    task: 'classification',
    inputKind,
    labels,
    description: options.description ?? '',
    trainedOn: {
      source: options.trainedOn?.source ?? 'local training data',
      examples: trainIdx.length,
      license: options.trainedOn?.license ?? 'unspecified'
    },
    license: options.license ?? 'unspecified',
    price,
    spaceId: embedder.spaceId,
    dim: embedder.dim,
    ...(features != null ? { features } : {}),
    ...(gated != null ? { gate: gated.gate } : {}),
    ...(temperature !== 1 ? { temperature } : {}),
    ...(heldOutAccuracy != null ? { metrics: { heldOutAccuracy, heldOutExamples: heldIdx.length } } : {})
  }, 'expert.json (from the training options)')
  report('write', 0, 1)
  const pkg = await writeExpertPackage(options.outDir, { manifest, modelBytes, centroids, ...(gated != null ? { competence: gated.competence } : {}) }, { signal })
  report('write', 1, 1)
  endPhase('write')

  log('trained %s: %d labels, %d train / %d held out, accuracy %s, %d epochs (kept %d), %d ms',
    options.name, C, trainIdx.length, heldIdx.length, heldOutAccuracy?.toFixed(3) ?? 'n/a', trained.epochs, trained.bestEpoch, Math.round(performance.now() - started))
  return {
    package: pkg,
    heldOutAccuracy,
    temperature,
    ...(gated != null ? { abstainBelow: gated.gate.abstainBelow } : {}),
    heldOutExamples: heldIdx.length,
    trainExamples: trainIdx.length,
    labels,
    epochs: trained.epochs,
    bestEpoch: trained.bestEpoch,
    timings,
    ms: performance.now() - started
  }
}
