/**
 * The network layer: the one libp2p factory, signed capability adverts over gossipsub (and
 * `/moemesh/adverts-sync/1.0.0`, which hands a newly connected peer the adverts a node holds), and the
 * `/moemesh/query/1.0.0` request/response protocol.
 *
 * @example
 * ```ts
 * const node = await createMoemeshLibp2p({ privateKey, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false })
 * const adverts = new AdvertService({ pubsub: node.services.pubsub, peerId: node.peerId, privateKey,
 *   getMultiaddrs: () => node.getMultiaddrs(), peerStore: node.peerStore }, { spaceId, onAdvert })
 * await adverts.start()
 * const sync = new AdvertSync({ node, adverts }, { spaceId }) // newly connected peers hand over the adverts they hold
 * await sync.start()
 * const client = new QueryClient({ node })
 * const { answers } = await client.query(peerId, { text, vector, spaceId, expertIds, maxPrice: 0 }, { timeoutMs: 2000 })
 * ```
 */
export { createMoemeshLibp2p, type MoemeshLibp2p, type MoemeshLibp2pInit } from './libp2p.js'
export { generateIdentity, loadIdentity, saveIdentity, loadOrCreateIdentity } from './identity.js'
export { AdvertService, advertTopic, type AdvertServiceInit, type AdvertServiceComponents, type AdvertServiceStats } from './advert-service.js'
export type { CachedAdvert } from './advert-cache.js'
export {
  AdvertSync, ADVERT_SYNC_PROTOCOL,
  type AdvertSyncInit, type AdvertSyncComponents, type AdvertSyncStore, type AdvertSyncResult, type AdvertSyncStats, type AdvertSyncEnd
} from './advert-sync.js'
export { verifyAdvert, buildSignedAdvert } from './advert-codec.js'
export type { CardData, VerifiedAdvert } from './advert-types.js'
export { QueryServer, type QueryHandler } from './query-server.js'
export { QueryClient, type QueryInput, type QueryResult } from './query-client.js'
export type { QueryRequestData, ExpertAnswerData, ReceivedAnswer, QueryErrorName } from './query-types.js'
export * from './query-errors.js'
export {
  AdvertTooLargeError, InvalidAdvertError, AdvertServiceNotStartedError, IdentityKeyError, AdvertSyncNotStartedError,
  AdvertSyncTimeoutError, AdvertSyncFailedError
} from './errors.js'
