import { InvalidOptionError } from '../errors.js'
import { numberInRange } from '../options.js'
import {
  BAN_BACKOFF, BAN_BASE_MS, BAN_MAX_MS, LATENCY_EWMA_ALPHA, MAX_TRACKED_PEERS, REPUTATION_DECAY,
  REPUTATION_PRIOR_FAILURES, REPUTATION_PRIOR_SUCCESSES
} from './constants.js'

/** Options of {@link PeerStats}. */
export interface PeerStatsInit {
  /** EWMA weight of each new latency sample. @default 0.2 */
  latencyAlpha?: number
  /** First ban of an unresponsive peer, in ms. @default 15000 */
  banBaseMs?: number
  /** Longest ban, in ms. @default 960000 */
  banMaxMs?: number
  /** Per-outcome fading of past outcomes in the reputation, 0 < decay <= 1 (1 = never forget). @default 0.98 */
  reputationDecay?: number
  /** Peers tracked before the least recently updated is forgotten. @default 10000 */
  maxPeers?: number
  /** Wall clock, for tests. @default Date.now */
  now?: () => number
}

/** Options of {@link PeerStats.recordFailure}. */
export interface FailureOptions {
  /** Ban the peer (it did not respond at all, rather than answering with an error). @default true */
  ban?: boolean
  /** How long the failed call had run, folded into the latency average (a lower bound of the real latency). */
  latencyMs?: number
  /** @default now() */
  now?: number
}

/** What is known about one peer. */
export interface PeerStatsSnapshot {
  peerId: string
  successes: number
  failures: number
  /** Smoothed latency (ms), undefined until measured. */
  latencyMs: number | undefined
  /** 0..1. */
  reputation: number
  /** Wall-clock ms until which the peer is banned (0 = not banned). */
  bannedUntil: number
  /** Bans in a row without a success in between. */
  consecutiveBans: number
  lastSeen: number
}

interface PeerRecord {
  successes: number
  failures: number
  /** Decayed outcome weights used for the reputation. */
  good: number
  bad: number
  latencyMs: number | undefined
  bannedUntil: number
  consecutiveBans: number
  lastSeen: number
}


/**
 * Per-peer health as the router sees it: smoothed latency, success and failure counts, a reputation, and a ban for
 * unresponsive peers: 15 s, doubling with each further ban, cleared by any success (Petals / hivemind Blacklist).
 *
 * The reputation is the mean of a Beta(1 + good, 1 + bad) posterior, where good and bad are success and failure
 * counts that fade by `reputationDecay` per new outcome.
 */
export class PeerStats {
  private readonly peers = new Map<string, PeerRecord>()
  private readonly alpha: number
  private readonly banBaseMs: number
  private readonly banMaxMs: number
  private readonly decay: number
  private readonly maxPeers: number
  private readonly now: () => number

  constructor (init: PeerStatsInit = {}) {
    this.alpha = numberInRange('latencyAlpha', init.latencyAlpha, LATENCY_EWMA_ALPHA, 0, 1, { minExclusive: true })
    this.banBaseMs = init.banBaseMs ?? BAN_BASE_MS
    if (!Number.isFinite(this.banBaseMs) || this.banBaseMs < 0) throw new InvalidOptionError('banBaseMs', 'must be a number >= 0')
    this.banMaxMs = init.banMaxMs ?? BAN_MAX_MS
    if (!Number.isFinite(this.banMaxMs) || this.banMaxMs < this.banBaseMs) throw new InvalidOptionError('banMaxMs', 'must be a number >= banBaseMs')
    this.decay = numberInRange('reputationDecay', init.reputationDecay, REPUTATION_DECAY, 0, 1, { minExclusive: true })
    this.maxPeers = init.maxPeers ?? MAX_TRACKED_PEERS
    if (!Number.isInteger(this.maxPeers) || this.maxPeers < 1) throw new InvalidOptionError('maxPeers', 'must be a positive integer')
    this.now = init.now ?? Date.now
  }

  /** Peers tracked. */
  get size (): number {
    return this.peers.size
  }

  /** Records an answered call: latency into the average, a success into the reputation, and lifts any ban. */
  recordSuccess (peerId: string, latencyMs: number, now: number = this.now()): void {
    const p = this.touch(peerId, now)
    p.successes++
    p.good = p.good * this.decay + 1
    p.bad *= this.decay
    this.addLatency(p, latencyMs)
    p.bannedUntil = 0
    p.consecutiveBans = 0
  }

