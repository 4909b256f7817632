/**
 * Numbers of the query protocol `/moemesh/query/1.0.0`, each with the reason it has its value.
 */

/** The protocol id negotiated on every query stream. Bump the version on any incompatible change. */
export const QUERY_PROTOCOL = '/moemesh/query/1.0.0'

/** Most experts one request may name: a router fans out to a handful per peer; more is a misuse or an attack. */
export const MAX_EXPERTS_PER_QUERY = 16

/** Length in bytes of an expert id on the wire: a sha256 of the expert's model.onnx. */
export const EXPERT_ID_BYTES = 32

/** Longest query vector: 25x the 164-d shared space we ship, room for any embedder we would plausibly adopt. */
export const MAX_VECTOR_DIM = 4096

/** Longest query text in UTF-8 bytes: a few paragraphs; experts classify short texts, not documents. */
export const MAX_QUERY_TEXT_BYTES = 16 * 1024

/** Longest space id in characters: a hex sha256 is 64; twice that leaves room for a prefix scheme. */
export const MAX_SPACE_ID_CHARS = 128

/**
 * Largest request frame: the largest valid request (16 KiB text + 16 KiB vector + 16 ids) is ~33 KiB, so 64 KiB
 * accepts every valid one and bounds what a peer can make us buffer per stream.
 */
export const MAX_QUERY_FRAME_BYTES = 64 * 1024

/** Longest answer distribution: an expert with more output classes than this is not a classifier we route to. */
export const MAX_DISTRIBUTION_LENGTH = 4096

/**
 * Largest response frame: 16 answers x 4096 floats x 4 bytes is 256 KiB of distributions; 1 MiB leaves slack
 * for framing and bounds what a server can make a client buffer.
 */
export const MAX_RESPONSE_FRAME_BYTES = 1024 * 1024

/** Longest human message in a response, in characters: one sentence, never a dump. */
export const MAX_ERROR_MESSAGE_CHARS = 200

/** Longest deadline a request may carry: no query is worth holding an expert slot for more than 60 s. */
export const MAX_DEADLINE_MS = 60_000

/**
 * Most streams a client keeps open to one peer (in use and idle), so at most this many of its queries are in
 * flight there: equal to the server's per-peer handler slots, so one client alone never meets OVERLOADED; further
 * concurrent queries wait for a stream instead.
 */
export const MAX_STREAMS_PER_PEER = 8

/** Most idle streams a client keeps per peer: enough for the usual 1-4 concurrent queries to one peer. */
export const MAX_IDLE_STREAMS_PER_PEER = 4

/**
 * A client closes a stream that stayed idle this long: half the server's idle timeout, so the client (which knows
 * whether it is about to use a stream) closes first and a request rarely meets a stream the server is closing.
 */
export const CLIENT_IDLE_STREAM_TIMEOUT_MS = 30_000

/** A server closes a stream with no request for this long: below yamux's 120 s inactivity reset, above the client's 30 s. */
export const SERVER_IDLE_STREAM_TIMEOUT_MS = 60_000

/** Inbound query streams accepted per connection: libp2p's default, 4x what our own client opens. */
export const MAX_INBOUND_QUERY_STREAMS = 32

/** Outbound query streams per connection: our pool never opens more than MAX_STREAMS_PER_PEER; the rest is slack. */
export const MAX_OUTBOUND_QUERY_STREAMS = 32

/** Requests one peer may have in the handler at once (= a client's stream cap); beyond it the server answers OVERLOADED at once. */
export const MAX_CONCURRENT_QUERIES_PER_PEER = 8

/** Requests all peers together may have in the handler at once; beyond it the server answers OVERLOADED. */
export const MAX_CONCURRENT_QUERIES_TOTAL = 256

/**
 * After refusing a malformed frame the server half-closes the stream and waits this long for the peer to read the
 * BAD_REQUEST answer before resetting it (a reset at once can discard the answer before the peer reads it).
 */
export const BAD_FRAME_LINGER_MS = 1_000

/** A response the peer does not take within this long (it stopped reading) costs it the stream. */
export const RESPONSE_WRITE_TIMEOUT_MS = 5_000
