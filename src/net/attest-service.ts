/**
 * Score attestations over gossipsub, one topic per embedding space: every period this node commits to the scores
 * it measured (a hash of them and a fresh salt) and reveals the scores of its previous commitment. Every message
 * is validated before gossipsub forwards it (size, signature by its author, fields, a newer round, a per-validator
 * rate); a reveal is used only when it matches a commitment this node received earlier from the same validator.
 * A reveal without an earlier commitment is dropped (the message may still be forwarded: others may hold the
 * commitment); one that does not match is rejected.
 */
import { TopicValidatorResult } from '@libp2p/gossipsub'
import type { Message } from '@libp2p/gossipsub'
import { defaultLogger } from '@libp2p/logger'
import type { ComponentLogger, Logger, PeerId, PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { InvalidOptionError } from '../errors.js'
import { intInRange } from '../options.js'
import { bytesEqual } from '../util/bytes.js'
import type { AdvertPubSub } from './advert-service.js'
import {
  attestTopic, commitmentOf, decodeScores, encodeScores, newSalt, signAttestation, verifyAttestation,
  type AttestRejectReason, type AttestVerdict, type WireScore
} from './attest-codec.js'
import { ATTEST_PERIOD_MS, ATTEST_RATE_BURST, ATTEST_RATE_REFILL_MS, MAX_COMMITS_PER_ATTESTER, MAX_TRACKED_ATTESTERS } from './constants.js'
import { MAX_ATTEST_BYTES } from './limits.js'

/** What the service needs from the node. */
export interface AttestServiceComponents {
  pubsub: AdvertPubSub
  peerId: PeerId
  privateKey: PrivateKey
  /** @default defaultLogger() */
  logger?: ComponentLogger
}

/** Options of {@link AttestService}. */
export interface AttestServiceInit {
  /** The embedding space whose attestation topic to join. Required. */
  spaceId: string
  /** This node's scores to commit to now (empty: nothing to attest). */
  getScores?: () => WireScore[]
  /** Called with each revealed score set that matched its validator's earlier commitment. */
  onScores?: (validator: string, scores: WireScore[]) => void
  /** Publish period. @default 60_000 */
  periodMs?: number
  /**
   * The weight this node gives a validator's word (the quality book's `validatorWeight`: its age with us and the
   * volume settled with it). When {@link maxTrackedAttesters} are tracked, a newcomer pushes out first a validator
   * not heard for a few periods, else the lightest, the one with fewest matched reveals, the newest: a flood of
   * throwaway ids churns among itself and cannot push out the commitments of validators this node has weighed.
   * @default every validator weighs 0
   */
  weightOf?: (validator: string) => number
  /** Validators tracked at most. @default 1_024 (MAX_TRACKED_ATTESTERS) */
  maxTrackedAttesters?: number
}

/** Counters (reasons come from a bounded set). */
export interface AttestServiceStats {
  published: number
  accepted: number
  reveals: number
  rejected: Partial<Record<AttestRejectReason, number>>
  ignored: Partial<Record<AttestRejectReason, number>>
}

interface AttesterState {
  round: number
  tokens: number
  refilledAt: number
  /** round -> commitment, oldest first */
  commits: Map<number, Uint8Array>
  firstHeard: number
  lastHeard: number
  /** `weightOf` at its last message. */
  weight: number
  /** Reveals that matched their commitment. */
  reveals: number
}

/**
 * Publishes this node's commitments and reveals, and validates and collects everyone else's.
 *
 * @example
 * ```ts
 * const attest = new AttestService({ pubsub, peerId, privateKey }, { spaceId, getScores, onScores: (v, s) => book.take(v, s) })
 * await attest.start()
 * ```
 */
export class AttestService {
  readonly topic: string
  private readonly components: AttestServiceComponents
  private readonly init: AttestServiceInit
  private readonly periodMs: number
  private readonly maxTracked: number
  private readonly log: Logger
  private readonly attesters = new Map<string, AttesterState>()
  private readonly stats: AttestServiceStats = { published: 0, accepted: 0, reveals: 0, rejected: {}, ignored: {} }
  private pending?: { round: number, salt: Uint8Array, scoresBytes: Uint8Array }
  private lastRound = 0
  private timer?: ReturnType<typeof setInterval>
  private started = false

  constructor (components: AttestServiceComponents, init: AttestServiceInit) {
    if (typeof init.spaceId !== 'string' || init.spaceId.length === 0) throw new InvalidOptionError('spaceId', 'must be the embedding space id')
    if (!peerIdFromPrivateKey(components.privateKey).equals(components.peerId)) throw new InvalidOptionError('privateKey', 'is not the key of peerId')
    this.components = components
    this.init = init
    this.topic = attestTopic(init.spaceId)
    this.periodMs = intInRange('periodMs', init.periodMs, ATTEST_PERIOD_MS, 1, Number.MAX_SAFE_INTEGER)
    this.maxTracked = intInRange('maxTrackedAttesters', init.maxTrackedAttesters, MAX_TRACKED_ATTESTERS, 1, Number.MAX_SAFE_INTEGER)
    this.log = (components.logger ?? defaultLogger()).forComponent('moemesh:net:attest')
  }

  /** Joins the topic, installs the validator and starts publishing every period. */
  async start (): Promise<void> {
    if (this.started) return
    const { pubsub } = this.components
    pubsub.topicValidators.set(this.topic, this.validate)
    pubsub.subscribe(this.topic)
    this.started = true
    this.timer = setInterval(() => { this.publishNow().catch((err) => { this.log('publish failed: %e', err) }) }, this.periodMs)
    this.timer.unref?.()
  }

  /** Stops publishing and leaves the topic. */
  async stop (): Promise<void> {
    if (!this.started) return
    this.started = false
    clearInterval(this.timer)
    const { pubsub } = this.components
    if (pubsub.topicValidators.get(this.topic) === this.validate) pubsub.topicValidators.delete(this.topic)
    try { pubsub.unsubscribe(this.topic) } catch (err) { this.log('unsubscribe failed %e', err) }
    this.attesters.clear()
  }

  /** Counters (a copy). */
  getStats (): AttestServiceStats {
    return { ...this.stats, rejected: { ...this.stats.rejected }, ignored: { ...this.stats.ignored } }
  }

  /**
   * Commits to the current scores and reveals the previous commitment, in one signed message. Returns false
   * when there was nothing to publish or no peer is on the topic yet (the commitment then still stands).
   */
  async publishNow (options: { signal?: AbortSignal } = {}): Promise<boolean> {
    if (!this.started) return false
    options.signal?.throwIfAborted()
    const scores = this.init.getScores?.() ?? []
    if (scores.length === 0 && this.pending === undefined) return false
    const round = Math.max(this.lastRound + 1, Date.now())
    const salt = newSalt()
    let scoresBytes = encodeScores(scores)
    // an attestation must fit one gossip message: drop the stalest scores until it does
    let kept = scores.length
    while (scoresBytes.length + (this.pending?.scoresBytes.length ?? 0) > MAX_ATTEST_BYTES - 4096 && kept > 0) {
      kept = Math.floor(kept / 2)
      scoresBytes = encodeScores(scores.slice(0, kept))
    }
    const bytes = await signAttestation(this.components.privateKey, {
      round,
      issuedAt: Date.now(),
      commitment: commitmentOf(round, scoresBytes, salt),
      ...(this.pending !== undefined ? { reveal: this.pending } : {})
    })
    this.lastRound = round
    const previous = this.pending
    this.pending = { round, salt, scoresBytes }
    try {
      await this.components.pubsub.publish(this.topic, bytes)
      this.stats.published++
      return true
    } catch (err) {
      // nobody got it: reveal the older round next time (the commitment receivers hold), or nothing if there is none
      this.pending = previous
      this.log('attestation not published: %e', err)
      return false
    }
  }

  private count (verdict: Extract<AttestVerdict, { ok: false }>): TopicValidatorResult {
    const bucket = verdict.action === 'reject' ? this.stats.rejected : this.stats.ignored
    bucket[verdict.reason] = (bucket[verdict.reason] ?? 0) + 1
    this.log('%s attestation: %s (%s)', verdict.action, verdict.reason, verdict.detail)
    return verdict.action === 'reject' ? TopicValidatorResult.Reject : TopicValidatorResult.Ignore
  }

  /** The gossipsub topic validator. Never throws. */
  private readonly validate = async (_source: PeerId, msg: Message): Promise<TopicValidatorResult> => {
    if (msg.type !== 'signed') return this.count({ ok: false, reason: 'unsigned-message', action: 'reject', detail: 'attestations travel in signed gossip messages' })
    return this.accept(msg.data, msg.from.toString())
  }

  /**
   * Takes one attestation as if it arrived over gossip from `from` (exported for tests and tools): verifies it,
   * applies the round order and rate limit, stores its commitment and hands a matching reveal to `onScores`.
   */
  async accept (bytes: Uint8Array, from: string, now: number = Date.now()): Promise<TopicValidatorResult> {
    if (from === this.components.peerId.toString()) return TopicValidatorResult.Ignore
    // a validator past its rate costs no signature check (an accepted attestation's validator is its publisher)
    const known = this.attesters.get(from)
    if (known !== undefined && Math.min(ATTEST_RATE_BURST, known.tokens + (now - known.refilledAt) / ATTEST_RATE_REFILL_MS) < 1) {
      return this.count({ ok: false, reason: 'rate-limited', action: 'ignore', detail: 'too many attestations' })
    }
    const verdict = await verifyAttestation(bytes, { from, now })
    if (!verdict.ok) return this.count(verdict)
    const a = verdict.attestation
    let state = this.attesters.get(a.validator)
    if (state === undefined) {
      if (this.attesters.size >= this.maxTracked) this.evictOne(now)
      state = { round: 0, tokens: ATTEST_RATE_BURST, refilledAt: now, commits: new Map(), firstHeard: now, lastHeard: now, weight: 0, reveals: 0 }
      this.attesters.set(a.validator, state)
    }
    state.lastHeard = now
    state.weight = this.weigh(a.validator)
    if (a.round <= state.round) return this.count({ ok: false, reason: 'stale-round', action: 'ignore', detail: `round ${a.round} is not after ${state.round}` })
    state.tokens = Math.min(ATTEST_RATE_BURST, state.tokens + (now - state.refilledAt) / ATTEST_RATE_REFILL_MS)
    state.refilledAt = now
    if (state.tokens < 1) return this.count({ ok: false, reason: 'rate-limited', action: 'ignore', detail: 'too many attestations' })
    state.tokens -= 1
    let result = TopicValidatorResult.Accept
    if (a.reveal !== undefined) {
      const committed = state.commits.get(a.reveal.round)
      if (committed === undefined) {
        // we joined after its commitment went by (or it never sent one): the reveal proves nothing to us
        this.count({ ok: false, reason: 'reveal-without-commit', action: 'ignore', detail: `no commitment of round ${a.reveal.round} seen` })
      } else if (!bytesEqual(committed, commitmentOf(a.reveal.round, a.reveal.scoresBytes, a.reveal.salt))) {
        return this.count({ ok: false, reason: 'commit-mismatch', action: 'reject', detail: `the reveal of round ${a.reveal.round} does not match its commitment` })
      } else {
        const scores = decodeScores(a.reveal.scoresBytes)
        if (scores === undefined) {
          result = this.count({ ok: false, reason: 'bad-scores', action: 'reject', detail: 'the revealed scores are malformed' })
        } else {
          this.stats.reveals++
          state.reveals++
          state.commits.delete(a.reveal.round)
          try { this.init.onScores?.(a.validator, scores) } catch (err) { this.log.error('onScores threw %e', err) }
        }
      }
    }
    if (result !== TopicValidatorResult.Accept) return result
    state.round = a.round
    state.commits.set(a.round, a.commitment)
    while (state.commits.size > MAX_COMMITS_PER_ATTESTER) {
      const oldest = state.commits.keys().next().value
      if (oldest === undefined) break
      state.commits.delete(oldest)
    }
    this.stats.accepted++
    return TopicValidatorResult.Accept
  }

  private weigh (validator: string): number {
    try {
      const w = this.init.weightOf?.(validator) ?? 0
      return Number.isFinite(w) && w > 0 ? w : 0
    } catch (err) {
      this.log.error('weightOf threw %e', err)
      return 0
    }
  }

  /**
   * Forget one validator to make room: one not heard for MAX_COMMITS_PER_ATTESTER periods (its commitments are
   * all older than any reveal still to come; the least recently heard), else the lightest, with the fewest matched
   * reveals, heard first most recently. One pass over at most `maxTrackedAttesters` entries, only when full.
   */
  private evictOne (now: number): void {
    const staleBefore = now - MAX_COMMITS_PER_ATTESTER * this.periodMs
    let victim: string | undefined
    let v: AttesterState | undefined
    for (const [id, s] of this.attesters) {
      if (v === undefined || evictsBefore(s, v, staleBefore)) { victim = id; v = s }
    }
    if (victim !== undefined) this.attesters.delete(victim)
  }
}

/** Whether `a` should be forgotten before `b`. */
function evictsBefore (a: AttesterState, b: AttesterState, staleBefore: number): boolean {
  const aStale = a.lastHeard < staleBefore
  const bStale = b.lastHeard < staleBefore
  if (aStale !== bStale) return aStale
  if (aStale) return a.lastHeard < b.lastHeard
  if (a.weight !== b.weight) return a.weight < b.weight
  if (a.reveals !== b.reveals) return a.reveals < b.reveals
  return a.firstHeard > b.firstHeard
}
