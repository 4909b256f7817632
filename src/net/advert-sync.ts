/**
 * Advert sync, `/moemesh/adverts-sync/1.0.0`: when two nodes connect, each asks the other once for the signed
 * adverts it holds, so a newcomer knows the whole network at once instead of after every author's next refresh
 * (gossipsub keeps messages for a few seconds only; refreshes come every 30 s).
 *
 * Wire: the client opens a stream and writes one length-prefixed `AdvertSyncRequest` (its space id and how many
 * adverts it will read), then closes its side. The server answers with length-prefixed `SignedAdvert` frames,
 * each exactly as its author signed it (never the requester's own, only unexpired ones with cards), and closes.
 * A relayer cannot forge anything: the client verifies every frame as if it came from gossip (author's signature,
 * contents, newer seqno, per-author rate) through {@link AdvertSyncStore.ingestRelayed}.
 *
 * Both sides are bounded: the server answers each peer at most once per interval and a few peers at once, reads a
 * request of at most 1 KiB, and finishes within a deadline; the client reads frames of at most one advert's size,
 * stops at a count and byte cap, cuts off a relayer that sends forged adverts, and runs under a deadline.
 */
import { positiveInt } from '../options.js'
import { defaultLogger } from '@libp2p/logger'
import { lpStream } from '@libp2p/utils'
import { setMaxListeners } from '@libp2p/interface'
import type { ComponentLogger, Connection, IdentifyResult, Libp2p, Logger, PeerId, Stream } from '@libp2p/interface'
import { InvalidOptionError, MoemeshError } from '../errors.js'
import { AdvertSyncFailedError, AdvertSyncNotStartedError, AdvertSyncTimeoutError, FRAME_LENGTH_ERRORS, toError } from './errors.js'
import { moemesh } from '../gen/moemesh.js'
import type { AdvertVerdict } from './advert-codec.js'
import {
  ADVERT_SYNC_MAX_ADVERTS, ADVERT_SYNC_MAX_CONCURRENT_REQUESTS, ADVERT_SYNC_MAX_CONCURRENT_SERVES,
  ADVERT_SYNC_MAX_REJECTED,
  ADVERT_SYNC_MAX_ACCEPTED, ADVERT_SYNC_MAX_RESPONSE_BYTES, ADVERT_SYNC_MAX_TRACKED_PEERS, ADVERT_SYNC_MIN_INTERVAL_MS,
  ADVERT_SYNC_PROTOCOL, ADVERT_SYNC_TIMEOUT_MS
} from './constants.js'
import { MAX_ADVERT_BYTES, MAX_ADVERT_SYNC_REQUEST_BYTES, MAX_SPACE_ID_CHARS } from './limits.js'

export { ADVERT_SYNC_PROTOCOL }

/** The part of the advert service that sync uses (see `AdvertService`). */
export interface AdvertSyncStore {
  /** Signed adverts this node may relay, unexpired, without `exclude`'s own. */
  getCachedAdverts(options?: { exclude?: string }): Array<{ peerId: string, bytes: Uint8Array }>
  /** Verify a relayed SignedAdvert exactly as a gossiped one and apply it when accepted. Never throws on bad input. */
  ingestRelayed(bytes: Uint8Array, options?: { relayedBy?: string, signal?: AbortSignal }): Promise<AdvertVerdict>
}

/** The narrow part of a libp2p node that sync needs. */
export type AdvertSyncNode = Pick<Libp2p, 'handle' | 'unhandle' | 'dialProtocol' | 'getPeers' | 'peerStore' | 'addEventListener' | 'removeEventListener'>

/** Dependencies of {@link AdvertSync}. */
export interface AdvertSyncComponents {
  /** The libp2p node to serve on and dial from. */
  node: AdvertSyncNode
  /** Where relayed adverts go, and what this node relays. */
  adverts: AdvertSyncStore
  /** Where the sync logs (`moemesh:net:advert-sync`); pass `prefixLogger(name)` to tell nodes in one process apart. @default defaultLogger() */
  logger?: ComponentLogger
}

