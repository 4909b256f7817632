/**
 * What a node shows of itself, as library types (camelCase). The HTTP API serves them as JSON through the
 * mappings in `wire.ts`, which keep the field names the API has always had.
 */
import type { AdvertServiceStats } from '../net/advert-service.js'
import type { AdvertSyncStats } from '../net/advert-sync.js'
import type { QueryClientStats } from '../net/query-client.js'
import type { QueryServerStats } from '../net/query-server.js'
import type { ConnectivityStatus } from '../net/reconnect.js'
import type { Reachability } from '../net/reachability.js'

/**
 * How experts are chosen and their answers combined: `'competence'` (the owners' gates and competence scores, 1 or
 * 2 experts, joint confidence; the default when the network's cards carry gates) or k experts by similarity
 * combined by `'top1'`, `'mixture'` or `'vote'`.
 */
export type Strategy = 'competence' | 'top1' | 'mixture' | 'vote'

/** One query, as a caller asks it (`Daemon.query`, `MoemeshClient.query`, `POST /v1/query`). */
export interface QueryRequest {
  /** The text to classify. At most 16384 bytes of UTF-8. */
  text: string
  /** Experts asked. @default the node's `k` */
  k?: number
  /** How their answers are combined. @default the node's `strategy` */
  strategy?: Strategy
  /** Deadline of the whole query, embedding included, in ms (50..60000). @default the node's `queryTimeoutMs` */
  timeoutMs?: number
  /** The most one expert may cost, in credits. @default no limit */
  maxPrice?: number
  /** The most the whole query may cost, in credits. @default no limit */
  budget?: number
  /**
   * Answer "I don't know" (`label: null, abstained: true`) when no expert is competent: the best card's gate logit
   * is under its owner's calibrated cut, or no card reaches `minSimilarity`. @default true
   */
  abstain?: boolean
  /** Cards whose best centroid cosine with the query is below this (-1..1) are never asked. @default no cut under competence routing, 0 otherwise */
  minSimilarity?: number
}

/** An expert card as a node sees it: one of its own, or one another peer advertises. */
export interface ExpertView {
  /** The peer that serves it. */
  peer: string
  /** True when this node hosts it. */
  local: boolean
  /** Expert id (hex hash of the model). */
  expert: string
  name: string
  description: string
  task: string
  labels: string[]
  /** What the expert reads: the query's embedding, its n-grams, or both. */
  inputKind: string
  /** Credits per answer. */
  price: number
  /** Queue fill, 0..1. */
  load: number
  /** Held-out accuracy its author reported (0 when unknown). */
  accuracy: number
  /** Wall-clock ms at which a remote card expires unless refreshed; absent for local cards. */
  expiresAt?: number
  /** Hex sha256 of the model file the card names (absent for experts served over HTTP). */
  modelSha256?: string
  /** Hex sha256 card digest (model, name, labels, centroids, gate): what measured scores are bound to. */
  cardDigest?: string
  /** Measured quality as this node knows it (absent on nodes that keep none). */
  quality?: ExpertQualityView
}

/** Where a card stands with this node's measured quality. */
export interface ExpertQualityView {
  /** `scored` (measured accuracy is used), `quarantined` (not measured yet: a small share of traffic), `distrusted` (no traffic). */
  state: 'scored' | 'quarantined' | 'distrusted'
  /** Measured accuracy (own probes and attested consensus), 0..1. */
  accuracy?: number
  /** Probe results behind it (decayed). */
  samples: number
  /** Validators whose attested scores count in it. */
  validators: number
  /** Why it is distrusted. */
  reason?: string
}

/** A connected peer. */
export interface PeerView {
  peer: string
  /** Remote addresses of the open connections. */
  addrs: string[]
  /** Experts it advertises. */
  experts: number
  /** 0..1, from its answers so far. */
  reputation: number
  /** Smoothed latency of its answers, once it has answered. */
  latencyMs?: number
  /** Reached only through a circuit relay (no direct connection yet): queries to it go via the relay. */
  relayed?: boolean
}

/** An expert this node hosts, with its current load. */
export interface HostedExpertView {
  /** Expert id. */
  expert: string
  name: string
  /** Queue fill, 0..1. */
  load: number
}

/** What an expert removal reports. */
export interface RemovedExpert {
  expertId: string
  name: string
}

/** A node's state and counters (`Daemon.status()`, `MoemeshClient.status()`, `GET /v1/status`). */
export interface DaemonStatus {
  peerId: string
  /** Listen addresses with `/p2p/<id>`. */
  addrs: string[]
  /** The API's bound `host:port`. */
  api: string
  /** The embedding space the node routes in. */
  spaceId: string
  /** Its dimension. */
  dim: number
  /** Experts this node hosts. */
  experts: HostedExpertView[]
  /** Connected peers. */
  peers: string[]
  /** Cards in the capability index, local ones included. */
  cardsKnown: number
  /** Credits earned from and spent on other peers, and how many peers have an account. */
  ledger: { earned: number, spent: number, peers: number }
  adverts: AdvertServiceStats
  advertSync: AdvertSyncStats
  queryServer: QueryServerStats
  queryClient: QueryClientStats
  /** Connected peers, how long the node has been alone (when it is) and the last failed redial. */
  connectivity: ConnectivityStatus
  /** The network joined (a network file's name, or `local`) and how other machines can reach this node. */
  network?: string
  reachability?: Reachability
}
