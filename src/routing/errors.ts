import { MoemeshError } from '../errors.js'

/** Why no expert could be chosen. */
export type NoMatchReason = 'no-cards' | 'policy'

/**
 * No expert can take the query: the index holds no card in the query's embedding space (`reason: 'no-cards'`),
 * or none passes the routing policy: similarity, price, budget, bans (`reason: 'policy'`).
 */
export class NoMatchingExpertError extends MoemeshError {
  override readonly name = 'NoMatchingExpertError'
  readonly spaceId: string
  readonly reason: NoMatchReason

  constructor (spaceId: string, reason: NoMatchReason) {
    super(reason === 'no-cards'
      ? `no expert in embedding space ${spaceId.slice(0, 12)} is known yet: wait for adverts or connect to more peers`
      : `no expert in embedding space ${spaceId.slice(0, 12)} passes the routing policy: relax minSimilarity, price or budget, or wait for banned peers to recover`,
    'NO_MATCHING_EXPERT')
    this.spaceId = spaceId
    this.reason = reason
  }
}

/** The `name` of each kind of {@link ExpertCallError}. */
export type ExpertCallErrorName = 'ExpertTimeoutError' | 'ExpertUnreachableError' | 'ExpertAnswerError' | 'InvalidExpertAnswerError' | 'ExpertCancelledError'

/** Base of the errors recorded for one expert call (they are collected into {@link QueryFailedError}). */
export abstract class ExpertCallError extends MoemeshError {
  abstract override readonly name: ExpertCallErrorName
  readonly peerId: string
  readonly expertId: string

  constructor (peerId: string, expertId: string, message: string, code: string, options?: { cause?: unknown }) {
    super(message, code, options)
    this.peerId = peerId
    this.expertId = expertId
  }
}

/** The call to the expert did not finish by the query deadline, or by the hedge time after which a fallback was called. */
export class ExpertTimeoutError extends ExpertCallError {
  override readonly name = 'ExpertTimeoutError'
  readonly afterMs: number

  constructor (peerId: string, expertId: string, afterMs: number, hedged = false) {
    super(peerId, expertId, hedged
      ? `expert ${expertId.slice(0, 12)} did not answer within ${Math.round(afterMs)} ms; a fallback expert was called`
      : `expert ${expertId.slice(0, 12)} did not answer before the ${Math.round(afterMs)} ms deadline`,
    'EXPERT_TIMEOUT')
    this.afterMs = afterMs
  }
}

/** The peer could not be asked at all: the dispatcher threw (dial failure, reset stream, local backend crash). */
export class ExpertUnreachableError extends ExpertCallError {
  override readonly name = 'ExpertUnreachableError'
  constructor (peerId: string, expertId: string, cause: unknown) {
    super(peerId, expertId, `expert ${expertId.slice(0, 12)} could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`,
      'EXPERT_UNREACHABLE', { cause })
  }
}

/** The serving side answered with an error for this expert (overloaded, rejected input, price too high, ...). */
export class ExpertAnswerError extends ExpertCallError {
  override readonly name = 'ExpertAnswerError'
  /** The error string the serving side reported (an enum code when it came over the wire). */
  readonly remoteError: string

  constructor (peerId: string, expertId: string, remoteError: string) {
    super(peerId, expertId, `expert ${expertId.slice(0, 12)} answered with an error: ${remoteError.slice(0, 200)}`, 'EXPERT_ERROR')
    this.remoteError = remoteError.slice(0, 200)
  }
}

/** The answer was unusable: missing, or a distribution of the wrong length or with non-finite or negative values. */
export class InvalidExpertAnswerError extends ExpertCallError {
  override readonly name = 'InvalidExpertAnswerError'
  constructor (peerId: string, expertId: string, detail: string) {
    super(peerId, expertId, `expert ${expertId.slice(0, 12)} sent an unusable answer: ${detail}`, 'INVALID_ANSWER')
  }
}

/** A pending call was cancelled because enough answers had arrived (it is not reported as a failure). */
export class ExpertCancelledError extends ExpertCallError {
  override readonly name = 'ExpertCancelledError'
  constructor (peerId: string, expertId: string) {
    super(peerId, expertId, `call to expert ${expertId.slice(0, 12)} cancelled: enough answers arrived`, 'EXPERT_CANCELLED')
  }
}

/**
 * No expert answered by the deadline. `errors` holds one {@link ExpertCallError} per attempt, in the order they failed.
 */
export class QueryFailedError extends AggregateError {
  override readonly name = 'QueryFailedError'
  /** A stable, bounded identifier (safe as a metric label). */
  readonly code: 'QUERY_FAILED' | 'PAYMENT_REQUIRED'

  constructor (errors: ExpertCallError[], timeoutMs: number) {
    const unpaid = errors.filter((e) => e instanceof ExpertAnswerError && e.remoteError === 'PAYMENT_REQUIRED').length
    super(errors, unpaid > 0
      ? `no expert answered: ${unpaid} of the priced experts asked refused because this node's free allowance with their nodes is used up (PAYMENT_REQUIRED); it refills within seconds: retry shortly, ask free experts (max_price 0), or host experts so others' queries earn you credit`
      : errors.length === 0
      ? `no expert answered within ${timeoutMs} ms: try a longer timeout`
      : `no expert answered within ${timeoutMs} ms (${errors.length} attempt${errors.length === 1 ? '' : 's'} failed, first: ${errors[0].message}): try again, a longer timeout or a larger k`)
    this.code = unpaid > 0 ? 'PAYMENT_REQUIRED' : 'QUERY_FAILED'
  }
}
