/**
 * Cells in the DHT: a node that holds a cell's cards provides the cell's key (a kad-dht provider record, as IPFS
 * provides content), and a node that misses a cell finds its holders there. This is hivemind's "declare under a
 * key, find by key" with the codebook as the key space; the subscription policy decides what to provide.
 */
import type { AbortOptions, ContentRouting, PeerInfo } from '@libp2p/interface'
import { positiveInt } from '../options.js'
import type { Codebook } from './codebook.js'
import { cellCid } from './cell-topics.js'
import { cellShardCid } from './cell-shards.js'
import type { CID } from 'multiformats/cid'
import { LOOKUP_PROVIDERS } from './constants.js'

/** The part of libp2p's content routing a lookup needs (`libp2p.contentRouting`, or a simulated DHT). */
export type CellRouting = Pick<ContentRouting, 'provide' | 'findProviders'>

/** Dependencies of {@link CellProviders}. */
export interface CellProvidersComponents {
  routing: CellRouting
  codebook: Codebook
  /** This node's peer id (string form): never returned as a provider. */
  self: string
}

/** Options of {@link CellProviders}. */
export interface CellProvidersInit {
  /** Providers a lookup returns at most. @default 3 (LOOKUP_PROVIDERS) */
  maxProviders?: number
}

/**
 * Provides and finds cells in the DHT.
 *
 * @example
 * ```ts
 * const providers = new CellProviders({ routing: libp2p.contentRouting, codebook, self: peerId })
 * await providers.provide(12, { signal })
 * const holders = await providers.find(40, { signal })
 * ```
 */
export class CellProviders {
  private readonly components: CellProvidersComponents
  private readonly maxProviders: number

  constructor (components: CellProvidersComponents, init: CellProvidersInit = {}) {
    this.components = components
    this.maxProviders = positiveInt('maxProviders', init.maxProviders, LOOKUP_PROVIDERS)
  }

  /** Announce that this node holds `cell` (the DHT republishes the record itself). */
  async provide (cell: number, options: AbortOptions = {}): Promise<void> {
    options.signal?.throwIfAborted()
    await this.components.routing.provide(cellCid(this.components.codebook, cell), options)
  }

  /** Announce that this node keeps shard `shard` of `cell`, split into `shards` (`cell-shards.ts`). */
  async provideShard (cell: number, shards: number, shard: number, options: AbortOptions = {}): Promise<void> {
    options.signal?.throwIfAborted()
    await this.components.routing.provide(cellShardCid(this.components.codebook, cell, shards, shard), options)
  }

  /** Up to `maxProviders` holders of `cell`, other than this node, in the order the DHT returns them. */
  async find (cell: number, options: AbortOptions = {}): Promise<PeerInfo[]> {
    return await this.findKey(cellCid(this.components.codebook, cell), options)
  }

  /** Up to `maxProviders` holders of one shard of a split cell, other than this node. */
  async findShard (cell: number, shards: number, shard: number, options: AbortOptions = {}): Promise<PeerInfo[]> {
    return await this.findKey(cellShardCid(this.components.codebook, cell, shards, shard), options)
  }

  private async findKey (key: CID, options: AbortOptions): Promise<PeerInfo[]> {
    options.signal?.throwIfAborted()
    const found: PeerInfo[] = []
    const seen = new Set<string>()
    for await (const provider of this.components.routing.findProviders(key, options)) {
      const id = provider.id.toString()
      if (id === this.components.self || seen.has(id)) continue
      seen.add(id)
      found.push(provider)
      if (found.length >= this.maxProviders) break
    }
    return found
  }
}
