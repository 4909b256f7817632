/**
 * Cell query, `/moemesh/cell-query/1.0.0`: a node whose query probes a cell it does not keep in full asks a holder
 * for the top cards of the cell (of the holder's shard, for a split cell) for this query, instead of copying the
 * cell. The request is one length-prefixed `CellQuery`; the answer is a `CellQueryInfo` frame (the cell's size and
 * split as the holder sees them), then the signed adverts of the best cards, exactly as their authors signed them,
 * then the end of the stream. The client verifies every advert as gossip (a holder can withhold cards, not forge).
 */
import { lpStream } from '@libp2p/utils'
import type { PeerId, Stream } from '@libp2p/interface'
import { cells } from '../gen/cells.js'
import type { AdvertVerdict } from '../net/advert-codec.js'
import { MAX_ADVERT_BYTES } from '../net/limits.js'
import { ingestAdvertFrames, type CellFetchNode } from './cell-fetch.js'
import { CELL_QUERY_K, CELL_QUERY_PROTOCOL, MAX_CELL_QUERY_REQUEST_BYTES, MAX_CELL_SHARDS } from './constants.js'

/** How a cell, split or not, looks to the holder that answers. */
export interface CellQueryInfo { cards: number, shards: number, shard: number }

/** What a holder answers and a client fills, per cell topic. */
export interface CellQueryStore {
  /** The info of `topic` and the signed adverts holding its best `k` cards for `vector` (undefined: cell not held). */
  topAdverts(topic: string, vector: Float32Array, k: number, exclude: string): { info: CellQueryInfo, adverts: Uint8Array[] } | undefined
  /** Verify and apply a relayed advert of `topic` exactly as a gossiped one. Never throws on bad input. */
  ingest(topic: string, bytes: Uint8Array, relayedBy: string, signal: AbortSignal): Promise<AdvertVerdict>
}

/** Register the server side; returns the function that unregisters it. */
export async function serveCellQuery (node: CellFetchNode, store: CellQueryStore, timeoutMs: number, maxDim = 1024): Promise<() => Promise<void>> {
  await node.handle(CELL_QUERY_PROTOCOL, (stream, connection) => {
    void (async () => {
      const signal = AbortSignal.timeout(timeoutMs)
      try {
        const lp = lpStream(stream, { maxDataLength: MAX_CELL_QUERY_REQUEST_BYTES })
        const request = cells.CellQuery.decode((await lp.read({ signal })).subarray())
        if (request.vector.length === 0 || request.vector.length > maxDim || !request.vector.every(Number.isFinite)) throw new Error('bad query vector')
        const k = Math.min(Math.max(request.k, 1), CELL_QUERY_K * 4)
        const answer = store.topAdverts(request.topic, Float32Array.from(request.vector), k, connection.remotePeer.toString())
        await lp.write(cells.CellQueryInfo.encode(answer?.info ?? { cards: 0, shards: 0, shard: 0 }).finish(), { signal })
        for (const bytes of answer?.adverts ?? []) await lp.write(bytes, { signal })
        await stream.close({ signal })
      } catch (err) {
        stream.abort(err instanceof Error ? err : new Error(String(err)))
      }
    })()
  }, { maxInboundStreams: 16, maxOutboundStreams: 16 })
  return async () => { await node.unhandle(CELL_QUERY_PROTOCOL) }
}

/**
 * Ask `peer` for the best `k` cards of `topic` for `vector`. Every advert is verified through `store.ingest`.
 *
 * @returns the holder's view of the cell (shards 0: it does not hold it) and how many adverts were accepted
 * @throws when the peer cannot be reached or relays a forged advert
 */
export async function queryCell (node: CellFetchNode, store: CellQueryStore, peer: PeerId, topic: string, vector: ArrayLike<number>, k: number, signal: AbortSignal): Promise<{ info: CellQueryInfo, accepted: number }> {
  let stream: Stream | undefined
  try {
    stream = await node.dialProtocol(peer, CELL_QUERY_PROTOCOL, { signal })
    const lp = lpStream(stream, { maxDataLength: MAX_ADVERT_BYTES })
    await lp.write(cells.CellQuery.encode({ topic, vector: Array.from(vector), k }).finish(), { signal })
    await stream.close({ signal })
    const info = cells.CellQueryInfo.decode((await lp.read({ signal })).subarray())
    // the holder's numbers drive how many shard lookups we make: a power of two up to MAX_CELL_SHARDS, or refused
    const shards = info.shards
    if (!Number.isInteger(shards) || shards < 0 || shards > MAX_CELL_SHARDS || (shards & (shards - 1)) !== 0 ||
        !Number.isInteger(info.shard) || info.shard < 0 || (shards > 0 && info.shard >= shards)) {
      throw new Error(`${peer.toString()} answered an impossible cell split (${String(info.shard)} of ${String(shards)} shards)`)
    }
    const accepted = await ingestAdvertFrames(lp, store, peer, topic, k, signal)
    return { info: { cards: info.cards, shards, shard: info.shard }, accepted }
  } catch (err) {
    stream?.abort(err instanceof Error ? err : new Error(String(err)))
    throw err
  }
}
