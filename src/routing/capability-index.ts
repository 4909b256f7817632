import { defaultLogger } from '@libp2p/logger'
import type { ComponentLogger, Logger } from '@libp2p/interface'
import { InvalidOptionError } from '../errors.js'
import { positiveInt } from '../options.js'
import { ANN_CANDIDATES_AT, ANN_CANDIDATES_GROWTH, ANN_CONNECTIVITY, ANN_EXPANSION_ADD, ANN_EXPANSION_SEARCH, DEFAULT_ANN_CANDIDATES, DEFAULT_ANN_THRESHOLD, DEFAULT_MAX_CARDS, DEFAULT_MAX_VALUES, MAX_ANN_CANDIDATES } from './constants.js'
import { centroidLogit, gateLogit, gateProblem, sameGate } from './gate-scoring.js'
import {
  EXPERT_ID_BYTES, MAX_CARDS_PER_ADVERT, MAX_CENTROID_VALUES, MAX_CENTROIDS_PER_CARD, MAX_DIM, MAX_LABELS, MAX_SPACE_ID_CHARS
} from '../net/limits.js'
import { defaultDotKernel, type DotKernel } from './dot-kernel.js'
import { SpaceMatrix, type MatrixSlot } from './space-matrix.js'
import { AnnSpace, loadUsearch, type AnnSpaceInit } from './ann-space.js'
import { compareItems, heapPush, worse, type HeapItem } from './top-k-heap.js'
import type { CardData, VerifiedAdvert } from '../net/advert-types.js'
import { MAX_PRICE_CREDITS } from '../constants.js'

/** One expert on one peer, as the index holds it. Entries are immutable; an update replaces the object. */
export interface IndexEntry {
  readonly peerId: string
  readonly expertId: string
  readonly card: CardData
  /** True for the node's own experts (set with {@link CapabilityIndex.setLocal}). */
  readonly local: boolean
  /** Wall-clock ms after which the entry is dropped; `Infinity` for local experts. */
  readonly expiresAt: number
  /** Sequence number of the advert the entry came from (0 for local experts). */
  readonly seqno: number
  /** The serving node's listen multiaddrs, from its advert. */
  readonly addrs: readonly string[]
}

/** A card scored against a query. */
export interface SearchHit {
  entry: IndexEntry
  /** Best cosine similarity between the query and the card's centroids (-1..1). */
  similarity: number
  /** The card's gate logit for the query (`scale * weights . query + bias`); absent when the card has no gate. */
  gateLogit?: number
}

/** Options of {@link CapabilityIndex.search}. */
export interface SearchOptions {
  /** Keep only the best `limit` hits. @default Infinity */
  limit?: number
  /** Drop hits below this similarity. @default -Infinity */
  minSimilarity?: number
  /**
   * What `limit` keeps the best of: centroid similarity, or the routing logit (a gated card's gate logit, a
   * gateless card's similarity mapped onto the logit scale, see `CENTROID_LOGIT_SCALE`). Hits come back in that
   * order. @default 'similarity'
   */
  rankBy?: 'similarity' | 'logit'
  /** Skip entries for which this returns false (checked before ranking, so they never take a slot). */
  filter?: (entry: IndexEntry) => boolean
  /** Wall-clock ms used for expiry. @default Date.now() */
  now?: number
}

/** Why the index changed. */
export type IndexChangeReason = 'advert' | 'withdraw' | 'local' | 'expire' | 'remove'

/** The `detail` of a `change` event: which expert ids of one peer appeared, vanished or changed. */
export interface IndexChange {
  peerId: string
  reason: IndexChangeReason
  added: string[]
  removed: string[]
  /** Cards still present whose content (centroids, price, load, labels, ...) changed. */
  updated: string[]
}

