/**
 * Capability adverts over gossipsub: one topic per embedding space. The service validates every advert on the
 * topic before gossipsub forwards it (signature, contents, newer seqno, per-peer rate), hands accepted ones to
 * `onAdvert`, and keeps the local node's own advert published and fresh. It also keeps the signed bytes of the
 * adverts it accepted, so advert sync (`advert-sync.ts`) can relay them to newly connected peers, and takes
 * relayed adverts through the very same checks and per-peer state as gossiped ones.
 */
import { intInRange } from '../options.js'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { logger } from '@libp2p/logger'
import { publicKeyFromProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey, peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import type { GossipSub, Message, SubscriptionChangeData } from '@libp2p/gossipsub'
import type { PeerId, PeerStore, PrivateKey } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import type { Multiaddr } from '@multiformats/multiaddr'
import { InvalidOptionError } from '../errors.js'
import { moemesh } from '../gen/moemesh.js'
import { advertTopic, encodeAdvert, rejection, signAdvert, verifyAdvert } from './advert-codec.js'
import type { AdvertRejection, AdvertRejectReason, AdvertVerdict } from './advert-codec.js'
import type { CardData, VerifiedAdvert } from './advert-types.js'
import {
  ADVERT_CACHE_MAX_BYTES, ADVERT_MIN_PUBLISH_INTERVAL_MS, ADVERT_PUBLISH_DEBOUNCE_MS, ADVERT_RATE_BURST, ADVERT_RATE_REFILL_MS,
  ADVERT_REFRESH_MS, ADVERT_TTL_MS, MAX_ADVERT_TTL_MS, MAX_CLOCK_SKEW_MS, MAX_TRACKED_ADVERT_PEERS
} from './constants.js'
import { MAX_ADDR_BYTES, MAX_ADVERT_ADDRS, MAX_ADVERT_BYTES, MAX_DIM, MAX_PUBLIC_KEY_BYTES, MAX_SPACE_ID_CHARS } from './limits.js'
import { AdvertServiceNotStartedError } from './errors.js'

const log = logger('moemesh:net:adverts')

export { advertTopic }

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
}

