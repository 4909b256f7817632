import { InvalidOptionError } from '../errors.js'
import { ALLOWANCE_REFILL_PER_SEC, FREE_ALLOWANCE_CREDITS, MAX_BANKED_ALLOWANCES, MAX_TRACKED_PEERS, THROTTLE_RATIO } from './constants.js'

/** Options of {@link Ledger}. */
export interface LedgerInit {
  /** Allowance refill, credits per second. @default 1 (ALLOWANCE_REFILL_PER_SEC) */
  refillPerSec?: number
  /** Clock (tests). @default Date.now */
  now?: () => number
  /** Credits a peer may consume from us before it has to serve anything back. @default 100 */
  freeAllowance?: number
  /** Throttle once consumed > freeAllowance + ratio x served. @default 4 */
  throttleRatio?: number
  /** Peers tracked before the one idle longest is forgotten. @default 10000 */
  maxPeers?: number
}

/** Our account with one peer, in credits and queries. */
export interface LedgerAccount {
  /** Credits we earned answering this peer's queries (what it consumed from us). */
  earned: number
  /** Credits we spent on this peer's answers (what it served us). */
  spent: number
  /** Queries of this peer that we answered. */
  queriesServed: number
  /** Queries of ours that this peer answered. */
  queriesBought: number
}

/** The plain, JSON-safe form of a ledger. */
export interface LedgerJSON {
  version: 1
  accounts: Record<string, LedgerAccount>
}

const MAX_CREDITS_PER_RECORD = 1e9

function credits (value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_CREDITS_PER_RECORD) {
    throw new InvalidOptionError('credits', `must be a number from 0 to ${MAX_CREDITS_PER_RECORD}`)
  }
  return value
}

interface PeerRecord {
  account: LedgerAccount
  /** Credit left in the peer's bucket; below zero the peer is throttled. */
  credit: number
  refilledAt: number
}

/**
 * Per-peer credit accounting as this node sees it, and a free-riding throttle. Each peer has a credit bucket that
 * starts at `freeAllowance`, loses what the peer consumes of our experts, gains `throttleRatio x` what we paid it
 * for answers, and refills at `refillPerSec`; while it is below zero `shouldThrottle(peer) === true`. So a peer
 * earns its way back by answering our queries, and one that never serves is slowed to the refill rate, not shut
 * out for good.
 *
 * Local bookkeeping only: nothing is settled between peers, and free experts (price 0) never trigger the throttle.
 */
export class Ledger {
  /** Per peer, in least-recently-touched order: the account, and its credit bucket with when it was refilled. */
  private readonly records = new Map<string, PeerRecord>()
  private readonly freeAllowance: number
  private readonly throttleRatio: number
  private readonly maxPeers: number
  private readonly refillPerSec: number
  private readonly now: () => number

  constructor (init: LedgerInit = {}) {
    this.freeAllowance = init.freeAllowance ?? FREE_ALLOWANCE_CREDITS
    if (!Number.isFinite(this.freeAllowance) || this.freeAllowance < 0) throw new InvalidOptionError('freeAllowance', 'must be a number >= 0')
    this.throttleRatio = init.throttleRatio ?? THROTTLE_RATIO
    if (!Number.isFinite(this.throttleRatio) || this.throttleRatio < 0) throw new InvalidOptionError('throttleRatio', 'must be a number >= 0')
    this.maxPeers = init.maxPeers ?? MAX_TRACKED_PEERS
    if (!Number.isInteger(this.maxPeers) || this.maxPeers < 1) throw new InvalidOptionError('maxPeers', 'must be a positive integer')
    this.refillPerSec = init.refillPerSec ?? ALLOWANCE_REFILL_PER_SEC
    if (!Number.isFinite(this.refillPerSec) || this.refillPerSec < 0) throw new InvalidOptionError('refillPerSec', 'must be a number >= 0')
    this.now = init.now ?? Date.now
  }

  /** Top the record's credit up for the time since it was last refilled (never above the banked cap). */
  private refill (r: PeerRecord): void {
    const now = this.now()
    const cap = this.freeAllowance * MAX_BANKED_ALLOWANCES
    if (r.credit < cap) r.credit = Math.min(cap, r.credit + this.refillPerSec * Math.max(0, now - r.refilledAt) / 1000)
    r.refilledAt = now
  }

