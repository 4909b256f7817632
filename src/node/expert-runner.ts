import type { ExpertAnswerData, QueryErrorName } from '../net/query-types.js'
import type { HostedExperts } from './hosted-experts.js'

/** What running hosted experts needs: the registry, and the node's embedder for queries that come without a vector. */
export interface ExpertRunnerComponents {
  experts: HostedExperts
  spaceId: string
  embed: (text: string, options: { signal?: AbortSignal }) => Promise<Float32Array>
}

/** A query for hosted experts, from this node's router or a remote peer. */
export interface RunQuery {
  text: string
  /** Embedding in `spaceId`; empty/undefined means embed `text` here. */
  vector?: Float32Array
  spaceId: string
  expertIds: string[]
  /** The most the caller pays per answer (0: no limit). */
  maxPrice?: number
}

/** Maps typed errors of the experts layer to the bounded wire codes. */
function wireCodeOf (err: unknown): QueryErrorName {
  const code = (err as { code?: string })?.code
  switch (code) {
    case 'OVERLOADED': return 'OVERLOADED'
    case 'INVALID_QUERY': return 'BAD_REQUEST'
    case 'ABORT_ERR': return 'DEADLINE_EXCEEDED'
    default:
      return (err as Error)?.name === 'AbortError' || (err as Error)?.name === 'TimeoutError' ? 'DEADLINE_EXCEEDED' : 'INTERNAL'
  }
}

/**
 * Runs hosted experts for one query, each answer or error per expert; never throws for one expert's failure.
 * Shared by the query server (remote callers) and the local dispatcher, so both paths behave the same.
 */
export async function runHostedExperts (c: ExpertRunnerComponents, q: RunQuery, options: { signal?: AbortSignal } = {}): Promise<ExpertAnswerData[]> {
  options.signal?.throwIfAborted()
  if (q.spaceId !== c.spaceId) {
    return q.expertIds.map((expertId) => ({ expertId, error: 'SPACE_MISMATCH', latencyMs: 0, price: 0 }))
  }
  let vector = q.vector != null && q.vector.length > 0 ? q.vector : undefined
  const experts = q.expertIds.map((id) => c.experts.get(id))
  if (vector == null && experts.some((e) => e != null && e.manifest.inputKind !== 'ngrams')) {
    vector = await c.embed(q.text, options)
  }
  return await Promise.all(q.expertIds.map(async (expertId, i): Promise<ExpertAnswerData> => {
    const expert = experts[i]
    if (expert == null) return { expertId, error: 'UNKNOWN_EXPERT', latencyMs: 0, price: 0 }
    const price = expert.manifest.price
    if (q.maxPrice != null && q.maxPrice > 0 && price > q.maxPrice) return { expertId, error: 'BUDGET_EXCEEDED', latencyMs: 0, price: 0 }
    const started = performance.now()
    try {
      const distribution = await expert.predict({ text: q.text, vector }, options)
      return { expertId, distribution, latencyMs: performance.now() - started, price }
    } catch (err) {
      return { expertId, error: wireCodeOf(err), latencyMs: performance.now() - started, price: 0 }
    }
  }))
}
