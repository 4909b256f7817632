/** FNV-1a 32-bit offset basis. */
export const FNV_OFFSET = 0x811c9dc5
/** FNV-1a 32-bit prime. */
export const FNV_PRIME = 0x01000193

/** The FNV-1a start state for a seed. */
export function fnvStart (seed = 0): number {
  return (FNV_OFFSET ^ seed) >>> 0
}

/**
 * Feed the UTF-16 code units of `text` into an FNV-1a state. Featurizers hash n-grams incrementally with this
 * (no string concatenation per n-gram); `fnvFinish(fnvFeed(fnvStart(seed), s))` equals `fnv1a(s, seed)`.
 */
export function fnvFeed (h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, FNV_PRIME) >>> 0
  }
  return h
}

/** Final avalanche (murmur3 fmix32) so nearby strings spread over the low bits used as bucket ids. */
export function fnvFinish (h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  h ^= h >>> 16
  return h >>> 0
}

/**
 * 32-bit FNV-1a over the UTF-16 code units of a string, mixed with a seed. Used for hashed n-gram features:
 * fast, deterministic across machines and versions, and good enough spread for bucket ids.
 */
export function fnv1a (text: string, seed = 0): number {
  return fnvFinish(fnvFeed(fnvStart(seed), text))
}

/**
 * Plain 32-bit FNV-1a of a string (no seed, no final mix): the portable hash that network-wide choices are derived
 * from (a codebook's seed, a node's home cells, a card's shard), so it must never change.
 */
export function fnv1aPlain (text: string): number {
  return fnvFeed(FNV_OFFSET, text) >>> 0
}

/** Bucket id of a feature string in a table of `buckets` rows. */
export function bucketOf (feature: string, buckets: number, seed = 0): number {
  return fnv1a(feature, seed) % buckets
}
