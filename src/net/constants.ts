/**
 * Numbers of the net layer: gossip topics, timers, rates. Each carries the reason for its value.
 * Size limits of what crosses the wire live in `limits.ts`, query-protocol numbers in `query-constants.ts`.
 */

/** Gossip topic of the adverts of one embedding space is this prefix + the space id. Bump `1` on a wire break. */
export const ADVERT_TOPIC_PREFIX = '/moemesh/adverts/1/'

/** Domain separation: an advert signature can never be replayed as a signature over anything else. */
export const ADVERT_SIGNATURE_PREFIX = 'moemesh-advert:'

/** Republish the local advert this often, as hivemind does (30 s); a new subscriber also triggers one. */
export const ADVERT_REFRESH_MS = 30_000

/** An advert lives 3x the refresh period (hivemind, Petals), so two lost refreshes do not drop a node. */
export const ADVERT_TTL_MS = 90_000

/** The furthest expiry a receiver accepts: long enough for slow refreshers, short enough that a node that
 * goes away silently is forgotten within minutes. */
export const MAX_ADVERT_TTL_MS = 10 * 60_000

/** Wall clocks of peers differ; expiries are judged with this much slack. */
export const MAX_CLOCK_SKEW_MS = 60_000

/** Length of an Ed25519 signature. */
export const ED25519_SIGNATURE_BYTES = 64

/** Rows of an L2-normalised centroid must have norm 1 within this tolerance (float32 rounding is ~1e-7). */
export const CENTROID_NORM_TOLERANCE = 1e-3

/** Coalesce card changes that come together (loading a folder of experts) into one publish. */
export const ADVERT_PUBLISH_DEBOUNCE_MS = 100

/** A publisher sends at most one advert per this period: far inside the receivers' rate limit below. */
export const ADVERT_MIN_PUBLISH_INTERVAL_MS = 1_000

/** A peer joining the advert topic makes us republish at most once per this period (it also gets every refresh):
 * a peer that subscribes and unsubscribes in a loop cannot keep us publishing. */
export const ADVERT_JOIN_REPUBLISH_INTERVAL_MS = 10_000

/** Publishes one joining peer may cause while gossipsub reports that none reached it (its outbound stream was not
 * open yet): one, and two more one `ADVERT_MIN_PUBLISH_INTERVAL_MS` apart. */
export const ADVERT_JOIN_TRIES = 3

/** Joined peers awaiting our advert at most (the oldest is given up beyond it; it still gets the next refresh). */
export const ADVERT_JOIN_MAX_WAITING = 256

/** Receivers allow a burst of this many adverts per peer (restarts, quick card changes)... */
export const ADVERT_RATE_BURST = 10

/** ...and refill one token per this period: a peer sustaining more than 1 advert/s is ignored. */
export const ADVERT_RATE_REFILL_MS = 1_000

/** Per-peer advert state kept by a receiver; beyond it the oldest entry is forgotten (bounds memory). */
export const MAX_TRACKED_ADVERT_PEERS = 10_000

/** Gossipsub P4 weight of an invalid advert on a scored advert topic. The penalty is quadratic in the count, so
 * with the default graylist threshold (-80) the 3rd invalid advert from a peer gets all its gossip ignored. */
export const ADVERT_INVALID_MESSAGE_WEIGHT = -10

/** Per-second decay of the invalid-advert counter: a half-life of ~70 s, so a peer's slip is forgiven in minutes. */
export const ADVERT_INVALID_MESSAGE_DECAY = 0.99

/**
 * Share of a node's non-mesh topic peers that get IHAVE gossip at each heartbeat (gossipsub's default is 0.25).
 * A hub prunes its mesh to D=6 of its leaves; the other leaves learn of an advert only from gossip, and at 0.25 of
 * them per heartbeat that took 2-3 heartbeats (measured: star of 20, p50 1.85 s). Adverts are few (one per node
 * per 30 s), so announcing every one to every peer costs a few dozen bytes per advert per peer.
 */
export const GOSSIP_FACTOR = 1

/** Gossipsub heartbeat (mesh upkeep and IHAVE gossip). 700 ms as Ethereum's consensus layer (default 1 s): the
 * delay of a peer outside the mesh is one heartbeat. */
export const GOSSIP_HEARTBEAT_MS = 700

/** Dial/connect timeout, as the design asks: a LAN or healthy WAN peer answers far sooner. */
export const CONNECT_TIMEOUT_MS = 5_000

/**
 * How long identify may take on a new connection (libp2p's default is 5 s). A connection whose identify fails is
 * never handed to gossipsub, advert sync or the DHT (libp2p learns the peer's protocols only from identify) and
 * stays open and useless: measured with 50 in-process nodes on 2 busy cores, whole nodes were cut off from the
 * advert topic that way. A slow answer is still an answer.
 */
export const IDENTIFY_TIMEOUT_MS = 30_000

/** How often libp2p's connection monitor pings each connection to find dead ones (libp2p's default is 10 s): a
 * ping stream per connection per interval, on both sides; 30 s finds a dead peer well within an advert's lifetime. */
export const PING_INTERVAL_MS = 30_000

