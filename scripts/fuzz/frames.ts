/**
 * Seeded generators of hostile inputs for the four surfaces of a daemon. Frame `i` of surface `s` under seed
 * `seed` is a pure function of the three, so any frame a run reports can be generated again alone.
 */
import { moemesh } from '../../src/gen/moemesh.js'
import { SeededRandom } from '../../src/text/random.js'

/** The four surfaces fuzzed. */
export const SURFACES = ['query', 'sync', 'gossip', 'http'] as const
export type Surface = typeof SURFACES[number]

/** The PRNG of one frame: seed, surface and index mixed (splitmix-style) into a 32-bit state. */
export function frameRng (seed: number, surface: Surface, index: number): SeededRandom {
  let h = (seed ^ 0x9e3779b9) >>> 0
  const mix = (v: number): void => { h = Math.imul(h ^ v, 0x85ebca6b) >>> 0; h = (h ^ (h >>> 13)) >>> 0; h = Math.imul(h, 0xc2b2ae35) >>> 0; h = (h ^ (h >>> 16)) >>> 0 }
  mix(SURFACES.indexOf(surface) + 1)
  mix(index & 0xffffffff)
  mix(Math.floor(index / 2 ** 32))
  return new SeededRandom(h)
}

export function pick<T> (rng: SeededRandom, items: readonly T[]): T { return items[rng.int(items.length)] }

export function randomBytes (rng: SeededRandom, n: number): Uint8Array {
  const b = new Uint8Array(n)
  for (let i = 0; i < n; i++) b[i] = rng.int(256)
  return b
}

/** Unsigned LEB128 varint of a (possibly > 2^53) non-negative number given as a bigint. */
export function varint (v: bigint): Uint8Array {
  const out: number[] = []
  do {
    let byte = Number(v & 0x7fn)
    v >>= 7n
    if (v > 0n) byte |= 0x80
    out.push(byte)
  } while (v > 0n)
  return Uint8Array.from(out)
}

export function concat (parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0))
  let o = 0
  for (const p of parts) { out.set(p, o); o += p.length }
  return out
}

/** A length-prefixed frame. */
export function lp (payload: Uint8Array): Uint8Array { return concat([varint(BigInt(payload.length)), payload]) }

/** A number chosen to break validators: extremes, non-finite, negative zero, off-by-one. */
export function absurdNumber (rng: SeededRandom): number {
  return pick(rng, [0, -0, -1, 1, 0.5, 2 ** 31, 2 ** 32 - 1, 2 ** 53, -(2 ** 53), 1e308, -1e308, Number.NaN, Infinity, -Infinity, 5e-324, 60_001, 16, 17])
}

export function absurdString (rng: SeededRandom, maxLen: number): string {
  const kind = rng.int(6)
  const len = rng.int(maxLen + 1)
  if (kind === 0) return ''
  if (kind === 1) return 'a'.repeat(len)
  if (kind === 2) return '\u0000'.repeat(Math.min(len, 64))
  if (kind === 3) return Array.from({ length: Math.min(len, 4096) }, () => String.fromCodePoint(rng.int(0x10ffff) & ~0x800)).join('')
  if (kind === 4) return '../'.repeat(Math.min(len, 200)) + 'etc/passwd'
  return '\ud800'.repeat(Math.min(len, 64)) // lone surrogates
}

/** What the generators know about the target (real ids make absurd frames reach deeper checks). */
export interface TargetFacts {
  spaceId: string
  dim: number
  expertIds: Uint8Array[]
}

/** A QueryRequest with each field valid or absurd at random. */
export function absurdQueryRequest (rng: SeededRandom, facts: TargetFacts): Uint8Array {
  const dim = pick(rng, [facts.dim, 0, 1, facts.dim + 1, 4096, 4097, rng.int(6000)])
  const vector = Array.from({ length: dim }, () => rng.next() < 0.05 ? absurdNumber(rng) : rng.normal())
  const ids = Array.from({ length: pick(rng, [0, 1, 2, 16, 17, 64]) }, () => rng.next() < 0.5 && facts.expertIds.length > 0 ? pick(rng, facts.expertIds) : randomBytes(rng, pick(rng, [0, 31, 32, 33, 1000])))
  const msg = {
    id: pick(rng, [0, 1, 2 ** 53 - 1, rng.int(1e9)]),
    text: rng.next() < 0.5 ? 'the heron is a wading bird' : absurdString(rng, 17_000),
    vector,
    spaceId: rng.next() < 0.6 ? facts.spaceId : absurdString(rng, 300),
    expertIds: ids,
    deadlineMs: pick(rng, [0, 1, 50, 1000, 60_000, 2 ** 32 - 1]),
    maxPrice: absurdNumber(rng)
  }
  return moemesh.QueryRequest.encode(msg).finish()
}