/** Options of {@link AdvertService}. */
export interface AdvertServiceInit {
  /** Id of the embedding space whose topic to join (a hex sha256 of the embedder model). Required. */
  spaceId: string
  /** Dimension of the space; when set, cards of another dimension are rejected. */
  spaceDim?: number
  /** Called with every accepted advert of another node (never this node's own). No cards = withdrawal. */
  onAdvert?: (advert: VerifiedAdvert) => void
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

/** A signed advert this node holds and may relay: a remote one it accepted, or its own latest. */
export interface CachedAdvert {
  /** The author's peer id (string form); the advert is signed by this peer's key. */
  peerId: string
  seqno: number
  /** Wall-clock ms after which the author's cards expire. */
  expiresAt: number
  /** The SignedAdvert exactly as its author signed it (receivers verify it themselves). */
  bytes: Uint8Array
}

/**
 * Who signed a relayed SignedAdvert and its claimed seqno, read without verifying anything; `undefined` when it
 * does not even decode (verifyAdvert then names the reason). The author is the peer of the advert's key, and
 * verifyAdvert requires the advert's own `peer_id` to be that same peer before anything is accepted.
 */
function relayedAuthor (bytes: Uint8Array): { peerId: string, seqno: number, expiresAt: number } | undefined {
  if (bytes.length > MAX_ADVERT_BYTES) return undefined
  try {
    const signed = moemesh.SignedAdvert.decode(bytes)
    if (signed.publicKey.length === 0 || signed.publicKey.length > MAX_PUBLIC_KEY_BYTES) return undefined
    const peerId = peerIdFromPublicKey(publicKeyFromProtobuf(signed.publicKey)).toString()
    const advert = moemesh.NodeAdvert.decode(signed.advert)
    return { peerId, seqno: advert.seqno, expiresAt: advert.expiresAtMs }
  } catch {
    return undefined
  }
}

interface PeerState {
  seqno: number
  expiresAt: number
  tokens: number
  refilledAt: number
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
  private readonly spaceId: string
  private readonly spaceDim?: number
  private readonly onAdvert?: (advert: VerifiedAdvert) => void
  private readonly refreshMs: number
  private readonly ttlMs: number
  private readonly debounceMs: number
  private readonly minPublishIntervalMs: number
  private readonly rateBurst: number
  private readonly rateRefillMs: number
  private readonly peers = new Map<string, PeerState>()
  /** Accepted remote adverts with cards, least recently updated first (the eviction order). */
  private readonly cache = new Map<string, CachedAdvert>()
  private cacheBytes = 0
  /** The latest advert this node signed, while it carries cards. */
  private localSigned?: CachedAdvert
  private readonly stats: AdvertServiceStats = { published: 0, accepted: 0, relayed: 0, rejected: {}, ignored: {} }
  private cards: CardData[] = []
  /** Whether peers may hold cards of ours (so stop() must withdraw them). */
  private advertised = false
  private started = false
  private lastSeqno = 0
  private lastPublishAt = 0
  private publishTimer?: ReturnType<typeof setTimeout>
  private refreshTimer?: ReturnType<typeof setInterval>
  private publishing: Promise<void> = Promise.resolve()

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
    this.spaceId = init.spaceId
    this.topic = advertTopic(init.spaceId)
    if (init.spaceDim !== undefined) this.spaceDim = intInRange('spaceDim', init.spaceDim, 0, 1, MAX_DIM)
    this.onAdvert = init.onAdvert
    this.refreshMs = intInRange('refreshMs', init.refreshMs, ADVERT_REFRESH_MS, 1, Number.MAX_SAFE_INTEGER)
    this.ttlMs = intInRange('ttlMs', init.ttlMs, ADVERT_TTL_MS, 1, MAX_ADVERT_TTL_MS)
    this.debounceMs = intInRange('debounceMs', init.debounceMs, ADVERT_PUBLISH_DEBOUNCE_MS, 0, Number.MAX_SAFE_INTEGER)
    this.minPublishIntervalMs = intInRange('minPublishIntervalMs', init.minPublishIntervalMs, ADVERT_MIN_PUBLISH_INTERVAL_MS, 0, Number.MAX_SAFE_INTEGER)
    this.rateBurst = intInRange('rateBurst', init.rateBurst, ADVERT_RATE_BURST, 1, Number.MAX_SAFE_INTEGER)
    // 0 turns the rate limit off
    this.rateRefillMs = intInRange('rateRefillMs', init.rateRefillMs, ADVERT_RATE_REFILL_MS, 0, Number.MAX_SAFE_INTEGER)
    if (this.ttlMs <= this.refreshMs) {
      throw new InvalidOptionError('ttlMs', `must be longer than refreshMs (${this.refreshMs}) or adverts expire between refreshes`)
    }
  }

  /** Join the topic, install the validator, publish the local cards if any, start refreshing. */
  async start (): Promise<void> {
    if (this.started) return
    const { pubsub } = this.components
    if (pubsub.topicValidators.has(this.topic)) log('replacing an existing validator on %s', this.topic)
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
    if (this.cards.length > 0) this.schedulePublish()
  }

