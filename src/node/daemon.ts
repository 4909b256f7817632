import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { ComponentLogger, Logger } from '@libp2p/logger'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { LevelDatastore } from 'datastore-level'
import { multiaddr } from '@multiformats/multiaddr'
import { ApiServer, type ApiBackend } from '../api/http-server.js'
import { DASHBOARD_HTML } from '../api/dashboard.js'
import { CapabilityMap } from '../api/capability-map.js'
import type { DaemonStatus, ExpertView, PeerView, QueryRequest, RemovedExpert } from '../api/types.js'
import { Embedder } from '../embed/embedder.js'
import { ensureEmbedder } from '../embed/space.js'
import type { InferenceBackend } from '../onnx/backend.js'
import { createInferenceBackend, type BackendMode } from '../onnx/worker-backend.js'
import { ensureZoo } from '../experts/zoo/build-zoo.js'
import { Ledger } from '../market/ledger.js'
import { PeerStats } from '../market/peer-stats.js'
import { QualityBook } from '../market/quality-book.js'
import { Validator, type ValidatorTarget } from '../market/validator.js'
import { cardDigest } from '../market/card-digest.js'
import { AttestService } from '../net/attest-service.js'
import { CENTROID_LOGIT_ZERO } from '../routing/constants.js'
import { AdvertService } from '../net/advert-service.js'
import { AdvertSync } from '../net/advert-sync.js'
import type { CardData } from '../net/advert-types.js'
import { loadOrCreateIdentity } from '../net/identity.js'
import { createMoemeshLibp2p, type MoemeshLibp2p, type MoemeshLibp2pInit } from '../net/libp2p.js'
import { QueryClient } from '../net/query-client.js'
import { QueryServer } from '../net/query-server.js'
import { Reconnector } from '../net/reconnect.js'
import { reachabilityOf, type Reachability } from '../net/reachability.js'
import { CapabilityIndex } from '../routing/capability-index.js'
import { Router } from '../routing/router.js'
import type { RoutedAnswer } from '../routing/routed-answer.js'
import { InvalidOptionError } from '../errors.js'
import { busyListenError } from './busy-port.js'
import { checkDiscovery, codebookForSpace, startCellDiscovery } from './cell-discovery-wiring.js'
import type { CellDiscovery } from '../discovery/cell-discovery.js'
import { expertsRootsOf, parseHostPort, type NodeConfig } from './config.js'
import { allowedPackageDir } from './expert-roots.js'
import { DeadPeerCards } from './dead-peer-cards.js'
import { NodeDispatcher } from './dispatcher.js'
import { DaemonNotRunningError, QueryDeadlineError } from './errors.js'
import type { ExpertRunnerComponents } from './expert-runner.js'
import { HostedExperts } from './hosted-experts.js'
import { HostedSetStore } from './hosted-set-file.js'
import { NodeMetrics } from './metrics.js'
import { nodeLogger } from './node-logger.js'
import { LOCAL_NETWORK, loadNetwork } from './network-file.js'
import { ServingPolicy } from './serving-policy.js'
import { NodeMarket } from './node-market.js'
import { defaultProbeFiles, loadProbeSets } from './probe-sets.js'

/** File name of the node's identity key inside the data dir. */
export const IDENTITY_FILE = 'identity.key'
/** How often the experts' load is sampled to decide whether to re-advertise early. */
const LOAD_REFRESH_MS = 10_000
/** Load change (0..1) that is worth an advert before the regular refresh: a quarter of an expert's queue. */
const LOAD_CHANGE_TO_READVERTISE = 0.25
/** How often expired remote cards leave the index (searches skip them before that anyway). */
const EXPIRE_EVERY_MS = 5_000
/** Time the withdrawal of our cards gets to leave at stop. */
const WITHDRAW_TIMEOUT_MS = 2_000
/** Folder of the persistent peer store (LevelDB) inside the data dir: a restarted node redials the peers it knew. */
export const PEER_STORE_DIR = 'peerstore'

