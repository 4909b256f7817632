/**
 * Numbers of cell discovery. Each carries the reason for its value; `docs/discovery.md` derives them.
 */

/** Version of the codebook derivation. Bump it when the recipe changes: the version is part of every cell topic and
 * DHT key, so nodes on different recipes never mix cells (they simply do not see each other's cells). */
export const CODEBOOK_VERSION = 1

/** Cells of the codebook. With 2 home cells per node, 1,000 nodes give each cell ~8 holders (a full gossipsub mesh,
 * D=6..8) and each cell ~0.5-1% of the cards; a 10x larger network wants the next, finer codebook version. */
export const DEFAULT_CELLS = 256

/** Seeded Lloyd iterations of the codebook's k-means: the cells only need to be balanced, not optimal. */
export const CODEBOOK_ITERATIONS = 12

/** Sample rows the codebook is derived from (the most frequent words of the embedder). */
export const CODEBOOK_SAMPLE = 8_192

/** Gossip topics of cells: this prefix + space id + codebook version and id + cell number. Bump `1` on a wire break. */
export const CELL_TOPIC_PREFIX = '/moemesh/cells/1/'

/** Cells every node holds whatever it serves or asks (Ethereum's attestation subnets: each node on 2 of 64), picked
 * from its peer id, so every cell has holders that answer lookups. */
export const HOME_CELLS = 2

/** Cells a query probes (the nearest to it): the cards a top-10 needs sit in the query's nearest cells (IVF nprobe). */
export const PROBE_CELLS = 3

/** Cells a node keeps subscribed because its users asked about them; the least recently asked go first. */
export const MAX_QUERY_CELLS = 4

/** A query cell nobody asked about for this long is left (its cards dropped). */
export const QUERY_CELL_IDLE_MS = 10 * 60_000

/** Providers asked for a cell's cards on a miss: one answer suffices, two more cover a holder that just left. */
export const LOOKUP_PROVIDERS = 3

/** Deadline of a whole miss (DHT lookup and fetch): a query waits for it once per cell. */
export const LOOKUP_TIMEOUT_MS = 3_000

/** Protocol id of a cell fetch: "send me the signed adverts you hold for this cell". Bump on a wire break. */
export const CELL_FETCH_PROTOCOL = '/moemesh/cell-fetch/1.0.0'

/** Bytes of a cell fetch request (a topic name of ~130 characters and a count). */
export const MAX_CELL_FETCH_REQUEST_BYTES = 1024

/** Adverts one cell fetch answer may carry: ~1% of 100k cards, one card per advert. */
export const CELL_FETCH_MAX_ADVERTS = 2_000

/** Cards a node keeps of one held cell. A cell with more is split into 2^n shards by its authors' peer ids and a
 * holder keeps only its own shard (home and query cells alike): with 2 home + 4 query cells a node keeps at most
 * ~6 x 512 cards whatever the popularity of its cells, ~3% of 100k. A hot cell split this way has many shard holders
 * (every node that asks about it keeps one shard), so each shard has holders to answer. */
export const CELL_CARD_BUDGET = 512

/** Shards a cell is split into at most (a cell of 32k cards at the default budget). */
export const MAX_CELL_SHARDS = 64

/** Cards a query asks of each shard of a cell it does not keep in full (beam width): the shard's holder ranks its
 * cards for the query and returns the signed adverts of the best `k`. */
export const CELL_QUERY_K = 10

/** Protocol id of a cell query: "rank the cards you keep of this cell for my query, send the best k". */
export const CELL_QUERY_PROTOCOL = '/moemesh/cell-query/1.0.0'

/** Bytes of a cell query request: a topic, a vector of up to 1,024 floats, k. */
export const MAX_CELL_QUERY_REQUEST_BYTES = 8 * 1024

/** Authors a node remembers per cell at most: a cell of more cards than MAX_CELL_SHARDS x CELL_CARD_BUDGET is
 * split no further, so more authors than that change nothing but the memory a flood of throwaway ids takes. */
export const MAX_CELL_AUTHORS = MAX_CELL_SHARDS * CELL_CARD_BUDGET

/** How often a node forgets the authors of expired adverts in its cells: the advert refresh period (30 s), so an
 * expired author is counted at most one refresh past its expiry. */
export const CELL_PRUNE_MS = 30_000

/** Longest slice of codebook derivation between two turns of the event loop: short enough that a peer's stream or
 * an API call waits no longer than a slow handler would make it, long enough that yielding costs nothing. */
export const CODEBOOK_YIELD_MS = 10
