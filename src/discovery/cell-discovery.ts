/**
 * Cell discovery: a node holds a few cells of the codebook instead of the whole network's cards. For every held
 * cell it runs an advert service on the cell's topic (validated, rate-limited, signed adverts, exactly as the
 * single-topic mode) and provides the cell in the DHT; it announces its own cards in the cells they cover. Before a
 * query is routed, the query's nearest cells are noted; a cell not held is looked up in the DHT, fetched from a
 * holder, and joined (the subscription policy keeps the most recently asked ones).
 */
import { defaultLogger } from '@libp2p/logger'
import type { ComponentLogger, Logger, PeerId, PrivateKey } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { intInRange, positiveInt } from '../options.js'
import { AdvertService, type AdvertPubSub, type AdvertServiceComponents } from '../net/advert-service.js'
import type { CardData, VerifiedAdvert } from '../net/advert-types.js'
import { CellCards } from './cell-cards.js'
import { fetchCell, serveCellFetch, type CellFetchNode, type CellFetchStore } from './cell-fetch.js'
import { queryCell, serveCellQuery, type CellQueryStore } from './cell-query.js'
import { shardCount, shardOf, topCards } from './cell-shards.js'
import { cellOfTopic, cellTopic } from './cell-topics.js'
import type { Codebook } from './codebook.js'
import { CELL_CARD_BUDGET, CELL_PRUNE_MS, CELL_QUERY_K, LOOKUP_TIMEOUT_MS, MAX_CELL_AUTHORS, PROBE_CELLS } from './constants.js'
import { CellProviders, type CellRouting } from './provider-lookup.js'
import { SubscriptionPolicy } from './subscription-policy.js'

/** Dependencies of {@link CellDiscovery}. */
export interface CellDiscoveryComponents {
  /** For the cell fetch protocol. */
  node: CellFetchNode
  /** `libp2p.contentRouting` (kad-dht). */
  routing: CellRouting
  pubsub: AdvertPubSub
  peerId: PeerId
  privateKey: PrivateKey
  getMultiaddrs(): Multiaddr[]
  peerStore?: AdvertServiceComponents['peerStore']
  /** @default defaultLogger() */
  logger?: ComponentLogger
}

/** Options of {@link CellDiscovery}. */
export interface CellDiscoveryInit {
  codebook: Codebook
  /** Dimension of the space. */
  spaceDim?: number
  /** Every change of a remote peer's cards, merged over the cells this node holds. */
  onAdvert?: (advert: VerifiedAdvert) => void
  /** Cells a query probes. @default 3 (PROBE_CELLS) */
  probeCells?: number
  /** @default 2 (HOME_CELLS) */
  homeCells?: number
  /** @default 4 (MAX_QUERY_CELLS) */
  maxQueryCells?: number
  /** Deadline of one miss (DHT lookup and fetch). @default 3_000 (LOOKUP_TIMEOUT_MS) */
  lookupTimeoutMs?: number
  /** Advert refresh period of each cell service. @default 30_000 */
  refreshMs?: number
  /** @default 90_000 */
  ttlMs?: number
  /** Authors remembered per cell at most (seen and kept alike); the one whose advert expires first goes first.
   * @default 32_768 (MAX_CELL_AUTHORS) */
  maxCellAuthors?: number
  /** How often expired authors are forgotten. @default 30_000 (CELL_PRUNE_MS) */
  pruneMs?: number
}

/** What {@link CellDiscovery.getStats} reports: how much per-card state the node holds now. */
export interface CellDiscoveryStats {
  /** Cells with an advert service (held, or announced in). */
  cells: number
  /** Authors counted towards the size of the cells, summed over cells. */
  authorsSeen: number
  /** Authors whose cards are kept, summed over cells. */
  authorsKept: number
}

interface SeenEntry { cards: number, expiresAt: number }
interface KeptEntry { cards: CardData[], expiresAt: number }

/**
 * Holds a few cells and finds the others on demand.
 *
 * @example
 * ```ts
 * const cells = new CellDiscovery({ node: libp2p, routing: libp2p.contentRouting, pubsub, peerId, privateKey,
 *   getMultiaddrs: () => libp2p.getMultiaddrs() }, { codebook, onAdvert: (a) => index.applyAdvert(a) })
 * await cells.start()
 * cells.setLocalCards(cards)
 * await cells.prepareQuery(vector, { signal }) // then route as usual
 * ```
 */
