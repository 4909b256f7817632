import { SeededRandom } from '../../../src/text/random.js'
import type { CardData, VerifiedAdvert } from '../../../src/net/advert-types.js'

export const SPACE = 'a'.repeat(64)
export const OTHER_SPACE = 'b'.repeat(64)

export function hexId (n: number, prefix = 'e'): string {
  return (prefix + n.toString(16)).padStart(64, '0')
}

export function normalise (v: Float32Array): Float32Array {
  let s = 0
  for (const x of v) s += x * x
  const inv = 1 / Math.sqrt(s)
  return v.map(x => x * inv)
}

/** A unit vector along axis `i` of a `dim`-space. */
export function axis (i: number, dim: number): Float32Array {
  const v = new Float32Array(dim)
  v[i] = 1
  return v
}

/** sum_i w_i e_i, normalised: its cosine with axis i is proportional to w_i. */
export function mix (weights: number[], dim: number): Float32Array {
  const v = new Float32Array(dim)
  weights.forEach((w, i) => { v[i] = w })
  return normalise(v)
}

export function randomUnit (rng: SeededRandom, dim: number): Float32Array {
  const v = new Float32Array(dim)
  for (let j = 0; j < dim; j++) v[j] = rng.normal()
  return normalise(v)
}

/** A point near `center` (noise of the given scale, per dimension), normalised. */
export function near (rng: SeededRandom, center: Float32Array, noise: number): Float32Array {
  const v = new Float32Array(center.length)
  for (let j = 0; j < v.length; j++) v[j] = center[j] + noise * rng.normal()
  return normalise(v)
}

export function card (expertId: string, centroids: Float32Array[], extra: Partial<CardData> = {}): CardData {
  return {
    expertId,
    name: `expert-${expertId.slice(-4)}`,
    version: '1.0.0',
    task: 'classify',
    description: '',
    labels: ['yes', 'no'],
    spaceId: SPACE,
    centroids,
    dim: centroids[0]?.length ?? 0,
    price: 0,
    load: 0,
    inputKind: 'embedding',
    accuracy: 0,
    ...extra
  }
}

export function advert (peerId: string, seqno: number, cards: CardData[], expiresAt = Date.now() + 90_000): VerifiedAdvert {
  return { peerId, seqno, expiresAt, addrs: [`/ip4/127.0.0.1/tcp/4001/p2p/${peerId}`], spaceId: SPACE, cards }
}

/** Cosine of a query with a card: the naive reference for search. */
export function bestCosine (query: Float32Array, centroids: Float32Array[]): number {
  const q = normalise(query)
  let best = -Infinity
  for (const c of centroids) {
    const n = normalise(c)
    let s = 0
    for (let j = 0; j < q.length; j++) s += q[j] * n[j]
    best = Math.max(best, s)
  }
  return best
}
