import { readFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { InvalidOptionError } from '../errors.js'

/** Everything a daemon needs to start. Plain data: it can be logged, cloned and sent to a worker. */
export interface NodeConfig {
  /** Where the identity key, config, caches and the zoo live. */
  dataDir: string
  /** libp2p listen multiaddrs. */
  listen: string[]
  /** Peers to dial at start (multiaddrs ending in /p2p/<peer-id>), besides those of `network`. */
  bootstrap: string[]
  /**
   * Addresses to advertise instead of the listen addresses, e.g. `/ip4/<public-ip>/tcp/4747` after forwarding
   * that port on the router. Empty: the listen addresses, plus relay and router-mapped ones.
   */
  announce: string[]
  /** Offer circuit relaying to nodes behind NAT (for a publicly reachable node, e.g. a community bootstrap node). */
  relayServer: boolean
  /** Ask the router to forward the listen port (UPnP); harmless where there is no UPnP router. */
  upnp: boolean
  /**
   * The network to join: a network file's path, or the name of one under `<dataDir>/networks/`
   * (`moemesh network create`). Unset: the built-in local network (mDNS and `bootstrap` only, no key).
   */
  network?: string
  /** HTTP API address `host:port`. */
  api: string
  /** Bearer token the API requires; mandatory when `api` is not on loopback. */
  apiToken?: string
  /** Expert package folders to host; empty means the built-in zoo (unless `zoo` is false). */
  experts: string[]
  /**
   * Folders under which experts may be added while the node runs (`POST /v1/experts`, `moemesh expert add`);
   * empty means the data dir alone (which holds the zoo). Folders named in `experts` at start are the operator's
   * own choice and need not be under a root.
   */
  expertsRoots: string[]
  /** Host the built-in zoo when no experts are named; false makes a client-only node. */
  zoo: boolean
  /** Discover peers on the local network by multicast DNS. */
  mdns: boolean
  /** Experts asked per query. */
  k: number
  /** How answers are combined. */
  strategy: 'top1' | 'mixture' | 'vote'
  /** Deadline of one routed query, end to end. */
  queryTimeoutMs: number
  /**
   * How the node learns the network's cards: `topic`, every card on one advert topic; `cells`, only the cards of
   * the embedding-space cells it holds or its queries probe, the rest looked up in the DHT (docs/discovery.md).
   */
  discovery: 'topic' | 'cells'
  /** Run as a validator: probe other nodes' cards with labelled probes, score them, attest the scores. */
  validate: boolean
  /** Labelled probe files (`{"text","label"}` JSON Lines); empty means the zoo's calibration splits when the data dir holds the zoo. */
  probes: string[]
  /** One validation probe per this many ms. */
  validateIntervalMs: number
  /** One score attestation (commit, and reveal of the previous) per this many ms. */
  attestPeriodMs: number
}

/** The config a fresh machine runs with. */
export const DEFAULT_CONFIG: Omit<NodeConfig, 'dataDir'> = {
  listen: ['/ip4/0.0.0.0/tcp/4747'],
  bootstrap: [],
  announce: [],
  relayServer: false,
  upnp: false,
  api: '127.0.0.1:7420',
  experts: [],
  expertsRoots: [],
  zoo: true,
  mdns: true,
  k: 2,
  // top1: experts with different label sets are not calibrated against each other, so by default the answer
  // is the best-matching expert's; the others stay in the provenance (and answer if it fails).
  strategy: 'top1',
  queryTimeoutMs: 3000,
  discovery: 'topic',
  // validation is on by default at a low rate: one probe to a few cards every 5 s, one attestation a minute
  validate: true,
  probes: [],
  validateIntervalMs: 5000,
  attestPeriodMs: 60_000
}

/** Every field of {@link NodeConfig}. */
export const CONFIG_FIELDS: ReadonlyArray<keyof NodeConfig> = ['dataDir', ...Object.keys(DEFAULT_CONFIG) as Array<keyof NodeConfig>, 'apiToken', 'network']

/** Name of the config file inside the data dir. */
export const CONFIG_FILE = 'config.json'
/** Largest config file we read. */
const MAX_CONFIG_BYTES = 256 * 1024

/** The data dir used when none is given: `$MOEMESH_HOME`, else `~/.moemesh`. */
export function defaultDataDir (env: NodeJS.ProcessEnv = process.env): string {
  const home = env.MOEMESH_HOME
  return home != null && home !== '' ? resolve(home) : join(homedir(), '.moemesh')
}

const STRATEGIES = new Set(['top1', 'mixture', 'vote'])
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

/** Split `host:port` (IPv6 in brackets) and validate it. */
export function parseHostPort (value: string, field = 'api'): { host: string, port: number } {
  const m = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(value.trim())
  if (m == null) throw new InvalidOptionError(field, `"${value}" is not host:port; use e.g. 127.0.0.1:7420`)
  const port = Number(m[2])
  if (port > 65535) throw new InvalidOptionError(field, `port ${port} is above 65535`)
  return { host: m[1].replace(/^\[|\]$/g, ''), port }
}

/** True when the API host only accepts local connections. */
export function isLoopbackHost (host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || (isIP(host) === 4 && host.startsWith('127.'))
}

function asStringList (value: unknown, field: string): string[] {
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s !== '')
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value
  throw new InvalidOptionError(field, 'must be a list of strings')
}

