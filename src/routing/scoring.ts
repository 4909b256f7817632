import { InvalidOptionError } from '../errors.js'
import { intInRange, numberInRange } from '../options.js'
import {
  DEFAULT_K, DEFAULT_MAX_FALLBACKS, DEFAULT_WEIGHTS, LATENCY_PRIOR_MS, LATENCY_SCALE_MS, MAX_FALLBACKS, MAX_K,
  PREFER_LOCAL_BONUS, PRICE_SCALE
} from './constants.js'
import type { IndexEntry, SearchHit } from './capability-index.js'
import { centroidLogit } from './gate-scoring.js'

/**
 * How much each secondary signal can move a card's score. Each signal is scaled to a 0..1 penalty (reputation to
 * -0.5..0.5), so a weight is the most that signal can change the score; the sum bounds all of them together.
 */
export interface RoutingWeights {
  /** @default 0.04 */
  reputation: number
  /** @default 0.02 */
  latency: number
  /** @default 0.02 */
  load: number
  /** @default 0.02 */
  price: number
}

/** The caller's routing preferences. Plain data. */
export interface RoutingPolicy {
  /** Experts to get answers from. @default 2 */
  k?: number
  /** Cards below this cosine similarity are never called. @default 0 */
  minSimilarity?: number
  /** Cards priced above this (credits per answer) are never called. @default Infinity */
  maxPricePerExpert?: number
  /** Most credits one query may spend in all (answers in flight count). @default Infinity */
  budget?: number
  /** Weights of the secondary signals; omitted ones keep their defaults. @default {@link DEFAULT_WEIGHTS} */
  weights?: Partial<RoutingWeights>
  /** Give the node's own experts a bonus of 0.05. @default false */
  preferLocal?: boolean
  /** Fallback candidates kept in the plan. @default 8 */
  maxFallbacks?: number
}

/** A policy with every field present and validated. */
export interface ResolvedPolicy {
  k: number
  minSimilarity: number
  maxPricePerExpert: number
  budget: number
  weights: RoutingWeights
  preferLocal: boolean
  maxFallbacks: number
}

/** What scoring needs to know about a peer (the market's `PeerStats` provides it). */
export interface PeerStatsView {
  /** 0..1; 0.5 for a peer never seen. */
  reputation: (peerId: string) => number
  /** Smoothed latency in ms, or undefined when never measured. */
  latencyMs: (peerId: string) => number | undefined
  isBanned: (peerId: string, now?: number) => boolean
}

/** A card that passed the policy, with its final score. */
export interface Candidate {
  entry: IndexEntry
  peerId: string
  expertId: string
  local: boolean
  similarity: number
  /** similarity, adjusted by reputation, latency, load and price (and the local bonus). Higher is better. */
  score: number
  /** Credits per answer, as advertised. */
  price: number
  /** The routing logit: the card's gate logit for the query, or (no gate) its similarity mapped onto the logit scale. */
  logit: number
  /** True when the card carries a gate. */
  gated: boolean
  /** Measured-quality adjustment in routing-logit units (see routing/quality.ts); 0 or absent without a quality view. */
  quality?: number
  /** Where the card stands with the quality view, when there is one. */
  standing?: 'scored' | 'quarantined'
  /** Its measured accuracy, when scored. */
  measuredAccuracy?: number
}

function nonNegative (field: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) throw new InvalidOptionError(field, 'must be a number >= 0')
  return value
}

/** Fills in defaults and validates; throws {@link InvalidOptionError} naming the bad field. Idempotent. */
export function resolvePolicy (policy: RoutingPolicy = {}): ResolvedPolicy {
  const k = intInRange('policy.k', policy.k, DEFAULT_K, 1, MAX_K)
  const minSimilarity = numberInRange('policy.minSimilarity', policy.minSimilarity, 0, -1, 1)
  const maxFallbacks = intInRange('policy.maxFallbacks', policy.maxFallbacks, DEFAULT_MAX_FALLBACKS, 0, MAX_FALLBACKS)
  const weights: RoutingWeights = { ...DEFAULT_WEIGHTS }
  for (const key of ['reputation', 'latency', 'load', 'price'] as const) {
    weights[key] = numberInRange(`policy.weights.${key}`, policy.weights?.[key], DEFAULT_WEIGHTS[key], 0, 1)
  }
  if (policy.preferLocal !== undefined && typeof policy.preferLocal !== 'boolean') throw new InvalidOptionError('policy.preferLocal', 'must be true or false')
  return {
    k,
    minSimilarity,
    maxPricePerExpert: nonNegative('policy.maxPricePerExpert', policy.maxPricePerExpert ?? Infinity),
    budget: nonNegative('policy.budget', policy.budget ?? Infinity),
    weights,
    preferLocal: policy.preferLocal ?? false,
    maxFallbacks
  }
}

