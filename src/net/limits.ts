/**
 * How large anything that crosses the wire may be: the one place for the limits that the manifest validator,
 * the advert codec, the capability index and the query protocol all apply. An expert package that passes
 * `validateManifest` and `decodeCapability` therefore always fits a card that receivers accept, and one such card
 * at every limit at once still fits an advert under {@link MAX_ADVERT_BYTES} (test/unit/net/limits.test.ts).
 * Timers and protocol ids live in `constants.ts` and `query-constants.ts`.
 */

// --- one expert card (expert.json, capability.bin, the card in an advert, the capability index) ---

/** Length of an expert id: a sha256 of the expert's model.onnx. */
export const EXPERT_ID_BYTES = 32

/** Characters of an expert name (kebab-case): a short handle for a person, not a sentence. */
export const MAX_NAME_CHARS = 64

/** Characters of an expert version: MAJOR.MINOR.PATCH of up to 9 digits each and a 32-character suffix is 62. */
export const MAX_VERSION_CHARS = 64

/** Characters of a card's task name (`classification` is 14); room for a few more task kinds. */
export const MAX_TASK_CHARS = 64

/** Characters of a card description: a paragraph. It travels in every advert, so it is not documentation. */
export const MAX_DESCRIPTION_CHARS = 1000

/** Output classes per expert (UDHR language id has ~450); the labels travel in every advert. */
export const MAX_LABELS = 1000

/** Characters per label: a class name, not a description. */
export const MAX_LABEL_CHARS = 100

/** Capability centroids per card: several beat one, past a few dozen they only cost bandwidth and scan time. */
export const MAX_CENTROIDS_PER_CARD = 64

/** Largest embedding dimension accepted (sentence encoders top out around 1-4k; the shared space is 164-d). */
export const MAX_DIM = 4096

/**
 * Centroid values (centroids x dim) per card: 64 centroids of a 768-d encoder, or 12 of a 4096-d one (192 KiB of
 * floats). With 1000 labels of 100 three-byte characters (~303 KB) and a full description, a card at every limit
 * is ~503 KB, so it still fits an advert under {@link MAX_ADVERT_BYTES}.
 */
export const MAX_CENTROID_VALUES = 49_152

/**
 * Largest magnitude of a gate's scale, bias and abstain cut. A gate logit is `scale * dot(int8 weights, unit
 * query) + bias`; trained gates have |bias| and |cut| of a few units and scales near 1e-2, so 1e6 only refuses
 * nonsense that would swamp every other card's score. A gate adds `dim + 15` bytes to a card (4 KiB at MAX_DIM).
 */
export const MAX_GATE_MAGNITUDE = 1e6

/** Largest magnitude of an answer's competence score (a mean cosine or a logit): a bound on what a peer may send. */
export const MAX_COMPETENCE_MAGNITUDE = 1e6

/** Characters of an embedding space id (a hex sha256 is 64; twice that leaves room for a prefix scheme). */
export const MAX_SPACE_ID_CHARS = 128

// --- adverts ---

/**
 * Bytes of a whole SignedAdvert, checked before decoding. It holds one card at every limit (~503 KB) or ~50
 * zoo-sized ones (8 centroids x 164 floats, a few labels); a node whose cards together are larger is refused at
 * `setLocalCards` (AdvertTooLargeError). Gossipsub's own RPC frame limit is 4 MiB, far above it.
 */
export const MAX_ADVERT_BYTES = 512 * 1024

/** Experts one node may advertise at once; a node with more should run several identities. */
export const MAX_CARDS_PER_ADVERT = 64

/** Listen addresses carried in one advert; more are ignored by the publisher. */
export const MAX_ADVERT_ADDRS = 16

/** Bytes of one binary multiaddr in an advert. */
export const MAX_ADDR_BYTES = 256

/** Largest protobuf-encoded public key accepted (an Ed25519 one is 36 bytes). */
export const MAX_PUBLIC_KEY_BYTES = 64

/** A sync request is two short fields (a 128-char space id at most and a count): 1 KiB refuses anything else unread. */
export const MAX_ADVERT_SYNC_REQUEST_BYTES = 1024

// --- the query protocol ---

/** Most experts one request may name: a router fans out to a handful per peer; more is a misuse or an attack. */
export const MAX_EXPERTS_PER_QUERY = 16

/** Longest query vector: a query lives in the same space as the centroids. */
export const MAX_VECTOR_DIM = MAX_DIM

/** Longest query text in UTF-8 bytes: a few paragraphs; experts classify short texts, not documents. */
export const MAX_QUERY_TEXT_BYTES = 16 * 1024

/**
 * Largest request frame: the largest valid request (16 KiB text + 16 KiB vector + 16 ids) is ~33 KiB, so 64 KiB
 * accepts every valid one and bounds what a peer can make us buffer per stream.
 */
export const MAX_QUERY_FRAME_BYTES = 64 * 1024

/** Longest answer distribution: one probability per output class. */
export const MAX_DISTRIBUTION_LENGTH = MAX_LABELS

/**
 * Largest response frame: 16 answers x 1000 floats x 4 bytes is ~64 KiB of distributions; 1 MiB leaves slack for
 * framing and bounds what a server can make a client buffer.
 */
export const MAX_RESPONSE_FRAME_BYTES = 1024 * 1024

/** Longest human message in a response, in characters: one sentence, never a dump. */
export const MAX_ERROR_MESSAGE_CHARS = 200

/** Longest deadline a request may carry: no query is worth holding an expert slot for more than 60 s. */
export const MAX_DEADLINE_MS = 60_000

/** Largest signed attestation (envelope included): 1,024 scores of ~150 bytes, under gossipsub's 1 MiB message cap. */
export const MAX_ATTEST_BYTES = 256 * 1024

/** Card scores in one attestation at most. */
export const MAX_ATTEST_SCORES = 1_024

/** Salt length of a commitment, bytes: at least 16 (unguessable), at most 64. */
export const MIN_ATTEST_SALT_BYTES = 16
export const MAX_ATTEST_SALT_BYTES = 64

/** Longest peer id string in a card score. */
export const MAX_PEER_ID_CHARS = 128
