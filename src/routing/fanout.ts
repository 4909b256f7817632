/**
 * One query's fan-out: the state machine that calls the chosen experts, replaces failures and hedges slow calls
 * with fallbacks, and ends at k answers, when nothing is left to wait for, at the deadline, or on the caller's abort.
 */
import type { Logger } from '@libp2p/interface'
import {
  ExpertAnswerError, ExpertCancelledError, ExpertTimeoutError, ExpertUnreachableError, InvalidExpertAnswerError,
  type ExpertCallError
} from './errors.js'
import { InvalidQueryError } from '../net/query-errors.js'
import type { DispatchResult, ExpertDispatcher, RouterQuery } from './dispatch.js'
import type { Candidate, PeerStatsView, ResolvedPolicy } from './scoring.js'

/** What the router needs from peer statistics (the market's `PeerStats` provides it). */
export interface PeerStatsRecorder extends PeerStatsView {
  recordSuccess: (peerId: string, latencyMs: number) => void
  recordFailure: (peerId: string, options?: { ban?: boolean, latencyMs?: number }) => void
}

/** Where the router books credits paid for answers (the market's `Ledger` provides it). */
export interface SpendRecorder {
  recordSpent: (peerId: string, amount: number) => void
}

/** An expert that answered usably. */
export interface Answered {
  candidate: Candidate
  probs: Float32Array
  latencyMs: number
  price: number
  /** The expert's competence score, when its answer carried one (clamped to -1..1). */
  competence?: number
}

/** An expert call that failed, and why. */
export interface Failure {
  candidate: Candidate
  error: ExpertCallError
}

interface Attempt {
  peerId: string
  local: boolean
  candidates: Candidate[]
  controller: AbortController
  startedAt: number
  settled: boolean
  hedged: boolean
  hedgeTimer?: ReturnType<typeof setTimeout>
}

/** Everything one fan-out needs, fixed when the query starts. */
export interface FanoutContext {
  dispatcher: ExpertDispatcher
  peerStats: PeerStatsRecorder
  ledger?: SpendRecorder
  localPeerId: string
  query: RouterQuery
  policy: ResolvedPolicy
  timeoutMs: number
  hedgeAfterMs: number
  /** Answers need not carry competence scores: the router probed for them already. @default false */
  withoutCompetence?: boolean
  /** performance.now() value at which everything ends. */
  deadline: number
  signal?: AbortSignal
  /** The router's logger. */
  log: Logger
}

type FinishReason = 'enough' | 'exhausted' | 'deadline' | 'aborted'

/** Returns the normalised distribution, or why it is unusable. */
function checkDistribution (value: unknown, labels: number): Float32Array | string {
  if (!(value instanceof Float32Array) && !Array.isArray(value)) return 'no distribution'
  if (value.length !== labels) return `distribution has ${value.length} values for ${labels} labels`
  let sum = 0
  for (let i = 0; i < value.length; i++) {
    const v = value[i]
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return 'distribution has a negative or non-finite value'
    sum += v
  }
  if (sum <= 0) return 'distribution is all zeros'
  const out = new Float32Array(labels)
  for (let i = 0; i < labels; i++) out[i] = value[i] / sum
  return out
}

/**
 * A reported competence score, or undefined when it is not a finite number. It is a cosine (-1..1): clamped, so a
 * peer cannot claim more competence than a perfect match.
 */
export function clampCompetence (value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined
  return Math.min(1, Math.max(-1, value))
}

function isTimeout (err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name
  return name === 'TimeoutError' || name === 'AbortError'
}

/**
 * One query's fan-out: calls the primaries (one ask per peer), replaces each failure and hedges each slow call with
 * the next fallback while time remains, and ends at k answers, when nothing is left to wait for, at the deadline,
 * or on the caller's abort - whichever comes first. Never waits on a dispatcher past the deadline.
 */
export class Fanout {
  private readonly ctx: FanoutContext
  private readonly fallbacks: Candidate[]
  private readonly used = new Set<Candidate>()
  private readonly answered = new Map<string, Answered>()
  private readonly failures: Failure[] = []
  /** Candidates in flight that still count towards k (not yet hedged). */
  private readonly live = new Set<Candidate>()
  private readonly attempts = new Set<Attempt>()
  /** Peers that could not be reached during this query (local ones are not banned, so they are remembered here). */
  private readonly deadPeers = new Set<string>()
  private committed = 0
  private done = false
  private deadlineTimer?: ReturnType<typeof setTimeout>
  private onAbort?: () => void
  private resolve!: (value: { answered: Answered[], failures: Failure[] }) => void
  private reject!: (reason: unknown) => void

  constructor (ctx: FanoutContext, fallbacks: Candidate[]) {
    this.ctx = ctx
    this.fallbacks = fallbacks
  }

