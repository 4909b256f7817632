import { describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../../../src/errors.js'
import { PeerStats } from '../../../src/market/peer-stats.js'
import { planQuery } from '../../../src/routing/planner.js'
import { resolvePolicy, scoreCandidates, type PeerStatsView } from '../../../src/routing/scoring.js'
import type { IndexEntry, SearchHit } from '../../../src/routing/capability-index.js'
import type { CardData } from '../../../src/net/advert-types.js'
import { axis, card, hexId } from './fixtures.js'

function hit (peerId: string, expert: number, similarity: number, extra: Partial<CardData> = {}, local = false): SearchHit {
  const entry: IndexEntry = { peerId, expertId: hexId(expert), card: card(hexId(expert), [axis(0, 4)], extra), local, expiresAt: Infinity, seqno: 1, addrs: [] }
  return { entry, similarity }
}

const neutral: PeerStatsView = { reputation: () => 0.5, latencyMs: () => undefined, isBanned: () => false }

describe('scoreCandidates', () => {
  it('drops cards over maxPricePerExpert, over the whole budget, below minSimilarity and on banned peers', () => {
    const stats = new PeerStats({ now: () => 1_000 })
    stats.recordFailure('banned', { now: 1_000 })
    const hits = [
      hit('a', 1, 0.9, { price: 5 }),
      hit('b', 2, 0.8, { price: 2 }),
      hit('banned', 3, 0.95),
      hit('c', 4, 0.1),
      hit('d', 5, 0.7, { price: 1 })
    ]
    const ids = (policy: Parameters<typeof scoreCandidates>[1]): string[] => scoreCandidates(hits, policy, stats, { now: 1_000 }).map(c => c.peerId)
    expect(ids({})).toEqual(['a', 'b', 'd', 'c'])
    expect(ids({ maxPricePerExpert: 2 })).toEqual(['b', 'd', 'c'])
    expect(ids({ budget: 1.5 })).toEqual(['d', 'c'])
    expect(ids({ minSimilarity: 0.5 })).toEqual(['a', 'b', 'd'])
    // the ban ends after 15 s
    expect(scoreCandidates(hits, {}, stats, { now: 16_001 }).map(c => c.peerId)).toContain('banned')
  })

  it('lets similarity dominate: a clear similarity lead beats the best reputation, latency, load and price', () => {
    const stats = new PeerStats()
    for (let i = 0; i < 50; i++) stats.recordSuccess('good', 1)
    for (let i = 0; i < 50; i++) stats.recordFailure('bad', { ban: false, latencyMs: 10_000 })
    const bad = hit('bad', 1, 0.80, { price: 1_000, load: 1 })
    const good = hit('good', 2, 0.69, { price: 0, load: 0 })
    expect(scoreCandidates([good, bad], {}, stats).map(c => c.peerId)).toEqual(['bad', 'good'])
    // ...but on near-ties the secondary signals decide
    const closeBad = hit('bad', 1, 0.70, { price: 1_000, load: 1 })
    expect(scoreCandidates([closeBad, good], {}, stats).map(c => c.peerId)).toEqual(['good', 'bad'])
    // with zero weights only similarity counts
    expect(scoreCandidates([closeBad, good], { weights: { reputation: 0, latency: 0, load: 0, price: 0 } }, stats)[0].score).toBeCloseTo(0.70)
  })

  it('bounds the total adjustment by the sum of the weights', () => {
    const stats = new PeerStats()
    for (let i = 0; i < 200; i++) stats.recordFailure('bad', { ban: false, latencyMs: 1e9 })
    const [c] = scoreCandidates([hit('bad', 1, 0.5, { price: 1e9, load: 5 })], {}, stats)
    expect(c.score).toBeGreaterThan(0.5 - 0.1)
    expect(c.score).toBeLessThan(0.5 - 0.07)
  })

  it('preferLocal gives the node\'s own experts a bonus', () => {
    const hits = [hit('remote', 1, 0.62), hit('me', 2, 0.6, {}, true)]
    expect(scoreCandidates(hits, {}, neutral)[0].peerId).toBe('remote')
    expect(scoreCandidates(hits, { preferLocal: true }, neutral)[0].peerId).toBe('me')
  })

  it('validates the policy and names the bad field', () => {
    expect(() => resolvePolicy({ k: 0 })).toThrow(InvalidOptionError)
    expect(() => resolvePolicy({ k: 2.5 })).toThrow(/policy\.k/)
    expect(() => resolvePolicy({ budget: -1 })).toThrow(/policy\.budget/)
    expect(() => resolvePolicy({ weights: { latency: Number.NaN } })).toThrow(/policy\.weights\.latency/)
    expect(resolvePolicy({})).toMatchObject({ k: 2, minSimilarity: 0, budget: Infinity, maxPricePerExpert: Infinity, preferLocal: false })
  })
})

describe('planQuery', () => {
  it('takes the k best with at most one card per expert id; the rest become ordered fallbacks', () => {
    const scored = scoreCandidates([
      hit('a', 1, 0.9),
      hit('b', 1, 0.89), // same expert on another peer
      hit('c', 2, 0.8),
      hit('d', 3, 0.7),
      hit('e', 4, 0.6)
    ], {}, neutral)
    const plan = planQuery(scored, { k: 2 })
    expect(plan.primary.map(c => `${c.peerId}/${c.expertId.slice(-1)}`)).toEqual(['a/1', 'c/2'])
    expect(plan.fallbacks.map(c => `${c.peerId}/${c.expertId.slice(-1)}`)).toEqual(['b/1', 'd/3', 'e/4'])
    expect(planQuery(scored, { k: 2, maxFallbacks: 1 }).fallbacks).toHaveLength(1)
  })

  it('keeps the primaries within the budget together', () => {
    const scored = scoreCandidates([
      hit('a', 1, 0.9, { price: 3 }),
      hit('b', 2, 0.8, { price: 3 }),
      hit('c', 3, 0.7, { price: 1 })
    ], {}, neutral)
    const plan = planQuery(scored, { k: 2, budget: 4 })
    expect(plan.primary.map(c => c.peerId)).toEqual(['a', 'c'])
    expect(plan.fallbacks.map(c => c.peerId)).toEqual(['b'])
  })
})