/** Options of {@link AdvertSync}; plain data. */
export interface AdvertSyncInit {
  /** The embedding space of this node's adverts. Required. */
  spaceId: string
  /** Ask every peer that connects (once identify shows it speaks the protocol), and the peers already connected at start. @default true */
  syncOnConnect?: boolean
  /** Deadline of one exchange, client and server side. @default 5_000 (ADVERT_SYNC_TIMEOUT_MS) */
  timeoutMs?: number
  /** Adverts per answer, sent or read. @default 1_000 (ADVERT_SYNC_MAX_ADVERTS) */
  maxAdverts?: number
  /** Advert bytes per answer, sent or read. @default 16 MiB (ADVERT_SYNC_MAX_RESPONSE_BYTES) */
  maxResponseBytes?: number
  /** Least time between two answers to one peer, and between two automatic requests to one peer. @default 10_000 (ADVERT_SYNC_MIN_INTERVAL_MS) */
  minIntervalMs?: number
  /** Answers in progress at once; more requests get an empty answer. @default 8 (ADVERT_SYNC_MAX_CONCURRENT_SERVES) */
  maxConcurrentServes?: number
  /** Automatic requests in progress at once; peers that connect meanwhile are not asked. @default 4 (ADVERT_SYNC_MAX_CONCURRENT_REQUESTS) */
  maxConcurrentRequests?: number
  /** Rejected adverts after which a relayer's answer is cut off. @default 4 (ADVERT_SYNC_MAX_REJECTED) */
  maxRejected?: number
}

/** How a sync answer ended: read to the end, stopped at a cap, or cut off for a bad frame or forged adverts. */
export type AdvertSyncEnd = 'complete' | 'limit' | 'bad-frame' | 'too-many-rejected'

/** What one {@link AdvertSync.sync} received. */
export interface AdvertSyncResult {
  /** Frames read. */
  received: number
  /** Adverts accepted (new to this node). */
  accepted: number
  /** Adverts ignored (already known, stale, expired, rate-limited). */
  ignored: number
  /** Adverts rejected (forged or malformed). */
  rejected: number
  end: AdvertSyncEnd
}

/** Counters of an {@link AdvertSync}. */
export interface AdvertSyncStats {
  /** Requests answered with adverts. */
  served: number
  /** Requests answered empty: too soon for that peer, too many at once, or another space. */
  refused: number
  /** Adverts sent to peers. */
  advertsSent: number
  /** Syncs this node ran as the client that ended without an error. */
  synced: number
  /** Syncs this node ran as the client that failed (unreachable peer, timeout, reset). */
  failed: number
  /** Relayed adverts received, accepted and rejected. */
  advertsReceived: number
  advertsAccepted: number
  advertsRejected: number
  /** Answers cut off for an oversized frame or forged adverts. */
  cutOff: number
}

/** Errors of lpStream that mean the peer sent a frame we refuse to read (too long, bad length prefix). */

class SyncStoppedError extends Error {
  override readonly name = 'SyncStoppedError'
}


/** Remember `key` at `at`, forgetting the oldest entries beyond the cap. */
function remember (map: Map<string, number>, key: string, at: number): void {
  map.delete(key)
  map.set(key, at)
  while (map.size > ADVERT_SYNC_MAX_TRACKED_PEERS) {
    const oldest = map.keys().next().value
    if (oldest === undefined) break
    map.delete(oldest)
  }
}

/**
 * Serves and requests `/moemesh/adverts-sync/1.0.0`.
 *
 * @example
 * ```ts
 * const sync = new AdvertSync({ node, adverts }, { spaceId })
 * await sync.start() // from now on every newly connected peer is asked once
 * const { accepted } = await sync.sync(peerId, { signal: AbortSignal.timeout(3_000) })
 * ```
 */
export class AdvertSync {
  private readonly node: AdvertSyncNode
  private readonly adverts: AdvertSyncStore
  private readonly log: Logger
  private readonly spaceId: string
  private readonly syncOnConnect: boolean
  private readonly timeoutMs: number
  private readonly maxAdverts: number
  private readonly maxResponseBytes: number
  private readonly minIntervalMs: number
  private readonly maxConcurrentServes: number
  private readonly maxConcurrentRequests: number
  private readonly maxRejected: number
  private running = false
  private lifetime = new AbortController()
  private readonly streams = new Set<Stream>()
  private readonly servedAt = new Map<string, number>()
  private readonly askedAt = new Map<string, number>()
  private serving = 0
  private requesting = 0
  private readonly stats: AdvertSyncStats = {
    served: 0, refused: 0, advertsSent: 0, synced: 0, failed: 0, advertsReceived: 0, advertsAccepted: 0, advertsRejected: 0, cutOff: 0
  }

