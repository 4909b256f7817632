/**
 * `/moemesh/receipt/1.0.0`: a payer opens a stream, writes one length-prefixed SignedReceipt and closes its
 * side; the payee reads it (at most MAX_RECEIPT_BYTES), hands it to its handler, which stores it durably (or
 * refuses it), and writes one ReceiptAck back. One receipt per stream keeps both ends trivially bounded; receipts
 * are cumulative, so the payer only ever needs its newest one in flight per payee (see `ReceiptPayer`).
 */
import { defaultLogger } from '@libp2p/logger'
import { lpStream } from '@libp2p/utils'
import { setMaxListeners } from '@libp2p/interface'
import type { ComponentLogger, Connection, Libp2p, Logger, PeerId, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { moemeshmarket } from '../gen/market.js'
import { positiveInt } from '../options.js'
import { toError } from './errors.js'

/** The protocol id. Bump the version on any incompatible change. */
export const RECEIPT_PROTOCOL = '/moemesh/receipt/1.0.0'

/** Largest SignedReceipt frame read (matches the market's MAX_RECEIPT_BYTES). */
export const MAX_RECEIPT_FRAME_BYTES = 1024

/** Largest ReceiptAck frame read: four small fields. */
export const MAX_RECEIPT_ACK_BYTES = 64

/** Time the payee gets to read, store and acknowledge one receipt; the payer waits as long. */
export const RECEIPT_EXCHANGE_TIMEOUT_MS = 5_000

/** Receipt streams one peer may have open at a payee at once: a payer keeps one in flight per payee. */
export const MAX_RECEIPT_STREAMS_PER_PEER = 2

/** The decoded ack (see proto/market.proto). */
export interface ReceiptAckData {
  status: 'ACCEPTED' | 'STALE' | 'INVALID' | 'BUSY'
  lane: number
  seq: number
  cumulativeMicro: number
}

/** Stores (or refuses) one received SignedReceipt from `peerId`; never throws for a bad receipt. */
export type ReceiptHandler = (bytes: Uint8Array, ctx: { peerId: string, signal: AbortSignal }) => Promise<ReceiptAckData>

/** Dependencies of {@link ReceiptProtocol}. */
export interface ReceiptProtocolComponents {
  node: Pick<Libp2p, 'handle' | 'unhandle' | 'dialProtocol'>
  /** The payee side; without it the node only sends receipts. */
  handler?: ReceiptHandler
  /** @default defaultLogger() */
  logger?: ComponentLogger
}

/** Options of {@link ReceiptProtocol}; plain data. */
export interface ReceiptProtocolInit {
  /** Per-receipt deadline, both sides, in ms. @default 5000 */
  timeoutMs?: number
  /** Concurrent inbound receipt streams per peer. @default 2 */
  maxStreamsPerPeer?: number
}

/** Counters, for tests and the bench. */
export interface ReceiptProtocolStats {
  received: number
  refused: number
  sent: number
  failed: number
}

const STATUS = ['ACCEPTED', 'STALE', 'INVALID', 'BUSY'] as const

class ReceiptExchangeTimeoutError extends Error {
  override readonly name = 'ReceiptExchangeTimeoutError'
}

/** A receipt could not be delivered (dial, stream or protocol failure). */
export class ReceiptDeliveryError extends Error {
  override readonly name = 'ReceiptDeliveryError'
  readonly code = 'RECEIPT_DELIVERY'
}

/**
 * Both ends of the receipt protocol.
 *
 * @example
 * ```ts
 * const receipts = new ReceiptProtocol({ node, handler: async (bytes, { peerId }) => book.accept(bytes, peerId) })
 * await receipts.start()
 * const ack = await receipts.send(payee, signedReceiptBytes, { signal })
 * ```
 */
export class ReceiptProtocol {
  private readonly node: ReceiptProtocolComponents['node']
  private readonly handler?: ReceiptHandler
  private readonly log: Logger
  private readonly timeoutMs: number
  private readonly maxStreamsPerPeer: number
  private readonly open = new Map<string, number>()
  private readonly streams = new Set<Stream>()
  private lifetime = new AbortController()
  private running = false
  private readonly stats: ReceiptProtocolStats = { received: 0, refused: 0, sent: 0, failed: 0 }

  constructor (components: ReceiptProtocolComponents, init: ReceiptProtocolInit = {}) {
    this.node = components.node
    this.handler = components.handler
    this.log = (components.logger ?? defaultLogger()).forComponent('moemesh:net:receipts')
    this.timeoutMs = positiveInt('timeoutMs', init.timeoutMs, RECEIPT_EXCHANGE_TIMEOUT_MS)
    this.maxStreamsPerPeer = positiveInt('maxStreamsPerPeer', init.maxStreamsPerPeer, MAX_RECEIPT_STREAMS_PER_PEER)
  }

  /** Register the payee side (when there is a handler). Idempotent. */
  async start (): Promise<void> {
    if (this.running) return
    this.lifetime = new AbortController()
    setMaxListeners(Infinity, this.lifetime.signal)
    if (this.handler !== undefined) {
      await this.node.handle(RECEIPT_PROTOCOL, (stream, connection) => { void this.serve(stream, connection) }, {
        maxInboundStreams: 64,
        maxOutboundStreams: 64
      })
    }
    this.running = true
  }

  /** Unregister, and abort every exchange in flight. */
  async stop (): Promise<void> {
    if (!this.running) return
    this.running = false
    if (this.handler !== undefined) await Promise.resolve(this.node.unhandle(RECEIPT_PROTOCOL)).catch((err: unknown) => { this.log.error('unhandle failed - %e', err) })
    this.lifetime.abort(new Error('receipt protocol stopped'))
    for (const s of this.streams) s.abort(new Error('receipt protocol stopped'))
    this.streams.clear()
  }

  /** Current counters. */
  getStats (): ReceiptProtocolStats {
    return { ...this.stats }
  }

  /**
   * Deliver one SignedReceipt to `peer` and return its ack.
   * @throws {ReceiptDeliveryError} when the exchange fails; the caller's `signal.reason` when it aborts
   */
  async send (peer: PeerId | string, bytes: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<ReceiptAckData> {
    if (!this.running) throw new ReceiptDeliveryError('the receipt protocol is stopped')
    options.signal?.throwIfAborted()
    const signal = AbortSignal.any([this.lifetime.signal, AbortSignal.timeout(this.timeoutMs), ...(options.signal !== undefined ? [options.signal] : [])])
    const peerId = typeof peer === 'string' ? peerIdFromString(peer) : peer
    let stream: Stream | undefined
    try {
      stream = await this.node.dialProtocol(peerId, RECEIPT_PROTOCOL, { signal })
      this.streams.add(stream)
      const lp = lpStream(stream, { maxDataLength: MAX_RECEIPT_ACK_BYTES })
      await lp.write(bytes, { signal })
      const ack = decodeAck((await lp.read({ signal })).subarray())
      await stream.close({ signal }).catch((err: unknown) => { stream?.abort(toError(err)) })
      this.stats.sent++
      return ack
    } catch (err) {
      this.stats.failed++
      stream?.abort(toError(err))
      if (options.signal?.aborted === true) throw options.signal.reason
      throw new ReceiptDeliveryError(`receipt to ${peerId.toString()} not delivered: ${toError(err).message}`, { cause: err })
    } finally {
      if (stream !== undefined) this.streams.delete(stream)
    }
  }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const handler = this.handler
    const peer = connection.remotePeer.toString()
    const n = this.open.get(peer) ?? 0
    if (!this.running || handler === undefined || n >= this.maxStreamsPerPeer) {
      this.stats.refused++
      stream.abort(new Error('too many receipt streams'))
      return
    }
    this.open.set(peer, n + 1)
    this.streams.add(stream)
    const deadline = new AbortController()
    const timer = setTimeout(() => { deadline.abort(new ReceiptExchangeTimeoutError('receipt exchange timed out')) }, this.timeoutMs)
    const signal = AbortSignal.any([deadline.signal, this.lifetime.signal])
    try {
      const lp = lpStream(stream, { maxDataLength: MAX_RECEIPT_FRAME_BYTES })
      const frame = (await lp.read({ signal })).subarray()
      const ack = await handler(frame, { peerId: peer, signal })
      this.stats.received++
      await lp.write(moemeshmarket.ReceiptAck.encode({
        status: STATUS.indexOf(ack.status), lane: ack.lane, seq: ack.seq, cumulativeMicro: ack.cumulativeMicro
      }).finish(), { signal })
      await stream.close({ signal })
    } catch (err) {
      // an oversized frame, a timeout, a peer that went away: drop the stream, keep serving
      this.stats.refused++
      this.log('receipt from %s failed - %e', peer, err)
      stream.abort(toError(err))
    } finally {
      clearTimeout(timer)
      this.streams.delete(stream)
      const left = (this.open.get(peer) ?? 1) - 1
      if (left <= 0) this.open.delete(peer)
      else this.open.set(peer, left)
    }
  }
}

function decodeAck (bytes: Uint8Array): ReceiptAckData {
  let msg: moemeshmarket.ReceiptAck
  try {
    msg = moemeshmarket.ReceiptAck.decode(bytes)
  } catch (err) {
    throw new ReceiptDeliveryError('the ack is not a ReceiptAck', { cause: err })
  }
  const status = STATUS[msg.status]
  if (status === undefined) throw new ReceiptDeliveryError(`unknown ack status ${String(msg.status)}`)
  return { status, lane: Number(msg.lane), seq: Number(msg.seq), cumulativeMicro: Number(msg.cumulativeMicro) }
}