/**
 * Validate and normalise a partial config. Every problem is one {@link InvalidOptionError} naming the field.
 */
export function validateConfig (input: Partial<NodeConfig> & { dataDir: string }): NodeConfig {
  const c: NodeConfig = { ...DEFAULT_CONFIG, ...input }
  c.listen = asStringList(c.listen, 'listen')
  c.bootstrap = asStringList(c.bootstrap, 'bootstrap')
  c.announce = asStringList(c.announce, 'announce')
  c.experts = asStringList(c.experts, 'experts').map((d) => resolve(d))
  c.expertsRoots = asStringList(c.expertsRoots, 'expertsRoots').map((d) => resolve(d))
  c.probes = asStringList(c.probes, 'probes').map((d) => resolve(d))
  if (typeof c.validate !== 'boolean') throw new InvalidOptionError('validate', 'must be true or false')
  for (const key of ['validateIntervalMs', 'attestPeriodMs'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 100 || c[key] > 86_400_000) throw new InvalidOptionError(key, `must be an integer from 100 to 86400000 ms, got ${String(c[key])}`)
  }
  for (const addr of c.listen) {
    try { multiaddr(addr) } catch { throw new InvalidOptionError('listen', `"${addr}" is not a multiaddr; use e.g. /ip4/0.0.0.0/tcp/4747`) }
  }
  for (const addr of c.bootstrap) {
    let ma
    try { ma = multiaddr(addr) } catch { throw new InvalidOptionError('bootstrap', `"${addr}" is not a multiaddr; use e.g. /ip4/1.2.3.4/tcp/4747/p2p/<peer-id>`) }
    if (!ma.toString().includes('/p2p/')) throw new InvalidOptionError('bootstrap', `"${addr}" has no /p2p/<peer-id>; copy the full address from \`moemesh id\` on that machine`)
  }
  for (const addr of c.announce) {
    try { multiaddr(addr) } catch { throw new InvalidOptionError('announce', `"${addr}" is not a multiaddr; use e.g. /ip4/203.0.113.7/tcp/4747 (your public IP and the forwarded port)`) }
  }
  if (typeof c.relayServer !== 'boolean') throw new InvalidOptionError('relayServer', 'must be true or false')
  if (typeof c.upnp !== 'boolean') throw new InvalidOptionError('upnp', 'must be true or false')
  if (c.network !== undefined && (typeof c.network !== 'string' || c.network.trim() === '')) throw new InvalidOptionError('network', 'must be a network name or the path of a network file')
  if (typeof c.api !== 'string') throw new InvalidOptionError('api', 'must be a string host:port, e.g. 127.0.0.1:7420')
  if (c.apiToken !== undefined && typeof c.apiToken !== 'string') throw new InvalidOptionError('apiToken', 'must be a string')
  const { host } = parseHostPort(c.api, 'api')
  if (!isLoopbackHost(host) && (c.apiToken == null || c.apiToken.length < 16)) {
    throw new InvalidOptionError('apiToken', `the API is bound to ${host}, which other machines can reach; set --api-token (16+ characters) or bind to 127.0.0.1`)
  }
  if (typeof c.mdns !== 'boolean') throw new InvalidOptionError('mdns', 'must be true or false')
  if (typeof c.zoo !== 'boolean') throw new InvalidOptionError('zoo', 'must be true or false')
  if (!Number.isInteger(c.k) || c.k < 1 || c.k > 16) throw new InvalidOptionError('k', `must be an integer from 1 to 16, got ${String(c.k)}`)
  if (!STRATEGIES.has(c.strategy)) throw new InvalidOptionError('strategy', `must be top1, mixture or vote, got "${String(c.strategy)}"`)
  if (!Number.isFinite(c.queryTimeoutMs) || c.queryTimeoutMs < 50 || c.queryTimeoutMs > 60_000) {
    throw new InvalidOptionError('queryTimeoutMs', `must be between 50 and 60000 ms, got ${String(c.queryTimeoutMs)}`)
  }
  if (c.discovery !== 'topic' && c.discovery !== 'cells') throw new InvalidOptionError('discovery', `must be topic or cells, got "${String(c.discovery)}"`)
  c.dataDir = resolve(c.dataDir)
  return c
}

