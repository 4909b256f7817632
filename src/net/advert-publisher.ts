/**
 * The sending side of adverts: keeps this node's cards, and publishes them signed, debounced, rate-limited, with
 * strictly increasing seqnos, in order.
 */
import type { Logger, PeerId, PrivateKey } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { encodeAdvert, signAdvert } from './advert-codec.js'
import type { AdvertInput } from './advert-codec.js'
import type { CachedAdvert } from './advert-cache.js'
import type { CardData } from './advert-types.js'
import { ADVERT_JOIN_MAX_WAITING, ADVERT_JOIN_REPUBLISH_INTERVAL_MS, ADVERT_JOIN_TRIES } from './constants.js'
import { MAX_ADDR_BYTES, MAX_ADVERT_ADDRS } from './limits.js'

/** What the publisher needs from the node. */
export interface AdvertPublisherComponents {
  /** Hands a signed advert to gossip; resolves with who it was really sent to (peer ids). */
  publish: (signed: Uint8Array) => Promise<{ recipients: Array<{ toString: () => string }> }>
  peerId: PeerId
  privateKey: PrivateKey
  getMultiaddrs: () => Multiaddr[]
  log: Logger
}

/** Options of {@link AdvertPublisher}; the service validates them. */
export interface AdvertPublisherInit {
  spaceId: string
  spaceDim?: number
  /** Lifetime written into each advert. */
  ttlMs: number
  /** Delay that coalesces card changes into one publish. */
  debounceMs: number
  /** Least time between two publishes. */
  minPublishIntervalMs: number
}

/** Publishes this node's advert; {@link AdvertService} drives it. */
export class AdvertPublisher {
  private readonly components: AdvertPublisherComponents
  private readonly init: AdvertPublisherInit
  private cards: CardData[] = []
  /** Whether peers may hold cards of ours (so stopping must withdraw them). */
  private advertised = false
  private running = false
  private lastSeqno = 0
  private lastPublishAt = 0
  private publishTimer?: ReturnType<typeof setTimeout>
  private publishing: Promise<void> = Promise.resolve()
  /** The latest advert this node signed, while it carries cards. */
  private signed?: CachedAdvert
  private publishedCount = 0
  /**
   * Peers that joined the topic and have not yet been sent an advert of ours, with the publishes they may still
   * cause: gossipsub drops a publish to a peer whose outbound stream is not open yet, and once the peer is grafted
   * into our mesh it gets no IHAVE for it either, so without another publish it would wait for the next refresh.
   */
  private readonly waiting = new Map<string, number>()
  /** When each recent joiner last caused a publish (a peer that re-subscribes in a loop causes one per interval). */
  private readonly joinedAt = new Map<string, number>()

  constructor (components: AdvertPublisherComponents, init: AdvertPublisherInit) {
    this.components = components
    this.init = init
  }

  /** Local adverts handed to gossip so far. */
  get published (): number {
    return this.publishedCount
  }

  /** The latest signed advert of this node while it carries cards, for relaying. */
  latest (): CachedAdvert | undefined {
    return this.signed
  }

  /** The cards this node advertises. */
  getCards (): CardData[] {
    return [...this.cards]
  }

  /**
   * Replace the cards, checked at once with the receivers' rules, and republish soon when running.
   *
   * @throws {InvalidAdvertError} when receivers would reject the cards
   * @throws {AdvertTooLargeError} when the advert would exceed MAX_ADVERT_BYTES
   */
  setCards (cards: CardData[]): void {
    const copy = [...cards]
    // the receivers' checks, with this node's real addresses, before anything is published
    encodeAdvert(this.advertInput(copy, Date.now(), this.lastSeqno + 1), this.components.peerId, { spaceDim: this.init.spaceDim })
    this.cards = copy
    if (this.running) this.schedule()
  }

  /** Start publishing (the current cards soon, if any). */
  start (): void {
    this.running = true
    if (this.cards.length > 0) this.schedule()
  }

  /**
   * Withdraw the cards (publish an advert with none; best effort) and stop. Peers that miss the withdrawal drop
   * the cards when they expire.
   */
  async stop (options: { signal?: AbortSignal } = {}): Promise<void> {
    clearTimeout(this.publishTimer)
    this.publishTimer = undefined
    this.waiting.clear()
    this.joinedAt.clear()
    try {
      await this.publishing // a publish in flight decides whether peers hold our cards
      if (this.advertised) {
        this.cards = []
        await this.enqueue(options)
      }
    } catch (err) {
      this.components.log('could not publish the withdrawal %e', err)
    } finally {
      this.running = false
      this.signed = undefined
    }
  }

