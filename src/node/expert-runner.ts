/**
 * Running the experts this node hosts for one query, whatever runs them, with each expert's failure turned
 * into a bounded wire code. Shared by the query server (remote callers) and the local dispatcher.
 */
import { logger } from '@libp2p/logger'
import type { CompetenceScores, Expert } from '../experts/expert.js'
import type { ExpertAnswerData, QueryErrorName } from '../net/query-types.js'

const log = logger('moemesh:node:runner')

/** The hosted experts, as the runner needs them: by exact id. */
export interface HostedExpertLookup {
  get: (expertId: string) => Expert | undefined
}

/** What running hosted experts needs: the registry, and the node's embedder for queries that come without a vector. */
export interface ExpertRunnerComponents {
  experts: HostedExpertLookup
  spaceId: string
  embed: (text: string, options: { signal?: AbortSignal }) => Promise<Float32Array>
}

/** A query for hosted experts, from this node's router or a remote peer. */
export interface RunQuery {
  text: string
  /** Embedding in `spaceId`; empty/undefined means embed `text` here (only if an asked expert needs it). */
  vector?: Float32Array
  spaceId: string
  expertIds: string[]
  /** The most the caller pays per answer (0: no limit). */
  maxPrice?: number
  /** Answer each expert's competence score only: no model runs, nothing is charged. @default false */
  competenceOnly?: boolean
  /** The caller already has the competence scores: ordinary answers leave them out. @default false */
  withoutCompetence?: boolean
}

/**
 * Maps an expert's typed error to the bounded wire code the caller sees:
 * a full expert (its queue, or its model server saying 429/503) is OVERLOADED; a malformed query is BAD_REQUEST;
 * a deadline or per-call timeout is DEADLINE_EXCEEDED; anything else (a model server down or answering
 * nonsense, a crashed backend, a closed expert) is INTERNAL: this expert failed, the node is fine.
 */
export function wireCodeOf (err: unknown): QueryErrorName {
  const code = (err as { code?: unknown } | null)?.code
  switch (code) {
    case 'OVERLOADED':
    case 'ENDPOINT_OVERLOADED':
      return 'OVERLOADED'
    case 'INVALID_QUERY':
      return 'BAD_REQUEST'
    case 'ENDPOINT_TIMEOUT':
    case 'ABORT_ERR':
      return 'DEADLINE_EXCEEDED'
    default: {
      const name = (err as { name?: unknown } | null)?.name
      return name === 'AbortError' || name === 'TimeoutError' ? 'DEADLINE_EXCEEDED' : 'INTERNAL'
    }
  }
}

/**
 * Runs hosted experts for one query, each answer or error per expert; never throws for one expert's failure.
 * The query is embedded here only when it came without a vector and an asked expert needs one (any expert, for
 * a competence-only query). Every answer carries the expert's competence scores (`competence`, and with private
 * n-gram data `privateCompetence` and `inDomain`) when it has competence data and the query has a vector; a
 * competence-only query runs no model and costs nothing.
 */
export async function runHostedExperts (c: ExpertRunnerComponents, q: RunQuery, options: { signal?: AbortSignal } = {}): Promise<ExpertAnswerData[]> {
  options.signal?.throwIfAborted()
  if (q.spaceId !== c.spaceId) {
    return q.expertIds.map((expertId) => ({ expertId, error: 'SPACE_MISMATCH', latencyMs: 0, price: 0 }))
  }
  let vector = q.vector != null && q.vector.length > 0 ? q.vector : undefined
  const experts = q.expertIds.map((id) => c.experts.get(id))
  if (vector == null && experts.some((e) => e != null && (e.needsVector || q.competenceOnly === true))) {
    vector = await c.embed(q.text, options)
  }
  if (q.competenceOnly === true) return await runCompetence(q, experts, vector, options)
  return await Promise.all(q.expertIds.map(async (expertId, i): Promise<ExpertAnswerData> => {
    const expert = experts[i]
    if (expert == null) return { expertId, error: 'UNKNOWN_EXPERT', latencyMs: 0, price: 0 }
    const price = expert.price
    if (q.maxPrice != null && q.maxPrice > 0 && price > q.maxPrice) return { expertId, error: 'BUDGET_EXCEEDED', latencyMs: 0, price: 0 }
    const started = performance.now()
    try {
      const distribution = await expert.predict({ text: q.text, vector: expert.needsVector ? vector : undefined }, options)
      const competence = vector != null && q.withoutCompetence !== true ? await competenceOf(expert, q.text, vector, options) : undefined
      return { expertId, distribution, latencyMs: performance.now() - started, price, ...competenceFields(competence) }
    } catch (err) {
      const error = wireCodeOf(err)
      log('%s expert %s failed (%s): %s', expert.kind, expert.manifest.name, error, (err as Error)?.message)
      return { expertId, error, latencyMs: performance.now() - started, price: 0 }
    }
  }))
}

/** Competence probes: no model, no charge; an expert without competence data answers without a score. */
async function runCompetence (q: RunQuery, experts: Array<Expert | undefined>, vector: Float32Array | undefined, options: { signal?: AbortSignal }): Promise<ExpertAnswerData[]> {
  return await Promise.all(q.expertIds.map(async (expertId, i): Promise<ExpertAnswerData> => {
    const expert = experts[i]
    if (expert == null) return { expertId, error: 'UNKNOWN_EXPERT', latencyMs: 0, price: 0 }
    const started = performance.now()
    try {
      const competence = await expert.competence({ text: q.text, vector }, options)
      return { expertId, latencyMs: performance.now() - started, price: 0, ...competenceFields(competence) }
    } catch (err) {
      const error = wireCodeOf(err)
      log('%s expert %s competence failed (%s): %s', expert.kind, expert.manifest.name, error, (err as Error)?.message)
      return { expertId, error, latencyMs: performance.now() - started, price: 0 }
    }
  }))
}

/** The answer fields of an expert's competence scores: `competence`, `privateCompetence`, `inDomain` where known. */
export function competenceFields (c: CompetenceScores | undefined): Pick<ExpertAnswerData, 'competence' | 'privateCompetence' | 'inDomain'> {
  if (c == null) return {}
  return {
    competence: c.shared,
    ...(c.private != null ? { privateCompetence: c.private } : {}),
    ...(c.inDomain != null ? { inDomain: c.inDomain } : {})
  }
}

/** The competence scores to attach to an answer; a failing score only drops the scores, never the answer. */
async function competenceOf (expert: Expert, text: string, vector: Float32Array, options: { signal?: AbortSignal }): Promise<CompetenceScores | undefined> {
  try {
    return await expert.competence({ text, vector }, options)
  } catch (err) {
    log('%s expert %s competence failed: %s', expert.kind, expert.manifest.name, (err as Error)?.message)
    return undefined
  }
}
