import { describe, expect, it } from 'vitest'
import { CapabilityIndex } from '../../../src/routing/capability-index.js'
import { CHUNK_ROWS, QuantizedRows } from '../../../src/routing/quantized-rows.js'
import { AnnSpace } from '../../../src/routing/ann-space.js'
import { createInt8Dots, jsInt8Dots } from '../../../src/routing/int8-dots.js'
import { SeededRandom } from '../../../src/text/random.js'
import { SPACE, advert, bestCosine, card, hexId, near, randomUnit } from './fixtures.js'
import type { CardData } from '../../../src/net/advert-types.js'

const DIM = 32
const CENTROIDS = 4

/** The number behind a fixture expert id (`hexId` puts an 'e' before the hex digits). */
function idOf (expertId: string): number {
  return parseInt(expertId.slice(expertId.indexOf('e') + 1), 16)
}

/** Clustered cards: 20 topics, each card's centroids near its own centre near a topic. */
function world (seed: number): { cards: (i: number) => CardData, query: () => Float32Array } {
  const rng = new SeededRandom(seed)
  const topics = Array.from({ length: 20 }, () => randomUnit(rng, DIM))
  const cards = (i: number): CardData => {
    const r = new SeededRandom(1_000 + i)
    const centre = near(r, topics[r.int(topics.length)], 0.06)
    return card(hexId(i), Array.from({ length: CENTROIDS }, () => near(r, centre, 0.08)))
  }
  return { cards, query: () => near(rng, topics[rng.int(topics.length)], 0.1) }
}

function fill (index: CapabilityIndex, from: number, to: number, w: ReturnType<typeof world>, seqno = 1): void {
  for (let p = from; p < to; p += 10) {
    index.applyAdvert(advert(`p${p / 10}`, seqno, Array.from({ length: Math.min(10, to - p) }, (_, i) => w.cards(p + i))))
  }
}

function recallAt10 (ann: CapabilityIndex, exact: CapabilityIndex, queries: Float32Array[]): number {
  let hit = 0
  for (const q of queries) {
    const want = new Set(exact.search(q, SPACE, { limit: 10 }).map(h => h.entry.expertId))
    hit += ann.search(q, SPACE, { limit: 10 }).filter(h => want.has(h.entry.expertId)).length
  }
  return hit / (10 * queries.length)
}

