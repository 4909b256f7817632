/**
 * The dispatch contract: how the router hands a query to the experts it chose. The node implements
 * {@link ExpertDispatcher} (in-process for its own experts, the query protocol for remote ones); the router knows
 * nothing else about how an expert runs.
 */

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
  /** Ask only for each expert's competence score for the query, without running the models (free, no distribution). */
  competenceOnly?: boolean
  /** The router already has the competence scores (it probed): answers need not carry them again. */
  withoutCompetence?: boolean
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
  /** The expert's in-domain score for the query, computed by its owner from its own data; absent when it has none. */
  competence?: number
  /** The expert's kNN score over its private word n-gram features (mean of its nearest own inputs, ~0..1); absent when it has none. */
  privateCompetence?: number
  /** ln of the expert's conformal p-values for the query against its own held-out inputs (<= 0; very low = not its domain). */
  inDomain?: number
}

/**
 * Runs experts: local ones in-process, remote ones over the query protocol. The node implements it. One call asks
 * one peer for one or more of its experts; it should honour `signal`, but the router never waits past the deadline
 * even when it does not.
 */
export interface ExpertDispatcher {
  ask: (peerId: string, local: boolean, expertIds: string[], query: RouterQuery, options: DispatchOptions) => Promise<DispatchResult[]>
}
