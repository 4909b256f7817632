/**
 * The steps of {@link trainWeights} (in `trainer.ts`), each on its own: lay the data out for the hot loops,
 * initialise the parameters, run one epoch of mini-batch gradients, apply one Adam update, and evaluate and keep
 * the best epoch. Internal to the trainer; the arithmetic and its order are what make training bit-reproducible,
 * so change them only together with the determinism test.
 */
import type { SeededRandom } from '../text/random.js'
import type { InputKind } from './manifest.js'
import type { SparseFeatures } from './features.js'
import type { ExpertWeights } from './expert-model.js'

const BETA1 = 0.9
const BETA2 = 0.999
const ADAM_EPS = 1e-8

/** What the data validation found out about the inputs. */
export interface DataShape {
  n: number
  dim: number
  buckets: number
  /** The embedding part is used (`embedding`, `both`). */
  useE: boolean
  /** The n-gram part is used (`ngrams`, `both`). */
  useN: boolean
}

/** The training data laid out for the hot loops. */
export interface PreparedData {
  /** Class index of each example. */
  y: Int32Array
  /** Embedding of each example (empty without the embedding part). */
  emb: readonly Float32Array[]
  /** Sparse features as one CSR block: example i's entries are [offsets[i], offsets[i + 1]). */
  offsets: Int32Array
  fIds: Int32Array
  fW: Float32Array
  /** Weight of each class's examples in the loss (1, or balanced over the training part). */
  classWeight: Float64Array
}

/**
 * Step 1, data preparation: class weights over the training part, and the sparse features as one CSR block of
 * typed arrays (the hot loops read them several times per epoch).
 */
export function prepareData (
  labels: ArrayLike<number>, embeddings: readonly Float32Array[] | undefined, features: readonly SparseFeatures[] | undefined,
  shape: DataShape, classes: number, trainIdx: readonly number[], balanceClasses: boolean
): PreparedData {
  const C = classes
  const counts = new Float64Array(C)
  for (const i of trainIdx) counts[labels[i]]++
  const classWeight = new Float64Array(C).fill(1)
  if (balanceClasses) {
    for (let c = 0; c < C; c++) classWeight[c] = counts[c] > 0 ? trainIdx.length / (C * counts[c]) : 0
  }

  const n = labels.length
  const offsets = new Int32Array(n + 1)
  let nnz = 0
  if (shape.useN) {
    const rows = features as readonly SparseFeatures[]
    for (let i = 0; i < n; i++) { offsets[i] = nnz; nnz += rows[i].ids.length }
    offsets[n] = nnz
  }
  const fIds = new Int32Array(nnz)
  const fW = new Float32Array(nnz)
  if (shape.useN) {
    const rows = features as readonly SparseFeatures[]
    for (let i = 0; i < n; i++) { fIds.set(rows[i].ids, offsets[i]); fW.set(rows[i].weights, offsets[i]) }
  }
  const y = Int32Array.from(labels)
  const emb = shape.useE ? embeddings as readonly Float32Array[] : []
  return { y, emb, offsets, fIds, fW, classWeight }
}

/** Adam over one parameter array, with L2 weight decay folded into the gradient. */
export class Adam {
  readonly m: Float32Array
  readonly v: Float32Array
  constructor (readonly param: Float32Array, readonly decay: number) {
    this.m = new Float32Array(param.length)
    this.v = new Float32Array(param.length)
  }

  /** Updates `param[from..to)` from `grad[from..to)`. */
  step (grad: Float32Array, lr: number, c1: number, c2: number, from = 0, to = this.param.length): void {
    const { param, m, v, decay } = this
    for (let i = from; i < to; i++) {
      const g = grad[i] + decay * param[i]
      const mi = BETA1 * m[i] + (1 - BETA1) * g
      const vi = BETA2 * v[i] + (1 - BETA2) * g * g
      m[i] = mi
      v[i] = vi
      param[i] -= lr * (mi / c1) / (Math.sqrt(vi / c2) + ADAM_EPS)
    }
  }