/** Options of {@link CapabilityIndex}. */
export interface CapabilityIndexInit {
  /** Most cards held in all; cards beyond it are refused (logged) until others expire. @default 20000 */
  maxCards?: number
  /**
   * Most centroid values (cards x centroids x dim) held in all, so a flood of large cards cannot exhaust memory
   * even below `maxCards`. @default 27_000_000 (~108 MB: 20k cards x 8 centroids x 168)
   */
  maxValues?: number
  /** Scan kernel; tests pass the JS one. @default the WebAssembly SIMD kernel where available */
  kernel?: DotKernel
  /**
   * Cards in one embedding space from which search goes through an ANN graph (candidates re-ranked exactly on
   * int8 centroids) instead of the exact float scan; the space goes back to the exact scan below half of it.
   * `Infinity` keeps every space exact. @default 4096
   */
  annThreshold?: number
  /**
   * Candidate cards the ANN graph proposes per search in a space of up to 10k cards (4x `limit` when that is more);
   * larger spaces ask for `annCandidates * (cards / 10k) ^ 0.5` (810 at 100k, 2,560 at 1M). @default 256
   */
  annCandidates?: number
  /** Graph tuning (connectivity, beam widths). @default connectivity 16, beam 128 while inserting, 128 while searching (at least the candidate count) */
  ann?: AnnSpaceInit
  /** Where the index logs (`moemesh:routing:index`); pass `prefixLogger(name)` to tell nodes in one process apart. @default defaultLogger() */
  logger?: ComponentLogger
}

/** A scan hit: `similarity` is the rank key (cosine or logit, see `rankBy`); `cosine` the centroid similarity. */
interface Hit extends HeapItem<CardRecord> {
  cosine: number
  gate: number | undefined
}

interface CardRecord {
  entry: IndexEntry
  /** Where the card's centroids live: a matrix slot, or its key in the space's {@link AnnSpace}. */
  slot: MatrixSlot<CardRecord> | number
  space: SpaceState
  /** Hash of the advertised centroid values: the values themselves are held only in the space's store. */
  hash: number
}

/** One embedding space: its cards live in exactly one store, the exact matrix or the ANN space. */
interface SpaceState {
  spaceId: string
  dim: number
  matrix?: SpaceMatrix<CardRecord>
  ann?: AnnSpace<CardRecord>
}

/** Bytes the index's vector stores hold, from its own accounting (see {@link CapabilityIndex.memory}). */
export interface IndexMemory {
  cards: number
  /** Float rows of exact-scan spaces, as allocated. */
  exactBytes: number
  /** What those rows need (live rows only): `exactBytes` minus the growth slack and dead rows. */
  exactLiveBytes: number
  /** Int8 rows of ANN spaces, as allocated. */
  quantizedBytes: number
  /** The ANN graphs, estimated (usearch does not report its memory). */
  graphBytes: number
  /** Spaces by tier. */
  spaces: Array<{ spaceId: string, tier: 'exact' | 'ann', cards: number }>
}

interface PeerRecord {
  peerId: string
  local: boolean
  seqno: number
  expiresAt: number
  addrs: readonly string[]
  cards: Map<string, CardRecord>
}

/** Longest peer id accepted (a base58 Ed25519 peer id is 52 characters). */
const MAX_PEER_ID_CHARS = 128

function isId (s: unknown, max: number): s is string {
  return typeof s === 'string' && s.length > 0 && s.length <= max
}

/** Why a card cannot be indexed, or undefined when it can. */
function cardProblem (card: CardData): string | undefined {
  if (card === null || typeof card !== 'object') return 'not an object'
  if (!isId(card.expertId, 2 * EXPERT_ID_BYTES)) return 'bad expertId'
  if (!isId(card.spaceId, MAX_SPACE_ID_CHARS)) return 'bad spaceId'
  if (!Number.isInteger(card.dim) || card.dim < 1 || card.dim > MAX_DIM) return 'bad dim'
  if (!Array.isArray(card.centroids) || card.centroids.length < 1 || card.centroids.length > MAX_CENTROIDS_PER_CARD) return 'bad centroid count'
  if (card.centroids.length * card.dim > MAX_CENTROID_VALUES) return 'too many centroid values'
  for (const c of card.centroids) {
    if (!(c instanceof Float32Array) || c.length !== card.dim) return 'centroid length differs from dim'
    let norm = 0
    for (let j = 0; j < c.length; j++) norm += c[j] * c[j]
    if (!Number.isFinite(norm) || norm === 0) return 'centroid is zero or not finite'
  }
  if (!Array.isArray(card.labels) || card.labels.length === 0 || card.labels.length > MAX_LABELS) return 'no labels or too many'
  if (!Number.isFinite(card.price) || card.price < 0 || card.price > MAX_PRICE_CREDITS) return 'bad price'
  if (!Number.isFinite(card.load)) return 'bad load'
  if (card.gate !== undefined) return gateProblem(card.gate, card.dim)
  return undefined
}

