import { describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../../../src/errors.js'
import { CapabilityIndex, type IndexChange } from '../../../src/routing/capability-index.js'
import { defaultDotKernel, jsKernel } from '../../../src/routing/dot-kernel.js'
import { SeededRandom } from '../../../src/text/random.js'
import { OTHER_SPACE, SPACE, advert, axis, bestCosine, card, hexId, near, randomUnit } from './fixtures.js'

const DIM = 16
const A = 'peerA'
const B = 'peerB'

function ids (index: CapabilityIndex): string[] {
  return index.entries().map(e => `${e.peerId}/${e.expertId.slice(-2)}`).sort()
}

describe('CapabilityIndex adverts', () => {
  it('a newer advert replaces all of the peer\'s cards; older and equal seqnos are ignored', () => {
    const index = new CapabilityIndex()
    const changes: IndexChange[] = []
    index.onChange(c => changes.push(c))

    expect(index.applyAdvert(advert(A, 5, [card(hexId(1), [axis(0, DIM)]), card(hexId(2), [axis(1, DIM)])]))).toBe(true)
    expect(ids(index)).toEqual([`${A}/e1`, `${A}/e2`])
    expect(changes.at(-1)).toMatchObject({ peerId: A, reason: 'advert', added: [hexId(1), hexId(2)], removed: [] })

    // seqno 6 offers expert 2 (moved centroid) and 3, not 1
    expect(index.applyAdvert(advert(A, 6, [card(hexId(2), [axis(5, DIM)]), card(hexId(3), [axis(2, DIM)])]))).toBe(true)
    expect(ids(index)).toEqual([`${A}/e2`, `${A}/e3`])
    expect(changes.at(-1)).toMatchObject({ added: [hexId(3)], removed: [hexId(1)], updated: [hexId(2)] })
    expect(index.search(axis(5, DIM), SPACE)[0].entry.expertId).toBe(hexId(2))

    // a replay of seqno 5 and a duplicate of 6 change nothing
    const before = changes.length
    expect(index.applyAdvert(advert(A, 5, [card(hexId(1), [axis(0, DIM)])]))).toBe(false)
    expect(index.applyAdvert(advert(A, 6, [card(hexId(1), [axis(0, DIM)])]))).toBe(false)
    expect(ids(index)).toEqual([`${A}/e2`, `${A}/e3`])
    expect(changes.length).toBe(before)
  })

  it('a refresh with unchanged cards emits nothing but extends the expiry', () => {
    const index = new CapabilityIndex()
    const changes: IndexChange[] = []
    index.onChange(c => changes.push(c))
    const now = 1_000_000
    index.applyAdvert(advert(A, 1, [card(hexId(1), [axis(0, DIM)])], now + 90_000), now)
    index.applyAdvert(advert(A, 2, [card(hexId(1), [axis(0, DIM)])], now + 120_000), now)
    expect(changes.length).toBe(1)
    expect(index.search(axis(0, DIM), SPACE, { now: now + 100_000 })).toHaveLength(1)
    // a load change is reported as an update
    index.applyAdvert(advert(A, 3, [card(hexId(1), [axis(0, DIM)], { load: 0.7 })], now + 120_000), now)
    expect(changes.at(-1)).toMatchObject({ updated: [hexId(1)], added: [], removed: [] })
    expect(index.get(A, hexId(1), now)?.card.load).toBe(0.7)
  })

  it('an empty advert withdraws every card, and a replayed older advert cannot bring them back', () => {
    const index = new CapabilityIndex()
    index.applyAdvert(advert(A, 1, [card(hexId(1), [axis(0, DIM)])]))
    index.applyAdvert(advert(B, 1, [card(hexId(2), [axis(1, DIM)])]))
    const changes: IndexChange[] = []
    index.onChange(c => changes.push(c))
    expect(index.applyAdvert(advert(A, 2, []))).toBe(true)
    expect(ids(index)).toEqual([`${B}/e2`])
    expect(changes).toEqual([{ peerId: A, reason: 'withdraw', added: [], removed: [hexId(1)], updated: [] }])
    expect(index.applyAdvert(advert(A, 1, [card(hexId(1), [axis(0, DIM)])]))).toBe(false)
    expect(ids(index)).toEqual([`${B}/e2`])
  })

  it('cards expire with their advert (explicitly, and lazily on search); local cards never expire', () => {
    const index = new CapabilityIndex()
    const t0 = 5_000_000
    index.applyAdvert(advert(A, 1, [card(hexId(1), [axis(0, DIM)])], t0 + 90_000), t0)
    index.applyAdvert(advert(B, 1, [card(hexId(2), [axis(0, DIM)])], t0 + 30_000), t0)
    index.setLocal('me', [card(hexId(3), [axis(0, DIM)])])
    expect(index.size).toBe(3)
    const changes: IndexChange[] = []
    index.onChange(c => changes.push(c))

    // lazily: a search after B's expiry neither returns B nor keeps it
    const hits = index.search(axis(0, DIM), SPACE, { now: t0 + 30_000 })
    expect(hits.map(h => h.entry.peerId).sort()).toEqual(['me', A])
    expect(index.size).toBe(2)
    expect(changes).toEqual([{ peerId: B, reason: 'expire', added: [], removed: [hexId(2)], updated: [] }])

    expect(index.expire(t0 + 89_999)).toBe(0)
    expect(index.expire(t0 + 90_000)).toBe(1)
    expect(index.entries(Number.MAX_SAFE_INTEGER).map(e => e.peerId)).toEqual(['me'])
    expect(index.countInSpace(SPACE, Number.MAX_SAFE_INTEGER)).toBe(1)
  })

  it('an advert that arrives already expired drops the peer\'s older cards', () => {
    const index = new CapabilityIndex()
    const t0 = 1_000
    index.applyAdvert(advert(A, 1, [card(hexId(1), [axis(0, DIM)])], t0 + 90_000), t0)
    expect(index.applyAdvert(advert(A, 2, [card(hexId(1), [axis(0, DIM)])], t0), t0 + 10)).toBe(true)
    expect(index.size).toBe(0)
  })

  it('local experts are not replaced by adverts under the same peer id; removePeer forgets a peer', () => {
    const index = new CapabilityIndex()
    index.setLocal('me', [card(hexId(1), [axis(0, DIM)])])
    expect(index.applyAdvert(advert('me', 99, []))).toBe(false)
    expect(index.entries()[0]).toMatchObject({ peerId: 'me', local: true, expiresAt: Infinity })
    index.applyAdvert(advert(A, 1, [card(hexId(2), [axis(0, DIM)])]))
    index.removePeer(A)
    expect(ids(index)).toEqual(['me/e1'])
    index.setLocal('me', [])
    expect(index.size).toBe(0)
    // after removePeer the seqno is forgotten: the peer may start again from 1
    expect(index.applyAdvert(advert(A, 1, [card(hexId(2), [axis(0, DIM)])]))).toBe(true)
  })

  it('skips invalid cards and normalises centroids, so a huge centroid cannot dominate', () => {
    const index = new CapabilityIndex()
    const huge = axis(1, DIM).map(x => x * 1000)
    const nan = axis(2, DIM)
    nan[3] = Number.NaN
    index.applyAdvert(advert(A, 1, [
      card(hexId(1), [axis(0, DIM)]),
      card(hexId(2), [huge]),
      card(hexId(3), [nan]),
      card(hexId(4), [new Float32Array(DIM - 1).fill(1)], { dim: DIM }),
      card(hexId(5), [axis(4, DIM)], { price: -1 })
    ]))
    expect(ids(index)).toEqual([`${A}/e1`, `${A}/e2`])
    const q = new Float32Array(DIM)
    q[0] = 0.8
    q[1] = 0.6
    const hits = index.search(q, SPACE)
    expect(hits[0].entry.expertId).toBe(hexId(1))
    expect(hits[0].similarity).toBeCloseTo(0.8, 5)
    expect(hits[1].similarity).toBeCloseTo(0.6, 5)
  })

  it('rejects a query of the wrong dimension or with no direction', () => {
    const index = new CapabilityIndex()
    index.applyAdvert(advert(A, 1, [card(hexId(1), [axis(0, DIM)])]))
    expect(() => index.search(new Float32Array(DIM + 1).fill(1), SPACE)).toThrow(InvalidOptionError)
    expect(() => index.search(new Float32Array(DIM), SPACE)).toThrow(/not all zeros/)
    // a space nobody serves is simply empty
    expect(index.search(new Float32Array(3).fill(1), OTHER_SPACE)).toEqual([])
  })

  it('refuses cards beyond maxCards', () => {
    const index = new CapabilityIndex({ maxCards: 2 })
    index.applyAdvert(advert(A, 1, [1, 2, 3].map(i => card(hexId(i), [axis(i, DIM)]))))
    expect(index.size).toBe(2)
  })

  it('refuses cards beyond its centroid-value budget, however few cards that is', () => {
    const index = new CapabilityIndex({ maxValues: 3 * DIM })
    index.applyAdvert(advert(A, 1, [card(hexId(1), [axis(1, DIM), axis(2, DIM)]), card(hexId(2), [axis(3, DIM), axis(4, DIM)])]))
    expect(index.size).toBe(1) // the second card's two centroids would exceed 3 x DIM values
    index.removePeer(A)
    index.applyAdvert(advert(A, 2, [card(hexId(2), [axis(3, DIM), axis(4, DIM)])]))
    expect(index.size).toBe(1) // removing gave the budget back
  })
})

describe('CapabilityIndex search', () => {
  for (const kernel of [defaultDotKernel(), jsKernel]) {
    it(`routes clustered queries to their own expert (${kernel.kind} kernel)`, () => {
      const rng = new SeededRandom(7)
      const dim = 164
      const index = new CapabilityIndex({ kernel })
      const domains = Array.from({ length: 20 }, () => randomUnit(rng, dim))
      // 20 experts on 5 peers, 8 centroids each around their domain; a decoy expert in another space
      domains.forEach((center, d) => {
        const peer = `peer${d % 5}`
        const existing = index.entries().filter(e => e.peerId === peer).map(e => e.card)
        index.applyAdvert(advert(peer, d + 1, [...existing, card(hexId(d), Array.from({ length: 8 }, () => near(rng, center, 0.06)))]))
      })
      index.applyAdvert(advert('decoy', 1, [card(hexId(999), [domains[0]], { spaceId: OTHER_SPACE })]))
      expect(index.size).toBe(21)

      let correct = 0
      for (let i = 0; i < 200; i++) {
        const d = i % 20
        const hits = index.search(near(rng, domains[d], 0.08), SPACE, { limit: 3 })
        expect(hits).toHaveLength(3)
        expect(hits.every(h => h.entry.card.spaceId === SPACE)).toBe(true)
        if (hits[0].entry.expertId === hexId(d)) correct++
      }
      expect(correct).toBe(200)
    })
  }

  it('matches a naive max-cosine reference through churn (growth, removal, compaction)', () => {
    const rng = new SeededRandom(11)
    const dim = 20
    const index = new CapabilityIndex()
    const live = new Map<string, Float32Array[]>()
    let seq = 0
    for (let round = 0; round < 30; round++) {
      for (let p = 0; p < 40; p++) {
        if (rng.next() < 0.5) continue
        const peer = `p${p}`
        const n = rng.int(4)
        const cards = Array.from({ length: n }, (_, i) => {
          const centroids = Array.from({ length: 1 + rng.int(6) }, () => randomUnit(rng, dim))
          return card(hexId(p * 10 + i), centroids)
        })
        index.applyAdvert(advert(peer, ++seq, cards))
        for (let i = 0; i < 4; i++) live.delete(`${peer}/${hexId(p * 10 + i)}`)
        for (const c of cards) live.set(`${peer}/${c.expertId}`, c.centroids)
      }
      const q = randomUnit(rng, dim)
      const hits = index.search(q, SPACE)
      expect(hits).toHaveLength(live.size)
      for (const h of hits) {
        expect(h.similarity).toBeCloseTo(bestCosine(q, live.get(`${h.entry.peerId}/${h.entry.expertId}`) ?? []), 5)
      }
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1].similarity).toBeGreaterThanOrEqual(hits[i].similarity)
    }
  })

  it('honours limit, minSimilarity and filter (filtered cards never take a slot)', () => {
    const index = new CapabilityIndex()
    const q = new Float32Array(DIM)
    for (let i = 0; i < 5; i++) q[i] = 5 - i // similarity falls with i
    index.applyAdvert(advert(A, 1, [0, 1, 2, 3, 4].map(i => card(hexId(i), [axis(i, DIM)], { price: i === 0 ? 10 : 0 }))))
    const all = index.search(q, SPACE)
    expect(all.map(h => h.entry.expertId)).toEqual([0, 1, 2, 3, 4].map(i => hexId(i)))
    const top2 = index.search(q, SPACE, { limit: 2, filter: e => e.card.price === 0 })
    expect(top2.map(h => h.entry.expertId)).toEqual([hexId(1), hexId(2)])
    const above = index.search(q, SPACE, { minSimilarity: all[2].similarity })
    expect(above).toHaveLength(3)
    expect(index.search(q, SPACE, { limit: 0 })).toEqual([])
  })
})
