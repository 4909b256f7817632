/**
 * Runs an aggregation strategy by name.
 */
import { InvalidOptionError } from '../errors.js'
import { mixture, type MixtureOptions } from './mixture.js'
import { top1 } from './top1.js'
import { vote } from './vote.js'
import type { AggregateResult, AggregationStrategy, ExpertAnswer } from './types.js'

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
