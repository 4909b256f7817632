/**
 * The receiving side of adverts: every remote advert, gossiped or relayed, passes the same checks against the same
 * per-author state (rate limit, signature by its author, contents, a newer seqno) before anything else sees it.
 */
import { publicKeyFromProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { moemesh } from '../gen/moemesh.js'
import { rejection, verifyAdvert } from './advert-codec.js'
import type { AdvertVerdict } from './advert-codec.js'
import { MAX_ADVERT_TTL_MS, MAX_CLOCK_SKEW_MS, MAX_TRACKED_ADVERT_PEERS } from './constants.js'
import { MAX_ADVERT_BYTES, MAX_PUBLIC_KEY_BYTES } from './limits.js'

/** Options of {@link AdvertValidator}; the service validates them. */
export interface AdvertValidatorInit {
  /** The space adverts must be for. */
  spaceId: string
  /** Dimension of the space, when known; cards of another are rejected. */
  spaceDim?: number
  /** Adverts an author may send in a burst. */
  rateBurst: number
  /** One more advert per author per this many ms; 0 turns the rate limit off. */
  rateRefillMs: number
  /** Called when an author's state is forgotten to make room, so what is kept for it can go too. */
  onForget?: (peer: string) => void
  /** Authors tracked at most. @default 10_000 (MAX_TRACKED_ADVERT_PEERS) */
  maxAuthors?: number
  /** New authors one relayer may introduce through advert sync per window. @default 128 (NEW_AUTHORS_PER_RELAYER) */
  newAuthorsPerRelayer?: number
  /** New authors all relayers together may introduce per window. @default 512 (NEW_RELAYED_AUTHORS) */
  newRelayedAuthors?: number
  /** The window of both new-author budgets, in ms. @default 300_000 (NEW_AUTHOR_WINDOW_MS) */
  newAuthorWindowMs?: number
}

interface AuthorState {
  seqno: number
  expiresAt: number
  tokens: number
  refilledAt: number
  /** Whether the author's own adverts reached us over gossip (not only relayed through advert sync). */
  gossiped: boolean
}

/** New authors one relayer may introduce per window: a whole honest sync answer (256 accepted) and then some. */
export const NEW_AUTHORS_PER_RELAYER = 128
/** New relayed authors per window from all relayers together: bounds a sybil that also changes its relayer id. */
export const NEW_RELAYED_AUTHORS = 512
/** The window of the new-author budgets. */
export const NEW_AUTHOR_WINDOW_MS = 300_000
/** Relayers whose budget is tracked at most (the oldest are forgotten). */
const MAX_TRACKED_RELAYERS = 1_024

interface Budget { used: number, since: number }

/**
 * Who signed a relayed SignedAdvert, read from its outer envelope only (the cards are not decoded); `undefined`
 * when it does not even decode (verifyAdvert then names the reason).
 */
function relayedSigner (bytes: Uint8Array): { peerId: string, signed: moemesh.SignedAdvert } | undefined {
  if (bytes.length > MAX_ADVERT_BYTES) return undefined
  try {
    const signed = moemesh.SignedAdvert.decode(bytes)
    if (signed.publicKey.length === 0 || signed.publicKey.length > MAX_PUBLIC_KEY_BYTES) return undefined
    return { peerId: peerIdFromPublicKey(publicKeyFromProtobuf(signed.publicKey)).toString(), signed }
  } catch {
    return undefined
  }
}

/** Checks remote adverts and keeps each author's last seqno, expiry and rate-limit tokens. */
export class AdvertValidator {
  private readonly init: AdvertValidatorInit
  /** Per-author state, least recently updated first (the eviction order). */
  private readonly authors = new Map<string, AuthorState>()
  private readonly maxAuthors: number
  private readonly relayerBudgets = new Map<string, Budget>()
  private relayedBudget: Budget = { used: 0, since: 0 }

  constructor (init: AdvertValidatorInit) {
    this.init = init
    this.maxAuthors = init.maxAuthors ?? MAX_TRACKED_ADVERT_PEERS
  }

  /**
   * The checks and state updates every remote advert goes through: rate, signature by `from`, contents, newer
   * seqno; on success the author's state is updated. Never throws.
   */
  async accept (bytes: Uint8Array, from: string, options: { relayed?: boolean } = {}): Promise<AdvertVerdict> {
    const gossiped = options.relayed !== true
    // cheap check first; a token is only spent on an accepted advert, so replays cannot drain an honest peer
    const state = this.authors.get(from)
    const now = Date.now()
    if (state !== undefined) this.refill(state, now)
    if (state !== undefined && state.tokens < 1) return rejection('rate-limited', 'the peer sends adverts too often')
    const verdict = await verifyAdvert(bytes, { from, spaceId: this.init.spaceId, now, spaceDim: this.init.spaceDim })
    if (!verdict.ok) return verdict
    const advert = verdict.advert
    const current = this.authors.get(from) // re-read: another advert of this peer may have been accepted meanwhile
    if (current !== undefined && advert.seqno <= current.seqno) {
      return rejection('stale-seqno', `seqno ${advert.seqno} is not newer than ${current.seqno}`)
    }
    if (current !== undefined) {
      this.refill(current, now)
      if (current.tokens < 1) return rejection('rate-limited', 'the peer sends adverts too often')
      current.tokens -= 1
      current.seqno = advert.seqno
      current.expiresAt = advert.expiresAt
      current.gossiped ||= gossiped
      // keep the map in least-recently-updated order, so eviction never hits an author that keeps refreshing
      this.authors.delete(from)
      this.authors.set(from, current)
    } else {
      if (this.authors.size >= this.maxAuthors && !this.evictExpired(now) && !this.evictRelayedOnly()) {
        // Every tracked author is live and was seen over gossip: forgetting one would let its old adverts be
        // replayed as new, so the newcomer waits instead.
        return rejection('rate-limited', 'this node tracks as many live authors as it can')
      }
      this.authors.set(from, { seqno: advert.seqno, expiresAt: advert.expiresAt, tokens: this.init.rateBurst - 1, refilledAt: now, gossiped })
    }
    return verdict
  }

  /**
   * A SignedAdvert relayed by another peer: the author is the advert's own signer. An advert no newer than the
   * author's current one, or already expired, is ignored before its signature is checked (it could not change
   * anything); a copy of `self`'s own advert is ignored. Then the same checks as {@link accept}. Never throws.
   */
  async acceptRelayed (bytes: Uint8Array, self: string, relayedBy?: string): Promise<AdvertVerdict> {
    const author = relayedSigner(bytes)
    // an undecodable advert gets author '' and verifyAdvert rejects it for the real reason before any author check
    if (author === undefined) return await this.accept(bytes, '', { relayed: true })
    if (author.peerId === self) return rejection('stale-seqno', "a relayed copy of this node's own advert")
    const known = this.authors.get(author.peerId)
    const now = Date.now()
    if (known === undefined && relayedBy !== undefined && !this.hasNewAuthorBudget(relayedBy, now)) {
      // Checked before any signature or card is looked at: a relayer that keeps introducing fresh identities
      // (a sybil flood) costs this node next to nothing once its budget is spent.
      return rejection('rate-limited', 'the relayer introduced too many new authors recently')
    }
    // Only now the advert body: its seqno and expiry (the signature is checked in accept, before the cards are used).
    let seqno: number
    let expiresAt: number
    try {
      const head = moemesh.NodeAdvert.decode(author.signed.advert)
      seqno = head.seqno
      expiresAt = head.expiresAtMs
    } catch {
      return await this.accept(bytes, author.peerId, { relayed: true })
    }
    if (known !== undefined && !(seqno > known.seqno)) {
      return rejection('stale-seqno', `relayed seqno ${seqno} is not newer than ${known.seqno}`)
    }
    if (expiresAt + MAX_CLOCK_SKEW_MS < now) {
      // expired adverts leave no state, so they could be replayed for free: refuse them before the signature check
      return rejection('expired', 'the relayed advert has expired')
    }
    const verdict = await this.accept(bytes, author.peerId, { relayed: true })
    if (verdict.ok && known === undefined && relayedBy !== undefined) this.spendNewAuthorBudget(relayedBy, now)
    return verdict
  }

  /** Whether `relayer`, and relayers as a whole, may still introduce a new author in the current window. */
  private hasNewAuthorBudget (relayer: string, now: number): boolean {
    const window = this.init.newAuthorWindowMs ?? NEW_AUTHOR_WINDOW_MS
    const perRelayer = this.init.newAuthorsPerRelayer ?? NEW_AUTHORS_PER_RELAYER
    const all = this.init.newRelayedAuthors ?? NEW_RELAYED_AUTHORS
    if (now - this.relayedBudget.since >= window) this.relayedBudget = { used: 0, since: now }
    if (this.relayedBudget.used >= all) return false
    const b = this.relayerBudgets.get(relayer)
    return b === undefined || now - b.since >= window || b.used < perRelayer
  }

  private spendNewAuthorBudget (relayer: string, now: number): void {
    const window = this.init.newAuthorWindowMs ?? NEW_AUTHOR_WINDOW_MS
    this.relayedBudget.used++
    let b = this.relayerBudgets.get(relayer)
    if (b === undefined || now - b.since >= window) b = { used: 0, since: now }
    b.used++
    this.relayerBudgets.delete(relayer)
    this.relayerBudgets.set(relayer, b)
    while (this.relayerBudgets.size > MAX_TRACKED_RELAYERS) {
      const oldest = this.relayerBudgets.keys().next().value
      if (oldest === undefined) break
      this.relayerBudgets.delete(oldest)
    }
  }

  /** Forget authors whose last advert expired long enough ago that a replay of it would be refused anyway. */
  expire (now: number): void {
    for (const [peer, state] of this.authors) {
      if (state.expiresAt + MAX_ADVERT_TTL_MS + MAX_CLOCK_SKEW_MS < now) this.authors.delete(peer)
    }
  }

  /** Forget every author. */
  clear (): void {
    this.authors.clear()
    this.relayerBudgets.clear()
    this.relayedBudget = { used: 0, since: 0 }
  }

  /** Forget the least recently updated author seen only through relays, never over gossip; false when none is. */
  private evictRelayedOnly (): boolean {
    for (const [peer, state] of this.authors) {
      if (!state.gossiped) {
        this.authors.delete(peer)
        this.init.onForget?.(peer)
        return true
      }
    }
    return false
  }

  /** Forget the least recently updated author whose last advert has expired; false when none has. */
  private evictExpired (now: number): boolean {
    for (const [peer, state] of this.authors) {
      if (state.expiresAt + MAX_CLOCK_SKEW_MS < now) {
        this.authors.delete(peer)
        this.init.onForget?.(peer)
        return true
      }
    }
    return false
  }

  private refill (state: AuthorState, now: number): void {
    const { rateBurst, rateRefillMs } = this.init
    if (rateRefillMs === 0) {
      state.tokens = rateBurst
      return
    }
    const earned = Math.floor((now - state.refilledAt) / rateRefillMs)
    if (earned > 0) {
      state.tokens = Math.min(rateBurst, state.tokens + earned)
      state.refilledAt += earned * rateRefillMs
    }
    if (state.tokens >= rateBurst) state.refilledAt = now
  }
}
