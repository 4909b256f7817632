import { generateKeyPair } from '@libp2p/crypto/keys'
import { lpStream } from '@libp2p/utils'
import { afterEach, describe, expect, it } from 'vitest'
import { queryCell } from '../../src/discovery/cell-query.js'
import { CELL_QUERY_PROTOCOL } from '../../src/discovery/constants.js'
import { cells } from '../../src/gen/cells.js'
import { createMoemeshLibp2p, type MoemeshLibp2p } from '../../src/net/libp2p.js'

const nodes: MoemeshLibp2p[] = []
afterEach(async () => { await Promise.allSettled(nodes.splice(0).map(async (n) => { await n.stop() })) })

async function pair (): Promise<[MoemeshLibp2p, MoemeshLibp2p]> {
  const a = await createMoemeshLibp2p({ privateKey: await generateKeyPair('Ed25519'), transport: 'memory', mdns: false, dht: false })
  const b = await createMoemeshLibp2p({ privateKey: await generateKeyPair('Ed25519'), transport: 'memory', mdns: false, dht: false, bootstrap: [a.getMultiaddrs()[0].toString()] })
  nodes.push(a, b)
  return [a, b]
}

/** A holder that answers every cell query with `info` and no adverts. */
async function lyingHolder (node: MoemeshLibp2p, info: { cards: number, shards: number, shard: number }): Promise<void> {
  await node.handle(CELL_QUERY_PROTOCOL, (stream) => {
    void (async () => {
      const lp = lpStream(stream)
      await lp.read()
      await lp.write(cells.CellQueryInfo.encode(info).finish())
      await stream.close()
    })().catch((err: Error) => { stream.abort(err) })
  })
}

const store = { topAdverts: () => undefined, ingest: async () => ({ ok: true as const }) } as any

describe('cell query, asking side', () => {
  it('refuses a holder that claims an impossible split (it would make us look up billions of shards)', async () => {
    const [holder, asker] = await pair()
    await lyingHolder(holder, { cards: 10, shards: 2 ** 31, shard: 0 })
    await expect(queryCell(asker, store, holder.peerId, 't', [1, 0], 4, AbortSignal.timeout(5000))).rejects.toThrow(/impossible cell split/)
  })

  it('takes an honest split and a non-holder answer as they are', async () => {
    const [holder, asker] = await pair()
    await lyingHolder(holder, { cards: 900, shards: 2, shard: 1 })
    expect(await queryCell(asker, store, holder.peerId, 't', [1, 0], 4, AbortSignal.timeout(5000))).toEqual({ info: { cards: 900, shards: 2, shard: 1 }, accepted: 0 })
  })
})
