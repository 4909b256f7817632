import { InvalidOptionError } from '../errors.js'
import {
  ALLOWANCE_REFILL_PER_SEC, FREE_ALLOWANCE_CREDITS, MAX_BANKED_ALLOWANCES, MAX_TRACKED_PEERS, MICRO_PER_CREDIT, THROTTLE_RATIO
} from './constants.js'
import type { AccountRow, MarketStore } from './store.js'

/** Options of {@link Ledger}. */
export interface LedgerInit {
  /** Allowance refresh: credits of a peer's debt forgiven per second. @default 10 (ALLOWANCE_REFILL_PER_SEC) */
  refillPerSec?: number
  /** Clock (tests). @default Date.now */
  now?: () => number
  /** Credits a peer may consume from us on trust before it has to pay or serve anything back. @default 100 */
  freeAllowance?: number
  /**
   * Most a peer may owe us before priced experts answer it PAYMENT_REQUIRED, unless {@link Ledger.setCreditLimit}
   * gave it its own limit. @default freeAllowance
   */
  creditLimit?: number
  /** Each credit we pay a peer for an answer lowers its debt to us by this many credits (reciprocity). @default 4 */
  throttleRatio?: number
  /** Peers kept in memory before the one idle longest is dropped (from memory only, when a store is given). @default 10000 */
  maxPeers?: number
  /** Where accounts persist; without it the ledger lives in memory only. */
  store?: MarketStore
  /**
   * With a store: write the per-answer bookings ({@link Ledger.recordEarned}, {@link Ledger.recordSpent}) behind,
   * batched into one transaction at most this many ms later, instead of one commit per answer on the query path.
   * A commit is usually ~0.05 ms, but under heavy disk write-back the kernel can stall one for tens of ms, on the
   * thread that serves queries (measured: honest queries timed out under the fuzz test with per-answer commits).
   * A `kill -9` can then lose the last few ms of bookings; payments by receipt and credit limits are always
   * written before their call returns. 0 writes every change at once. @default 0
   */
  writeBehindMs?: number
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

/** Everything the ledger knows about one peer (what `moemesh ledger` shows). */
export interface LedgerPeerView extends LedgerAccount {
  peerId: string
  /** earned - spent: positive when the peer consumed more from us than we from it. */
  balance: number
  /** Credits it owes us now: served, not paid by a receipt, not forgiven by the refreshing allowance (< 0: banked credit). */
  debt: number
  /** Its limit on `debt`. */
  creditLimit: number
  /** Credits its newest receipts (all lanes) acknowledge to us. */
  paidIn: number
  /** Credits our newest receipts (all lanes) acknowledge to it. */
  paidOut: number
  /** True while priced experts answer it PAYMENT_REQUIRED. */
  throttled: boolean
  /** Wall-clock ms of the last change. */
  updatedAt: number
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

function nonNegative (field: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InvalidOptionError(field, 'must be a number >= 0')
  return v
}

/**
 * Per-peer credit accounting as this node sees it, persisted when given a {@link MarketStore}, with a
 * refreshing free allowance in the style of Swarm's pseudosettle:
 *
 * - serving a priced answer to a peer adds its price to the peer's **debt**;
 * - a receipt the peer signs pays the debt down by the amount it adds, to zero at most ({@link recordPayment});
 * - each credit we pay the peer for its answers lowers its debt by `throttleRatio` credits (it served us), down
 *   to a banked credit of `freeAllowance x (MAX_BANKED_ALLOWANCES - 1)`;
 * - time forgives debt at `refillPerSec` (never below zero): the refreshing free allowance;
 * - while its debt is above its credit limit (`freeAllowance` unless set per peer), `shouldThrottle(peer)`, and
 *   priced experts answer it PAYMENT_REQUIRED. Free experts (price 0) never do.
 *
 * So a stranger gets `freeAllowance` credits on trust; a peer that signs receipts or serves us is never held up;
 * one that does neither is slowed to the refresh rate, not shut out for good.
 *
 * With a store every change is written through before the call returns (one small SQLite write), so balances
 * survive a crash or `kill -9` of the node.
 */
export class Ledger {
  /** Per peer, in least-recently-touched order (a cache of the store when there is one). */
  private readonly records = new Map<string, AccountRow>()
  /** Peers the store has no account for (bounded): routing asks about validators we never traded with on every query. */
  private readonly absent = new Set<string>()
  private readonly freeAllowance: number
  private readonly defaultCreditLimit: number
  private readonly throttleRatio: number
  private readonly maxPeers: number
  private readonly refillPerSec: number
  private readonly now: () => number
  private readonly store?: MarketStore
  private readonly writeBehindMs: number
  /** Peers whose record changed since the last flush (write-behind). */
  private readonly dirty = new Set<string>()
  private flushTimer?: ReturnType<typeof setTimeout>

