import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { ApiServer, type ApiBackend, type ApiQuery } from '../api/http-server.js'
import { DASHBOARD_HTML } from '../api/dashboard.js'
import { Embedder } from '../embed/embedder.js'
import { ensureEmbedder } from '../embed/space.js'
import type { InferenceBackend } from '../onnx/backend.js'
import { createInferenceBackend, type BackendMode } from '../onnx/worker-backend.js'
import { ensureZoo } from '../experts/zoo/build-zoo.js'
import { Ledger } from '../market/ledger.js'
import { PeerStats } from '../market/peer-stats.js'
import { AdvertService } from '../net/advert-service.js'
import { AdvertSync } from '../net/advert-sync.js'
import type { CardData, VerifiedAdvert } from '../net/advert-types.js'
import { loadOrCreateIdentity } from '../net/identity.js'
import { createMoemeshLibp2p, type MoemeshLibp2p } from '../net/libp2p.js'
import { QueryClient } from '../net/query-client.js'
import { QueryServer } from '../net/query-server.js'
import { CapabilityIndex } from '../routing/capability-index.js'
import { Router } from '../routing/router.js'
import type { RoutedAnswer } from '../routing/routed-answer.js'
import { InvalidOptionError } from '../errors.js'
import { parseHostPort, type NodeConfig } from './config.js'
import { NodeDispatcher } from './dispatcher.js'
import { DaemonNotRunningError, QueryDeadlineError } from './errors.js'
import { runHostedExperts, type ExpertRunnerComponents } from './expert-runner.js'
import { HostedExperts } from './hosted-experts.js'

const log = logger('moemesh:node:daemon')

/** File name of the node's identity key inside the data dir. */
export const IDENTITY_FILE = 'identity.key'
/** How often the experts' load is sampled to decide whether to re-advertise early. */
const LOAD_REFRESH_MS = 10_000
/** Load change (0..1) that is worth an advert before the regular refresh: a quarter of an expert's queue. */
const LOAD_CHANGE_TO_READVERTISE = 0.25

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
  /** Progress of slow first-start work (embedder build, zoo build). */
  onProgress?: (fraction: number, stage: string) => void
  signal?: AbortSignal
}

/** An expert as `GET /v1/experts` and `moemesh experts` show it. */
export interface ExpertView {
  peer: string
  local: boolean
  expert: string
  name: string
  description: string
  task: string
  labels: string[]
  input_kind: string
  price: number
  load: number
  accuracy: number
  expires_at?: number
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
  /** The API's bound address (`host:port`). */
  apiAddress = ''
  private readonly backend: InferenceBackend
  private readonly adverts: AdvertService
  private readonly sync: AdvertSync
  private readonly server: QueryServer
  private readonly client: QueryClient
  private readonly api: ApiServer
  private readonly timers: Array<ReturnType<typeof setInterval>> = []
  private running = false
  private stopping?: Promise<void>

  private constructor (parts: {
    config: NodeConfig, libp2p: MoemeshLibp2p, embedder: Embedder, experts: HostedExperts, index: CapabilityIndex,
    router: Router, peerStats: PeerStats, ledger: Ledger, backend: InferenceBackend, adverts: AdvertService,
    sync: AdvertSync, server: QueryServer, client: QueryClient, api: ApiServer
  }) {
    this.config = parts.config
    this.libp2p = parts.libp2p
    this.embedder = parts.embedder
    this.experts = parts.experts
    this.index = parts.index
    this.router = parts.router
    this.peerStats = parts.peerStats
    this.ledger = parts.ledger
    this.backend = parts.backend
    this.adverts = parts.adverts
    this.sync = parts.sync
    this.server = parts.server
    this.client = parts.client
    this.api = parts.api
  }

