import { defaultLogger, type ComponentLogger, type Logger } from '@libp2p/logger'
import { answerHash, newQueryId, requestHash, toMicro } from './receipt.js'
import type { ReceiptBook } from './receipt-book.js'

/** How receipts reach payees (the net layer's `ReceiptProtocol` provides it). */
export interface ReceiptTransport {
  send: (peer: string, bytes: Uint8Array, options: { signal?: AbortSignal }) => Promise<{ status: 'ACCEPTED' | 'STALE' | 'INVALID' | 'BUSY', seq: number }>
}

/** The request a paid answer was for. The same object for every answer of one routed query. */
export interface PaidQuery {
  text: string
  vector: Float32Array | number[]
  spaceId: string
}

/** One answer received from a payee. */
export interface PaidAnswer {
  expertId: string
  /** What the payee says it charged. */
  price: number
  distribution?: Float32Array | number[]
  /** Set when the expert did not answer (nothing is paid then). */
  error?: string
}

/** Dependencies of a {@link ReceiptPayer}. */
export interface ReceiptPayerComponents {
  book: ReceiptBook
  transport: ReceiptTransport
  /** @default defaultLogger() */
  logger?: ComponentLogger
}

/** Options of a {@link ReceiptPayer}. */
export interface ReceiptPayerInit {
  /** Redeliveries of a payee's newest receipt after a failed delivery, when no newer one replaces it. @default 3 */
  retries?: number
  /** First redelivery delay, doubling each time. @default 1000 */
  retryDelayMs?: number
}

/** Counters of a {@link ReceiptPayer}. */
export interface ReceiptPayerStats {
  /** Receipts signed and stored. */
  issued: number
  /** Deliveries the payee acknowledged as ACCEPTED. */
  accepted: number
  /** Deliveries answered STALE (a newer receipt of ours got there first) . */
  stale: number
  /** Deliveries answered INVALID or BUSY. */
  refused: number
  /** Deliveries that failed on the way. */
  failed: number
  /** Receipts never sent because a newer one of the same lane replaced them (cumulative: nothing is lost). */
  coalesced: number
}

interface Outbox {
  /** Newest receipt waiting to be sent. */
  pending?: { bytes: Uint8Array, seq: number }
  /** Seq of the newest receipt handed to the transport. */
  sentSeq: number
  busy: boolean
  attempts: number
  timer?: ReturnType<typeof setTimeout>
}

/**
 * The payer's side of receipts, off the query path: after a paid answer arrives, {@link paid} schedules the
 * receipt for later in the event loop (the router gets the answer first), signs and stores it (`ReceiptBook`),
 * and delivers it. Per payee only the newest receipt is ever in flight: one that is still waiting when a newer one
 * is issued is dropped (the newer one's cumulative includes it), so a busy lane sends fewer, larger steps.
 */
export class ReceiptPayer {
  private readonly book: ReceiptBook
  private readonly transport: ReceiptTransport
  private readonly log: Logger
  private readonly retries: number
  private readonly retryDelayMs: number
  private readonly outboxes = new Map<string, Outbox>()
  private readonly queries = new WeakMap<PaidQuery, { queryId: Uint8Array, requestHash: Uint8Array }>()
  private readonly idle = new Set<() => void>()
  private scheduled = 0
  private running = true
  private lifetime = new AbortController()
  private readonly stats: ReceiptPayerStats = { issued: 0, accepted: 0, stale: 0, refused: 0, failed: 0, coalesced: 0 }

  constructor (components: ReceiptPayerComponents, init: ReceiptPayerInit = {}) {
    this.book = components.book
    this.transport = components.transport
    this.log = (components.logger ?? defaultLogger()).forComponent('moemesh:market:receipts')
    this.retries = init.retries ?? 3
    this.retryDelayMs = init.retryDelayMs ?? 1_000
  }

  /**
   * `peer` answered `query`: for each priced answer without an error, pay `min(price, maxPrice)` with a receipt.
   * Returns at once; the work runs after the caller's continuation.
   */
  paid (peer: string, query: PaidQuery, answers: PaidAnswer[], maxPrice?: number): void {
    if (!this.running) return
    const priced = answers.filter((a) => a.error == null && a.price > 0 && Number.isFinite(a.price))
    if (priced.length === 0) return
    this.scheduled++
    setImmediate(() => {
      this.pay(peer, query, priced, maxPrice)
        .catch((err: unknown) => { this.log.error('paying %s failed - %e', peer, err) })
        .finally(() => { this.scheduled--; this.checkIdle() })
    })
  }

