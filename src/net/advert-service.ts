/**
 * Capability adverts over gossipsub: one topic per embedding space. The service validates every advert on the
 * topic before gossipsub forwards it (`advert-validator.ts`: signature, contents, newer seqno, per-peer rate), hands
 * accepted ones to `onAdvert`, and keeps the local node's own advert published and fresh (`advert-publisher.ts`).
 * It also keeps the signed bytes of the adverts it accepted (`advert-cache.ts`), so advert sync (`advert-sync.ts`)
 * can relay them to newly connected peers, and takes relayed adverts through the very same checks and per-peer
 * state as gossiped ones.
 */
import { intInRange } from '../options.js'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { defaultLogger } from '@libp2p/logger'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import type { GossipSub, Message, SubscriptionChangeData } from '@libp2p/gossipsub'
import type { ComponentLogger, Logger, PeerId, PeerStore, PrivateKey } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import type { Multiaddr } from '@multiformats/multiaddr'
import { InvalidOptionError } from '../errors.js'
import { advertTopic, rejection } from './advert-codec.js'
import type { AdvertRejection, AdvertRejectReason, AdvertVerdict } from './advert-codec.js'
import { AdvertCache, type CachedAdvert } from './advert-cache.js'
import { AdvertPublisher } from './advert-publisher.js'
import type { CardData, VerifiedAdvert } from './advert-types.js'
import { AdvertValidator } from './advert-validator.js'
import {
  ADVERT_MIN_PUBLISH_INTERVAL_MS, ADVERT_PUBLISH_DEBOUNCE_MS, ADVERT_RATE_BURST, ADVERT_RATE_REFILL_MS,
  ADVERT_REFRESH_MS, ADVERT_TTL_MS, MAX_ADVERT_TTL_MS
} from './constants.js'
import { MAX_DIM, MAX_SPACE_ID_CHARS } from './limits.js'
import { AdvertServiceNotStartedError } from './errors.js'

export { advertTopic }
export type { CachedAdvert }

/** The part of gossipsub the advert service uses. */
export type AdvertPubSub = Pick<GossipSub, 'subscribe' | 'unsubscribe' | 'publish' | 'getSubscribers' | 'topicValidators' | 'addEventListener' | 'removeEventListener'>

/** What the advert service needs from the node. */
export interface AdvertServiceComponents {
  /** `libp2p.services.pubsub` of a node made by `createMoemeshLibp2p`. */
  pubsub: AdvertPubSub
  /** This node's peer id. */
  peerId: PeerId
  /** This node's identity key (signs the adverts; must be the key of `peerId`). */
  privateKey: PrivateKey
  /** This node's current listen addresses, put into each advert so peers can dial it. */
  getMultiaddrs(): Multiaddr[]
  /**
   * When given, the addresses in each accepted advert are merged into it, so the advertiser can be dialed by
   * peer id alone (the query client needs this). Pass `libp2p.peerStore`.
   */
  peerStore?: Pick<PeerStore, 'merge'>
  /** Where the service logs (`moemesh:net:adverts`); pass `prefixLogger(name)` to tell nodes in one process apart. @default defaultLogger() */
  logger?: ComponentLogger
}

/** Options of {@link AdvertService}. */
export interface AdvertServiceInit {
  /** Id of the embedding space whose topic to join (a hex sha256 of the embedder model). Required. */
  spaceId: string
  /** Dimension of the space; when set, cards of another dimension are rejected. */
  spaceDim?: number
  /** The gossip topic, when not the space's own (cell discovery runs one service per cell topic). @default advertTopic(spaceId) */
  topic?: string
  /** Called with every accepted advert of another node (never this node's own). No cards = withdrawal. */
  onAdvert?: (advert: VerifiedAdvert) => void
  /** Whether to keep an accepted advert (cache it and hand it to `onAdvert`); one not kept is still relayed by
   * gossip. Cell discovery keeps only its shard of a split cell. @default keep all */
  keep?: (advert: VerifiedAdvert, relayed: boolean) => boolean
  /** @default 30_000 (ADVERT_REFRESH_MS) */
  refreshMs?: number
  /** Lifetime written into local adverts. @default 90_000 (ADVERT_TTL_MS) */
  ttlMs?: number
  /** Delay that coalesces card changes into one publish. @default 100 (ADVERT_PUBLISH_DEBOUNCE_MS) */
  debounceMs?: number
  /** Least time between two local publishes. @default 1_000 (ADVERT_MIN_PUBLISH_INTERVAL_MS) */
  minPublishIntervalMs?: number
  /** Adverts a peer may send in a burst before it is rate-limited. @default 10 (ADVERT_RATE_BURST) */
  rateBurst?: number
  /** One more advert is allowed per peer per this many ms. @default 1_000 (ADVERT_RATE_REFILL_MS) */
  rateRefillMs?: number
}

