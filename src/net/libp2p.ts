/**
 * THE one place that creates a libp2p node for moemesh: TCP + noise + yamux, identify, ping, a Kademlia DHT
 * for peer routing, gossipsub for adverts, bootstrap and mDNS discovery, and reachability: circuit relay v2 (a
 * client everywhere, a server on request), DCUtR to upgrade relayed connections to direct ones, AutoNAT to confirm
 * public addresses, UPnP port mapping on request, and an optional pre-shared key (private swarm).
 */
import { autoNAT } from '@libp2p/autonat'
import { bootstrap } from '@libp2p/bootstrap'
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { dcutr } from '@libp2p/dcutr'
import { preSharedKey } from '@libp2p/pnet'
import { uPnPNAT } from '@libp2p/upnp-nat'
import { gossipsub, StrictSign } from '@libp2p/gossipsub'
import { createTopicScoreParams } from '@libp2p/gossipsub/score'
import type { TopicScoreParams } from '@libp2p/gossipsub/score'
import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { mdns } from '@libp2p/mdns'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { defaultLogger } from '@libp2p/logger'
import { createLibp2p } from 'libp2p'
import type { Libp2pOptions } from 'libp2p'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Identify } from '@libp2p/identify'
import type { KadDHT } from '@libp2p/kad-dht'
import type { ComponentLogger, Libp2p, PrivateKey } from '@libp2p/interface'
import type { Ping } from '@libp2p/ping'
import type { CircuitRelayService } from '@libp2p/circuit-relay-v2'
import { InvalidOptionError } from '../errors.js'
import { numberInRange, positiveInt } from '../options.js'
import { advertTopic } from './advert-codec.js'
import {
  ADVERT_INVALID_MESSAGE_DECAY, ADVERT_INVALID_MESSAGE_WEIGHT, CONNECT_TIMEOUT_MS, DEFAULT_LISTEN_ADDR, DHT_PROTOCOL, GOSSIP_FACTOR,
  GOSSIP_HEARTBEAT_MS, IDENTIFY_TIMEOUT_MS, PING_INTERVAL_MS, PING_TIMEOUT_MS, RELAY_DATA_LIMIT_BYTES, RELAY_DURATION_LIMIT_MS, RELAY_MAX_RESERVATIONS
} from './constants.js'

/**
 * The services every moemesh node runs. `dht` is absent when the node was created with `dht: false`, `relay`
 * unless `relayServer: true`, `dcutr` and `autonat` on memory-transport nodes, `upnp` unless `upnp: true`.
 */
export type MoemeshServices = {
  identify: Identify
  ping: Ping
  pubsub: GossipSub
  dht?: KadDHT
  relay?: CircuitRelayService
  dcutr?: unknown
  autonat?: unknown
  upnp?: unknown
}

/** A libp2p node made by {@link createMoemeshLibp2p}. */
export type MoemeshLibp2p = Libp2p<MoemeshServices>

