/**
 * Splitting a hot cell by load. A cell whose holders see more than a card budget is split into `shards` = 2^n
 * parts by the authors' peer ids (`shardOf`), and a holder keeps only the shard of its own id; its authors keep
 * publishing on the one cell topic (gossip does not change), only storage does. A node whose query probes such a
 * cell asks one holder of each shard for the top cards of that shard for the query (hivemind-style beam search:
 * ask the holders, do not copy the cell) and merges the answers. Each shard has its own DHT key
 * (`cellShardCid`), provided by its holders.
 */
import { createHash } from 'node:crypto'
import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'
import { InvalidOptionError } from '../errors.js'
import type { CardData } from '../net/advert-types.js'
import { fnv1aPlain } from '../text/hash.js'
import { cellTopic } from './cell-topics.js'
import type { Codebook } from './codebook.js'
import { CELL_CARD_BUDGET, MAX_CELL_SHARDS } from './constants.js'

/**
 * Shards of a cell holding `cards` cards: the smallest power of two that brings a shard under `budget`, at most
 * `MAX_CELL_SHARDS`.
 *
 * @param budget - cards per shard. @default 512 (CELL_CARD_BUDGET)
 */
export function shardCount (cards: number, budget = CELL_CARD_BUDGET): number {
  if (!Number.isInteger(budget) || budget < 1) throw new InvalidOptionError('budget', `must be a positive integer, got ${String(budget)}`)
  let shards = 1
  while (cards > shards * budget && shards < MAX_CELL_SHARDS) shards *= 2
  return shards
}

/** The shard of `cell` (split into `shards`) that `peerId`'s cards belong to, and that `peerId` keeps as a holder. */
export function shardOf (peerId: string, cell: number, shards: number): number {
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_CELL_SHARDS || (shards & (shards - 1)) !== 0) {
    throw new InvalidOptionError('shards', `must be a power of two in 1..${MAX_CELL_SHARDS}, got ${String(shards)}`)
  }
  return shards === 1 ? 0 : fnv1aPlain(`${peerId}/${cell}`) % shards
}

/** The DHT key of one shard of a split cell: a CIDv1 (raw, sha2-256) of `<cell topic>/<shards>/<shard>`. */
export function cellShardCid (codebook: Codebook, cell: number, shards: number, shard: number): CID {
  if (!Number.isInteger(shard) || shard < 0 || shard >= shards) throw new InvalidOptionError('shard', `must be in 0..${shards - 1}, got ${String(shard)}`)
  const hash = createHash('sha256').update(`${cellTopic(codebook, cell)}/${shards}/${shard}`).digest()
  return CID.createV1(0x55, createDigest(0x12, new Uint8Array(hash)))
}

/** Score of a card for a query: the best dot product of its centroids with `vector` (over the shorter length). */
export function cardScore (centroids: ArrayLike<ArrayLike<number>>, vector: ArrayLike<number>): number {
  let best = -Infinity
  for (let c = 0; c < centroids.length; c++) {
    const row = centroids[c]
    const n = Math.min(row.length, vector.length)
    let s = 0
    for (let j = 0; j < n; j++) s += row[j] * vector[j]
    if (s > best) best = s
  }
  return best
}

/** The `k` best of `items` for `vector`, best first (ties keep input order). What a shard holder answers. */
export function topCards<T extends Pick<CardData, 'centroids'>> (items: Iterable<T>, vector: ArrayLike<number>, k: number): T[] {
  if (!Number.isInteger(k) || k < 1) throw new InvalidOptionError('k', `must be a positive integer, got ${String(k)}`)
  const best: Array<{ item: T, score: number }> = []
  for (const item of items) {
    const score = cardScore(item.centroids, vector)
    if (best.length === k && score <= best[k - 1].score) continue
    let at = best.length
    while (at > 0 && best[at - 1].score < score) at--
    best.splice(at, 0, { item, score })
    if (best.length > k) best.pop()
  }
  return best.map(b => b.item)
}
