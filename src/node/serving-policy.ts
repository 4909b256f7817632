import { defaultLogger, type ComponentLogger, type Logger } from '@libp2p/logger'
import type { QueryHandlerContext } from '../net/query-server.js'
import type { ExpertAnswerData, QueryRequestData } from '../net/query-types.js'
import { runHostedExperts, type ExpertRunnerComponents } from './expert-runner.js'
import type { ServingMetrics } from './metrics.js'

/** The part of the market's ledger the serving policy needs. */
export interface ServingLedger {
  /** True while `peerId` has consumed more than it earned back (free-riding). */
  shouldThrottle: (peerId: string) => boolean
  /** Book credits `peerId` owes us for an answer. */
  recordEarned: (peerId: string, amount: number) => void
}

/**
 * Competence probes are free (no model runs), but each costs kNN scans (~1.4 ms per zoo expert) on this node's
 * main thread: a peer may probe at most this many experts in a burst (a routed query probes at most 3)...
 */
export const PROBE_BURST = 300
/**
 * ...refilled at this many experts per second: 50 routed queries a second from one peer even if all three probes
 * land here (the quality bench's network mode sends ~60 a second spread over 3 nodes), and at most ~0.2 s of
 * main-thread time per second that one peer can make this node spend for free.
 */
export const PROBE_REFILL_PER_SEC = 150
/** Peers whose probe budget is tracked; the longest-idle one is forgotten past this (a forgotten peer starts full). */
export const MAX_PROBE_PEERS = 4096

/** What {@link ServingPolicy} needs. */
export interface ServingPolicyComponents {
  /** The hosted experts and the embedder that run a request. */
  runner: ExpertRunnerComponents
  ledger: ServingLedger
  /** Runs the experts; tests replace it. @default runHostedExperts */
  run?: typeof runHostedExperts
  /** @default defaultLogger() of `@libp2p/logger` */
  logger?: ComponentLogger
  /** Milliseconds clock for the probe budget; tests replace it. @default Date.now */
  now?: () => number
  /** Counts each served expert by outcome. @default none */
  metrics?: ServingMetrics
}

/**
 * How this node serves other peers' queries: a peer the ledger throttles gets OVERLOADED for every expert it
 * asked without any expert running; otherwise the hosted experts answer, and every priced answer that succeeded
 * is charged to the asking peer. Requests for experts this node does not host never reach it (the query server
 * answers them with {@link ServingPolicy.isKnownExpert}).
 */
export class ServingPolicy {
  private readonly runner: ExpertRunnerComponents
  private readonly ledger: ServingLedger
  private readonly run: typeof runHostedExperts
  private readonly log: Logger
  private readonly now: () => number
  private readonly metrics?: ServingMetrics
  /** Per peer: probe tokens left and when they were last refilled; Map order = least recently used first. */
  private readonly probeBudget = new Map<string, { tokens: number, at: number }>()

  constructor (components: ServingPolicyComponents) {
    this.runner = components.runner
    this.ledger = components.ledger
    this.run = components.run ?? runHostedExperts
    this.log = (components.logger ?? defaultLogger()).forComponent('moemesh:node:serving')
    this.now = components.now ?? Date.now
    this.metrics = components.metrics
  }

  /** Takes `n` probe tokens from `peerId`'s budget; false (and nothing taken) when it has fewer. */
  private takeProbes (peerId: string, n: number): boolean {
    const now = this.now()
    const b = this.probeBudget.get(peerId) ?? { tokens: PROBE_BURST, at: now }
    this.probeBudget.delete(peerId)
    b.tokens = Math.min(PROBE_BURST, b.tokens + (now - b.at) / 1000 * PROBE_REFILL_PER_SEC)
    b.at = now
    const ok = b.tokens >= n
    if (ok) b.tokens -= n
    this.probeBudget.set(peerId, b)
    if (this.probeBudget.size > MAX_PROBE_PEERS) this.probeBudget.delete(this.probeBudget.keys().next().value as string)
    return ok
  }

  /** Whether this node hosts the expert (lowercase hex id). */
  isKnownExpert (expertId: string): boolean {
    return this.runner.experts.get(expertId) != null
  }

  /**
   * Answer one validated request of `ctx.peerId`; one answer per requested expert. Free experts always answer; a
   * priced one answers PAYMENT_REQUIRED, without running, while the peer's free allowance here is used up.
   * Competence probes (free) answer OVERLOADED past the peer's probe budget ({@link PROBE_BURST}).
   */
  async handle (request: QueryRequestData, ctx: QueryHandlerContext): Promise<ExpertAnswerData[]> {
    const kind = request.competenceOnly === true ? 'probe' : 'answer'
    const count = (expertId: string, outcome: string): void => { this.metrics?.served(this.runner.experts.get(expertId)?.manifest.name ?? 'unknown', kind, outcome) }
    let answers: ExpertAnswerData[]
    try {
      answers = await this.answer(request, ctx)
    } catch (err) {
      for (const id of request.expertIds) count(id, 'INTERNAL') // the query server answers INTERNAL for each
      throw err
    }
    for (const a of answers) count(a.expertId, a.error ?? 'ok')
    return answers
  }

  private async answer (request: QueryRequestData, ctx: QueryHandlerContext): Promise<ExpertAnswerData[]> {
    if (request.competenceOnly === true && !this.takeProbes(ctx.peerId, request.expertIds.length)) {
      this.log('OVERLOADED for %d competence probes of %s: over its probe budget', request.expertIds.length, ctx.peerId)
      return request.expertIds.map((expertId) => ({ expertId, error: 'OVERLOADED' as const, latencyMs: 0, price: 0 }))
    }
    let refused: ExpertAnswerData[] = []
    let run = request
    if (this.ledger.shouldThrottle(ctx.peerId)) {
      const priced = new Set(request.expertIds.filter((id) => (this.runner.experts.get(id)?.manifest.price ?? 0) > 0))
      if (priced.size > 0) {
        this.log('PAYMENT_REQUIRED for %d priced experts asked by %s: its free allowance is used up', priced.size, ctx.peerId)
        refused = [...priced].map((expertId) => ({ expertId, error: 'PAYMENT_REQUIRED' as const, latencyMs: 0, price: 0 }))
        run = { ...request, expertIds: request.expertIds.filter((id) => !priced.has(id)) }
      }
    }
    const answers = run.expertIds.length === 0 ? [] : await this.run(this.runner, run, { signal: ctx.signal })
    for (const a of answers) if (a.error == null && a.price > 0) this.ledger.recordEarned(ctx.peerId, a.price)
    return [...answers, ...refused]
  }
}
