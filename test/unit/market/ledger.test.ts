import { describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../../../src/errors.js'
import { Ledger } from '../../../src/market/ledger.js'

describe('Ledger', () => {
  it('throttles a peer that consumed far more than it served, beyond the free allowance', () => {
    const ledger = new Ledger({ freeAllowance: 10, throttleRatio: 2 })
    for (let i = 0; i < 10; i++) ledger.recordEarned('leech', 1)
    expect(ledger.shouldThrottle('leech')).toBe(false) // exactly the allowance
    ledger.recordEarned('leech', 1)
    expect(ledger.shouldThrottle('leech')).toBe(true)
    // serving us earns it back: 11 <= 10 + 2 x 1
    ledger.recordSpent('leech', 1)
    expect(ledger.shouldThrottle('leech')).toBe(false)
    expect(ledger.account('leech')).toEqual({ earned: 11, spent: 1, queriesServed: 11, queriesBought: 1 })
    expect(ledger.balance('leech')).toBe(10)
    expect(ledger.shouldThrottle('stranger')).toBe(false)
  })

  it('never throttles over free experts', () => {
    const ledger = new Ledger({ freeAllowance: 0 })
    for (let i = 0; i < 1000; i++) ledger.recordEarned('p', 0)
    expect(ledger.shouldThrottle('p')).toBe(false)
  })

  it('round-trips through toJSON/fromJSON and validates what it reads', () => {
    const ledger = new Ledger()
    ledger.recordEarned('a', 3)
    ledger.recordSpent('b', 2.5)
    const copy = Ledger.fromJSON(JSON.parse(JSON.stringify(ledger)))
    expect(copy.account('a')).toEqual(ledger.account('a'))
    expect(copy.account('b')).toEqual(ledger.account('b'))
    expect(copy.totals()).toEqual({ earned: 3, spent: 2.5, peers: 2 })
    expect(() => Ledger.fromJSON({ version: 2, accounts: {} })).toThrow(InvalidOptionError)
    expect(() => Ledger.fromJSON({ version: 1, accounts: { a: { earned: -1, spent: 0, queriesServed: 0, queriesBought: 0 } } })).toThrow(/ledger\.accounts\.a\.earned/)
    expect(() => ledger.recordEarned('a', Number.NaN)).toThrow(/credits/)
  })
})

describe('Ledger allowance refill', () => {
  it('slows a peer that never serves to the refill rate instead of shutting it out for good', () => {
    let now = 0
    const ledger = new Ledger({ freeAllowance: 10, refillPerSec: 2, now: () => now })
    for (let i = 0; i < 6; i++) ledger.recordEarned('leech', 2) // consumed 12 > 10
    expect(ledger.shouldThrottle('leech')).toBe(true)
    now += 500 // +1 credit: still below zero
    expect(ledger.shouldThrottle('leech')).toBe(true)
    now += 1000 // +2 more: back above zero
    expect(ledger.shouldThrottle('leech')).toBe(false)
    ledger.recordEarned('leech', 1) // credit 1 -> 0: still allowed
    expect(ledger.shouldThrottle('leech')).toBe(false)
    ledger.recordEarned('leech', 1) // -> -1: throttled again
    expect(ledger.shouldThrottle('leech')).toBe(true)
  })

  it('lets a peer earn its way back by serving us', () => {
    const ledger = new Ledger({ freeAllowance: 10, refillPerSec: 0, throttleRatio: 4 })
    for (let i = 0; i < 6; i++) ledger.recordEarned('p', 2)
    expect(ledger.shouldThrottle('p')).toBe(true)
    ledger.recordSpent('p', 1) // we paid it 1 credit: +4
    expect(ledger.shouldThrottle('p')).toBe(false)
  })
})
