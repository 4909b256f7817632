/**
 * Named networks: a small JSON file (`<dataDir>/networks/<name>.json`, or anywhere) that says which embedding space
 * a community network routes in, where to join it (bootstrap addresses) and, for a private swarm, the pre-shared
 * key every member holds. `moemesh network create` writes one; `moemesh start --network <name|file>` joins it. The
 * built-in default, `local`, is what a node does without a file: mDNS on the LAN and `--bootstrap` peers, no key.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, readdir, stat } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { InvalidOptionError } from '../errors.js'
import { writeFileAtomic } from './hosted-set-file.js'

/** Format tag of a network file; bump on an incompatible change. */
export const NETWORK_FORMAT = 'moemesh-network/1'
/** Folder of named network files inside the data dir. */
export const NETWORKS_DIR = 'networks'
/** Name of the built-in network (no file). */
export const LOCAL_NETWORK = 'local'
/** Largest network file read: a few hundred bootstrap addresses. */
const MAX_NETWORK_FILE_BYTES = 64 * 1024
/** Most bootstrap addresses in one file. */
const MAX_BOOTSTRAP = 64
const NAME_RE = /^[a-z0-9][a-z0-9_-]{0,39}$/
const SPACE_RE = /^[0-9a-f]{64}$/
/** The `@libp2p/pnet` key text: a header, the encoding, 32 bytes in hex. */
const PSK_RE = /^\/key\/swarm\/psk\/1\.0\.0\/\n\/base16\/\n[0-9a-f]{64}\n?$/

/** A network file's content. Plain data. */
export interface NetworkFile {
  format: typeof NETWORK_FORMAT
  /** Short name: lowercase letters, digits, `-` and `_`, up to 40 characters. */
  name: string
  /** The embedding space the network routes in (hex sha256 of the embedder model); members must use the same. */
  spaceId: string
  /** Where to join: multiaddrs ending in /p2p/<peer-id> (may be empty for the first node). */
  bootstrap: string[]
  /** Pre-shared key of a private swarm, in the `/key/swarm/psk/1.0.0/` text format; absent: an open network. */
  psk?: string
}

/** Throw the one-line error for a bad field of `source`. */
function bad (source: string, field: string, message: string): never {
  throw new InvalidOptionError(`${source}: ${field}`, message)
}

/** Check a network name (the file name under `networks/`). */
export function checkNetworkName (name: string): string {
  if (typeof name !== 'string' || !NAME_RE.test(name)) throw new InvalidOptionError('network name', `"${String(name)}" must be 1-40 lowercase letters, digits, - or _, starting with a letter or digit`)
  if (name === LOCAL_NETWORK) throw new InvalidOptionError('network name', `"${LOCAL_NETWORK}" is the built-in local network; choose another name`)
  return name
}