/**
 * A 53-bit hash of centroid values (two FNV-1a over the float bits): a refreshed advert with the same centroids must
 * not rebuild the card's rows and graph node, and the advertised values are not kept to compare against. A
 * collision only delays a card's own owner's centroid change to its next advert.
 */
function centroidHash (centroids: readonly Float32Array[]): number {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  const bits = new Uint32Array(1)
  const f = new Float32Array(bits.buffer)
  for (const row of centroids) {
    for (let j = 0; j < row.length; j++) {
      f[0] = row[j]
      h1 = Math.imul(h1 ^ bits[0], 0x01000193)
      h2 = Math.imul(h2 ^ bits[0], 0x5bd1e995) ^ (h2 >>> 15)
    }
    h1 = Math.imul(h1 ^ 0xff, 0x01000193)
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff)
}

/** Candidates to ask the graph for in a space of `cards` cards (see {@link ANN_CANDIDATES_GROWTH}). */
function candidatesFor (base: number, cards: number): number {
  if (cards <= ANN_CANDIDATES_AT) return base
  return Math.min(MAX_ANN_CANDIDATES, Math.ceil(base * (cards / ANN_CANDIDATES_AT) ** ANN_CANDIDATES_GROWTH))
}

function centroidCount (card: CardRecord): number {
  const slot = card.slot
  return typeof slot === 'number' ? card.space.ann?.rowCountOf(slot) ?? 0 : slot.rowCount
}

function sameCentroids (old: CardRecord, b: CardData): boolean {
  const a = old.entry.card
  return a.spaceId === b.spaceId && a.dim === b.dim && old.space.dim === b.dim && centroidCount(old) === b.centroids.length && old.hash === centroidHash(b.centroids)
}

function sameContent (a: CardData, b: CardData): boolean {
  return a.name === b.name && a.version === b.version && a.task === b.task && a.description === b.description &&
    a.price === b.price && a.load === b.load && a.inputKind === b.inputKind && a.accuracy === b.accuracy &&
    a.labels.length === b.labels.length && a.labels.every((l, i) => l === b.labels[i]) && sameGate(a.gate, b.gate)
}

/** The stored card behind an entry's card view. */
const STORED = Symbol('moemesh.storedCard')

/** A card's centroids, read back from whichever store holds them. */
function centroidsOf (card: CardRecord): Float32Array[] {
  const { matrix, ann } = card.space
  if (matrix !== undefined) return matrix.centroidsOf(card.slot as MatrixSlot<CardRecord>)
  return ann?.centroidsOf(card.slot as number) ?? []
}

const CENTROIDS_ACCESSOR: PropertyDescriptor = {
  enumerable: true,
  get (this: { [STORED]: CardRecord }): Float32Array[] {
    return centroidsOf(this[STORED])
  }
}

/**
 * A stored card's view: the advertised card minus the centroid arrays (`centroids` reads the rows back from the
 * space's store on access, so the index holds each centroid once). Built as one literal, then the shared
 * accessor and a non-enumerable back link are added, so every view has one hidden class with in-object fields; a
 * spread copy whose `centroids` was redefined as an accessor fell into dictionary mode (~0.5 KB more per card).
 * Spreading a view still copies `centroids` (as arrays). Strings repeated across cards (labels, task, version)
 * are interned.
 */