/** Options of {@link createMoemeshLibp2p}. Plain data apart from the key and the logger. */
export interface MoemeshLibp2pInit {
  /** The node's Ed25519 identity key (see `identity.ts`); its peer id is the node's name. Required. */
  privateKey: PrivateKey
  /**
   * Multiaddrs to listen on.
   *
   * @default ['/ip4/0.0.0.0/tcp/0'] (TCP), ['/memory/<random>'] (memory transport)
   */
  listen?: string[]
  /** Addresses to announce instead of the listen addresses (e.g. a public IP behind port forwarding). @default [] */
  announce?: string[]
  /** Peers to dial at start, each a multiaddr ending in /p2p/<peer-id>. @default [] */
  bootstrap?: string[]
  /** Find peers on the local network by multicast DNS. Turn off in tests and CI. @default true */
  mdns?: boolean
  /** Run the Kademlia DHT (client and server) for peer routing. @default true */
  dht?: boolean
  /**
   * Gossipsub peer-score weight of the IP-colocation penalty (0 disables it; must be <= 0). Many nodes behind
   * one IP (a demo on one machine, a LAN behind NAT) are normal for moemesh, so it is off by default.
   *
   * @default 0
   */
  ipColocationWeight?: number
  /**
   * Embedding spaces whose advert topics get gossipsub peer scoring: a peer whose adverts the validator rejects
   * (forged, malformed) loses score, and after about three is graylisted (its gossip ignored for a while).
   * Without it, invalid adverts are still dropped and never forwarded, but their sender is not penalised.
   *
   * @default []
   */
  advertSpaceIds?: string[]
  /** Dial timeout in ms. @default 5_000 (CONNECT_TIMEOUT_MS) */
  dialTimeoutMs?: number
  /**
   * `'tcp'` for real networks; `'memory'` runs the in-process memory transport with plaintext encryption for
   * fast tests and simulations (needs the dev dependencies @libp2p/memory and @libp2p/plaintext).
   *
   * @default 'tcp'
   */
  transport?: 'tcp' | 'memory'
  /**
   * Listen for relayed connections through circuit relay v2 servers among the peers (a node behind NAT is then
   * reachable at `/…/p2p/<relay>/p2p-circuit/p2p/<self>`), and upgrade relayed connections to direct ones with
   * DCUtR. Dialling relayed addresses works either way on TCP nodes.
   *
   * @default true (TCP), false (memory, or listening on loopback only)
   */
  relayClient?: boolean
  /**
   * Offer relaying to other nodes (circuit relay v2 server, at most {@link RELAY_MAX_RESERVATIONS} reservations,
   * each relayed connection limited to {@link RELAY_DATA_LIMIT_BYTES} and {@link RELAY_DURATION_LIMIT_MS}). Only
   * useful on a publicly reachable node.
   *
   * @default false
   */
  relayServer?: boolean
  /** Ask peers to dial us back to confirm which of our addresses are public (AutoNAT). @default true (TCP), false (memory, or listening on loopback only) */
  autonat?: boolean
  /**
   * Ask the router to forward our TCP port (UPnP IGD). It searches the LAN by SSDP multicast; without a UPnP
   * router nothing happens besides a debug log.
   *
   * @default false
   */
  upnp?: boolean
  /**
   * Pre-shared key of a private swarm in the `/key/swarm/psk/1.0.0/` text format (see `@libp2p/pnet`): only nodes
   * with the same key can connect. Not plain data when given as bytes. @default undefined (an open network)
   */
  psk?: Uint8Array
  /**
   * Where libp2p keeps its peer store (and DHT records); pass a persistent one (e.g. `LevelDatastore`) so a
   * restarted node still knows its peers. The caller opens and closes it. Not plain data.
   *
   * @default an in-memory datastore
   */
  datastore?: Libp2pOptions['datastore']
  /** Start the node before returning. @default true */
  start?: boolean
  /**
   * Where libp2p and this factory log (libp2p's own `logger` option; ours is `moemesh:net:libp2p`). Pass
   * `prefixLogger(name)` to tell several nodes in one process apart. Not plain data.
   *
   * @default defaultLogger()
   */
  logger?: ComponentLogger
  /** libp2p's `metrics` option, e.g. `prometheusMetrics({ registry })` (see `node/metrics.ts`). @default none */
  metrics?: Libp2pOptions['metrics']
}

function checkAddrs (field: string, addrs: string[], needPeerId: boolean): void {
  if (!Array.isArray(addrs)) throw new InvalidOptionError(field, 'must be a list of multiaddrs')
  for (const addr of addrs) {
    let ma
    try {
      ma = multiaddr(addr)
    } catch {
      throw new InvalidOptionError(field, `"${String(addr)}" is not a multiaddr (e.g. ${needPeerId ? '/ip4/1.2.3.4/tcp/4001/p2p/<peer-id>' : '/ip4/0.0.0.0/tcp/4001'})`)
    }
    if (needPeerId && ma.getComponents().every(c => c.name !== 'p2p')) {
      throw new InvalidOptionError(field, `"${addr}" has no /p2p/<peer-id>`)
    }
  }
}

/** Inbound connections per second accepted from one host (libp2p's default is 5). */
const INBOUND_CONNECTIONS_PER_HOST_PER_SEC = 64

let memoryCounter = 0

/**
 * Peer-score parameters of an advert topic. Adverts are rare (one per node per 30 s), so the delivery-rate
 * penalties (P3, P3b) that suit busy topics would punish honest quiet peers: they are off. What counts is P4,
 * invalid adverts; a little credit for time in the mesh (P1) and first deliveries (P2) offsets nothing more
 * than one slip.
 */
