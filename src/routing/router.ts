import { logger } from '@libp2p/logger'
import { durationMs } from '../options.js'
import { aggregate, STRATEGIES, top1 } from '../aggregate/index.js'
import { InvalidOptionError } from '../errors.js'
import {
  DEFAULT_CANDIDATE_POOL, DEFAULT_HEDGE_FRACTION, DEFAULT_STRATEGY, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS
} from './constants.js'
import {
  ExpertAnswerError, ExpertCancelledError, ExpertTimeoutError, ExpertUnreachableError, InvalidExpertAnswerError,
  NoMatchingExpertError, QueryFailedError, type ExpertCallError
} from './errors.js'
import { planQuery } from './planner.js'
import {
  compareCandidates, isEligible, resolvePolicy, scoreCandidates, type Candidate, type PeerStatsView,
  type ResolvedPolicy, type RoutingPolicy
} from './scoring.js'
import type { AggregationStrategy } from '../aggregate/index.js'
import type { SearchHit, SearchOptions } from './capability-index.js'

const log = logger('moemesh:routing:router')

/** The query as the router needs it: text for the experts, vector for routing. */
export interface RouterQuery {
  text: string
  /** The query embedded in `spaceId` (normalised by the index if it is not). */
  vector: Float32Array
  spaceId: string
}

/** Options the router passes to one {@link ExpertDispatcher.ask}. */
export interface DispatchOptions {
  /** Fires when the answer is no longer wanted (deadline, enough answers, caller abort). */
  signal: AbortSignal
  /** Milliseconds left until the query deadline. */
  timeoutMs: number
  /** The most credits per answer the caller accepts. */
  maxPrice?: number
}

/** One expert's answer (or error) from a dispatch. */
export interface DispatchResult {
  expertId: string
  /** Probabilities over the card's labels, in the card's label order. */
  distribution?: Float32Array
  /** Set when the expert could not answer; the distribution is then ignored. */
  error?: string
  /** Time the serving side spent (informational: the router measures the round trip itself). */
  latencyMs: number
  /** Credits charged. */
  price: number
}

/**
 * Runs experts: local ones in-process, remote ones over the query protocol. The node implements it. One call asks
 * one peer for one or more of its experts; it should honour `signal`, but the router never waits past the deadline
 * even when it does not.
 */
export interface ExpertDispatcher {
  ask: (peerId: string, local: boolean, expertIds: string[], query: RouterQuery, options: DispatchOptions) => Promise<DispatchResult[]>
}

/** What the router needs from the capability index. */
export interface RouterIndex {
  search: (query: Float32Array, spaceId: string, options?: SearchOptions) => SearchHit[]
  countInSpace: (spaceId: string, now?: number) => number
}

/** What the router needs from peer statistics (the market's `PeerStats` provides it). */
export interface PeerStatsRecorder extends PeerStatsView {
  recordSuccess: (peerId: string, latencyMs: number) => void
  recordFailure: (peerId: string, options?: { ban?: boolean, latencyMs?: number }) => void
}

/** Where the router books credits paid for answers (the market's `Ledger` provides it). */
export interface SpendRecorder {
  recordSpent: (peerId: string, amount: number) => void
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
  /** Time the caller spent embedding the query, reported as `timing.embed_ms`. */
  embedMs?: number
}

/** One answer as it crossed the wire, for display. */
export interface ExpertAnswerView {
  label: string
  confidence: number
  distribution: Record<string, number>
}

/** An expert that answered, with where it ran and why it was chosen. */
export interface RoutedExpert {
  peer: string
  /** Expert id. */
  expert: string
  name: string
  score: number
  similarity: number
  /** Wall time of the call as the router saw it (queueing, network and inference). */
  latency_ms: number
  answer: ExpertAnswerView
  price: number
}

