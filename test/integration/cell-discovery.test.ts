import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { afterEach, describe, expect, it } from 'vitest'
import { CellDiscovery } from '../../src/discovery/cell-discovery.js'
import { Codebook } from '../../src/discovery/codebook.js'
import { cellCid } from '../../src/discovery/cell-topics.js'
import type { CardData } from '../../src/net/advert-types.js'
import { createMoemeshLibp2p, type MoemeshLibp2p } from '../../src/net/libp2p.js'
import { CapabilityIndex } from '../../src/routing/capability-index.js'
import { waitFor } from '../helpers/wait-for.js'

const SPACE = 'ee'.repeat(32)
const DIM = 8
const CELLS = 16

function unit (seed: number): Float32Array {
  const v = Float32Array.from({ length: DIM }, (_, j) => Math.sin(seed * 7.1 + j * 3.3))
  const n = Math.hypot(...v)
  return v.map(x => x / n)
}

function card (id: number, centroid: Float32Array): CardData {
  return {
    expertId: id.toString(16).padStart(64, '0'), name: `cell-expert-${id}`, version: '1', task: 'classification', description: '',
    labels: ['a'], spaceId: SPACE, centroids: [centroid], dim: DIM, price: 0, load: 0, inputKind: 'embedding', accuracy: 0
  }
}

interface Node { libp2p: MoemeshLibp2p, cells: CellDiscovery, index: CapabilityIndex, key: PrivateKey }

describe('cell discovery', () => {
  const nodes: Node[] = []
  afterEach(async () => {
    await Promise.allSettled(nodes.map(async n => { await n.cells.stop({ signal: AbortSignal.timeout(500) }) }))
    for (const n of nodes) for (const c of n.libp2p.getConnections()) c.abort(new Error('test over'))
    await Promise.allSettled(nodes.map(async n => { await n.libp2p.stop() }))
    nodes.length = 0
  })

  it('a node that does not hold a cell finds a card there through the DHT on a miss, then holds the cell', async () => {
    const codebook = Codebook.derive({ spaceId: SPACE, dim: DIM, cells: CELLS })
    for (let i = 0; i < 5; i++) {
      const key = await generateKeyPair('Ed25519')
      const bootstrap = i === 0 ? [] : [nodes[0].libp2p.getMultiaddrs()[0].toString()]
      const libp2p = await createMoemeshLibp2p({ privateKey: key, transport: 'memory', mdns: false, dht: true, bootstrap })
      const index = new CapabilityIndex()
      const cells = new CellDiscovery(
        { node: libp2p, routing: libp2p.contentRouting, pubsub: libp2p.services.pubsub, peerId: libp2p.peerId, privateKey: key, getMultiaddrs: () => libp2p.getMultiaddrs(), peerStore: libp2p.peerStore },
        { codebook, spaceDim: DIM, homeCells: 1, maxQueryCells: 2, probeCells: 1, onAdvert: (a) => { index.applyAdvert(a) } }
      )
      await cells.start()
      nodes.push({ libp2p, cells, index, key })
    }
    const [asker, ...others] = nodes
    const author = others[others.length - 1]
    // a card in a cell the asker does not hold
    let vector = unit(1)
    for (let s = 2; asker.cells.holds(codebook.nearest(vector)[0]); s++) vector = unit(s)
    const cell = codebook.nearest(vector)[0]
    author.cells.setLocalCards([card(42, vector)])
    const authorId = author.libp2p.peerId.toString()
    // the author announces in the cell and provides it in the DHT
    await waitFor('the cell to have a provider in the DHT', async () => {
      try {
        for await (const _ of asker.libp2p.contentRouting.findProviders(cellCid(codebook, cell), { signal: AbortSignal.timeout(1000) })) return true
      } catch {}
      return false
    }, 20_000, 200)
    // and the cell's holders have the card by gossip (a holder asked before its mesh delivered it has nothing to give)
    const holders = others.filter(n => n !== author && n.cells.holds(cell))
    await waitFor('the cell\'s holders to have the card', async () => holders.every(n => n.index.get(authorId, card(42, vector).expertId) !== undefined), 20_000, 100)
    expect(asker.index.get(authorId, card(42, vector).expertId)).toBeUndefined()

    const missed = await asker.cells.prepareQuery(vector, { signal: AbortSignal.timeout(10_000) })
    expect(missed).toEqual([cell])
    expect(asker.index.get(authorId, card(42, vector).expertId)?.card.name).toBe('cell-expert-42')
    expect(asker.cells.holds(cell)).toBe(true)
  }, 60_000)
})
