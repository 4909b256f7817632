/**
 * Signed capability adverts over real libp2p nodes: TCP on 127.0.0.1, noise, yamux, gossipsub with the advert
 * topic scored. Four nodes, either in a line A - B - C - D (D's adverts reach A only through two relays that
 * validate them) or in a diamond A - {B, C} - D (two paths, one through a misbehaving B).
 */
import { generateKeyPair, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { afterEach, describe, expect, it } from 'vitest'
import type { PrivateKey } from '@libp2p/interface'
import { moemesh } from '../../src/gen/moemesh.js'
import { buildSignedAdvert, signAdvert } from '../../src/net/advert-codec.js'
import { AdvertService } from '../../src/net/advert-service.js'
import type { CardData, VerifiedAdvert } from '../../src/net/advert-types.js'
import { createMoemeshLibp2p } from '../../src/net/libp2p.js'
import type { MoemeshLibp2p } from '../../src/net/libp2p.js'
import { SeededRandom } from '../../src/text/random.js'

const SPACE = 'e5'.repeat(32)
const DIM = 8

interface Peer {
  node: MoemeshLibp2p
  key: PrivateKey
  adverts: AdvertService
  /** Every advert this node's onAdvert saw, in order. */
  seen: VerifiedAdvert[]
}

let peers: Peer[] = []

function card (seed: number, name: string): CardData {
  const rng = new SeededRandom(seed)
  const row = Float32Array.from({ length: DIM }, () => rng.normal())
  const norm = Math.hypot(...row)
  return {
    expertId: (seed % 256).toString(16).padStart(2, '0').repeat(32),
    name,
    version: '1',
    task: 'classification',
    description: '',
    labels: ['yes', 'no'],
    spaceId: SPACE,
    centroids: [row.map(v => v / norm)],
    dim: DIM,
    price: 1,
    load: 0,
    inputKind: 'embedding',
    accuracy: 0.8
  }
}

async function waitFor (what: string, cond: () => boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

function latestFrom (peer: Peer, from: Peer): VerifiedAdvert | undefined {
  const id = from.node.peerId.toString()
  return peer.seen.filter(a => a.peerId === id).at(-1)
}

/**
 * Start four nodes (A, B, C, D), each running an AdvertService, connect them along `edges` (index pairs) and
 * wait until every node has its neighbours in its gossip mesh.
 */
async function startNetwork (edges: Array<[number, number]>): Promise<Peer[]> {
  peers = await Promise.all(Array.from({ length: 4 }, async () => {
    const key = await generateKeyPair('Ed25519')
    // no DHT: it would dial peers it hears of and join B and C directly, which the topologies here rule out
    const node = await createMoemeshLibp2p({ privateKey: key, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, dht: false, advertSpaceIds: [SPACE] })
    const seen: VerifiedAdvert[] = []
    const adverts = new AdvertService(
      { pubsub: node.services.pubsub, peerId: node.peerId, privateKey: key, getMultiaddrs: () => node.getMultiaddrs(), peerStore: node.peerStore },
      { spaceId: SPACE, spaceDim: DIM, onAdvert: a => seen.push(a) })
    await adverts.start()
    return { node, key, adverts, seen }
  }))
  for (const [i, j] of edges) await peers[i].node.dial(peers[j].node.getMultiaddrs()[0])
  const topic = peers[0].adverts.topic
  await waitFor('gossip meshes', () => peers.every((p, i) => {
    const neighbours = edges.filter(e => e.includes(i)).map(([x, y]) => peers[x === i ? y : x].node.peerId.toString())
    const subscribers = p.node.services.pubsub.getSubscribers(topic).map(id => id.toString())
    const mesh = (p.node.services.pubsub as unknown as Internals).getMeshPeers(topic)
    return neighbours.every(n => subscribers.includes(n) && mesh.includes(n))
  }))
  return peers
}

/** Gossipsub methods that its public interface leaves out. */
interface Internals {
  getMeshPeers: (topic: string) => string[]
  getScore: (peerId: string) => number
}

afterEach(async () => {
  await Promise.all(peers.map(async p => p.adverts.stop().catch(() => {})))
  await Promise.all(peers.map(async p => p.node.stop()))
  peers = []
})

describe('adverts over gossipsub (4 TCP nodes)', () => {
  it('delivers, replaces and withdraws a node\'s cards across two relays (line A-B-C-D)', async () => {
    const [a, b, c, d] = await startNetwork([[0, 1], [1, 2], [2, 3]])

    d.adverts.setLocalCards([card(1, 'first')])
    await waitFor('A to see D\'s first card', () => latestFrom(a, d)?.cards[0]?.name === 'first')
    const advert = latestFrom(a, d)!
    expect(advert.peerId).toBe(d.node.peerId.toString())
    expect(advert.cards).toHaveLength(1)
    expect(advert.cards[0].expertId).toBe(card(1, 'first').expertId)
    expect(Array.from(advert.cards[0].centroids[0])).toEqual(Array.from(card(1, 'first').centroids[0]))
    // D's listen address travels with the advert, so A could dial D directly
    expect(advert.addrs.some(addr => addr.startsWith('/ip4/127.0.0.1/tcp/'))).toBe(true)
    await waitFor('B and C to see it too', () => latestFrom(b, d) !== undefined && latestFrom(c, d) !== undefined)
    // no node is told about its own advert
    expect(latestFrom(d, d)).toBeUndefined()

    d.adverts.setLocalCards([card(2, 'second'), card(3, 'third')])
    await waitFor('A to see D\'s replacement cards', () => latestFrom(a, d)?.cards.length === 2)
    expect(latestFrom(a, d)!.cards.map(x => x.name)).toEqual(['second', 'third'])
    expect(latestFrom(a, d)!.seqno).toBeGreaterThan(advert.seqno)

    await d.adverts.stop()
    await waitFor('A to see D\'s withdrawal', () => latestFrom(a, d)?.cards.length === 0)
    expect(a.adverts.getStats().rejected).toEqual({})
  })

  it('rejects forged adverts from a misbehaving node, penalises it, and keeps delivering valid ones (diamond A-{B,C}-D)', async () => {
    const [a, b, c, d] = await startNetwork([[0, 1], [0, 2], [1, 3], [2, 3]])
    const topic = a.adverts.topic

    d.adverts.setLocalCards([card(1, 'genuine')])
    await waitFor('A to see D\'s genuine card', () => latestFrom(a, d)?.cards[0]?.name === 'genuine')

    // 1. B publishes, under its own gossip identity, an advert correctly signed by D's key (a newer seqno too)
    const now = Date.now()
    const replayed = await buildSignedAdvert({ seqno: now + 10_000, expiresAt: now + 60_000, addrs: [], spaceId: SPACE, cards: [card(9, 'forged-by-d-key')] }, d.key)
    await b.node.services.pubsub.publish(topic, replayed)
    // 2. B advertises a card as itself, but the signature comes from C's key
    const own = moemesh.NodeAdvert.encode({
      peerId: b.node.peerId.toMultihash().bytes,
      seqno: now,
      expiresAtMs: now + 60_000,
      spaceId: SPACE,
      cards: [{ expertId: new Uint8Array(32).fill(7), name: 'forged-by-c-key', version: '1', task: 'classification', labels: ['yes'], spaceId: SPACE, dim: DIM, centroidCount: 1, centroids: Array.from(card(7, 'x').centroids[0]), inputKind: 'embedding' }]
    }).finish()
    const cSignature = moemesh.SignedAdvert.decode(await signAdvert(own, c.key)).signature
    await b.node.services.pubsub.publish(topic, moemesh.SignedAdvert.encode({ advert: own, publicKey: publicKeyToProtobuf(b.key.publicKey), signature: cSignature }).finish())
    // 3. plain garbage
    await b.node.services.pubsub.publish(topic, new Uint8Array([1, 2, 3, 4, 5]))

    await waitFor('A to reject all three', () => {
      const r = a.adverts.getStats().rejected
      return r['author-mismatch'] === 1 && r['bad-signature'] === 1 && r['decode-failed'] === 1
    })
    // gossipsub penalised B at A for the rejected adverts (scores are cached for up to a heartbeat)
    const scoreOfB = (): number => (a.node.services.pubsub as unknown as Internals).getScore(b.node.peerId.toString())
    await waitFor('B\'s score at A to fall below 0', () => scoreOfB() < 0, 3_000)

    // the network still delivers D's valid adverts to A
    d.adverts.setLocalCards([card(2, 'after')])
    await waitFor('A to see D\'s next card', () => latestFrom(a, d)?.cards[0]?.name === 'after')

    const names = a.seen.flatMap(x => x.cards.map(k => k.name))
    expect(names).not.toContain('forged-by-d-key')
    expect(names).not.toContain('forged-by-c-key')
    expect(a.seen.every(x => x.peerId === d.node.peerId.toString())).toBe(true)
    // rejected adverts are never forwarded: C, two hops from B, never even saw them
    expect(c.adverts.getStats().rejected).toEqual({})
    expect(d.seen).toEqual([])
  })
})
