import type { PrivateKey } from '@libp2p/interface'
import { InvalidOptionError } from '../errors.js'
import { MICRO_PER_CREDIT, RECEIPT_MAX_CLOCK_SKEW_MS, RECEIPT_TTL_MS } from './constants.js'
import { InvalidReceiptError, type ReceiptProblem } from './errors.js'
import type { Ledger } from './ledger.js'
import { signReceipt, verifyReceipt, type CallData, type ReceiptData } from './receipt.js'
import type { MarketStore, ReceiptRow } from './store.js'


/** Receipt lanes kept per payer: a payer opens a new one only when it lost its database. */
export const MAX_LANES_PER_PAYER = 8

/** What a payee answers to a receipt (the wire's ReceiptAck, plus why a refused one was refused). */
export interface ReceiptVerdict {
  status: 'ACCEPTED' | 'STALE' | 'INVALID' | 'BUSY'
  /** Set when refused. */
  problem?: ReceiptProblem | 'STORE'
  /** One sentence, for logs. */
  message?: string
  lane: number
  /** The payee's stored seq on that lane after this receipt (0: none). */
  seq: number
  /** The payee's stored cumulative on that lane, micro-credits. */
  cumulativeMicro: number
}

/** A receipt this node issued, ready to send. */
export interface IssuedReceipt {
  receipt: ReceiptData
  /** The SignedReceipt bytes. */
  bytes: Uint8Array
}

/** Dependencies of a {@link ReceiptBook}. */
export interface ReceiptBookComponents {
  store: MarketStore
  ledger: Ledger
  /** This node's key (signs the receipts it issues). */
  privateKey: PrivateKey
  /** This node's peer id (string form). */
  peerId: string
}

/** Options of a {@link ReceiptBook}. */
export interface ReceiptBookInit {
  /** Lifetime of issued receipts. @default 604800000 (7 days, RECEIPT_TTL_MS) */
  ttlMs?: number
  /** @default Date.now */
  now?: () => number
}

interface LaneState { seq: number, cumulativeMicro: number }

/**
 * Both ends of signed cumulative receipts, on top of the market store:
 *
 * - as **payer**, {@link issue} adds a paid call to this node's lane with the payee, signs the new running total
 *   with the node key and **stores it before it is sent**, so a restarted node continues the lane above it;
 * - as **payee**, {@link accept} verifies a receipt (signature, addressee, sender, expiry), refuses one whose seq
 *   is not above the stored one of its lane or whose cumulative is below it (a replay), or that claims more than
 *   this node served the payer, and otherwise stores it and pays the payer's debt down **in one transaction,
 *   before it answers ACCEPTED**. An acknowledged receipt is therefore on disk (see `MarketStore` for what a
 *   commit survives), and replaying it, or any older one, after a restart is refused.
 *
 * A node's lane id is the creation time of its market database: a node that lost its database opens a new lane
 * (starting from zero again) instead of being stuck below its own old sequence numbers.
 */
export class ReceiptBook {
  /** The lane this node pays on. */
  readonly lane: number
  private readonly store: MarketStore
  private readonly ledger: Ledger
  private readonly key: PrivateKey
  private readonly self: string
  private readonly ttlMs: number
  private readonly now: () => number
  /** Per payee, our lane's seq and cumulative as issued (the store holds the same, written before sending). */
  private readonly out = new Map<string, LaneState>()

  constructor (components: ReceiptBookComponents, init: ReceiptBookInit = {}) {
    this.store = components.store
    this.ledger = components.ledger
    this.key = components.privateKey
    this.self = components.peerId
    this.ttlMs = init.ttlMs ?? RECEIPT_TTL_MS
    if (!Number.isInteger(this.ttlMs) || this.ttlMs < 1) throw new InvalidOptionError('ttlMs', 'must be a positive integer')
    this.now = init.now ?? Date.now
    this.lane = this.store.createdAt
  }

  /**
   * Add one paid call to our lane with `payee`, sign the new cumulative receipt and store it; the caller sends
   * the returned bytes. Sequence numbers are assigned in call order even when calls overlap.
   */
  async issue (payee: string, call: CallData, options: { signal?: AbortSignal } = {}): Promise<IssuedReceipt> {
    options.signal?.throwIfAborted()
    if (payee === this.self) throw new InvalidOptionError('payee', 'a node does not pay itself')
    const state = this.outLane(payee)
    state.seq++
    state.cumulativeMicro += call.unitPriceMicro
    const now = this.now()
    const receipt: ReceiptData = {
      payer: this.self, payee, lane: this.lane, seq: state.seq, cumulativeMicro: state.cumulativeMicro, lastCall: call, issuedAt: now, expiresAt: now + this.ttlMs
    }
    const bytes = await signReceipt(receipt, this.key)
    this.store.transaction(() => {
      const stored = this.store.receipt('out', payee, this.lane)
      // an overlapping issue may have stored a later receipt already: never move the lane back
      if (stored !== undefined && stored.seq >= receipt.seq) return
      this.store.putReceipt({ direction: 'out', peerId: payee, lane: this.lane, seq: receipt.seq, cumulativeMicro: receipt.cumulativeMicro, signed: bytes, at: now })
      this.ledger.recordPaidOut(payee, receipt.cumulativeMicro)
    })
    return { receipt, bytes }
  }

