/**
 * Routing by measured quality: distrusted cards get no traffic, unscored cards are quarantined (a small share),
 * and measured accuracy, not the card's claim, moves the routing posterior.
 */
import { describe, expect, it } from 'vitest'
import { PeerStats } from '../../../src/market/peer-stats.js'
import { CapabilityIndex } from '../../../src/routing/capability-index.js'
import { Router } from '../../../src/routing/router.js'
import { applyQuality, type CardStanding, type QualityView } from '../../../src/routing/quality.js'
import { scoreCandidates } from '../../../src/routing/scoring.js'
import type { DispatchOptions, DispatchResult, ExpertDispatcher, RouterQuery } from '../../../src/routing/dispatch.js'
import type { CardData, CardGate } from '../../../src/net/advert-types.js'
import { SeededRandom } from '../../../src/text/random.js'
import { SPACE, advert, axis, card, hexId, mix } from './fixtures.js'

const DIM = 8
const LIAR = 'liar-peer'

/** Honest experts answer their first label and report modest competence; the liar claims everything. */
class Dispatcher implements ExpertDispatcher {
  readonly asked: string[] = []
  readonly probed: string[] = []
  async ask (peerId: string, _local: boolean, expertIds: string[], _q: RouterQuery, options: DispatchOptions): Promise<DispatchResult[]> {
    ;(options.competenceOnly === true ? this.probed : this.asked).push(...expertIds.map(() => peerId))
    return expertIds.map(expertId => {
      const liar = peerId === LIAR
      const scores = liar ? { competence: 1, privateCompetence: 1, inDomain: 0 } : { competence: 0.5, privateCompetence: 0.3, inDomain: -1 }
      return options.competenceOnly === true
        ? { expertId, latencyMs: 0, price: 0, ...scores }
        : { expertId, distribution: new Float32Array([0.9, 0.1]), latencyMs: 1, price: 0, ...scores }
    })
  }
}

function gate (i: number, bias: number): CardGate {
  const weights = new Int8Array(DIM)
  if (i >= 0) weights[i] = 127
  return { weights, scale: 10 / 127, bias, abstainBelow: -100 }
}

class Standings implements QualityView {
  readonly byPeer = new Map<string, CardStanding>()
  assess (peerId: string, _card: CardData): CardStanding {
    return this.byPeer.get(peerId) ?? { state: 'quarantined' }
  }
}

function network (quality?: QualityView, random?: () => number): { router: Router, dispatcher: Dispatcher, query: RouterQuery } {
  const index = new CapabilityIndex()
  for (let i = 0; i < 3; i++) index.applyAdvert(advert(`p${i}`, 1, [card(hexId(i, 'e'), [axis(i, DIM)], { gate: gate(i, 0), accuracy: 0.8 })]))
  // the match-everything liar: every centroid, a gate at the clamp, a 99% claim
  index.applyAdvert(advert(LIAR, 1, [card(hexId(9, 'e'), [0, 1, 2].map(i => axis(i, DIM)), { gate: gate(-1, 30), accuracy: 0.99 })]))
  const dispatcher = new Dispatcher()
  const router = new Router({ index, dispatcher, peerStats: new PeerStats(), localPeerId: 'me', ...(quality !== undefined ? { quality } : {}) }, random !== undefined ? { random } : {})
  return { router, dispatcher, query: { text: 'q', vector: mix([5, 1, 1], DIM), spaceId: SPACE } }
}

describe('routing by measured quality', () => {
  it('without measurements the liar captures the query; once distrusted it is neither probed nor asked', async () => {
    const open = network()
    const before = await open.router.route(open.query)
    expect(before.experts[0].peer).toBe(LIAR)

    const standings = new Standings()
    for (let i = 0; i < 3; i++) standings.byPeer.set(`p${i}`, { state: 'scored', accuracy: 0.8 })
    standings.byPeer.set(LIAR, { state: 'distrusted' })
    const guarded = network(standings)
    const after = await guarded.router.route(guarded.query)
    expect(after.experts[0].peer).toBe('p0')
    expect(guarded.dispatcher.probed).not.toContain(LIAR)
    expect(guarded.dispatcher.asked).not.toContain(LIAR)
  })

  it('gives an unscored card only its quarantine share of the queries (about 5%)', async () => {
    const standings = new Standings()
    for (let i = 0; i < 3; i++) standings.byPeer.set(`p${i}`, { state: 'scored', accuracy: 0.8 })
    const rng = new SeededRandom(3)
    const { router, query } = network(standings, () => rng.next())
    let captured = 0
    const n = 400
    for (let i = 0; i < n; i++) if ((await router.route(query)).experts[0].peer === LIAR) captured++
    expect(captured / n).toBeGreaterThan(0.01)
    expect(captured / n).toBeLessThan(0.1)
  })

  it('does not penalise anyone when no card is scored (a network nobody measures routes as before)', async () => {
    const { router, query } = network(new Standings())
    expect((await router.route(query)).experts[0].peer).toBe(LIAR)
  })

  it('uses measured accuracy instead of the claim: of two equal cards the better measured one wins', () => {
    const index = new CapabilityIndex()
    index.applyAdvert(advert('a', 1, [card(hexId(1, 'e'), [axis(0, DIM)], { gate: gate(0, 0), accuracy: 0.99 })]))
    index.applyAdvert(advert('b', 1, [card(hexId(2, 'e'), [axis(0, DIM)], { gate: gate(0, 0), accuracy: 0.2 })]))
    const standings = new Standings()
    standings.byPeer.set('a', { state: 'scored', accuracy: 0.2 })
    standings.byPeer.set('b', { state: 'scored', accuracy: 0.9 })
    const hits = index.search(axis(0, DIM), SPACE, { rankBy: 'logit' })
    const ranked = applyQuality(scoreCandidates(hits, {}, new PeerStats()), standings, { quarantineShare: 0, random: () => 1 })
    const best = [...ranked].sort((x, y) => (y.logit + (y.quality ?? 0)) - (x.logit + (x.quality ?? 0)))[0]
    expect(best.peerId).toBe('b')
    // posterior ratio = accuracy ratio: the quality terms differ by T x ln(0.9 / 0.2)
    const qa = ranked.find(c => c.peerId === 'a')?.quality ?? 0
    const qb = ranked.find(c => c.peerId === 'b')?.quality ?? 0
    expect(Math.exp((qb - qa) / 1.49)).toBeCloseTo(0.9 / 0.2, 3)
  })
})
