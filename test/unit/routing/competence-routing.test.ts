import { describe, expect, it } from 'vitest'
import { PeerStats } from '../../../src/market/peer-stats.js'
import { CapabilityIndex } from '../../../src/routing/capability-index.js'
import { Router } from '../../../src/routing/router.js'
import { COMPETENCE_PROBES } from '../../../src/routing/constants.js'
import type { DispatchOptions, DispatchResult, ExpertDispatcher, RouterQuery } from '../../../src/routing/dispatch.js'
import type { CardData, CardGate } from '../../../src/net/advert-types.js'
import { SPACE, advert, axis, card, hexId, mix } from './fixtures.js'

const DIM = 16
const ME = 'me'

/** What the fake does for one expert: its competence score, its answer, and how its peer fails. */
interface Behaviour {
  competence?: number
  privateCompetence?: number
  inDomain?: number
  distribution?: number[]
  /** 'throw' fails the peer's calls; 'hang' never settles them; probe-only variants affect only competence probes. */
  fail?: 'throw' | 'hang' | 'probe-throw' | 'probe-hang'
}

interface Call { peerId: string, expertIds: string[], options: DispatchOptions }

class FakeDispatcher implements ExpertDispatcher {
  readonly calls: Call[] = []
  readonly behaviour = new Map<number, Behaviour>()

  async ask (peerId: string, _local: boolean, expertIds: string[], _query: RouterQuery, options: DispatchOptions): Promise<DispatchResult[]> {
    this.calls.push({ peerId, expertIds, options })
    const plans = expertIds.map(id => this.behaviour.get(idOf(id)) ?? {})
    const probe = options.competenceOnly === true
    if (plans.some(p => p.fail === 'hang' || (probe && p.fail === 'probe-hang'))) return await new Promise(() => {})
    await new Promise(resolve => setTimeout(resolve, 1))
    if (plans.some(p => p.fail === 'throw' || (probe && p.fail === 'probe-throw'))) throw new Error('connection refused')
    return expertIds.map((expertId, i) => {
      const p = plans[i]
      const competence = {
        ...(p.competence !== undefined ? { competence: p.competence } : {}),
        ...(p.privateCompetence !== undefined ? { privateCompetence: p.privateCompetence } : {}),
        ...(p.inDomain !== undefined ? { inDomain: p.inDomain } : {})
      }
      if (probe) return { expertId, latencyMs: 0, price: 0, ...competence }
      return { expertId, distribution: new Float32Array(p.distribution ?? [0.9, 0.1]), latencyMs: 1, price: 0, ...competence }
    })
  }

  probes (): Call[] { return this.calls.filter(c => c.options.competenceOnly === true) }
  asks (): Call[] { return this.calls.filter(c => c.options.competenceOnly !== true) }
  askedExperts (): number[] { return this.asks().flatMap(c => c.expertIds).map(idOf) }
  probedExperts (): number[] { return this.probes().flatMap(c => c.expertIds).map(idOf).sort() }
}

function idOf (expertId: string): number {
  return Number.parseInt(expertId.slice(-2), 16) - 0xe0
}

/** A gate that looks at one axis: logit = 10 * query[axis] + bias. */
function gateOn (i: number, bias = 0, abstainBelow = -10): CardGate {
  const weights = new Int8Array(DIM)
  weights[i] = 127
  return { weights, scale: 10 / 127, bias, abstainBelow }
}

/**
 * Experts 0..5 with centroids on axes 0..5 and gates on their own axis (biases as given); the query leans on the
 * axes with falling weight, so without biases expert i is the i-th best by centroid and by gate.
 */
