/**
 * Aggregation strategies: how the answers of several experts become one.
 *
 * @example
 * ```ts
 * import { aggregate } from './aggregate/index.js'
 *
 * const result = aggregate('mixture', [
 *   { labels: ['spam', 'ham'], distribution: [0.9, 0.1], score: 0.82 },
 *   { labels: ['ham', 'spam', 'list'], distribution: [0.5, 0.3, 0.2], score: 0.61 }
 * ])
 * // result.label === 'spam'; result.distribution has spam, ham and list
 * ```
 */
import { InvalidOptionError } from '../errors.js'
import { mixture, type MixtureOptions } from './mixture.js'
import { top1 } from './top1.js'
import { vote } from './vote.js'
import type { AggregateResult, AggregationStrategy, ExpertAnswer } from './types.js'

export { top1 } from './top1.js'
export { mixture, type MixtureOptions } from './mixture.js'
export { vote } from './vote.js'
export { MIXTURE_TEMPERATURE, VOTE_MIN_WEIGHT } from './constants.js'
export type { AggregateResult, AggregationStrategy, ExpertAnswer } from './types.js'

/** The names of the built-in strategies. */
export const STRATEGIES: readonly AggregationStrategy[] = Object.freeze(['top1', 'mixture', 'vote'])

/** Runs one strategy by name; throws {@link InvalidOptionError} for an unknown name or bad answers. */
export function aggregate (strategy: AggregationStrategy, answers: readonly ExpertAnswer[], options: MixtureOptions = {}): AggregateResult {
  switch (strategy) {
    case 'top1': return top1(answers)
    case 'mixture': return mixture(answers, options)
    case 'vote': return vote(answers)
    default: throw new InvalidOptionError('strategy', `must be one of ${STRATEGIES.join(', ')}`)
  }
}
