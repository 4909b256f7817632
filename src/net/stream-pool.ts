/**
 * The query client's streams: a small pool per peer of `/moemesh/query/1.0.0` streams, reused one request at a
 * time (a reused stream costs ~0.1-0.5 ms a round trip on loopback, a new one ~1.5-3.5 ms). A stream whose
 * exchange did not end cleanly is thrown away, never pooled: a late response on it would be read as the answer to
 * the next request.
 *
 * Relayed connections: a stream goes on a direct (unlimited) connection whenever the node has one to the peer. A
 * peer reachable only through a circuit relay is still queried, on the limited relayed connection
 * (`runOnLimitedConnection`): a query is a few KB each way, far inside a relay's data limit, and refusing would make
 * every node behind NAT without a hole punch unusable. Once DCUtR or a dial brings a direct connection, idle streams
 * on the relayed one are dropped instead of reused.
 */
import { lpStream } from '@libp2p/utils'
import type { Connection, Libp2p, Logger, PeerId, Stream } from '@libp2p/interface'
import type { LengthPrefixedStream } from '@libp2p/utils'
import { toError } from './errors.js'
import { MAX_RESPONSE_FRAME_BYTES } from './limits.js'
import { QUERY_PROTOCOL } from './query-constants.js'
import { QueryDialError, QueryServiceStoppedError } from './query-errors.js'

/** What the pool needs from the node. */
export interface StreamPoolComponents {
  dialProtocol: Libp2p['dialProtocol']
  /** Open connections to a peer; with `dial`, lets the pool prefer a direct connection over a relayed one. */
  getConnections?: (peerId: PeerId) => Connection[]
  /** Connect to a peer (relayed addresses included). */
  dial?: (peerId: PeerId, options: { signal: AbortSignal, runOnLimitedConnection: boolean }) => Promise<Connection>
  log: Logger
}

/** Options of {@link StreamPool}; the query client validates them. */
export interface StreamPoolInit {
  /** Most streams open to one peer at once (busy and idle). */
  maxStreamsPerPeer: number
  /** Most idle streams kept per peer. */
  maxIdleStreamsPerPeer: number
  /** An idle stream is closed after this long. */
  idleTimeoutMs: number
  /** Keep streams for reuse; false closes each after one exchange. */
  reuseStreams: boolean
  /** The protocol its streams speak. @default QUERY_PROTOCOL */
  protocol?: string
}

/** Counters of a {@link StreamPool}. */
export interface StreamPoolStats {
  /** Streams opened since start. */
  streamsOpened: number
  /** Queries that went out on an already open stream. */
  streamsReused: number
  /** Streams thrown away after an error or timeout. */
  streamsDiscarded: number
  /** Idle streams held now, all peers together. */
  idleStreams: number
  /** Peers with a stream pool right now (bounded: pools of unreachable or gone peers are removed). */
  peers: number
  /** Streams opened on a limited (relayed) connection since start, because the peer had no direct one. */
  relayedStreamsOpened: number
}

/** A stream of the pool, lent to one exchange at a time. */
export interface PooledStream {
  stream: Stream
  lp: LengthPrefixedStream<Stream>
  pool: PeerPool
  state: 'busy' | 'idle' | 'gone'
  /** It runs on a limited (relayed) connection. */
  limited: boolean
  idleTimer?: ReturnType<typeof setTimeout>
  detach: () => void
}

interface PeerPool {
  key: string
  idle: PooledStream[]
  /** Streams that exist or are being opened (busy + idle + dialing). */
  count: number
  /** Callers waiting for a stream slot; woken one at a time. */
  waiters: Array<() => void>
}

/** Per-peer pools of query streams. */
export class StreamPool {
  private readonly components: StreamPoolComponents
  private readonly maxStreamsPerPeer: number
  private readonly maxIdleStreamsPerPeer: number
  private readonly idleTimeoutMs: number
  private readonly reuseStreams: boolean
  private readonly protocol: string
  private readonly pools = new Map<string, PeerPool>()
  private running = false
  private readonly stats = { streamsOpened: 0, streamsReused: 0, streamsDiscarded: 0, relayedStreamsOpened: 0 }