function setup (options: { biases?: number[], cut?: number, peers?: Record<number, string>, gateless?: number[], query?: Float32Array } = {}): { dispatcher: FakeDispatcher, router: Router, query: RouterQuery } {
  const index = new CapabilityIndex()
  const byPeer = new Map<string, CardData[]>()
  for (let i = 0; i < 6; i++) {
    const peer = options.peers?.[i] ?? `p${i}`
    const extra: Partial<CardData> = options.gateless?.includes(i) === true ? {} : { gate: gateOn(i, options.biases?.[i] ?? 0, options.cut) }
    byPeer.set(peer, [...byPeer.get(peer) ?? [], card(hexId(i, 'e'), [axis(i, DIM)], extra)])
  }
  for (const [peer, cards] of byPeer) index.applyAdvert(advert(peer, 1, cards))
  const dispatcher = new FakeDispatcher()
  const router = new Router({ index, dispatcher, peerStats: new PeerStats(), localPeerId: ME })
  return { dispatcher, router, query: { text: 'what is this', vector: options.query ?? mix([6, 5, 4, 3, 2, 1], DIM), spaceId: SPACE } }
}

describe('Router, competence routing (the default when cards carry gates)', () => {
  it('routes by gate logit, not by centroid similarity', async () => {
    // Expert 3 is only 4th by similarity, but its owner's gate claims the query.
    const { router, dispatcher, query } = setup({ biases: [0, 0, 0, 8, 0, 0] })
    const answer = await router.route(query)
    expect(answer.strategy).toBe('competence')
    expect(answer.abstained).toBe(false)
    expect(dispatcher.askedExperts()).toEqual([3])
    expect(answer.experts.map(e => idOf(e.expert))).toEqual([3])
    expect(answer.experts[0]).toMatchObject({ gated: true })
    expect(answer.experts[0].gateLogit).toBeCloseTo(10 * query.vector[3] + 8, 1)
    expect(answer.label).toBe('yes')
  })

  it('asks the chosen expert for its answer without the competence scores the probes already brought', async () => {
    const { router, dispatcher, query } = setup({ biases: [0, 0, 0, 8, 0, 0] })
    await router.route(query)
    expect(dispatcher.probes().every(c => c.options.withoutCompetence !== true)).toBe(true)
    expect(dispatcher.asks().length).toBeGreaterThan(0)
    expect(dispatcher.asks().every(c => c.options.withoutCompetence === true)).toBe(true)
  })

  it('probes only the top 3 candidates by gate, once per peer, in parallel, with competenceOnly', async () => {
    const { router, dispatcher, query } = setup({ peers: { 0: 'shared', 1: 'shared' } })
    await router.route(query)
    expect(dispatcher.probedExperts()).toEqual([0, 1, 2])
    expect(COMPETENCE_PROBES).toBe(3)
    expect(dispatcher.probes().map(c => c.peerId).sort()).toEqual(['p2', 'shared'])
    expect(dispatcher.probes().every(c => c.options.competenceOnly === true)).toBe(true)
  })

  it('lets an expert\'s own competence move the choice, and reports it with the gate score', async () => {
    const { router, dispatcher, query } = setup()
    dispatcher.behaviour.set(0, { competence: 0.2 })
    dispatcher.behaviour.set(1, { competence: 0.9 })
    dispatcher.behaviour.set(2, { competence: 0.3 })
    const answer = await router.route(query)
    expect(dispatcher.askedExperts()).toEqual([1])
    expect(answer.experts[0]).toMatchObject({ competence: 0.9, gated: true })
    expect(answer.experts[0].posterior).toBeGreaterThan(0.3)
    // the confidence counts routing doubt: posterior x answer probability
    expect(answer.confidence).toBeCloseTo(answer.experts[0].posterior! * 0.9, 5)
    expect(answer.distribution.yes).toBeCloseTo(answer.confidence, 5)
  })

  it('bounds what an advertised gate can claim: a huge bias does not outrank an expert that shows its competence', async () => {
    // Expert 3's owner advertises a gate bias of a million (the codec accepts up to 1e6) and shows no competence;
    // expert 0 reports strong shared and private competence. Unclamped, the bias alone would take every query.
    const { router, dispatcher, query } = setup({ biases: [0, 0, 0, 1e6, 0, 0] })
    dispatcher.behaviour.set(3, { competence: 0, privateCompetence: 0 })
    dispatcher.behaviour.set(0, { competence: 0.9, privateCompetence: 0.8 })
    const answer = await router.route(query)
    expect(dispatcher.probedExperts()).toContain(3)
    expect(dispatcher.askedExperts()).toEqual([0])
    expect(answer.experts[0].posterior).toBeGreaterThan(0.99)
  })

  it('asks a second expert only when the best one is unsure', async () => {
    const sure = setup({ biases: [6, 0, 0, 0, 0, 0] })
    const a = await sure.router.route(sure.query)
    expect(sure.dispatcher.askedExperts()).toEqual([0])
    expect(a.experts).toHaveLength(1)

    // Four gates within 0.15 logit and no competence scores: the best holds ~0.26 of the posterior (< 0.3), so
    // two are asked.
    const unsure = setup({ biases: [0, 1, 2, 3, 0, 0] })
    unsure.dispatcher.behaviour.set(1, { distribution: [0.01, 0.99] })
    const b = await unsure.router.route(unsure.query)
    expect(unsure.dispatcher.askedExperts().sort()).toEqual([0, 1])
    expect(b.experts.map(e => idOf(e.expert))).toEqual([0, 1])
    expect(b.experts[0].posterior! + b.experts[1].posterior!).toBeLessThanOrEqual(1)
    expect(b.experts[0].posterior).toBeLessThan(0.3)
    // the label is the one with the highest joint probability among both answers
    const joint = b.experts.map(e => e.posterior! * e.answer.confidence)
    expect(b.confidence).toBeCloseTo(Math.max(...joint), 5)
    expect(b.label).toBe(joint[1] > joint[0] ? 'no' : 'yes')

    // k = 1 caps it at one
    const capped = setup({ biases: [0, 1, 2, 3, 0, 0] })
    await capped.router.route(capped.query, { k: 1 })
    expect(capped.dispatcher.askedExperts()).toEqual([0])
  })

  it('abstains, when no expert reports an in-domain score, when the best gate logit is under its owner\'s cut, without asking for an answer', async () => {
    const { router, dispatcher, query } = setup({ biases: [-20, -20, -20, -20, -20, -20], cut: -5 })
    const answer = await router.route(query)
    expect(answer).toMatchObject({ label: null, abstained: true, confidence: 0, experts: [], failed: [] })
    expect(answer.reason).toMatch(/^gate cut: .*no expert in the network knows this/)
    expect(answer.reason).toContain('nearest: ')
    expect(answer.nearest?.map(n => idOf(n.expert))).toEqual([0, 1, 2])
    expect(answer.nearest?.[0]).toMatchObject({ abstainBelow: -5, peer: 'p0' })
    expect(answer.nearest?.[0].gateLogit).toBeLessThan(-5)
    expect(dispatcher.asks()).toEqual([])

    // abstain: false asks the best anyway
    const forced = await router.route(query, { abstain: false })
    expect(forced.abstained).toBe(false)
    expect(forced.label).toBe('yes')
  })

  it('abstains when no card reaches an explicit min similarity', async () => {
    const { router, dispatcher, query } = setup()
    const answer = await router.route(query, { policy: { minSimilarity: 0.9 } })
    expect(answer).toMatchObject({ label: null, abstained: true })
    expect(answer.reason).toContain('min_similarity 0.9')
    expect(dispatcher.calls).toEqual([])
  })

  it('fails over to the next candidate when the chosen expert\'s peer dies', async () => {
    const { router, dispatcher, query } = setup({ biases: [6, 0, 0, 0, 0, 0] })
    dispatcher.behaviour.set(0, { fail: 'throw' })
    const answer = await router.route(query, { timeoutMs: 1_000 })
    expect(answer.abstained).toBe(false)
    expect(answer.experts.map(e => idOf(e.expert))).toEqual([1])
    expect(answer.failed.map(f => idOf(f.expert))).toContain(0)
    expect(answer.failed.find(f => idOf(f.expert) === 0)?.code).toBe('EXPERT_UNREACHABLE')
  })

  it('treats failed or hanging probes as no competence and still answers within the deadline', async () => {
    const { router, dispatcher, query } = setup({ biases: [6, 0, 0, 0, 0, 0] })
    dispatcher.behaviour.set(0, { fail: 'probe-hang' })
    dispatcher.behaviour.set(1, { fail: 'probe-throw' })
    const t0 = performance.now()
    const answer = await router.route(query, { timeoutMs: 400 })
    expect(performance.now() - t0).toBeLessThan(400)
    expect(answer.experts.map(e => idOf(e.expert))).toEqual([0])
    expect(answer.experts[0].competence).toBeUndefined()
    expect(answer.timing.probeMs).toBeDefined()
  })

  it('clamps a competence score a peer inflates', async () => {
    const { router, dispatcher, query } = setup({ biases: [4, 0, 0, 0, 0, 0] })
    dispatcher.behaviour.set(0, { competence: 0.8 })
    dispatcher.behaviour.set(2, { competence: 1e9 })
    const answer = await router.route(query)
    expect(answer.experts[0].expert).toBe(hexId(0, 'e'))
  })

  it('weighs an expert\'s private competence 60 to its gate\'s 1 and its shared competence\'s 20', async () => {
    // Expert 0 leads by gate (+1 logit) and by shared competence (+0.2 = 4); expert 2's private n-grams (+0.1 = 6) win.
    const { router, dispatcher, query } = setup()
    dispatcher.behaviour.set(0, { competence: 0.5, privateCompetence: 0.2 })
    dispatcher.behaviour.set(1, { competence: 0.3, privateCompetence: 0.2 })
    dispatcher.behaviour.set(2, { competence: 0.5, privateCompetence: 0.4 })
    const answer = await router.route(query)
    expect(dispatcher.askedExperts()).toEqual([2])
    expect(answer.experts[0]).toMatchObject({ competence: 0.5, privateCompetence: 0.4 })
    // score = gate logit + 20 competence + 60 private competence (+ the policy's small adjustments)
    expect(answer.experts[0].score).toBeCloseTo(answer.experts[0].gateLogit + 20 * 0.5 + 60 * 0.4, 1)
  })

  it('scores an expert that reports no private competence at the lowest any probed expert reported', async () => {
    const { router, dispatcher, query } = setup({ biases: [2, 0, 0, 0, 0, 0] })
    dispatcher.behaviour.set(0, { competence: 0.5 })
    dispatcher.behaviour.set(1, { competence: 0.5, privateCompetence: 0.3 })
    dispatcher.behaviour.set(2, { competence: 0.5, privateCompetence: 0.31 })
    const answer = await router.route(query)
    // expert 0 is scored as if it reported 0.3: its 3-logit gate lead keeps it first, silence gains it nothing
    expect(answer.experts[0].expert).toBe(hexId(0, 'e'))
    expect(answer.experts[0].score).toBeCloseTo(answer.experts[0].gateLogit + 20 * 0.5 + 60 * 0.3, 1)
  })

  it('clamps a private competence and an in-domain score a peer inflates', async () => {
    const { router, dispatcher, query } = setup({ biases: [4, 0, 0, 0, 0, 0] })
    dispatcher.behaviour.set(0, { privateCompetence: 0.9, inDomain: -9 })
    dispatcher.behaviour.set(1, { privateCompetence: 1e9, inDomain: 1e9 })
    dispatcher.behaviour.set(2, { privateCompetence: 0.1, inDomain: -9 })
    const answer = await router.route(query)
    expect(answer.abstained).toBe(false)
    // clamped to 1 (and 0): expert 1 still outscores 0 by 6 logits at most, but its claim is no more than that
    expect(answer.experts[0].expert).toBe(hexId(1, 'e'))
    expect(answer.experts[0]).toMatchObject({ privateCompetence: 1, inDomain: 0 })
  })

  it('abstains when the best in-domain score of the probed experts is under -5.177, whatever the gates say', async () => {
    // Gates well over their owners' cut, but every probed expert's own data says the query is foreign.
    const { router, dispatcher, query } = setup({ biases: [6, 0, 0, 0, 0, 0] })
    dispatcher.behaviour.set(0, { competence: 0.4, privateCompetence: 0.05, inDomain: -7.2 })
    dispatcher.behaviour.set(1, { competence: 0.3, privateCompetence: 0.02, inDomain: -6 })
    dispatcher.behaviour.set(2, { competence: 0.3, inDomain: -11 })
    const answer = await router.route(query)
    expect(answer).toMatchObject({ label: null, abstained: true, confidence: 0, experts: [] })
    expect(answer.reason).toMatch(/^in-domain test: .*-6\.00, under -5\.177 .*no expert in the network knows this/)
    expect(answer.reason).toContain(`nearest: ${answer.nearest?.map(n => n.name).join(', ')}`)
    expect(answer.nearest?.map(n => idOf(n.expert))).toEqual([0, 1, 2])
    expect(answer.nearest?.[1].inDomain).toBe(-6)
    expect(dispatcher.asks()).toEqual([])
    expect(answer.timing.probeMs).toBeDefined()

    // abstain: false asks the best anyway
    const forced = await router.route(query, { abstain: false })
    expect(forced.abstained).toBe(false)
  })

  it('does not abstain on one foreign in-domain score when another probed expert, over its gate cut, reports none', async () => {
    // expert 0 says "not mine"; experts 1 and 2 predate in-domain scores and their gates are over their cuts
    const { router, dispatcher, query } = setup({ biases: [6, 5, 4, 0, 0, 0] })
    dispatcher.behaviour.set(0, { inDomain: -12 })
    const answer = await router.route(query)
    expect(answer.abstained).toBe(false)
    expect(answer.label).not.toBeNull()
  })

  it('answers when one probed expert\'s in-domain score clears the bar, even under a gate cut', async () => {
    const { router, dispatcher, query } = setup({ biases: [-20, -20, -20, -20, -20, -20], cut: -5 })
    dispatcher.behaviour.set(0, { inDomain: -9, privateCompetence: 0.1 })
    dispatcher.behaviour.set(1, { inDomain: -1.5, privateCompetence: 0.5 })
    const answer = await router.route(query)
    expect(answer.abstained).toBe(false)
    expect(answer.experts[0]).toMatchObject({ inDomain: -1.5 })
    expect(dispatcher.askedExperts()).toEqual([1])
  })

  it('keeps the similarity strategies when asked explicitly (no probes, k answers)', async () => {
    const { router, dispatcher, query } = setup({ biases: [0, 0, 0, 8, 0, 0] })
    const answer = await router.route(query, { strategy: 'top1', k: 2 })
    expect(answer.strategy).toBe('top1')
    expect(dispatcher.probes()).toEqual([])
    expect(dispatcher.askedExperts().sort()).toEqual([0, 1])
  })

  it('routes a network without gates by similarity as before, and mixes gateless cards in on the logit scale', async () => {
    const plain = setup({ gateless: [0, 1, 2, 3, 4, 5] })
    const a = await plain.router.route(plain.query)
    expect(a.strategy).toBe('top1')
    expect(plain.dispatcher.probes()).toEqual([])
    expect(a.experts.map(e => idOf(e.expert))).toEqual([0, 1])

    // Expert 0 has no gate: similarity 0.63 maps to logit 1.3, below the gated experts' 5.2 and 4.2.
    const mixed = setup({ gateless: [0] })
    const b = await mixed.router.route(mixed.query)
    expect(b.strategy).toBe('competence')
    expect(mixed.dispatcher.probedExperts()).toEqual([1, 2, 3])
    expect(b.experts[0]).toMatchObject({ gated: true })
  })
})
