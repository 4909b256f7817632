/**
 * Reacts to peers going away: when the last connection to a peer closes, its cards are marked unreachable in the
 * capability index at once (no query is routed to a peer known to be gone) and dropped after a short grace unless
 * it reconnects first (a blip keeps its cards; a dead node's leave long before their advert expires).
 */
import type { ComponentLogger, Libp2p, Logger, PeerId } from '@libp2p/interface'
import { defaultLogger } from '@libp2p/logger'

/** How long the cards of a disconnected peer are kept (unroutable) in case it reconnects. */
export const DEAD_PEER_GRACE_MS = 5_000

/** The part of the capability index this needs. */
export interface ReachabilityIndex {
  setReachable: (peerId: string, reachable: boolean) => void
  removePeer: (peerId: string) => void
}

/** Options of {@link DeadPeerCards}. */
export interface DeadPeerCardsInit {
  node: Pick<Libp2p, 'addEventListener' | 'removeEventListener' | 'getConnections'>
  index: ReachabilityIndex
  /** Grace before a disconnected peer's cards are dropped. @default 5_000 (DEAD_PEER_GRACE_MS) */
  graceMs?: number
  /** @default defaultLogger() */
  logger?: ComponentLogger
}

/** Watches `peer:disconnect` / `peer:connect` and keeps the index's reachability in step. */
export class DeadPeerCards {
  private readonly init: DeadPeerCardsInit
  private readonly graceMs: number
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()
  private readonly log: Logger
  private running = false

  constructor (init: DeadPeerCardsInit) {
    this.init = init
    this.graceMs = init.graceMs ?? DEAD_PEER_GRACE_MS
    this.log = (init.logger ?? defaultLogger()).forComponent('moemesh:node:dead-peers')
  }

  start (): void {
    if (this.running) return
    this.running = true
    this.init.node.addEventListener('peer:disconnect', this.onDisconnect)
    this.init.node.addEventListener('peer:connect', this.onConnect)
  }

  stop (): void {
    if (!this.running) return
    this.running = false
    this.init.node.removeEventListener('peer:disconnect', this.onDisconnect)
    this.init.node.removeEventListener('peer:connect', this.onConnect)
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
  }

  /**
   * A dial to `peer` failed: a node that only heard of the peer through gossip or advert sync gets no disconnect
   * event when it dies, so a failed dial is the same news. Its cards are unroutable at once and dropped after the
   * grace unless a connection comes up.
   */
  dialFailed (peer: PeerId): void {
    if (!this.running || this.init.node.getConnections(peer).length > 0) return
    this.log('a dial to %p failed: its cards are unroutable until it connects', peer)
    this.markGone(peer)
  }

  private readonly onDisconnect = (evt: CustomEvent<PeerId>): void => {
    this.markGone(evt.detail)
  }

  private markGone (peer: PeerId): void {
    const id = peer.toString()
    this.init.index.setReachable(id, false)
    clearTimeout(this.timers.get(id))
    const timer = setTimeout(() => {
      this.timers.delete(id)
      if (this.init.node.getConnections(peer).length > 0) return
      this.log('dropping the cards of %s: disconnected for %d ms', id, this.graceMs)
      this.init.index.removePeer(id)
    }, this.graceMs)
    timer.unref?.()
    this.timers.set(id, timer)
  }

  private readonly onConnect = (evt: CustomEvent<PeerId>): void => {
    const id = evt.detail.toString()
    clearTimeout(this.timers.get(id))
    this.timers.delete(id)
    this.init.index.setReachable(id, true)
  }
}
