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
}

interface AuthorState {
  seqno: number
  expiresAt: number
  tokens: number
  refilledAt: number
}

/**
 * Who signed a relayed SignedAdvert and its claimed seqno, read without verifying anything; `undefined` when it
 * does not even decode (verifyAdvert then names the reason). The author is the peer of the advert's key, and
 * verifyAdvert requires the advert's own `peer_id` to be that same peer before anything is accepted.
 */
function relayedAuthor (bytes: Uint8Array): { peerId: string, seqno: number, expiresAt: number } | undefined {
  if (bytes.length > MAX_ADVERT_BYTES) return undefined
  try {
    const signed = moemesh.SignedAdvert.decode(bytes)
    if (signed.publicKey.length === 0 || signed.publicKey.length > MAX_PUBLIC_KEY_BYTES) return undefined
    const peerId = peerIdFromPublicKey(publicKeyFromProtobuf(signed.publicKey)).toString()
    const advert = moemesh.NodeAdvert.decode(signed.advert)
    return { peerId, seqno: advert.seqno, expiresAt: advert.expiresAtMs }
  } catch {
    return undefined
  }
}

/** Checks remote adverts and keeps each author's last seqno, expiry and rate-limit tokens. */
export class AdvertValidator {
  private readonly init: AdvertValidatorInit
  /** Per-author state, least recently updated first (the eviction order). */
  private readonly authors = new Map<string, AuthorState>()

  constructor (init: AdvertValidatorInit) {
    this.init = init
  }

  /**
   * The checks and state updates every remote advert goes through: rate, signature by `from`, contents, newer
   * seqno; on success the author's state is updated. Never throws.
   */
  async accept (bytes: Uint8Array, from: string): Promise<AdvertVerdict> {
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
      // keep the map in least-recently-updated order, so eviction never hits an author that keeps refreshing
      this.authors.delete(from)
      this.authors.set(from, current)
    } else {
      if (this.authors.size >= MAX_TRACKED_ADVERT_PEERS && !this.evictExpired(now)) {
        // Every tracked author is live: forgetting one would let its old adverts be replayed as new. A flood of
        // fresh identities must not push out the authors we know, so the newcomer waits instead.
        return rejection('rate-limited', 'this node tracks as many live authors as it can')
      }
      this.authors.set(from, { seqno: advert.seqno, expiresAt: advert.expiresAt, tokens: this.init.rateBurst - 1, refilledAt: now })
    }
    return verdict
  }

  /**
   * A SignedAdvert relayed by another peer: the author is the advert's own signer. An advert no newer than the
   * author's current one, or already expired, is ignored before its signature is checked (it could not change
   * anything); a copy of `self`'s own advert is ignored. Then the same checks as {@link accept}. Never throws.
   */
  async acceptRelayed (bytes: Uint8Array, self: string): Promise<AdvertVerdict> {
    const author = relayedAuthor(bytes)
    if (author?.peerId === self) return rejection('stale-seqno', "a relayed copy of this node's own advert")
    const known = author === undefined ? undefined : this.authors.get(author.peerId)
    if (author !== undefined && known !== undefined && !(author.seqno > known.seqno)) {
      return rejection('stale-seqno', `relayed seqno ${author.seqno} is not newer than ${known.seqno}`)
    }
    if (author !== undefined && author.expiresAt + MAX_CLOCK_SKEW_MS < Date.now()) {
      // expired adverts leave no state, so they could be replayed for free: refuse them before the signature check
      return rejection('expired', 'the relayed advert has expired')
    }
    // an undecodable advert gets author '' and verifyAdvert rejects it for the real reason before any author check
    return await this.accept(bytes, author?.peerId ?? '')
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
