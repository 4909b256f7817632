import { describe, expect, it } from 'vitest'
import { QualityBook } from '../../../src/market/quality-book.js'
import { MemoryQualityStore } from '../../../src/market/quality-store.js'
import { clippedWeightedMedian, weightedMedian } from '../../../src/market/clipped-median.js'
import { cardDigest, cardKey } from '../../../src/market/card-digest.js'
import { PeerStats } from '../../../src/market/peer-stats.js'
import type { CardData } from '../../../src/net/advert-types.js'

function card (over: Partial<CardData> = {}): CardData {
  return {
    expertId: 'a'.repeat(64), name: 'animals', version: '1', task: 'classification', description: '', labels: ['cat', 'dog', 'cow', 'owl'],
    spaceId: 's'.repeat(64), centroids: [Float32Array.from([1, 0, 0])], dim: 3, price: 1, load: 0, inputKind: 'embedding', accuracy: 0.8,
    modelSha256: 'b'.repeat(64), ...over
  }
}
const right = { correct: true, nll: 0.2, brier: 0.1 }
const wrong = { correct: false, nll: 9.2, brier: 1.9 }

describe('card digest', () => {
  it('changes with the model, the name, the labels or the centroids, not with price or load', () => {
    const base = cardDigest(card())
    expect(cardDigest(card({ price: 5, load: 0.7, description: 'x', accuracy: 0.1 }))).toBe(base)
    expect(cardDigest(card({ modelSha256: 'c'.repeat(64) }))).not.toBe(base)
    expect(cardDigest(card({ name: 'animals2' }))).not.toBe(base)
    expect(cardDigest(card({ labels: ['cat', 'dog'] }))).not.toBe(base)
    expect(cardDigest(card({ centroids: [Float32Array.from([0, 1, 0])] }))).not.toBe(base)
    expect(cardKey('peerA', card())).toBe(`peerA/${base}`)
  })
})