  /**
   * Check and store a receipt received from `fromPeer` (undefined: offline, any sender). Never throws for a bad
   * receipt: the verdict says what happened. ACCEPTED only once the receipt is committed.
   */
  async accept (bytes: Uint8Array, fromPeer: string | undefined, options: { signal?: AbortSignal } = {}): Promise<ReceiptVerdict> {
    options.signal?.throwIfAborted()
    let receipt: ReceiptData
    try {
      receipt = (await verifyReceipt(bytes)).receipt
      this.checkAddressing(receipt, fromPeer)
    } catch (err) {
      if (err instanceof InvalidReceiptError) return { status: 'INVALID', problem: err.problem, message: err.message, lane: 0, seq: 0, cumulativeMicro: 0 }
      throw err
    }
    options.signal?.throwIfAborted()
    try {
      return this.store.transaction(() => this.commit(receipt, bytes))
    } catch (err) {
      return { status: 'BUSY', problem: 'STORE', message: `the receipt could not be stored: ${(err as Error).message}`, lane: receipt.lane, seq: 0, cumulativeMicro: 0 }
    }
  }

  /** The newest receipt of every lane, both directions, most recent first. */
  latest (options: { peerId?: string, limit?: number } = {}): ReceiptRow[] {
    return this.store.latestReceipts(options)
  }

  private checkAddressing (r: ReceiptData, fromPeer: string | undefined): void {
    if (r.payee !== this.self) throw new InvalidReceiptError('WRONG_PAYEE', 'the receipt pays another node')
    if (fromPeer !== undefined && r.payer !== fromPeer) throw new InvalidReceiptError('WRONG_SENDER', 'the receipt was sent by another peer than its payer')
    const now = this.now()
    if (r.expiresAt <= now) throw new InvalidReceiptError('EXPIRED', 'the receipt has expired')
    if (r.issuedAt > now + RECEIPT_MAX_CLOCK_SKEW_MS) throw new InvalidReceiptError('FUTURE', 'the receipt is issued in the future (check the payer\'s clock)')
  }

  /** Inside the store transaction: the lane must advance, the total must not exceed what we served. */
  private commit (r: ReceiptData, bytes: Uint8Array): ReceiptVerdict {
    const stored = this.store.receipt('in', r.payer, r.lane)
    const verdict = (status: ReceiptVerdict['status'], lane: ReceiptRow | undefined, problem?: ReceiptProblem, message?: string): ReceiptVerdict => ({
      status, ...(problem !== undefined ? { problem, message } : {}), lane: r.lane, seq: lane?.seq ?? 0, cumulativeMicro: lane?.cumulativeMicro ?? 0
    })
    if (stored !== undefined && (r.seq <= stored.seq || r.cumulativeMicro < stored.cumulativeMicro)) {
      return verdict('STALE', stored, 'STALE', `seq ${r.seq} / cumulative ${r.cumulativeMicro} do not advance the stored seq ${stored.seq} / cumulative ${stored.cumulativeMicro}`)
    }
    const served = this.ledger.account(r.payer)
    // Nothing is stored for a receipt that pays for nothing we served: peer ids are free, so otherwise anyone could
    // write rows (one per new lane) at will. A payer opens a new lane only when it lost its database: a few at most.
    if (served.queriesServed === 0 || r.cumulativeMicro === 0) {
      return verdict('INVALID', stored, 'UNSERVED', 'the receipt pays for nothing this node served the payer')
    }
    if (stored === undefined && this.store.latestReceipts({ peerId: r.payer, limit: MAX_LANES_PER_PAYER + 1 }).filter((x) => x.direction === 'in').length >= MAX_LANES_PER_PAYER) {
      return verdict('INVALID', stored, 'TOO_MANY_LANES', `the payer already has ${MAX_LANES_PER_PAYER} lanes here`)
    }
    const total = this.ledger.paidInMicro(r.payer) - (stored?.cumulativeMicro ?? 0) + r.cumulativeMicro
    // what we booked, in micro-credits, with a micro-credit of rounding slack per answer
    const servedMicro = Math.round(served.earned * MICRO_PER_CREDIT) + served.queriesServed
    if (total > servedMicro) {
      return verdict('INVALID', stored, 'OVERPAID', `the receipts claim ${total} micro-credits, more than the ${servedMicro} this node served the payer`)
    }
    const row: ReceiptRow = { direction: 'in', peerId: r.payer, lane: r.lane, seq: r.seq, cumulativeMicro: r.cumulativeMicro, signed: bytes, at: this.now() }
    this.store.putReceipt(row)
    this.ledger.recordPayment(r.payer, total)
    return verdict('ACCEPTED', row)
  }

  private outLane (payee: string): LaneState {
    let s = this.out.get(payee)
    if (s === undefined) {
      const stored = this.store.receipt('out', payee, this.lane)
      s = { seq: stored?.seq ?? 0, cumulativeMicro: stored?.cumulativeMicro ?? 0 }
      this.out.set(payee, s)
      // bounded: a node pays at most the peers it queries; forget the oldest lane state past 10k (reloaded on use)
      if (this.out.size > 10_000) this.out.delete(this.out.keys().next().value as string)
    }
    return s
  }
}