function cardView (card: CardData, stored: CardRecord): CardData {
  const base = {
    expertId: card.expertId,
    name: card.name,
    version: intern(card.version),
    task: intern(card.task),
    description: card.description,
    labels: internLabels(card.labels),
    spaceId: intern(card.spaceId),
    dim: card.dim,
    price: card.price,
    load: card.load,
    inputKind: card.inputKind,
    accuracy: card.accuracy
  }
  // Two literal shapes rather than `gate: undefined`, so a gateless view has no `gate` key, like the advertised card.
  const view = (card.gate === undefined ? base : { ...base, gate: card.gate }) as unknown as CardData
  Object.defineProperty(view, 'centroids', CENTROIDS_ACCESSOR)
  Object.defineProperty(view, STORED, { value: stored, enumerable: false })
  return view
}

/** Interned short strings (labels, task names, versions, space ids); bounded so hostile adverts cannot grow it without end. */
const INTERNED = new Map<string, string>()
const MAX_INTERNED = 65_536
const MAX_INTERNED_CHARS = 128

function intern (s: string): string {
  if (s.length > MAX_INTERNED_CHARS) return s
  const hit = INTERNED.get(s)
  if (hit !== undefined) return hit
  if (INTERNED.size >= MAX_INTERNED) INTERNED.clear()
  INTERNED.set(s, s)
  return s
}

/** A card's labels with each string interned (a new array: the advert's own is not kept). */
function internLabels (labels: readonly string[]): string[] {
  return labels.map(intern)
}

/**
 * What the node knows about every reachable expert: one card per (peer, expert id), searchable by the query vector.
 *
 * Each peer's advert replaces everything that peer offered before (newer seqno only; an empty advert withdraws).
 * Cards expire with their advert; the node's own experts never do. Search takes the best cosine over each card's
 * centroids, brute force over one packed matrix per embedding space (see {@link SpaceMatrix}).
 *
 * Dispatches a `change` event (`CustomEvent<IndexChange>`) whenever a peer's cards appear, vanish or change.
 */
export class CapabilityIndex extends EventTarget {
  private readonly peers = new Map<string, PeerRecord>()
  private readonly spaces = new Map<string, SpaceState>()
  private readonly maxCards: number
  private readonly kernel: DotKernel
  private readonly log: Logger
  private cardCount = 0
  private valueCount = 0
  private readonly maxValues: number
  private readonly annThreshold: number
  private readonly annCandidates: number
  private readonly annInit: AnnSpaceInit
  private scratch = new Float32Array(0)
  /** Peers whose connection closed: their cards stay (they may come back) but are not routed to. */
  private readonly unreachable = new Set<string>()

  constructor (init: CapabilityIndexInit = {}) {
    super()
    this.maxCards = positiveInt('maxCards', init.maxCards, DEFAULT_MAX_CARDS)
    this.maxValues = positiveInt('maxValues', init.maxValues, DEFAULT_MAX_VALUES)
    this.kernel = init.kernel ?? defaultDotKernel()
    this.annThreshold = init.annThreshold === Infinity ? Infinity : positiveInt('annThreshold', init.annThreshold, DEFAULT_ANN_THRESHOLD)
    this.annCandidates = positiveInt('annCandidates', init.annCandidates, DEFAULT_ANN_CANDIDATES)
    this.annInit = {
      connectivity: positiveInt('ann.connectivity', init.ann?.connectivity, ANN_CONNECTIVITY),
      expansionAdd: positiveInt('ann.expansionAdd', init.ann?.expansionAdd, ANN_EXPANSION_ADD),
      expansionSearch: positiveInt('ann.expansionSearch', init.ann?.expansionSearch, ANN_EXPANSION_SEARCH)
    }
    this.log = (init.logger ?? defaultLogger()).forComponent('moemesh:routing:index')
  }

  /** Cards held (expired ones included until {@link expire} or a search drops them). */
  get size (): number {
    return this.cardCount
  }

  /** Which scan kernel the index uses ('wasm-simd' or 'js'). */
  get kernelKind (): DotKernel['kind'] {
    return this.kernel.kind
  }

  /** Subscribes to `change` events; returns the unsubscribe function. */
  onChange (listener: (change: IndexChange) => void): () => void {
    const handler = (evt: Event): void => { listener((evt as CustomEvent<IndexChange>).detail) }
    this.addEventListener('change', handler)
    return () => { this.removeEventListener('change', handler) }
  }