  /**
   * Records a failed call. With `ban` (the default) the peer is banned for 15 s x 2^(bans in a row), at most
   * `banMaxMs`; a failure while already banned does not extend the ban.
   */
  recordFailure (peerId: string, options: FailureOptions = {}): void {
    const now = options.now ?? this.now()
    const p = this.touch(peerId, now)
    p.failures++
    p.bad = p.bad * this.decay + 1
    p.good *= this.decay
    if (options.latencyMs !== undefined) this.addLatency(p, options.latencyMs)
    if ((options.ban ?? true) && p.bannedUntil <= now) {
      p.bannedUntil = now + Math.min(this.banMaxMs, this.banBaseMs * BAN_BACKOFF ** p.consecutiveBans)
      p.consecutiveBans++
    }
  }

  /**
   * Records a measured answer quality (a validation probe): a wrong answer from a card found untrustworthy counts
   * like a failed call in the reputation, a right one like a success; neither bans nor touches the latency.
   */
  recordQuality (peerId: string, good: boolean, now: number = this.now()): void {
    const p = this.touch(peerId, now)
    if (good) {
      p.good = p.good * this.decay + 1
      p.bad *= this.decay
    } else {
      p.bad = p.bad * this.decay + 1
      p.good *= this.decay
    }
  }

  /** True while the peer is banned. */
  isBanned (peerId: string, now: number = this.now()): boolean {
    const p = this.peers.get(peerId)
    return p !== undefined && p.bannedUntil > now
  }

  /** Wall-clock ms until which the peer is banned (0 when it is not). */
  bannedUntil (peerId: string, now: number = this.now()): number {
    const until = this.peers.get(peerId)?.bannedUntil ?? 0
    return until > now ? until : 0
  }

  /** 0..1, the posterior mean of the peer's success rate; 0.5 for a peer never seen. */
  reputation (peerId: string): number {
    const p = this.peers.get(peerId)
    const good = (p?.good ?? 0) + REPUTATION_PRIOR_SUCCESSES
    const bad = (p?.bad ?? 0) + REPUTATION_PRIOR_FAILURES
    return good / (good + bad)
  }

  /** Smoothed latency in ms, undefined when never measured. */
  latencyMs (peerId: string): number | undefined {
    return this.peers.get(peerId)?.latencyMs
  }

  /** Everything known about one peer. */
  get (peerId: string): PeerStatsSnapshot | undefined {
    const p = this.peers.get(peerId)
    if (p === undefined) return undefined
    return {
      peerId,
      successes: p.successes,
      failures: p.failures,
      latencyMs: p.latencyMs,
      reputation: this.reputation(peerId),
      bannedUntil: p.bannedUntil,
      consecutiveBans: p.consecutiveBans,
      lastSeen: p.lastSeen
    }
  }

  /** Every tracked peer. */
  snapshot (): PeerStatsSnapshot[] {
    return [...this.peers.keys()].map(id => this.get(id) as PeerStatsSnapshot)
  }

  /** Forgets a peer. */
  forget (peerId: string): void {
    this.peers.delete(peerId)
  }

  private addLatency (p: PeerRecord, latencyMs: number): void {
    if (!Number.isFinite(latencyMs) || latencyMs < 0) return
    p.latencyMs = p.latencyMs === undefined ? latencyMs : p.latencyMs + this.alpha * (latencyMs - p.latencyMs)
  }

  /** The peer's record, moved to the back of the map (Map order = least recently updated first). */
  private touch (peerId: string, now: number): PeerRecord {
    let p = this.peers.get(peerId)
    if (p !== undefined) {
      this.peers.delete(peerId)
    } else {
      p = { successes: 0, failures: 0, good: 0, bad: 0, latencyMs: undefined, bannedUntil: 0, consecutiveBans: 0, lastSeen: now }
      if (this.peers.size >= this.maxPeers) {
        const oldest = this.peers.keys().next().value
        if (oldest !== undefined) this.peers.delete(oldest)
      }
    }
    p.lastSeen = now
    this.peers.set(peerId, p)
    return p
  }
}
