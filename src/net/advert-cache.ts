/**
 * The signed adverts a node keeps for relaying (advert sync hands them to newly connected peers): the latest
 * accepted advert of each remote author, bounded in bytes, least recently updated dropped first.
 */
import { ADVERT_CACHE_MAX_BYTES } from './constants.js'
import type { VerifiedAdvert } from './advert-types.js'

/** A signed advert this node holds and may relay: a remote one it accepted, or its own latest. */
export interface CachedAdvert {
  /** The author's peer id (string form); the advert is signed by this peer's key. */
  peerId: string
  seqno: number
  /** Wall-clock ms after which the author's cards expire. */
  expiresAt: number
  /** The SignedAdvert exactly as its author signed it (receivers verify it themselves). */
  bytes: Uint8Array
}

/** Options of {@link AdvertCache}. */
export interface AdvertCacheInit {
  /** Bytes of adverts kept; beyond it the least recently updated are dropped. @default 64 MiB (ADVERT_CACHE_MAX_BYTES) */
  maxBytes?: number
}

/** Accepted remote adverts with cards, by author, in least-recently-updated order (the eviction order). */
export class AdvertCache {
  private readonly entries = new Map<string, CachedAdvert>()
  private readonly maxBytes: number
  private totalBytes = 0

  constructor (init: AdvertCacheInit = {}) {
    this.maxBytes = init.maxBytes ?? ADVERT_CACHE_MAX_BYTES
  }

  /** Bytes held now. */
  get bytes (): number {
    return this.totalBytes
  }

  /** Keep an accepted advert for relaying (a withdrawal only drops the author's old one), within the byte cap. */
  remember (advert: VerifiedAdvert, bytes: Uint8Array): void {
    this.forget(advert.peerId)
    if (advert.cards.length === 0) return
    // a copy: gossip hands us a view into its whole RPC frame, which must not stay alive with the cache
    const entry: CachedAdvert = { peerId: advert.peerId, seqno: advert.seqno, expiresAt: advert.expiresAt, bytes: bytes.slice() }
    this.entries.set(advert.peerId, entry)
    this.totalBytes += entry.bytes.length
    for (const peer of this.entries.keys()) {
      if (this.totalBytes <= this.maxBytes) break
      this.forget(peer)
    }
  }

  /** Drop the advert of one author, if held. */
  forget (peer: string): void {
    const old = this.entries.get(peer)
    if (old === undefined) return
    this.totalBytes -= old.bytes.length
    this.entries.delete(peer)
  }

  /** Drop every advert that expired at or before `now`. */
  expire (now: number): void {
    for (const [peer, cached] of this.entries) {
      if (cached.expiresAt <= now) this.forget(peer)
    }
  }

  /**
   * The adverts to relay: `own` (this node's latest) first, then the most recently updated, each only while it has
   * not expired and is not `exclude`'s own.
   */
  list (options: { own?: CachedAdvert, exclude?: string, now: number }): CachedAdvert[] {
    const out: CachedAdvert[] = []
    const keep = (a: CachedAdvert | undefined): void => {
      if (a !== undefined && a.expiresAt > options.now && a.peerId !== options.exclude) out.push(a)
    }
    keep(options.own)
    for (const a of [...this.entries.values()].reverse()) keep(a)
    return out
  }

  /** Forget everything. */
  clear (): void {
    this.entries.clear()
    this.totalBytes = 0
  }
}
