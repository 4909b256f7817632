import { describe, expect, it } from 'vitest'
import { Ledger } from '../../../src/market/ledger.js'
import type { ExpertAnswerData, QueryRequestData } from '../../../src/net/query-types.js'
import type { ExpertRunnerComponents, RunQuery } from '../../../src/node/expert-runner.js'
import type { HostedExpertLookup } from '../../../src/node/expert-runner.js'
import { PROBE_BURST, ServingPolicy } from '../../../src/node/serving-policy.js'
import type { QueryHandlerContext } from '../../../src/net/query-server.js'

const PAID = 'aa'.repeat(32)
const FREE = 'bb'.repeat(32)
const BROKEN = 'cc'.repeat(32)
const PRICES: Record<string, number> = { [PAID]: 4, [FREE]: 0, [BROKEN]: 4 }

const runner: ExpertRunnerComponents = {
  experts: { get: (id: string) => (id in PRICES ? { manifest: { price: PRICES[id as keyof typeof PRICES] } } : undefined) } as unknown as HostedExpertLookup,
  spaceId: 'space',
  embed: async () => new Float32Array(2)
}

function request (expertIds: string[]): QueryRequestData {
  return { id: 1, text: 'hello', vector: new Float32Array(0), spaceId: 'space', expertIds, deadlineMs: 1000, maxPrice: 0 }
}

/** A policy whose experts answer at their price (BROKEN fails), counting runs. */
function setup (freeAllowance: number): { policy: ServingPolicy, ledger: Ledger, runs: RunQuery[], signals: Array<AbortSignal | undefined> } {
  const ledger = new Ledger({ freeAllowance, refillPerSec: 0, now: () => 0 })
  const runs: RunQuery[] = []
  const signals: Array<AbortSignal | undefined> = []
  const run = async (_c: ExpertRunnerComponents, q: RunQuery, o: { signal?: AbortSignal } = {}): Promise<ExpertAnswerData[]> => {
    runs.push(q)
    signals.push(o.signal)
    return q.expertIds.map((expertId) => expertId === BROKEN
      ? { expertId, error: 'INTERNAL', latencyMs: 1, price: 0 }
      : { expertId, distribution: new Float32Array([1]), latencyMs: 1, price: PRICES[expertId] })
  }
  return { policy: new ServingPolicy({ runner, ledger, run }), ledger, runs, signals }
}

