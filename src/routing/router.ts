/**
 * The router: search the capability index, score and plan, fan out to the chosen experts, aggregate their answers.
 */
import { defaultLogger } from '@libp2p/logger'
import type { ComponentLogger, Logger } from '@libp2p/interface'
import { durationMs, numberInRange, positiveInt } from '../options.js'
import { aggregate, MIXTURE_TEMPERATURE, STRATEGIES, top1 } from '../aggregate/index.js'
import { InvalidOptionError } from '../errors.js'
import {
  DEFAULT_CANDIDATE_POOL, DEFAULT_HEDGE_FRACTION, DEFAULT_STRATEGY, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS
} from './constants.js'
import { NoMatchingExpertError, QueryFailedError } from './errors.js'
import { Fanout, type PeerStatsRecorder, type SpendRecorder } from './fanout.js'
import { planQuery } from './planner.js'
import {
  compareCandidates, isEligible, resolvePolicy, scoreCandidates, type Candidate, type ResolvedPolicy, type RoutingPolicy
} from './scoring.js'
import type { AggregationStrategy } from '../aggregate/index.js'
import type { SearchHit, SearchOptions } from './capability-index.js'
import type { ExpertDispatcher, RouterQuery } from './dispatch.js'
import type { FailedExpert, RoutedAnswer, RoutedExpert } from './routed-answer.js'

/** What the router needs from the capability index. */
export interface RouterIndex {
  search: (query: Float32Array, spaceId: string, options?: SearchOptions) => SearchHit[]
  countInSpace: (spaceId: string, now?: number) => number
}

/** The router's dependencies. */
export interface RouterComponents {
  index: RouterIndex
  dispatcher: ExpertDispatcher
  peerStats: PeerStatsRecorder
  /** This node's peer id: its experts are dispatched with `local = true` and never banned. */
  localPeerId: string
  /** Optional: books the price of every answer received. */
  ledger?: SpendRecorder
  /** Where the router logs (`moemesh:routing:router`); pass `prefixLogger(name)` to tell nodes in one process apart. @default defaultLogger() */
  logger?: ComponentLogger
}

/** Router-wide defaults; every field can be overridden per query. */
export interface RouterInit {
  /** @default {} (see {@link RoutingPolicy} for each field's default) */
  policy?: RoutingPolicy
  /** @default 'top1' */
  strategy?: AggregationStrategy
  /** @default 2000 */
  timeoutMs?: number
  /** Cards (by similarity) that are scored per query; at least k + maxFallbacks are always kept. @default 64 */
  candidatePool?: number
  /** Softmax temperature of the 'mixture' strategy. @default 0.1 */
  mixtureTemperature?: number
}

/** Options of {@link Router.route}. */
export interface RouteOptions {
  /** Answers wanted (overrides `policy.k`). @default 2 */
  k?: number
  /** How answers are combined. @default 'top1' */
  strategy?: AggregationStrategy
  /** The whole query's deadline, from the call to the answer. @default 2000 */
  timeoutMs?: number
  /**
   * A call still pending this long after it started is backed up by the next fallback (the slow call keeps running
   * and counts if it answers first). Pass `timeoutMs` or more to never hedge. @default timeoutMs / 2
   */
  hedgeAfterMs?: number
  /** Merged over the router's policy. */
  policy?: RoutingPolicy
  signal?: AbortSignal
  /** Time the caller spent embedding the query, reported as `timing.embedMs`. */
  embedMs?: number
}
/**
 * Routes a query to the best experts and combines their answers.
 *
 * search (capability index) -> score (policy, peer stats) -> plan (k primaries + fallbacks) -> fan out with one
 * deadline (experts on the same peer share one ask; failures are replaced and slow calls hedged by fallbacks;
 * stragglers are aborted once k answers are in) -> aggregate.
 */
export class Router {
  private readonly components: RouterComponents
  private readonly log: Logger
  private readonly policy: RoutingPolicy
  private readonly strategy: AggregationStrategy
  private readonly timeoutMs: number
  private readonly candidatePool: number
  private readonly mixtureTemperature: number

  constructor (components: RouterComponents, init: RouterInit = {}) {
    this.components = components
    this.log = (components.logger ?? defaultLogger()).forComponent('moemesh:routing:router')
    resolvePolicy(init.policy)
    this.policy = structuredClone(init.policy ?? {})
    this.strategy = init.strategy ?? DEFAULT_STRATEGY
    if (!STRATEGIES.includes(this.strategy)) throw new InvalidOptionError('strategy', `must be one of ${STRATEGIES.join(', ')}`)
    this.timeoutMs = durationMs('timeoutMs', init.timeoutMs, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS)
    this.candidatePool = positiveInt('candidatePool', init.candidatePool, DEFAULT_CANDIDATE_POOL)
    this.mixtureTemperature = numberInRange('mixtureTemperature', init.mixtureTemperature, MIXTURE_TEMPERATURE, 0, Infinity, { minExclusive: true })
  }