  /**
   * Withdraw the local cards (publish an advert with none; best effort), clear them, leave the topic and stop
   * every timer. The withdrawal is handed to gossipsub before unsubscribing: stop libp2p only after this resolves.
   */
  async stop (options: { signal?: AbortSignal } = {}): Promise<void> {
    if (!this.started) return
    clearTimeout(this.publishTimer)
    this.publishTimer = undefined
    clearInterval(this.refreshTimer)
    this.refreshTimer = undefined
    const { pubsub } = this.components
    try {
      await this.publishing // a publish in flight decides whether peers hold our cards
      if (this.advertised) {
        this.cards = []
        await this.enqueuePublish(options)
      }
    } catch (err) {
      // best effort: peers that miss the withdrawal drop the cards when they expire
      log('could not publish the withdrawal %e', err)
    } finally {
      this.started = false
      pubsub.removeEventListener('subscription-change', this.onSubscriptionChange)
      if (pubsub.topicValidators.get(this.topic) === this.validate) pubsub.topicValidators.delete(this.topic)
      try {
        pubsub.unsubscribe(this.topic)
      } catch (err) {
        log('unsubscribe from %s failed (pubsub already stopped?) %e', this.topic, err)
      }
      this.peers.clear()
      this.cache.clear()
      this.cacheBytes = 0
      this.localSigned = undefined
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
    const copy = [...cards]
    // the receivers' checks, with this node's real addresses, before anything is published
    encodeAdvert(this.advertInput(copy, Date.now(), this.lastSeqno + 1), this.components.peerId, { spaceDim: this.spaceDim })
    this.cards = copy
    if (this.started) this.schedulePublish()
  }

  /** The cards this node currently advertises. */
  getLocalCards (): CardData[] {
    return [...this.cards]
  }

  /**
   * Publish the local advert now (skipping the debounce) and wait until gossipsub has it.
   *
   * @throws {AdvertServiceNotStartedError} when the service is not running
   */
  async flush (options: { signal?: AbortSignal } = {}): Promise<void> {
    if (!this.started) throw new AdvertServiceNotStartedError()
    options.signal?.throwIfAborted()
    clearTimeout(this.publishTimer)
    this.publishTimer = undefined
    await this.enqueuePublish(options)
  }

  /** Counters of published, accepted, rejected and ignored adverts (a copy). */
  getStats (): AdvertServiceStats {
    return {
      published: this.stats.published,
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
    const now = options.now ?? Date.now()
    const out: CachedAdvert[] = []
    const keep = (a: CachedAdvert | undefined): void => {
      if (a !== undefined && a.expiresAt > now && a.peerId !== options.exclude) out.push(a)
    }
    keep(this.localSigned)
    for (const a of [...this.cache.values()].reverse()) keep(a)
    return out
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
    const author = relayedAuthor(bytes)
    let verdict: AdvertVerdict
    if (author?.peerId === this.components.peerId.toString()) {
      verdict = rejection('stale-seqno', "a relayed copy of this node's own advert")
    } else {
      const known = author === undefined ? undefined : this.peers.get(author.peerId)
      if (author !== undefined && known !== undefined && !(author.seqno > known.seqno)) {
        verdict = rejection('stale-seqno', `relayed seqno ${author.seqno} is not newer than ${known.seqno}`)
      } else if (author !== undefined && author.expiresAt + MAX_CLOCK_SKEW_MS < Date.now()) {
        // expired adverts leave no state, so they could be replayed for free: refuse them before the signature check
        verdict = rejection('expired', 'the relayed advert has expired')
      } else {
        // an undecodable advert gets author '' and verifyAdvert rejects it for the real reason before any author check
        verdict = await this.accept(bytes, author?.peerId ?? '', true)
      }
    }
    if (!verdict.ok) {
      this.count(verdict)
      if (options.relayedBy !== undefined) log('advert relayed by %s not accepted: %s', options.relayedBy, verdict.reason)
    }
    return verdict
  }

  private advertInput (cards: CardData[], now: number, seqno: number): Parameters<typeof encodeAdvert>[0] {
    const addrs: string[] = []
    const self = `/p2p/${this.components.peerId.toString()}`
    for (const ma of this.components.getMultiaddrs()) {
      if (addrs.length >= MAX_ADVERT_ADDRS) break
      // the advert already names the peer: drop the trailing /p2p/<own id> libp2p appends (40 bytes each)
      let addr = ma.toString()
      if (addr.endsWith(self)) addr = addr.slice(0, -self.length)
      if (addr.length > 0 && ma.bytes.length <= MAX_ADDR_BYTES && !addrs.includes(addr)) addrs.push(addr)
    }
    return { seqno, expiresAt: now + this.ttlMs, addrs, spaceId: this.spaceId, cards }
  }

  private schedulePublish (): void {
    if (!this.started || this.publishTimer !== undefined) return
    const wait = Math.max(this.debounceMs, this.lastPublishAt + this.minPublishIntervalMs - Date.now())
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined
      this.enqueuePublish().catch(err => { log.error('publishing the local advert failed %e', err) })
    }, wait)
    this.publishTimer.unref?.()
  }