describe('QualityBook', () => {
  it('keeps a new card in quarantine until 3 results, then scores it with its measured accuracy', () => {
    const book = new QualityBook()
    const c = card()
    expect(book.assess('p', c).state).toBe('quarantined')
    book.recordProbe('p', c, right)
    book.recordProbe('p', c, right)
    book.recordProbe('p', c, right)
    expect(book.assess('p', c).state).toBe('quarantined')
    expect(book.assess('p', c).samples).toBeCloseTo(2.925625, 5)
    book.recordProbe('p', c, wrong)
    const q = book.assess('p', c)
    expect(q.state).toBe('scored')
    expect(q.accuracy).toBeGreaterThan(0.7)
    expect(q.accuracy).toBeLessThan(0.8)
  })

  it('distrusts a card measured far below its claim, or confidently wrong, and lowers its peer\'s reputation', () => {
    const stats = new PeerStats()
    const book = new QualityBook({ onOutcome: (peer, good) => { stats.recordQuality(peer, good) } })
    const liar = card({ accuracy: 0.99, name: 'liar' })
    const honest = card({ accuracy: 0.3, name: 'weak' })
    for (let i = 0; i < 4; i++) book.recordProbe('liar', liar, wrong)
    const q = book.assess('liar', liar)
    expect(q.state).toBe('distrusted')
    expect(q.reason).toMatch(/claimed 99%/)
    // an honest weak expert that claims what it does (30%) is scored, not distrusted, even with wrong answers
    for (const o of [right, { correct: false, nll: 1.5, brier: 0.9 }, { correct: false, nll: 1.4, brier: 0.8 }, right]) book.recordProbe('honest', honest, o)
    expect(book.assess('honest', honest).state).toBe('scored')
    expect(stats.reputation('liar')).toBeLessThan(0.35)
    expect(stats.reputation('honest')).toBeGreaterThan(0.5)
    // confidently wrong, whatever it claims
    const modest = card({ accuracy: 0.05, name: 'modest' })
    for (let i = 0; i < 6; i++) book.recordProbe('m', modest, wrong)
    expect(book.assess('m', modest)).toMatchObject({ state: 'distrusted', reason: expect.stringMatching(/confidently wrong/) })
  })

  it('distrusts a card whose gate claims most probes of other label spaces, without any call', () => {
    const book = new QualityBook()
    const c = card()
    for (let i = 0; i < 19; i++) book.recordForeignClaim('p', c, true)
    expect(book.assess('p', c).state).toBe('quarantined')
    book.recordForeignClaim('p', c, true)
    expect(book.assess('p', c)).toMatchObject({ state: 'distrusted', foreignClaimShare: 1 })
    const narrow = card({ name: 'narrow' })
    for (let i = 0; i < 40; i++) book.recordForeignClaim('p', narrow, i % 5 === 0)
    expect(book.assess('p', narrow).state).toBe('quarantined')
  })

  it('fades old results: by sample (newer results weigh more) and by time (half-life)', () => {
    let now = 0
    const book = new QualityBook({ now: () => now, halfLifeMs: 1_000, sampleDecay: 0.5 })
    const c = card({ accuracy: 0.5 })
    for (let i = 0; i < 6; i++) book.recordProbe('p', c, wrong)
    for (let i = 0; i < 3; i++) book.recordProbe('p', c, right)
    // with decay 0.5 the three recent right answers hold 7/8 of the weight
    expect(book.assess('p', c).accuracy).toBeGreaterThan(0.8)
    const before = book.assess('p', c).samples
    now += 1_000
    expect(book.assess('p', c).samples).toBeCloseTo(before / 2, 5)
    now += 10_000
    // a card not probed for many half-lives is back under the scored threshold: quarantine again
    expect(book.assess('p', c).state).toBe('quarantined')
  })

  it('combines attested scores by a clipped weighted median: a lone outlier validator moves a card little', () => {
    let now = 0
    const book = new QualityBook({ now: () => now })
    const c = card({ accuracy: 0.8 })
    const key = cardKey('p', c)
    for (const v of ['v1', 'v2', 'v3', 'v4']) book.recordAttestations(v, [{ key, accuracy: 0.8, nll: 0.5, samples: 10 }])
    book.recordAttestations('sybil', [{ key, accuracy: 0, nll: 9, samples: 1000 }])
    const q = book.assess('p', c)
    expect(q.state).toBe('scored')
    expect(q.attested?.validators).toBe(5)
    // the sybil's 0 is clipped to 0.8 - 0.1 and holds a fifth of the weight: 0.8 - 0.02
    expect(q.accuracy).toBeCloseTo(0.78, 5)
    // a peer's attestation of its own card does not count
    const own = card({ name: 'own' })
    book.recordAttestations('q', [{ key: cardKey('q', own), accuracy: 1, nll: 0, samples: 50 }])
    expect(book.assess('q', own).state).toBe('quarantined')
    now += 1
    expect(book.validatorWeight('v1')).toBeGreaterThan(0)
    expect(book.validatorWeight('unknown')).toBe(0)
  })

  it('weighs validators by how long we have heard them and by settled volume, not by anything they declare', () => {
    let now = 0
    const book = new QualityBook({ now: () => now, settledVolume: (p) => p === 'paid' ? 100 : 0 })
    book.recordAttestations('old', [])
    now += 3_600_000
    book.recordAttestations('new', [])
    book.recordAttestations('paid', [])
    expect(book.validatorWeight('old')).toBe(1)
    expect(book.validatorWeight('new')).toBeCloseTo(1 / 60, 5)
    expect(book.validatorWeight('paid')).toBeCloseTo((1 / 60) * (1 + Math.log1p(100)), 5)
  })

  it('publishes its own figures, freshest first, and keeps them in the store it was given', () => {
    const store = new MemoryQualityStore()
    let now = 0
    const book = new QualityBook({ store, now: () => now })
    book.recordProbe('p1', card(), right)
    now += 10
    book.recordProbe('p2', card({ name: 'b' }), wrong)
    const scores = book.ownScores()
    expect(scores.map(s => s.key.split('/')[0])).toEqual(['p2', 'p1'])
    expect(scores[1].accuracy).toBe(1)
    expect(scores[1].samples).toBeCloseTo(1, 5)
    expect([...store.entries()]).toHaveLength(2)
  })
})

describe('clipped weighted median', () => {
  it('is the weighted median, and clipping bounds any value to it +- clip', () => {
    expect(weightedMedian([])).toBeUndefined()
    expect(weightedMedian([{ value: 1, weight: 1 }, { value: 5, weight: 3 }])).toBe(5)
    expect(weightedMedian([{ value: 1, weight: 3 }, { value: 5, weight: 1 }])).toBe(1)
    // a minority far above cannot drag the result more than clip x its weight share
    const v = clippedWeightedMedian([{ value: 0.5, weight: 1 }, { value: 0.52, weight: 1 }, { value: 1, weight: 1 }], 0.1)
    expect(v).toBeCloseTo((0.5 + 0.52 + 0.62) / 3, 6)
    expect(clippedWeightedMedian([{ value: 0.5, weight: 0 }, { value: Number.NaN, weight: 1 }], 0.1)).toBeUndefined()
  })
})
