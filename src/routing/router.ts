/**
 * The router: search the capability index, score and plan, fan out to the chosen experts, aggregate their answers.
 */
import { defaultLogger } from '@libp2p/logger'
import type { ComponentLogger, Logger } from '@libp2p/interface'
import { durationMs, numberInRange, positiveInt } from '../options.js'
import { aggregate, MIXTURE_TEMPERATURE, STRATEGIES, top1 } from '../aggregate/index.js'
import { InvalidOptionError } from '../errors.js'
import {
  ABSTAIN_IN_DOMAIN_BELOW, ABSTAIN_NEAREST, ASK_SECOND_BELOW, CENTROID_LOGIT_SCALE, COMPETENCE_MAX_EXPERTS, COMPETENCE_PROBES, DEFAULT_CANDIDATE_POOL,
  DEFAULT_HEDGE_FRACTION, DEFAULT_STRATEGY, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, PROBE_TIMEOUT_FRACTION, QUARANTINE_SHARE,
  ROUTING_TEMPERATURE
} from './constants.js'
import { combineAnswers, competenceFloor, competenceScore, inDomainVerdict, planQuery as planCompetence, type ProbeScores } from './competence.js'
import { NoMatchingExpertError, QueryFailedError } from './errors.js'
import { Fanout, type Answered, type Failure, type PeerStatsRecorder, type SpendRecorder } from './fanout.js'
import { centroidLogit } from './gate-scoring.js'
import { planQuery as planCandidates } from './planner.js'
import { probeCompetence } from './probe.js'
import { applyQuality, type QualityView } from './quality.js'
import {
  compareCandidates, isEligible, resolvePolicy, scoreEligible, type Candidate, type ResolvedPolicy, type RoutingPolicy
} from './scoring.js'
import type { AggregationStrategy } from '../aggregate/index.js'
import type { SearchHit, SearchOptions } from './capability-index.js'
import type { ExpertDispatcher, RouterQuery } from './dispatch.js'
import type { FailedExpert, NearestCandidate, RoutedAnswer, RoutedExpert, RoutingStrategy } from './routed-answer.js'

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
  /**
   * Optional: measured card quality (the market's quality book). With it, distrusted cards are never called,
   * unscored ones are quarantined, and measured accuracy scales the routing posterior. Without it, routing trusts
   * the cards' claims as before.
   */
  quality?: QualityView
  /** Where the router logs (`moemesh:routing:router`); pass `prefixLogger(name)` to tell nodes in one process apart. @default defaultLogger() */
  logger?: ComponentLogger
}

/** Router-wide defaults; every field can be overridden per query. */
export interface RouterInit {
  /** @default {} (see {@link RoutingPolicy} for each field's default) */
  policy?: RoutingPolicy
  /**
   * How queries are routed when they do not say: `'auto'` routes by competence when the candidate cards carry
   * gates and by `gatelessStrategy` otherwise; any other value forces that strategy. @default 'auto'
   */
  strategy?: RoutingStrategy | 'auto'
  /** The strategy of `'auto'` when no candidate card has a gate. @default 'top1' */
  gatelessStrategy?: AggregationStrategy
  /** @default 2000 */
  timeoutMs?: number
  /** Cards (by similarity) that are scored per query; at least k + maxFallbacks are always kept. @default 64 */
  candidatePool?: number
  /** Softmax temperature of the 'mixture' strategy. @default 0.1 */
  mixtureTemperature?: number
  /** Share of queries on which one unscored (quarantined) card competes unpenalised. @default 0.05 */
  quarantineShare?: number
  /** Uniform 0..1 draws for the quarantine share (tests). @default Math.random */
  random?: () => number
}

/** Options of {@link Router.route}. */
export interface RouteOptions {
  /**
   * Answers wanted (overrides `policy.k`). Under competence routing the most experts asked (1 or 2).
   * @default 2
   */
  k?: number
  /** How experts are chosen and answers combined. @default the router's `strategy` ('auto') */
  strategy?: RoutingStrategy
  /**
   * Abstain (answer `label: null, abstained: true`) when no probed expert's in-domain score reaches -5.177 (or,
   * when none reports one, the best card's gate logit is under its owner's cut), or no card reaches an explicit
   * `policy.minSimilarity`. `false` always asks someone. @default true
   */
  abstain?: boolean
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
  private readonly strategy: RoutingStrategy | 'auto'
  private readonly gatelessStrategy: AggregationStrategy
  private readonly timeoutMs: number
  private readonly candidatePool: number
  private readonly mixtureTemperature: number
  private readonly quarantineShare: number
  private readonly random: () => number

