import { afterEach, describe, expect, it } from 'vitest'
import { CapabilityMap } from '../../../src/api/capability-map.js'
import { ApiServer, type ApiBackend } from '../../../src/api/http-server.js'
import { CapabilityIndex } from '../../../src/routing/capability-index.js'
import type { CardData } from '../../../src/net/advert-types.js'
import type { RoutedAnswer } from '../../../src/routing/routed-answer.js'
import { SeededRandom } from '../../../src/text/random.js'
import { PEER, REMOTE_EXPERT, STATUS } from './fixtures.js'

const DIM = 16
const SPACE = 'space-1'
const rng = new SeededRandom(5)
/** Two topics, far apart in the space. */
const TOPIC = [Float32Array.from({ length: DIM }, () => rng.normal()), Float32Array.from({ length: DIM }, () => rng.normal())]

function unit (v: Float32Array): Float32Array {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0))
  return v.map((x) => x / n)
}

function near (topic: number, spread = 0.2): Float32Array {
  return unit(TOPIC[topic].map((x) => x + spread * rng.normal()))
}

function card (id: string, topic: number, centroids = 3): CardData {
  return {
    expertId: id.padEnd(64, '0'), name: `${id}-expert`, version: '1', task: 'classification', description: '', labels: ['a', 'b'],
    spaceId: SPACE, centroids: Array.from({ length: centroids }, () => near(topic)), dim: DIM, price: 1, load: 0, inputKind: 'embedding', accuracy: 0
  }
}

function advert (peerId: string, cards: CardData[], seqno = 1): Parameters<CapabilityIndex['applyAdvert']>[0] {
  return { peerId, seqno, expiresAt: Date.now() + 60_000, addrs: [], spaceId: SPACE, cards }
}

function answer (to: CardData, peer: string): RoutedAnswer {
  return {
    label: 'a', abstained: false, distribution: { a: 1 }, confidence: 0.9, strategy: 'top1', failed: [], timing: { routeMs: 1, totalMs: 2 },
    experts: [{ peer, expert: to.expertId, name: to.name, score: 0.8, similarity: 0.8, gateLogit: 1, gated: false, latencyMs: 1, answer: { label: 'a', confidence: 0.9, distribution: { a: 1 } }, price: 1 }]
  }
}

const maps: CapabilityMap[] = []
let server: ApiServer | undefined
afterEach(async () => {
  for (const m of maps.splice(0)) m.stop()
  await server?.stop()
  server = undefined
})

function mapOf (index: CapabilityIndex, init = {}): CapabilityMap {
  const map = new CapabilityMap({ index, spaceId: SPACE, dim: DIM }, init)
  maps.push(map)
  return map
}

const dist = (a: { x: number, y: number }, b: { x: number, y: number }): number => Math.hypot(a.x - b.x, a.y - b.y)

