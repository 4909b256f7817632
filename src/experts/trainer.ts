/**
 * Deterministic training of an expert's weights: softmax regression over a dense embedding part (optionally
 * through one hidden ReLU layer) plus a sparse hashed n-gram table, by mini-batch Adam with L2 weight decay and
 * early stopping on a stratified validation split. Plain TypeScript over Float32Arrays; the same data, options
 * and seed give the same weights bit for bit.
 *
 * The n-gram table is updated lazily (only the rows a batch touches, "lazy Adam"), so a 2^15-row table costs
 * per step what the batch's features cost, not what the table holds.
 *
 * This file holds the options and the loop; the steps it runs (data layout, parameters, one epoch, the Adam
 * update, evaluation and early stopping) are in `trainer-steps.ts`.
 */
import { intInRange, numberInRange } from '../options.js'
import { SeededRandom } from '../text/random.js'
import { InvalidOptionError } from '../errors.js'
import type { InputKind } from './manifest.js'
import type { SparseFeatures } from './features.js'
import type { ExpertWeights } from './expert-model.js'
import { EarlyStopping, createModel, evaluate, prepareData, trainEpoch, type DataShape } from './trainer-steps.js'

/** What the trainer learns from: one class index per example, and the inputs its kind needs. */
export interface TrainingData {
  inputKind: InputKind
  /** Number of classes C (labels are 0..C-1). */
  classes: number
  /** Class index of each example. */
  labels: ArrayLike<number>
  /** One embedding per example, all of the same length; required for `embedding` and `both`. */
  embeddings?: readonly Float32Array[]
  /** One sparse feature row per example; required for `ngrams` and `both`. */
  features?: readonly SparseFeatures[]
  /** Rows of the n-gram table (every feature id is below it); required for `ngrams` and `both`. */
  buckets?: number
}

/** Progress after each epoch. */
export interface EpochProgress {
  epoch: number
  /** The most epochs this run may take. */
  epochs: number
  /** Mean training log-loss over the epoch. */
  trainLoss: number
  /** Mean log-loss on the validation split (absent without one). */
  validationLoss?: number
  /** Accuracy on the validation split (absent without one). */
  validationAccuracy?: number
}

/** Trainer options. All optional. */
export interface TrainOptions {
  /**
   * Hidden ReLU units on the embedding part; 0 trains plain softmax regression (convex, the safest choice
   * for a few thousand examples).
   * @default 0
   */
  hidden?: number
  /**
   * Most passes over the training data.
   * @default 30
   */
  epochs?: number
  /** @default 64 */
  batchSize?: number
  /**
   * Adam step size. Measured through trainExpert on WordNet noun glosses (25 classes, 4k training examples,
   * n-grams): 0.05 stopped after 5 epochs at 64.6% held-out accuracy; 0.1 after 4 at 63.9%; 0.02 ran 30 epochs
   * (5x the time) for 66.9%. Lower it when accuracy matters more than training time.
   * @default 0.05
   */
  learningRate?: number
  /**
   * Factor applied to the learning rate after each epoch that does not improve the validation loss: big steps
   * while they help, finer ones near the optimum.
   * @default 0.5
   */
  lrDecay?: number
  /**
   * L2 weight decay on weights (not biases).
   * @default 0.00001
   */
  l2?: number
  /**
   * Fraction of the training data held back (stratified) to choose the epoch to keep. 0 turns early stopping
   * off; it is also off when the split would leave fewer than 10 validation examples.
   * @default 0.1
   */
  validation?: number
  /**
   * Epochs without a better validation loss before training stops. The validation loss sometimes rises for
   * an epoch or two before falling to a lower minimum (on WordNet glosses with learning rate 0.1, patience 2
   * stopped at epoch 3 at loss 1.29; patience 3 went on to epoch 9 and 1.16).
   * @default 3
   */
  patience?: number
  /**
   * Weight each example by `N / (C * count(class))`, so rare classes count as much as common ones.
   * @default false
   */
  balanceClasses?: boolean
  /** @default 42 */
  seed?: number
  /** Checked between epochs (training yields to the event loop after each epoch). */
  signal?: AbortSignal
  /** Called after each epoch. */
  onEpoch?: (progress: EpochProgress) => void
}

