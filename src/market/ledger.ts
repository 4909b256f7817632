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
  private readonly accounts = new Map<string, LedgerAccount>()
  private readonly freeAllowance: number
  private readonly throttleRatio: number
  private readonly maxPeers: number
  private readonly refillPerSec: number
  private readonly now: () => number
  /** Per peer: credit left (token bucket) and when it was last refilled. */
  private readonly buckets = new Map<string, { credit: number, at: number }>()

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

  /** The peer's credit bucket, refilled for the time since it was last touched. */
  private bucket (peerId: string): { credit: number, at: number } {
    const now = this.now()
    let b = this.buckets.get(peerId)
    if (b === undefined) {
      b = { credit: this.freeAllowance, at: now }
      if (this.buckets.size >= this.maxPeers) {
        const oldest = this.buckets.keys().next().value
        if (oldest !== undefined) this.buckets.delete(oldest)
      }
      this.buckets.set(peerId, b)
    }
    const cap = this.freeAllowance * MAX_BANKED_ALLOWANCES
    if (b.credit < cap) b.credit = Math.min(cap, b.credit + this.refillPerSec * Math.max(0, now - b.at) / 1000)
    b.at = now
    return b
  }

  /** We answered a query of `peerId` at `amount` credits. */
  recordEarned (peerId: string, amount: number): void {
    const a = this.touch(peerId)
    a.earned += credits(amount)
    a.queriesServed++
    this.bucket(peerId).credit -= amount
  }

  /** `peerId` answered a query of ours at `amount` credits. */
  recordSpent (peerId: string, amount: number): void {
    const a = this.touch(peerId)
    a.spent += credits(amount)
    a.queriesBought++
    const b = this.bucket(peerId)
    b.credit = Math.min(this.freeAllowance * MAX_BANKED_ALLOWANCES, b.credit + this.throttleRatio * amount)
  }

  /** Our account with one peer (zeros for a peer never seen). */
  account (peerId: string): LedgerAccount {
    const a = this.accounts.get(peerId)
    return a === undefined ? { earned: 0, spent: 0, queriesServed: 0, queriesBought: 0 } : { ...a }
  }

  /** earned - spent: positive when the peer owes us. */
  balance (peerId: string): number {
    const a = this.accounts.get(peerId)
    return a === undefined ? 0 : a.earned - a.spent
  }

  /** True when the peer has consumed far more than it served: serve it last, or not at all. */
  shouldThrottle (peerId: string): boolean {
    if (!this.buckets.has(peerId)) return false
    return this.bucket(peerId).credit < 0
  }

  /** Sums over all peers. */
  totals (): { earned: number, spent: number, peers: number } {
    let earned = 0
    let spent = 0
    for (const a of this.accounts.values()) {
      earned += a.earned
      spent += a.spent
    }
    return { earned, spent, peers: this.accounts.size }
  }

  /** A JSON-safe copy of every account. */
  toJSON (): LedgerJSON {
    return { version: 1, accounts: Object.fromEntries([...this.accounts].map(([id, a]) => [id, { ...a }])) }
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
      if (ledger.accounts.size >= ledger.maxPeers) break
      ledger.accounts.set(peerId, account)
    }
    return ledger
  }

  private touch (peerId: string): LedgerAccount {
    let a = this.accounts.get(peerId)
    if (a !== undefined) {
      this.accounts.delete(peerId)
    } else {
      a = { earned: 0, spent: 0, queriesServed: 0, queriesBought: 0 }
      if (this.accounts.size >= this.maxPeers) {
        const oldest = this.accounts.keys().next().value
        if (oldest !== undefined) this.accounts.delete(oldest)
      }
    }
    this.accounts.set(peerId, a)
    return a
  }
}