export class CellDiscovery {
  private readonly components: CellDiscoveryComponents
  private readonly init: CellDiscoveryInit
  private readonly codebook: Codebook
  private readonly log: Logger
  private readonly policy: SubscriptionPolicy
  private readonly providers: CellProviders
  private readonly merged: CellCards
  private readonly probeCells: number
  private readonly lookupTimeoutMs: number
  /** An advert service per cell this node holds or announces its own cards in. */
  private readonly services = new Map<number, AdvertService>()
  /** The local cards per cell they cover. */
  private readonly localByCell = new Map<number, CardData[]>()
  private unserve?: () => Promise<void>
  private unserveQuery?: () => Promise<void>
  private started = false
  private readonly store: CellFetchStore & CellQueryStore
  /** Per cell: every author seen there, its card count in the cell (kept or not) and expiry, for the cell's size. */
  private readonly seen = new Map<number, Map<string, SeenEntry>>()
  /** Per cell: the cards kept (this node's shard of a split cell), per author. */
  private readonly kept = new Map<number, Map<string, KeptEntry>>()
  private readonly maxCellAuthors: number
  private readonly pruneMs: number
  private pruneTimer?: ReturnType<typeof setInterval>
  /** Per cell: the shard count last provided. */
  private readonly provided = new Map<number, number>()
  /** Cells a query of this node is asking about now: their answers are kept whatever the shard. */
  private readonly answering = new Map<number, number>()

  constructor (components: CellDiscoveryComponents, init: CellDiscoveryInit) {
    this.components = components
    this.init = init
    this.codebook = init.codebook
    this.log = (components.logger ?? defaultLogger()).forComponent('moemesh:discovery:cells')
    this.probeCells = intInRange('probeCells', init.probeCells, Math.min(PROBE_CELLS, this.codebook.size), 1, this.codebook.size)
    this.lookupTimeoutMs = positiveInt('lookupTimeoutMs', init.lookupTimeoutMs, LOOKUP_TIMEOUT_MS)
    this.maxCellAuthors = positiveInt('maxCellAuthors', init.maxCellAuthors, MAX_CELL_AUTHORS)
    this.pruneMs = positiveInt('pruneMs', init.pruneMs, CELL_PRUNE_MS)
    this.policy = new SubscriptionPolicy({ cells: this.codebook.size, peerId: components.peerId.toString(), homeCells: init.homeCells, maxQueryCells: init.maxQueryCells })
    this.providers = new CellProviders({ routing: components.routing, codebook: this.codebook, self: components.peerId.toString() })
    this.merged = new CellCards(this.codebook, (advert) => { init.onAdvert?.(advert) })
    this.store = {
      advertsOf: (topic, exclude) => {
        const cell = cellOfTopic(this.codebook, topic)
        return cell === undefined ? undefined : this.services.get(cell)?.getCachedAdverts({ exclude })
      },
      ingest: async (topic, bytes, relayedBy, signal) => {
        const cell = cellOfTopic(this.codebook, topic)
        const service = cell === undefined ? undefined : this.services.get(cell)
        if (service === undefined) return { ok: false as const, action: 'ignore' as const, reason: 'space-mismatch' as const, detail: 'not a cell this node holds' }
        return await service.ingestRelayed(bytes, { relayedBy, signal })
      },
      topAdverts: (topic, vector, k, exclude) => {
        const cell = cellOfTopic(this.codebook, topic)
        const service = cell === undefined ? undefined : this.services.get(cell)
        if (cell === undefined || service === undefined) return undefined
        if (!this.policy.holds(cell)) {
          // an author that does not hold the cell provides it for its own cards: it answers with them, as a
          // non-holder (shards 0), so the asker keeps them and still asks a holder for the rest of the cell
          const me = this.components.peerId.toString()
          const own = this.cardsIn(cell).length === 0 ? [] : service.getCachedAdverts({ exclude }).filter(a => a.peerId === me).map(a => a.bytes)
          return own.length === 0 ? undefined : { info: { cards: this.cardsIn(cell).length, shards: 0, shard: 0 }, adverts: own }
        }
        const cards: Array<CardData & { author: string }> = []
        const now = Date.now()
        for (const [author, entry] of this.kept.get(cell) ?? []) if (author !== exclude && entry.expiresAt > now) for (const c of entry.cards) cards.push({ ...c, author })
        const authors = new Set(topCards(cards, vector, k).map(c => c.author))
        const adverts = service.getCachedAdverts({ exclude }).filter(a => authors.has(a.peerId)).map(a => a.bytes)
        const shards = this.shardsOf(cell)
        return { info: { cards: this.cellSize(cell), shards, shard: shardOf(this.components.peerId.toString(), cell, shards) }, adverts }
      }
    }
  }

