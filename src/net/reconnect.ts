/**
 * Keeps a node joined: `@libp2p/bootstrap` dials its list once, so a node whose first dials failed (a peer not up
 * yet, an inbound rate limit) stays alone for good. This service redials the bootstrap peers, and peers the peer
 * store knows, with exponential backoff and jitter while the node has fewer than `minPeers` connections, and says
 * loudly when it has had no peer for a while.
 */
import { defaultLogger } from '@libp2p/logger'
import type { ComponentLogger, Libp2p, Logger } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'

/** First retry delay. */
export const RECONNECT_BASE_MS = 500
/** Longest retry delay: a dial every 2.5-5 s while alone costs next to nothing, and a late bootstrap peer is found within 5 s. */
export const RECONNECT_MAX_MS = 5_000
/** After this long with no peer the node logs it as an error (and again at every doubling). */
export const ISOLATED_WARN_MS = 10_000
/** Known (non-bootstrap) peers dialled per attempt at most. */
const KNOWN_PEERS_PER_ATTEMPT = 4

/** What `/v1/status` shows of the node's connectivity. */
export interface ConnectivityStatus {
  /** Connected peers now. */
  peers: number
  /** How long the node has had no peer, when it has none. */
  isolatedForMs?: number
  /** The last failed redial, one line. */
  lastDialError?: string
  /** Redial attempts so far. */
  attempts: number
}

/** Options of {@link Reconnector}. */
export interface ReconnectorInit {
  node: Pick<Libp2p, 'dial' | 'getPeers' | 'peerStore' | 'addEventListener' | 'removeEventListener'>
  /** Bootstrap multiaddrs (with /p2p/). @default [] */
  bootstrap?: string[]
  /** Redial while fewer peers than this are connected. @default 1 */
  minPeers?: number
  /** @default 500 (RECONNECT_BASE_MS) */
  baseMs?: number
  /** @default 5_000 (RECONNECT_MAX_MS) */
  maxMs?: number
  /** @default defaultLogger() */
  logger?: ComponentLogger
}

/** Redials with backoff while the node is (nearly) alone. */
export class Reconnector {
  private readonly init: ReconnectorInit
  private readonly log: Logger
  private readonly bootstrap: string[]
  private readonly minPeers: number
  private readonly baseMs: number
  private readonly maxMs: number
  private timer?: ReturnType<typeof setTimeout>
  private running = false
  private failures = 0
  private attempts = 0
  private isolatedSince?: number
  private warnAt = ISOLATED_WARN_MS
  private lastDialError?: string

  constructor (init: ReconnectorInit) {
    this.init = init
    this.log = (init.logger ?? defaultLogger()).forComponent('moemesh:net:reconnect')
    this.bootstrap = init.bootstrap ?? []
    this.minPeers = init.minPeers ?? 1
    this.baseMs = init.baseMs ?? RECONNECT_BASE_MS
    this.maxMs = init.maxMs ?? RECONNECT_MAX_MS
  }

  start (): void {
    if (this.running) return
    this.running = true
    this.isolatedSince = this.init.node.getPeers().length === 0 ? Date.now() : undefined
    this.init.node.addEventListener('peer:disconnect', this.onChange)
    this.init.node.addEventListener('peer:connect', this.onChange)
    this.schedule(this.baseMs)
  }

  stop (): void {
    this.running = false
    clearTimeout(this.timer)
    this.timer = undefined
    this.init.node.removeEventListener('peer:disconnect', this.onChange)
    this.init.node.removeEventListener('peer:connect', this.onChange)
  }

  status (): ConnectivityStatus {
    const peers = this.init.node.getPeers().length
    const s: ConnectivityStatus = { peers, attempts: this.attempts }
    if (peers === 0 && this.isolatedSince !== undefined) s.isolatedForMs = Date.now() - this.isolatedSince
    if (this.lastDialError !== undefined) s.lastDialError = this.lastDialError
    return s
  }

  private readonly onChange = (): void => {
    if (!this.running) return
    const peers = this.init.node.getPeers().length
    if (peers > 0) {
      if (this.isolatedSince !== undefined && Date.now() - this.isolatedSince >= ISOLATED_WARN_MS) this.log('joined again after %d ms alone', Date.now() - this.isolatedSince)
      this.isolatedSince = undefined
      this.warnAt = ISOLATED_WARN_MS
    } else {
      this.isolatedSince ??= Date.now()
    }
    if (peers < this.minPeers && this.timer === undefined) {
      this.failures = 0
      this.schedule(this.baseMs)
    }
  }

  private schedule (delayMs: number): void {
    if (!this.running) return
    clearTimeout(this.timer)
    // full jitter in [delay/2, delay]: nodes started together do not redial in lockstep
    this.timer = setTimeout(() => { this.timer = undefined; void this.tick() }, delayMs / 2 + Math.random() * delayMs / 2)
    this.timer.unref?.()
  }

  private async tick (): Promise<void> {
    if (!this.running) return
    const peers = this.init.node.getPeers()
    if (peers.length === 0 && this.isolatedSince !== undefined) {
      const alone = Date.now() - this.isolatedSince
      if (alone >= this.warnAt) {
        this.log.error('0 peers after %d s: check --bootstrap and the network (last dial error: %s)', Math.round(alone / 1000), this.lastDialError ?? 'none')
        this.warnAt *= 2
      }
    }
    if (peers.length >= this.minPeers) { this.failures = 0; return }
    const connected = new Set(peers.map((p) => p.toString()))
    const targets = this.bootstrap.filter((a) => { const id = a.split('/p2p/')[1]; return id === undefined || !connected.has(id) }).map((a) => multiaddr(a))
    try {
      const known = await this.init.node.peerStore.all({ limit: 64 })
      for (const p of known.filter((p) => !connected.has(p.id.toString()) && p.addresses.length > 0).slice(0, KNOWN_PEERS_PER_ATTEMPT)) targets.push(...p.addresses.slice(0, 1).map((a) => a.multiaddr.encapsulate(`/p2p/${p.id.toString()}`)))
    } catch { /* the peer store is optional help */ }
    if (targets.length === 0) { this.schedule(this.maxMs); return }
    const results = await Promise.allSettled(targets.map(async (ma) => await this.init.node.dial(ma, { signal: AbortSignal.timeout(5_000) })))
    // counted once settled, with its error recorded: a status that shows an attempt also shows how it ended
    this.attempts++
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed.length > 0) this.lastDialError = String((failed[0].reason as Error)?.message ?? failed[0].reason).slice(0, 200)
    if (failed.length < results.length) { this.failures = 0 } else { this.failures++ }
    if (this.init.node.getPeers().length < this.minPeers) this.schedule(Math.min(this.maxMs, this.baseMs * 2 ** this.failures))
  }
}