  /** Lazy Adam: updates only the given rows of a [rows, C] parameter, and zeroes their gradient. */
  stepRows (grad: Float32Array, rows: readonly number[], C: number, lr: number, c1: number, c2: number): void {
    const { param, m, v, decay } = this
    const step = lr / c1
    const inv2 = 1 / c2
    for (let r = 0; r < rows.length; r++) {
      const end = rows[r] * C + C
      for (let i = end - C; i < end; i++) {
        const gi = grad[i] + decay * param[i]
        grad[i] = 0
        const mi = BETA1 * m[i] + (1 - BETA1) * gi
        const vi = BETA2 * v[i] + (1 - BETA2) * gi * gi
        m[i] = mi
        v[i] = vi
        param[i] -= step * mi / (Math.sqrt(vi * inv2) + ADAM_EPS)
      }
    }
  }
}

/** The parameters being trained, their gradients and optimiser state, and the scratch of one example. */
export interface Model {
  C: number
  dim: number
  /** Hidden units (0: no hidden layer). */
  H: number
  useE: boolean
  useN: boolean
  /** What training returns; its arrays are the parameters below. */
  weights: ExpertWeights
  bias: Float32Array
  W1: Float32Array
  b1: Float32Array
  We: Float32Array
  T: Float32Array
  optBias: Adam
  optW1: Adam
  optB1: Adam
  optWe: Adam
  optT: Adam
  gBias: Float32Array
  gW1: Float32Array
  gB1: Float32Array
  gWe: Float32Array
  gT: Float32Array
  /** The n-gram rows the current batch touched (lazy Adam), as a flag per row and a list. */
  touched: Uint8Array
  touchedRows: number[]
  /** Logits, their gradient, hidden pre-activations, activations and their gradient, for one example. */
  z: Float64Array
  g: Float64Array
  a: Float64Array
  h: Float64Array
  gh: Float64Array
  /** Adam steps taken. */
  step: number
}

/**
 * Step 2, the parameters: zeros, or He/Xavier-scaled normals from `rng` with a hidden layer; an Adam per
 * parameter (weights decayed by `l2`, biases not) and zeroed gradients.
 */
export function createModel (inputKind: InputKind, shape: DataShape, C: number, H: number, l2: number, rng: SeededRandom): Model {
  const { dim, buckets, useE, useN } = shape
  const inE = H > 0 ? H : dim
  const bias = new Float32Array(C)
  const W1 = new Float32Array(useE && H > 0 ? dim * H : 0)
  const b1 = new Float32Array(useE && H > 0 ? H : 0)
  const We = new Float32Array(useE ? inE * C : 0)
  const T = new Float32Array(useN ? buckets * C : 0)
  if (H > 0) {
    const s1 = Math.sqrt(2 / dim)
    for (let i = 0; i < W1.length; i++) W1[i] = rng.normal() * s1
    const s2 = Math.sqrt(1 / H)
    for (let i = 0; i < We.length; i++) We[i] = rng.normal() * s2
  }
  const weights: ExpertWeights = {
    inputKind,
    classes: C,
    dim: useE ? dim : 0,
    buckets: useN ? buckets : 0,
    hidden: H,
    bias
  }
  if (useE) weights.embeddingWeight = We
  if (H > 0) { weights.hiddenWeight = W1; weights.hiddenBias = b1 }
  if (useN) weights.ngramTable = T

  return {
    C,
    dim,
    H,
    useE,
    useN,
    weights,
    bias,
    W1,
    b1,
    We,
    T,
    optBias: new Adam(bias, 0),
    optW1: new Adam(W1, l2),
    optB1: new Adam(b1, 0),
    optWe: new Adam(We, l2),
    optT: new Adam(T, l2),
    gBias: new Float32Array(C),
    gW1: new Float32Array(W1.length),
    gB1: new Float32Array(b1.length),
    gWe: new Float32Array(We.length),
    gT: new Float32Array(T.length),
    touched: new Uint8Array(useN ? buckets : 0),
    touchedRows: [],
    z: new Float64Array(C),
    g: new Float64Array(C),
    a: new Float64Array(H),
    h: new Float64Array(H),
    gh: new Float64Array(H),
    step: 0
  }
}

/** log(sum(exp(z))) over the first C entries, stably. */
function logSumExp (z: Float64Array, C: number): number {
  let max = -Infinity
  for (let c = 0; c < C; c++) if (z[c] > max) max = z[c]
  let sum = 0
  for (let c = 0; c < C; c++) sum += Math.exp(z[c] - max)
  return max + Math.log(sum)
}