  /** Join the home cells (and those of the local cards), provide them, serve cell fetches. */
  async start (): Promise<void> {
    if (this.started) return
    this.started = true
    this.unserve = await serveCellFetch(this.components.node, this.store, this.lookupTimeoutMs)
    this.unserveQuery = await serveCellQuery(this.components.node, this.store, this.lookupTimeoutMs, this.init.spaceDim)
    for (const cell of this.policy.held()) await this.join(cell)
    await this.sync()
    this.pruneTimer = setInterval(() => { this.prune() }, this.pruneMs)
    this.pruneTimer.unref?.()
  }

  /** Withdraw the local cards from every cell and leave them all. */
  async stop (options: { signal?: AbortSignal } = {}): Promise<void> {
    if (!this.started) return
    this.started = false
    clearInterval(this.pruneTimer)
    this.pruneTimer = undefined
    await this.unserve?.()
    await this.unserveQuery?.()
    await Promise.allSettled([...this.services.values()].map(async s => { await s.stop(options) }))
    this.services.clear()
    this.seen.clear()
    this.kept.clear()
    this.provided.clear()
  }

  /** How much per-card state this node holds now (for status and tests). */
  getStats (): CellDiscoveryStats {
    let authorsSeen = 0
    let authorsKept = 0
    for (const m of this.seen.values()) authorsSeen += m.size
    for (const m of this.kept.values()) authorsKept += m.size
    return { cells: this.services.size, authorsSeen, authorsKept }
  }

  /**
   * Forget the authors whose adverts expired (their cards no longer count towards a cell's size nor answer a
   * cell query) and drop their cards from the merged view. Runs every `pruneMs`; `now` is for tests.
   */
  prune (now = Date.now()): void {
    for (const [cell, seen] of this.seen) {
      for (const [author, entry] of seen) if (entry.expiresAt <= now) seen.delete(author)
      if (seen.size === 0) this.seen.delete(cell)
    }
    for (const [cell, kept] of this.kept) {
      for (const [author, entry] of kept) if (entry.expiresAt <= now) kept.delete(author)
      if (kept.size === 0) this.kept.delete(cell)
    }
    this.merged.expire(this.codebook.spaceId, now)
  }

  /** The cells held now (home and query cells), ascending. */
  heldCells (): number[] {
    return this.policy.held()
  }

  /** Whether `cell` is held. */
  holds (cell: number): boolean {
    return this.policy.holds(cell)
  }

  /** Announce `cards` in the cells they cover (and withdraw them from cells they left). */
  setLocalCards (cards: CardData[]): void {
    this.localByCell.clear()
    for (const card of cards) {
      for (const cell of this.codebook.cellsOf(card.centroids)) {
        const list = this.localByCell.get(cell)
        if (list === undefined) this.localByCell.set(cell, [card])
        else list.push(card)
      }
    }
    if (this.started) void this.sync().catch(err => { this.log.error('announcing the local cards failed %e', err) })
  }

