/**
 * What {@link Router.route} returns: the combined answer and the provenance of every expert that answered or failed.
 * Library types in camelCase; the HTTP API maps them to its JSON at its own boundary.
 */
import type { AggregationStrategy } from '../aggregate/index.js'

/**
 * How a query's answers were chosen and combined: one of the aggregation strategies over k experts, or
 * `'competence'` (gate logits + the experts' own competence scores -> routing posterior -> 1 or 2 experts ->
 * joint posterior x answer probability).
 */
export type RoutingStrategy = AggregationStrategy | 'competence'

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
  /** The card's routing logit: its gate's logit for the query, or (no gate) its similarity on the logit scale. */
  gateLogit: number
  /** True when the card carries its owner's gate. */
  gated: boolean
  /** The expert's own in-domain score for the query (from its owner's private data), when it reported one. */
  competence?: number
  /** The expert's competence over its private word n-grams (kNN, ~0..1), when it reported one. */
  privateCompetence?: number
  /** The expert's conformal in-domain score for the query (ln p_c + ln p_w, <= 0), when it reported one. */
  inDomain?: number
  /** Under `'competence'`: the probability the router gave this expert being the right one for the query. */
  posterior?: number
  /** Wall time of the call as the router saw it (queueing, network and inference). */
  latencyMs: number
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

/** A card the router considered, as an abstained answer lists it. */
export interface NearestCandidate {
  peer: string
  expert: string
  name: string
  /** Its routing logit (see {@link RoutedExpert.gateLogit}). */
  gateLogit: number
  /** Its owner's calibrated cut on the logit, when the card has a gate. */
  abstainBelow?: number
  similarity: number
  /** Its expert's conformal in-domain score (ln p, <= 0), when it was probed and reported one. */
  inDomain?: number
}

/** The combined answer, with provenance. */
export interface RoutedAnswer {
  /** The answer, or null when the network abstained. */
  label: string | null
  /** True when no expert in the network is competent for the query: nobody was asked, `label` is null. */
  abstained: boolean
  /** Why the network abstained (one sentence for a person); only with `abstained`. */
  reason?: string
  /** Abstained answers: the nearest candidates, best first, with their scores. */
  nearest?: NearestCandidate[]
  distribution: Record<string, number>
  /**
   * How likely the label is right. Under `'competence'` it is the joint probability P(right expert) x P(label |
   * expert), so routing doubt counts; 0 when abstained.
   */
  confidence: number
  strategy: RoutingStrategy
  /** Best-scored first. */
  experts: RoutedExpert[]
  failed: FailedExpert[]
  /**
   * Milliseconds: embedding (when the caller reported it), routing (search, score, plan), the competence probes
   * (competence routing only), and the whole query.
   */
  timing: { embedMs?: number, routeMs: number, probeMs?: number, totalMs: number }
}