/** An expert that was called and did not answer usably. */
export interface FailedExpert {
  peer: string
  expert: string
  name: string
  /** One sentence for a person. */
  error: string
  /** A stable code (EXPERT_TIMEOUT, EXPERT_UNREACHABLE, EXPERT_ERROR, INVALID_ANSWER). */
  code: string
}

/** The combined answer, with provenance. */
export interface RoutedAnswer {
  label: string
  distribution: Record<string, number>
  confidence: number
  strategy: AggregationStrategy
  /** Best-scored first. */
  experts: RoutedExpert[]
  failed: FailedExpert[]
  timing: { embed_ms?: number, route_ms: number, total_ms: number }
}

interface Answered {
  candidate: Candidate
  probs: Float32Array
  latencyMs: number
  price: number
}

interface Failure {
  candidate: Candidate
  error: ExpertCallError
}

interface Attempt {
  peerId: string
  local: boolean
  candidates: Candidate[]
  controller: AbortController
  startedAt: number
  settled: boolean
  hedged: boolean
  hedgeTimer?: ReturnType<typeof setTimeout>
}

interface FanoutContext {
  dispatcher: ExpertDispatcher
  peerStats: PeerStatsRecorder
  ledger?: SpendRecorder
  localPeerId: string
  query: RouterQuery
  policy: ResolvedPolicy
  timeoutMs: number
  hedgeAfterMs: number
  /** performance.now() value at which everything ends. */
  deadline: number
  signal?: AbortSignal
}

type FinishReason = 'enough' | 'exhausted' | 'deadline' | 'aborted'

/** Returns the normalised distribution, or why it is unusable. */
function checkDistribution (value: unknown, labels: number): Float32Array | string {
  if (!(value instanceof Float32Array) && !Array.isArray(value)) return 'no distribution'
  if (value.length !== labels) return `distribution has ${value.length} values for ${labels} labels`
  let sum = 0
  for (let i = 0; i < value.length; i++) {
    const v = value[i]
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return 'distribution has a negative or non-finite value'
    sum += v
  }
  if (sum <= 0) return 'distribution is all zeros'
  const out = new Float32Array(labels)
  for (let i = 0; i < labels; i++) out[i] = value[i] / sum
  return out
}

function isTimeout (err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name
  return name === 'TimeoutError' || name === 'AbortError'
}

/**
 * One query's fan-out: calls the primaries (one ask per peer), replaces each failure and hedges each slow call with
 * the next fallback while time remains, and ends at k answers, when nothing is left to wait for, at the deadline,
 * or on the caller's abort - whichever comes first. Never waits on a dispatcher past the deadline.
 */
class Fanout {
  private readonly ctx: FanoutContext
  private readonly fallbacks: Candidate[]
  private readonly used = new Set<Candidate>()
  private readonly answered = new Map<string, Answered>()
  private readonly failures: Failure[] = []
  /** Candidates in flight that still count towards k (not yet hedged). */
  private readonly live = new Set<Candidate>()
  private readonly attempts = new Set<Attempt>()
  /** Peers that could not be reached during this query (local ones are not banned, so they are remembered here). */
  private readonly deadPeers = new Set<string>()
  private committed = 0
  private done = false
  private deadlineTimer?: ReturnType<typeof setTimeout>
  private onAbort?: () => void
  private resolve!: (value: { answered: Answered[], failures: Failure[] }) => void
  private reject!: (reason: unknown) => void

  constructor (ctx: FanoutContext, fallbacks: Candidate[]) {
    this.ctx = ctx
    this.fallbacks = fallbacks
  }

  run (primary: Candidate[]): Promise<{ answered: Answered[], failures: Failure[] }> {
    return new Promise((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
      const { signal } = this.ctx
      if (signal !== undefined) {
        this.onAbort = () => { this.finish('aborted') }
        signal.addEventListener('abort', this.onAbort, { once: true })
      }
      const remaining = this.ctx.deadline - performance.now()
      if (remaining <= 0) {
        this.finish('deadline')
        return
      }
      this.deadlineTimer = setTimeout(() => { this.finish('deadline') }, remaining)
      this.launch(primary)
      this.checkDone()
    })
  }