/** What training produced. */
export interface TrainResult {
  /** The kept weights (the epoch with the best validation loss, or the last epoch without validation). */
  weights: ExpertWeights
  /** Epochs run. */
  epochs: number
  /** The epoch whose weights were kept (1-based). */
  bestEpoch: number
  /** Final mean training log-loss of the kept epoch. */
  trainLoss: number
  validationLoss?: number
  validationAccuracy?: number
  /** Examples trained on (after the validation split). */
  trainExamples: number
  validationExamples: number
  /** Wall time. */
  ms: number
}

/** Fewest validation examples worth early-stopping on. */
const MIN_VALIDATION_EXAMPLES = 10

/**
 * Stratified, seeded split of example indices: about `fraction` of each class goes to the second part, never
 * all of a class. Order inside each part follows the input order.
 */
export function stratifiedSplit (labels: ArrayLike<number>, classes: number, fraction: number, seed: number): { keep: number[], held: number[] } {
  const byClass: number[][] = Array.from({ length: classes }, () => [])
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i)
  const rng = new SeededRandom(seed)
  const heldSet = new Set<number>()
  for (const members of byClass) {
    const shuffled = rng.shuffle([...members])
    const n = Math.min(Math.round(members.length * fraction), members.length - 1)
    for (let j = 0; j < n; j++) heldSet.add(shuffled[j])
  }
  const keep: number[] = []
  const held: number[] = []
  for (let i = 0; i < labels.length; i++) (heldSet.has(i) ? held : keep).push(i)
  return { keep, held }
}

/** The validation split for early stopping: none when `fraction` is 0 or it would be too small to trust. */
function validationSplit (labels: ArrayLike<number>, classes: number, fraction: number, seed: number): { trainIdx: number[], valIdx: number[] } {
  const all = (): number[] => [...Array(labels.length).keys()]
  if (fraction <= 0) return { trainIdx: all(), valIdx: [] }
  const { keep, held } = stratifiedSplit(labels, classes, fraction, seed ^ 0x5eed)
  return held.length < MIN_VALIDATION_EXAMPLES ? { trainIdx: all(), valIdx: [] } : { trainIdx: keep, valIdx: held }
}

/** Checks the data against its input kind and finds its shape; throws a typed error naming the field. */
function validateData (data: TrainingData): DataShape {
  const n = data.labels.length
  if (n < 2) throw new InvalidOptionError('labels', `need at least 2 examples (got ${n})`)
  if (!Number.isInteger(data.classes) || data.classes < 2) throw new InvalidOptionError('classes', `must be an integer >= 2 (got ${data.classes})`)
  for (let i = 0; i < n; i++) {
    const y = data.labels[i]
    if (!Number.isInteger(y) || y < 0 || y >= data.classes) throw new InvalidOptionError('labels', `example ${i} has class ${y}, outside 0..${data.classes - 1}`)
  }
  const useE = data.inputKind !== 'ngrams'
  const useN = data.inputKind !== 'embedding'
  let dim = 0
  let buckets = 0
  if (useE) {
    if (data.embeddings == null || data.embeddings.length !== n) throw new InvalidOptionError('embeddings', `need one embedding per example (${n}) for inputKind "${data.inputKind}"`)
    dim = data.embeddings[0].length
    if (dim < 1) throw new InvalidOptionError('embeddings', 'embeddings are empty')
    data.embeddings.forEach((e, i) => {
      if (e.length !== dim) throw new InvalidOptionError('embeddings', `example ${i} has ${e.length} values, expected ${dim}`)
      for (let j = 0; j < dim; j++) if (!Number.isFinite(e[j])) throw new InvalidOptionError('embeddings', `example ${i} holds a non-finite value`)
    })
  }
  if (useN) {
    if (data.features == null || data.features.length !== n) throw new InvalidOptionError('features', `need one feature row per example (${n}) for inputKind "${data.inputKind}"`)
    buckets = data.buckets ?? 0
    if (!Number.isInteger(buckets) || buckets < 1) throw new InvalidOptionError('buckets', `must be a positive integer for inputKind "${data.inputKind}"`)
    data.features.forEach((f, i) => {
      if (f.ids.length !== f.weights.length) throw new InvalidOptionError('features', `example ${i} has ${f.ids.length} ids but ${f.weights.length} weights`)
      for (let l = 0; l < f.ids.length; l++) {
        if (!Number.isInteger(f.ids[l]) || f.ids[l] < 0 || f.ids[l] >= buckets) throw new InvalidOptionError('features', `example ${i} has bucket ${f.ids[l]}, outside 0..${buckets - 1}`)
        if (!Number.isFinite(f.weights[l])) throw new InvalidOptionError('features', `example ${i} has a non-finite weight`)
      }
    })
  }
  return { n, dim, buckets, useE, useN }
}

