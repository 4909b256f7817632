/**
 * 32-bit FNV-1a over the UTF-16 code units of a string, mixed with a seed. Used for hashed n-gram features:
 * fast, deterministic across machines and versions, and good enough spread for bucket ids.
 */
export function fnv1a (text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  // final avalanche (murmur3 fmix32) so nearby strings spread over the low bits used as bucket ids
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  h ^= h >>> 16
  return h >>> 0
}

/** Bucket id of a feature string in a table of `buckets` rows. */
export function bucketOf (feature: string, buckets: number, seed = 0): number {
  return fnv1a(feature, seed) % buckets
}
