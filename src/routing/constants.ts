/**
 * Numbers that shape routing. Each has a one-line reason; change them here, not at the call sites. The size limits
 * of cards come from `net/limits.ts`, shared with the advert codec and the manifest validator.
 */
import { MAX_DEADLINE_MS } from '../net/limits.js'

/** Experts answered per query by default: a single failure still leaves one answer (the probe routed 84.5% top-1, 92.5% top-2). */
export const DEFAULT_K = 2

/** Upper bound on `k`: fan-out costs every called peer a model run, and more than a handful adds little (see DESIGN.md). */
export const MAX_K = 16

/** Whole-query deadline, route start to answer. Loopback round trips are ~0.1-0.5 ms, so this only bites on sick peers. */
export const DEFAULT_TIMEOUT_MS = 2_000

/** Longest deadline a caller may ask for: the longest a query request may carry, so every remote call can be sent. */
export const MAX_TIMEOUT_MS = MAX_DEADLINE_MS

/** A call still pending after this fraction of the deadline is hedged with the next fallback (tail-at-scale hedging). */
export const DEFAULT_HEDGE_FRACTION = 0.5

/** Cards kept (by similarity) for scoring: the score adjustments are bounded (<= sum of weights), so only near-ties can reorder. */
export const DEFAULT_CANDIDATE_POOL = 64

/** Fallbacks kept in a plan: each is one more remote call at worst, and the deadline ends the query long before 8 are used. */
export const DEFAULT_MAX_FALLBACKS = 8

/** Upper bound on `maxFallbacks`: a plan never needs more fallbacks than the cards scored by default (64). */
export const MAX_FALLBACKS = 64

/** Score weights. Their sum (0.1) bounds how far they can move a card, so a similarity lead over 0.1 always wins. */
export const DEFAULT_WEIGHTS = Object.freeze({
  /** Reputation enters as (r - 0.5): -0.02 .. +0.02. */
  reputation: 0.04,
  /** Latency penalty latency/(latency + LATENCY_SCALE_MS): 0 .. 0.02. */
  latency: 0.02,
  /** Advertised load 0..1: 0 .. 0.02. */
  load: 0.02,
  /** Price penalty price/(price + PRICE_SCALE): 0 .. 0.02. */
  price: 0.02
})

/** Latency at which the latency penalty is half its weight: a slow remote peer on a LAN or a busy one. */
export const LATENCY_SCALE_MS = 200

/** Latency assumed for a peer never measured: a typical remote call, so new peers are neither favoured nor shunned much. */
export const LATENCY_PRIOR_MS = 50

/** Price (credits) at which the price penalty is half its weight: one credit per answer is the unit price. */
export const PRICE_SCALE = 1

/** Bonus for the node's own experts under `preferLocal`: half the total weight budget, less than a clear similarity lead. */
export const PREFER_LOCAL_BONUS = 0.05

/** Default aggregation: experts' label sets and confidences are not comparable without calibration (probe finding). */
export const DEFAULT_STRATEGY = 'top1'

/** Cards the whole index holds: ~20k cards x 8 x 168 floats is ~110 MB, the most a node should spend on routing. */
export const DEFAULT_MAX_CARDS = 20_000

/** Centroid values the whole index holds (the memory that matters): 20k cards x 8 centroids x 168 dims, ~108 MB. */
export const DEFAULT_MAX_VALUES = 27_000_000

/** Softmax temperature over card scores (gate logit + 20 competence + 60 private competence): fitted on the zoo's calibration split (`npm run bench:quality`). */
export const ROUTING_TEMPERATURE = 1.49

/** Weight of an expert's shared-space competence (kNN cosine, ~0..1) against its gate logit: part of the `npm run bench:quality` winner. */
export const COMPETENCE_WEIGHT = 20

/** Weight of an expert's private competence (kNN over its own word n-grams, ~0..1): +4.8 points acc@1 in the `npm run bench:quality` ablation. */
export const PRIVATE_COMPETENCE_WEIGHT = 60

/** Ask a second expert only when the best holds less routing posterior than this: on the calibration split a second expert did not pay at <= 1.5 experts/query (`npm run bench:quality`), so effectively k = 1. */
export const ASK_SECOND_BELOW = 0.3

/** Abstain when the best in-domain score (ln p_c + ln p_w, conformal) of the probed experts is below this: the 4% quantile on the calibration split, OOD AUROC 0.95 (`npm run bench:quality`). */
export const ABSTAIN_IN_DOMAIN_BELOW = -5.177

/** Lowest in-domain score taken from a peer: two conformal ln p-values over <= ~10^8 reference inputs each; lower claims are clamped. */
export const MIN_IN_DOMAIN = -40

/** Most experts a competence-routed query asks (adaptive k: 1, or 2 when unsure); `npm run bench:quality` found 2 enough. */
export const COMPETENCE_MAX_EXPERTS = 2

/** Candidates (by gate logit) probed for their competence: the top 3 hold the right expert 95.6% of the time (`npm run bench:quality`). */
export const COMPETENCE_PROBES = 3

/** Probes end after this fraction of the query deadline: they are sub-millisecond, and the rest is kept for the answers and failover. */
export const PROBE_TIMEOUT_FRACTION = 0.25