describe('ServingPolicy', () => {
  it('runs the experts and charges the asking peer for each priced answer that succeeded', async () => {
    const { policy, ledger, runs, signals } = setup(100)
    const signal = new AbortController().signal
    const answers = await policy.handle(request([PAID, FREE, BROKEN]), { peerId: 'peer-a', signal })
    expect(answers.map((a) => a.error ?? 'ok')).toEqual(['ok', 'ok', 'INTERNAL'])
    expect(runs).toHaveLength(1)
    expect(signals[0]).toBe(signal)
    expect(ledger.account('peer-a')).toMatchObject({ earned: 4, queriesServed: 1 })
    expect(ledger.account('peer-b').earned).toBe(0)
  })

  it('answers a free-riding peer PAYMENT_REQUIRED for priced experts without running them, still runs its free ones, and serves others', async () => {
    const { policy, runs } = setup(5)
    const ctx = { peerId: 'greedy', signal: new AbortController().signal }
    await policy.handle(request([PAID]), ctx) // 4 of 5 credits
    await policy.handle(request([PAID]), ctx) // 8: over the allowance
    const answers = await policy.handle(request([PAID, FREE]), ctx)
    expect(answers.find((a) => a.expertId === PAID)).toEqual({ expertId: PAID, error: 'PAYMENT_REQUIRED', latencyMs: 0, price: 0 })
    expect(answers.find((a) => a.expertId === FREE)?.error).toBeUndefined()
    expect(runs).toHaveLength(3)
    expect(runs[2].expertIds).toEqual([FREE])
    const other = await policy.handle(request([PAID]), { peerId: 'polite', signal: ctx.signal })
    expect(other[0].error).toBeUndefined()
    expect(runs).toHaveLength(4)
  })

  it('free answers never throttle a peer', async () => {
    const { policy } = setup(1)
    const ctx = { peerId: 'p', signal: new AbortController().signal }
    for (let i = 0; i < 5; i++) await policy.handle(request([FREE]), ctx)
    expect((await policy.handle(request([FREE]), ctx))[0].error).toBeUndefined()
  })

  it('knows which experts this node hosts', () => {
    const { policy } = setup(1)
    expect(policy.isKnownExpert(PAID)).toBe(true)
    expect(policy.isKnownExpert('dd'.repeat(32))).toBe(false)
  })

  it('answers a peer\'s free competence probes up to its probe budget, OVERLOADED past it, and refills it over time', async () => {
    let now = 0
    const runs: RunQuery[] = []
    const run = async (_c: ExpertRunnerComponents, q: RunQuery): Promise<ExpertAnswerData[]> => {
      runs.push(q)
      return q.expertIds.map((expertId) => ({ expertId, latencyMs: 0, price: 0, competence: 0.5 }))
    }
    const policy = new ServingPolicy({ runner, ledger: new Ledger(), run, now: () => now })
    const probe = { ...request([FREE, PAID, BROKEN]), competenceOnly: true }
    const ctx = (peerId: string): QueryHandlerContext => ({ peerId, signal: new AbortController().signal }) as unknown as QueryHandlerContext
    for (let i = 0; i < PROBE_BURST / 3; i++) expect((await policy.handle(probe, ctx('greedy'))).every((a) => a.error === undefined)).toBe(true)
    const over = await policy.handle(probe, ctx('greedy'))
    expect(over.map((a) => a.error)).toEqual(['OVERLOADED', 'OVERLOADED', 'OVERLOADED'])
    expect(runs).toHaveLength(PROBE_BURST / 3)
    // another peer has its own budget, and ordinary queries are not counted against probes
    expect((await policy.handle(probe, ctx('other')))[0].error).toBeUndefined()
    expect((await policy.handle(request([FREE]), ctx('greedy')))[0].error).toBeUndefined()
    now += 1000 // a second later: PROBE_REFILL_PER_SEC more
    expect((await policy.handle(probe, ctx('greedy')))[0].error).toBeUndefined()
  })

  it('counts each served expert by kind and outcome for the node\'s metrics', async () => {
    const ledger = new Ledger({ freeAllowance: 5, refillPerSec: 0, now: () => 0 })
    const served: string[] = []
    const named = { ...runner, experts: { get: (id: string) => (id in PRICES ? { manifest: { price: PRICES[id], name: `x${id.slice(0, 2)}` } } : undefined) } as unknown as HostedExpertLookup }
    const run = async (_c: ExpertRunnerComponents, q: RunQuery): Promise<ExpertAnswerData[]> => q.expertIds.map((expertId) => expertId === BROKEN
      ? { expertId, error: 'INTERNAL', latencyMs: 1, price: 0 }
      : { expertId, distribution: new Float32Array([1]), latencyMs: 1, price: PRICES[expertId] })
    const policy = new ServingPolicy({ runner: named, ledger, run, metrics: { served: (expert, kind, outcome) => { served.push(`${expert} ${kind} ${outcome}`) } } })
    const ctx = { peerId: 'p', signal: new AbortController().signal }
    await policy.handle(request([PAID, FREE, BROKEN]), ctx)
    await policy.handle(request([PAID]), ctx) // 8 credits: over the allowance of 5
    await policy.handle(request([PAID]), ctx)
    await policy.handle({ ...request([FREE]), competenceOnly: true }, ctx)
    expect(served).toEqual(['xaa answer ok', 'xbb answer ok', 'xcc answer INTERNAL', 'xaa answer ok', 'xaa answer PAYMENT_REQUIRED', 'xbb probe ok'])
  })
})
