import { InvalidOptionError } from '../errors.js'

/** One expert's answer as aggregation sees it. */
export interface ExpertAnswer {
  /** The expert's output classes, in its output order. */
  labels: readonly string[]
  /** Probabilities over `labels` (same length; non-negative; renormalised here). */
  distribution: ArrayLike<number>
  /** The expert's routing score (higher = the router trusted it more for this query). */
  score: number
}

/** A combined answer. Provenance (which expert said what) is kept by the caller. */
export interface AggregateResult {
  /** The winning label. */
  label: string
  /** Probability per label over the union of the answers' label sets; sums to 1. */
  distribution: Record<string, number>
  /** The winning label's probability (its vote share for `vote`). */
  confidence: number
}

/** The built-in strategies. */
export type AggregationStrategy = 'top1' | 'mixture' | 'vote'

/** A label -> probability map, in the expert's label order (duplicate labels are summed). */
export type LabelProbabilities = Map<string, number>

/**
 * Validates and normalises one answer: throws {@link InvalidOptionError} when the distribution's length differs
 * from the labels', a value is negative or not finite, or everything is zero.
 */
export function toProbabilities (answer: ExpertAnswer, field = 'answers'): LabelProbabilities {
  const { labels, distribution } = answer
  if (!Array.isArray(labels) || labels.length === 0) throw new InvalidOptionError(`${field}.labels`, 'must be a non-empty array of labels')
  if (distribution === null || typeof distribution !== 'object' || distribution.length !== labels.length) {
    throw new InvalidOptionError(`${field}.distribution`, `must have one value per label (${labels.length})`)
  }
  let sum = 0
  for (let i = 0; i < distribution.length; i++) {
    const v = distribution[i]
    if (!Number.isFinite(v) || v < 0) throw new InvalidOptionError(`${field}.distribution`, 'values must be finite and >= 0')
    sum += v
  }
  if (sum === 0) throw new InvalidOptionError(`${field}.distribution`, 'must not be all zeros')
  const out: LabelProbabilities = new Map()
  for (let i = 0; i < labels.length; i++) out.set(labels[i], (out.get(labels[i]) ?? 0) + distribution[i] / sum)
  return out
}

/** The answers best-scored first (stable for equal scores); throws when there are none or a score is not finite. */
export function byScore (answers: readonly ExpertAnswer[]): ExpertAnswer[] {
  if (!Array.isArray(answers) || answers.length === 0) throw new InvalidOptionError('answers', 'need at least one answer')
  for (const a of answers) if (!Number.isFinite(a.score)) throw new InvalidOptionError('answers.score', 'must be a finite number')
  return answers.map((a, i) => ({ a, i })).sort((x, y) => (y.a.score - x.a.score) || (x.i - y.i)).map(({ a }) => a)
}

/** The label with the highest value; the first one in iteration order wins ties. */
export function argmax (probs: ReadonlyMap<string, number>): { label: string, value: number } {
  let label = ''
  let value = -Infinity
  for (const [l, v] of probs) {
    if (v > value) {
      label = l
      value = v
    }
  }
  return { label, value }
}

/**
 * Plain-object form of a label map, normalised to sum 1. Labels come from remote peers, so they are written as own
 * data properties (a label such as `__proto__` stays a label). Integer-like labels list first, as in any object.
 */
export function toRecord (probs: ReadonlyMap<string, number>): Record<string, number> {
  let sum = 0
  for (const v of probs.values()) sum += v
  return Object.fromEntries([...probs].map(([l, v]) => [l, sum > 0 ? v / sum : 0]))
}