  /** Publishes run one after another, so seqnos reach gossipsub in order. */
  private async enqueuePublish (options: { signal?: AbortSignal } = {}): Promise<void> {
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
    const advertBytes = encodeAdvert(this.advertInput(cards, now, seqno), this.components.peerId, { now, spaceDim: this.spaceDim })
    const signed = await signAdvert(advertBytes, this.components.privateKey)
    options.signal?.throwIfAborted()
    this.localSigned = cards.length > 0 ? { peerId: this.components.peerId.toString(), seqno, expiresAt: now + this.ttlMs, bytes: signed } : undefined
    this.lastSeqno = seqno
    this.lastPublishAt = now
    const result = await this.components.pubsub.publish(this.topic, signed)
    this.stats.published++
    this.advertised = cards.length > 0
    log('published advert seqno %d with %d cards (%d bytes) to %d peers', seqno, cards.length, signed.length, result.recipients.length)
  }

  private readonly onRefresh = (): void => {
    const now = Date.now()
    for (const [peer, state] of this.peers) {
      if (state.expiresAt + MAX_ADVERT_TTL_MS + MAX_CLOCK_SKEW_MS < now) this.peers.delete(peer)
    }
    for (const [peer, cached] of this.cache) {
      if (cached.expiresAt <= now) this.forget(peer)
    }
    if (this.cards.length > 0) this.schedulePublish()
  }

  /** A neighbour joined our topic: give it our cards now rather than at the next refresh. */
  private readonly onSubscriptionChange = (evt: CustomEvent<SubscriptionChangeData>): void => {
    if (this.cards.length === 0) return
    if (evt.detail.subscriptions.some(s => s.subscribe && s.topic === this.topic)) this.schedulePublish()
  }

  private count (verdict: AdvertRejection): TopicValidatorResult {
    const bucket = verdict.action === 'reject' ? this.stats.rejected : this.stats.ignored
    bucket[verdict.reason] = (bucket[verdict.reason] ?? 0) + 1
    log('%s advert: %s (%s)', verdict.action, verdict.reason, verdict.detail)
    return verdict.action === 'reject' ? TopicValidatorResult.Reject : TopicValidatorResult.Ignore
  }

  /** The gossipsub topic validator: runs before a message is delivered or forwarded. Never throws. */
  private readonly validate = async (_source: PeerId, msg: Message): Promise<TopicValidatorResult> => {
    if (msg.type !== 'signed') return this.count(rejection('unsigned-message', 'adverts must travel in signed gossip messages'))
    const verdict = await this.accept(msg.data, msg.from.toString(), false)
    return verdict.ok ? TopicValidatorResult.Accept : this.count(verdict)
  }

  /**
   * The checks and state updates every remote advert goes through, gossiped or relayed: rate, signature by `from`,
   * contents, newer seqno; then the per-peer state, the relay cache, the peer store and `onAdvert`. Never throws.
   */
  /** Forget the least recently updated author whose last advert has expired; false when none has. */
  private evictExpired (now: number): boolean {
    for (const [peer, state] of this.peers) {
      if (state.expiresAt + MAX_CLOCK_SKEW_MS < now) {
        this.peers.delete(peer)
        this.forget(peer)
        return true
      }
    }
    return false
  }