/** Counters of what the service did; reasons come from the bounded {@link AdvertRejectReason} set. */
export interface AdvertServiceStats {
  /** Local adverts handed to gossipsub. */
  published: number
  /** Remote adverts accepted and delivered (gossiped and relayed). */
  accepted: number
  /** Of `accepted`, those that arrived relayed by advert sync rather than over gossip. */
  relayed: number
  /** Remote adverts rejected (malformed or forged), by reason. */
  rejected: Partial<Record<AdvertRejectReason, number>>
  /** Remote adverts ignored (stale, expired, rate-limited), by reason. */
  ignored: Partial<Record<AdvertRejectReason, number>>
}

/**
 * Publishes this node's capability cards and validates and collects everyone else's, on the gossip topic
 * of one embedding space.
 *
 * @example
 * ```TypeScript
 * const adverts = new AdvertService({ pubsub: node.services.pubsub, peerId: node.peerId, privateKey,
 *   getMultiaddrs: () => node.getMultiaddrs() }, { spaceId, onAdvert: a => index.upsert(a) })
 * await adverts.start()
 * adverts.setLocalCards(cards)
 * ```
 */
export class AdvertService {
  /** The gossip topic this service publishes on and validates. */
  readonly topic: string
  private readonly components: AdvertServiceComponents
  private readonly log: Logger
  private readonly onAdvert?: (advert: VerifiedAdvert) => void
  private readonly keep?: (advert: VerifiedAdvert, relayed: boolean) => boolean
  private readonly refreshMs: number
  private readonly publisher: AdvertPublisher
  private readonly validator: AdvertValidator
  private readonly cache = new AdvertCache()
  private readonly stats: Omit<AdvertServiceStats, 'published'> = { accepted: 0, relayed: 0, rejected: {}, ignored: {} }
  private started = false
  private refreshTimer?: ReturnType<typeof setInterval>

  constructor (components: AdvertServiceComponents, init: AdvertServiceInit) {
    if (typeof init.spaceId !== 'string' || !/^[0-9A-Za-z._-]+$/.test(init.spaceId) || init.spaceId.length > MAX_SPACE_ID_CHARS) {
      throw new InvalidOptionError('spaceId', `must be 1..${MAX_SPACE_ID_CHARS} characters of [0-9A-Za-z._-] (a hex sha256)`)
    }
    if (components.privateKey.type !== 'Ed25519') {
      throw new InvalidOptionError('privateKey', 'adverts are signed with Ed25519 keys only')
    }
    if (!peerIdFromPrivateKey(components.privateKey).equals(components.peerId)) {
      throw new InvalidOptionError('privateKey', 'is not the key of peerId: pass the key the libp2p node was created with')
    }
    this.components = components
    this.log = (components.logger ?? defaultLogger()).forComponent('moemesh:net:adverts')
    this.topic = init.topic ?? advertTopic(init.spaceId)
    const spaceDim = init.spaceDim === undefined ? undefined : intInRange('spaceDim', init.spaceDim, 0, 1, MAX_DIM)
    this.onAdvert = init.onAdvert
    this.keep = init.keep
    this.refreshMs = intInRange('refreshMs', init.refreshMs, ADVERT_REFRESH_MS, 1, Number.MAX_SAFE_INTEGER)
    const ttlMs = intInRange('ttlMs', init.ttlMs, ADVERT_TTL_MS, 1, MAX_ADVERT_TTL_MS)
    const debounceMs = intInRange('debounceMs', init.debounceMs, ADVERT_PUBLISH_DEBOUNCE_MS, 0, Number.MAX_SAFE_INTEGER)
    const minPublishIntervalMs = intInRange('minPublishIntervalMs', init.minPublishIntervalMs, ADVERT_MIN_PUBLISH_INTERVAL_MS, 0, Number.MAX_SAFE_INTEGER)
    const rateBurst = intInRange('rateBurst', init.rateBurst, ADVERT_RATE_BURST, 1, Number.MAX_SAFE_INTEGER)
    // 0 turns the rate limit off
    const rateRefillMs = intInRange('rateRefillMs', init.rateRefillMs, ADVERT_RATE_REFILL_MS, 0, Number.MAX_SAFE_INTEGER)
    if (ttlMs <= this.refreshMs) {
      throw new InvalidOptionError('ttlMs', `must be longer than refreshMs (${this.refreshMs}) or adverts expire between refreshes`)
    }
    this.publisher = new AdvertPublisher({
      publish: async (signed) => await components.pubsub.publish(this.topic, signed),
      peerId: components.peerId,
      privateKey: components.privateKey,
      getMultiaddrs: () => components.getMultiaddrs(),
      log: this.log
    }, { spaceId: init.spaceId, spaceDim, ttlMs, debounceMs, minPublishIntervalMs })
    this.validator = new AdvertValidator({
      spaceId: init.spaceId,
      spaceDim,
      rateBurst,
      rateRefillMs,
      onForget: (peer) => { this.cache.forget(peer) }
    })
  }

