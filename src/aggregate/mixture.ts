import { numberInRange } from '../options.js'
import { MIXTURE_TEMPERATURE } from './constants.js'
import { argmax, byScore, toProbabilities, toRecord, type AggregateResult, type ExpertAnswer } from './types.js'

/** Options of {@link mixture}. */
export interface MixtureOptions {
  /** Softmax temperature over routing scores; lower trusts the best-routed expert more. @default 0.1 */
  temperature?: number
}

/**
 * Score-weighted mixture: p(label) = sum_i w_i p_i(label) with w = softmax(score / temperature), over the union of
 * the experts' labels (an expert gives 0 to a label it does not know), renormalised. Ties go to the label met first
 * in the best-scored expert's order.
 */
export function mixture (answers: readonly ExpertAnswer[], options: MixtureOptions = {}): AggregateResult {
  const temperature = numberInRange('temperature', options.temperature, MIXTURE_TEMPERATURE, 0, Infinity, { minExclusive: true })
  const sorted = byScore(answers)
  const top = sorted[0].score
  const raw = sorted.map(a => Math.exp((a.score - top) / temperature))
  const total = raw.reduce((s, x) => s + x, 0)
  const mixed = new Map<string, number>()
  sorted.forEach((answer, i) => {
    const w = raw[i] / total
    for (const [label, p] of toProbabilities(answer)) mixed.set(label, (mixed.get(label) ?? 0) + w * p)
  })
  const distribution = toRecord(mixed)
  const { label } = argmax(mixed)
  return { label, distribution, confidence: distribution[label] }
}