/** Options of {@link Daemon.start} beyond the config (mostly for tests and tools). */
export interface DaemonOptions {
  /** Use this embedder model instead of building/reading `<dataDir>/embedder`. */
  embedderModel?: Uint8Array
  /** Where inference runs. @default 'worker' */
  backendMode?: BackendMode
  /** libp2p transport. @default 'tcp' */
  transport?: 'tcp' | 'memory'
  /** Advert refresh period. @default 30_000 */
  advertRefreshMs?: number
  /** Advert lifetime. @default 90_000 */
  advertTtlMs?: number
  /**
   * Ask each newly connected peer for the signed adverts it holds (advert sync), so the whole network's cards are
   * known at once rather than at each author's next refresh. The node answers such requests either way.
   *
   * @default true
   */
  advertSync?: boolean
  /** Run the Kademlia DHT (tests turn it off to pin the topology to the bootstrap links). @default true */
  dht?: boolean
  /**
   * Where the node's components log. @default {@link nodeLogger} of the last 6 characters of the peer id, so the
   * logs of several nodes in one process can be told apart
   */
  logger?: ComponentLogger
  /** Pay priced answers of other peers with signed receipts (receipts from others are accepted either way). @default true */
  receipts?: boolean
  /** Progress of slow first-start work (embedder build, zoo build). */
  onProgress?: (fraction: number, stage: string) => void
  signal?: AbortSignal
}

interface DaemonParts {
  config: NodeConfig, libp2p: MoemeshLibp2p, embedder: Embedder, experts: HostedExperts, index: CapabilityIndex,
  router: Router, peerStats: PeerStats, ledger: Ledger, quality: QualityBook, validator?: Validator, attest: AttestService, backend: InferenceBackend, adverts: AdvertService,
  sync: AdvertSync, server: QueryServer, client: QueryClient, api: ApiServer, log: Logger, reconnector: Reconnector, hostedSet: HostedSetStore,
  metrics: NodeMetrics,
  datastore: LevelDatastore, networkName: string, cells?: CellDiscovery,
  market: NodeMarket
}

/**
 * A running moemesh node: hosts experts, advertises them over gossipsub, answers the query protocol, routes
 * queries across the network, and serves the HTTP API.
 *
 * @example
 * ```ts
 * const daemon = await Daemon.start(await loadConfig(defaultDataDir()))
 * const answer = await daemon.query({ text: 'a small furry animal' })
 * await daemon.stop()
 * ```
 */
export class Daemon {
  readonly config: NodeConfig
  readonly libp2p: MoemeshLibp2p
  readonly embedder: Embedder
  readonly experts: HostedExperts
  readonly index: CapabilityIndex
  readonly router: Router
  readonly peerStats: PeerStats
  readonly ledger: Ledger
  /** The node's Prometheus metrics (served at `GET /metrics`; see docs/metrics.md). */
  readonly metrics: NodeMetrics
  /** The index projected to 2-D for the dashboard, with the last query routed (`GET /v1/map`). */
  readonly map: CapabilityMap
  /** The durable market state (accounts, receipts, card scores) and the receipt protocol. */
  readonly market: NodeMarket
  /** Measured card quality: own validation probes and attested scores (what routing and `/v1/experts` use). */
  readonly quality: QualityBook
  /** The validator, when `config.validate` and there are probes. */
  readonly validator?: Validator
  /** Signed score attestations over gossip. */
  readonly attest: AttestService
  /** The API's bound address (`host:port`). */
  apiAddress = ''
  private readonly backend: InferenceBackend
  private readonly adverts: AdvertService
  private readonly sync: AdvertSync
  private readonly server: QueryServer
  private readonly client: QueryClient
  private readonly api: ApiServer
  private readonly log: Logger
  private readonly reconnector: Reconnector
  private readonly hostedSet: HostedSetStore
  private readonly datastore: LevelDatastore
  /** The network joined: a network file's name, or `local`. */
  readonly networkName: string
  /** Cell discovery, in `discovery: 'cells'` mode (the single advert topic is not joined then). */
  readonly cells?: CellDiscovery
  private readonly timers: Array<ReturnType<typeof setInterval>> = []
  private running = false
  private stopping?: Promise<void>