  private launch (candidates: Candidate[]): void {
    const byPeer = new Map<string, Candidate[]>()
    for (const c of candidates) {
      const group = byPeer.get(c.peerId)
      if (group === undefined) byPeer.set(c.peerId, [c])
      else group.push(c)
    }
    for (const [peerId, group] of byPeer) this.startAttempt(peerId, group)
  }

  private startAttempt (peerId: string, candidates: Candidate[]): void {
    const { dispatcher, query, policy } = this.ctx
    const now = performance.now()
    const remaining = Math.max(1, Math.floor(this.ctx.deadline - now))
    const attempt: Attempt = {
      peerId,
      local: peerId === this.ctx.localPeerId || candidates.every(c => c.local),
      candidates,
      controller: new AbortController(),
      startedAt: now,
      settled: false,
      hedged: false
    }
    this.attempts.add(attempt)
    for (const c of candidates) {
      this.live.add(c)
      this.used.add(c)
      this.committed += c.price
    }
    if (this.ctx.hedgeAfterMs < remaining) {
      attempt.hedgeTimer = setTimeout(() => { this.hedge(attempt) }, this.ctx.hedgeAfterMs)
    }
    let pending: Promise<DispatchResult[]>
    try {
      pending = Promise.resolve(dispatcher.ask(peerId, attempt.local, candidates.map(c => c.expertId), query, {
        signal: attempt.controller.signal,
        timeoutMs: remaining,
        ...(Number.isFinite(policy.maxPricePerExpert) ? { maxPrice: policy.maxPricePerExpert } : {})
      }))
    } catch (err) {
      pending = Promise.reject(err)
    }
    pending.then(results => { this.onResults(attempt, results) }, err => { this.onError(attempt, err) })
      // A bug in handling one answer must never become an unhandled rejection (it would end the process) or
      // leave the query waiting for its deadline: fail that attempt instead.
      .catch((err: unknown) => {
        log.error('handling the answer of %p failed: %e', attempt.peerId, err)
        if (!attempt.settled) this.onError(attempt, err)
        else this.checkDone()
      })
  }

  /** Marks an attempt finished; returns how many of its candidates still counted towards k. */
  private settle (attempt: Attempt): number {
    attempt.settled = true
    this.attempts.delete(attempt)
    clearTimeout(attempt.hedgeTimer)
    let live = 0
    for (const c of attempt.candidates) {
      if (this.live.delete(c)) live++
      this.committed -= c.price
    }
    return live
  }

  private onResults (attempt: Attempt, results: DispatchResult[]): void {
    if (this.done || attempt.settled) return
    const wasLive = new Set(attempt.candidates.filter(c => this.live.has(c)))
    this.settle(attempt)
    const elapsed = performance.now() - attempt.startedAt
    const byId = new Map<string, DispatchResult>()
    if (Array.isArray(results)) {
      for (const r of results.slice(0, attempt.candidates.length * 4)) {
        if (r !== null && typeof r === 'object' && typeof r.expertId === 'string' && !byId.has(r.expertId)) byId.set(r.expertId, r)
      }
    }
    let ok = 0
    let replace = 0
    for (const c of attempt.candidates) {
      const r = byId.get(c.expertId)
      let error: ExpertCallError | undefined
      if (r === undefined) {
        error = new InvalidExpertAnswerError(c.peerId, c.expertId, 'the peer returned no answer for this expert')
      } else if (typeof r.error === 'string' && r.error.length > 0) {
        error = new ExpertAnswerError(c.peerId, c.expertId, r.error)
      } else {
        const probs = checkDistribution(r.distribution, c.entry.card.labels.length)
        if (typeof probs === 'string') {
          error = new InvalidExpertAnswerError(c.peerId, c.expertId, probs)
        } else {
          ok++
          // Book what the peer says it charged, but never more than its card advertised: a peer cannot
          // inflate what this node records as spent.
          const price = Number.isFinite(r.price) && r.price >= 0 ? Math.min(r.price, c.price) : c.price
          this.ctx.ledger?.recordSpent(c.peerId, price)
          if (!this.answered.has(c.expertId)) this.answered.set(c.expertId, { candidate: c, probs, latencyMs: elapsed, price })
        }
      }
      if (error !== undefined) {
        this.failures.push({ candidate: c, error })
        if (wasLive.has(c)) replace++
      }
    }
    if (ok > 0) this.ctx.peerStats.recordSuccess(attempt.peerId, elapsed)
    // An error answer means the peer is alive: it costs reputation, not a ban.
    if (ok < attempt.candidates.length) this.ctx.peerStats.recordFailure(attempt.peerId, { ban: false })
    this.replace(replace)
    this.checkDone()
  }