  /** Start a node from a validated config. Anything that fails midway is stopped again before the error is thrown. */
  static async start (config: NodeConfig, options: DaemonOptions = {}): Promise<Daemon> {
    const { signal } = options
    const cleanup: Array<() => Promise<void>> = []
    const undo = async (): Promise<void> => { for (const fn of cleanup.reverse()) await fn().catch(() => {}) }
    try {
      await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
      const privateKey = await loadOrCreateIdentity(join(config.dataDir, IDENTITY_FILE), { signal })

      const backend = createInferenceBackend({ mode: options.backendMode ?? 'worker' })
      cleanup.push(async () => { await backend.stop() })

      const embedderBytes = options.embedderModel ?? (await ensureEmbedder(config.dataDir, { onProgress: options.onProgress, signal })).bytes
      const embedder = await Embedder.fromModel(embedderBytes, backend)
      const spaceId = embedder.spaceId

      let expertDirs = config.experts
      if (expertDirs.length === 0 && config.zoo) {
        const zoo = await ensureZoo({ outDir: join(config.dataDir, 'zoo'), embedder, backend, onProgress: options.onProgress, signal })
        expertDirs = zoo.dirs
      }

      const index = new CapabilityIndex()
      const peerStats = new PeerStats()
      const ledger = new Ledger()
      let adverts: AdvertService | undefined
      let localPeerId = ''
      const experts = new HostedExperts({
        backend,
        spaceId,
        dim: embedder.dim,
        onChange: (cards) => {
          if (localPeerId !== '') index.setLocal(localPeerId, cards)
          if (adverts?.isStarted() === true) adverts.setLocalCards(cards)
        }
      })
      cleanup.push(async () => { await experts.closeAll() })
      for (const dir of expertDirs) await experts.add(dir, { signal })

      const libp2p = await createMoemeshLibp2p({
        privateKey,
        listen: config.listen,
        bootstrap: config.bootstrap,
        mdns: config.mdns,
        transport: options.transport,
        dht: options.dht,
        advertSpaceIds: [spaceId]
      }).catch((err: Error) => {
        const busy = /(\S+): Error: listen EADDRINUSE/.exec(err.message ?? '')
        if (busy != null) throw new InvalidOptionError('listen', `${busy[1]} is already in use (another moemesh node?); choose another port, e.g. --listen /ip4/0.0.0.0/tcp/4748`)
        throw err
      })
      cleanup.push(async () => { await Promise.resolve(libp2p.stop()) })
      localPeerId = libp2p.peerId.toString()
      index.setLocal(localPeerId, experts.cards())

      const runner: ExpertRunnerComponents = {
        experts,
        spaceId,
        embed: async (text, o) => (await embedder.embed([text], o))[0]
      }
      const server = new QueryServer({
        node: libp2p,
        isKnownExpert: (id) => experts.has(id),
        handler: async (request, ctx) => {
          if (ledger.shouldThrottle(ctx.peerId)) {
            return request.expertIds.map((expertId) => ({ expertId, error: 'OVERLOADED' as const, latencyMs: 0, price: 0 }))
          }
          const answers = await runHostedExperts(runner, request, { signal: ctx.signal })
          for (const a of answers) if (a.error == null && a.price > 0) ledger.recordEarned(ctx.peerId, a.price)
          return answers
        }
      })
      await server.start()
      cleanup.push(async () => { await server.stop() })
      const client = new QueryClient({ node: libp2p })
      await client.start()
      cleanup.push(async () => { await client.stop() })

      const onAdvert = (advert: VerifiedAdvert): void => { index.applyAdvert(advert) }
      adverts = new AdvertService(
        { pubsub: libp2p.services.pubsub, peerId: libp2p.peerId, privateKey, getMultiaddrs: () => libp2p.getMultiaddrs(), peerStore: libp2p.peerStore },
        { spaceId, spaceDim: embedder.dim, onAdvert, refreshMs: options.advertRefreshMs, ttlMs: options.advertTtlMs }
      )
      await adverts.start()
      const advertsRef = adverts
      cleanup.push(async () => { await advertsRef.stop() })
      adverts.setLocalCards(experts.cards())
      // A newcomer learns the cards of peers it is not connected to from its first neighbours, not at their next
      // refresh: every relayed advert is verified as if it came from gossip.
      const sync = new AdvertSync({ node: libp2p, adverts }, { spaceId, syncOnConnect: options.advertSync ?? true })
      await sync.start()
      cleanup.push(async () => { await sync.stop() })

      const router = new Router({ index, dispatcher: new NodeDispatcher(runner, client), peerStats, localPeerId, ledger }, {
        strategy: config.strategy,
        timeoutMs: config.queryTimeoutMs
      })

      const { host, port } = parseHostPort(config.api)
      let daemon: Daemon | undefined
      const backendApi: ApiBackend = {
        status: () => daemon?.status(),
        experts: () => ({ experts: daemon?.networkExperts() ?? [] }),
        peers: () => ({ peers: daemon?.peers() ?? [] }),
        query: async (q, o) => await (daemon as Daemon).query(q, o),
        addExpert: async (dir, o) => await (daemon as Daemon).addExpert(dir, o),
        removeExpert: async (id) => await (daemon as Daemon).removeExpert(id)
      }
      const api = new ApiServer(backendApi, { host, port, token: config.apiToken, dashboardHtml: DASHBOARD_HTML })
      const bound = await api.start().catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') throw new InvalidOptionError('api', `${config.api} is already in use (another moemesh node?); choose another, e.g. --api ${host}:${port + 1}`)
        throw err
      })
      cleanup.push(async () => { await api.stop() })

