import { SqliteQualityStore } from '../market/sqlite-quality-store.js'
import { join } from 'node:path'
import type { ComponentLogger, PrivateKey } from '@libp2p/interface'
import { Ledger } from '../market/ledger.js'
import { ReceiptBook } from '../market/receipt-book.js'
import { ReceiptPayer, type PaidAnswer, type PaidQuery } from '../market/receipt-payer.js'
import { MARKET_DB_FILE, MarketStore } from '../market/store.js'
import { receiptJson } from '../market/receipt-file.js'
import { ReceiptProtocol, type ReceiptProtocolStats } from '../net/receipt-protocol.js'
import type { MoemeshLibp2p } from '../net/libp2p.js'
import type { ReceiptPayerStats } from '../market/receipt-payer.js'
import type { LedgerView } from '../api/ledger-route.js'

/** How often the market database's log is checkpointed into the file (its auto-checkpoint is off). */
export const CHECKPOINT_EVERY_MS = 5_000

/** How far behind a node writes its per-answer bookings (a kill -9 can lose at most this window of them). */
export const LEDGER_WRITE_BEHIND_MS = 20

/** What `GET /v1/ledger` and `moemesh ledger` show (the API's view, with typed counters). */
export interface LedgerReport extends LedgerView {
  stats: { payer: ReceiptPayerStats, protocol: ReceiptProtocolStats }
}

/** Options of {@link NodeMarket.open}. */
export interface NodeMarketInit {
  dataDir: string
  privateKey: PrivateKey
  peerId: string
  logger: ComponentLogger
  /** Issue and send receipts for paid answers (a node always accepts them). @default true */
  receipts?: boolean
  /** The price a peer's card advertises for an expert: a receipt never pays more, whatever the answer claims. */
  cardPrice?: (peerId: string, expertId: string) => number | undefined
}

/**
 * The node's market: the durable store (`<dataDir>/market.sqlite`), the persisted ledger, and signed receipts
 * both ways over `/moemesh/receipt/1.0.0`. Open it before libp2p starts serving queries ({@link open}), attach
 * it to libp2p ({@link attach}), close it after libp2p stopped ({@link close}).
 */
export class NodeMarket {
  readonly store: MarketStore
  readonly ledger: Ledger
  readonly book: ReceiptBook
  /** Measured card quality, kept in the same database (`card_scores`). */
  readonly quality: SqliteQualityStore
  private payer?: ReceiptPayer
  private checkpointTimer?: ReturnType<typeof setInterval>
  private protocol?: ReceiptProtocol
  private readonly init: NodeMarketInit

  private constructor (init: NodeMarketInit) {
    this.init = init
    // checkpoints run from a timer (attach), so no query or receipt waits for their fsyncs
    this.store = MarketStore.open(join(init.dataDir, MARKET_DB_FILE), { autoCheckpoint: false })
    // per-answer bookings are written behind in 20 ms batches, off the query path (see LedgerInit.writeBehindMs)
    this.ledger = new Ledger({ store: this.store, writeBehindMs: LEDGER_WRITE_BEHIND_MS })
    this.book = new ReceiptBook({ store: this.store, ledger: this.ledger, privateKey: init.privateKey, peerId: init.peerId })
    this.quality = new SqliteQualityStore(this.store)
  }

  /** Open (or create and migrate) the store and load the ledger. */
  static open (init: NodeMarketInit): NodeMarket {
    return new NodeMarket(init)
  }

  /** Serve the receipt protocol on `node` and start paying. */
  async attach (node: MoemeshLibp2p): Promise<void> {
    const { logger } = this.init
    const protocol = new ReceiptProtocol({ node, logger, handler: async (bytes, ctx) => await this.book.accept(bytes, ctx.peerId, { signal: ctx.signal }) })
    await protocol.start()
    this.protocol = protocol
    this.checkpointTimer = setInterval(() => {
      try { this.store.checkpoint() } catch { /* busy or closing: the next tick retries */ }
    }, CHECKPOINT_EVERY_MS)
    this.checkpointTimer.unref()
    if (this.init.receipts ?? true) {
      this.payer = new ReceiptPayer({ book: this.book, transport: { send: async (peer, bytes, o) => await protocol.send(peer, bytes, o) }, logger })
    }
  }

  /** A remote peer answered: pay its priced answers with receipts (returns at once). */
  paid (peer: string, query: PaidQuery, answers: PaidAnswer[], maxPrice?: number): void {
    if (this.payer === undefined) return
    const cardPrice = this.init.cardPrice
    // like the router's own books: pay what the peer says it charged, never more than its card advertised
    const capped = cardPrice === undefined ? answers : answers.map((a) => ({ ...a, price: Math.min(a.price, cardPrice(peer, a.expertId) ?? a.price) }))
    this.payer.paid(peer, query, capped, maxPrice)
  }

  /** Resolves once every receipt issued so far was delivered (or gave up). */
  async flush (options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.payer?.flush(options)
  }

  /** Balances per peer and the newest receipts. */
  report (limit = 1000): LedgerReport {
    return {
      peerId: this.init.peerId,
      lane: this.book.lane,
      accounts: this.ledger.views(limit),
      receipts: this.book.latest({ limit }).map(receiptJson),
      stats: {
        payer: this.payer?.getStats() ?? { issued: 0, accepted: 0, stale: 0, refused: 0, failed: 0, coalesced: 0 },
        protocol: this.protocol?.getStats() ?? { received: 0, refused: 0, sent: 0, failed: 0 }
      }
    }
  }

  /** Deliver what is still queued (for up to `flushMs`), then stop paying and serving receipts (call before libp2p stops). */
  async detach (flushMs = 1_000): Promise<void> {
    await this.payer?.flush({ signal: AbortSignal.timeout(flushMs) }).catch(() => {})
    this.payer?.stop()
    clearInterval(this.checkpointTimer)
    await this.protocol?.stop()
  }

  /** Write what the ledger holds back and close the store (call after libp2p stopped). Idempotent. */
  close (): void {
    try { this.ledger.flush() } catch { /* already closed */ }
    try { this.quality.close() } catch { /* already closed */ }
    this.store.close()
  }
}
