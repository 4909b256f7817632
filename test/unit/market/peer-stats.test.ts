import { describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../../../src/errors.js'
import { PeerStats } from '../../../src/market/peer-stats.js'

describe('PeerStats bans', () => {
  it('bans an unresponsive peer for 15 s, doubling on repeat, and a success lifts and resets the ban', () => {
    let now = 1_000_000
    const stats = new PeerStats({ now: () => now })
    stats.recordFailure('p')
    expect(stats.isBanned('p')).toBe(true)
    expect(stats.bannedUntil('p')).toBe(now + 15_000)
    now += 14_999
    expect(stats.isBanned('p')).toBe(true)
    // a failure while banned does not extend the ban
    stats.recordFailure('p')
    expect(stats.bannedUntil('p')).toBe(1_000_000 + 15_000)
    now = 1_000_000 + 15_000
    expect(stats.isBanned('p')).toBe(false)

    stats.recordFailure('p')
    expect(stats.bannedUntil('p')).toBe(now + 30_000)
    now += 30_000
    stats.recordFailure('p')
    expect(stats.bannedUntil('p')).toBe(now + 60_000)

    stats.recordSuccess('p', 4)
    expect(stats.isBanned('p')).toBe(false)
    stats.recordFailure('p')
    expect(stats.bannedUntil('p')).toBe(now + 15_000)
  })

  it('caps the ban and does not ban on answered errors', () => {
    let now = 0
    const stats = new PeerStats({ now: () => now, banMaxMs: 40_000 })
    for (let i = 0; i < 5; i++) {
      stats.recordFailure('p')
      now = stats.bannedUntil('p')
    }
    stats.recordFailure('p')
    expect(stats.bannedUntil('p') - now).toBe(40_000)
    stats.recordFailure('q', { ban: false })
    expect(stats.isBanned('q')).toBe(false)
    expect(stats.get('q')?.failures).toBe(1)
  })
})

describe('PeerStats reputation and latency', () => {
  it('starts unknown peers at 0.5 and moves with outcomes (Beta prior)', () => {
    const stats = new PeerStats({ reputationDecay: 1 })
    expect(stats.reputation('new')).toBe(0.5)
    stats.recordSuccess('a', 1)
    expect(stats.reputation('a')).toBeCloseTo(2 / 3)
    stats.recordFailure('b', { ban: false })
    expect(stats.reputation('b')).toBeCloseTo(1 / 3)
    for (let i = 0; i < 8; i++) stats.recordSuccess('a', 1)
    stats.recordFailure('a', { ban: false })
    expect(stats.reputation('a')).toBeCloseTo(10 / 12)
  })

  it('lets old failures fade so a recovered peer climbs back', () => {
    const stats = new PeerStats()
    for (let i = 0; i < 20; i++) stats.recordFailure('p', { ban: false })
    const low = stats.reputation('p')
    for (let i = 0; i < 60; i++) stats.recordSuccess('p', 1)
    expect(low).toBeLessThan(0.1)
    expect(stats.reputation('p')).toBeGreaterThan(0.75)
  })

  it('keeps an EWMA of latency (alpha 0.2), ignoring bad samples', () => {
    const stats = new PeerStats()
    expect(stats.latencyMs('p')).toBeUndefined()
    stats.recordSuccess('p', 10)
    expect(stats.latencyMs('p')).toBe(10)
    stats.recordSuccess('p', 20)
    expect(stats.latencyMs('p')).toBeCloseTo(12)
    stats.recordSuccess('p', Number.NaN)
    stats.recordSuccess('p', -5)
    expect(stats.latencyMs('p')).toBeCloseTo(12)
    stats.recordFailure('p', { ban: false, latencyMs: 112 })
    expect(stats.latencyMs('p')).toBeCloseTo(32)
  })

  it('forgets the least recently updated peer beyond maxPeers', () => {
    const stats = new PeerStats({ maxPeers: 2 })
    stats.recordSuccess('a', 1)
    stats.recordSuccess('b', 1)
    stats.recordSuccess('a', 1)
    stats.recordSuccess('c', 1)
    expect(stats.snapshot().map(s => s.peerId).sort()).toEqual(['a', 'c'])
  })

  it('validates its options', () => {
    expect(() => new PeerStats({ latencyAlpha: 0 })).toThrow(InvalidOptionError)
    expect(() => new PeerStats({ banBaseMs: 10, banMaxMs: 5 })).toThrow(/banMaxMs/)
  })
})
