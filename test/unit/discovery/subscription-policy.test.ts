import { describe, expect, it } from 'vitest'
import { SubscriptionPolicy, homeCellsOf } from '../../../src/discovery/subscription-policy.js'
import { InvalidOptionError } from '../../../src/errors.js'

describe('SubscriptionPolicy', () => {
  it('picks the same home cells for a peer id every time, and spreads peers over the cells', () => {
    expect(homeCellsOf('peer-a', 64, 2)).toEqual(homeCellsOf('peer-a', 64, 2))
    expect(homeCellsOf('peer-a', 64, 2)).toHaveLength(2)
    const covered = new Set<number>()
    for (let i = 0; i < 200; i++) for (const c of homeCellsOf(`peer-${i}`, 64, 2)) covered.add(c)
    expect(covered.size).toBeGreaterThan(56) // 400 picks over 64 cells leave almost none empty
  })

  it('holds home cells always and the most recently queried cells up to the cap', () => {
    const policy = new SubscriptionPolicy({ cells: 64, peerId: 'peer-x', homeCells: 2, maxQueryCells: 3 })
    const home = [...policy.home]
    const others = Array.from({ length: 64 }, (_, i) => i).filter(c => !home.includes(c))
    expect(policy.held()).toEqual(home)
    let change = policy.noteQuery([others[0], others[1]], 0)
    expect(change.join).toEqual([others[0], others[1]])
    expect(change.leave).toEqual([])
    // a query on a home cell changes nothing
    expect(policy.noteQuery([home[0]], 1)).toEqual({ join: [], leave: [] })
    change = policy.noteQuery([others[2], others[3]], 2)
    // four query cells, cap three: the least recently asked goes (others[1]: of one query, the nearest cell,
    // others[0], counts as the more recent)
    expect(change.join).toEqual([others[2], others[3]])
    expect(change.leave).toEqual([others[1]])
    expect(policy.holds(others[0])).toBe(true)
    expect(policy.held()).toHaveLength(5)
  })

  it('leaves query cells idle for longer than the idle time, never home cells', () => {
    const policy = new SubscriptionPolicy({ cells: 16, peerId: 'peer-y', homeCells: 1, maxQueryCells: 4, queryCellIdleMs: 1000 })
    const other = Array.from({ length: 16 }, (_, i) => i).find(c => !policy.home.includes(c)) as number
    policy.noteQuery([other], 0)
    expect(policy.expire(500)).toEqual({ join: [], leave: [] })
    expect(policy.expire(1000)).toEqual({ join: [], leave: [other] })
    expect(policy.held()).toEqual([...policy.home])
  })

  it('refuses cells outside the codebook and bad options', () => {
    const policy = new SubscriptionPolicy({ cells: 8, peerId: 'p' })
    expect(() => policy.noteQuery([8])).toThrow(InvalidOptionError)
    expect(() => new SubscriptionPolicy({ cells: 8, peerId: '' })).toThrow(InvalidOptionError)
    expect(() => new SubscriptionPolicy({ cells: 8, peerId: 'p', homeCells: 9 })).toThrow(InvalidOptionError)
  })

  it('works with a codebook smaller than its default cell counts when none are given', () => {
    const policy = new SubscriptionPolicy({ cells: 1, peerId: 'p' })
    expect(policy.home).toEqual([0])
    expect(() => policy.noteQuery([0])).not.toThrow()
  })
})