/** True when the policy allows calling this card at all: price within maxPricePerExpert and budget, peer not banned. */
export function isEligible (entry: IndexEntry, policy: ResolvedPolicy, peerStats: PeerStatsView, now: number = Date.now()): boolean {
  const price = entry.card.price
  return price <= policy.maxPricePerExpert && price <= policy.budget && !peerStats.isBanned(entry.peerId, now)
}

/** Best first: score, then similarity, then local, then peer id and expert id (so plans are deterministic). */
export function compareCandidates (a: Candidate, b: Candidate): number {
  if (a.score !== b.score) return b.score - a.score
  if (a.similarity !== b.similarity) return b.similarity - a.similarity
  if (a.local !== b.local) return a.local ? -1 : 1
  if (a.peerId !== b.peerId) return a.peerId < b.peerId ? -1 : 1
  return a.expertId < b.expertId ? -1 : a.expertId > b.expertId ? 1 : 0
}

/**
 * Turns search hits into candidates, best first. Drops hits below `minSimilarity`, priced over
 * `maxPricePerExpert` or over the whole `budget`, and those of banned peers. The score is
 *
 *   similarity + w.reputation (r - 0.5) - w.latency l/(l + 200 ms) - w.load load - w.price p/(p + 1) [+ 0.05 local]
 *
 * so the adjustments together move a card by at most the sum of the weights (0.1 by default): similarity dominates.
 * A peer never measured is assumed to answer in 50 ms (local experts in 0 ms).
 */
export function scoreCandidates (hits: readonly SearchHit[], policy: RoutingPolicy, peerStats: PeerStatsView, options: { now?: number } = {}): Candidate[] {
  return scoreEligible(hits, resolvePolicy(policy), peerStats, { now: options.now })
}

/**
 * {@link scoreCandidates} for a policy already resolved; with `eligible: true` the hits already passed
 * {@link isEligible} under `p` at `now` (the router filters while it searches), so it is not asked again.
 */
export function scoreEligible (hits: readonly SearchHit[], p: ResolvedPolicy, peerStats: PeerStatsView, options: { now?: number, eligible?: boolean } = {}): Candidate[] {
  const now = options.now ?? Date.now()
  const checked = options.eligible === true
  const w = p.weights
  const out: Candidate[] = []
  for (const hit of hits) {
    const { entry, similarity } = hit
    if (!(similarity >= p.minSimilarity)) continue
    if (!checked && !isEligible(entry, p, peerStats, now)) continue
    let reputation = peerStats.reputation(entry.peerId)
    reputation = Number.isFinite(reputation) ? Math.min(1, Math.max(0, reputation)) : 0.5
    const measured = peerStats.latencyMs(entry.peerId)
    const latency = measured !== undefined && Number.isFinite(measured) && measured >= 0 ? measured : entry.local ? 0 : LATENCY_PRIOR_MS
    const load = Math.min(1, Math.max(0, entry.card.load))
    const price = entry.card.price
    const score = similarity +
      w.reputation * (reputation - 0.5) -
      w.latency * (latency / (latency + LATENCY_SCALE_MS)) -
      w.load * load -
      w.price * (price / (price + PRICE_SCALE)) +
      (p.preferLocal && entry.local ? PREFER_LOCAL_BONUS : 0)
    const gated = hit.gateLogit !== undefined
    const logit = hit.gateLogit ?? centroidLogit(similarity)
    out.push({ entry, peerId: entry.peerId, expertId: entry.expertId, local: entry.local, similarity, score, price, logit, gated })
  }
  return out.sort(compareCandidates)
}
