/** Numbers that shape aggregation, each with its reason. */

/**
 * Softmax temperature over routing scores in `mixture`. Scores are cosine similarities (differences of ~0.05-0.3
 * between domain experts), so at 0.1 a 0.1 lead weighs e (~2.7x) more and a 0.3 lead ~20x: the better-routed
 * expert dominates unless the scores are close.
 */
export const MIXTURE_TEMPERATURE = 0.1

/** The vote weight of an answer whose routing score is <= 0: tiny but positive, so every answer still votes. */
export const VOTE_MIN_WEIGHT = 1e-6