  /** Issue (sign and store) the receipts for `answers` now and queue the newest for delivery. */
  async pay (peer: string, query: PaidQuery, answers: PaidAnswer[], maxPrice?: number, options: { signal?: AbortSignal } = {}): Promise<void> {
    let ids = this.queries.get(query)
    if (ids === undefined) {
      ids = { queryId: newQueryId(), requestHash: requestHash(query.spaceId, query.text, query.vector) }
      this.queries.set(query, ids)
    }
    for (const a of answers) {
      if (!this.running) return
      if (a.error != null || !(a.price > 0) || !Number.isFinite(a.price)) continue
      const price = maxPrice !== undefined && maxPrice > 0 ? Math.min(a.price, maxPrice) : a.price
      const issued = await this.book.issue(peer, {
        queryId: ids.queryId, expertId: a.expertId, unitPriceMicro: toMicro(price), requestHash: ids.requestHash, answerHash: answerHash(a.expertId, a.distribution)
      }, options)
      this.stats.issued++
      this.enqueue(peer, issued.bytes, issued.receipt.seq)
    }
  }

  /** Resolves once nothing is scheduled, waiting or in flight (retries included). */
  async flush (options: { signal?: AbortSignal } = {}): Promise<void> {
    while (!this.isIdle()) {
      options.signal?.throwIfAborted()
      await new Promise<void>((resolve, reject) => {
        const done = (): void => { options.signal?.removeEventListener('abort', onAbort); resolve() }
        const onAbort = (): void => { this.idle.delete(done); reject(options.signal?.reason) }
        options.signal?.addEventListener('abort', onAbort, { once: true })
        this.idle.add(done)
      })
    }
  }

  /** Stop delivering (receipts already issued stay stored; the next start delivers newer ones). */
  stop (): void {
    this.running = false
    this.lifetime.abort(new Error('receipt payer stopped'))
    for (const box of this.outboxes.values()) clearTimeout(box.timer)
    this.outboxes.clear()
    this.checkIdle()
  }

  /** Current counters. */
  getStats (): ReceiptPayerStats {
    return { ...this.stats }
  }

  private isIdle (): boolean {
    if (this.scheduled > 0) return false
    for (const box of this.outboxes.values()) if (box.busy || box.pending !== undefined || box.timer !== undefined) return false
    return true
  }

  private checkIdle (): void {
    if (!this.isIdle()) return
    for (const done of [...this.idle]) { this.idle.delete(done); done() }
  }

  private enqueue (peer: string, bytes: Uint8Array, seq: number): void {
    let box = this.outboxes.get(peer)
    if (box === undefined) {
      box = { sentSeq: 0, busy: false, attempts: 0 }
      this.outboxes.set(peer, box)
    }
    if (box.pending !== undefined) {
      if (box.pending.seq >= seq) return
      this.stats.coalesced++
    }
    box.pending = { bytes, seq }
    box.attempts = 0
    if (box.timer !== undefined) { clearTimeout(box.timer); box.timer = undefined }
    if (!box.busy) void this.pump(peer, box)
  }

  private async pump (peer: string, box: Outbox): Promise<void> {
    box.busy = true
    try {
      while (this.running && box.pending !== undefined) {
        const { bytes, seq } = box.pending
        box.pending = undefined
        box.sentSeq = seq
        try {
          const ack = await this.transport.send(peer, bytes, { signal: this.lifetime.signal })
          if (ack.status === 'ACCEPTED') this.stats.accepted++
          else if (ack.status === 'STALE') this.stats.stale++
          else {
            this.stats.refused++
            this.log('%s refused receipt %d: %s', peer, seq, ack.status)
            if (ack.status === 'BUSY') this.retryLater(peer, box, bytes, seq)
          }
        } catch (err) {
          if (!this.running) return
          this.stats.failed++
          this.log('receipt %d to %s not delivered - %e', seq, peer, err)
          this.retryLater(peer, box, bytes, seq)
        }
      }
    } finally {
      box.busy = false
      if (box.pending === undefined && box.timer === undefined) this.outboxes.delete(peer)
      this.checkIdle()
    }
  }

  /** Redeliver `bytes` later, unless a newer receipt takes its place first. */
  private retryLater (peer: string, box: Outbox, bytes: Uint8Array, seq: number): void {
    if (box.pending !== undefined || box.attempts >= this.retries || !this.running) return
    const delay = this.retryDelayMs * 2 ** box.attempts
    box.attempts++
    box.timer = setTimeout(() => {
      box.timer = undefined
      if (box.pending === undefined) box.pending = { bytes, seq }
      if (!box.busy) void this.pump(peer, box)
      else this.checkIdle()
    }, delay)
    box.timer.unref?.()
  }
}