  run (primary: Candidate[]): Promise<{ answered: Answered[], failures: Failure[] }> {
    return new Promise((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
      const { signal } = this.ctx
      if (signal !== undefined) {
        this.onAbort = () => { this.finish('aborted') }
        signal.addEventListener('abort', this.onAbort, { once: true })
      }
      const remaining = this.ctx.deadline - performance.now()
      if (remaining <= 0) {
        this.finish('deadline')
        return
      }
      this.deadlineTimer = setTimeout(() => { this.finish('deadline') }, remaining)
      this.launch(primary)
      this.checkDone()
    })
  }

  private launch (candidates: Candidate[]): void {
    const byPeer = new Map<string, Candidate[]>()
    for (const c of candidates) {
      const group = byPeer.get(c.peerId)
      if (group === undefined) byPeer.set(c.peerId, [c])
      else group.push(c)
    }
    for (const [peerId, group] of byPeer) this.startAttempt(peerId, group)
  }

  private startAttempt (peerId: string, candidates: Candidate[]): void {
    const { dispatcher, query, policy } = this.ctx
    const now = performance.now()
    const remaining = Math.max(1, Math.floor(this.ctx.deadline - now))
    const attempt: Attempt = {
      peerId,
      local: peerId === this.ctx.localPeerId || candidates.every(c => c.local),
      candidates,
      controller: new AbortController(),
      startedAt: now,
      settled: false,
      hedged: false
    }
    this.attempts.add(attempt)
    for (const c of candidates) {
      this.live.add(c)
      this.used.add(c)
      this.committed += c.price
    }
    if (this.ctx.hedgeAfterMs < remaining) {
      attempt.hedgeTimer = setTimeout(() => { this.hedge(attempt) }, this.ctx.hedgeAfterMs)
    }
    let pending: Promise<DispatchResult[]>
    try {
      pending = Promise.resolve(dispatcher.ask(peerId, attempt.local, candidates.map(c => c.expertId), query, {
        signal: attempt.controller.signal,
        timeoutMs: remaining,
        ...(this.ctx.withoutCompetence === true ? { withoutCompetence: true } : {}),
        ...(Number.isFinite(policy.maxPricePerExpert) ? { maxPrice: policy.maxPricePerExpert } : {})
      }))
    } catch (err) {
      pending = Promise.reject(err)
    }
    pending.then(results => { this.onResults(attempt, results) }, err => { this.onError(attempt, err) })
      // A bug in handling one answer must never become an unhandled rejection (it would end the process) or
      // leave the query waiting for its deadline: fail that attempt instead.
      .catch((err: unknown) => {
        this.ctx.log.error('handling the answer of %p failed: %e', attempt.peerId, err)
        if (!attempt.settled) this.onError(attempt, err)
        else this.checkDone()
      })
  }

  /** Marks an attempt finished; returns how many of its candidates still counted towards k. */
  private settle (attempt: Attempt): number {
    attempt.settled = true
    this.attempts.delete(attempt)
    clearTimeout(attempt.hedgeTimer)
    let live = 0
    for (const c of attempt.candidates) {
      if (this.live.delete(c)) live++
      this.committed -= c.price
    }
    return live
  }

  private onResults (attempt: Attempt, results: DispatchResult[]): void {
    if (this.done || attempt.settled) return
    const wasLive = new Set(attempt.candidates.filter(c => this.live.has(c)))
    this.settle(attempt)
    const elapsed = performance.now() - attempt.startedAt
    const byId = new Map<string, DispatchResult>()
    if (Array.isArray(results)) {
      for (const r of results.slice(0, attempt.candidates.length * 4)) {
        if (r !== null && typeof r === 'object' && typeof r.expertId === 'string' && !byId.has(r.expertId)) byId.set(r.expertId, r)
      }
    }
    let ok = 0
    let replace = 0
    for (const c of attempt.candidates) {
      const r = byId.get(c.expertId)
      let error: ExpertCallError | undefined
      if (r === undefined) {
        error = new InvalidExpertAnswerError(c.peerId, c.expertId, 'the peer returned no answer for this expert')
      } else if (typeof r.error === 'string' && r.error.length > 0) {
        error = new ExpertAnswerError(c.peerId, c.expertId, r.error)
      } else {
        const probs = checkDistribution(r.distribution, c.entry.card.labels.length)
        if (typeof probs === 'string') {
          error = new InvalidExpertAnswerError(c.peerId, c.expertId, probs)
        } else {
          ok++
          // Book what the peer says it charged, but never more than its card advertised: a peer cannot
          // inflate what this node records as spent.
          const price = Number.isFinite(r.price) && r.price >= 0 ? Math.min(r.price, c.price) : c.price
          // our own experts cost us nothing: no account with ourselves
          if (!c.local) this.ctx.ledger?.recordSpent(c.peerId, price)
          const competence = clampCompetence(r.competence)
          if (!this.answered.has(c.expertId)) this.answered.set(c.expertId, { candidate: c, probs, latencyMs: elapsed, price, ...(competence !== undefined ? { competence } : {}) })
        }
      }
      if (error !== undefined) {
        this.failures.push({ candidate: c, error })
        if (wasLive.has(c)) replace++
      }
    }
    if (ok > 0) this.ctx.peerStats.recordSuccess(attempt.peerId, elapsed)
    // An error answer means the peer is alive: it costs reputation, not a ban.
    if (ok < attempt.candidates.length) this.ctx.peerStats.recordFailure(attempt.peerId, { ban: false })
    this.replace(replace)
    this.checkDone()
  }

