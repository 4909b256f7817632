import { argmax, byScore, toProbabilities, toRecord, type AggregateResult, type ExpertAnswer } from './types.js'

/**
 * The best-scored answering expert's own distribution; the others are ignored (ties: the first given).
 * The right choice when experts' label sets and confidences are not comparable.
 */
export function top1 (answers: readonly ExpertAnswer[]): AggregateResult {
  const best = byScore(answers)[0]
  const probs = toProbabilities(best)
  const { label, value } = argmax(probs)
  return { label, distribution: toRecord(probs), confidence: value }
}
