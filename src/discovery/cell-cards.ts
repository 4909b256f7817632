/**
 * One view of a peer's cards across cells. A peer announces, on each cell topic, an advert with only its cards of
 * that cell, with seqnos of its own per cell; the capability index wants one advert per peer. This keeps, per peer
 * and cell, the latest advert's cards (only those that really cover the cell: a card announced in a cell it does
 * not cover, or relayed for the wrong cell, is dropped) and hands the index their union under a local, strictly
 * increasing seqno.
 */
import type { CardData, VerifiedAdvert } from '../net/advert-types.js'
import type { Codebook } from './codebook.js'

interface CellEntry { expiresAt: number, addrs: string[], cards: CardData[] }

/**
 * Merges per-cell adverts into per-peer adverts.
 *
 * @example
 * ```ts
 * const merged = new CellCards(codebook, (advert) => index.applyAdvert(advert))
 * merged.apply(cell, advertFromCellTopic)
 * ```
 */
export class CellCards {
  private readonly peers = new Map<string, Map<number, CellEntry>>()
  private readonly codebook: Codebook
  private readonly emit: (advert: VerifiedAdvert) => void
  private seqno = 0

  constructor (codebook: Codebook, emit: (advert: VerifiedAdvert) => void) {
    this.codebook = codebook
    this.emit = emit
  }

  /** Take an accepted advert from `cell`'s topic (no cards: the peer left that cell). */
  apply (cell: number, advert: VerifiedAdvert): void {
    const cards = advert.cards.filter(c => this.codebook.cellsOf(c.centroids).includes(cell))
    let cells = this.peers.get(advert.peerId)
    if (cells === undefined) {
      cells = new Map()
      this.peers.set(advert.peerId, cells)
    }
    if (cards.length === 0) cells.delete(cell)
    else cells.set(cell, { expiresAt: advert.expiresAt, addrs: advert.addrs, cards })
    this.publish(advert.peerId, advert.spaceId)
  }

  /** Forget what this node learned in `cell` (it left the cell). */
  leave (cell: number, spaceId: string): void {
    for (const [peer, cells] of this.peers) if (cells.delete(cell)) this.publish(peer, spaceId)
  }

  /** Drop expired cells' cards. */
  expire (spaceId: string, now = Date.now()): void {
    for (const [peer, cells] of this.peers) {
      let changed = false
      for (const [cell, entry] of cells) if (entry.expiresAt <= now) { cells.delete(cell); changed = true }
      if (changed) this.publish(peer, spaceId)
    }
  }

  private publish (peerId: string, spaceId: string): void {
    const cells = this.peers.get(peerId)
    const cards = new Map<string, CardData>()
    let expiresAt = 0
    let addrs: string[] = []
    for (const entry of cells?.values() ?? []) {
      for (const c of entry.cards) cards.set(c.expertId, c)
      if (entry.expiresAt > expiresAt) { expiresAt = entry.expiresAt; addrs = entry.addrs }
    }
    if (cells !== undefined && cells.size === 0) this.peers.delete(peerId)
    this.seqno = Math.max(Date.now(), this.seqno + 1)
    this.emit({ peerId, seqno: this.seqno, expiresAt: cards.size > 0 ? expiresAt : Date.now() + 60_000, addrs, spaceId, cards: [...cards.values()] })
  }
}