export function absurdSyncRequest (rng: SeededRandom, facts: TargetFacts): Uint8Array {
  return moemesh.AdvertSyncRequest.encode({
    spaceId: rng.next() < 0.6 ? facts.spaceId : absurdString(rng, 2000),
    maxAdverts: pick(rng, [0, 1, 1000, 1001, 2 ** 32 - 1])
  }).finish()
}

/** A unit-norm random row of `dim` floats. */
function unitRow (rng: SeededRandom, dim: number): number[] {
  const v = Array.from({ length: dim }, () => rng.normal())
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1
  return v.map((x) => x / n)
}

/**
 * A NodeAdvert for `peerIdBytes`: with `plausible`, every field inside the receivers' limits (a sybil's card);
 * otherwise each field absurd at random (NaN centroids, 64 cards, dims that do not match, far expiries, …).
 */
export function absurdNodeAdvert (rng: SeededRandom, facts: TargetFacts, peerIdBytes: Uint8Array, plausible: boolean): Uint8Array {
  const now = Date.now()
  const cardCount = plausible ? 1 : pick(rng, [0, 1, 2, 64, 65])
  const cards = Array.from({ length: cardCount }, () => {
    const dim = plausible ? facts.dim : pick(rng, [facts.dim, 0, 3, 4097])
    const count = plausible ? 1 + rng.int(4) : pick(rng, [0, 1, 8, 65])
    const rows = dim > 0 && dim <= 4096 && count <= 64 ? count : 1
    const centroids: number[] = []
    for (let r = 0; r < rows && dim <= 4096; r++) centroids.push(...(plausible || rng.next() < 0.5 ? unitRow(rng, dim) : Array.from({ length: dim }, () => absurdNumber(rng))))
    return {
      expertId: plausible ? randomBytes(rng, 32) : randomBytes(rng, pick(rng, [0, 32, 33])),
      name: plausible ? `fuzz-${rng.int(1e9)}` : absurdString(rng, 300),
      version: '1.0.0',
      task: plausible ? 'classification' : absurdString(rng, 300),
      description: plausible ? 'fuzzed card' : absurdString(rng, 3000),
      labels: plausible ? ['a', 'b'] : Array.from({ length: pick(rng, [0, 1, 2, 1025]) }, () => absurdString(rng, 200)),
      spaceId: plausible || rng.next() < 0.5 ? facts.spaceId : absurdString(rng, 200),
      dim,
      centroidCount: plausible ? rows : pick(rng, [rows, 0, 2 ** 32 - 1]),
      centroids,
      price: plausible ? rng.int(3) : absurdNumber(rng),
      load: plausible ? rng.next() : absurdNumber(rng),
      inputKind: plausible ? 'embedding' : absurdString(rng, 40),
      accuracy: plausible ? rng.next() : absurdNumber(rng)
    }
  })
  return moemesh.NodeAdvert.encode({
    peerId: peerIdBytes,
    seqno: plausible ? now + rng.int(1000) : pick(rng, [0, now, 2 ** 53 - 1]),
    expiresAtMs: plausible ? now + 60_000 : pick(rng, [0, now - 1, now + 3_600_000_000, 2 ** 53 - 1]),
    addrs: plausible ? [] : Array.from({ length: pick(rng, [0, 1, 17]) }, () => randomBytes(rng, pick(rng, [0, 8, 300]))),
    cards,
    spaceId: plausible || rng.next() < 0.7 ? facts.spaceId : absurdString(rng, 200)
  }).finish()
}

/** A length-prefix problem: huge, overflowing or lying about what follows. */
export function hostilePrefix (rng: SeededRandom): Uint8Array {
  switch (rng.int(6)) {
    case 0: return concat([varint(2n ** 31n), randomBytes(rng, 16)])
    case 1: return concat([varint(2n ** 63n + BigInt(rng.int(1e6))), randomBytes(rng, 8)])
    case 2: return new Uint8Array(12).fill(0xff) // a varint that never ends within 10 bytes
    case 3: return concat([varint(BigInt(1000 + rng.int(60_000))), randomBytes(rng, rng.int(100))]) // truncated
    case 4: return concat([varint(64n * 1024n + 1n), randomBytes(rng, 64)]) // one over the frame cap
    default: return varint(0n) // empty frame
  }
}