  /**
   * Applies a verified advert: if its seqno is newer than the last one seen from that peer, the peer's cards become
   * exactly the advert's (no cards = withdrawal). Returns true when applied, false when ignored (older or equal
   * seqno, or the peer is the local node). Invalid cards are skipped and logged.
   */
  applyAdvert (advert: VerifiedAdvert, now: number = Date.now()): boolean {
    if (!isId(advert.peerId, MAX_PEER_ID_CHARS) || !Number.isFinite(advert.seqno) || !Number.isFinite(advert.expiresAt) || !Array.isArray(advert.cards) || !Array.isArray(advert.addrs)) {
      this.log('ignoring malformed advert')
      return false
    }
    const existing = this.peers.get(advert.peerId)
    if (existing?.local === true) return false
    if (existing !== undefined && advert.seqno <= existing.seqno) return false
    if (advert.expiresAt <= now) {
      // A newer advert supersedes the old cards even if it arrived already expired: nothing of the peer remains.
      if (existing !== undefined) this.dropPeer(existing, 'expire')
      return true
    }
    const record = existing ?? { peerId: advert.peerId, local: false, seqno: advert.seqno, expiresAt: advert.expiresAt, addrs: [], cards: new Map() }
    record.seqno = advert.seqno
    record.expiresAt = advert.expiresAt
    record.addrs = Object.freeze([...advert.addrs])
    // Kept even when empty: the record remembers the seqno so a replayed older advert cannot resurrect withdrawn cards.
    this.peers.set(record.peerId, record)
    this.replaceCards(record, advert.cards, advert.cards.length === 0 ? 'withdraw' : 'advert')
    return true
  }

  /** Sets the node's own experts (they never expire and no advert can replace them). Empty removes them. */
  setLocal (peerId: string, cards: CardData[]): void {
    if (!isId(peerId, MAX_PEER_ID_CHARS)) throw new InvalidOptionError('peerId', `must be a non-empty peer id of at most ${MAX_PEER_ID_CHARS} characters`)
    let record = this.peers.get(peerId)
    if (record !== undefined && !record.local) {
      this.dropPeer(record, 'local')
      record = undefined
    }
    record ??= { peerId, local: true, seqno: 0, expiresAt: Infinity, addrs: [], cards: new Map() }
    this.peers.set(peerId, record)
    this.replaceCards(record, cards, 'local')
    if (record.cards.size === 0) this.peers.delete(peerId)
  }

  /**
   * Marks a remote peer unreachable (its connection closed) or reachable again. The cards of an unreachable peer
   * are left out of {@link search}, {@link entries} and {@link get} until it is marked reachable or removed.
   */
  setReachable (peerId: string, reachable: boolean): void {
    if (reachable) this.unreachable.delete(peerId)
    else {
      const record = this.peers.get(peerId)
      if (record !== undefined && !record.local) this.unreachable.add(peerId)
    }
  }

  /** Whether the peer is marked unreachable. */
  isUnreachable (peerId: string): boolean {
    return this.unreachable.has(peerId)
  }

  /** Forgets a peer and all its cards (and the seqno it last used). */
  removePeer (peerId: string): void {
    const record = this.peers.get(peerId)
    if (record !== undefined) this.dropPeer(record, 'remove')
  }

  /** Drops every peer whose advert expired at or before `now`. Returns the number of cards removed. */
  expire (now: number = Date.now()): number {
    let removed = 0
    for (const record of [...this.peers.values()]) {
      if (!record.local && record.expiresAt <= now) {
        removed += record.cards.size
        this.dropPeer(record, 'expire')
      }
    }
    return removed
  }

  /** Every live entry (expired peers are dropped first). */
  entries (now: number = Date.now()): IndexEntry[] {
    this.expire(now)
    const out: IndexEntry[] = []
    for (const record of this.peers.values()) {
      if (this.unreachable.has(record.peerId)) continue
      for (const card of record.cards.values()) out.push(card.entry)
    }
    return out
  }

