import { describe, expect, it } from 'vitest'
import { cardScore, shardCount, shardOf, topCards } from '../../../src/discovery/cell-shards.js'

describe('cell shards', () => {
  it('splits a cell into the fewest power-of-two shards that fit the budget', () => {
    expect(shardCount(0, 512)).toBe(1)
    expect(shardCount(512, 512)).toBe(1)
    expect(shardCount(513, 512)).toBe(2)
    expect(shardCount(8154, 512)).toBe(16)
    expect(shardCount(10_000_000, 512)).toBe(64)
  })

  it('puts every author in one shard, the same on every node, spread over all shards', () => {
    const seen = new Set<number>()
    for (let i = 0; i < 400; i++) {
      const s = shardOf(`peer-${i}`, 7, 16)
      expect(s).toBe(shardOf(`peer-${i}`, 7, 16))
      seen.add(s)
    }
    expect(seen.size).toBe(16)
    expect(shardOf('peer-1', 7, 1)).toBe(0)
    expect(() => shardOf('peer-1', 7, 3)).toThrow()
  })

  it('ranks cards by their best centroid for the query', () => {
    const card = (x: number, y: number): { centroids: Float32Array[] } => ({ centroids: [Float32Array.of(x, y), Float32Array.of(0, -1)] })
    const cards = [card(1, 0), card(0, 1), card(0.7, 0.7), card(-1, 0)]
    expect(cardScore(cards[2].centroids, [1, 0])).toBeCloseTo(0.7)
    expect(topCards(cards, [1, 0], 2)).toEqual([cards[0], cards[2]])
  })
})
