/**
 * The routing layer: which experts should answer a query. Depends on plain types only (no libp2p).
 *
 * @example
 * ```ts
 * import { CapabilityIndex, Router } from './routing/index.js'
 * import { PeerStats } from './market/index.js'
 *
 * const index = new CapabilityIndex()
 * index.setLocal(myPeerId, myCards)            // our own experts, never expire
 * index.applyAdvert(verifiedAdvert)            // from the advert topic; newer seqno replaces the peer's cards
 * index.onChange(c => log('%s: +%d -%d', c.peerId, c.added.length, c.removed.length))
 *
 * const router = new Router({ index, dispatcher, peerStats: new PeerStats(), localPeerId: myPeerId })
 * const answer = await router.route({ text, vector, spaceId }, { k: 2, strategy: 'mixture', timeoutMs: 2000 })
 * // answer.label, answer.confidence, answer.experts[0].peer, answer.timing.totalMs
 * ```
 */
export {
  CapabilityIndex, type CapabilityIndexInit, type IndexEntry, type IndexChange, type IndexChangeReason,
  type SearchHit, type SearchOptions
} from './capability-index.js'
export {
  scoreCandidates, resolvePolicy, isEligible, compareCandidates, type Candidate, type RoutingPolicy,
  type ResolvedPolicy, type RoutingWeights, type PeerStatsView
} from './scoring.js'
export { planQuery, type QueryPlan } from './planner.js'
export { Router, type RouterComponents, type RouterInit, type RouteOptions, type RouterIndex } from './router.js'
export type { RoutedAnswer, RoutedExpert, FailedExpert, ExpertAnswerView } from './routed-answer.js'
export type { ExpertDispatcher, DispatchOptions, DispatchResult, RouterQuery } from './dispatch.js'
export type { PeerStatsRecorder, SpendRecorder } from './fanout.js'
export {
  NoMatchingExpertError, QueryFailedError, ExpertCallError, ExpertTimeoutError, ExpertUnreachableError,
  ExpertAnswerError, InvalidExpertAnswerError, ExpertCancelledError, type NoMatchReason, type ExpertCallErrorName
} from './errors.js'
export { defaultDotKernel, jsKernel, type DotKernel } from './dot-kernel.js'
export * as routingConstants from './constants.js'