/**
 * A card without a gate is ranked by `CENTROID_LOGIT_SCALE * (similarity - CENTROID_LOGIT_ZERO)`, so both kinds of
 * card share one scale: a cosine of 0.5 sits on a gate's decision boundary (logit 0) and 0.1 of cosine is one logit
 * unit (in-domain zoo queries lie at cosine ~0.5..0.8, gate logits of own inputs at ~0..+4). Not fitted: a
 * mixed network is a transition state.
 */
export const CENTROID_LOGIT_SCALE = 10

/**
 * Largest gate logit (either sign) a card's gate counts for: a card's gate is its owner's unverified claim, so a
 * peer advertising a huge bias or scale (the codec allows up to 1e6) could otherwise outrank every honest card by
 * any margin and zero their routing posterior. Trained gates score their own inputs at ~0..+4; sigmoid(30) is 1
 * to 13 digits, so no honest gate loses anything; the gain of a lying gate is bounded like a lying competence
 * score's (at most 20 + 60).
 */
export const MAX_GATE_LOGIT = 30

/** See {@link CENTROID_LOGIT_SCALE}. */
export const CENTROID_LOGIT_ZERO = 0.5

/** Candidates an abstained answer lists as the nearest ones. */
export const ABSTAIN_NEAREST = 3

/**
 * Cards in one embedding space from which search uses the ANN graph instead of the exact scan (and back below half
 * of it): where `npm run bench:scale` measured the exact scan's p50 overtake the ANN search's on 2 cores.
 */
export const DEFAULT_ANN_THRESHOLD = 4_096

/**
 * Candidate cards the ANN graph proposes per search in a space of up to {@link ANN_CANDIDATES_AT} cards (at least;
 * 4x the limit when that is more), re-ranked exactly. Larger spaces ask for more, see {@link ANN_CANDIDATES_GROWTH}.
 */
export const DEFAULT_ANN_CANDIDATES = 256

/** Space size up to which {@link DEFAULT_ANN_CANDIDATES} candidates are enough (recall@10 0.98-0.99 at 10-20k). */
export const ANN_CANDIDATES_AT = 10_000

/**
 * Above {@link ANN_CANDIDATES_AT} cards the candidate count grows as `(cards / 10k) ^ 0.5` (810 at 100k, 2,560 at 1M).
 * Measured on clustered 8 x 164-d cards: the graph's vector per card is the mean of its centroids, and the true
 * top-10 by best centroid ranks lower by that mean as the space fills: an exact (perfect-graph) search over the means
 * re-ranked gives recall@10 0.955 with 256 candidates at 100k, 0.977 with 512, 0.988 with 1,024; at 300k 0.932 with
 * 512, 0.965 with 1,024, 0.986 with 2,048 (scripts/bench/ann-probe.ts), so the candidates needed grow roughly as
 * cards^0.5-0.6. With the graph at connectivity 16 (SPACE=1 ann-probe, 100k, one run): 643 candidates 0.951 in
 * 1.27 ms, 1,024 0.964 in 2.31 ms; the graph search is 80-85% of that time and grows linearly with the candidates.
 * bench:scale at 1M (one run, loaded machine): 2,560 candidates gave recall@10 0.896, so 1M needs more candidates
 * than this rule (or a better per-card proxy than the mean) for 0.95; raise `annCandidates` where recall matters more.
 */
export const ANN_CANDIDATES_GROWTH = 0.5

/**
 * HNSW neighbours per graph node (usearch `connectivity`; level 0 keeps twice as many). 16 rather than 32: at 100k
 * clustered cards (ann-probe SPACE=1, one run) 1,024 candidates at 16 gave recall@10 0.964 in 2.3 ms where 643 at 32
 * gave 0.958 in 2.2 ms, so the wider beam over the thinner graph is as fast and as good, 128 bytes less per card,
 * and the build 3x faster (29 s against 98 s for 100k on 2 shared cores).
 */
export const ANN_CONNECTIVITY = 16

/** Graph beam width while inserting (usearch `expansion_add`); 128 with {@link ANN_CONNECTIVITY} 16, see there. */
export const ANN_EXPANSION_ADD = 128

/** Graph beam width while searching (usearch `expansion_search`); a search for more candidates widens it to their count. */
export const ANN_EXPANSION_SEARCH = 128

/** Widest candidate set a search asks the graph for when filters reject most candidates; past it the best found so far are returned, never an O(n) scan of a huge space. */
export const MAX_ANN_CANDIDATES = 16_384

/**
 * Share of queries on which one unscored (quarantined) card among the candidates competes without its penalty:
 * enough traffic for a newcomer to be seen, little enough that a liar in quarantine captures at most this share
 * (Bittensor's immunity period, inverted: a newcomer is neither trusted nor shut out). Validators measure it meanwhile.
 */
export const QUARANTINE_SHARE = 0.05

/**
 * Routing-logit penalty of a quarantined card: more than the most a card's own claims can add (a gate clamped at
 * +30, competence 20 x 1 and private competence 60 x 1 = 110) plus an honest card's in-domain lead, so an unscored
 * card never outranks a scored one on its claims alone. All-unscored networks keep their order (same penalty).
 */
export const QUARANTINE_PENALTY = 150

/**
 * Weight of ln(measured accuracy) in the routing score: the routing temperature, so the posterior over experts is
 * multiplied by each expert's measured accuracy (P(right answer | expert) = P(right expert) x accuracy).
 */
export const MEASURED_ACCURACY_WEIGHT = ROUTING_TEMPERATURE

/** Measured accuracies below this count as this in ln(accuracy): one bad estimate cannot sink a card without bound. */
export const MIN_MEASURED_ACCURACY = 0.05