  /**
   * Chooses experts for the query and returns the plan without calling anyone: the routing decision alone.
   * Throws {@link NoMatchingExpertError} when no card in the space passes the policy.
   */
  plan (query: RouterQuery, policy: RoutingPolicy = {}, options: { now?: number } = {}): { primary: Candidate[], fallbacks: Candidate[], policy: ResolvedPolicy } {
    const { index, peerStats } = this.components
    const resolved = resolvePolicy({
      ...this.policy,
      ...policy,
      weights: { ...this.policy.weights, ...policy.weights }
    })
    const now = options.now ?? Date.now()
    const hits = index.search(query.vector, query.spaceId, {
      limit: Math.max(this.candidatePool, resolved.k + resolved.maxFallbacks),
      minSimilarity: resolved.minSimilarity,
      now,
      filter: entry => isEligible(entry, resolved, peerStats, now)
    })
    if (hits.length === 0) {
      throw new NoMatchingExpertError(query.spaceId, index.countInSpace(query.spaceId, now) === 0 ? 'no-cards' : 'policy')
    }
    const plan = planQuery(scoreCandidates(hits, resolved, peerStats, { now }), resolved)
    if (plan.primary.length === 0) throw new NoMatchingExpertError(query.spaceId, 'policy')
    return { ...plan, policy: resolved }
  }

  /**
   * Answers a query from the best k experts by `timeoutMs` at the latest. Returns as soon as k answers are in, or
   * with fewer when the deadline passes or every candidate failed.
   *
   * Throws {@link NoMatchingExpertError} when no expert can be chosen, {@link QueryFailedError} when none answered,
   * {@link InvalidOptionError} for a bad option or query, and the signal's reason when `signal` aborts.
   */
  async route (query: RouterQuery, options: RouteOptions = {}): Promise<RoutedAnswer> {
    const started = performance.now()
    const timeoutMs = durationMs('timeoutMs', options.timeoutMs, this.timeoutMs, MAX_TIMEOUT_MS)
    const hedgeAfterMs = durationMs('hedgeAfterMs', options.hedgeAfterMs, timeoutMs * DEFAULT_HEDGE_FRACTION, Infinity)
    const strategy = options.strategy ?? this.strategy
    if (!STRATEGIES.includes(strategy)) throw new InvalidOptionError('strategy', `must be one of ${STRATEGIES.join(', ')}`)
    if (options.embedMs !== undefined) numberInRange('embedMs', options.embedMs, 0, 0, Infinity)
    if (query === null || typeof query !== 'object' || typeof query.text !== 'string') throw new InvalidOptionError('query.text', 'must be a string')
    if (typeof query.spaceId !== 'string' || query.spaceId.length === 0) throw new InvalidOptionError('query.spaceId', 'must be a non-empty string')
    options.signal?.throwIfAborted()

    const { primary, fallbacks, policy } = this.plan(query, options.k === undefined ? options.policy : { ...options.policy, k: options.k })
    const routeMs = performance.now() - started
    this.log('%d primary, %d fallback candidates in %s ms', primary.length, fallbacks.length, routeMs.toFixed(3))

    const fanout = new Fanout({
      dispatcher: this.components.dispatcher,
      peerStats: this.components.peerStats,
      ledger: this.components.ledger,
      localPeerId: this.components.localPeerId,
      query,
      policy,
      timeoutMs,
      hedgeAfterMs,
      deadline: started + timeoutMs,
      signal: options.signal,
      log: this.log
    }, fallbacks)
    const { answered, failures } = await fanout.run(primary)
    const failed: FailedExpert[] = failures.map(({ candidate, error }) => ({
      peer: candidate.peerId,
      expert: candidate.expertId,
      name: candidate.entry.card.name,
      error: error.message,
      code: error.code
    }))
    if (answered.length === 0) throw new QueryFailedError(failures.map(f => f.error), timeoutMs)

    answered.sort((a, b) => compareCandidates(a.candidate, b.candidate))
    const inputs = answered.map(a => ({ labels: a.candidate.entry.card.labels, distribution: a.probs, score: a.candidate.score }))
    const combined = aggregate(strategy, inputs, { temperature: this.mixtureTemperature })
    const experts: RoutedExpert[] = answered.map((a, i) => ({
      peer: a.candidate.peerId,
      expert: a.candidate.expertId,
      name: a.candidate.entry.card.name,
      score: a.candidate.score,
      similarity: a.candidate.similarity,
      latencyMs: a.latencyMs,
      answer: top1([inputs[i]]),
      price: a.price
    }))
    return {
      label: combined.label,
      distribution: combined.distribution,
      confidence: combined.confidence,
      strategy,
      experts,
      failed,
      timing: {
        ...(options.embedMs !== undefined ? { embedMs: options.embedMs } : {}),
        routeMs,
        totalMs: performance.now() - started
      }
    }
  }
}