  constructor (components: StreamPoolComponents, init: StreamPoolInit) {
    this.components = components
    this.maxStreamsPerPeer = init.maxStreamsPerPeer
    this.maxIdleStreamsPerPeer = init.maxIdleStreamsPerPeer
    this.idleTimeoutMs = init.idleTimeoutMs
    this.reuseStreams = init.reuseStreams
    this.protocol = init.protocol ?? QUERY_PROTOCOL
  }

  /** Lend streams from now on. */
  start (): void {
    this.running = true
  }

  /** Close every idle stream, wake every waiter (it then fails) and forget all peers. */
  stop (): void {
    this.running = false
    for (const pool of this.pools.values()) {
      for (const entry of [...pool.idle]) this.drop(entry, 'close')
      for (const wake of pool.waiters.splice(0)) wake()
    }
    this.pools.clear()
  }

  /** Current counters. */
  getStats (): StreamPoolStats {
    let idleStreams = 0
    for (const pool of this.pools.values()) idleStreams += pool.idle.length
    return { ...this.stats, idleStreams, peers: this.pools.size }
  }

  /** Reset the idle streams to a peer that disconnected. */
  dropIdle (peer: string): void {
    const pool = this.pools.get(peer)
    if (pool == null) return
    for (const entry of [...pool.idle]) this.drop(entry, 'abort')
  }

  private poolOf (key: string): PeerPool {
    let pool = this.pools.get(key)
    if (pool == null) {
      pool = { key, idle: [], count: 0, waiters: [] }
      this.pools.set(key, pool)
    }
    return pool
  }

  /**
   * A stream to `peerId`: an idle healthy one, a new one while under the per-peer cap, or the next one freed.
   *
   * @throws {QueryDialError} when no stream can be opened; {@link QueryServiceStoppedError} when the pool stops
   */
  async acquire (peerId: PeerId, signal: AbortSignal): Promise<{ entry: PooledStream, reused: boolean }> {
    const key = peerId.toString()
    while (true) {
      signal.throwIfAborted()
      if (!this.running) throw new QueryServiceStoppedError('client')
      const pool = this.poolOf(key)
      let entry = pool.idle.pop()
      while (entry != null) {
        clearTimeout(entry.idleTimer)
        if (isHealthy(entry.stream) && !(entry.limited && this.hasDirectConnection(peerId))) {
          entry.state = 'busy'
          this.stats.streamsReused++
          return { entry, reused: true }
        }
        this.drop(entry, 'abort')
        entry = pool.idle.pop()
      }
      // Dropping the last stream removes the pool from the map: start over with a fresh one.
      if (this.pools.get(key) !== pool) continue
      if (pool.count < this.maxStreamsPerPeer) {
        pool.count++
        let stream: Stream
        let limited = false
        try {
          ({ stream, limited } = await this.openStream(peerId, signal))
        } catch (err) {
          pool.count--
          // An unreachable peer must not leave an empty pool behind (one per peer ever dialled).
          if (pool.count <= 0 && pool.waiters.length === 0 && pool.idle.length === 0 && this.pools.get(key) === pool) this.pools.delete(key)
          else this.wake(pool)
          if (signal.aborted) throw signal.reason
          throw new QueryDialError(key, { cause: err })
        }
        this.stats.streamsOpened++
        if (limited) this.stats.relayedStreamsOpened++
        const opened = this.wrap(stream, pool, limited)
        if (!this.running || this.pools.get(key) !== pool) {
          this.drop(opened, 'abort')
          throw new QueryServiceStoppedError('client')
        }
        return { entry: opened, reused: false }
      }
      await waitForSlot(pool, signal)
    }
  }

  private hasDirectConnection (peerId: PeerId): boolean {
    return this.components.getConnections?.(peerId).some((c) => c.status === 'open' && c.limits == null) ?? false
  }