  private async accept (bytes: Uint8Array, from: string, relayed: boolean): Promise<AdvertVerdict> {
    // cheap check first; a token is only spent on an accepted advert, so replays cannot drain an honest peer
    const state = this.peers.get(from)
    const now = Date.now()
    if (state !== undefined) this.refill(state, now)
    if (state !== undefined && state.tokens < 1) return rejection('rate-limited', 'the peer sends adverts too often')
    const verdict = await verifyAdvert(bytes, { from, spaceId: this.spaceId, now, spaceDim: this.spaceDim })
    if (!verdict.ok) return verdict
    const advert = verdict.advert
    const current = this.peers.get(from) // re-read: another advert of this peer may have been accepted meanwhile
    if (current !== undefined && advert.seqno <= current.seqno) {
      return rejection('stale-seqno', `seqno ${advert.seqno} is not newer than ${current.seqno}`)
    }
    if (current !== undefined) {
      this.refill(current, now)
      if (current.tokens < 1) return rejection('rate-limited', 'the peer sends adverts too often')
      current.tokens -= 1
      current.seqno = advert.seqno
      current.expiresAt = advert.expiresAt
      // keep the map in least-recently-updated order, so eviction never hits an author that keeps refreshing
      this.peers.delete(from)
      this.peers.set(from, current)
    } else {
      if (this.peers.size >= MAX_TRACKED_ADVERT_PEERS && !this.evictExpired(now)) {
        // Every tracked author is live: forgetting one would let its old adverts be replayed as new. A flood of
        // fresh identities must not push out the authors we know, so the newcomer waits instead.
        return rejection('rate-limited', 'this node tracks as many live authors as it can')
      }
      this.peers.set(from, { seqno: advert.seqno, expiresAt: advert.expiresAt, tokens: this.rateBurst - 1, refilledAt: now })
    }
    this.stats.accepted++
    if (relayed) this.stats.relayed++
    this.remember(advert, bytes)
    if (this.components.peerStore !== undefined && advert.addrs.length > 0) {
      const author = peerIdFromString(advert.peerId)
      this.components.peerStore.merge(author, { multiaddrs: advert.addrs.map(a => multiaddr(a)) })
        .catch(err => { log('could not store the addresses of %p %e', author, err) })
    }
    if (this.onAdvert !== undefined) {
      const onAdvert = this.onAdvert
      queueMicrotask(() => {
        try {
          onAdvert(advert)
        } catch (err) {
          log.error('onAdvert threw %e', err)
        }
      })
    }
    return verdict
  }

  /** Keep an accepted advert for relaying (a withdrawal only drops the old one), within ADVERT_CACHE_MAX_BYTES. */
  private remember (advert: VerifiedAdvert, bytes: Uint8Array): void {
    this.forget(advert.peerId)
    if (advert.cards.length === 0) return
    // a copy: gossip hands us a view into its whole RPC frame, which must not stay alive with the cache
    const entry: CachedAdvert = { peerId: advert.peerId, seqno: advert.seqno, expiresAt: advert.expiresAt, bytes: bytes.slice() }
    this.cache.set(advert.peerId, entry)
    this.cacheBytes += entry.bytes.length
    for (const peer of this.cache.keys()) {
      if (this.cacheBytes <= ADVERT_CACHE_MAX_BYTES) break
      this.forget(peer)
    }
  }

  private forget (peer: string): void {
    const old = this.cache.get(peer)
    if (old === undefined) return
    this.cacheBytes -= old.bytes.length
    this.cache.delete(peer)
  }

  private refill (state: PeerState, now: number): void {
    if (this.rateRefillMs === 0) {
      state.tokens = this.rateBurst
      return
    }
    const earned = Math.floor((now - state.refilledAt) / this.rateRefillMs)
    if (earned > 0) {
      state.tokens = Math.min(this.rateBurst, state.tokens + earned)
      state.refilledAt += earned * this.rateRefillMs
    }
    if (state.tokens >= this.rateBurst) state.refilledAt = now
  }
}