  /** One entry, if held and not expired. */
  get (peerId: string, expertId: string, now: number = Date.now()): IndexEntry | undefined {
    const entry = this.peers.get(peerId)?.cards.get(expertId)?.entry
    return entry !== undefined && entry.expiresAt > now && !this.unreachable.has(peerId) ? entry : undefined
  }

  /** Live (not expired) cards in one embedding space. */
  countInSpace (spaceId: string, now: number = Date.now()): number {
    let n = 0
    for (const record of this.peers.values()) {
      if (record.expiresAt <= now) continue
      for (const card of record.cards.values()) if (card.entry.card.spaceId === spaceId) n++
    }
    return n
  }

  /**
   * Scores the cards of `spaceId` against `query` (length = the space's dimension; normalised here) and returns the
   * hits best first (ties by peer id, then expert id). Expired peers met on the way are dropped.
   * Throws {@link InvalidOptionError} when the query is not finite, is all zeros, or has the wrong dimension.
   */
  search (query: Float32Array, spaceId: string, options: SearchOptions = {}): SearchHit[] {
    const space = this.spaces.get(spaceId)
    if (space === undefined) return []
    const now = options.now ?? Date.now()
    const limit = options.limit ?? Infinity
    const minSimilarity = options.minSimilarity ?? -Infinity
    if (!(limit >= 0)) throw new InvalidOptionError('limit', 'must be >= 0')
    const q = this.normalisedQuery(query, space.dim)
    const filter = options.filter
    const expired = new Set<PeerRecord>()
    const heap: Hit[] = []
    const all: Hit[] = []
    const bounded = Number.isFinite(limit)
    const byLogit = options.rankBy === 'logit'
    /** Candidates under `minSimilarity`: once the ANN's candidates reach below it, more candidates cannot help. */
    let belowMin = 0
    const visit = (record: CardRecord, similarity: number): void => {
      const entry = record.entry
      if (entry.expiresAt <= now) {
        const peer = this.peers.get(entry.peerId)
        if (peer !== undefined) expired.add(peer)
        return
      }
      if (similarity < minSimilarity) {
        belowMin++
        return
      }
      if (this.unreachable.size > 0 && this.unreachable.has(entry.peerId)) return
      // A gate is one dot product per card (dim multiply-adds, like one more centroid row), done here in JS.
      let gate = byLogit && entry.card.gate !== undefined ? gateLogit(entry.card.gate, q) : undefined
      const rank = byLogit ? gate ?? centroidLogit(similarity) : similarity
      if (bounded && heap.length >= limit && (limit === 0 || !worse(heap[0], rank, record))) return
      if (filter !== undefined && !filter(entry)) return
      if (!byLogit && entry.card.gate !== undefined) gate = gateLogit(entry.card.gate, q)
      const hit: Hit = { similarity: rank, record, cosine: similarity, gate }
      if (!bounded) {
        all.push(hit)
      } else {
        heapPush(heap, hit, limit)
      }
    }
    if (space.matrix !== undefined) {
      space.matrix.scan(q, visit)
    } else if (space.ann !== undefined) {
      const ann = space.ann
      if (!bounded) {
        ann.scan(q, visit)
      } else if (limit > 0) {
        // Ask for more candidates while filters (or expiry) left fewer than `limit` hits and the graph had more to give.
        let k = Math.max(candidatesFor(this.annCandidates, ann.cardCount), 4 * limit)
        for (;;) {
          heap.length = 0
          belowMin = 0
          const offered = ann.candidates(q, k, byLogit, visit)
          if (heap.length >= limit || offered < k || belowMin > 0 || k >= MAX_ANN_CANDIDATES) break
          k = Math.min(4 * k, MAX_ANN_CANDIDATES)
        }
      }
    }
    for (const peer of expired) this.dropPeer(peer, 'expire')
    const items = bounded ? heap : all
    items.sort((a, b) => compareItems(b, a))
    return items.map(({ cosine, gate, record }) => gate === undefined ? { entry: record.entry, similarity: cosine } : { entry: record.entry, similarity: cosine, gateLogit: gate })
  }

