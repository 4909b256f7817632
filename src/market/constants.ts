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

/** Each new probe result of a card weighs 1 and older ones fade by this factor: a ~40-probe memory, so a card that turns bad is caught within tens of probes. */
export const QUALITY_SAMPLE_DECAY = 0.975

/** Measured figures also fade with time (half-life), so a card not probed for hours falls back towards unscored rather than living on an old score. */
export const QUALITY_HALF_LIFE_MS = 6 * 3_600_000

/** A card counts as scored once this many (decayed) probe results stand behind its figures: few, because the distrust rules below use a 1/sqrt(n) margin. */
export const MIN_SCORED_SAMPLES = 3

/** Distrust a card whose measured accuracy, plus a 1/sqrt(n) margin, is still this far below its claim: honest cards claim their test accuracy. */
export const CLAIM_GAP = 0.3

/** Distrust a card whose mean NLL of the right label is this far above a uniform guess's ln(labels) while it is wrong most of the time: confidently wrong, whatever it claims. */
export const NLL_OVER_UNIFORM = 1

/** NLL of one answer is capped here (p = 1e-4): one answer cannot dominate a mean. */
export const MAX_NLL = 9.21

/**
 * Distrust a card whose gate or centroids claim more than this share of the probes of other label spaces: a
 * match-everything card. Honest zoo gates claim up to ~55% (brown-nonfiction, of the Brown fiction and State of
 * the Union probes, in `npm run bench:poison`); a gate that fires on everything claims 100%.
 */
export const MAX_FOREIGN_CLAIM_SHARE = 0.85

/** Foreign probes checked before the foreign-claim rule applies (computed locally from the public card; no call). */
export const MIN_FOREIGN_CHECKED = 20

/** Cards tracked by a quality store before the least recently updated is forgotten. */
export const MAX_TRACKED_CARDS = 20_000

/** Validators whose attestations are kept at most (the least recently heard are forgotten). */
export const MAX_TRACKED_VALIDATORS = 1_024

/** A validator's age weight reaches 1 after it has attested this long; a new one starts at (1 min)/(this). */
export const VALIDATOR_AGE_FULL_MS = 3_600_000

/** The age a validator is granted when first heard (its weight starts at 1/60 of a full one). */
export const VALIDATOR_AGE_FLOOR_MS = 60_000

/** Each attested value is clipped to the weighted median +- this before the weighted mean: one outlier validator moves a card by at most this, times its weight share. */
export const ATTEST_CLIP = 0.1

/** Attested samples count for at most this many probes when blended with our own: attestations inform, own measurements decide once there are many. */
export const MAX_ATTESTED_SAMPLES = 20

/** Attestations older than this are dropped: the reveal of a validator that went quiet stops counting. */
export const ATTESTATION_TTL_MS = 30 * 60_000

/** A validator sends one probe every this many ms by default: a low rate (a few cards per probe), so validation costs the network little. */
export const VALIDATE_INTERVAL_MS = 5_000

/** Cards one probe is sent to at most, least-measured first. */
export const VALIDATE_MAX_TARGETS = 4

/** Deadline of one probe's calls (probe and answer), like an ordinary query's. */
export const VALIDATE_TIMEOUT_MS = 3_000

/** Probes a validator holds at most (each at most MAX_PROBE_TEXT_CHARS). */
export const MAX_PROBES = 100_000

/** Longest probe text kept; longer ones are cut (queries are short texts; the protocol caps a request at 16 KiB). */
export const MAX_PROBE_TEXT_CHARS = 2_000