  /** A new query stream: on a direct connection when there is one, else on a relayed one, else after a dial. */
  private async openStream (peerId: PeerId, signal: AbortSignal): Promise<{ stream: Stream, limited: boolean }> {
    const { getConnections, dial } = this.components
    if (getConnections == null || dial == null) return { stream: await this.components.dialProtocol(peerId, this.protocol, { signal }), limited: false }
    const open = getConnections(peerId).filter((c) => c.status === 'open')
    // libp2p's dial prefers direct addresses and falls back to relayed ones
    const conn = open.find((c) => c.limits == null) ?? open[0] ?? await dial(peerId, { signal, runOnLimitedConnection: true })
    const limited = conn.limits != null
    return { stream: await conn.newStream(this.protocol, { signal, runOnLimitedConnection: limited }), limited }
  }

  private wrap (stream: Stream, pool: PeerPool, limited: boolean): PooledStream {
    const lp = lpStream(stream, {
      maxDataLength: MAX_RESPONSE_FRAME_BYTES,
      // one response in flight per stream: room for one whole frame, no more
      maxBufferSize: MAX_RESPONSE_FRAME_BYTES + 16
    })
    const entry: PooledStream = { stream, lp, pool, state: 'busy', limited, detach: () => {} }
    // A pooled stream that the remote closes or resets must leave the pool at once, not when we next pick it.
    const onClose = (): void => { this.drop(entry, 'abort') }
    const onRemoteCloseWrite = (): void => { if (entry.state === 'idle') this.drop(entry, 'close') }
    stream.addEventListener('close', onClose, { once: true })
    stream.addEventListener('remoteCloseWrite', onRemoteCloseWrite, { once: true })
    entry.detach = () => {
      stream.removeEventListener('close', onClose)
      stream.removeEventListener('remoteCloseWrite', onRemoteCloseWrite)
    }
    return entry
  }

  /** Back to the pool after a clean exchange, or closed when the pool is full or the client stopped. */
  release (entry: PooledStream): void {
    const pool = entry.pool
    // Beyond the idle cap a stream is still kept when a query waits for one: closing it would only make that
    // query open a new stream.
    const full = pool.idle.length >= this.maxIdleStreamsPerPeer && pool.waiters.length === 0
    if (!this.running || !this.reuseStreams || this.pools.get(pool.key) !== pool || !isHealthy(entry.stream) || full) {
      this.drop(entry, 'close')
      return
    }
    entry.state = 'idle'
    entry.idleTimer = setTimeout(() => { this.drop(entry, 'close') }, this.idleTimeoutMs)
    pool.idle.push(entry)
    this.wake(pool)
  }

  /** Throw a stream away after a failed exchange: it must never carry another request. */
  discard (entry: PooledStream, err: Error): void {
    if (entry.state === 'gone') return
    this.stats.streamsDiscarded++
    this.components.log.trace('discarding query stream to %s - %e', entry.pool.key, err)
    entry.stream.abort(err)
    this.drop(entry, 'abort')
  }

  /** Remove a stream from its pool (idempotent) and close or reset it. */
  private drop (entry: PooledStream, how: 'close' | 'abort'): void {
    if (entry.state === 'gone') return
    const wasIdle = entry.state === 'idle'
    entry.state = 'gone'
    clearTimeout(entry.idleTimer)
    entry.detach()
    const pool = entry.pool
    if (wasIdle) {
      const i = pool.idle.indexOf(entry)
      if (i >= 0) pool.idle.splice(i, 1)
    }
    pool.count--
    if (pool.count <= 0 && pool.waiters.length === 0 && this.pools.get(pool.key) === pool) this.pools.delete(pool.key)
    else this.wake(pool)
    if (how === 'abort') {
      entry.stream.abort(new Error('query stream dropped'))
    } else if (entry.stream.writeStatus === 'writable') {
      entry.stream.close().catch(err => { entry.stream.abort(toError(err)) })
    }
  }

  private wake (pool: PeerPool): void {
    pool.waiters.shift()?.()
  }
}

function isHealthy (stream: Stream): boolean {
  return stream.status === 'open' && stream.writeStatus === 'writable' && stream.remoteWriteStatus === 'writable'
}

async function waitForSlot (pool: PeerPool, signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      const i = pool.waiters.indexOf(wake)
      if (i >= 0) pool.waiters.splice(i, 1)
      reject(signal.reason)
    }
    const wake = (): void => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }
    signal.addEventListener('abort', onAbort, { once: true })
    pool.waiters.push(wake)
  })
}