  /** Join the topic, install the validator, publish the local cards if any, start refreshing. */
  async start (): Promise<void> {
    if (this.started) return
    const { pubsub } = this.components
    if (pubsub.topicValidators.has(this.topic)) this.log('replacing an existing validator on %s', this.topic)
    pubsub.topicValidators.set(this.topic, this.validate)
    pubsub.addEventListener('subscription-change', this.onSubscriptionChange)
    try {
      pubsub.subscribe(this.topic)
    } catch (err) {
      pubsub.removeEventListener('subscription-change', this.onSubscriptionChange)
      pubsub.topicValidators.delete(this.topic)
      throw err
    }
    this.started = true
    this.refreshTimer = setInterval(this.onRefresh, this.refreshMs)
    this.refreshTimer.unref?.()
    this.publisher.start()
  }

  /**
   * Withdraw the local cards (publish an advert with none; best effort), clear them, leave the topic and stop
   * every timer. The withdrawal is handed to gossipsub before unsubscribing: stop libp2p only after this resolves.
   */
  async stop (options: { signal?: AbortSignal } = {}): Promise<void> {
    if (!this.started) return
    clearInterval(this.refreshTimer)
    this.refreshTimer = undefined
    const { pubsub } = this.components
    try {
      await this.publisher.stop(options)
    } finally {
      this.started = false
      pubsub.removeEventListener('subscription-change', this.onSubscriptionChange)
      if (pubsub.topicValidators.get(this.topic) === this.validate) pubsub.topicValidators.delete(this.topic)
      try {
        pubsub.unsubscribe(this.topic)
      } catch (err) {
        this.log('unsubscribe from %s failed (pubsub already stopped?) %e', this.topic, err)
      }
      this.validator.clear()
      this.cache.clear()
    }
  }

  /** Whether the service is running. */
  isStarted (): boolean {
    return this.started
  }

  /**
   * Replace the cards this node advertises and republish soon (debounced, at most one publish per
   * `minPublishIntervalMs`). An empty list withdraws them. Checked at once with the receivers' rules.
   *
   * @throws {InvalidAdvertError} when receivers would reject the cards
   * @throws {AdvertTooLargeError} when the advert would exceed MAX_ADVERT_BYTES
   */
  setLocalCards (cards: CardData[]): void {
    this.publisher.setCards(cards)
  }

  /** The cards this node currently advertises. */
  getLocalCards (): CardData[] {
    return this.publisher.getCards()
  }

  /**
   * Publish the local advert now (skipping the debounce) and wait until gossipsub has it.
   *
   * @throws {AdvertServiceNotStartedError} when the service is not running
   */
  async flush (options: { signal?: AbortSignal } = {}): Promise<void> {
    if (!this.started) throw new AdvertServiceNotStartedError()
    options.signal?.throwIfAborted()
    await this.publisher.flush(options)
  }

  /** Counters of published, accepted, rejected and ignored adverts (a copy). */
  getStats (): AdvertServiceStats {
    return {
      published: this.publisher.published,
      accepted: this.stats.accepted,
      relayed: this.stats.relayed,
      rejected: { ...this.stats.rejected },
      ignored: { ...this.stats.ignored }
    }
  }

  /**
   * The signed adverts this node can relay to a peer that just connected: this node's own latest and every
   * accepted remote advert, each only while it carries cards and has not expired. Own advert first, then the most
   * recently updated. Withdrawals are not kept: a newcomer has no cards of that peer to drop.
   */
  getCachedAdverts (options: { exclude?: string, now?: number } = {}): CachedAdvert[] {
    return this.cache.list({ own: this.publisher.latest(), exclude: options.exclude, now: options.now ?? Date.now() })
  }