  constructor (components: AdvertSyncComponents, init: AdvertSyncInit) {
    if (typeof init.spaceId !== 'string' || init.spaceId.length === 0 || init.spaceId.length > MAX_SPACE_ID_CHARS) {
      throw new InvalidOptionError('spaceId', `must be 1..${MAX_SPACE_ID_CHARS} characters (a hex sha256)`)
    }
    this.node = components.node
    this.log = (components.logger ?? defaultLogger()).forComponent('moemesh:net:advert-sync')
    this.adverts = components.adverts
    this.spaceId = init.spaceId
    this.syncOnConnect = init.syncOnConnect ?? true
    this.timeoutMs = positiveInt('timeoutMs', init.timeoutMs, ADVERT_SYNC_TIMEOUT_MS)
    this.maxAdverts = positiveInt('maxAdverts', init.maxAdverts, ADVERT_SYNC_MAX_ADVERTS)
    this.maxResponseBytes = positiveInt('maxResponseBytes', init.maxResponseBytes, ADVERT_SYNC_MAX_RESPONSE_BYTES)
    this.minIntervalMs = positiveInt('minIntervalMs', init.minIntervalMs, ADVERT_SYNC_MIN_INTERVAL_MS)
    this.maxConcurrentServes = positiveInt('maxConcurrentServes', init.maxConcurrentServes, ADVERT_SYNC_MAX_CONCURRENT_SERVES)
    this.maxConcurrentRequests = positiveInt('maxConcurrentRequests', init.maxConcurrentRequests, ADVERT_SYNC_MAX_CONCURRENT_REQUESTS)
    this.maxRejected = positiveInt('maxRejected', init.maxRejected, ADVERT_SYNC_MAX_REJECTED)
  }

  /** Register the protocol; with `syncOnConnect`, ask connected peers now and every peer that connects later. Idempotent. */
  async start (): Promise<void> {
    if (this.running) return
    this.lifetime = new AbortController()
    setMaxListeners(Infinity, this.lifetime.signal)
    await this.node.handle(ADVERT_SYNC_PROTOCOL, (stream, connection) => { void this.serve(stream, connection) }, {
      // one exchange per connection is the need; two allow an overlap with a timed-out one
      maxInboundStreams: 2,
      maxOutboundStreams: 2
    })
    this.running = true
    if (this.syncOnConnect) {
      this.node.addEventListener('peer:identify', this.onIdentify)
      // identify may have finished before we listened (bootstrap dials start with libp2p): ask those peers too
      for (const peer of this.node.getPeers()) {
        this.node.peerStore.get(peer)
          .then((p) => { if (p.protocols.includes(ADVERT_SYNC_PROTOCOL)) this.autoSync(peer) })
          .catch(() => { /* not identified yet: the identify event will come */ })
      }
    }
  }

  /** Unregister the protocol, stop listening for peers, and abort every exchange in progress. Idempotent. */
  async stop (): Promise<void> {
    if (!this.running) return
    this.running = false
    this.node.removeEventListener('peer:identify', this.onIdentify)
    try {
      await this.node.unhandle(ADVERT_SYNC_PROTOCOL)
    } catch (err) {
      this.log.error('unhandle failed - %e', err)
    }
    this.lifetime.abort(new SyncStoppedError('advert sync stopped'))
    for (const stream of this.streams) stream.abort(new SyncStoppedError('advert sync stopped'))
    this.streams.clear()
    this.servedAt.clear()
    this.askedAt.clear()
  }

  /** Whether sync is running. */
  isStarted (): boolean {
    return this.running
  }

  /** Current counters (a copy). */
  getStats (): AdvertSyncStats {
    return { ...this.stats }
  }

