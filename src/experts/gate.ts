/**
 * A PHATGOOSE-style gate: a linear "is this query mine" classifier in the network's shared embedding space,
 * trained by an expert's owner on its own training inputs (positives) against a public background set every
 * node has (negatives). The owner advertises the gate (dim + 1 numbers); any router scores a query against
 * every card's gate without seeing anyone's data.
 */
import { InvalidOptionError } from '../errors.js'
import { SeededRandom } from '../text/random.js'

/** A linear gate: `score(x) = w . x + b` (a logit: above 0 leans "mine"). */
export interface Gate {
  /** dim weights. */
  w: Float32Array
  b: number
}

/** Options of {@link trainGate}. */
export interface TrainGateOptions {
  /** Full-batch Adam steps. @default 300 */
  steps?: number
  /** @default 0.05 */
  learningRate?: number
  /** L2 penalty on w. @default 0.0001 */
  l2?: number
  /**
   * Weight of each negative: background sentences that lie close to the owner's own data (the background
   * contains fiction and political speeches, which are some experts' own kind of text) are down-weighted by
   * the caller through this. @default 1 for every negative
   */
  negativeWeights?: ArrayLike<number>
  /** @default 42 */
  seed?: number
}

/** The gate's logit for one embedding. */
export function gateScore (gate: Gate, x: ArrayLike<number>, offset = 0): number {
  let s = gate.b
  for (let j = 0; j < gate.w.length; j++) s += gate.w[j] * x[offset + j]
  return s
}

/**
 * Trains a gate by class-balanced logistic regression (full-batch Adam with L2).
 * @param positives n x dim embeddings of the owner's training inputs, row-major
 * @param negatives m x dim embeddings of the public background
 */
export function trainGate (positives: Float32Array, negatives: Float32Array, dim: number, options: TrainGateOptions = {}): Gate {
  if (!Number.isInteger(dim) || dim < 1) throw new InvalidOptionError('dim', `must be a positive integer, got ${String(dim)}`)
  const P = positives.length / dim
  const N = negatives.length / dim
  if (!Number.isInteger(P) || !Number.isInteger(N) || P === 0 || N === 0) throw new InvalidOptionError('positives', 'need at least one positive and one negative embedding of length dim')
  const steps = options.steps ?? 300
  const lr = options.learningRate ?? 0.05
  const l2 = options.l2 ?? 1e-4
  const nw = options.negativeWeights
  if (nw != null && nw.length !== N) throw new InvalidOptionError('negativeWeights', `has ${nw.length} entries for ${N} negatives`)
  let nwSum = N
  if (nw != null) { nwSum = 0; for (let i = 0; i < N; i++) nwSum += nw[i] }
  const rng = new SeededRandom(options.seed ?? 42)
  const w = new Float64Array(dim).map(() => 0.01 * rng.normal())
  let b = 0
  const m = new Float64Array(dim + 1)
  const v = new Float64Array(dim + 1)
  const g = new Float64Array(dim + 1)
  const pass = (X: Float32Array, n: number, y: number, weightOf: (i: number) => number): void => {
    for (let i = 0; i < n; i++) {
      const o = i * dim
      let s = b
      for (let j = 0; j < dim; j++) s += w[j] * X[o + j]
      const r = (1 / (1 + Math.exp(-s)) - y) * weightOf(i)
      if (r === 0) continue
      for (let j = 0; j < dim; j++) g[j] += r * X[o + j]
      g[dim] += r
    }
  }
  for (let t = 1; t <= steps; t++) {
    g.fill(0)
    pass(positives, P, 1, () => 0.5 / P)
    pass(negatives, N, 0, nw == null ? () => 0.5 / N : (i) => 0.5 * nw[i] / nwSum)
    for (let j = 0; j < dim; j++) g[j] += l2 * w[j]
    for (let j = 0; j <= dim; j++) {
      m[j] = 0.9 * m[j] + 0.1 * g[j]
      v[j] = 0.999 * v[j] + 0.001 * g[j] * g[j]
      const step = lr * (m[j] / (1 - 0.9 ** t)) / (Math.sqrt(v[j] / (1 - 0.999 ** t)) + 1e-8)
      if (j < dim) w[j] -= step
      else b -= step
    }
  }
  return { w: Float32Array.from(w), b }
}

/**
 * Quantises a gate to int8 with one scale, for the advert: `dim + 8` bytes (164-d: 172 bytes).
 * `w[j] ≈ q[j] * scale`.
 */
export function quantizeGate (gate: Gate): { q: Int8Array, scale: number, b: number } {
  let max = 0
  for (const x of gate.w) max = Math.max(max, Math.abs(x))
  const scale = max > 0 ? max / 127 : 1
  return { q: Int8Array.from(gate.w, (x) => Math.round(x / scale)), scale, b: gate.b }
}

/** The gate a quantised advert field stands for. */
export function dequantizeGate (q: Int8Array, scale: number, b: number): Gate {
  return { w: Float32Array.from(q, (x) => x * scale), b }
}