  private normalisedQuery (query: Float32Array, dim: number): Float32Array {
    if (!(query instanceof Float32Array)) throw new InvalidOptionError('query.vector', 'must be a Float32Array')
    if (query.length !== dim) throw new InvalidOptionError('query.vector', `has ${query.length} dimensions but the space uses ${dim}: embed with the space's embedder`)
    let norm = 0
    for (let j = 0; j < dim; j++) norm += query[j] * query[j]
    if (!Number.isFinite(norm) || norm === 0) throw new InvalidOptionError('query.vector', 'must be finite and not all zeros')
    if (this.scratch.length !== dim) this.scratch = new Float32Array(dim)
    const inv = 1 / Math.sqrt(norm)
    for (let j = 0; j < dim; j++) this.scratch[j] = query[j] * inv
    return this.scratch
  }

  private replaceCards (record: PeerRecord, cards: readonly CardData[], reason: IndexChangeReason): void {
    const change: IndexChange = { peerId: record.peerId, reason, added: [], removed: [], updated: [] }
    const incoming = new Map<string, CardData>()
    for (const card of cards.slice(0, MAX_CARDS_PER_ADVERT)) {
      const problem = cardProblem(card)
      if (problem !== undefined) {
        this.log('skipping a card from %p: %s', record.peerId, problem)
        continue
      }
      if (!incoming.has(card.expertId)) incoming.set(card.expertId, card)
    }
    if (cards.length > MAX_CARDS_PER_ADVERT) this.log('peer %p advertised %d cards; kept %d', record.peerId, cards.length, MAX_CARDS_PER_ADVERT)
    for (const [expertId, old] of [...record.cards]) {
      if (!incoming.has(expertId)) {
        this.removeCard(record, old)
        change.removed.push(expertId)
      }
    }
    for (const [expertId, card] of incoming) {
      const old = record.cards.get(expertId)
      if (old !== undefined && sameCentroids(old, card)) {
        if (!sameContent(old.entry.card, card)) change.updated.push(expertId)
        old.entry = this.entryFor(record, old, card)
        continue
      }
      if (old !== undefined) this.removeCard(record, old)
      if (this.addCard(record, expertId, card)) {
        (old !== undefined ? change.updated : change.added).push(expertId)
      } else if (old !== undefined) {
        change.removed.push(expertId)
      }
    }
    this.emit(change)
  }

  /**
   * The entry of a stored card. Its `card` is the advertised one minus the centroid arrays: `centroids` reads the
   * rows back from the space's store on access, so the index holds each centroid once.
   */
  private entryFor (record: PeerRecord, stored: CardRecord, card: CardData): IndexEntry {
    return Object.freeze({
      peerId: record.peerId,
      expertId: card.expertId,
      card: cardView(card, stored),
      local: record.local,
      expiresAt: record.expiresAt,
      seqno: record.seqno,
      addrs: record.addrs
    })
  }

  private addCard (record: PeerRecord, expertId: string, data: CardData): boolean {
    const values = data.centroids.length * data.dim
    if (this.cardCount >= this.maxCards || this.valueCount + values > this.maxValues) {
      this.log('index full (%d cards, %d values): refusing card %s from %p', this.cardCount, this.valueCount, expertId, record.peerId)
      return false
    }
    const { spaceId, dim } = data
    let space = this.spaces.get(spaceId)
    if (space !== undefined && space.dim !== dim) {
      this.log('card %s from %p has dim %d but space %s uses %d: skipped', expertId, record.peerId, dim, spaceId, space.dim)
      return false
    }
    if (space === undefined) {
      space = { spaceId, dim, matrix: new SpaceMatrix<CardRecord>(dim, this.kernel) }
      this.spaces.set(spaceId, space)
    }
    const card = { space, hash: centroidHash(data.centroids) } as CardRecord
    card.slot = space.matrix !== undefined ? space.matrix.add(card, data.centroids) : (space.ann as AnnSpace<CardRecord>).add(card, data.centroids, data.gate)
    card.entry = this.entryFor(record, card, data)
    record.cards.set(expertId, card)
    this.cardCount++
    this.valueCount += values
    if (space.matrix !== undefined && space.matrix.cardCount >= this.annThreshold && loadUsearch() !== null) this.toAnn(space)
    return true
  }

