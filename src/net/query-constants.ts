/**
 * Numbers of the query protocol `/moemesh/query/1.0.0` (stream pool, concurrency, timers), each with the reason
 * it has its value. Frame and field size limits live in `limits.ts`.
 */

/** The protocol id negotiated on every query stream. Bump the version on any incompatible change. */
export const QUERY_PROTOCOL = '/moemesh/query/1.0.0'

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

/**
 * The batched query protocol (proto/query-batch.proto): the queries a client has in flight to one peer travel
 * together, one frame per batch, each with its own id, deadline and answer. Preferred by the client; a peer that
 * does not speak it is asked over {@link QUERY_PROTOCOL}.
 */
export const QUERY_BATCH_PROTOCOL = '/moemesh/query-batch/1.0.0'

/**
 * Most requests in one batch frame: the micro-batcher's default batch (64 rows), so one frame can fill one model
 * run on the server.
 */
export const MAX_BATCH_QUERIES = 64

/**
 * Largest batch request frame. A batch is cut before it would grow past this (most real requests are 1-5 KiB,
 * so 64 fit); one request is still at most MAX_QUERY_FRAME_BYTES.
 */
export const MAX_BATCH_FRAME_BYTES = 1024 * 1024

/**
 * Batches a client keeps in flight to one peer (one per stream): one being answered while the next forms, so
 * at most 2 x {@link MAX_BATCH_QUERIES} of its queries are in the server's handler at once.
 */
export const MAX_BATCH_STREAMS_PER_PEER = 2

/**
 * Inbound batch streams accepted per connection: twice what our client opens. Each may buffer a 1 MiB frame, so
 * this (not the single protocol's 32) bounds what one connection can make a server hold: 4 MiB.
 */
export const MAX_INBOUND_BATCH_STREAMS = 2 * MAX_BATCH_STREAMS_PER_PEER

/** Requests one peer may have in the handler at once over the batch protocol (= a client's 2 full batches). */
export const MAX_BATCH_QUERIES_PER_PEER = MAX_BATCH_STREAMS_PER_PEER * MAX_BATCH_QUERIES

/** Peers remembered as not speaking the batch protocol (asked over the single-query one); oldest forgotten first. */
export const MAX_SINGLE_ONLY_PEERS = 1024

/** Framing of one element of a batch's repeated bytes field: a tag byte and a length varint of at most 4 bytes (< 2^28). */
export const BATCH_ELEMENT_OVERHEAD = 5
