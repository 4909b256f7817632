import type { QueryClient } from '../net/query-client.js'
import { QueryDialError } from '../net/query-errors.js'
import type { ReceivedAnswer } from '../net/query-types.js'
import type { DispatchOptions, DispatchResult, ExpertDispatcher, RouterQuery } from '../routing/dispatch.js'
import { runHostedExperts, type ExpertRunnerComponents } from './expert-runner.js'

/** Told of a remote peer's answers to one dispatch (competence probes excluded). */
export type AnswersListener = (peerId: string, query: RouterQuery, answers: ReceivedAnswer[], maxPrice: number | undefined) => void

/**
 * The router's way out: experts on this node run in-process through the Expert interface (same code path as
 * remote callers get, whether the expert is an ONNX model or an HTTP model server), experts on other nodes are
 * asked over the query protocol.
 */
export class NodeDispatcher implements ExpertDispatcher {
  private readonly local: ExpertRunnerComponents
  private readonly client: Pick<QueryClient, 'query'>
  private readonly onDialFailed?: (peerId: string) => void
  private readonly onAnswers?: AnswersListener

  /**
   * @param onDialFailed told when a remote peer could not be dialled (the node marks its cards unroutable).
   * @param onAnswers told of every remote peer's answers as they arrive (the node pays priced ones with receipts).
   */
  constructor (local: ExpertRunnerComponents, client: Pick<QueryClient, 'query'>, onDialFailed?: (peerId: string) => void, onAnswers?: AnswersListener) {
    this.local = local
    this.client = client
    this.onDialFailed = onDialFailed
    this.onAnswers = onAnswers
  }

  async ask (peerId: string, local: boolean, expertIds: string[], query: RouterQuery, options: DispatchOptions): Promise<DispatchResult[]> {
    if (local) {
      return await runHostedExperts(this.local, { ...query, expertIds, maxPrice: options.maxPrice, ...(options.competenceOnly === true ? { competenceOnly: true } : {}), ...(options.withoutCompetence === true ? { withoutCompetence: true } : {}) }, { signal: options.signal })
    }
    const { answers } = await this.client.query(peerId, {
      text: query.text,
      vector: query.vector,
      spaceId: query.spaceId,
      expertIds,
      maxPrice: options.maxPrice ?? 0,
      ...(options.competenceOnly === true ? { competenceOnly: true } : {}),
      ...(options.withoutCompetence === true ? { withoutCompetence: true } : {})
    }, { signal: options.signal, timeoutMs: options.timeoutMs }).catch((err: unknown) => {
      if (err instanceof QueryDialError) this.onDialFailed?.(peerId)
      throw err
    })
    if (options.competenceOnly !== true) this.onAnswers?.(peerId, query, answers, options.maxPrice)
    return answers.map((a) => ({
      expertId: a.expertId,
      distribution: a.distribution,
      error: a.error,
      latencyMs: a.latencyMs,
      price: a.price,
      ...(a.competence != null ? { competence: a.competence } : {}),
      ...(a.privateCompetence != null ? { privateCompetence: a.privateCompetence } : {}),
      ...(a.inDomain != null ? { inDomain: a.inDomain } : {})
    }))
  }
}