  constructor (components: RouterComponents, init: RouterInit = {}) {
    this.components = components
    this.log = (components.logger ?? defaultLogger()).forComponent('moemesh:routing:router')
    resolvePolicy(init.policy)
    this.policy = structuredClone(init.policy ?? {})
    this.strategy = init.strategy ?? 'auto'
    if (this.strategy !== 'auto' && this.strategy !== 'competence' && !STRATEGIES.includes(this.strategy)) throw new InvalidOptionError('strategy', `must be one of auto, competence, ${STRATEGIES.join(', ')}`)
    this.gatelessStrategy = init.gatelessStrategy ?? DEFAULT_STRATEGY
    if (!STRATEGIES.includes(this.gatelessStrategy)) throw new InvalidOptionError('gatelessStrategy', `must be one of ${STRATEGIES.join(', ')}`)
    this.timeoutMs = durationMs('timeoutMs', init.timeoutMs, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS)
    this.candidatePool = positiveInt('candidatePool', init.candidatePool, DEFAULT_CANDIDATE_POOL)
    this.mixtureTemperature = numberInRange('mixtureTemperature', init.mixtureTemperature, MIXTURE_TEMPERATURE, 0, Infinity, { minExclusive: true })
    this.quarantineShare = numberInRange('quarantineShare', init.quarantineShare, QUARANTINE_SHARE, 0, 1)
    this.random = init.random ?? Math.random
  }

  /** The candidates as measured quality leaves them (see routing/quality.ts), re-sorted best first. */
  private withQuality (candidates: Candidate[]): Candidate[] {
    return applyQuality(candidates, this.components.quality, { quarantineShare: this.quarantineShare, random: this.random }).sort(compareCandidates)
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
    const plan = planCandidates(this.withQuality(scoreEligible(hits, resolved, peerStats, { now, eligible: true })), resolved)
    if (plan.primary.length === 0) throw new NoMatchingExpertError(query.spaceId, 'policy')
    return { ...plan, policy: resolved }
  }