function advertTopicScoreParams (): TopicScoreParams {
  return createTopicScoreParams({
    topicWeight: 1,
    timeInMeshWeight: 0.01,
    timeInMeshQuantum: 1_000,
    timeInMeshCap: 300,
    firstMessageDeliveriesWeight: 0.5,
    firstMessageDeliveriesDecay: 0.9,
    firstMessageDeliveriesCap: 10,
    meshMessageDeliveriesWeight: 0,
    meshFailurePenaltyWeight: 0,
    invalidMessageDeliveriesWeight: ADVERT_INVALID_MESSAGE_WEIGHT,
    invalidMessageDeliveriesDecay: ADVERT_INVALID_MESSAGE_DECAY
  })
}

/**
 * Gossipsub's cheap id of a received message, so a copy of a message already seen is dropped before its signature
 * is checked (without it every copy from every mesh peer costs an Ed25519 verification: measured, gossipsub's own
 * signature checks were 4-5x our advert checks in a 50-node network). The author and sequence number, exactly what
 * gossipsub's StrictSign message id is made of, so it merges no two messages the real id would keep apart; a
 * forged copy is never remembered (gossipsub caches the id only after the signature verified).
 */
function fastMessageId (msg: { from?: Uint8Array, seqno?: Uint8Array }): string {
  const { from, seqno } = msg
  if (from == null || seqno == null) return ''
  return Buffer.from(from.buffer, from.byteOffset, from.byteLength).toString('base64') + '/' +
    Buffer.from(seqno.buffer, seqno.byteOffset, seqno.byteLength).toString('base64')
}

/**
 * Create (and by default start) the moemesh libp2p node.
 *
 * @example
 * ```TypeScript
 * const node = await createMoemeshLibp2p({ privateKey: await loadOrCreateIdentity(keyPath), bootstrap })
 * ```
 * @throws {InvalidOptionError} naming the bad option
 */