  private constructor (p: DaemonParts) {
    this.config = p.config
    this.libp2p = p.libp2p
    this.embedder = p.embedder
    this.experts = p.experts
    this.index = p.index
    this.router = p.router
    this.peerStats = p.peerStats
    this.ledger = p.ledger
    this.metrics = p.metrics
    this.quality = p.quality
    this.validator = p.validator
    this.attest = p.attest
    this.backend = p.backend
    this.adverts = p.adverts
    this.sync = p.sync
    this.server = p.server
    this.client = p.client
    this.api = p.api
    this.log = p.log
    this.reconnector = p.reconnector
    this.hostedSet = p.hostedSet
    this.map = new CapabilityMap({ index: p.index, spaceId: p.embedder.spaceId, dim: p.embedder.dim })
    this.datastore = p.datastore
    this.networkName = p.networkName
    this.market = p.market
    this.cells = p.cells
  }

  /** Start a node from a validated config. Anything that fails midway is stopped again before the error is thrown. */
  static async start (config: NodeConfig, options: DaemonOptions = {}): Promise<Daemon> {
    const { signal, onProgress } = options
    const cleanup: Array<() => Promise<void>> = []
    /** Stopped again, in reverse order, if a later step fails. */
    const own = <T extends { stop: () => unknown }>(component: T): T => {
      cleanup.push(async () => { await component.stop() })
      return component
    }
    try {
      await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
      const privateKey = await loadOrCreateIdentity(join(config.dataDir, IDENTITY_FILE), { signal })
      const localPeerId = peerIdFromPrivateKey(privateKey).toString()
      const logger = options.logger ?? nodeLogger(localPeerId.slice(-6))
      const log = logger.forComponent('moemesh:node:daemon')
      const cellsMode = checkDiscovery(config.discovery, options.dht ?? true) === 'cells'

      const backend = own(createInferenceBackend({ mode: options.backendMode ?? 'worker' }))
      const embedderFile = options.embedderModel == null ? await ensureEmbedder(config.dataDir, { onProgress, signal }) : undefined
      const embedderBytes = options.embedderModel ?? (embedderFile as { bytes: Uint8Array }).bytes
      // A node that starts hosting nothing embeds in TypeScript: no ONNX session, no worker until an expert comes.
      const clientOnly = config.experts.length === 0 && !config.zoo
      const embedder = await Embedder.fromModel(embedderBytes, backend, { compute: clientOnly ? 'js' : 'backend', modelPath: embedderFile?.modelPath })
      const spaceId = embedder.spaceId
      const expertDirs = config.experts.length > 0 || !config.zoo
        ? config.experts
        : (await ensureZoo({ outDir: join(config.dataDir, 'zoo'), embedder, backend, onProgress, signal })).dirs

      const index = new CapabilityIndex({ logger })
      const peerStats = new PeerStats()
      // accounts and receipts live in <dataDir>/market.sqlite and survive a crash (see MarketStore)
      const market = NodeMarket.open({ dataDir: config.dataDir, privateKey, peerId: localPeerId, logger, receipts: options.receipts, cardPrice: (peer, id) => index.get(peer, id)?.card.price })
      cleanup.push(async () => { market.close() })
      const ledger: Ledger = market.ledger
      // Measured scores live in the market database too (card_scores), so they survive a restart.
      const quality = new QualityBook({
        store: market.quality,
        settledVolume: (peer) => { const a = ledger.account(peer); return a.earned + a.spent },
        onOutcome: (peer, good) => { peerStats.recordQuality(peer, good) }
      })
      let adverts: AdvertService | undefined
      let cells: CellDiscovery | undefined
      const experts = new HostedExperts({
        backend,
        spaceId,
        dim: embedder.dim,
        logger,
        onChange: (cards) => {
          index.setLocal(localPeerId, cards)
          if (adverts?.isStarted() === true || cells !== undefined) adverts?.setLocalCards(cards)
          cells?.setLocalCards(cards)
        }
      })
      cleanup.push(async () => { await experts.closeAll() })
      // experts added at run time are hosted again, and removed ones stay removed, across restarts
      const hostedSet = new HostedSetStore(config.dataDir)
      const persisted = await hostedSet.load()
      for (const dir of expertDirs) {
        const expert = await experts.add(dir, { signal })
        if (hostedSet.isRemoved(expert.expertId)) await experts.remove(expert.expertId)
      }
      for (const dir of persisted.added) {
        try {
          const expert = await experts.add(await allowedPackageDir(dir, expertsRootsOf(config), { signal }), { signal })
          if (hostedSet.isRemoved(expert.expertId)) await experts.remove(expert.expertId)
        } catch (err) {
          signal?.throwIfAborted()
          log.error('not hosting %s again (added before the restart): %e', dir, err)
        }
      }
      index.setLocal(localPeerId, experts.cards())

      const metrics = new NodeMetrics()
      // A named network adds its bootstrap peers and its swarm key, and must route in our embedding space.
      const joined = config.network == null ? undefined : (await loadNetwork(config.dataDir, config.network, { signal })).network
      if (joined != null && joined.spaceId !== spaceId) {
        throw new InvalidOptionError('network', `"${joined.name}" routes in embedding space ${joined.spaceId.slice(0, 12)}…, this node's embedder is ${spaceId.slice(0, 12)}…; use the embedder the network uses`)
      }
      const bootstrap = [...new Set([...config.bootstrap, ...(joined?.bootstrap ?? [])])]
      const datastore = new LevelDatastore(join(config.dataDir, PEER_STORE_DIR))
      await datastore.open().catch((err: Error) => {
        throw new InvalidOptionError('dataDir', `cannot open the peer store in ${config.dataDir} (${err.message}); is another moemesh node using this data dir?`)
      })
      cleanup.push(async () => { await datastore.close() })

      const libp2pInit: MoemeshLibp2pInit = {
        privateKey, listen: config.listen, announce: config.announce, bootstrap, mdns: config.mdns, transport: options.transport, dht: options.dht, advertSpaceIds: [spaceId], logger,
        relayServer: config.relayServer, upnp: config.upnp, psk: joined?.psk == null ? undefined : new TextEncoder().encode(joined.psk), datastore,
        metrics: metrics.libp2pMetrics()
      }
      const libp2p = own(await createMoemeshLibp2p(libp2pInit).catch(async (err: Error) => { throw await busyListenError(err, config.listen) ?? err }))

      const runner: ExpertRunnerComponents = { experts, spaceId, embed: async (text, o) => (await embedder.embed([text], o))[0] }
      const policy = new ServingPolicy({ runner, ledger, logger, metrics })
      const server = own(new QueryServer({ node: libp2p, logger, isKnownExpert: (id) => policy.isKnownExpert(id), handler: async (request, ctx) => await policy.handle(request, ctx) }))
      await server.start()
      const client = own(new QueryClient({ node: libp2p, logger }))
      await client.start()
      await market.attach(libp2p)
      cleanup.push(async () => { await market.detach(0) })

      adverts = own(new AdvertService(
        { pubsub: libp2p.services.pubsub, peerId: libp2p.peerId, privateKey, getMultiaddrs: () => libp2p.getMultiaddrs(), peerStore: libp2p.peerStore, logger },
        { spaceId, spaceDim: embedder.dim, onAdvert: (advert) => { index.applyAdvert(advert) }, refreshMs: options.advertRefreshMs, ttlMs: options.advertTtlMs }
      ))
      // cells mode: the advert service only checks and keeps the local cards; cell discovery announces them
      if (!cellsMode) await adverts.start()
      adverts.setLocalCards(experts.cards())
      if (cellsMode) {
        const codebook = await codebookForSpace(config.dataDir, spaceId, embedderBytes, { signal, onProgress: (f) => { onProgress?.(f, 'deriving the cell codebook') } })
        cells = await startCellDiscovery({ libp2p, privateKey, codebook, spaceDim: embedder.dim, index, logger, refreshMs: options.advertRefreshMs, ttlMs: options.advertTtlMs })
        cleanup.push(async () => { await cells?.stop({ signal: AbortSignal.timeout(WITHDRAW_TIMEOUT_MS) }) })
        cells.setLocalCards(experts.cards())
      }
      // New addresses (a relay reservation, a UPnP mapping, one AutoNAT confirmed) go out in the next advert at
      // once, not at the next refresh: peers that learn of us only from adverts can dial us through the relay.
      const advertiseAddrs = (): void => { if (adverts?.isStarted() === true) adverts.setLocalCards(experts.cards()); cells?.setLocalCards(experts.cards()) }
      libp2p.addEventListener('self:peer:update', advertiseAddrs)
      cleanup.push(async () => { libp2p.removeEventListener('self:peer:update', advertiseAddrs) })
      // A newcomer learns the cards of peers it is not connected to from its first neighbours, not at their next
      // refresh: every relayed advert is verified as if it came from gossip.
      const sync = own(new AdvertSync({ node: libp2p, adverts, logger }, { spaceId, syncOnConnect: !cellsMode && (options.advertSync ?? true) }))
      await sync.start()

      // a peer whose connection closed is not routed to at once, and its cards go after a short grace
      const deadPeers = own(new DeadPeerCards({ node: libp2p, index, logger }))
      deadPeers.start()
      // @libp2p/bootstrap dials once: keep redialling (with backoff) while the node is alone, and say so
      const reconnector = own(new Reconnector({ node: libp2p, bootstrap, logger }))
      reconnector.start()

      // Queries that name no strategy route by competence where the cards carry gates, by config.strategy elsewhere.
      const dispatcher = new NodeDispatcher(runner, client, (peer) => { deadPeers.dialFailed(peerIdFromString(peer)) }, (peer, q, answers, maxPrice) => { market.paid(peer, q, answers, maxPrice) })
      const router = new Router({ index, dispatcher, peerStats, localPeerId, ledger, quality, logger }, {
        gatelessStrategy: config.strategy,
        policy: { k: config.k },
        timeoutMs: config.queryTimeoutMs
      })

      // Score attestations: every node listens; a node that measured something commits and reveals its scores.
      const attest = own(new AttestService({ pubsub: libp2p.services.pubsub, peerId: libp2p.peerId, privateKey, logger }, {
        spaceId,
        periodMs: config.attestPeriodMs,
        weightOf: (v) => quality.validatorWeight(v),
        getScores: () => quality.ownScores(1_000).map((s) => {
          const [peerId, digest] = s.key.split('/')
          return { peerId, cardDigest: digest, accuracy: s.accuracy, nll: s.nll, samples: s.samples }
        }),
        onScores: (validator, scores) => { quality.recordAttestations(validator, scores.map((s) => ({ key: `${s.peerId}/${s.cardDigest}`, accuracy: s.accuracy, nll: s.nll, samples: s.samples }))) }
      }))
      await attest.start()
      let validator: Validator | undefined
      if (config.validate) {
        const files = config.probes.length > 0 ? config.probes : await defaultProbeFiles(join(config.dataDir, 'zoo'))
        const probes = await loadProbeSets(files, { signal })
        if (probes.length > 0) {
          validator = own(new Validator({
            embed: async (text, o) => (await embedder.embed([text], o))[0],
            targets: (vector) => validationTargets(index, spaceId, vector, peerStats),
            ask: async (peer, local, ids, q, o) => await dispatcher.ask(peer, local, ids, { ...q, spaceId }, o),
            book: quality,
            spend: (peer, amount) => { if (peer !== localPeerId) ledger.recordSpent(peer, amount) },
            logger
          }, { probes, intervalMs: config.validateIntervalMs }))
          validator.start()
          log('validating with %d probes from %d files', probes.length, files.length)
        }
      }

      const { host, port } = parseHostPort(config.api)
      const api = new ApiServer(apiBackendOf(() => daemon), { host, port, token: config.apiToken, dashboardHtml: DASHBOARD_HTML, logger })
      const daemon: Daemon = new Daemon({ config, libp2p, embedder, experts, index, router, peerStats, ledger, quality, validator, attest, backend, adverts, sync, server, client, api, log, reconnector, hostedSet, datastore, networkName: joined?.name ?? LOCAL_NETWORK, metrics, market, cells })
      metrics.collectFrom(() => daemon.status())
      const bound = await own(api).start().catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') throw new InvalidOptionError('api', `${config.api} is already in use (another moemesh node?); choose another, e.g. --api ${host}:${port + 1}`)
        throw err
      })
      daemon.apiAddress = `${bound.host}:${bound.port}`
      daemon.running = true
      // Re-advertise when the load of an expert moved noticeably; expire stale cards.
      daemon.timers.push(setInterval(() => { daemon.refreshLoad() }, LOAD_REFRESH_MS), setInterval(() => { index.expire() }, EXPIRE_EVERY_MS))
      for (const t of daemon.timers) t.unref()
      if (signal?.aborted === true) {
        // aborted during the last start-up steps, which cannot be interrupted: do not hand back a running node
        await daemon.stop()
        signal.throwIfAborted()
      }
      log('node %s started with %d experts in space %s', localPeerId, experts.list().length, spaceId.slice(0, 12))
      return daemon
    } catch (err) {
      for (const fn of cleanup.reverse()) await fn().catch(() => {})
      throw err
    }
  }

  /** This node's peer id. */
  get peerId (): string {
    return this.libp2p.peerId.toString()
  }

  /** Listen addresses with `/p2p/<id>`, ready for another node's `--bootstrap`. */
  addrs (): string[] {
    return this.libp2p.getMultiaddrs().map((a) => a.toString())
  }

  /** Embed and route one query through the network. */
  async query (q: QueryRequest, options: { signal?: AbortSignal } = {}): Promise<RoutedAnswer> {
    if (!this.running) throw new DaemonNotRunningError()
    const started = performance.now()
    try {
      const answer = await this.routeQuery(q, started, options)
      this.metrics.queryFinished(answer, (performance.now() - started) / 1000)
      return answer
    } catch (err) {
      this.metrics.queryFailed(err, (performance.now() - started) / 1000)
      throw err
    }
  }

  private async routeQuery (q: QueryRequest, started: number, options: { signal?: AbortSignal }): Promise<RoutedAnswer> {
    // One deadline for the whole query: embedding counts against it too.
    const timeoutMs = q.timeoutMs ?? this.config.queryTimeoutMs
    const deadline = AbortSignal.timeout(timeoutMs)
    const signal = options.signal == null ? deadline : AbortSignal.any([options.signal, deadline])
    let vector: Float32Array
    try {
      [vector] = await this.embedder.embed([q.text], { signal })
    } catch (err) {
      if (deadline.aborted && options.signal?.aborted !== true) throw new QueryDeadlineError(`embedding the query took longer than its ${timeoutMs} ms deadline; retry with a longer timeout`)
      throw err
    }
    const embedMs = performance.now() - started
    // cells mode: the query's nearest cells that this node does not hold are looked up first (one bounded wait)
    await this.cells?.prepareQuery(vector, { signal }).catch((err: unknown) => { this.log('cell lookup before routing failed: %e', err) })
    const answer = await this.router.route({ text: q.text, vector, spaceId: this.embedder.spaceId }, {
      k: q.k,
      strategy: q.strategy,
      abstain: q.abstain,
      timeoutMs: Math.max(1, timeoutMs - (performance.now() - started)),
      policy: { maxPricePerExpert: q.maxPrice, budget: q.budget, minSimilarity: q.minSimilarity },
      signal: options.signal,
      embedMs
    })
    this.map.noteQuery(q.text, vector, answer)
    return answer
  }

  /**
   * Host another expert package (it is advertised at once). Only folders under the experts roots are accepted.
   * @throws {ExpertPathNotAllowedError} for a folder that is missing or not under a root (one error for both)
   */
  async addExpert (dir: string, options: { signal?: AbortSignal } = {}): Promise<ExpertView> {
    if (!this.running) throw new DaemonNotRunningError()
    const real = await allowedPackageDir(dir, expertsRootsOf(this.config), options)
    const expert = await this.experts.add(real, options)
    await this.hostedSet.recordAdded(real, expert.expertId)
    return expertView(this.peerId, true, expert.card())
  }

  /** Stop hosting an expert (its card is withdrawn from the network at once). */
  async removeExpert (idOrName: string): Promise<RemovedExpert> {
    if (!this.running) throw new DaemonNotRunningError()
    const removed = await this.experts.remove(idOrName)
    await this.hostedSet.recordRemoved(removed.expertId)
    return removed
  }

  /** Every expert this node can route to, local ones first. */
  networkExperts (): ExpertView[] {
    const me = this.peerId
    return this.index.entries()
      .map((e) => {
        const q = this.quality.assess(e.peerId, e.card)
        return {
          ...expertView(e.peerId, e.peerId === me, e.card, e.expiresAt),
          cardDigest: cardDigest(e.card),
          quality: { state: q.state, samples: q.samples, validators: q.attested?.validators ?? 0, ...(q.accuracy !== undefined ? { accuracy: q.accuracy } : {}), ...(q.reason !== undefined ? { reason: q.reason } : {}) }
        }
      })
      .sort((a, b) => Number(b.local) - Number(a.local) || a.name.localeCompare(b.name) || a.peer.localeCompare(b.peer))
  }

  /** Connected peers with their addresses, reputation, and how many experts they advertise. */
  peers (): PeerView[] {
    const counts = new Map<string, number>()
    for (const e of this.index.entries()) counts.set(e.peerId, (counts.get(e.peerId) ?? 0) + 1)
    return this.libp2p.getPeers().map((p) => {
      const id = p.toString()
      return {
        peer: id,
        addrs: this.libp2p.getConnections(p).map((c) => c.remoteAddr.toString()),
        experts: counts.get(id) ?? 0,
        reputation: this.peerStats.reputation(id),
        latencyMs: this.peerStats.latencyMs(id),
        // reached only through a relay: queries go over the limited relayed connection until a direct one exists
        relayed: this.libp2p.getConnections(p).every((c) => c.limits != null)
      }
    })
  }

  /** How other machines can reach this node now (see {@link reachabilityOf}). */
  reachability (): Reachability {
    return reachabilityOf(this.libp2p.getMultiaddrs())
  }

  /**
   * Wait until the node is reachable from outside (a public address or a relay reservation), at most `timeoutMs`;
   * returns the reachability then. Used for the one line `moemesh start` prints about it.
   */
  async waitForReachability (options: { timeoutMs: number, signal?: AbortSignal }): Promise<Reachability> {
    const settled = (): boolean => this.reachability().kind !== 'private'
    if (!settled()) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer)
          this.libp2p.removeEventListener('self:peer:update', onUpdate)
          options.signal?.removeEventListener('abort', done)
          resolve()
        }
        const onUpdate = (): void => { if (settled()) done() }
        const timer = setTimeout(done, options.timeoutMs)
        this.libp2p.addEventListener('self:peer:update', onUpdate)
        options.signal?.addEventListener('abort', done, { once: true })
      })
    }
    return this.reachability()
  }

  /** The node's identity, experts and counters (what `GET /v1/status` shows). */
  status (): DaemonStatus {
    return {
      peerId: this.peerId,
      addrs: this.addrs(),
      api: this.apiAddress,
      spaceId: this.embedder.spaceId,
      dim: this.embedder.dim,
      experts: this.experts.list().map((e) => ({ expert: e.expertId, name: e.manifest.name, load: e.load() })),
      peers: this.libp2p.getPeers().map((p) => p.toString()),
      cardsKnown: this.index.entries().length,
      ledger: this.ledger.totals(),
      adverts: this.adverts.getStats(),
      advertSync: this.sync.getStats(),
      queryServer: this.server.getStats(),
      queryClient: this.client.getStats(),
      connectivity: this.reconnector.status(),
      network: this.networkName,
      reachability: this.reachability()
    }
  }

  /** Withdraw the cards, close streams, stop libp2p, the API and inference. Idempotent. */
  async stop (): Promise<void> {
    this.stopping ??= (async () => {
      this.running = false
      for (const t of this.timers) clearInterval(t)
      this.map.stop()
      this.reconnector.stop()
      const log = this.log
      this.validator?.stop()
      await this.api.stop().catch((err) => { log.error('api stop: %e', err) })
      await this.attest.stop().catch((err) => { log.error('attest stop: %e', err) })
      await this.sync.stop().catch((err) => { log.error('advert sync stop: %e', err) })
      // Withdraw before libp2p goes away, or the withdrawal never leaves.
      await this.cells?.stop({ signal: AbortSignal.timeout(WITHDRAW_TIMEOUT_MS) }).catch((err) => { log.error('cell discovery stop: %e', err) })
      await this.adverts.stop({ signal: AbortSignal.timeout(WITHDRAW_TIMEOUT_MS) }).catch((err) => { log.error('advert stop: %e', err) })
      await this.server.stop().catch((err) => { log.error('query server stop: %e', err) })
      await this.client.stop().catch((err) => { log.error('query client stop: %e', err) })
      await this.market.detach().catch((err) => { log.error('receipts stop: %e', err) })
      await Promise.resolve(this.libp2p.stop()).catch((err: unknown) => { log.error('libp2p stop: %e', err) })
      await this.datastore.close().catch((err: unknown) => { log.error('peer store close: %e', err) })
      this.market.close()
      await this.experts.closeAll()
      await this.embedder.close().catch((err) => { log.error('embedder close: %e', err) })
      await this.backend.stop().catch((err) => { log.error('backend stop: %e', err) })
      log('node stopped')
    })()
    await this.stopping
  }

  /**
   * Re-advertise when an expert's load moved by more than {@link LOAD_CHANGE_TO_READVERTISE} since the last
   * advert; otherwise the advert service's own 30 s refresh is enough.
   */
  private refreshLoad (): void {
    if (!this.running) return
    const cards = this.experts.cards()
    const last = new Map(this.adverts.getLocalCards().map((c) => [c.expertId, c.load]))
    const moved = cards.some((c) => Math.abs(c.load - (last.get(c.expertId) ?? -1)) > LOAD_CHANGE_TO_READVERTISE)
    if (!moved) return
    this.index.setLocal(this.peerId, cards)
    try { this.adverts.setLocalCards(cards); this.cells?.setLocalCards(cards) } catch (err) { this.log.error('re-advertising failed: %e', err) }
  }
}

