/**
 * Calibration an expert owner fits on its own held-out data, so that numbers from different experts can be
 * compared and combined: temperature scaling of the expert's answer probabilities, and Platt scaling of a
 * raw competence score into a probability "this query is mine". Pure functions; nothing leaves the owner
 * but the fitted scalars.
 */
import { InvalidOptionError } from '../errors.js'

/** Temperatures searched by {@link fitTemperature} lie in this range. */
export const MIN_TEMPERATURE = 0.05
export const MAX_TEMPERATURE = 20

/** Softmax of `log(p) / T`: the answer probabilities of an expert, re-tempered. T = 1 returns `p`. */
export function temper (probs: ArrayLike<number>, temperature: number): Float64Array {
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new InvalidOptionError('temperature', `must be a positive number, got ${String(temperature)}`)
  const out = new Float64Array(probs.length)
  let max = -Infinity
  for (let c = 0; c < probs.length; c++) {
    out[c] = Math.log(Math.max(probs[c], 1e-12)) / temperature
    if (out[c] > max) max = out[c]
  }
  let sum = 0
  for (let c = 0; c < out.length; c++) { out[c] = Math.exp(out[c] - max); sum += out[c] }
  for (let c = 0; c < out.length; c++) out[c] /= sum
  return out
}

/**
 * Fits the temperature that minimises the negative log-likelihood of the true labels (temperature scaling,
 * Guo et al. 2017), by golden-section search on log T.
 * @param probs n x C probabilities, row-major
 * @param labels n true label indices
 * @returns the temperature (1 when there are no examples)
 */
export function fitTemperature (probs: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  const n = labels.length
  if (probs.length !== n * classes) throw new InvalidOptionError('probs', `has ${probs.length} values, not ${n} x ${classes}`)
  if (n === 0) return 1
  const logp = new Float64Array(probs.length)
  for (let i = 0; i < probs.length; i++) logp[i] = Math.log(Math.max(probs[i], 1e-12))
  const nll = (t: number): number => {
    let total = 0
    for (let q = 0; q < n; q++) {
      let max = -Infinity
      for (let c = 0; c < classes; c++) max = Math.max(max, logp[q * classes + c] / t)
      let sum = 0
      for (let c = 0; c < classes; c++) sum += Math.exp(logp[q * classes + c] / t - max)
      total -= logp[q * classes + labels[q]] / t - max - Math.log(sum)
    }
    return total / n
  }
  return Math.exp(goldenSection((u) => nll(Math.exp(u)), Math.log(MIN_TEMPERATURE), Math.log(MAX_TEMPERATURE), 40))
}

/** A logistic map `P = sigmoid(a * score + b)`. */
export interface Platt {
  a: number
  b: number
}

/** `sigmoid(a * score + b)`. */
export function applyPlatt (platt: Platt, score: number): number {
  return 1 / (1 + Math.exp(-(platt.a * score + platt.b)))
}

/**
 * Platt scaling: fits `a`, `b` so that `sigmoid(a * s + b)` is the probability that a score came from a
 * positive, by Newton's method on the (class-balanced when `balance`) log-likelihood.
 * @param positives scores of examples that are the owner's (its calibration split)
 * @param negatives scores of examples that are not (held-out background)
 * @param balance weight both classes equally (a prior of 1/2) @default true
 */
export function fitPlatt (positives: ArrayLike<number>, negatives: ArrayLike<number>, balance = true): Platt {
  if (positives.length === 0 || negatives.length === 0) throw new InvalidOptionError('positives', 'Platt scaling needs at least one positive and one negative score')
  const wp = balance ? 0.5 / positives.length : 1
  const wn = balance ? 0.5 / negatives.length : 1
  let a = 1
  let b = 0
  for (let iter = 0; iter < 50; iter++) {
    let ga = 0; let gb = 0; let haa = 1e-9; let hab = 0; let hbb = 1e-9
    const step = (s: number, y: number, w: number): void => {
      const p = 1 / (1 + Math.exp(-(a * s + b)))
      const r = (p - y) * w
      const h = p * (1 - p) * w
      ga += r * s; gb += r
      haa += h * s * s; hab += h * s; hbb += h
    }
    for (let i = 0; i < positives.length; i++) step(positives[i], 1, wp)
    for (let i = 0; i < negatives.length; i++) step(negatives[i], 0, wn)
    const det = haa * hbb - hab * hab
    if (!(Math.abs(det) > 1e-18)) break
    const da = (hbb * ga - hab * gb) / det
    const db = (haa * gb - hab * ga) / det
    a -= da; b -= db
    if (Math.abs(da) + Math.abs(db) < 1e-9) break
  }
  return { a, b }
}

function goldenSection (f: (x: number) => number, lo: number, hi: number, iterations: number): number {
  const g = (Math.sqrt(5) - 1) / 2
  let a = lo; let b = hi
  let c = b - g * (b - a); let d = a + g * (b - a)
  let fc = f(c); let fd = f(d)
  for (let i = 0; i < iterations; i++) {
    if (fc < fd) { b = d; d = c; fd = fc; c = b - g * (b - a); fc = f(c) } else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = f(d) }
  }
  return (a + b) / 2
}