/** Validate parsed JSON as a network file; `source` (a path) names it in errors. */
export function validateNetworkFile (value: unknown, source: string): NetworkFile {
  if (value == null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidOptionError(source, 'must hold a JSON object (a moemesh network file)')
  const v = value as Record<string, unknown>
  const known = new Set(['format', 'name', 'spaceId', 'bootstrap', 'psk'])
  for (const key of Object.keys(v)) if (!known.has(key)) bad(source, key, `is not a network file field; known: ${[...known].join(', ')}`)
  if (v.format !== NETWORK_FORMAT) bad(source, 'format', `must be "${NETWORK_FORMAT}", got ${JSON.stringify(v.format)}`)
  if (typeof v.name !== 'string' || !NAME_RE.test(v.name)) bad(source, 'name', 'must be 1-40 lowercase letters, digits, - or _')
  if (typeof v.spaceId !== 'string' || !SPACE_RE.test(v.spaceId)) bad(source, 'spaceId', 'must be 64 lowercase hex characters (see `moemesh status` or `/v1/status` spaceId)')
  if (!Array.isArray(v.bootstrap) || v.bootstrap.length > MAX_BOOTSTRAP) bad(source, 'bootstrap', `must be a list of at most ${MAX_BOOTSTRAP} multiaddrs`)
  for (const addr of v.bootstrap) {
    let ok = false
    try { ok = typeof addr === 'string' && multiaddr(addr).getComponents().some((c) => c.name === 'p2p') } catch {}
    if (!ok) bad(source, 'bootstrap', `${JSON.stringify(addr)} is not a multiaddr with /p2p/<peer-id>, e.g. /ip4/1.2.3.4/tcp/4747/p2p/12D3KooW…`)
  }
  if (v.psk !== undefined && (typeof v.psk !== 'string' || !PSK_RE.test(v.psk))) bad(source, 'psk', 'must be a swarm key "/key/swarm/psk/1.0.0/\\n/base16/\\n<64 hex>" (recreate it with `moemesh network create --psk`)')
  return { format: NETWORK_FORMAT, name: v.name as string, spaceId: v.spaceId as string, bootstrap: v.bootstrap as string[], ...(v.psk !== undefined ? { psk: v.psk as string } : {}) }
}

/** A fresh pre-shared key in the `@libp2p/pnet` text format. */
export function generatePsk (): string {
  return `/key/swarm/psk/1.0.0/\n/base16/\n${randomBytes(32).toString('hex')}\n`
}

/** The path a network reference names: a path (has a `/` or ends in `.json`) or a name under `<dataDir>/networks/`. */
export function networkPath (dataDir: string, ref: string): string {
  if (ref.includes('/') || ref.endsWith('.json') || isAbsolute(ref)) return resolve(ref)
  return join(dataDir, NETWORKS_DIR, `${checkNetworkName(ref)}.json`)
}

/**
 * Read and validate a network file.
 *
 * @throws {InvalidOptionError} one line naming the file and the field, or saying the network is unknown
 */
export async function loadNetwork (dataDir: string, ref: string, options: { signal?: AbortSignal } = {}): Promise<{ path: string, network: NetworkFile }> {
  const path = networkPath(dataDir, ref)
  let buf: Buffer
  try {
    // size and kind first: a network file is a few hundred bytes, and `--network /dev/zero` must not hang the start
    const info = await stat(path)
    if (!info.isFile()) throw new InvalidOptionError(path, 'is not a regular file')
    if (info.size > MAX_NETWORK_FILE_BYTES) throw new InvalidOptionError(path, `is larger than ${MAX_NETWORK_FILE_BYTES} bytes`)
    buf = await readFile(path, { signal: options.signal })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InvalidOptionError('network', `no network "${ref}" (${path} does not exist); see \`moemesh network list\`, or create it with \`moemesh network create ${ref}\``)
    }
    throw err
  }
  if (buf.byteLength > MAX_NETWORK_FILE_BYTES) throw new InvalidOptionError(path, `is larger than ${MAX_NETWORK_FILE_BYTES} bytes`)
  let parsed: unknown
  try { parsed = JSON.parse(buf.toString('utf8')) } catch (err) { throw new InvalidOptionError(path, `is not valid JSON (${(err as Error).message})`) }
  return { path, network: validateNetworkFile(parsed, path) }
}

/** Write `<dataDir>/networks/<name>.json` (mode 0600: it may hold the swarm key). Refuses to overwrite unless `force`. */
export async function saveNetwork (dataDir: string, network: NetworkFile, options: { force?: boolean } = {}): Promise<string> {
  const valid = validateNetworkFile(network, network.name)
  const path = join(dataDir, NETWORKS_DIR, `${checkNetworkName(valid.name)}.json`)
  await mkdir(join(dataDir, NETWORKS_DIR), { recursive: true, mode: 0o700 })
  if (options.force !== true) {
    try {
      await readFile(path)
      throw new InvalidOptionError('network name', `"${valid.name}" exists already (${path}); pick another name or delete the file`)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  }
  await writeFileAtomic(path, JSON.stringify(valid, null, 2) + '\n')
  return path
}

/** The named networks under `<dataDir>/networks/`, each valid one or the one-line problem with it. */
export async function listNetworks (dataDir: string): Promise<Array<{ name: string, path: string, network?: NetworkFile, problem?: string }>> {
  let names: string[]
  try { names = (await readdir(join(dataDir, NETWORKS_DIR))).filter((f) => f.endsWith('.json')).sort() } catch { return [] }
  const out = []
  for (const file of names) {
    const name = file.slice(0, -'.json'.length)
    const path = join(dataDir, NETWORKS_DIR, file)
    try {
      out.push({ name, path, network: (await loadNetwork(dataDir, path)).network })
    } catch (err) {
      out.push({ name, path, problem: (err as Error).message })
    }
  }
  return out
}
