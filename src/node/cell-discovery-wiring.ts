/**
 * Cell discovery in the daemon (`discovery: 'cells'`, `moemesh start --discovery cells`): the codebook of the
 * node's space (derived once from the embedder's word table and cached in the data dir), and a started
 * {@link CellDiscovery} whose verified adverts land in the capability index. See `docs/discovery.md`.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ComponentLogger, PrivateKey } from '@libp2p/interface'
import { CellDiscovery } from '../discovery/cell-discovery.js'
import { Codebook } from '../discovery/codebook.js'
import { CODEBOOK_SAMPLE, CODEBOOK_VERSION, DEFAULT_CELLS } from '../discovery/constants.js'
import { wordRows } from '../embed/word-rows.js'
import { InvalidOptionError } from '../errors.js'
import type { MoemeshLibp2p } from '../net/libp2p.js'
import type { CapabilityIndex } from '../routing/capability-index.js'

/** How a node learns the network's cards: every card on one advert topic, or only its cells' cards (see docs/discovery.md). */
export type DiscoveryMode = 'topic' | 'cells'

/** The discovery modes, for validation and `--help`. */
export const DISCOVERY_MODES: readonly DiscoveryMode[] = ['topic', 'cells']

/** Folder of cached codebooks inside the data dir (deriving one takes seconds; the result never changes). */
export const CODEBOOK_DIR = 'codebook'

/**
 * Check the discovery mode against the other options: cells mode finds cells in the DHT.
 *
 * @throws {InvalidOptionError} naming `discovery`, in one line
 */
export function checkDiscovery (mode: unknown, dht: boolean): DiscoveryMode {
  if (!DISCOVERY_MODES.includes(mode as DiscoveryMode)) throw new InvalidOptionError('discovery', `must be topic or cells, got "${String(mode)}"`)
  if (mode === 'cells' && !dht) throw new InvalidOptionError('discovery', 'cells discovery looks cells up in the DHT, which is off; turn the DHT on or use --discovery topic')
  return mode as DiscoveryMode
}

/**
 * The codebook of the embedder's space: {@link DEFAULT_CELLS} cells over the word channel, derived from the
 * {@link CODEBOOK_SAMPLE} most frequent word vectors of the model file. Cached under `<dataDir>/codebook/`
 * (sha256 id, then the cells); a cache whose cells do not hash to its id is derived again. Deriving takes seconds
 * the first time: it runs in slices with the event loop handed back between them, reporting the fraction done.
 */
export async function codebookForSpace (dataDir: string, spaceId: string, embedderBytes: Uint8Array, options: { signal?: AbortSignal, onProgress?: (fraction: number) => void } = {}): Promise<Codebook> {
  const dir = join(dataDir, CODEBOOK_DIR)
  const file = join(dir, `v${CODEBOOK_VERSION}-${spaceId}-${DEFAULT_CELLS}.bin`)
  const { dim, rows } = wordRows(embedderBytes, CODEBOOK_SAMPLE)
  try {
    const bytes = await readFile(file, { signal: options.signal })
    if (bytes.byteLength === 32 + DEFAULT_CELLS * dim * 4) {
      const centers = new Float32Array(bytes.buffer.slice(bytes.byteOffset + 32, bytes.byteOffset + bytes.byteLength))
      const cached = Codebook.fromCells({ spaceId, version: CODEBOOK_VERSION, dim, centers })
      if (cached.id === Buffer.from(bytes.subarray(0, 32)).toString('hex')) return cached
    }
  } catch (err) {
    options.signal?.throwIfAborted()
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const codebook = await Codebook.deriveAsync({ spaceId, dim, sample: rows }, options)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`
  await writeFile(tmp, Buffer.concat([Buffer.from(codebook.id, 'hex'), Buffer.from(codebook.centers.buffer, codebook.centers.byteOffset, codebook.centers.byteLength)]), { mode: 0o600 })
  await rename(tmp, file)
  return codebook
}

/** What {@link startCellDiscovery} needs from the daemon. */
export interface CellDiscoveryWiring {
  libp2p: MoemeshLibp2p
  privateKey: PrivateKey
  codebook: Codebook
  /** Dimension of the space (the embedder's). */
  spaceDim: number
  /** Verified remote adverts go here. */
  index: CapabilityIndex
  logger?: ComponentLogger
  /** @default 30_000 */
  refreshMs?: number
  /** @default 90_000 */
  ttlMs?: number
}

/** Start cell discovery on a running libp2p node with the DHT: home cells joined and provided, fetches served. */
export async function startCellDiscovery (w: CellDiscoveryWiring): Promise<CellDiscovery> {
  const { libp2p, index } = w
  const cells = new CellDiscovery(
    { node: libp2p, routing: libp2p.contentRouting, pubsub: libp2p.services.pubsub, peerId: libp2p.peerId, privateKey: w.privateKey, getMultiaddrs: () => libp2p.getMultiaddrs(), peerStore: libp2p.peerStore, logger: w.logger },
    { codebook: w.codebook, spaceDim: w.spaceDim, refreshMs: w.refreshMs, ttlMs: w.ttlMs, onAdvert: (advert) => { index.applyAdvert(advert) } }
  )
  await cells.start()
  return cells
}