  /** We answered a query of `peerId` at `amount` credits. */
  recordEarned (peerId: string, amount: number): void {
    const r = this.touch(peerId)
    r.account.earned += credits(amount)
    r.account.queriesServed++
    r.credit -= amount
  }

  /** `peerId` answered a query of ours at `amount` credits. */
  recordSpent (peerId: string, amount: number): void {
    const r = this.touch(peerId)
    r.account.spent += credits(amount)
    r.account.queriesBought++
    r.credit = Math.min(this.freeAllowance * MAX_BANKED_ALLOWANCES, r.credit + this.throttleRatio * amount)
  }

  /** Our account with one peer (zeros for a peer never seen). */
  account (peerId: string): LedgerAccount {
    const r = this.records.get(peerId)
    return r === undefined ? { earned: 0, spent: 0, queriesServed: 0, queriesBought: 0 } : { ...r.account }
  }

  /** earned - spent: positive when the peer owes us. */
  balance (peerId: string): number {
    const r = this.records.get(peerId)
    return r === undefined ? 0 : r.account.earned - r.account.spent
  }

  /** True when the peer has consumed far more than it served: serve it last, or not at all. */
  shouldThrottle (peerId: string): boolean {
    const r = this.records.get(peerId)
    if (r === undefined) return false
    this.refill(r)
    return r.credit < 0
  }

  /** Sums over all peers. */
  totals (): { earned: number, spent: number, peers: number } {
    let earned = 0
    let spent = 0
    for (const { account } of this.records.values()) {
      earned += account.earned
      spent += account.spent
    }
    return { earned, spent, peers: this.records.size }
  }

  /** A JSON-safe copy of every account. */
  toJSON (): LedgerJSON {
    return { version: 1, accounts: Object.fromEntries([...this.records].map(([id, r]) => [id, { ...r.account }])) }
  }

  /**
   * Rebuilds a ledger from {@link toJSON} output (e.g. read from disk): every field is validated, and a bad one
   * throws {@link InvalidOptionError} naming it.
   */
  static fromJSON (json: unknown, init: LedgerInit = {}): Ledger {
    const ledger = new Ledger(init)
    if (json === null || typeof json !== 'object' || (json as LedgerJSON).version !== 1) throw new InvalidOptionError('ledger.version', 'must be 1')
    const accounts = (json as LedgerJSON).accounts
    if (accounts === null || typeof accounts !== 'object') throw new InvalidOptionError('ledger.accounts', 'must be an object')
    for (const [peerId, a] of Object.entries(accounts as Record<string, unknown>)) {
      if (peerId.length === 0 || peerId.length > 128) throw new InvalidOptionError('ledger.accounts', 'peer ids must be 1-128 characters')
      if (a === null || typeof a !== 'object') throw new InvalidOptionError(`ledger.accounts.${peerId}`, 'must be an object')
      const account: LedgerAccount = { earned: 0, spent: 0, queriesServed: 0, queriesBought: 0 }
      for (const key of ['earned', 'spent', 'queriesServed', 'queriesBought'] as const) {
        const v = (a as Record<string, unknown>)[key]
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InvalidOptionError(`ledger.accounts.${peerId}.${key}`, 'must be a number >= 0')
        account[key] = v
      }
      if (ledger.records.size >= ledger.maxPeers) break
      ledger.records.set(peerId, { account, credit: ledger.freeAllowance, refilledAt: ledger.now() })
    }
    return ledger
  }

  /** The peer's record, moved to most-recently-touched and refilled; a new peer starts with the free allowance. */
  private touch (peerId: string): PeerRecord {
    let r = this.records.get(peerId)
    if (r !== undefined) {
      this.records.delete(peerId)
      this.refill(r)
    } else {
      r = { account: { earned: 0, spent: 0, queriesServed: 0, queriesBought: 0 }, credit: this.freeAllowance, refilledAt: this.now() }
      if (this.records.size >= this.maxPeers) {
        const oldest = this.records.keys().next().value
        if (oldest !== undefined) this.records.delete(oldest)
      }
    }
    this.records.set(peerId, r)
    return r
  }
}
