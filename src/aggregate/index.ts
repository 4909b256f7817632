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
export { aggregate, STRATEGIES } from './aggregate.js'
export { top1 } from './top1.js'
export { mixture, type MixtureOptions } from './mixture.js'
export { vote } from './vote.js'
export { MIXTURE_TEMPERATURE, VOTE_MIN_WEIGHT } from './constants.js'
export type { AggregateResult, AggregationStrategy, ExpertAnswer } from './types.js'