/** The HTTP API's view of a daemon (the API starts after the daemon object exists). */
function apiBackendOf (daemon: () => Daemon): ApiBackend {
  return {
    status: () => daemon().status(),
    experts: () => daemon().networkExperts(),
    peers: () => daemon().peers(),
    query: async (q, o) => await daemon().query(q, o),
    addExpert: async (dir, o) => await daemon().addExpert(dir, o),
    removeExpert: async (id) => await daemon().removeExpert(id),
    metrics: async () => await daemon().metrics.render(),
    map: () => daemon().map.view(),
    ledger: () => daemon().market.report()
  }
}

function expertView (peer: string, local: boolean, card: CardData, expiresAt?: number): ExpertView {
  return {
    peer,
    local,
    expert: card.expertId,
    name: card.name,
    description: card.description,
    task: card.task,
    labels: card.labels,
    inputKind: card.inputKind,
    price: card.price,
    load: card.load,
    accuracy: card.accuracy,
    expiresAt: local ? undefined : expiresAt,
    ...(card.modelSha256 !== undefined ? { modelSha256: card.modelSha256 } : {})
  }
}

/**
 * Every routable card in the space, with whether it claims the probe vector: its gate logit at or above its
 * owner's cut, or (no gate) its best centroid cosine at or above 0.5, where a gate-less card's routing logit is 0.
 */
function validationTargets (index: CapabilityIndex, spaceId: string, vector: Float32Array, peerStats: PeerStats): ValidatorTarget[] {
  const now = Date.now()
  return index.search(vector, spaceId, { rankBy: 'logit', now, filter: (e) => !peerStats.isBanned(e.peerId, now) && !index.isUnreachable(e.peerId) })
    .map((h) => ({
      peerId: h.entry.peerId,
      local: h.entry.local,
      card: h.entry.card,
      claims: h.gateLogit !== undefined && h.entry.card.gate !== undefined ? h.gateLogit >= h.entry.card.gate.abstainBelow : h.similarity >= CENTROID_LOGIT_ZERO
    }))
}

/** Parse `--bootstrap` style addresses into a peer id (exported for the CLI's checks). */
export function peerIdOfMultiaddr (addr: string): string | undefined {
  const id = multiaddr(addr).getComponents().find((c) => c.name === 'p2p')?.value
  return id == null ? undefined : peerIdFromString(id).toString()
}
