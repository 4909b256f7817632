/**
 * Discovery without every node holding every card: a versioned codebook of embedding-space cells, a gossip topic
 * and a DHT key per cell, a policy for which cells a node holds, and lookups on a miss. See `docs/discovery.md`.
 *
 * @example
 * ```ts
 * const codebook = Codebook.derive({ spaceId, dim: 100, sample })
 * const cells = new CellDiscovery({ node: libp2p, routing: libp2p.contentRouting, pubsub, peerId, privateKey,
 *   getMultiaddrs: () => libp2p.getMultiaddrs() }, { codebook, onAdvert: (a) => index.applyAdvert(a) })
 * await cells.start()
 * ```
 */
export { Codebook, type CodebookInit } from './codebook.js'
export { cellTopic, cellCid, cellOfTopic, cellTopicPrefix } from './cell-topics.js'
export { SubscriptionPolicy, homeCellsOf, type SubscriptionPolicyInit, type SubscriptionChange } from './subscription-policy.js'
export { CellProviders, type CellRouting, type CellProvidersInit } from './provider-lookup.js'
export { CellCards } from './cell-cards.js'
export { CellDiscovery, type CellDiscoveryComponents, type CellDiscoveryInit } from './cell-discovery.js'
export { CELL_FETCH_PROTOCOL } from './constants.js'