describe('CapabilityMap', () => {
  it('shows one mark per card at the mean of its centroids, and keeps topics apart', () => {
    const index = new CapabilityIndex()
    const animals = [card('a1', 0), card('a2', 0)]
    const money = [card('m1', 1, 2)]
    index.setLocal('peer-local', [animals[0]])
    index.applyAdvert(advert('peer-remote', [animals[1], money[0]]))
    const view = mapOf(index).view()
    expect(view.cards.map((c) => c.name).sort()).toEqual(['a1-expert', 'a2-expert', 'm1-expert'])
    expect(view.points).toHaveLength(3 + 3 + 2)
    for (const c of view.cards) {
      const pts = view.points.filter((p) => p.expertId === c.expertId && p.peerId === c.peerId)
      expect(pts).toHaveLength(c.centroids)
      expect(c.x).toBeCloseTo(pts.reduce((s, p) => s + p.x, 0) / pts.length, 4)
      expect(c.y).toBeCloseTo(pts.reduce((s, p) => s + p.y, 0) / pts.length, 4)
    }
    const [a1, a2, m1] = ['a1-expert', 'a2-expert', 'm1-expert'].map((n) => view.cards.find((c) => c.name === n)!)
    expect(a1.local).toBe(true)
    expect(m1.local).toBe(false)
    expect(dist(a1, a2)).toBeLessThan(dist(a1, m1) / 3)
    expect(view.explained[0]).toBeGreaterThan(0.5)
  })

  it('plots the last query near the cards it resembles, with the experts it was routed to', () => {
    const index = new CapabilityIndex()
    const a = card('a1', 0)
    const m = card('m1', 1)
    index.applyAdvert(advert('peer-remote', [a, m]))
    const map = mapOf(index)
    expect(map.view().lastQuery).toBeNull()
    map.noteQuery('x'.repeat(500), near(1, 0.1), answer(m, 'peer-remote'))
    const view = map.view()
    const q = view.lastQuery!
    expect(q.text).toHaveLength(200)
    expect(q.routed).toEqual([{ expertId: m.expertId, peerId: 'peer-remote', name: 'm1-expert', score: 0.8 }])
    const mc = view.cards.find((c) => c.name === 'm1-expert')!
    const ac = view.cards.find((c) => c.name === 'a1-expert')!
    expect(dist(q, mc)).toBeLessThan(dist(q, ac))
  })

  it('is cached until the index changes, and the same whatever order the cards arrived in', () => {
    const cards = [card('a1', 0), card('a2', 0), card('m1', 1)]
    const one = new CapabilityIndex()
    one.applyAdvert(advert('p1', cards))
    const two = new CapabilityIndex()
    two.applyAdvert(advert('p1', [...cards].reverse()))
    const m1 = mapOf(one)
    const first = m1.view()
    expect(m1.view().points).toBe(first.points)
    expect(mapOf(two).view().cards).toEqual(first.cards)
    one.applyAdvert(advert('p2', [card('m2', 1)]))
    const after = m1.view()
    expect(after.points).not.toBe(first.points)
    expect(after.cards).toHaveLength(4)
  })

  it('stays as it was when only a card\'s load changes, and moves when its centroids change', () => {
    const index = new CapabilityIndex()
    const a = card('a1', 0)
    const m = card('m1', 1)
    index.applyAdvert(advert('p1', [a, m]))
    const map = mapOf(index)
    const first = map.view()
    index.applyAdvert(advert('p1', [{ ...a, load: 0.5 }, m], 2))
    const loaded = map.view()
    expect(loaded.cards).toEqual(first.cards)
    index.applyAdvert(advert('p1', [{ ...a, centroids: [near(1)] }, m], 3))
    const moved = map.view()
    expect(moved.cards.find((c) => c.name === 'a1-expert')!.centroids).toBe(1)
    expect(moved.explained).not.toEqual(first.explained)
  })

  it('draws at most maxCards cards and says the map is cut', () => {
    const index = new CapabilityIndex()
    index.applyAdvert(advert('p1', [card('a1', 0), card('a2', 0), card('m1', 1)]))
    const view = mapOf(index, { maxCards: 2 }).view()
    expect(view.cards).toHaveLength(2)
    expect(view.truncated).toBe(true)
  })

  it('is served at GET /v1/map, and a backend without a map answers 404 there', async () => {
    const index = new CapabilityIndex()
    index.applyAdvert(advert('p1', [card('a1', 0)]))
    const map = mapOf(index)
    const backend: ApiBackend = {
      status: () => STATUS, experts: () => [REMOTE_EXPERT], peers: () => [PEER],
      query: async () => { throw new Error('unused') }, addExpert: async () => REMOTE_EXPERT, removeExpert: async () => ({ expertId: '', name: '' }),
      map: () => map.view()
    }
    server = new ApiServer(backend, { host: '127.0.0.1', port: 0 })
    let { port } = await server.start()
    const res = await fetch(`http://127.0.0.1:${port}/v1/map`)
    expect(res.status).toBe(200)
    const body = await res.json() as { cards: Array<{ name: string }>, points: unknown[], lastQuery: unknown }
    expect(body.cards.map((c) => c.name)).toEqual(['a1-expert'])
    expect(body.points).toHaveLength(3)
    expect(body.lastQuery).toBeNull()
    await server.stop()
    server = new ApiServer({ ...backend, map: undefined }, { host: '127.0.0.1', port: 0 });
    ({ port } = await server.start())
    expect((await fetch(`http://127.0.0.1:${port}/v1/map`)).status).toBe(404)
  })
})
