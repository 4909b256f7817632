import { VOTE_MIN_WEIGHT } from './constants.js'
import { argmax, byScore, toProbabilities, toRecord, type AggregateResult, type ExpertAnswer } from './types.js'

/**
 * Score-weighted plurality: each expert votes for its own top label with weight max(score, 1e-6). The distribution
 * is the vote share over the union of labels (0 for labels nobody voted for); confidence is the winner's share.
 * Equal totals are broken by the best score among each label's voters.
 */
export function vote (answers: readonly ExpertAnswer[]): AggregateResult {
  const sorted = byScore(answers)
  const votes = new Map<string, number>()
  const bestVoter = new Map<string, number>()
  for (const answer of sorted) {
    const probs = toProbabilities(answer)
    for (const label of probs.keys()) if (!votes.has(label)) votes.set(label, 0)
    const choice = argmax(probs).label
    votes.set(choice, (votes.get(choice) ?? 0) + Math.max(answer.score, VOTE_MIN_WEIGHT))
    if (!bestVoter.has(choice)) bestVoter.set(choice, answer.score)
  }
  let label = ''
  let total = -Infinity
  let tieScore = -Infinity
  for (const [l, v] of votes) {
    const s = bestVoter.get(l) ?? -Infinity
    if (v > total || (v === total && s > tieScore)) {
      label = l
      total = v
      tieScore = s
    }
  }
  const distribution = toRecord(votes)
  return { label, distribution, confidence: distribution[label] }
}