  /**
   * Take a SignedAdvert that another peer relayed (advert sync) exactly like one from gossip: the author is the
   * advert's own signer, and it must pass the same signature and content checks, be newer than what this node
   * holds from that author, and fit the author's rate limit; then it updates the same per-peer state and reaches
   * `onAdvert`. An advert no newer than the author's current one is ignored before its signature is checked (it
   * could not change anything); this node's own adverts are ignored. Never throws on bad input.
   *
   * @returns the verdict; `ok` when the advert was accepted
   * @throws {AdvertServiceNotStartedError} when the service is not running
   */
  async ingestRelayed (bytes: Uint8Array, options: { relayedBy?: string, signal?: AbortSignal } = {}): Promise<AdvertVerdict> {
    if (!this.started) throw new AdvertServiceNotStartedError()
    options.signal?.throwIfAborted()
    const verdict = await this.validator.acceptRelayed(bytes, this.components.peerId.toString(), options.relayedBy)
    if (verdict.ok) {
      this.deliver(verdict.advert, bytes, true)
    } else {
      this.count(verdict)
      if (options.relayedBy !== undefined) this.log('advert relayed by %s not accepted: %s', options.relayedBy, verdict.reason)
    }
    return verdict
  }

  private readonly onRefresh = (): void => {
    const now = Date.now()
    this.validator.expire(now)
    this.cache.expire(now)
    if (this.publisher.hasCards()) this.publisher.schedule()
  }

  /** A neighbour joined our topic: give it our cards now rather than at the next refresh (see `peerJoined`). */
  private readonly onSubscriptionChange = (evt: CustomEvent<SubscriptionChangeData>): void => {
    const change = evt.detail.subscriptions.find(s => s.topic === this.topic)
    if (change === undefined) return
    const peer = evt.detail.peerId.toString()
    if (change.subscribe) this.publisher.peerJoined(peer)
    else this.publisher.peerLeft(peer)
  }

  private count (verdict: AdvertRejection): TopicValidatorResult {
    const bucket = verdict.action === 'reject' ? this.stats.rejected : this.stats.ignored
    bucket[verdict.reason] = (bucket[verdict.reason] ?? 0) + 1
    this.log('%s advert: %s (%s)', verdict.action, verdict.reason, verdict.detail)
    return verdict.action === 'reject' ? TopicValidatorResult.Reject : TopicValidatorResult.Ignore
  }

  /** The gossipsub topic validator: runs before a message is delivered or forwarded. Never throws. */
  private readonly validate = async (_source: PeerId, msg: Message): Promise<TopicValidatorResult> => {
    if (msg.type !== 'signed') return this.count(rejection('unsigned-message', 'adverts must travel in signed gossip messages'))
    const verdict = await this.validator.accept(msg.data, msg.from.toString())
    if (!verdict.ok) return this.count(verdict)
    this.deliver(verdict.advert, msg.data, false)
    return TopicValidatorResult.Accept
  }

  /** An accepted remote advert: count it, keep it for relaying, store its addresses, hand it to `onAdvert`. */
  private deliver (advert: VerifiedAdvert, bytes: Uint8Array, relayed: boolean): void {
    this.stats.accepted++
    if (relayed) this.stats.relayed++
    if (this.keep?.(advert, relayed) === false) return
    this.cache.remember(advert, bytes)
    if (this.components.peerStore !== undefined && advert.addrs.length > 0) {
      const author = peerIdFromString(advert.peerId)
      // adverts leave out the author's trailing /p2p/<id>; a relayed address needs it back, or libp2p's dialler
      // takes the relay's id in it for the target's and skips the address
      const full = advert.addrs.map(a => a.endsWith('/p2p-circuit') ? `${a}/p2p/${advert.peerId}` : a)
      this.components.peerStore.merge(author, { multiaddrs: full.map(a => multiaddr(a)) })
        .catch(err => { this.log('could not store the addresses of %p %e', author, err) })
    }
    if (this.onAdvert !== undefined) {
      const onAdvert = this.onAdvert
      queueMicrotask(() => {
        try {
          onAdvert(advert)
        } catch (err) {
          this.log.error('onAdvert threw %e', err)
        }
      })
    }
  }
}