  private onError (attempt: Attempt, err: unknown): void {
    if (this.done || attempt.settled) return
    const live = this.settle(attempt)
    const elapsed = performance.now() - attempt.startedAt
    for (const c of attempt.candidates) {
      const error = isTimeout(err)
        ? new ExpertTimeoutError(c.peerId, c.expertId, elapsed)
        : new ExpertUnreachableError(c.peerId, c.expertId, err)
      this.failures.push({ candidate: c, error })
    }
    log('ask %p failed: %e', attempt.peerId, err)
    // A query refused locally (too long for the wire, say) says nothing about the peer: no ban.
    const localRefusal = (err as Error | undefined)?.name === 'InvalidQueryError'
    if (!localRefusal) {
      this.deadPeers.add(attempt.peerId)
      this.ctx.peerStats.recordFailure(attempt.peerId, { ban: !attempt.local })
    }
    this.replace(live)
    this.checkDone()
  }

  private hedge (attempt: Attempt): void {
    if (this.done || attempt.settled) return
    attempt.hedged = true
    let n = 0
    for (const c of attempt.candidates) if (this.live.delete(c)) n++
    log('hedging %d slow expert(s) on %p', n, attempt.peerId)
    this.replace(n)
  }

  /** Launches up to `n` fallbacks, best first, skipping those that cannot help now. */
  private replace (n: number): void {
    if (n <= 0 || this.done) return
    if (this.ctx.deadline - performance.now() < 1) return
    const now = Date.now()
    const liveExperts = new Set([...this.live].map(c => c.expertId))
    const picked: Candidate[] = []
    let price = this.committed
    for (const c of this.fallbacks) {
      if (picked.length >= n) break
      if (this.used.has(c) || this.answered.has(c.expertId) || liveExperts.has(c.expertId)) continue
      if (this.deadPeers.has(c.peerId) || this.ctx.peerStats.isBanned(c.peerId, now)) continue
      if (price + c.price > this.ctx.policy.budget) continue
      picked.push(c)
      liveExperts.add(c.expertId)
      price += c.price
    }
    if (picked.length > 0) this.launch(picked)
  }

  private checkDone (): void {
    if (this.done) return
    if (this.answered.size >= this.ctx.policy.k) this.finish('enough')
    else if (this.attempts.size === 0) this.finish('exhausted')
  }