  /**
   * Ask `peer` for the adverts it holds and take each one through the same checks as gossip. Adverts accepted
   * before a failure stay accepted.
   *
   * @returns what was received and how the answer ended (a relayer sending garbage ends it early, not with an error)
   * @throws {AdvertSyncNotStartedError} when sync is not running (or stops meanwhile)
   * @throws {AdvertSyncTimeoutError} when the exchange passes its deadline
   * @throws {AdvertSyncFailedError} when the peer cannot be reached, lacks the protocol, or resets the stream
   * @throws the caller's `signal.reason` when the caller aborts
   */
  async sync (peer: PeerId, options: { signal?: AbortSignal } = {}): Promise<AdvertSyncResult> {
    if (!this.running) throw new AdvertSyncNotStartedError()
    options.signal?.throwIfAborted()
    const controller = new AbortController()
    setMaxListeners(Infinity, controller.signal)
    const timer = setTimeout(() => { controller.abort(new AdvertSyncTimeoutError(this.timeoutMs)) }, this.timeoutMs)
    const onCallerAbort = (): void => { controller.abort(options.signal?.reason) }
    const onStop = (): void => { controller.abort(new AdvertSyncNotStartedError()) }
    options.signal?.addEventListener('abort', onCallerAbort, { once: true })
    this.lifetime.signal.addEventListener('abort', onStop, { once: true })
    const signal = controller.signal
    const who = peer.toString()
    let stream: Stream | undefined
    try {
      stream = await this.node.dialProtocol(peer, ADVERT_SYNC_PROTOCOL, { signal })
      this.streams.add(stream)
      const result = await this.exchange(stream, who, signal)
      this.stats.synced++
      this.log('synced with %s: %d received, %d accepted, %d ignored, %d rejected (%s)', who, result.received, result.accepted, result.ignored, result.rejected, result.end)
      return result
    } catch (err) {
      this.stats.failed++
      stream?.abort(toError(err))
      if (signal.aborted) throw signal.reason
      if (err instanceof MoemeshError) throw err
      throw new AdvertSyncFailedError(who, { cause: err })
    } finally {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onCallerAbort)
      this.lifetime.signal.removeEventListener('abort', onStop)
      if (stream !== undefined) this.streams.delete(stream)
    }
  }

  /** The client side of one exchange on an open stream. */
  private async exchange (stream: Stream, who: string, signal: AbortSignal): Promise<AdvertSyncResult> {
    const lp = lpStream(stream, { maxDataLength: MAX_ADVERT_BYTES })
    await lp.write(moemesh.AdvertSyncRequest.encode({ spaceId: this.spaceId, maxAdverts: this.maxAdverts }).finish(), { signal })
    await stream.close({ signal })
    const result: AdvertSyncResult = { received: 0, accepted: 0, ignored: 0, rejected: 0, end: 'complete' }
    let bytes = 0
    const cutOff = (end: AdvertSyncEnd, why: string): AdvertSyncResult => {
      this.stats.cutOff++
      this.log('cutting off the sync answer of %s: %s', who, why)
      stream.abort(new Error(`advert sync answer refused: ${why}`))
      result.end = end
      return result
    }
    while (true) {
      let frame: Uint8Array
      try {
        frame = (await lp.read({ signal })).subarray()
      } catch (err) {
        if (signal.aborted) throw signal.reason
        const name = (err as Error)?.name
        // the server's end of the list (or a frame cut short: every frame is verified on its own anyway)
        if (name === 'UnexpectedEOFError') return result
        if (FRAME_LENGTH_ERRORS.has(name)) return cutOff('bad-frame', 'a frame is larger than an advert may be')
        throw err
      }
      result.received++
      this.stats.advertsReceived++
      bytes += frame.byteLength
      const verdict = await this.adverts.ingestRelayed(frame, { relayedBy: who, signal })
      if (verdict.ok) {
        result.accepted++
        this.stats.advertsAccepted++
        if (result.accepted >= ADVERT_SYNC_MAX_ACCEPTED) {
          result.end = 'limit'
          stream.abort(new Error('advert sync answer reached the accepted cap'))
          return result
        }
      } else if (verdict.action === 'reject') {
        result.rejected++
        this.stats.advertsRejected++
        if (result.rejected >= this.maxRejected) return cutOff('too-many-rejected', `${result.rejected} forged or malformed adverts`)
      } else {
        result.ignored++
      }
      if (result.received >= this.maxAdverts || bytes >= this.maxResponseBytes) {
        // an honest server stops at our cap; anything after it is not read
        result.end = 'limit'
        stream.abort(new Error('advert sync answer reached the cap'))
        return result
      }
    }
  }

  /** Ask a newly identified peer, unless it was asked recently or enough syncs are running. */
  private readonly onIdentify = (evt: CustomEvent<IdentifyResult>): void => {
    if (evt.detail.protocols.includes(ADVERT_SYNC_PROTOCOL)) this.autoSync(evt.detail.peerId)
  }

  private autoSync (peer: PeerId): void {
    if (!this.running) return
    const key = peer.toString()
    const now = Date.now()
    const last = this.askedAt.get(key)
    if (last !== undefined && now - last < this.minIntervalMs) return
    if (this.requesting >= this.maxConcurrentRequests) {
      this.log('not syncing with %s: %d syncs already running', key, this.requesting)
      return
    }
    remember(this.askedAt, key, now)
    this.requesting++
    this.sync(peer)
      .catch((err) => { this.log('sync with %s failed - %e', key, err) })
      .finally(() => { this.requesting-- })
  }

  /** The server side: one request, then the cached adverts, within the deadline. Never throws. */
  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    if (!this.running) {
      stream.abort(new SyncStoppedError('advert sync stopped'))
      return
    }
    const now = Date.now()
    const last = this.servedAt.get(peer)
    if (this.serving >= this.maxConcurrentServes || (last !== undefined && now - last < this.minIntervalMs)) {
      // an empty answer, not a reset: the peer learns there is nothing for it now and is not penalised
      this.stats.refused++
      this.log('refusing a sync request from %s (%s)', peer, last !== undefined && now - last < this.minIntervalMs ? 'asked too recently' : 'too many at once')
      await this.finish(stream, undefined)
      return
    }
    remember(this.servedAt, peer, now)
    this.serving++
    this.streams.add(stream)
    const controller = new AbortController()
    setMaxListeners(Infinity, controller.signal)
    const onStop = (): void => { controller.abort(this.lifetime.signal.reason) }
    this.lifetime.signal.addEventListener('abort', onStop, { once: true })
    const timer = setTimeout(() => {
      controller.abort(new AdvertSyncTimeoutError(this.timeoutMs))
      stream.abort(new AdvertSyncTimeoutError(this.timeoutMs))
    }, this.timeoutMs)
    const signal = controller.signal
    try {
      const lp = lpStream(stream, { maxDataLength: MAX_ADVERT_SYNC_REQUEST_BYTES })
      const request = moemesh.AdvertSyncRequest.decode((await lp.read({ signal })).subarray())
      if (request.spaceId !== this.spaceId) {
        this.stats.refused++
        this.log('sync request from %s is for another space', peer)
        await this.finish(stream, signal)
        return
      }
      const limit = request.maxAdverts > 0 ? Math.min(request.maxAdverts, this.maxAdverts) : this.maxAdverts
      let sent = 0
      let bytes = 0
      for (const advert of this.adverts.getCachedAdverts({ exclude: peer })) {
        if (sent >= limit || bytes + advert.bytes.byteLength > this.maxResponseBytes) break
        await lp.write(advert.bytes, { signal })
        sent++
        bytes += advert.bytes.byteLength
      }
      await this.finish(stream, signal)
      this.stats.served++
      this.stats.advertsSent += sent
      this.log.trace('sent %d adverts (%d bytes) to %s', sent, bytes, peer)
    } catch (err) {
      // a garbage request, an oversized one, a timeout or a peer that went away: drop the stream, keep serving
      this.log('sync request from %s failed - %e', peer, err)
      stream.abort(toError(err))
    } finally {
      clearTimeout(timer)
      this.lifetime.signal.removeEventListener('abort', onStop)
      this.streams.delete(stream)
      this.serving--
    }
  }

  /** Close our side gracefully (bounded), or reset the stream if that fails. */
  private async finish (stream: Stream, signal: AbortSignal | undefined): Promise<void> {
    try {
      await stream.close({ signal: signal ?? AbortSignal.timeout(this.timeoutMs) })
    } catch (err) {
      stream.abort(toError(err))
    }
  }
}