export async function createMoemeshLibp2p (init: MoemeshLibp2pInit): Promise<MoemeshLibp2p> {
  if (init.privateKey == null) throw new InvalidOptionError('privateKey', 'is required: load or create an identity key first')
  const transportKind = init.transport ?? 'tcp'
  if (transportKind !== 'tcp' && transportKind !== 'memory') throw new InvalidOptionError('transport', 'must be "tcp" or "memory"')
  const listen = init.listen ?? [transportKind === 'tcp' ? DEFAULT_LISTEN_ADDR : `/memory/moemesh-${process.pid}-${++memoryCounter}-${Math.random().toString(36).slice(2)}`]
  const announce = init.announce ?? []
  const bootstrapList = init.bootstrap ?? []
  checkAddrs('listen', listen, false)
  checkAddrs('announce', announce, false)
  checkAddrs('bootstrap', bootstrapList, true)
  const ipColocationWeight = numberInRange('ipColocationWeight', init.ipColocationWeight, 0, -Infinity, 0)
  const advertSpaceIds = init.advertSpaceIds ?? []
  if (!Array.isArray(advertSpaceIds) || advertSpaceIds.some(id => typeof id !== 'string' || id.length === 0)) {
    throw new InvalidOptionError('advertSpaceIds', 'must be a list of embedding space ids')
  }
  const dialTimeout = positiveInt('dialTimeoutMs', init.dialTimeoutMs, CONNECT_TIMEOUT_MS)

  let transports: NonNullable<Libp2pOptions['transports']>
  let encrypters: NonNullable<Libp2pOptions['connectionEncrypters']>
  if (transportKind === 'memory') {
    // dev dependencies: loaded only on request, so a production install without them still works
    const { memory } = await import('@libp2p/memory')
    const { plaintext } = await import('@libp2p/plaintext')
    transports = [memory()]
    encrypters = [plaintext()]
  } else {
    transports = [tcp()]
    encrypters = [noise()]
  }
  // A node that listens on loopback only cannot be reached from another machine: no relay slot, no AutoNAT (both
  // dial peers they find, which would also change the topology of loopback tests and demos)
  const loopbackOnly = listen.every((a) => a.startsWith('/ip4/127.') || a.startsWith('/ip6/::1/'))
  const relayClient = init.relayClient ?? (transportKind === 'tcp' && !loopbackOnly)
  // a relayed connection arrives over an existing connection: the transport is needed to accept or dial one
  if (relayClient || transportKind === 'tcp') transports.push(circuitRelayTransport())
  // '/p2p-circuit' asks the relay transport to find a relay among the peers and reserve a slot on it
  const listenAll = relayClient ? [...listen, '/p2p-circuit'] : listen

  const peerDiscovery: NonNullable<Libp2pOptions['peerDiscovery']> = []
  // @libp2p/bootstrap only accepts IP/DNS addresses; memory-transport nodes dial their bootstrap list below
  if (bootstrapList.length > 0 && transportKind === 'tcp') peerDiscovery.push(bootstrap({ list: bootstrapList }))
  if (init.mdns ?? true) peerDiscovery.push(mdns())

  const services: NonNullable<Libp2pOptions<MoemeshServices>['services']> = {
    identify: identify({ timeout: IDENTIFY_TIMEOUT_MS }),
    ping: ping(),
    pubsub: gossipsub({
      globalSignaturePolicy: StrictSign,
      emitSelf: false,
      // a node advertises on start even when alone; refreshes reach peers that come later
      allowPublishToZeroTopicPeers: true,
      // adverts are rare and small: announce (IHAVE) every recent message to every non-mesh peer at each heartbeat,
      // not to a quarter of them, so a peer outside the mesh (a leaf pruned by a busy hub) has it one heartbeat later
      gossipFactor: GOSSIP_FACTOR,
      fastMsgIdFn: fastMessageId,
      heartbeatInterval: GOSSIP_HEARTBEAT_MS,
      scoreParams: {
        IPColocationFactorWeight: ipColocationWeight,
        topics: Object.fromEntries(advertSpaceIds.map(id => [advertTopic(id), advertTopicScoreParams()]))
      }
    })
  }
  if (init.relayServer === true) {
    services.relay = circuitRelayServer({
      reservations: {
        maxReservations: RELAY_MAX_RESERVATIONS,
        defaultDataLimit: RELAY_DATA_LIMIT_BYTES,
        defaultDurationLimit: RELAY_DURATION_LIMIT_MS
      }
    })
  }
  if (relayClient) services.dcutr = dcutr()
  const autonat = init.autonat ?? (transportKind === 'tcp' && !loopbackOnly)
  if (autonat) services.autonat = autoNAT()
  // UPnP needs AutoNAT (it asks it to confirm the mapped address), and a loopback-only node has nothing to map
  if (init.upnp === true && autonat && !loopbackOnly) services.upnp = uPnPNAT()
  if (init.dht ?? true) {
    services.dht = kadDHT({
      protocol: DHT_PROTOCOL,
      clientMode: false,
      // moemesh runs on LANs and loopback as much as on the internet: keep private addresses
      peerInfoMapper: passthroughMapper
    })
  }

  const componentLogger = init.logger ?? defaultLogger()
  const log = componentLogger.forComponent('moemesh:net:libp2p')
  const node = await createLibp2p<MoemeshServices>({
    privateKey: init.privateKey,
    logger: componentLogger,
    ...(init.metrics != null ? { metrics: init.metrics } : {}),
    start: init.start ?? true,
    addresses: { listen: listenAll, announce },
    transports,
    connectionEncrypters: encrypters,
    connectionProtector: init.psk != null ? preSharedKey({ psk: init.psk }) : undefined,
    datastore: init.datastore,
    streamMuxers: [yamux()],
    peerDiscovery,
    // libp2p refuses more than 5 inbound connections per second from one host by default: 8 daemons started at
    // once on one machine (or behind one NAT) all dial their bootstrap peer from the same address
    connectionManager: { dialTimeout, inboundConnectionThreshold: INBOUND_CONNECTIONS_PER_HOST_PER_SEC },
    // libp2p pings every connection and aborts it when a ping fails; with its defaults (every 10 s, a timeout
    // that grows to 60 s) a slow ping overlaps the next one, which then fails with "too many outbound ping streams"
    // (the ping protocol allows one) and kills a healthy connection: 361 connections of a 50-node test network
    // in 40 s. A timeout below the interval means two pings of one connection never overlap.
    connectionMonitor: { pingInterval: PING_INTERVAL_MS, pingTimeout: { minTimeout: PING_TIMEOUT_MS, maxTimeout: PING_TIMEOUT_MS } },
    services
  })
  if (transportKind === 'memory' && bootstrapList.length > 0) {
    const dialAll = (): void => {
      for (const addr of bootstrapList) {
        node.dial(multiaddr(addr)).catch(err => { log('could not dial bootstrap peer %s %e', addr, err) })
      }
    }
    if (node.status === 'started') dialAll()
    else node.addEventListener('start', dialAll, { once: true })
  }
  return node
}