/**
 * How long a monitor ping may take before the connection is judged dead and aborted (libp2p adapts it between
 * 5 and 60 s). Fixed below PING_INTERVAL_MS: a ping still running when the next one starts makes the next fail
 * ("too many outbound ping streams") and abort a live connection. 20 s: a peer whose event loop is busy for a few
 * seconds is alive.
 */
export const PING_TIMEOUT_MS = 20_000

/** Our own Kademlia protocol id keeps the moemesh DHT separate from the public IPFS DHT. */
export const DHT_PROTOCOL = '/moemesh/kad/1.0.0'

/** Default listen address: every interface, a port chosen by the OS. */
export const DEFAULT_LISTEN_ADDR = '/ip4/0.0.0.0/tcp/0'

/** Bytes of an identity key file read from disk (an Ed25519 protobuf key is 68). */
export const MAX_IDENTITY_FILE_BYTES = 4096

/** Protocol id of advert sync: a newly connected peer asks for the signed adverts we hold. Bump on a wire break. */
export const ADVERT_SYNC_PROTOCOL = '/moemesh/adverts-sync/1.0.0'

/** A whole sync exchange (request in, every frame out) must finish within this: ~1 MB of adverts on a slow link. */
export const ADVERT_SYNC_TIMEOUT_MS = 5_000

/** Adverts per sync answer (one per node): covers a network of a thousand nodes; bigger ones fill in on refresh. */
export const ADVERT_SYNC_MAX_ADVERTS = 1_000

/** Bytes of adverts per sync answer: ~300 zoo-sized (50 KB) adverts; bounds what one newcomer costs a server. */
export const ADVERT_SYNC_MAX_RESPONSE_BYTES = 16 * 1024 * 1024

/** A server answers each peer at most once per this period; a client asks each peer at most as often. One sync
 * per connection is the need; a peer that reconnects in a loop gets nothing new inside one refresh period anyway. */
export const ADVERT_SYNC_MIN_INTERVAL_MS = 10_000

/** Sync answers served at once, all peers together: a restart of many neighbours cannot pin the CPU. */
export const ADVERT_SYNC_MAX_CONCURRENT_SERVES = 8

/** Syncs a client runs at once: the first few peers already hold the whole network's adverts. */
export const ADVERT_SYNC_MAX_CONCURRENT_REQUESTS = 4

/** A relayer whose answer holds this many rejected (forged, malformed) adverts is cut off: an honest one sends
 * only what it accepted itself, so even one is suspect; a few allow for peers running older validation rules. */
export const ADVERT_SYNC_MAX_REJECTED = 4

/**
 * Adverts one sync answer may add: a newcomer learns a large network from several neighbours and from gossip,
 * and one neighbour cannot fill the capability index with fresh throwaway identities.
 */
export const ADVERT_SYNC_MAX_ACCEPTED = 256

/** Peers whose last sync time a node remembers (bounds memory; a forgotten peer may just be asked again). */
export const ADVERT_SYNC_MAX_TRACKED_PEERS = 10_000

/** Bytes of remote signed adverts kept for relaying; beyond it the least recently updated are dropped from the
 * relay cache (their cards stay known). 64 MiB is ~1,300 zoo-sized adverts. */
export const ADVERT_CACHE_MAX_BYTES = 64 * 1024 * 1024

/** Reservations a relay server holds at once: a home machine relays for a handful of peers, not a city. */
export const RELAY_MAX_RESERVATIONS = 64

/** Bytes one relayed connection may carry before the relay closes it (libp2p's default is 128 KiB). A query is
 * ~2 KB each way, so 1 MiB carries hundreds; adverts and advert sync never go over relays (they need a direct
 * connection), and a relayed connection that runs out is simply dialled again. */
export const RELAY_DATA_LIMIT_BYTES = 1n << 20n

/** Lifetime of one relayed connection (libp2p's default is 2 min); DCUtR usually replaces it within seconds. */
export const RELAY_DURATION_LIMIT_MS = 5 * 60_000

/** Gossip topic prefix of score attestations; the embedding space id follows (scores are of cards in that space). */
export const ATTEST_TOPIC_PREFIX = '/moemesh/attest/1/'

/** Domain separation of attestation signatures: an attestation signature can never pass as an advert's, or the reverse. */
export const ATTEST_SIGNATURE_PREFIX = 'moemesh-attest:'

/** Domain separation of score commitments. */
export const ATTEST_COMMIT_PREFIX = 'moemesh-attest-commit:'

/** A validator publishes one attestation (a commitment, and the reveal of the one before) per this period. */
export const ATTEST_PERIOD_MS = 60_000

/** Attestations accepted per validator in a burst, then one per ATTEST_RATE_REFILL_MS: more than an honest validator sends. */
export const ATTEST_RATE_BURST = 4
export const ATTEST_RATE_REFILL_MS = 1_000

/** Validators whose rounds and commitments are tracked at most (past it a newcomer pushes out one silent for 4 periods, else the lightest; see attest-service.ts). */
export const MAX_TRACKED_ATTESTERS = 1_024

/** Commitments kept per validator: the reveal comes one round later; a few spare rounds cover a lost message. */
export const MAX_COMMITS_PER_ATTESTER = 4
