/**
 * The market layer: per-peer health (latency, reputation, bans), per-peer credit accounting with a refreshing
 * free allowance, signed cumulative receipts, and the durable store they live in (`<dataDir>/market.sqlite`).
 *
 * @example
 * ```ts
 * import { PeerStats, Ledger, MarketStore, ReceiptBook } from './market/index.js'
 *
 * const stats = new PeerStats()
 * stats.recordFailure('12D3KooW...')          // unresponsive: banned 15 s (30 s next time, ...)
 *
 * const store = MarketStore.open('/path/market.sqlite')
 * const ledger = new Ledger({ store })        // balances survive restarts and kill -9
 * ledger.recordEarned('12D3KooW...', 2)       // we answered its query for 2 credits: it owes 2
 * ledger.shouldThrottle('12D3KooW...')        // true once it owes more than its credit limit (default 100)
 *
 * const book = new ReceiptBook({ store, ledger, privateKey, peerId })
 * const verdict = await book.accept(receiptBytes, '12D3KooW...')   // ACCEPTED (stored), STALE (replay), INVALID
 * ```
 */
export { PeerStats, type PeerStatsInit, type PeerStatsSnapshot, type FailureOptions } from './peer-stats.js'
export { Ledger, type LedgerInit, type LedgerAccount, type LedgerJSON, type LedgerPeerView } from './ledger.js'
export {
  MarketStore, MARKET_DB_FILE, RECEIPT_HISTORY_LIMIT, type MarketStoreInit, type SyncMode, type AccountRow, type ReceiptRow,
  type ReceiptDirection, type CardScoreRow
} from './store.js'
export {
  signReceipt, verifyReceipt, requestHash, answerHash, newQueryId, toMicro, fromMicro, receiptSigningPayload,
  type ReceiptData, type CallData, type VerifiedReceipt
} from './receipt.js'
export { ReceiptBook, type ReceiptBookComponents, type ReceiptBookInit, type ReceiptVerdict, type IssuedReceipt } from './receipt-book.js'
export { ReceiptPayer, type ReceiptPayerComponents, type ReceiptPayerInit, type ReceiptPayerStats, type ReceiptTransport, type PaidAnswer, type PaidQuery } from './receipt-payer.js'
export { readReceiptsFile, checkReceipts, type ReceiptCheck } from './receipt-file.js'
export { MarketStoreError, InvalidReceiptError, type ReceiptProblem } from './errors.js'
export * as marketConstants from './constants.js'
