/**
 * What {@link Router.route} returns: the combined answer and the provenance of every expert that answered or failed.
 * Library types in camelCase; the HTTP API maps them to its JSON at its own boundary.
 */
import type { AggregationStrategy } from '../aggregate/index.js'

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

/** The combined answer, with provenance. */
export interface RoutedAnswer {
  label: string
  distribution: Record<string, number>
  confidence: number
  strategy: AggregationStrategy
  /** Best-scored first. */
  experts: RoutedExpert[]
  failed: FailedExpert[]
  /** Milliseconds: embedding (when the caller reported it), routing (search, score, plan), and the whole query. */
  timing: { embedMs?: number, routeMs: number, totalMs: number }
}
