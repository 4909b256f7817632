/**
 * Cell fetch, `/moemesh/cell-fetch/1.0.0`: a node that missed a cell asks one of its holders (found in the DHT)
 * for the signed adverts it holds in that cell. The request is one length-prefixed `AdvertSyncRequest` whose
 * `spaceId` field carries the cell's topic; the answer is length-prefixed `SignedAdvert` frames, each exactly as
 * its author signed it, then the end of the stream. The client verifies every frame as if it came from gossip
 * (through the cell's advert service), so a holder can withhold cards but not forge them; cards relayed for the
 * wrong cell are dropped when merged (`CellCards`).
 */
import { lpStream, type LengthPrefixedStream } from '@libp2p/utils'
import type { Libp2p, PeerId, Stream } from '@libp2p/interface'
import { moemesh } from '../gen/moemesh.js'
import type { AdvertVerdict } from '../net/advert-codec.js'
import { MAX_ADVERT_BYTES } from '../net/limits.js'
import { CELL_FETCH_MAX_ADVERTS, CELL_FETCH_PROTOCOL, MAX_CELL_FETCH_REQUEST_BYTES } from './constants.js'

/** What a holder serves and a fetcher fills, per cell topic. */
export interface CellFetchStore {
  /** Signed adverts held for `topic` (undefined when this node does not hold that cell), never `exclude`'s own. */
  advertsOf(topic: string, exclude: string): Array<{ bytes: Uint8Array }> | undefined
  /** Verify and apply a relayed advert of `topic` exactly as a gossiped one. Never throws on bad input. */
  ingest(topic: string, bytes: Uint8Array, relayedBy: string, signal: AbortSignal): Promise<AdvertVerdict>
}

/** The part of libp2p cell fetch uses. */
export type CellFetchNode = Pick<Libp2p, 'handle' | 'unhandle' | 'dialProtocol'>

/** Register the server side; returns the function that unregisters it. Each answer must finish within `timeoutMs`. */
export async function serveCellFetch (node: CellFetchNode, store: CellFetchStore, timeoutMs: number): Promise<() => Promise<void>> {
  await node.handle(CELL_FETCH_PROTOCOL, (stream, connection) => {
    void (async () => {
      const signal = AbortSignal.timeout(timeoutMs)
      try {
        const lp = lpStream(stream, { maxDataLength: MAX_CELL_FETCH_REQUEST_BYTES })
        const request = moemesh.AdvertSyncRequest.decode((await lp.read({ signal })).subarray())
        const adverts = store.advertsOf(request.spaceId, connection.remotePeer.toString()) ?? []
        const limit = Math.min(request.maxAdverts > 0 ? request.maxAdverts : CELL_FETCH_MAX_ADVERTS, CELL_FETCH_MAX_ADVERTS)
        for (const advert of adverts.slice(0, limit)) await lp.write(advert.bytes, { signal })
        await stream.close({ signal })
      } catch (err) {
        stream.abort(err instanceof Error ? err : new Error(String(err)))
      }
    })()
  }, { maxInboundStreams: 8, maxOutboundStreams: 8 })
  return async () => { await node.unhandle(CELL_FETCH_PROTOCOL) }
}

/**
 * Read up to `max` signed-advert frames of `topic` from `peer` until the stream ends, verifying each through
 * `store.ingest` as if gossiped. Returns how many were accepted; throws on a forged or malformed one (the peer lied).
 * Shared by cell fetch and cell query.
 */
export async function ingestAdvertFrames (lp: LengthPrefixedStream, store: Pick<CellFetchStore, 'ingest'>, peer: PeerId, topic: string, max: number, signal: AbortSignal): Promise<number> {
  let accepted = 0
  for (let read = 0; read < max; read++) {
    let frame: Uint8Array
    try {
      frame = (await lp.read({ signal })).subarray()
    } catch (err) {
      if ((err as Error)?.name === 'UnexpectedEOFError') break
      throw err
    }
    const verdict = await store.ingest(topic, frame, peer.toString(), signal)
    if (verdict.ok) accepted++
    else if (verdict.action === 'reject') throw new Error(`${peer.toString()} relayed a forged or malformed advert`)
  }
  return accepted
}

/** Ask `peer` for its adverts of `topic`; returns how many were accepted. Throws when the peer cannot be reached. */
export async function fetchCell (node: CellFetchNode, store: CellFetchStore, peer: PeerId, topic: string, signal: AbortSignal): Promise<number> {
  let stream: Stream | undefined
  try {
    stream = await node.dialProtocol(peer, CELL_FETCH_PROTOCOL, { signal })
    const lp = lpStream(stream, { maxDataLength: MAX_ADVERT_BYTES })
    await lp.write(moemesh.AdvertSyncRequest.encode({ spaceId: topic, maxAdverts: CELL_FETCH_MAX_ADVERTS }).finish(), { signal })
    await stream.close({ signal })
    return await ingestAdvertFrames(lp, store, peer, topic, CELL_FETCH_MAX_ADVERTS, signal)
  } catch (err) {
    stream?.abort(err instanceof Error ? err : new Error(String(err)))
    throw err
  }
}
