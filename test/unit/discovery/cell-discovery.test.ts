import { generateKeyPair } from '@libp2p/crypto/keys'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterEach, describe, expect, it } from 'vitest'
import { CellDiscovery, type CellDiscoveryInit } from '../../../src/discovery/cell-discovery.js'
import { Codebook } from '../../../src/discovery/codebook.js'
import { cellTopic } from '../../../src/discovery/cell-topics.js'
import { buildSignedAdvert } from '../../../src/net/advert-codec.js'
import type { AdvertPubSub } from '../../../src/net/advert-service.js'
import type { CardData, VerifiedAdvert } from '../../../src/net/advert-types.js'
import { FakePubSub } from '../../helpers/fake-pubsub.js'

const SPACE = 'ab'.repeat(32)
const DIM = 4
const CELLS = 2 // every cell held: no shards, no lookups

function card (id: number, centroid: Float32Array): CardData {
  return {
    expertId: id.toString(16).padStart(64, '0'), name: `e${id}`, version: '1', task: 'classification', description: '',
    labels: ['a'], spaceId: SPACE, centroids: [centroid], dim: DIM, price: 0, load: 0, inputKind: 'embedding', accuracy: 0
  }
}

const running: CellDiscovery[] = []
afterEach(async () => { await Promise.all(running.splice(0).map(async c => { await c.stop() })) })

/** A node holding every cell of a 2-cell codebook, on a fake gossipsub, with no DHT and no streams. */
async function holder (init: Partial<CellDiscoveryInit> = {}): Promise<{ cells: CellDiscovery, pubsub: FakePubSub, codebook: Codebook, adverts: VerifiedAdvert[] }> {
  const key = await generateKeyPair('Ed25519')
  const pubsub = new FakePubSub()
  const codebook = Codebook.derive({ spaceId: SPACE, dim: DIM, cells: CELLS })
  const adverts: VerifiedAdvert[] = []
  const node = { handle: async () => {}, unhandle: async () => {}, dialProtocol: async () => { throw new Error('no streams here') } }
  const routing = { provide: async () => {}, findProviders: async function * () {} }
  const cells = new CellDiscovery(
    { node: node as never, routing: routing as never, pubsub: pubsub as unknown as AdvertPubSub, peerId: peerIdFromPrivateKey(key), privateKey: key, getMultiaddrs: () => [] },
    { codebook, spaceDim: DIM, homeCells: CELLS, maxQueryCells: 0, probeCells: 1, onAdvert: (a) => { adverts.push(a) }, ...init }
  )
  running.push(cells)
  await cells.start()
  return { cells, pubsub, codebook, adverts }
}

/** `count` fresh authors each announce one card in `cell`, their adverts expiring at `expiresAt`. */
async function flood (pubsub: FakePubSub, codebook: Codebook, count: number, expiresAt: number): Promise<void> {
  const centroid = Float32Array.from(codebook.centers.subarray(0, DIM))
  const topic = cellTopic(codebook, codebook.nearest(centroid, 1)[0])
  for (let i = 0; i < count; i++) {
    const key = await generateKeyPair('Ed25519')
    const bytes = await buildSignedAdvert({ seqno: Date.now(), expiresAt, addrs: [], spaceId: SPACE, cards: [card(i + 1, centroid)] }, key)
    expect(await pubsub.deliver(topic, peerIdFromPrivateKey(key), bytes)).toBe(TopicValidatorResult.Accept)
  }
  await new Promise(resolve => setTimeout(resolve, 0)) // onAdvert runs in a microtask
}

describe('cell discovery state', () => {
  it('forgets the authors of expired adverts, and withdraws their cards from the index', async () => {
    const { cells, pubsub, codebook, adverts } = await holder()
    const expiresAt = Date.now() + 60_000
    await flood(pubsub, codebook, 6, expiresAt)
    expect(cells.getStats()).toMatchObject({ authorsSeen: 6, authorsKept: 6 })
    const live = new Set(adverts.filter(a => a.cards.length > 0).map(a => a.peerId))
    expect(live.size).toBe(6)

    cells.prune(expiresAt - 1)
    expect(cells.getStats()).toMatchObject({ authorsSeen: 6, authorsKept: 6 })
    cells.prune(expiresAt)
    expect(cells.getStats()).toMatchObject({ authorsSeen: 0, authorsKept: 0 })
    // the last word the index hears of every author is a withdrawal
    const last = new Map(adverts.map(a => [a.peerId, a.cards.length]))
    expect([...live].map(p => last.get(p))).toEqual([0, 0, 0, 0, 0, 0])
  })

  it('remembers at most maxCellAuthors authors per cell whatever a flood of fresh ids sends', async () => {
    const { cells, pubsub, codebook, adverts } = await holder({ maxCellAuthors: 4 })
    await flood(pubsub, codebook, 10, Date.now() + 60_000)
    expect(cells.getStats()).toMatchObject({ authorsSeen: 4, authorsKept: 4 })
    // the merged view handed to the index holds the same 4 authors: evicted ones were withdrawn
    const last = new Map(adverts.map(a => [a.peerId, a.cards.length]))
    expect([...last.values()].filter(n => n > 0)).toHaveLength(4)
  })
})