  /**
   * Make sure the cards near `vector` are known before routing: its nearest cells are noted as asked; each one not
   * held is looked up in the DHT, fetched from a holder and joined. Misses run in parallel under one deadline; a
   * miss that fails leaves the query to route over what is known.
   *
   * @returns the probed cells that had to be looked up
   */
  async prepareQuery (vector: ArrayLike<number>, options: { signal?: AbortSignal } = {}): Promise<number[]> {
    options.signal?.throwIfAborted()
    const probe = this.codebook.nearest(vector, this.probeCells)
    const missed = probe.filter(c => !this.policy.holds(c))
    const change = this.policy.noteQuery(probe)
    for (const cell of change.leave) await this.leave(cell)
    const deadline = AbortSignal.timeout(this.lookupTimeoutMs)
    const signal = options.signal === undefined ? deadline : AbortSignal.any([options.signal, deadline])
    await Promise.all(missed.map(async (cell) => {
      // joined even when the policy keeps it only for this query: the fetched cards need its service to land in
      await this.join(cell)
      try {
        await this.lookup(cell, vector, signal)
      } catch (err) {
        this.log('lookup of cell %d failed %e', cell, err)
      }
    }))
    for (const cell of missed) if (!this.policy.holds(cell)) await this.leave(cell)
    return missed
  }

  /**
   * A miss: ask a holder of `cell` for the cell's top cards for `vector`. A small cell is then fetched whole (the
   * node holds it); a split cell is not copied: one holder of each other shard is looked up and asked the same
   * (beam search over the shards, in parallel).
   */
  private async lookup (cell: number, vector: ArrayLike<number>, signal: AbortSignal): Promise<void> {
    const topic = cellTopic(this.codebook, cell)
    this.answering.set(cell, (this.answering.get(cell) ?? 0) + 1)
    try {
      const holders = await this.providers.find(cell, { signal })
      for (const holder of holders) {
        try {
          if (holder.multiaddrs.length > 0) await this.components.peerStore?.merge(holder.id, { multiaddrs: holder.multiaddrs })
          const { info } = await queryCell(this.components.node, this.store, holder.id, topic, vector, CELL_QUERY_K, signal)
          if (info.shards === 0) continue // it does not hold the cell (any more)
          if (info.shards === 1) {
            const accepted = await fetchCell(this.components.node, this.store, holder.id, topic, signal)
            this.log('fetched %d adverts of cell %d from %p', accepted, cell, holder.id)
            // a holder that has nothing we lack may have joined the cell's mesh only just: ask the next one
            if (accepted > 0) return
            continue
          }
          await Promise.all(Array.from({ length: info.shards }, (_, shard) => shard).filter(s => s !== info.shard).map(async (shard) => {
            for (const h of await this.providers.findShard(cell, info.shards, shard, { signal })) {
              try {
                if (h.multiaddrs.length > 0) await this.components.peerStore?.merge(h.id, { multiaddrs: h.multiaddrs })
                await queryCell(this.components.node, this.store, h.id, topic, vector, CELL_QUERY_K, signal)
                return
              } catch (err) {
                signal.throwIfAborted()
                this.log('asking shard %d of cell %d at %p failed %e', shard, cell, h.id, err)
              }
            }
          }))
          return
        } catch (err) {
          signal.throwIfAborted()
          this.log('asking cell %d at %p failed %e', cell, holder.id, err)
        }
      }
    } finally {
      const n = (this.answering.get(cell) ?? 1) - 1
      if (n > 0) this.answering.set(cell, n)
      else this.answering.delete(cell)
    }
  }

  private cellSize (cell: number): number {
    let n = 0
    for (const entry of this.seen.get(cell)?.values() ?? []) n += entry.cards
    return n + this.cardsIn(cell).length
  }

  private shardsOf (cell: number): number {
    return shardCount(this.cellSize(cell), CELL_CARD_BUDGET)
  }

  /** Whether to keep an accepted advert of `cell`: all of a small held cell, this node's shard of a split one,
   * answers to a query in flight; nothing of a cell this node only announces its own cards in. */
  private keeps (cell: number, advert: VerifiedAdvert, relayed: boolean): boolean {
    let seen = this.seen.get(cell)
    if (seen === undefined) { seen = new Map(); this.seen.set(cell, seen) }
    if (advert.cards.length === 0) {
      seen.delete(advert.peerId)
      if (seen.size === 0) this.seen.delete(cell)
      // a withdrawal reaches onAdvert whatever the shard when its author's cards are kept (an answer to a query)
      if (this.kept.get(cell)?.has(advert.peerId) === true) return true
    } else {
      remember(seen, advert.peerId, { cards: advert.cards.length, expiresAt: advert.expiresAt }, this.maxCellAuthors)
    }
    const shards = this.shardsOf(cell)
    if (this.policy.holds(cell) && this.provided.get(cell) !== shards) {
      this.provided.set(cell, shards)
      if (shards > 1) this.providers.provideShard(cell, shards, shardOf(this.components.peerId.toString(), cell, shards)).catch(err => { this.log('providing cell %d failed %e', cell, err) })
    }
    if (relayed && this.answering.has(cell)) return true
    if (!this.policy.holds(cell)) return false
    return shards === 1 || shardOf(advert.peerId, cell, shards) === shardOf(this.components.peerId.toString(), cell, shards)
  }