  constructor (init: LedgerInit = {}) {
    this.freeAllowance = nonNegative('freeAllowance', init.freeAllowance, FREE_ALLOWANCE_CREDITS)
    this.defaultCreditLimit = nonNegative('creditLimit', init.creditLimit, this.freeAllowance)
    this.throttleRatio = nonNegative('throttleRatio', init.throttleRatio, THROTTLE_RATIO)
    this.maxPeers = init.maxPeers ?? MAX_TRACKED_PEERS
    if (!Number.isInteger(this.maxPeers) || this.maxPeers < 1) throw new InvalidOptionError('maxPeers', 'must be a positive integer')
    this.refillPerSec = nonNegative('refillPerSec', init.refillPerSec, ALLOWANCE_REFILL_PER_SEC)
    this.now = init.now ?? Date.now
    this.store = init.store
    this.writeBehindMs = nonNegative('writeBehindMs', init.writeBehindMs, 0)
    if (this.store !== undefined) {
      for (const row of this.store.recentAccounts(this.maxPeers).reverse()) this.records.set(row.peerId, row)
    }
  }

  /** Most credit a peer can bank (negative debt) by serving us. */
  private get bankCap (): number {
    return this.freeAllowance * (MAX_BANKED_ALLOWANCES - 1)
  }

  /** Forgive debt for the time since it was last refreshed (pseudosettle); banked credit does not grow with time. */
  private refresh (r: AccountRow, now: number): void {
    if (r.debt > 0) r.debt = Math.max(0, r.debt - this.refillPerSec * Math.max(0, now - r.debtAt) / 1000)
    r.debtAt = now
  }

  /** We answered a query of `peerId` at `amount` credits. */
  recordEarned (peerId: string, amount: number): void {
    credits(amount)
    this.update(peerId, (r) => {
      r.earned += amount
      r.queriesServed++
      r.debt += amount
    }, false)
  }

  /** `peerId` answered a query of ours at `amount` credits. */
  recordSpent (peerId: string, amount: number): void {
    credits(amount)
    this.update(peerId, (r) => {
      r.spent += amount
      r.queriesBought++
      r.debt = Math.max(-this.bankCap, r.debt - this.throttleRatio * amount)
    }, false)
  }

  /**
   * `peerId`'s newest receipts now acknowledge `paidInMicro` in total (all its lanes): the increase since the
   * last call pays its debt down. Called by the receipt book inside the transaction that stores the receipt.
   */
  recordPayment (peerId: string, paidInMicro: number): void {
    this.update(peerId, (r) => {
      const delta = (paidInMicro - r.paidInMicro) / MICRO_PER_CREDIT
      r.paidInMicro = paidInMicro
      // a receipt pays debt off, never below zero: what the allowance already forgave is not banked again
      if (delta > 0 && r.debt > 0) r.debt = Math.max(0, r.debt - delta)
    })
  }

  /** Our newest receipts to `peerId` now acknowledge `paidOutMicro` in total. */
  recordPaidOut (peerId: string, paidOutMicro: number): void {
    this.update(peerId, (r) => { r.paidOutMicro = paidOutMicro })
  }

  /** Give `peerId` its own credit limit (undefined: back to the default). */
  setCreditLimit (peerId: string, limit: number | undefined): void {
    if (limit !== undefined) nonNegative('creditLimit', limit, 0)
    this.update(peerId, (r) => {
      if (limit === undefined) delete r.creditLimit
      else r.creditLimit = limit
    })
  }

  /** `peerId`'s limit on what it may owe us. */
  creditLimit (peerId: string): number {
    return this.get(peerId)?.creditLimit ?? this.defaultCreditLimit
  }

  /** Credits the newest receipts of `peerId` acknowledge to us, in micro-credits (0 for a peer never paid). */
  paidInMicro (peerId: string): number {
    return this.get(peerId)?.paidInMicro ?? 0
  }

  /** Our account with one peer (zeros for a peer never seen). */
  account (peerId: string): LedgerAccount {
    const r = this.get(peerId)
    return r === undefined ? { earned: 0, spent: 0, queriesServed: 0, queriesBought: 0 } : { earned: r.earned, spent: r.spent, queriesServed: r.queriesServed, queriesBought: r.queriesBought }
  }

  /** earned - spent: positive when the peer owes us. */
  balance (peerId: string): number {
    const r = this.get(peerId)
    return r === undefined ? 0 : r.earned - r.spent
  }

  /** Credits `peerId` owes us now (after the allowance refresh). */
  debt (peerId: string): number {
    const r = this.get(peerId)
    if (r === undefined) return 0
    this.refresh(r, this.now())
    return r.debt
  }

  /** True while the peer owes us more than its credit limit: priced experts answer it PAYMENT_REQUIRED. */
  shouldThrottle (peerId: string): boolean {
    const r = this.get(peerId)
    if (r === undefined) return false
    this.refresh(r, this.now())
    return r.debt > (r.creditLimit ?? this.defaultCreditLimit)
  }