  /**
   * Answers a query. By default (`strategy` unset) with competence routing when the candidate cards carry gates:
   * probe the top {@link COMPETENCE_PROBES} cards (by gate logit) for their experts' competence scores; abstain when
   * the best in-domain score they report is under -5.177 (or, when none reports one, when the best gate logit is
   * under its owner's cut); else score `gateLogit + 20 * competence + 60 * privateCompetence`, take the routing
   * posterior (temperature 1.49), ask the best expert and the second only when the best holds < 0.3 of it, and
   * combine by joint posterior x answer probability. Without gates (or with an explicit `strategy`): the best k experts by
   * similarity, combined by `strategy`. Either way failures are replaced and slow calls hedged by fallbacks, all
   * by `timeoutMs` at the latest.
   *
   * Returns an abstained answer (`label: null`, `abstained: true`) when no expert is competent. Throws
   * {@link NoMatchingExpertError} when no card can be called at all, {@link QueryFailedError} when none answered,
   * {@link InvalidOptionError} for a bad option or query, and the signal's reason when `signal` aborts.
   */
  async route (query: RouterQuery, options: RouteOptions = {}): Promise<RoutedAnswer> {
    const started = performance.now()
    const timeoutMs = durationMs('timeoutMs', options.timeoutMs, this.timeoutMs, MAX_TIMEOUT_MS)
    const hedgeAfterMs = durationMs('hedgeAfterMs', options.hedgeAfterMs, timeoutMs * DEFAULT_HEDGE_FRACTION, Infinity)
    const explicit = options.strategy ?? this.strategy
    if (explicit !== 'auto' && explicit !== 'competence' && !STRATEGIES.includes(explicit)) throw new InvalidOptionError('strategy', `must be one of competence, ${STRATEGIES.join(', ')}`)
    if (options.embedMs !== undefined) numberInRange('embedMs', options.embedMs, 0, 0, Infinity)
    if (options.abstain !== undefined && typeof options.abstain !== 'boolean') throw new InvalidOptionError('abstain', 'must be true or false')
    if (query === null || typeof query !== 'object' || typeof query.text !== 'string') throw new InvalidOptionError('query.text', 'must be a string')
    if (typeof query.spaceId !== 'string' || query.spaceId.length === 0) throw new InvalidOptionError('query.spaceId', 'must be a non-empty string')
    options.signal?.throwIfAborted()
    const abstain = options.abstain ?? true

    const asked = options.k === undefined ? options.policy : { ...options.policy, k: options.k }
    const policy = resolvePolicy({ ...this.policy, ...asked, weights: { ...this.policy.weights, ...asked?.weights } })
    /** A minimum similarity the caller set (the default 0 applies to the similarity strategies only). */
    const explicitMin = asked?.minSimilarity ?? this.policy.minSimilarity
    const { index, peerStats } = this.components
    const now = Date.now()
    const hits = index.search(query.vector, query.spaceId, {
      limit: Math.max(this.candidatePool, policy.k + policy.maxFallbacks),
      rankBy: 'logit',
      now,
      filter: entry => isEligible(entry, policy, peerStats, now)
    })
    if (hits.length === 0) throw new NoMatchingExpertError(query.spaceId, index.countInSpace(query.spaceId, now) === 0 ? 'no-cards' : 'policy')
    const strategy: RoutingStrategy = explicit !== 'auto' ? explicit : hits.some(h => h.gateLogit !== undefined) ? 'competence' : this.gatelessStrategy
    const minSimilarity = strategy === 'competence' ? explicitMin ?? -Infinity : policy.minSimilarity
    const timing = (extra: { probeMs?: number } = {}): RoutedAnswer['timing'] => ({
      ...(options.embedMs !== undefined ? { embedMs: options.embedMs } : {}),
      routeMs,
      ...extra,
      totalMs: performance.now() - started
    })
    let routeMs = performance.now() - started

    const passing = hits.filter(h => h.similarity >= minSimilarity)
    if (passing.length === 0) {
      if (abstain && explicitMin !== undefined) {
        const best = Math.max(...hits.map(h => h.similarity))
        return abstained(strategy, `no expert's similarity to the query reaches min_similarity ${explicitMin} (the best is ${best.toFixed(3)}): no expert in the network knows this`, nearestOf(hits), timing())
      }
      throw new NoMatchingExpertError(query.spaceId, 'policy')
    }
    // the search already filtered by isEligible under this policy and this `now`; similarity was cut just above
    const candidates = this.withQuality(scoreEligible(passing, { ...policy, minSimilarity: -1 }, peerStats, { now, eligible: true }))
    if (candidates.length === 0) throw new NoMatchingExpertError(query.spaceId, 'policy')
    // measured quality moves the ranking (and so which cards are probed), never the gate logits themselves
    const byLogit = [...candidates].sort((a, b) => (b.logit + (b.quality ?? 0)) - (a.logit + (a.quality ?? 0)) || compareCandidates(a, b))
    const top = byLogit[0]
    const cut = top.entry.card.gate?.abstainBelow
    const nearest = (reported?: Map<string, ProbeScores>): NearestCandidate[] => nearestOf(byLogit.map(c => ({ entry: c.entry, similarity: c.similarity, gateLogit: c.gated ? c.logit : undefined, inDomain: reported?.get(c.expertId)?.inDomain })))
    const gateCut = (reported?: Map<string, ProbeScores>): RoutedAnswer | undefined => {
      if (!abstain || cut === undefined || top.logit >= cut) return undefined
      const near = nearest(reported)
      return abstained(strategy, `gate cut: the best match, ${top.entry.card.name}, scores ${top.logit.toFixed(2)} on its gate, under its owner's cut ${cut.toFixed(2)} (nearest: ${namesOf(near)}): no expert in the network knows this`, near, timing())
    }
    // The similarity strategies never probe: the gate cut is their only abstention rule.
    if (strategy !== 'competence') {
      const cutAnswer = gateCut()
      if (cutAnswer !== undefined) return cutAnswer
    }

    const context = (k: number, fallbacks: Candidate[], withoutCompetence = false): Fanout => new Fanout({
      dispatcher: this.components.dispatcher,
      peerStats: this.components.peerStats,
      ledger: this.components.ledger,
      localPeerId: this.components.localPeerId,
      query,
      policy: { ...policy, k },
      timeoutMs,
      hedgeAfterMs,
      withoutCompetence,
      deadline: started + timeoutMs,
      signal: options.signal,
      log: this.log
    }, fallbacks)
    const failedOf = (failures: Failure[]): FailedExpert[] => failures.map(({ candidate, error }) => ({
      peer: candidate.peerId,
      expert: candidate.expertId,
      name: candidate.entry.card.name,
      error: error.message,
      code: error.code
    }))

    if (strategy !== 'competence') {
      const plan = planCandidates(candidates, policy)
      if (plan.primary.length === 0) throw new NoMatchingExpertError(query.spaceId, 'policy')
      routeMs = performance.now() - started
      this.log('%d primary, %d fallback candidates in %s ms', plan.primary.length, plan.fallbacks.length, routeMs.toFixed(3))
      // The similarity strategies combine by score, not competence: ask without it, so the serving node skips its
      // kNN scans (the largest share of its CPU per answer).
      const { answered, failures } = await context(policy.k, plan.fallbacks, true).run(plan.primary)
      if (answered.length === 0) throw new QueryFailedError(failures.map(f => f.error), timeoutMs)
      answered.sort((a, b) => compareCandidates(a.candidate, b.candidate))
      const inputs = answered.map(a => ({ labels: a.candidate.entry.card.labels, distribution: a.probs, score: a.candidate.score }))
      const combined = aggregate(strategy, inputs, { temperature: this.mixtureTemperature })
      return {
        label: combined.label,
        abstained: false,
        distribution: combined.distribution,
        confidence: combined.confidence,
        strategy,
        experts: answered.map((a, i) => routedExpert(a, a.candidate.score, top1([inputs[i]]))),
        failed: failedOf(failures),
        timing: timing()
      }
    }

    // Competence routing. One candidate per expert id (the same model on two peers is one expert: the posterior is
    // over experts; its other copies are fallbacks).
    const experts: Candidate[] = []
    const seen = new Set<string>()
    for (const c of byLogit) if (!seen.has(c.expertId)) { seen.add(c.expertId); experts.push(c) }
    routeMs = performance.now() - started
    const probeStarted = performance.now()
    const competence = await probeCompetence({
      dispatcher: this.components.dispatcher,
      localPeerId: this.components.localPeerId,
      query,
      timeoutMs: Math.min(timeoutMs * PROBE_TIMEOUT_FRACTION, started + timeoutMs - performance.now()),
      signal: options.signal,
      log: this.log
    }, experts.slice(0, COMPETENCE_PROBES))
    const probeMs = performance.now() - probeStarted
    if (abstain) {
      // The in-domain rule (the experts' conformal scores from their private data) when any probed expert reported
      // one; the gate cut otherwise (cards and experts that predate in-domain scores).
      const verdict = inDomainVerdict(competence.values())
      // An expert that reported no in-domain score (an older or gateless one, or a failed probe) cannot vouch either
      // way: the in-domain rule abstains only when each of those is itself a gated card under its owner's cut.
      const silent = experts.slice(0, COMPETENCE_PROBES).filter(c => competence.get(c.expertId)?.inDomain === undefined)
      const silentCut = silent.every(c => c.gated && c.entry.card.gate !== undefined && c.logit < c.entry.card.gate.abstainBelow)
      if (verdict?.abstain === true && silentCut) {
        const near = nearest(competence)
        return abstained(strategy, `in-domain test: the best in-domain score of the ${competence.size} probed experts is ${verdict.best.toFixed(2)}, under ${ABSTAIN_IN_DOMAIN_BELOW} (nearest: ${namesOf(near)}): no expert in the network knows this`, near, timing({ probeMs }))
      }
      if (verdict === undefined) {
        const cutAnswer = gateCut(competence)
        if (cutAnswer !== undefined) return { ...cutAnswer, timing: timing({ probeMs }) }
      }
    }
    // A card without a score (not probed, failed, or an expert that has none) is scored as if it had the lowest
    // score of that kind any probed card reported: below every card that showed competence, on the same scale.
    const floor = competenceFloor(competence.values())
    const scores = experts.map(c => competenceScore(c.logit, competence.get(c.expertId), floor) + (c.score - c.similarity) - (c.quality ?? 0) / CENTROID_LOGIT_SCALE + (c.quality ?? 0))
    const maxExperts = options.k ?? asked?.k
    const decision = planCompetence(scores, {
      temperature: ROUTING_TEMPERATURE,
      askSecondBelow: ASK_SECOND_BELOW,
      maxExperts: maxExperts === undefined ? COMPETENCE_MAX_EXPERTS : Math.min(maxExperts, COMPETENCE_MAX_EXPERTS)
    })
    const primary: Candidate[] = []
    let spent = 0
    for (const i of decision.ask) {
      const c = experts[i]
      if (primary.length > 0 && spent + c.price > policy.budget) continue
      primary.push(c)
      spent += c.price
    }
    const slot = new Map(experts.map((c, i) => [c.expertId, i]))
    const fallbacks = byLogit.filter(c => !primary.includes(c))
      .sort((a, b) => decision.posterior[slot.get(b.expertId) ?? 0] - decision.posterior[slot.get(a.expertId) ?? 0] || compareCandidates(a, b))
      .slice(0, policy.maxFallbacks)
    this.log('competence: %d probed (%d scored), asking %d, best posterior %s', Math.min(experts.length, COMPETENCE_PROBES), competence.size, primary.length, decision.posterior[decision.ask[0]]?.toFixed(3))
    // the probes brought the competence scores: the answers need not make the experts compute them again
    const { answered, failures } = await context(primary.length, fallbacks, true).run(primary)
    if (answered.length === 0) throw new QueryFailedError(failures.map(f => f.error), timeoutMs)
    const indexOf = (a: Answered): number => slot.get(a.candidate.expertId) ?? 0
    answered.sort((a, b) => decision.posterior[indexOf(b)] - decision.posterior[indexOf(a)] || compareCandidates(a.candidate, b.candidate))
    const best = combineAnswers(decision.posterior, answered.map(a => ({ candidate: indexOf(a), probs: a.probs })))
    const chosen = answered.find(a => indexOf(a) === best?.candidate) ?? answered[0]
    const labels = chosen.candidate.entry.card.labels
    const weight = decision.posterior[indexOf(chosen)]
    const distribution: Record<string, number> = {}
    labels.forEach((l, i) => { distribution[l] = (distribution[l] ?? 0) + weight * chosen.probs[i] })
    return {
      label: labels[best?.label ?? 0],
      abstained: false,
      distribution,
      confidence: best?.confidence ?? 0,
      strategy,
      experts: answered.map(a => {
        const i = indexOf(a)
        const probed = competence.get(a.candidate.expertId)
        const c = probed?.competence ?? a.competence
        return {
          ...routedExpert(a, scores[i], top1([{ labels: a.candidate.entry.card.labels, distribution: a.probs, score: scores[i] }])),
          ...(c !== undefined ? { competence: c } : {}),
          ...(probed?.privateCompetence !== undefined ? { privateCompetence: probed.privateCompetence } : {}),
          ...(probed?.inDomain !== undefined ? { inDomain: probed.inDomain } : {}),
          posterior: decision.posterior[i]
        }
      }),
      failed: failedOf(failures),
      timing: timing({ probeMs })
    }
  }
}

