/**
 * Combining several validators' figures for one card (Yuma-consensus style): the weighted median is the
 * consensus; each value is clipped to the consensus +- `clip`, then the weighted mean of the clipped values is
 * taken. A validator that reports far from the others moves the result by at most `clip` times its share of the
 * weight, and validators holding less than half of the weight cannot move the median at all.
 */

/** One validator's value and the weight we give it (never a number it declared). */
export interface WeightedValue {
  value: number
  weight: number
}

/**
 * The weighted median: the smallest value at which the cumulative weight reaches half the total (lower median).
 * `undefined` when no value has a positive, finite weight.
 */
export function weightedMedian (values: readonly WeightedValue[]): number | undefined {
  const usable = values.filter(v => Number.isFinite(v.value) && Number.isFinite(v.weight) && v.weight > 0)
  if (usable.length === 0) return undefined
  usable.sort((a, b) => a.value - b.value)
  const total = usable.reduce((s, v) => s + v.weight, 0)
  let acc = 0
  for (const v of usable) {
    acc += v.weight
    if (acc >= total / 2) return v.value
  }
  return usable[usable.length - 1].value
}

/**
 * The clipped weighted mean around the weighted median (see the module comment). `undefined` when no value has
 * a positive, finite weight.
 */
export function clippedWeightedMedian (values: readonly WeightedValue[], clip: number): number | undefined {
  const median = weightedMedian(values)
  if (median === undefined) return undefined
  let sum = 0
  let total = 0
  for (const v of values) {
    if (!Number.isFinite(v.value) || !Number.isFinite(v.weight) || v.weight <= 0) continue
    sum += v.weight * Math.min(median + clip, Math.max(median - clip, v.value))
    total += v.weight
  }
  return sum / total
}