  /** Everything known about one peer, or undefined for a peer never seen. */
  view (peerId: string): LedgerPeerView | undefined {
    const r = this.get(peerId)
    if (r === undefined) return undefined
    this.refresh(r, this.now())
    const creditLimit = r.creditLimit ?? this.defaultCreditLimit
    return {
      peerId,
      earned: r.earned,
      spent: r.spent,
      queriesServed: r.queriesServed,
      queriesBought: r.queriesBought,
      balance: r.earned - r.spent,
      debt: r.debt,
      creditLimit,
      paidIn: r.paidInMicro / MICRO_PER_CREDIT,
      paidOut: r.paidOutMicro / MICRO_PER_CREDIT,
      throttled: r.debt > creditLimit,
      updatedAt: r.updatedAt
    }
  }

  /** The `limit` most recently active peers, newest first (from the store when there is one). */
  views (limit = 1000): LedgerPeerView[] {
    const ids = this.store !== undefined
      ? this.store.recentAccounts(limit).map((r) => r.peerId)
      : [...this.records.keys()].reverse().slice(0, limit)
    return ids.map((id) => this.view(id)).filter((v): v is LedgerPeerView => v !== undefined)
  }

  /** Sums over the peers in memory. */
  totals (): { earned: number, spent: number, peers: number } {
    let earned = 0
    let spent = 0
    for (const r of this.records.values()) {
      earned += r.earned
      spent += r.spent
    }
    return { earned, spent, peers: this.records.size }
  }

  /** A JSON-safe copy of every account in memory. */
  toJSON (): LedgerJSON {
    return { version: 1, accounts: Object.fromEntries([...this.records].map(([id, r]) => [id, { earned: r.earned, spent: r.spent, queriesServed: r.queriesServed, queriesBought: r.queriesBought }])) }
  }

  /**
   * Rebuilds an in-memory ledger from {@link toJSON} output: every field is validated, and a bad one throws
   * {@link InvalidOptionError} naming it.
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
      ledger.update(peerId, (r) => { Object.assign(r, account) })
    }
    return ledger
  }

  /**
   * Write every change still held back (write-behind) in one transaction. Call before closing the store; a
   * timer calls it `writeBehindMs` after the first held change.
   */
  flush (): void {
    clearTimeout(this.flushTimer)
    this.flushTimer = undefined
    const store = this.store
    if (store === undefined || this.dirty.size === 0 || !store.isOpen) return
    const ids = [...this.dirty]
    this.dirty.clear()
    store.transaction(() => {
      for (const id of ids) {
        const r = this.records.get(id)
        if (r !== undefined) store.putAccount(r)
      }
    })
  }

  /** The peer's record from memory, else from the store (then cached), else undefined. */
  private get (peerId: string): AccountRow | undefined {
    const r = this.records.get(peerId)
    if (r !== undefined || this.store === undefined || this.absent.has(peerId)) return r
    const stored = this.store.account(peerId)
    if (stored !== undefined) this.remember(stored)
    else {
      if (this.absent.size >= this.maxPeers) this.absent.clear()
      this.absent.add(peerId)
    }
    return stored
  }

  private remember (r: AccountRow): void {
    this.absent.delete(r.peerId)
    this.records.delete(r.peerId)
    this.records.set(r.peerId, r)
    if (this.records.size > this.maxPeers) {
      const oldest = this.records.keys().next().value
      if (oldest !== undefined) {
        const held = this.records.get(oldest)
        if (held !== undefined && this.dirty.delete(oldest)) this.store?.putAccount(held)
        this.records.delete(oldest)
      }
    }
  }

  /**
   * Apply `change` to a copy of the peer's record (refreshed to now), write it to the store, then make it the
   * record in memory: a failed write leaves memory as the store has it. With `sync` false and write-behind on,
   * the write is held for the next flush instead.
   */
  private update (peerId: string, change: (r: AccountRow) => void, sync = true): void {
    const now = this.now()
    const current = this.get(peerId)
    const r: AccountRow = current !== undefined
      ? { ...current }
      : { peerId, earned: 0, spent: 0, queriesServed: 0, queriesBought: 0, debt: 0, debtAt: now, paidInMicro: 0, paidOutMicro: 0, updatedAt: now }
    this.refresh(r, now)
    change(r)
    r.updatedAt = now
    if (this.store !== undefined && !sync && this.writeBehindMs > 0) {
      this.remember(r)
      this.dirty.add(peerId)
      if (this.flushTimer === undefined) {
        this.flushTimer = setTimeout(() => {
          this.flushTimer = undefined
          try { this.flush() } catch { /* store closing or busy: the next change schedules another flush */ }
        }, this.writeBehindMs)
        this.flushTimer.unref?.()
      }
      return
    }
    this.store?.putAccount(r)
    this.dirty.delete(peerId)
    this.remember(r)
  }
}
