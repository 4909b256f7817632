/**
 * Plain, decoded and validated forms of what crosses the advert topic. `routing` and `node` consume these;
 * only `net` knows the wire encoding.
 */

/** One expert as advertised: everything a router needs to score it and a client needs to call it. */
export interface CardData {
  /** Hex sha256 of the expert's model.onnx (64 hex chars). */
  expertId: string
  name: string
  version: string
  task: string
  description: string
  /** Output classes in the model's output order. */
  labels: string[]
  /** Hex sha256 of the embedder model that the centroids live in. */
  spaceId: string
  /** Centroids, each of length `dim`, L2-normalised. */
  centroids: Float32Array[]
  dim: number
  /** Credits per answered query. */
  price: number
  /** 0 (idle) .. 1 (queue full) at advert time. */
  load: number
  /** What the expert reads: the shared embedding, its own n-grams, both, or the raw text (a model served over HTTP). */
  inputKind: 'embedding' | 'ngrams' | 'both' | 'text'
  /** Self-reported held-out accuracy 0..1 (unverified; 0 when unknown). */
  accuracy: number
  /** The owner's "is this query mine" gate in the shared space; absent for experts that have none. */
  gate?: CardGate
  /**
   * Hex sha256 of the model file (ONNX experts; absent for experts served over HTTP). Part of the card digest that
   * measured scores are keyed by, so a peer that swaps its model shows up as a new, unscored card.
   */
  modelSha256?: string
}

/**
 * A linear gate in the shared space (PHATGOOSE-style), trained by the expert's owner on its own inputs against a
 * public background set: `logit = scale * dot(weights, query) + bias`.
 */
export interface CardGate {
  /** `dim` int8 weights. */
  weights: Int8Array
  scale: number
  bias: number
  /** The owner's calibrated cut on the logit: few of its own held-out inputs score below it. */
  abstainBelow: number
}

/** A node's whole offer, after signature and content validation. */
export interface VerifiedAdvert {
  /** The publishing node's peer id (string form). Matches the key that signed the advert. */
  peerId: string
  seqno: number
  /** Wall-clock ms after which the cards must be dropped. */
  expiresAt: number
  /** The node's listen multiaddrs (string form). */
  addrs: string[]
  spaceId: string
  /** Empty means the node withdrew all its experts. */
  cards: CardData[]
}