  private onError (attempt: Attempt, err: unknown): void {
    if (this.done || attempt.settled) return
    const live = this.settle(attempt)
    const elapsed = performance.now() - attempt.startedAt
    for (const c of attempt.candidates) {
      const error = isTimeout(err)
        ? new ExpertTimeoutError(c.peerId, c.expertId, elapsed)
        : new ExpertUnreachableError(c.peerId, c.expertId, err)
      this.failures.push({ candidate: c, error })
    }
    this.ctx.log('ask %p failed: %e', attempt.peerId, err)
    // A query refused locally (too long for the wire, say) says nothing about the peer: no ban.
    if (!(err instanceof InvalidQueryError)) {
      this.deadPeers.add(attempt.peerId)
      this.ctx.peerStats.recordFailure(attempt.peerId, { ban: !attempt.local })
    }
    this.replace(live)
    this.checkDone()
  }

  private hedge (attempt: Attempt): void {
    if (this.done || attempt.settled) return
    attempt.hedged = true
    let n = 0
    for (const c of attempt.candidates) if (this.live.delete(c)) n++
    this.ctx.log('hedging %d slow expert(s) on %p', n, attempt.peerId)
    this.replace(n)
  }

  /** Launches up to `n` fallbacks, best first, skipping those that cannot help now. */
  private replace (n: number): void {
    if (n <= 0 || this.done) return
    if (this.ctx.deadline - performance.now() < 1) return
    const now = Date.now()
    const liveExperts = new Set([...this.live].map(c => c.expertId))
    const picked: Candidate[] = []
    let price = this.committed
    for (const c of this.fallbacks) {
      if (picked.length >= n) break
      if (this.used.has(c) || this.answered.has(c.expertId) || liveExperts.has(c.expertId)) continue
      if (this.deadPeers.has(c.peerId) || this.ctx.peerStats.isBanned(c.peerId, now)) continue
      if (price + c.price > this.ctx.policy.budget) continue
      picked.push(c)
      liveExperts.add(c.expertId)
      price += c.price
    }
    if (picked.length > 0) this.launch(picked)
  }

  private checkDone (): void {
    if (this.done) return
    if (this.answered.size >= this.ctx.policy.k) this.finish('enough')
    else if (this.attempts.size === 0) this.finish('exhausted')
  }

  private finish (reason: FinishReason): void {
    if (this.done) return
    this.done = true
    clearTimeout(this.deadlineTimer)
    const { signal, peerStats } = this.ctx
    if (this.onAbort !== undefined) signal?.removeEventListener('abort', this.onAbort)
    const now = performance.now()
    for (const attempt of [...this.attempts]) {
      const hedged = attempt.hedged
      this.settle(attempt)
      const elapsed = now - attempt.startedAt
      const first = attempt.candidates[0]
      if (reason === 'aborted') {
        attempt.controller.abort(signal?.reason)
        continue
      }
      if (reason === 'deadline') {
        for (const c of attempt.candidates) {
          if (!this.answered.has(c.expertId)) this.failures.push({ candidate: c, error: new ExpertTimeoutError(c.peerId, c.expertId, this.ctx.timeoutMs) })
        }
        peerStats.recordFailure(attempt.peerId, { ban: !attempt.local, latencyMs: elapsed })
        attempt.controller.abort(new ExpertTimeoutError(attempt.peerId, first.expertId, this.ctx.timeoutMs))
        continue
      }
      // Enough answers arrived: a straggler that was already hedged was too slow (counts against it, no ban);
      // one that was merely slower than the others is cancelled without blame.
      if (hedged) {
        for (const c of attempt.candidates) {
          if (!this.answered.has(c.expertId)) this.failures.push({ candidate: c, error: new ExpertTimeoutError(c.peerId, c.expertId, this.ctx.hedgeAfterMs, true) })
        }
        peerStats.recordFailure(attempt.peerId, { ban: false, latencyMs: elapsed })
      }
      attempt.controller.abort(new ExpertCancelledError(attempt.peerId, first.expertId))
    }
    if (reason === 'aborted') {
      this.reject(signal?.reason)
      return
    }
    this.resolve({ answered: [...this.answered.values()], failures: this.failures })
  }
}