  private async join (cell: number): Promise<void> {
    if (this.services.has(cell)) return
    const c = this.components
    const service: AdvertService = new AdvertService(
      { pubsub: c.pubsub, peerId: c.peerId, privateKey: c.privateKey, getMultiaddrs: c.getMultiaddrs, peerStore: c.peerStore, logger: c.logger },
      {
        spaceId: this.codebook.spaceId, spaceDim: this.init.spaceDim, topic: cellTopic(this.codebook, cell), refreshMs: this.init.refreshMs, ttlMs: this.init.ttlMs,
        // a service being left (or left already) adds nothing: its cell's state is dropped with it
        keep: (advert, relayed) => this.services.get(cell) === service && this.keeps(cell, advert, relayed),
        onAdvert: (advert) => {
          if (this.services.get(cell) !== service) return
          let kept = this.kept.get(cell)
          if (kept === undefined) { kept = new Map(); this.kept.set(cell, kept) }
          if (advert.cards.length === 0) kept.delete(advert.peerId)
          else {
            const evicted = remember(kept, advert.peerId, { cards: advert.cards, expiresAt: advert.expiresAt }, this.maxCellAuthors)
            if (evicted !== undefined) this.merged.apply(cell, { peerId: evicted, seqno: 0, expiresAt: 0, addrs: [], spaceId: advert.spaceId, cards: [] })
          }
          if (kept.size === 0) this.kept.delete(cell)
          this.merged.apply(cell, advert)
        }
      }
    )
    this.services.set(cell, service)
    await service.start()
    service.setLocalCards(this.cardsIn(cell))
    // holders and authors alike: either can answer a fetch for the cell
    this.providers.provide(cell).catch(err => { this.log('providing cell %d failed %e', cell, err) })
  }

  private async leave (cell: number): Promise<void> {
    if (this.cardsIn(cell).length > 0) return // still announcing own cards there
    const service = this.services.get(cell)
    this.services.delete(cell)
    await service?.stop()
    this.kept.delete(cell)
    this.seen.delete(cell)
    this.provided.delete(cell)
    this.merged.leave(cell, this.codebook.spaceId)
  }

  /** The local cards that cover `cell` (computed when they are set: every accepted advert asks for the cell's size). */
  private cardsIn (cell: number): CardData[] {
    return this.localByCell.get(cell) ?? []
  }

  /** Services for the cells of the local cards; withdraw from cells no card covers any more. */
  private async sync (): Promise<void> {
    const wanted = new Set(this.localByCell.keys())
    for (const cell of wanted) await this.join(cell)
    for (const [cell, service] of this.services) {
      service.setLocalCards(this.cardsIn(cell))
      if (!wanted.has(cell) && !this.policy.holds(cell)) await this.leave(cell)
    }
  }
}

/**
 * Set `author`'s entry in a cell's map of at most `max` authors: a new author in a full map first pushes out the
 * one whose advert expires first (throwaway ids flooding a cell cannot grow the map, only churn its tail).
 *
 * @returns the author pushed out, if any
 */
function remember<T extends { expiresAt: number }> (map: Map<string, T>, author: string, entry: T, max: number): string | undefined {
  let evicted: string | undefined
  if (!map.has(author) && map.size >= max) {
    let soonest = Infinity
    for (const [peer, e] of map) if (e.expiresAt < soonest) { soonest = e.expiresAt; evicted = peer }
    if (evicted !== undefined) map.delete(evicted)
  }
  map.set(author, entry)
  return evicted
}