  /** Publish soon: after the debounce, and no sooner than `minPublishIntervalMs` after the last publish. */
  schedule (): void {
    if (!this.running || this.publishTimer !== undefined) return
    const wait = Math.max(this.init.debounceMs, this.lastPublishAt + this.init.minPublishIntervalMs - Date.now())
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined
      this.enqueue().catch(err => { this.components.log.error('publishing the local advert failed %e', err) })
    }, wait)
    this.publishTimer.unref?.()
  }

  /**
   * A peer joined the topic: publish soon so it has our cards now rather than at the next refresh, and again
   * (at most {@link ADVERT_JOIN_TRIES} publishes in all) while gossipsub reports it did not reach that peer. A peer
   * causes this at most once per {@link ADVERT_JOIN_REPUBLISH_INTERVAL_MS}, and at most
   * {@link ADVERT_JOIN_MAX_WAITING} peers wait at once, so a subscribe/unsubscribe flood cannot keep us publishing.
   */
  peerJoined (peer: string): void {
    if (!this.running || this.cards.length === 0) return
    const now = Date.now()
    const last = this.joinedAt.get(peer)
    if (last !== undefined && now - last < ADVERT_JOIN_REPUBLISH_INTERVAL_MS) return
    this.joinedAt.delete(peer)
    this.joinedAt.set(peer, now)
    for (const [p, at] of this.joinedAt) {
      if (this.joinedAt.size <= ADVERT_JOIN_MAX_WAITING && now - at < ADVERT_JOIN_REPUBLISH_INTERVAL_MS) break
      this.joinedAt.delete(p)
    }
    this.waiting.delete(peer)
    this.waiting.set(peer, ADVERT_JOIN_TRIES)
    while (this.waiting.size > ADVERT_JOIN_MAX_WAITING) {
      const oldest = this.waiting.keys().next().value
      if (oldest === undefined) break
      this.waiting.delete(oldest)
    }
    this.schedule()
  }

  /** A peer left the topic: nothing more to send it. */
  peerLeft (peer: string): void {
    this.waiting.delete(peer)
  }

  /** Whether there are cards to keep fresh. */
  hasCards (): boolean {
    return this.cards.length > 0
  }

  /** Publish now (skipping the debounce) and wait until gossip has it. */
  async flush (options: { signal?: AbortSignal } = {}): Promise<void> {
    clearTimeout(this.publishTimer)
    this.publishTimer = undefined
    await this.enqueue(options)
  }

  /** Joiners this publish reached are done; the others spend a try, and another publish follows while any is left. */
  private settleWaiting (recipients: Array<{ toString: () => string }>, withCards: boolean): void {
    if (this.waiting.size === 0) return
    if (!withCards) {
      this.waiting.clear()
      return
    }
    const reached = new Set(recipients.map(String))
    for (const [peer, tries] of this.waiting) {
      if (reached.has(peer) || tries <= 1) this.waiting.delete(peer)
      else this.waiting.set(peer, tries - 1)
    }
    if (this.waiting.size > 0) {
      this.components.log('%d peers that joined the topic were not reached; publishing again', this.waiting.size)
      this.schedule()
    }
  }

  private advertInput (cards: CardData[], now: number, seqno: number): AdvertInput {
    const addrs: string[] = []
    const self = `/p2p/${this.components.peerId.toString()}`
    for (const ma of this.components.getMultiaddrs()) {
      if (addrs.length >= MAX_ADVERT_ADDRS) break
      // the advert already names the peer: drop the trailing /p2p/<own id> libp2p appends (40 bytes each)
      let addr = ma.toString()
      if (addr.endsWith(self)) addr = addr.slice(0, -self.length)
      if (addr.length > 0 && ma.bytes.length <= MAX_ADDR_BYTES && !addrs.includes(addr)) addrs.push(addr)
    }
    return { seqno, expiresAt: now + this.init.ttlMs, addrs, spaceId: this.init.spaceId, cards }
  }

  /** Publishes run one after another, so seqnos reach gossip in order. */
  private async enqueue (options: { signal?: AbortSignal } = {}): Promise<void> {
    const next = this.publishing.then(async () => this.publishOnce(options))
    this.publishing = next.catch(() => {})
    await next
  }

  private async publishOnce (options: { signal?: AbortSignal }): Promise<void> {
    options.signal?.throwIfAborted()
    const now = Date.now()
    // strictly increasing, also across restarts: wall-clock ms, bumped if two publishes share a millisecond
    const seqno = Math.max(now, this.lastSeqno + 1)
    const cards = this.cards
    const { peerId, privateKey } = this.components
    const advertBytes = encodeAdvert(this.advertInput(cards, now, seqno), peerId, { now, spaceDim: this.init.spaceDim })
    const signed = await signAdvert(advertBytes, privateKey)
    options.signal?.throwIfAborted()
    this.signed = cards.length > 0 ? { peerId: peerId.toString(), seqno, expiresAt: now + this.init.ttlMs, bytes: signed } : undefined
    this.lastSeqno = seqno
    this.lastPublishAt = now
    const result = await this.components.publish(signed)
    this.publishedCount++
    this.advertised = cards.length > 0
    this.settleWaiting(result.recipients, cards.length > 0)
    this.components.log('published advert seqno %d with %d cards (%d bytes) to %d peers', seqno, cards.length, signed.length, result.recipients.length)
  }
}