/**
 * Trains an expert's weights. Deterministic: same data, options and seed give the same weights.
 *
 * @example
 * ```ts
 * const { weights, validationAccuracy } = await trainWeights({ inputKind: 'both', classes: 3, labels, embeddings, features, buckets: 32768 })
 * const modelBytes = buildExpertModel(weights)
 * ```
 */
export async function trainWeights (data: TrainingData, options: TrainOptions = {}): Promise<TrainResult> {
  const started = performance.now()
  options.signal?.throwIfAborted()
  const shape = validateData(data)
  const C = data.classes
  const H = shape.useE ? intInRange('hidden', options.hidden, 0, 0, 4096) : 0
  const maxEpochs = intInRange('epochs', options.epochs, 30, 1, 10_000)
  const batchSize = intInRange('batchSize', options.batchSize, 64, 1, 65_536)
  let lr = numberInRange('learningRate', options.learningRate, 0.05, 1e-6, 10)
  const lrDecay = numberInRange('lrDecay', options.lrDecay, 0.5, 0.01, 1)
  const l2 = numberInRange('l2', options.l2, 1e-5, 0, 10)
  const valFraction = numberInRange('validation', options.validation, 0.1, 0, 0.5)
  const patience = intInRange('patience', options.patience, 3, 1, 10_000)
  const seed = intInRange('seed', options.seed, 42, 0, 0xffffffff)
  const rng = new SeededRandom(seed)

  const { trainIdx, valIdx } = validationSplit(data.labels, C, valFraction, seed)
  const prepared = prepareData(data.labels, data.embeddings, data.features, shape, C, trainIdx, options.balanceClasses === true)
  const model = createModel(data.inputKind, shape, C, H, l2, rng)
  const stopping = new EarlyStopping(model, patience)
  let epochsRun = 0
  let lastTrainLoss = NaN
  const order = [...trainIdx]

  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    options.signal?.throwIfAborted()
    rng.shuffle(order)
    lastTrainLoss = trainEpoch(model, prepared, order, batchSize, lr)
    epochsRun = epoch
    const progress: EpochProgress = { epoch, epochs: maxEpochs, trainLoss: lastTrainLoss }
    if (valIdx.length > 0) {
      const v = evaluate(model, prepared, valIdx)
      progress.validationLoss = v.loss
      progress.validationAccuracy = v.accuracy
      if (!stopping.record(epoch, v.loss, v.accuracy, lastTrainLoss)) lr *= lrDecay
    }
    options.onEpoch?.(progress)
    if (stopping.shouldStop(epoch)) break
    // Let timers, signals and progress output run between epochs.
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  options.signal?.throwIfAborted()

  stopping.restoreBest()
  const best = stopping.best
  const result: TrainResult = {
    weights: model.weights,
    epochs: epochsRun,
    bestEpoch: best?.epoch ?? epochsRun,
    trainLoss: best?.trainLoss ?? lastTrainLoss,
    trainExamples: trainIdx.length,
    validationExamples: valIdx.length,
    ms: performance.now() - started
  }
  if (best != null) { result.validationLoss = best.loss; result.validationAccuracy = best.accuracy }
  return result
}