describe('CapabilityIndex ANN tier', () => {
  it('agrees with the exact scan on clustered cards (recall@10), with similarities within int8 precision', () => {
    const w = world(1)
    const ann = new CapabilityIndex({ annThreshold: 100, annCandidates: 64 })
    const exact = new CapabilityIndex({ annThreshold: Infinity })
    fill(ann, 0, 2_000, w)
    fill(exact, 0, 2_000, w)
    expect(ann.tierOf(SPACE)).toBe('ann')
    expect(exact.tierOf(SPACE)).toBe('exact')
    const queries = Array.from({ length: 50 }, () => w.query())
    expect(recallAt10(ann, exact, queries)).toBeGreaterThanOrEqual(0.95)
    for (const h of ann.search(queries[0], SPACE, { limit: 5 })) {
      expect(h.similarity).toBeCloseTo(bestCosine(queries[0], w.cards(idOf(h.entry.expertId)).centroids), 2)
    }
  })

  it('keeps the graph consistent as cards are added, replaced and removed', () => {
    const w = world(2)
    const index = new CapabilityIndex({ annThreshold: 50 })
    fill(index, 0, 300, w)
    expect(index.tierOf(SPACE)).toBe('ann')
    // replace: peer p0's card 0 moves far away, to exactly where a query will look
    const target = randomUnit(new SeededRandom(99), DIM)
    index.applyAdvert(advert('p0', 2, [card(hexId(0), [target]), ...Array.from({ length: 9 }, (_, i) => w.cards(i + 1))]))
    expect(index.search(target, SPACE, { limit: 1 })[0]).toMatchObject({ entry: { expertId: hexId(0) } })
    expect(index.search(target, SPACE, { limit: 1 })[0].similarity).toBeCloseTo(1, 2)
    // remove: p0 withdraws; nothing of it is found any more, even at its old spot
    index.applyAdvert(advert('p0', 3, []))
    const after = index.search(target, SPACE, { limit: 20 })
    expect(after.some(h => h.entry.peerId === 'p0')).toBe(false)
    expect(after).toHaveLength(20)
    // re-add under reused keys: new cards are found
    index.applyAdvert(advert('p0', 4, [card(hexId(5_000), [target])]))
    expect(index.search(target, SPACE, { limit: 1 })[0].entry.expertId).toBe(hexId(5_000))
    expect(index.size).toBe(291)
    // every card is still reachable through the graph: each card's own centroid finds it
    for (let i = 10; i < 300; i += 29) {
      const c = w.cards(i).centroids[0]
      expect(index.search(c, SPACE, { limit: 10 }).map(h => h.entry.expertId)).toContain(hexId(i))
    }
  })

  it('switches to the ANN above the threshold and back to the exact scan below half of it', () => {
    const w = world(3)
    const index = new CapabilityIndex({ annThreshold: 100 })
    fill(index, 0, 90, w)
    expect(index.tierOf(SPACE)).toBe('exact')
    fill(index, 90, 120, w)
    expect(index.tierOf(SPACE)).toBe('ann')
    const q = w.query()
    const top = index.search(q, SPACE, { limit: 3 }).map(h => h.entry.expertId)
    // dropping to 60 (above half) stays on the ANN; to 40 goes back
    for (let p = 6; p < 12; p++) index.removePeer(`p${p}`)
    expect(index.size).toBe(60)
    expect(index.tierOf(SPACE)).toBe('ann')
    for (let p = 4; p < 6; p++) index.removePeer(`p${p}`)
    expect(index.tierOf(SPACE)).toBe('exact')
    // the cards that came back keep their centroids (to int8 precision) and rank as before
    const exact = new CapabilityIndex({ annThreshold: Infinity })
    fill(exact, 0, 40, w)
    expect(index.search(q, SPACE, { limit: 3 }).map(h => h.entry.expertId)).toEqual(exact.search(q, SPACE, { limit: 3 }).map(h => h.entry.expertId))
    expect(top.length).toBe(3)
    const back = index.get('p0', hexId(0))?.card.centroids ?? []
    expect(back).toHaveLength(CENTROIDS)
    back.forEach((row, i) => { expect(bestCosine(row, [w.cards(0).centroids[i]])).toBeGreaterThan(0.999) })
    expect(index.memory().quantizedBytes).toBe(0)
  })

  it('ranks gated cards by gate logit through the gate graph', () => {
    const w = world(4)
    const index = new CapabilityIndex({ annThreshold: 50, annCandidates: 16 })
    fill(index, 0, 500, w)
    // a card far from every query in centroid space whose gate fires on a direction: only the gate graph finds it
    const dir = randomUnit(new SeededRandom(5), DIM)
    const far = dir.map(x => -x)
    const weights = Int8Array.from(dir, x => Math.round(x * 127))
    index.applyAdvert(advert('gated', 1, [card(hexId(9_999), [far], { gate: { weights, scale: 10 / 127, bias: 0, abstainBelow: -30 } })]))
    const hits = index.search(dir, SPACE, { limit: 5, rankBy: 'logit' })
    expect(hits[0].entry.expertId).toBe(hexId(9_999))
    expect(hits[0].gateLogit).toBeGreaterThan(9)
    expect(index.search(dir, SPACE, { limit: 5 }).some(h => h.entry.expertId === hexId(9_999))).toBe(false)
  })

  it('widens the candidate set when a filter rejects the first candidates', () => {
    const w = world(5)
    const index = new CapabilityIndex({ annThreshold: 50, annCandidates: 16 })
    fill(index, 0, 1_000, w)
    const q = w.query()
    const odd = index.search(q, SPACE, { limit: 10, filter: e => idOf(e.expertId) % 50 === 7 })
    expect(odd).toHaveLength(10)
    expect(odd.every(h => idOf(h.entry.expertId) % 50 === 7)).toBe(true)
  })
})

describe('memory layout', () => {
  it('holds each centroid once: the entry exposes centroids from the store, not its own copies', () => {
    const w = world(6)
    const index = new CapabilityIndex({ annThreshold: Infinity })
    const c = w.cards(1)
    index.applyAdvert(advert('p', 1, [c]))
    const entry = index.entries()[0]
    const own = Object.getOwnPropertyDescriptor(entry.card, 'centroids')
    expect(own?.get).toBeTypeOf('function')
    expect(own?.value).toBeUndefined()
    expect(entry.card.centroids).not.toBe(c.centroids)
    entry.card.centroids.forEach((row, i) => { for (let j = 0; j < DIM; j++) expect(row[j]).toBeCloseTo(c.centroids[i][j], 6) })
    // spreading a view (as a re-advert does) still carries its centroids
    expect({ ...entry.card }.centroids).toHaveLength(CENTROIDS)
  })

  it('the exact matrix grows without a doubled empty half', () => {
    const w = world(7)
    const index = new CapabilityIndex({ annThreshold: Infinity })
    fill(index, 0, 3_000, w)
    const m = index.memory()
    expect(m.quantizedBytes + m.graphBytes).toBe(0)
    // allocated <= 1.25 x what the live rows need, plus the small fixed head (query, scores) and one growth step's rounding
    expect(m.exactBytes).toBeLessThanOrEqual(1.25 * m.exactLiveBytes + 256 * 40 * 4 + 3_000 * CENTROIDS * 4 * 2)
    expect(m.exactLiveBytes).toBe(3_000 * CENTROIDS * 32 * 4)
  })

  it('the ANN tier holds int8 rows and a graph, no float copy: well under the float bytes per card', () => {
    const w = world(8)
    // usearch's connectivity 16: the default 32 spends 2 x 32 x 4 bytes of links per card, more than these tiny
    // 4 x 32-d test cards' own rows (real cards are 8 x 164-d, where it is ~10% of the card's bytes).
    const index = new CapabilityIndex({ annThreshold: 100, ann: { connectivity: 16 } })
    fill(index, 0, 5_000, w)
    index.search(w.query(), SPACE, { limit: 1 })
    const m = index.memory()
    expect(m.exactBytes).toBe(0)
    const floatBytes = CENTROIDS * DIM * 4
    const perCard = (m.quantizedBytes + m.graphBytes) / 5_000
    // int8 rows: CENTROIDS x (DIM + 4) bytes per card, plus at most one open chunk's unused tail
    expect(m.quantizedBytes).toBeLessThanOrEqual((5_000 * CENTROIDS + CHUNK_ROWS) * (DIM + 4))
    expect(perCard).toBeLessThan(floatBytes)
  })
})

