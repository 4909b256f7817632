/** Numbers that shape the market layer, each with its reason. */

/** First ban of an unresponsive peer (Petals' ban_timeout, via hivemind's Blacklist). */
export const BAN_BASE_MS = 15_000

/** Each further ban without a success in between lasts twice as long (hivemind's backoff_rate = 2). */
export const BAN_BACKOFF = 2

/** Longest ban: 15 s x 2^6 = 16 min; a peer that long dead has usually dropped out of the index (90 s TTL) anyway. */
export const BAN_MAX_MS = 960_000

/** EWMA weight of a new latency sample: about the last 5-10 calls count, so a peer that slows down is noticed fast. */
export const LATENCY_EWMA_ALPHA = 0.2

/** Beta(1, 1) prior on success: an unknown peer has reputation 0.5, and a single outcome moves it to 0.67 or 0.33. */
export const REPUTATION_PRIOR_SUCCESSES = 1
export const REPUTATION_PRIOR_FAILURES = 1

/** Past outcomes fade by this factor per new outcome (~50-outcome memory), so a peer can recover from old failures. */
export const REPUTATION_DECAY = 0.98

/** Peers tracked before the least recently seen are forgotten: bounds memory against floods of fresh peer ids. */
export const MAX_TRACKED_PEERS = 10_000

/** Credits a peer may consume from us before it must serve anything back (lets newcomers in, like BitTorrent's optimistic unchoke). */
export const FREE_ALLOWANCE_CREDITS = 100

/** A peer is throttled once it has consumed more than this many times what it served us, beyond the allowance. */
export const THROTTLE_RATIO = 4

/**
 * Credits per second a peer's allowance refills: the free allowance refreshes every 10 s, so a client-only node
 * can keep asking priced experts at a few queries per second per serving node; beyond that it gets
 * PAYMENT_REQUIRED (free experts are never throttled).
 */
export const ALLOWANCE_REFILL_PER_SEC = 10

/** Most credit a peer can bank by serving us (times the free allowance), so old service does not buy unlimited use. */
export const MAX_BANKED_ALLOWANCES = 10

/**
 * Most a peer may owe us (credits served, not yet paid by a receipt, not yet forgiven by the refreshing
 * allowance) before priced experts answer it PAYMENT_REQUIRED: the free allowance itself, so a stranger gets
 * that much on trust, and a peer that signs receipts is never held up (Swarm's payment threshold).
 */
export const DEFAULT_CREDIT_LIMIT = FREE_ALLOWANCE_CREDITS

/** Credits are carried in receipts as integer millionths, so payer and payee add them up exactly. */
export const MICRO_PER_CREDIT = 1_000_000

/** Domain separation of receipt signatures: a signature over anything else (an advert, a score) never verifies as one. */
export const RECEIPT_SIGNATURE_PREFIX = 'moemesh/receipt/v1\0'

/** A receipt is honoured for a week after it is issued: long enough to be exported and checked, short enough to age out. */
export const RECEIPT_TTL_MS = 7 * 24 * 3600_000

/** A receipt issued more than this ahead of our clock is refused (same skew the adverts allow). */
export const RECEIPT_MAX_CLOCK_SKEW_MS = 5 * 60_000

/** Bytes of a SignedReceipt: two peer ids (~53 chars), three hashes, a few varints and a signature are ~330. */
export const MAX_RECEIPT_BYTES = 1024

/** Characters of a peer id in a receipt (an Ed25519 one is 52; RSA ids are longer but unsupported here). */
export const MAX_RECEIPT_PEER_ID_CHARS = 128

/** Time a payee gets to store a receipt and acknowledge it; a receipt is off the query path, so this is generous. */
export const RECEIPT_ACK_TIMEOUT_MS = 5_000
