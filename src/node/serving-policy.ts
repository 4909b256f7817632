import { defaultLogger, type ComponentLogger, type Logger } from '@libp2p/logger'
import type { QueryHandlerContext } from '../net/query-server.js'
import type { ExpertAnswerData, QueryRequestData } from '../net/query-types.js'
import { runHostedExperts, type ExpertRunnerComponents } from './expert-runner.js'

/** The part of the market's ledger the serving policy needs. */
export interface ServingLedger {
  /** True while `peerId` has consumed more than it earned back (free-riding). */
  shouldThrottle: (peerId: string) => boolean
  /** Book credits `peerId` owes us for an answer. */
  recordEarned: (peerId: string, amount: number) => void
}

/** What {@link ServingPolicy} needs. */
export interface ServingPolicyComponents {
  /** The hosted experts and the embedder that run a request. */
  runner: ExpertRunnerComponents
  ledger: ServingLedger
  /** Runs the experts; tests replace it. @default runHostedExperts */
  run?: typeof runHostedExperts
  /** @default defaultLogger() of `@libp2p/logger` */
  logger?: ComponentLogger
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

  constructor (components: ServingPolicyComponents) {
    this.runner = components.runner
    this.ledger = components.ledger
    this.run = components.run ?? runHostedExperts
    this.log = (components.logger ?? defaultLogger()).forComponent('moemesh:node:serving')
  }

  /** Whether this node hosts the expert (lowercase hex id). */
  isKnownExpert (expertId: string): boolean {
    return this.runner.experts.get(expertId) != null
  }

  /**
   * Answer one validated request of `ctx.peerId`; one answer per requested expert. Free experts always answer; a
   * priced one answers PAYMENT_REQUIRED, without running, while the peer's free allowance here is used up.
   */
  async handle (request: QueryRequestData, ctx: QueryHandlerContext): Promise<ExpertAnswerData[]> {
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