/** z += embedding part of the logits; keeps the hidden pre-activations `a` and activations `h` for backward. */
function forwardEmbedding (z: Float64Array, a: Float64Array, h: Float64Array, x: Float32Array, W1: Float32Array, b1: Float32Array, We: Float32Array, dim: number, H: number, C: number): void {
  if (H > 0) {
    for (let k = 0; k < H; k++) a[k] = b1[k]
    for (let j = 0; j < dim; j++) {
      const xj = x[j]
      if (xj === 0) continue
      const row = j * H
      for (let k = 0; k < H; k++) a[k] += xj * W1[row + k]
    }
    for (let k = 0; k < H; k++) {
      const hk = a[k] > 0 ? a[k] : 0
      h[k] = hk
      if (hk === 0) continue
      const row = k * C
      for (let c = 0; c < C; c++) z[c] += hk * We[row + c]
    }
  } else {
    for (let j = 0; j < dim; j++) {
      const xj = x[j]
      if (xj === 0) continue
      const row = j * C
      for (let c = 0; c < C; c++) z[c] += xj * We[row + c]
    }
  }
}

/** Accumulates the embedding part's gradients for logit gradient `g`. */
function backwardEmbedding (g: Float64Array, gh: Float64Array, a: Float64Array, h: Float64Array, x: Float32Array, We: Float32Array, gW1: Float32Array, gB1: Float32Array, gWe: Float32Array, dim: number, H: number, C: number): void {
  if (H > 0) {
    for (let k = 0; k < H; k++) {
      const hk = h[k]
      const row = k * C
      let acc = 0
      for (let c = 0; c < C; c++) acc += We[row + c] * g[c]
      if (hk !== 0) for (let c = 0; c < C; c++) gWe[row + c] += hk * g[c]
      gh[k] = a[k] > 0 ? acc : 0
    }
    for (let k = 0; k < H; k++) gB1[k] += gh[k]
    for (let j = 0; j < dim; j++) {
      const xj = x[j]
      if (xj === 0) continue
      const row = j * H
      for (let k = 0; k < H; k++) gW1[row + k] += xj * gh[k]
    }
  } else {
    for (let j = 0; j < dim; j++) {
      const xj = x[j]
      if (xj === 0) continue
      const row = j * C
      for (let c = 0; c < C; c++) gWe[row + c] += xj * g[c]
    }
  }
}

/** z += sum_l w_l * T[id_l] over CSR entries [from, to). */
function addSparse (z: Float64Array, T: Float32Array, C: number, ids: Int32Array, ws: Float32Array, from: number, to: number): void {
  for (let l = from; l < to; l++) {
    const wt = ws[l]
    const row = ids[l] * C
    for (let c = 0; c < C; c++) z[c] += wt * T[row + c]
  }
}

/** gT[id_l] += w_l * g over CSR entries [from, to), recording which rows were touched. */
function accumulateSparse (gT: Float32Array, g: Float64Array, C: number, ids: Int32Array, ws: Float32Array, from: number, to: number, touched: Uint8Array, touchedRows: number[]): void {
  for (let l = from; l < to; l++) {
    const id = ids[l]
    const wt = ws[l]
    if (touched[id] === 0) { touched[id] = 1; touchedRows.push(id) }
    const row = id * C
    for (let c = 0; c < C; c++) gT[row + c] += wt * g[c]
  }
}

/** The logits of example `i` into `m.z` (keeping the hidden layer's values for backward); returns their log-sum-exp. */
function forward (m: Model, d: PreparedData, i: number): number {
  const { z, C } = m
  z.set(m.bias)
  if (m.useE) forwardEmbedding(z, m.a, m.h, d.emb[i], m.W1, m.b1, m.We, m.dim, m.H, C)
  if (m.useN) addSparse(z, m.T, C, d.fIds, d.fW, d.offsets[i], d.offsets[i + 1])
  return logSumExp(z, C)
}

/** Adds example `i`'s gradient, dLoss/dz = (softmax(z) - onehot(y)) * `scale`, after {@link forward}. */
function backward (m: Model, d: PreparedData, i: number, yi: number, lse: number, scale: number): void {
  const { z, g, C } = m
  for (let c = 0; c < C; c++) g[c] = (Math.exp(z[c] - lse) - (c === yi ? 1 : 0)) * scale
  for (let c = 0; c < C; c++) m.gBias[c] += g[c]
  if (m.useE) backwardEmbedding(g, m.gh, m.a, m.h, d.emb[i], m.We, m.gW1, m.gB1, m.gWe, m.dim, m.H, C)
  if (m.useN) accumulateSparse(m.gT, g, C, d.fIds, d.fW, d.offsets[i], d.offsets[i + 1], m.touched, m.touchedRows)
}