  private removeCard (record: PeerRecord, card: CardRecord): void {
    const space = card.space
    const values = centroidCount(card) * space.dim
    if (space.matrix !== undefined) space.matrix.remove(card.slot as MatrixSlot<CardRecord>)
    else space.ann?.remove(card.slot as number)
    const left = space.matrix?.cardCount ?? space.ann?.cardCount ?? 0
    if (left === 0) this.spaces.delete(space.spaceId)
    else if (space.ann !== undefined && left < this.annThreshold / 2) this.toExact(space)
    record.cards.delete(card.entry.expertId)
    this.cardCount--
    this.valueCount -= values
  }

  /** Moves a space's cards from the exact matrix into an ANN space (int8 rows + graph); the float rows are freed. */
  private toAnn (space: SpaceState): void {
    const matrix = space.matrix
    if (matrix === undefined) return
    const ann = new AnnSpace<CardRecord>(space.dim, this.annInit)
    matrix.forEach(slot => {
      const card = slot.ref
      card.slot = ann.add(card, matrix.centroidsOf(slot), card.entry.card.gate)
    })
    ann.flush()
    space.matrix = undefined
    space.ann = ann
    this.log('space %s: %d cards, searching through an ANN graph', space.spaceId, ann.cardCount)
  }

  /** Moves a shrunken space back to the exact matrix (centroids dequantised from int8). */
  private toExact (space: SpaceState): void {
    const ann = space.ann
    if (ann === undefined) return
    const matrix = new SpaceMatrix<CardRecord>(space.dim, this.kernel)
    ann.forEach((key, card) => {
      card.slot = matrix.add(card, ann.centroidsOf(key))
    })
    space.ann = undefined
    space.matrix = matrix
    this.log('space %s: %d cards, back to the exact scan', space.spaceId, matrix.cardCount)
  }

  /** Which store serves a space: 'exact' (float scan), 'ann' (graph + int8 re-rank), or undefined when it has no cards. */
  tierOf (spaceId: string): 'exact' | 'ann' | undefined {
    const space = this.spaces.get(spaceId)
    return space === undefined ? undefined : space.matrix !== undefined ? 'exact' : 'ann'
  }

  /** Bytes held by the vector stores, from the index's own accounting (card metadata is not counted). */
  memory (): IndexMemory {
    const out: IndexMemory = { cards: this.cardCount, exactBytes: 0, exactLiveBytes: 0, quantizedBytes: 0, graphBytes: 0, spaces: [] }
    for (const space of this.spaces.values()) {
      if (space.matrix !== undefined) {
        out.exactBytes += space.matrix.bytes
        out.exactLiveBytes += space.matrix.liveBytes
        out.spaces.push({ spaceId: space.spaceId, tier: 'exact', cards: space.matrix.cardCount })
      } else if (space.ann !== undefined) {
        const b = space.ann.bytes
        out.quantizedBytes += b.rows
        out.graphBytes += b.graph
        out.spaces.push({ spaceId: space.spaceId, tier: 'ann', cards: space.ann.cardCount })
      }
    }
    return out
  }

  private dropPeer (record: PeerRecord, reason: IndexChangeReason): void {
    const removed = [...record.cards.keys()]
    for (const card of [...record.cards.values()]) this.removeCard(record, card)
    if (this.peers.get(record.peerId) === record) {
      this.peers.delete(record.peerId)
      this.unreachable.delete(record.peerId)
    }
    this.emit({ peerId: record.peerId, reason, added: [], removed, updated: [] })
  }

  private emit (change: IndexChange): void {
    if (change.added.length + change.removed.length + change.updated.length === 0) return
    this.log('%s %p: +%d -%d ~%d', change.reason, change.peerId, change.added.length, change.removed.length, change.updated.length)
    this.dispatchEvent(new CustomEvent<IndexChange>('change', { detail: change }))
  }
}