describe('QuantizedRows', () => {
  it('stores rows once in chunks, scores within int8 precision, and reclaims removed rows', () => {
    const rng = new SeededRandom(9)
    const rows = new QuantizedRows(DIM)
    const slots = Array.from({ length: 5_000 }, (_, slot) => {
      const cs = Array.from({ length: 3 }, () => randomUnit(rng, DIM).map(x => x * 7))
      rows.add(slot, cs)
      return { slot, cs }
    })
    const q = randomUnit(rng, DIM)
    for (const { slot, cs } of slots.slice(0, 50)) expect(rows.best(slot, q)).toBeCloseTo(bestCosine(q, cs), 2)
    const qi = new Int8Array(DIM)
    const qScale = rows.quantizeQuery(q, qi)
    for (const { slot, cs } of slots.slice(0, 50)) expect(rows.bestQuantized(slot, qi, qScale)).toBeCloseTo(bestCosine(q, cs), 2)
    for (const { slot } of slots.slice(0, 4_000)) rows.remove(slot)
    expect(rows.cardCount).toBe(1_000)
    expect(rows.rowCount).toBe(3_000)
    for (const { slot, cs } of slots.slice(4_000, 4_050)) expect(rows.best(slot, q)).toBeCloseTo(bestCosine(q, cs), 2)
    expect(rows.has(0)).toBe(false)
    expect(rows.rowsOf(0)).toEqual([])
    // Freed ids take new cards; the survivors keep their rows through the compactions.
    const again = Array.from({ length: 4_000 }, (_, slot) => {
      const cs = Array.from({ length: 1 + (slot % 4) }, () => randomUnit(rng, DIM))
      rows.add(slot, cs)
      return { slot, cs }
    })
    expect(rows.cardCount).toBe(5_000)
    for (const { slot, cs } of [...again.slice(0, 50), ...slots.slice(4_950)]) {
      expect(rows.rowCountOf(slot)).toBe(cs.length)
      expect(rows.best(slot, q)).toBeCloseTo(bestCosine(q, cs), 2)
    }
    expect(() => { rows.add(1, [q]) }).toThrow(RangeError)
  })

  it('scores a candidate list in batches exactly as one card at a time, in WebAssembly and in JS', () => {
    const rng = new SeededRandom(10)
    const rows = new QuantizedRows(DIM)
    for (let id = 0; id < 300; id++) rows.add(id, Array.from({ length: 1 + (id % 9) }, () => randomUnit(rng, DIM)))
    const q = randomUnit(rng, DIM)
    const qi = new Int8Array(DIM)
    const qScale = rows.quantizeQuery(q, qi)
    const ids = Int32Array.from({ length: 200 }, (_, i) => (i * 37) % 300)
    const want = [...ids].map(id => rows.bestQuantized(id, qi, qScale))
    // Capacities below a card's rows and between cards force every batching path.
    for (const dots of [createInt8Dots(DIM, 20), jsInt8Dots(DIM, 20), createInt8Dots(DIM, 4), createInt8Dots(DIM, 4096)]) {
      const out = new Float32Array(ids.length)
      rows.scoreMany(ids, ids.length, qi, qScale, dots, out)
      for (let i = 0; i < ids.length; i++) expect(out[i]).toBeCloseTo(want[i], 5)
    }
  })
})

describe('AnnSpace', () => {
  it('reuses a removed card key, before and after the graph has it, and visits each live card once', () => {
    const rng = new SeededRandom(11)
    const space = new AnnSpace<string>(DIM)
    const a = space.add('a', [randomUnit(rng, DIM)])
    space.remove(a) // removed while still pending
    const b = space.add('b', [randomUnit(rng, DIM), randomUnit(rng, DIM)])
    expect(b).toBe(a)
    const c = space.add('c', [randomUnit(rng, DIM)])
    const seen = (): string[] => {
      const out: string[] = []
      space.candidates(randomUnit(rng, DIM), 10, false, ref => { out.push(ref) })
      return out.sort()
    }
    expect(seen()).toEqual(['b', 'c'])
    expect(space.graphSize).toBe(2)
    space.remove(c) // removed from the graph
    const d = space.add('d', [randomUnit(rng, DIM)])
    expect(d).toBe(c)
    expect(seen()).toEqual(['b', 'd'])
    expect(space.cardCount).toBe(2)
    expect(space.rowCountOf(b)).toBe(2)
    expect(space.refOf(c)).toBe('d')
  })
})
