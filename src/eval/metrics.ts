/**
 * Answer-quality metrics for routed experts: accuracy, routing accuracy at k, expected calibration error,
 * AUROC, and micro / macro pooling over experts. Pure functions over plain arrays; no I/O.
 */
import { InvalidOptionError } from '../errors.js'

/** Bins of {@link expectedCalibrationError} unless told otherwise (the usual choice in the literature). */
export const DEFAULT_ECE_BINS = 15

/** Fraction of `true` values; 0 for an empty list. */
export function accuracy (correct: ArrayLike<boolean>): number {
  if (correct.length === 0) return 0
  let n = 0
  for (let i = 0; i < correct.length; i++) if (correct[i]) n++
  return n / correct.length
}

/**
 * Routing accuracy at k: the share of queries whose own expert is among the first `k` of its ranking.
 * @param rankings per query, expert indices best first
 * @param truth per query, the index of the query's own expert
 */
export function routingAccuracyAt (rankings: ReadonlyArray<ArrayLike<number>>, truth: ArrayLike<number>, k: number): number {
  if (rankings.length !== truth.length) throw new InvalidOptionError('rankings', `has ${rankings.length} rows for ${truth.length} queries`)
  if (!Number.isInteger(k) || k < 1) throw new InvalidOptionError('k', `must be a positive integer, got ${String(k)}`)
  if (truth.length === 0) return 0
  let hit = 0
  for (let q = 0; q < truth.length; q++) {
    const r = rankings[q]
    for (let j = 0; j < Math.min(k, r.length); j++) {
      if (r[j] === truth[q]) { hit++; break }
    }
  }
  return hit / truth.length
}

/**
 * Expected calibration error: answers are put into `bins` equal-width confidence bins over [0, 1]; ECE is the
 * mean over bins of |accuracy - mean confidence|, weighted by the share of answers in the bin.
 * @param confidence per answer, the stated probability that it is right (0..1)
 * @param correct per answer, whether it was right
 * @param bins @default 15
 */
export function expectedCalibrationError (confidence: ArrayLike<number>, correct: ArrayLike<boolean>, bins: number = DEFAULT_ECE_BINS): number {
  if (confidence.length !== correct.length) throw new InvalidOptionError('confidence', `has ${confidence.length} values for ${correct.length} answers`)
  if (!Number.isInteger(bins) || bins < 1) throw new InvalidOptionError('bins', `must be a positive integer, got ${String(bins)}`)
  const n = confidence.length
  if (n === 0) return 0
  const count = new Float64Array(bins)
  const confSum = new Float64Array(bins)
  const hitSum = new Float64Array(bins)
  for (let i = 0; i < n; i++) {
    const c = Math.min(1, Math.max(0, confidence[i]))
    const b = Math.min(bins - 1, Math.floor(c * bins))
    count[b]++
    confSum[b] += c
    if (correct[i]) hitSum[b]++
  }
  let ece = 0
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue
    ece += (count[b] / n) * Math.abs(hitSum[b] / count[b] - confSum[b] / count[b])
  }
  return ece
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative (ties
 * count one half). Computed by ranking (Mann-Whitney U), O(n log n). Returns 0.5 when a class is empty.
 * @param positives scores of the positive class (e.g. out-of-domain queries, scored by "how foreign")
 * @param negatives scores of the negative class
 */
export function auroc (positives: ArrayLike<number>, negatives: ArrayLike<number>): number {
  const P = positives.length
  const N = negatives.length
  if (P === 0 || N === 0) return 0.5
  const all: Array<[number, number]> = []
  for (let i = 0; i < P; i++) all.push([positives[i], 1])
  for (let i = 0; i < N; i++) all.push([negatives[i], 0])
  all.sort((a, b) => a[0] - b[0])
  // Sum of the (average, 1-based) ranks of the positives.
  let rankSum = 0
  for (let i = 0; i < all.length;) {
    let j = i
    while (j + 1 < all.length && all[j + 1][0] === all[i][0]) j++
    const avg = (i + j) / 2 + 1
    for (let t = i; t <= j; t++) if (all[t][1] === 1) rankSum += avg
    i = j + 1
  }
  return (rankSum - P * (P + 1) / 2) / (P * N)
}

/** A metric per group (expert) and its two poolings. */
export interface Pooled {
  /** Over all items at once (large groups weigh more). */
  micro: number
  /** Mean of the groups' values (every group weighs the same). */
  macro: number
  /** Per group, in group order. */
  groups: number[]
}

/**
 * Pools a per-item 0/1 outcome over groups: micro (over all items) and macro (mean of group means).
 * @param values per item
 * @param group per item, its group index 0..groups-1
 */
export function poolMean (values: ArrayLike<number | boolean>, group: ArrayLike<number>, groups: number): Pooled {
  if (values.length !== group.length) throw new InvalidOptionError('group', `has ${group.length} entries for ${values.length} values`)
  const sum = new Float64Array(groups)
  const count = new Float64Array(groups)
  let total = 0
  for (let i = 0; i < values.length; i++) {
    const g = group[i]
    if (!Number.isInteger(g) || g < 0 || g >= groups) throw new InvalidOptionError('group', `entry ${i} is ${String(g)}, not a group in 0..${groups - 1}`)
    const v = Number(values[i])
    sum[g] += v
    count[g]++
    total += v
  }
  const means = Array.from(sum, (s, g) => count[g] > 0 ? s / count[g] : 0)
  const present = means.filter((_, g) => count[g] > 0)
  return {
    micro: values.length > 0 ? total / values.length : 0,
    macro: present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : 0,
    groups: means
  }
}