/** Step 4, the Adam update: one step of every parameter from the batch's gradients, which it then zeroes. */
export function adamUpdate (m: Model, lr: number): void {
  m.step++
  const c1 = 1 - Math.pow(BETA1, m.step)
  const c2 = 1 - Math.pow(BETA2, m.step)
  m.optBias.step(m.gBias, lr, c1, c2); m.gBias.fill(0)
  if (m.useE) { m.optWe.step(m.gWe, lr, c1, c2); m.gWe.fill(0) }
  if (m.H > 0) { m.optW1.step(m.gW1, lr, c1, c2); m.gW1.fill(0); m.optB1.step(m.gB1, lr, c1, c2); m.gB1.fill(0) }
  if (m.useN) {
    m.optT.stepRows(m.gT, m.touchedRows, m.C, lr, c1, c2)
    for (let r = 0; r < m.touchedRows.length; r++) m.touched[m.touchedRows[r]] = 0
    m.touchedRows.length = 0
  }
}

/**
 * Step 3, one epoch: mini-batches of `order` (already shuffled), each example's loss weighted by its class,
 * one {@link adamUpdate} per batch. A batch whose examples all weigh 0 is skipped.
 *
 * @returns the mean weighted training log-loss over the epoch
 */
export function trainEpoch (m: Model, d: PreparedData, order: readonly number[], batchSize: number, lr: number): number {
  const { y, classWeight } = d
  let epochLoss = 0
  let epochWeight = 0
  for (let start = 0; start < order.length; start += batchSize) {
    const end = Math.min(order.length, start + batchSize)
    let batchWeight = 0
    for (let b = start; b < end; b++) batchWeight += classWeight[y[order[b]]]
    if (batchWeight <= 0) continue
    for (let b = start; b < end; b++) {
      const i = order[b]
      const yi = y[i]
      const sw = classWeight[yi]
      if (sw === 0) continue
      const lse = forward(m, d, i)
      epochLoss += sw * (lse - m.z[yi])
      epochWeight += sw
      backward(m, d, i, yi, lse, sw / batchWeight)
    }
    adamUpdate(m, lr)
  }
  return epochLoss / Math.max(epochWeight, 1e-12)
}

/** Step 5a, evaluation: mean log-loss and accuracy of the current parameters on the examples `idx`. */
export function evaluate (m: Model, d: PreparedData, idx: readonly number[]): { loss: number, accuracy: number } {
  const { z, C } = m
  let loss = 0
  let correct = 0
  for (const i of idx) {
    const lse = forward(m, d, i)
    let arg = 0
    for (let c = 1; c < C; c++) if (z[c] > z[arg]) arg = c
    loss += lse - z[d.y[i]]
    if (arg === d.y[i]) correct++
  }
  return { loss: loss / Math.max(1, idx.length), accuracy: correct / Math.max(1, idx.length) }
}

/** The best epoch so far: a copy of its parameters and its figures. */
interface BestEpoch {
  snap: Float32Array[]
  epoch: number
  loss: number
  accuracy: number
  trainLoss: number
}

/**
 * Step 5b, early stopping: remembers the epoch with the lowest validation loss (a copy of its parameters), tells
 * when to decay the learning rate and when patience has run out, and puts the best parameters back at the end.
 */
export class EarlyStopping {
  private readonly params: Float32Array[]
  best?: BestEpoch

  constructor (m: Model, private readonly patience: number) {
    this.params = [m.bias, m.W1, m.b1, m.We, m.T]
  }

  /**
   * Records epoch `epoch`'s validation figures.
   *
   * @returns true when the epoch improved on the best (by more than 1e-6), false when the learning rate should decay
   */
  record (epoch: number, loss: number, accuracy: number, trainLoss: number): boolean {
    if (this.best == null || loss < this.best.loss - 1e-6) {
      this.best = { snap: this.params.map((p) => p.slice()), epoch, loss, accuracy, trainLoss }
      return true
    }
    return false
  }

  /** Whether `patience` epochs have passed without a better validation loss. */
  shouldStop (epoch: number): boolean {
    return this.best != null && epoch - this.best.epoch >= this.patience
  }

  /** Puts the best epoch's parameters back (no-op when no epoch was recorded). */
  restoreBest (): void {
    const best = this.best
    if (best != null) this.params.forEach((p, k) => p.set(best.snap[k]))
  }
}
