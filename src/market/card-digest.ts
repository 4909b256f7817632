/**
 * The card digest: one sha256 over everything that says what a card *is* (expert id, model sha256, name, labels,
 * space, input kind, centroids, gate), so that measured scores bind to exactly that card. A peer that swaps its
 * model (a new model sha256), or a copycat that reuses another expert's name and centroids under another model,
 * has another digest: no scores, hence quarantine, until it is measured on its own. Price, load, description and
 * the claimed accuracy are left out: they may change without the model changing, and the claim is what is checked.
 */
import { createHash } from 'node:crypto'
import type { CardData } from '../net/advert-types.js'

/** Domain separation: a card digest is never the hash of anything else. */
const CARD_DIGEST_PREFIX = 'moemesh-card-digest:1\n'

const digests = new WeakMap<CardData, string>()

function lengthPrefixed (hash: ReturnType<typeof createHash>, text: string): void {
  const bytes = Buffer.from(text, 'utf8')
  const len = Buffer.alloc(4)
  len.writeUInt32BE(bytes.length)
  hash.update(len).update(bytes)
}

/** Hex sha256 card digest of `card` (cached per card object; cards are immutable once indexed). */
export function cardDigest (card: CardData): string {
  const cached = digests.get(card)
  if (cached !== undefined) return cached
  const h = createHash('sha256').update(CARD_DIGEST_PREFIX)
  lengthPrefixed(h, card.expertId)
  lengthPrefixed(h, card.modelSha256 ?? '')
  lengthPrefixed(h, card.name)
  lengthPrefixed(h, card.spaceId)
  lengthPrefixed(h, card.inputKind)
  lengthPrefixed(h, String(card.labels.length))
  for (const label of card.labels) lengthPrefixed(h, label)
  lengthPrefixed(h, `${card.centroids.length}x${card.dim}`)
  for (const c of card.centroids) h.update(Buffer.from(c.buffer, c.byteOffset, c.byteLength))
  if (card.gate !== undefined) {
    const g = card.gate
    lengthPrefixed(h, `gate ${g.scale} ${g.bias} ${g.abstainBelow}`)
    h.update(Buffer.from(g.weights.buffer, g.weights.byteOffset, g.weights.byteLength))
  }
  const digest = h.digest('hex')
  digests.set(card, digest)
  return digest
}

/** The key of one card on one peer in quality stores and attestations: `<peer id>/<card digest>`. */
export function cardKey (peerId: string, card: CardData): string {
  return `${peerId}/${cardDigest(card)}`
}
