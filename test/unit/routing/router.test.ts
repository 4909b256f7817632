import { afterEach, describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../../../src/errors.js'
import { Ledger } from '../../../src/market/ledger.js'
import { PeerStats } from '../../../src/market/peer-stats.js'
import { CapabilityIndex } from '../../../src/routing/capability-index.js'
import { ExpertTimeoutError, NoMatchingExpertError, QueryFailedError } from '../../../src/routing/errors.js'
import { InvalidQueryError } from '../../../src/net/query-errors.js'
import { Router } from '../../../src/routing/router.js'
import type { DispatchOptions, DispatchResult, ExpertDispatcher, RouterQuery } from '../../../src/routing/dispatch.js'
import type { PeerStatsRecorder } from '../../../src/routing/fanout.js'
import type { CardData } from '../../../src/net/advert-types.js'
import { OTHER_SPACE, SPACE, advert, axis, card, hexId, mix } from './fixtures.js'

const DIM = 16
const ME = 'me'

/** What the fake does for one expert. */
type Behaviour =
  | { kind: 'ok', delay?: number, distribution?: number[], price?: number }
  | { kind: 'error', delay?: number, message?: string }
  | { kind: 'throw', delay?: number }
  | { kind: 'hang' } // never settles and ignores the signal

interface Call {
  peerId: string
  local: boolean
  expertIds: string[]
  options: DispatchOptions
  at: number
}

class FakeDispatcher implements ExpertDispatcher {
  readonly calls: Call[] = []
  readonly behaviour = new Map<string, Behaviour>()
  private readonly started = performance.now()

  ask (peerId: string, local: boolean, expertIds: string[], _query: RouterQuery, options: DispatchOptions): Promise<DispatchResult[]> {
    this.calls.push({ peerId, local, expertIds, options, at: performance.now() - this.started })
    const plans = expertIds.map(id => this.behaviour.get(id) ?? { kind: 'ok' as const })
    if (plans.some(p => p.kind === 'hang')) return new Promise(() => {})
    const delay = Math.max(...plans.map(p => ('delay' in p ? p.delay ?? 0 : 0)))
    return new Promise((resolve, reject) => {
      setTimeout(() => {
        if (plans.some(p => p.kind === 'throw')) {
          reject(new Error('connection refused'))
          return
        }
        resolve(expertIds.map((expertId, i) => {
          const p = plans[i]
          if (p.kind === 'error') return { expertId, error: p.message ?? 'OVERLOADED', latencyMs: 1, price: 0 }
          const ok = p as { distribution?: number[], price?: number }
          return { expertId, distribution: new Float32Array(ok.distribution ?? [0.9, 0.1]), latencyMs: 1, price: ok.price ?? 0 }
        }))
      }, delay)
    })
  }

  calledExperts (): number[] {
    return this.calls.flatMap(c => c.expertIds).map(id => Number.parseInt(id.slice(-2), 16) - 0xe0)
  }
}

/**
 * Experts 0..5 on axes 0..5; the query leans on the axes with falling weight, so expert i is the i-th best.
 * Expert i lives on peer `p${i}` unless `peers` says otherwise.
 */
function setup (options: { peers?: Record<number, string>, cards?: Record<number, Partial<CardData>>, experts?: number } = {}): { index: CapabilityIndex, dispatcher: FakeDispatcher, stats: PeerStats, router: Router, query: RouterQuery } {
  const index = new CapabilityIndex()
  const byPeer = new Map<string, CardData[]>()
  for (let i = 0; i < (options.experts ?? 6); i++) {
    const peer = options.peers?.[i] ?? `p${i}`
    const list = byPeer.get(peer) ?? []
    list.push(card(hexId(i, 'e'), [axis(i, DIM)], options.cards?.[i] ?? {}))
    byPeer.set(peer, list)
  }
  for (const [peer, cards] of byPeer) {
    if (peer === ME) index.setLocal(ME, cards)
    else index.applyAdvert(advert(peer, 1, cards))
  }
  const dispatcher = new FakeDispatcher()
  const stats = new PeerStats()
  const router = new Router({ index, dispatcher, peerStats: stats, localPeerId: ME })
  const query = { text: 'what is this', vector: mix([6, 5, 4, 3, 2, 1], DIM), spaceId: SPACE }
  return { index, dispatcher, stats, router, query }
}

function answeredBy (answer: { experts: Array<{ expert: string }> }): number[] {
  return answer.experts.map(e => Number.parseInt(e.expert.slice(-2), 16) - 0xe0)
}

describe('Router', () => {
  let timers: Array<ReturnType<typeof setTimeout>> = []
  afterEach(() => {
    for (const t of timers) clearTimeout(t)
    timers = []
  })

  it('answers from the top-k experts and reports provenance and timing', async () => {
    const { router, dispatcher, query, stats } = setup()
    dispatcher.behaviour.set(hexId(0), { kind: 'ok', distribution: [0.2, 0.8] })
    const answer = await router.route(query, { k: 2, embedMs: 0.5 })
    expect(answeredBy(answer)).toEqual([0, 1])
    expect(dispatcher.calledExperts().sort()).toEqual([0, 1])
    expect(answer.strategy).toBe('top1')
    expect(answer.label).toBe('no')
    expect(answer.confidence).toBeCloseTo(0.8)
    expect(answer.distribution).toEqual({ yes: expect.closeTo(0.2, 5), no: expect.closeTo(0.8, 5) })
    expect(answer.experts[0]).toMatchObject({ peer: 'p0', name: card(hexId(0), [axis(0, DIM)]).name, answer: { label: 'no' }, price: 0 })
    expect(answer.experts[0].similarity).toBeGreaterThan(answer.experts[1].similarity)
    expect(answer.failed).toEqual([])
    expect(answer.timing.embedMs).toBe(0.5)
    expect(answer.timing.routeMs).toBeLessThan(answer.timing.totalMs)
    expect(stats.latencyMs('p0')).toBeDefined()
  })

  it('replaces a failing expert with the next-best fallback and bans its peer', async () => {
    const { router, dispatcher, query, stats } = setup()
    dispatcher.behaviour.set(hexId(0), { kind: 'throw', delay: 5 })
    const answer = await router.route(query, { k: 2, timeoutMs: 1_000 })
    expect(answeredBy(answer)).toEqual([1, 2])
    expect(answer.failed).toEqual([expect.objectContaining({ peer: 'p0', code: 'EXPERT_UNREACHABLE' })])
    expect(stats.isBanned('p0')).toBe(true)
    // the banned peer is skipped by the next query
    dispatcher.calls.length = 0
    const next = await router.route(query, { k: 2 })
    expect(answeredBy(next)).toEqual([1, 2])
    expect(dispatcher.calls.some(c => c.peerId === 'p0')).toBe(false)
  })

  it('replaces an expert that answers with an error, without banning its peer', async () => {
    const { router, dispatcher, query, stats } = setup()
    dispatcher.behaviour.set(hexId(1), { kind: 'error', message: 'OVERLOADED' })
    dispatcher.behaviour.set(hexId(2), { kind: 'ok', distribution: [1, 2, 3] }) // 3 values for 2 labels
    const answer = await router.route(query, { k: 2 })
    expect(answeredBy(answer)).toEqual([0, 3])
    expect(answer.failed.map(f => [f.peer, f.code])).toEqual([['p1', 'EXPERT_ERROR'], ['p2', 'INVALID_ANSWER']])
    expect(stats.isBanned('p1')).toBe(false)
    expect(stats.get('p1')?.failures).toBe(1)
  })

  it('backs up a slow expert with the next fallback and aborts it once enough answers are in', async () => {
    const { router, dispatcher, query } = setup()
    dispatcher.behaviour.set(hexId(0), { kind: 'ok', delay: 5_000 })
    const t0 = performance.now()
    const answer = await router.route(query, { k: 2, timeoutMs: 400 }) // hedges after 200 ms
    const elapsed = performance.now() - t0
    expect(answeredBy(answer)).toEqual([1, 2])
    expect(elapsed).toBeGreaterThanOrEqual(195)
    expect(elapsed).toBeLessThan(400)
    const slow = dispatcher.calls.find(c => c.peerId === 'p0')
    const hedge = dispatcher.calls.find(c => c.peerId === 'p2')
    expect(hedge?.at).toBeGreaterThanOrEqual(195)
    expect(slow?.options.signal.aborted).toBe(true)
    expect((slow?.options.signal.reason as Error).name).toBe('ExpertCancelledError')
    expect(answer.failed).toEqual([expect.objectContaining({ peer: 'p0', code: 'EXPERT_TIMEOUT' })])
  })

  it('cancels a straggler that was merely slower than the k answers, without blaming it', async () => {
    const { router, dispatcher, query, stats } = setup()
    // expert 0 is hedged at 200 ms by expert 1, then answers first (260 ms); expert 1 is still running
    dispatcher.behaviour.set(hexId(0), { kind: 'ok', delay: 260 })
    dispatcher.behaviour.set(hexId(1), { kind: 'ok', delay: 300 })
    const answer = await router.route(query, { k: 1, timeoutMs: 400 })
    expect(answeredBy(answer)).toEqual([0])
    const straggler = dispatcher.calls.find(c => c.peerId === 'p1')
    expect(straggler?.options.signal.aborted).toBe(true)
    expect((straggler?.options.signal.reason as Error).name).toBe('ExpertCancelledError')
    expect(answer.failed).toEqual([])
    expect(stats.get('p1')).toBeUndefined()
    expect(stats.get('p0')?.successes).toBe(1)
  })

  it('ends by the deadline even when every dispatcher call hangs and ignores its signal', async () => {
    const { router, dispatcher, query, stats } = setup()
    for (let i = 0; i < 6; i++) dispatcher.behaviour.set(hexId(i), { kind: 'hang' })
    const t0 = performance.now()
    const err = await router.route(query, { k: 2, timeoutMs: 250 }).catch((e: unknown) => e)
    const elapsed = performance.now() - t0
    expect(err).toBeInstanceOf(QueryFailedError)
    expect(err).toBeInstanceOf(AggregateError)
    expect((err as QueryFailedError).code).toBe('QUERY_FAILED')
    expect((err as QueryFailedError).errors.length).toBeGreaterThanOrEqual(2)
    expect((err as QueryFailedError).errors.every(e => e instanceof ExpertTimeoutError)).toBe(true)
    expect(elapsed).toBeGreaterThanOrEqual(245)
    expect(elapsed).toBeLessThan(250 + 150) // the deadline, plus event-loop slack on a loaded CI machine
    // primaries at 0, hedges at 125 ms, and every pending call is aborted at the deadline
    expect(dispatcher.calls.length).toBe(4)
    expect(dispatcher.calls.every(c => c.options.signal.aborted)).toBe(true)
    expect(dispatcher.calls.every(c => c.options.timeoutMs <= 250)).toBe(true)
    expect(stats.isBanned('p0')).toBe(true)
  })

  it('returns the answers that arrived when the deadline cuts the rest off', async () => {
    const { router, dispatcher, query } = setup({ experts: 2 })
    dispatcher.behaviour.set(hexId(1), { kind: 'hang' })
    const t0 = performance.now()
    const answer = await router.route(query, { k: 2, timeoutMs: 200 })
    expect(performance.now() - t0).toBeLessThan(200 + 150)
    expect(answeredBy(answer)).toEqual([0])
    expect(answer.failed).toEqual([expect.objectContaining({ peer: 'p1', code: 'EXPERT_TIMEOUT' })])
  })

  it('fails fast with QueryFailedError when every candidate fails before the deadline', async () => {
    const { router, dispatcher, query } = setup({ experts: 3 })
    for (let i = 0; i < 3; i++) dispatcher.behaviour.set(hexId(i), { kind: 'throw' })
    const t0 = performance.now()
    await expect(router.route(query, { k: 2, timeoutMs: 2_000 })).rejects.toThrow(QueryFailedError)
    expect(performance.now() - t0).toBeLessThan(1_000) // far from the 2 s deadline
  })

  it('throws NoMatchingExpertError when no card is in the space or none passes the policy', async () => {
    const { router, query } = setup({ cards: { 0: { price: 5 }, 1: { price: 5 }, 2: { price: 5 }, 3: { price: 5 }, 4: { price: 5 }, 5: { price: 5 } } })
    const other = await router.route({ ...query, spaceId: OTHER_SPACE }).catch((e: unknown) => e)
    expect(other).toBeInstanceOf(NoMatchingExpertError)
    expect(other).toMatchObject({ reason: 'no-cards', code: 'NO_MATCHING_EXPERT', name: 'NoMatchingExpertError' })
    const pricey = await router.route(query, { policy: { maxPricePerExpert: 1 } }).catch((e: unknown) => e)
    expect(pricey).toMatchObject({ reason: 'policy' })
    // An explicit minimum similarity no card reaches is an abstention, unless the caller turned abstention off.
    const dissimilar = await router.route(query, { policy: { minSimilarity: 0.99 }, abstain: false }).catch((e: unknown) => e)
    expect(dissimilar).toMatchObject({ reason: 'policy' })
    const abstained = await router.route(query, { policy: { minSimilarity: 0.99 } })
    expect(abstained).toMatchObject({ label: null, abstained: true, confidence: 0, experts: [] })
    expect(abstained.reason).toContain('min_similarity 0.99')
    expect(abstained.nearest?.length).toBe(3)
  })

  it('groups experts on the same peer into one ask and dispatches local experts in-process', async () => {
    const { router, dispatcher, query } = setup({ peers: { 0: 'shared', 1: 'shared', 2: ME } })
    const answer = await router.route(query, { k: 3 })
    expect(answeredBy(answer)).toEqual([0, 1, 2])
    expect(dispatcher.calls).toHaveLength(2)
    const shared = dispatcher.calls.find(c => c.peerId === 'shared')
    expect(shared?.expertIds.sort()).toEqual([hexId(0), hexId(1)])
    expect(shared?.local).toBe(false)
    expect(dispatcher.calls.find(c => c.peerId === ME)?.local).toBe(true)
  })

  it('stops at the budget: a fallback that would overspend is not called', async () => {
    const { index, dispatcher, query } = setup({ cards: { 0: { price: 1 }, 1: { price: 1 }, 2: { price: 3 }, 3: { price: 1 } } })
    const ledger = new Ledger()
    const withLedger = new Router({ index, dispatcher, peerStats: new PeerStats(), localPeerId: ME, ledger })
    dispatcher.behaviour.set(hexId(0), { kind: 'throw' })
    dispatcher.behaviour.set(hexId(1), { kind: 'ok', price: 1 })
    const answer = await withLedger.route(query, { k: 2, policy: { budget: 3 } })
    // 0 failed; 2 costs 3 (with 1 in flight at 1: over budget), so 3 is called instead
    expect(answeredBy(answer)).toEqual([1, 3])
    expect(dispatcher.calledExperts()).not.toContain(2)
    expect(ledger.account('p1').spent).toBe(1)
  })

  it('books at most the advertised price, however much a peer claims (and does not crash on absurd claims)', async () => {
    const { index, dispatcher, query } = setup({ cards: { 0: { price: 2 }, 1: { price: 1 } } })
    const ledger = new Ledger()
    const withLedger = new Router({ index, dispatcher, peerStats: new PeerStats(), localPeerId: ME, ledger })
    dispatcher.behaviour.set(hexId(0), { kind: 'ok', price: 2e9 })
    dispatcher.behaviour.set(hexId(1), { kind: 'ok', price: 0.5 })
    const answer = await withLedger.route(query, { k: 2 })
    expect(answeredBy(answer)).toEqual([0, 1])
    expect(ledger.account('p0').spent).toBe(2)
    expect(ledger.account('p1').spent).toBe(0.5)
  })

  it('keeps no account with itself: a priced expert of its own is not booked as spent', async () => {
    const { index, dispatcher, query } = setup({ peers: { 0: ME }, cards: { 0: { price: 2 }, 1: { price: 1 } } })
    const ledger = new Ledger()
    const withLedger = new Router({ index, dispatcher, peerStats: new PeerStats(), localPeerId: ME, ledger })
    dispatcher.behaviour.set(hexId(0), { kind: 'ok', price: 2 })
    dispatcher.behaviour.set(hexId(1), { kind: 'ok', price: 1 })
    const answer = await withLedger.route(query, { k: 2 })
    expect(answeredBy(answer)).toEqual([0, 1])
    expect(ledger.account(ME).spent).toBe(0)
    expect(ledger.account('p1').spent).toBe(1)
    expect(ledger.totals().spent).toBe(1)
  })

  it('does not ban a peer for a query this node refused to send (too long for the wire)', async () => {
    const { router, dispatcher, query, stats } = setup()
    dispatcher.ask = async () => { throw new InvalidQueryError('request', 'text is longer than 16384 bytes') }
    await expect(router.route(query, { k: 1, timeoutMs: 500 })).rejects.toBeInstanceOf(QueryFailedError)
    for (let i = 0; i < 6; i++) expect(stats.isBanned(`p${i}`)).toBe(false)
  })

  it('aborts everything when the caller aborts', async () => {
    const { router, dispatcher, query } = setup()
    for (let i = 0; i < 6; i++) dispatcher.behaviour.set(hexId(i), { kind: 'hang' })
    const controller = new AbortController()
    timers.push(setTimeout(() => { controller.abort(new Error('user went away')) }, 30))
    const t0 = performance.now()
    await expect(router.route(query, { signal: controller.signal, timeoutMs: 2_000 })).rejects.toThrow('user went away')
    expect(performance.now() - t0).toBeLessThan(200)
    expect(dispatcher.calls.every(c => c.options.signal.aborted)).toBe(true)
    const aborted = new AbortController()
    aborted.abort()
    await expect(router.route(query, { signal: aborted.signal })).rejects.toThrow()
  })

  it('combines different label sets with the mixture strategy', async () => {
    const { router, dispatcher, query } = setup({ cards: { 0: { labels: ['spam', 'ham'] }, 1: { labels: ['ham', 'news', 'sports'] } } })
    dispatcher.behaviour.set(hexId(0), { kind: 'ok', distribution: [0.55, 0.45] })
    dispatcher.behaviour.set(hexId(1), { kind: 'ok', distribution: [0.9, 0.05, 0.05] })
    const answer = await router.route(query, { k: 2, strategy: 'mixture' })
    expect(Object.keys(answer.distribution).sort()).toEqual(['ham', 'news', 'spam', 'sports'])
    expect(Object.values(answer.distribution).reduce((a, b) => a + b, 0)).toBeCloseTo(1)
    expect(answer.label).toBe('ham')
    const top1 = await router.route(query, { k: 2, strategy: 'top1' })
    expect(top1.label).toBe('spam')
  })

  it('validates its options and names the field', async () => {
    const { router, query } = setup()
    await expect(router.route(query, { timeoutMs: 0 })).rejects.toThrow(InvalidOptionError)
    await expect(router.route(query, { k: 99 })).rejects.toThrow(/policy\.k/)
    await expect(router.route(query, { strategy: 'best' as 'top1' })).rejects.toThrow(/strategy/)
    await expect(router.route({ ...query, vector: new Float32Array(3).fill(1) })).rejects.toThrow(/query\.vector/)
  })

  it('market PeerStats satisfies the router\'s narrow interface', () => {
    const recorder: PeerStatsRecorder = new PeerStats()
    recorder.recordSuccess('x', 1)
    expect(recorder.reputation('x')).toBeGreaterThan(0.5)
  })
})