  private finish (reason: FinishReason): void {
    if (this.done) return
    this.done = true
    clearTimeout(this.deadlineTimer)
    const { signal, peerStats } = this.ctx
    if (this.onAbort !== undefined) signal?.removeEventListener('abort', this.onAbort)
    const now = performance.now()
    for (const attempt of [...this.attempts]) {
      const hedged = attempt.hedged
      this.settle(attempt)
      const elapsed = now - attempt.startedAt
      const first = attempt.candidates[0]
      if (reason === 'aborted') {
        attempt.controller.abort(signal?.reason)
        continue
      }
      if (reason === 'deadline') {
        for (const c of attempt.candidates) {
          if (!this.answered.has(c.expertId)) this.failures.push({ candidate: c, error: new ExpertTimeoutError(c.peerId, c.expertId, this.ctx.timeoutMs) })
        }
        peerStats.recordFailure(attempt.peerId, { ban: !attempt.local, latencyMs: elapsed })
        attempt.controller.abort(new ExpertTimeoutError(attempt.peerId, first.expertId, this.ctx.timeoutMs))
        continue
      }
      // Enough answers arrived: a straggler that was already hedged was too slow (counts against it, no ban);
      // one that was merely slower than the others is cancelled without blame.
      if (hedged) {
        for (const c of attempt.candidates) {
          if (!this.answered.has(c.expertId)) this.failures.push({ candidate: c, error: new ExpertTimeoutError(c.peerId, c.expertId, this.ctx.hedgeAfterMs, true) })
        }
        peerStats.recordFailure(attempt.peerId, { ban: false, latencyMs: elapsed })
      }
      attempt.controller.abort(new ExpertCancelledError(attempt.peerId, first.expertId))
    }
    if (reason === 'aborted') {
      this.reject(signal?.reason)
      return
    }
    this.resolve({ answered: [...this.answered.values()], failures: this.failures })
  }
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
  private readonly policy: RoutingPolicy
  private readonly strategy: AggregationStrategy
  private readonly timeoutMs: number
  private readonly candidatePool: number
  private readonly mixtureTemperature?: number

  constructor (components: RouterComponents, init: RouterInit = {}) {
    this.components = components
    resolvePolicy(init.policy)
    this.policy = structuredClone(init.policy ?? {})
    this.strategy = init.strategy ?? DEFAULT_STRATEGY
    if (!STRATEGIES.includes(this.strategy)) throw new InvalidOptionError('strategy', `must be one of ${STRATEGIES.join(', ')}`)
    this.timeoutMs = durationMs('timeoutMs', init.timeoutMs, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS)
    this.candidatePool = init.candidatePool ?? DEFAULT_CANDIDATE_POOL
    if (!Number.isInteger(this.candidatePool) || this.candidatePool < 1) throw new InvalidOptionError('candidatePool', 'must be a positive integer')
    if (init.mixtureTemperature !== undefined && !(init.mixtureTemperature > 0 && Number.isFinite(init.mixtureTemperature))) throw new InvalidOptionError('mixtureTemperature', 'must be a number > 0')
    this.mixtureTemperature = init.mixtureTemperature
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
    if (options.embedMs !== undefined && !(Number.isFinite(options.embedMs) && options.embedMs >= 0)) throw new InvalidOptionError('embedMs', 'must be a number >= 0')
    if (query === null || typeof query !== 'object' || typeof query.text !== 'string') throw new InvalidOptionError('query.text', 'must be a string')
    if (typeof query.spaceId !== 'string' || query.spaceId.length === 0) throw new InvalidOptionError('query.spaceId', 'must be a non-empty string')
    options.signal?.throwIfAborted()

    const { primary, fallbacks, policy } = this.plan(query, options.k === undefined ? options.policy : { ...options.policy, k: options.k })
    const routeMs = performance.now() - started
    log('%d primary, %d fallback candidates in %s ms', primary.length, fallbacks.length, routeMs.toFixed(3))

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
      signal: options.signal
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
    const combined = aggregate(strategy, inputs, this.mixtureTemperature === undefined ? {} : { temperature: this.mixtureTemperature })
    const experts: RoutedExpert[] = answered.map((a, i) => ({
      peer: a.candidate.peerId,
      expert: a.candidate.expertId,
      name: a.candidate.entry.card.name,
      score: a.candidate.score,
      similarity: a.candidate.similarity,
      latency_ms: a.latencyMs,
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
        ...(options.embedMs !== undefined ? { embed_ms: options.embedMs } : {}),
        route_ms: routeMs,
        total_ms: performance.now() - started
      }
    }
  }
}
