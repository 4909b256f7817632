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
import { cellOfTopic, cellTopic } from './cell-topics.js'
import type { Codebook } from './codebook.js'
import { LOOKUP_TIMEOUT_MS, PROBE_CELLS } from './constants.js'
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
}

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
  private localCards: CardData[] = []
  private unserve?: () => Promise<void>
  private started = false
  private readonly store: CellFetchStore

  constructor (components: CellDiscoveryComponents, init: CellDiscoveryInit) {
    this.components = components
    this.init = init
    this.codebook = init.codebook
    this.log = (components.logger ?? defaultLogger()).forComponent('moemesh:discovery:cells')
    this.probeCells = intInRange('probeCells', init.probeCells, PROBE_CELLS, 1, this.codebook.size)
    this.lookupTimeoutMs = positiveInt('lookupTimeoutMs', init.lookupTimeoutMs, LOOKUP_TIMEOUT_MS)
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
      }
    }
  }

  /** Join the home cells (and those of the local cards), provide them, serve cell fetches. */
  async start (): Promise<void> {
    if (this.started) return
    this.started = true
    this.unserve = await serveCellFetch(this.components.node, this.store, this.lookupTimeoutMs)
    for (const cell of this.policy.held()) await this.join(cell)
    await this.sync()
  }

  /** Withdraw the local cards from every cell and leave them all. */
  async stop (options: { signal?: AbortSignal } = {}): Promise<void> {
    if (!this.started) return
    this.started = false
    await this.unserve?.()
    await Promise.allSettled([...this.services.values()].map(async s => { await s.stop(options) }))
    this.services.clear()
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
    this.localCards = [...cards]
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
        await this.lookup(cell, signal)
      } catch (err) {
        this.log('lookup of cell %d failed %e', cell, err)
      }
    }))
    for (const cell of missed) if (!this.policy.holds(cell)) await this.leave(cell)
    return missed
  }

  private async lookup (cell: number, signal: AbortSignal): Promise<void> {
    const holders = await this.providers.find(cell, { signal })
    const topic = cellTopic(this.codebook, cell)
    for (const holder of holders) {
      try {
        if (holder.multiaddrs.length > 0) await this.components.peerStore?.merge(holder.id, { multiaddrs: holder.multiaddrs })
        const accepted = await fetchCell(this.components.node, this.store, holder.id, topic, signal)
        this.log('fetched %d adverts of cell %d from %p', accepted, cell, holder.id)
        return
      } catch (err) {
        signal.throwIfAborted()
        this.log('fetching cell %d from %p failed %e', cell, holder.id, err)
      }
    }
  }

  private async join (cell: number): Promise<void> {
    if (this.services.has(cell)) return
    const c = this.components
    const service = new AdvertService(
      { pubsub: c.pubsub, peerId: c.peerId, privateKey: c.privateKey, getMultiaddrs: c.getMultiaddrs, peerStore: c.peerStore, logger: c.logger },
      { spaceId: this.codebook.spaceId, spaceDim: this.init.spaceDim, topic: cellTopic(this.codebook, cell), refreshMs: this.init.refreshMs, ttlMs: this.init.ttlMs, onAdvert: (advert) => { this.merged.apply(cell, advert) } }
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
    this.merged.leave(cell, this.codebook.spaceId)
  }

  private cardsIn (cell: number): CardData[] {
    return this.localCards.filter(card => this.codebook.cellsOf(card.centroids).includes(cell))
  }

  /** Services for the cells of the local cards; withdraw from cells no card covers any more. */
  private async sync (): Promise<void> {
    const wanted = new Set<number>()
    for (const card of this.localCards) for (const cell of this.codebook.cellsOf(card.centroids)) wanted.add(cell)
    for (const cell of wanted) await this.join(cell)
    for (const [cell, service] of this.services) {
      service.setLocalCards(this.cardsIn(cell))
      if (!wanted.has(cell) && !this.policy.holds(cell)) await this.leave(cell)
    }
  }
}