/** The folders experts may be added from at run time: `expertsRoots`, or the data dir when none is set. */
export function expertsRootsOf (config: NodeConfig): string[] {
  return config.expertsRoots.length > 0 ? config.expertsRoots : [config.dataDir]
}

/** Read `<dataDir>/config.json` if present (missing is fine; malformed is an error naming the file). */
export async function readConfigFile (dataDir: string): Promise<Partial<NodeConfig>> {
  const path = join(dataDir, CONFIG_FILE)
  let text: string
  try {
    const buf = await readFile(path)
    if (buf.byteLength > MAX_CONFIG_BYTES) throw new InvalidOptionError(path, `is larger than ${MAX_CONFIG_BYTES} bytes`)
    text = buf.toString('utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw err
  }
  let parsed: unknown
  try { parsed = JSON.parse(text) } catch (err) {
    throw new InvalidOptionError(path, `is not valid JSON (${(err as Error).message}); fix it or delete it to use defaults`)
  }
  if (parsed == null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidOptionError(path, 'must hold a JSON object')
  const known = new Set([...Object.keys(DEFAULT_CONFIG), 'apiToken', 'network'])
  for (const key of Object.keys(parsed)) {
    if (!known.has(key)) throw new InvalidOptionError(`${path}: ${key}`, `is not a config field; known fields: ${[...known].join(', ')}`)
  }
  return parsed as Partial<NodeConfig>
}

/** Config fields taken from the environment (`MOEMESH_*`). */
export function configFromEnv (env: NodeJS.ProcessEnv = process.env): Partial<NodeConfig> {
  const out: Partial<NodeConfig> = {}
  if (env.MOEMESH_LISTEN != null) out.listen = asStringList(env.MOEMESH_LISTEN, 'MOEMESH_LISTEN')
  if (env.MOEMESH_BOOTSTRAP != null) out.bootstrap = asStringList(env.MOEMESH_BOOTSTRAP, 'MOEMESH_BOOTSTRAP')
  if (env.MOEMESH_ANNOUNCE != null) out.announce = asStringList(env.MOEMESH_ANNOUNCE, 'MOEMESH_ANNOUNCE')
  if (env.MOEMESH_NETWORK != null) out.network = env.MOEMESH_NETWORK
  if (env.MOEMESH_API != null) out.api = env.MOEMESH_API
  if (env.MOEMESH_API_TOKEN != null) out.apiToken = env.MOEMESH_API_TOKEN
  if (env.MOEMESH_EXPERTS != null) out.experts = asStringList(env.MOEMESH_EXPERTS, 'MOEMESH_EXPERTS')
  if (env.MOEMESH_EXPERTS_ROOT != null) out.expertsRoots = asStringList(env.MOEMESH_EXPERTS_ROOT, 'MOEMESH_EXPERTS_ROOT')
  if (env.MOEMESH_MDNS != null) {
    if (!['0', '1', 'true', 'false'].includes(env.MOEMESH_MDNS)) throw new InvalidOptionError('MOEMESH_MDNS', 'must be 0, 1, true or false')
    out.mdns = env.MOEMESH_MDNS === '1' || env.MOEMESH_MDNS === 'true'
  }
  return out
}

/**
 * Resolve the effective config: defaults < config file < environment < flags. Fields that are `undefined`
 * in a layer do not override the layer below.
 */
export async function loadConfig (dataDir: string, flags: Partial<NodeConfig> = {}, env: NodeJS.ProcessEnv = process.env): Promise<NodeConfig> {
  const file = await readConfigFile(dataDir)
  const layers = [file, configFromEnv(env), flags]
  const merged: Record<string, unknown> = { dataDir }
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) if (v !== undefined) merged[k] = v
  }
  return validateConfig(merged as Partial<NodeConfig> & { dataDir: string })
}
