/**
 * Names of a cell on the wire: its gossipsub topic, and the DHT key (a CID) under which the nodes that hold its
 * cards provide it. Both carry the space id, the codebook version and the codebook id, so a codebook change
 * (a new version, or a different embedder) moves every node to fresh topics and keys instead of mixing cells.
 */
import { createHash } from 'node:crypto'
import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'
import { InvalidOptionError } from '../errors.js'
import type { Codebook } from './codebook.js'
import { CELL_TOPIC_PREFIX } from './constants.js'

/** Multicodec of raw bytes: the key names no content, only the cell. */
const RAW_CODEC = 0x55
/** Multihash code of sha2-256. */
const SHA2_256 = 0x12
/** Hex characters of the codebook id in a topic: 64 bits tell codebooks apart and keep topics short. */
const CODEBOOK_ID_CHARS = 16

function checkCell (codebook: Codebook, cell: number): void {
  if (!Number.isInteger(cell) || cell < 0 || cell >= codebook.size) throw new InvalidOptionError('cell', `must be an integer in 0..${codebook.size - 1}, got ${String(cell)}`)
}

/** The prefix of every cell topic of `codebook` (ends with `/`). */
export function cellTopicPrefix (codebook: Codebook): string {
  return `${CELL_TOPIC_PREFIX}${codebook.spaceId}/${codebook.version}.${codebook.id.slice(0, CODEBOOK_ID_CHARS)}/`
}

/** The gossip topic of one cell: `/moemesh/cells/1/<space>/<version>.<codebook id>/<cell>`. */
export function cellTopic (codebook: Codebook, cell: number): string {
  checkCell(codebook, cell)
  return `${cellTopicPrefix(codebook)}${cell}`
}

/** The cell of a topic of `codebook`, or undefined for any other topic. */
export function cellOfTopic (codebook: Codebook, topic: string): number | undefined {
  const prefix = cellTopicPrefix(codebook)
  if (!topic.startsWith(prefix)) return undefined
  const rest = topic.slice(prefix.length)
  if (!/^(0|[1-9][0-9]{0,5})$/.test(rest)) return undefined
  const cell = Number(rest)
  return cell < codebook.size ? cell : undefined
}

/** The DHT key of a cell: a CIDv1 (raw, sha2-256) of its topic name. */
export function cellCid (codebook: Codebook, cell: number): CID {
  const hash = createHash('sha256').update(cellTopic(codebook, cell)).digest()
  return CID.createV1(RAW_CODEC, createDigest(SHA2_256, new Uint8Array(hash)))
}
