/**
 * The market layer: per-peer health (latency, reputation, bans) and per-peer credit accounting.
 *
 * @example
 * ```ts
 * import { PeerStats, Ledger } from './market/index.js'
 *
 * const stats = new PeerStats()
 * stats.recordFailure('12D3KooW...')          // unresponsive: banned 15 s (30 s next time, ...)
 * stats.isBanned('12D3KooW...')               // true
 * stats.recordSuccess('12D3KooW...', 3.2)     // answered in 3.2 ms: ban lifted
 *
 * const ledger = new Ledger({ freeAllowance: 100 })
 * ledger.recordEarned('12D3KooW...', 2)       // we answered its query for 2 credits
 * ledger.shouldThrottle('12D3KooW...')        // false until it consumes > 100 + 4 x what it served us
 * ```
 */
export { PeerStats, type PeerStatsInit, type PeerStatsSnapshot, type FailureOptions } from './peer-stats.js'
export { Ledger, type LedgerInit, type LedgerAccount, type LedgerJSON } from './ledger.js'
export * as marketConstants from './constants.js'