      daemon = new Daemon({ config, libp2p, embedder, experts, index, router, peerStats, ledger, backend, adverts, sync, server, client, api })
      daemon.apiAddress = `${bound.host}:${bound.port}`
      daemon.running = true
      const d = daemon
      // Re-advertise when the load of an expert moved noticeably; expire stale cards.
      d.timers.push(setInterval(() => { d.refreshLoad() }, LOAD_REFRESH_MS))
      d.timers.push(setInterval(() => { index.expire() }, 5_000))
      for (const t of d.timers) t.unref()
      if (signal?.aborted === true) {
        // aborted during the last start-up steps, which cannot be interrupted: do not hand back a running node
        await daemon.stop()
        signal.throwIfAborted()
      }
      log('node %s started with %d experts in space %s', localPeerId, experts.list().length, spaceId.slice(0, 12))
      return daemon
    } catch (err) {
      await undo()
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
  async query (q: ApiQuery, options: { signal?: AbortSignal } = {}): Promise<RoutedAnswer> {
    if (!this.running) throw new DaemonNotRunningError()
    const started = performance.now()
    // One deadline for the whole query: embedding counts against it too.
    const timeoutMs = q.timeout_ms ?? this.config.queryTimeoutMs
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
    return await this.router.route({ text: q.text, vector, spaceId: this.embedder.spaceId }, {
      k: q.k ?? this.config.k,
      strategy: q.strategy ?? this.config.strategy,
      timeoutMs: Math.max(1, timeoutMs - embedMs),
      policy: { maxPricePerExpert: q.max_price, budget: q.budget },
      signal: options.signal,
      embedMs
    })
  }

  /** Host another expert package (it is advertised at once). */
  async addExpert (dir: string, options: { signal?: AbortSignal } = {}): Promise<ExpertView> {
    if (!this.running) throw new DaemonNotRunningError()
    const expert = await this.experts.add(dir, options)
    return this.view(this.peerId, true, expert.card())
  }

  /** Stop hosting an expert (its card is withdrawn from the network at once). */
  async removeExpert (idOrName: string): Promise<{ expertId: string, name: string }> {
    if (!this.running) throw new DaemonNotRunningError()
    return await this.experts.remove(idOrName)
  }

  /** Every expert this node can route to, local ones first. */
  networkExperts (): ExpertView[] {
    const me = this.peerId
    return this.index.entries()
      .map((e) => this.view(e.peerId, e.peerId === me, e.card, e.expiresAt))
      .sort((a, b) => Number(b.local) - Number(a.local) || a.name.localeCompare(b.name) || a.peer.localeCompare(b.peer))
  }

  /** Connected peers with their addresses, reputation, and how many experts they advertise. */
  peers (): Array<{ peer: string, addrs: string[], experts: number, reputation: number, latency_ms?: number }> {
    const counts = new Map<string, number>()
    for (const e of this.index.entries()) counts.set(e.peerId, (counts.get(e.peerId) ?? 0) + 1)
    return this.libp2p.getPeers().map((p) => {
      const id = p.toString()
      return {
        peer: id,
        addrs: this.libp2p.getConnections(p).map((c) => c.remoteAddr.toString()),
        experts: counts.get(id) ?? 0,
        reputation: this.peerStats.reputation(id),
        latency_ms: this.peerStats.latencyMs(id)
      }
    })
  }

  /** What `GET /v1/status` shows. */
  status (): Record<string, unknown> {
    return {
      peerId: this.peerId,
      addrs: this.addrs(),
      api: this.apiAddress,
      spaceId: this.embedder.spaceId,
      dim: this.embedder.dim,
      experts: this.experts.list().map((e) => ({ expert: e.expertId, name: e.manifest.name, load: e.load() })),
      peers: this.libp2p.getPeers().map((p) => p.toString()),
      cards_known: this.index.entries().length,
      ledger: this.ledger.totals(),
      adverts: this.adverts.getStats(),
      advert_sync: this.sync.getStats(),
      query_server: this.server.getStats(),
      query_client: this.client.getStats()
    }
  }

  /** Withdraw the cards, close streams, stop libp2p, the API and inference. Idempotent. */
  async stop (): Promise<void> {
    this.stopping ??= (async () => {
      this.running = false
      for (const t of this.timers) clearInterval(t)
      await this.api.stop().catch((err) => { log.error('api stop: %e', err) })
      await this.sync.stop().catch((err) => { log.error('advert sync stop: %e', err) })
      // Withdraw before libp2p goes away, or the withdrawal never leaves.
      await this.adverts.stop({ signal: AbortSignal.timeout(2_000) }).catch((err) => { log.error('advert stop: %e', err) })
      await this.server.stop().catch((err) => { log.error('query server stop: %e', err) })
      await this.client.stop().catch((err) => { log.error('query client stop: %e', err) })
      await Promise.resolve(this.libp2p.stop()).catch((err: unknown) => { log.error('libp2p stop: %e', err) })
      await this.experts.closeAll()
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
    try { this.adverts.setLocalCards(cards) } catch (err) { log.error('re-advertising failed: %e', err) }
  }

  private view (peer: string, local: boolean, card: CardData, expiresAt?: number): ExpertView {
    return {
      peer,
      local,
      expert: card.expertId,
      name: card.name,
      description: card.description,
      task: card.task,
      labels: card.labels,
      input_kind: card.inputKind,
      price: card.price,
      load: card.load,
      accuracy: card.accuracy,
      expires_at: local ? undefined : expiresAt
    }
  }
}

/** Parse `--bootstrap` style addresses into a peer id (exported for the CLI's checks). */
export function peerIdOfMultiaddr (addr: string): string | undefined {
  const id = multiaddr(addr).getComponents().find((c) => c.name === 'p2p')?.value
  return id == null ? undefined : peerIdFromString(id).toString()
}