/** One answered expert's provenance. */
function routedExpert (a: Answered, score: number, answer: RoutedExpert['answer']): RoutedExpert {
  const c = a.candidate
  return {
    peer: c.peerId,
    expert: c.expertId,
    name: c.entry.card.name,
    score,
    similarity: c.similarity,
    gateLogit: c.logit,
    gated: c.gated,
    ...(a.competence !== undefined ? { competence: a.competence } : {}),
    latencyMs: a.latencyMs,
    answer,
    price: a.price
  }
}

/** The nearest candidates (best routing logit first), for an abstained answer. */
function nearestOf (hits: ReadonlyArray<Pick<SearchHit, 'entry' | 'similarity' | 'gateLogit'> & { inDomain?: number }>): NearestCandidate[] {
  return hits
    .map(h => ({ h, logit: h.gateLogit ?? centroidLogit(h.similarity) }))
    .sort((a, b) => b.logit - a.logit)
    .slice(0, ABSTAIN_NEAREST)
    .map(({ h, logit }) => ({
      peer: h.entry.peerId,
      expert: h.entry.expertId,
      name: h.entry.card.name,
      gateLogit: logit,
      ...(h.gateLogit !== undefined && h.entry.card.gate !== undefined ? { abstainBelow: h.entry.card.gate.abstainBelow } : {}),
      similarity: h.similarity,
      ...(h.inDomain !== undefined ? { inDomain: h.inDomain } : {})
    }))
}

/** The nearest candidates' names, for an abstention reason. */
function namesOf (nearest: NearestCandidate[]): string {
  return nearest.map(n => n.name).join(', ')
}

function abstained (strategy: RoutingStrategy, reason: string, nearest: NearestCandidate[], timing: RoutedAnswer['timing']): RoutedAnswer {
  return { label: null, abstained: true, reason, nearest, distribution: {}, confidence: 0, strategy, experts: [], failed: [], timing }
}
