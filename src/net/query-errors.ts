/**
 * Errors of the query protocol, one class per condition. Code branches on `name` or `code`, never on the message.
 */
import { MoemeshError } from '../errors.js'
import { errorCodeOf, isQueryErrorName } from './query-types.js'
import type { QueryErrorName } from './query-types.js'
import type { moemesh } from '../gen/moemesh.js'

/** The query did not get a response before its deadline. The stream it used is discarded. */
export class QueryTimeoutError extends MoemeshError {
  override readonly name = 'QueryTimeoutError'
  /** The deadline that passed, in milliseconds. */
  readonly timeoutMs: number

  constructor (timeoutMs: number) {
    super(`The peer did not answer within ${timeoutMs} ms; retry with a longer timeout or another peer.`, 'QUERY_TIMEOUT')
    this.timeoutMs = timeoutMs
  }
}

/**
 * The serving peer answered with a request-level error code. `code` is the wire name (`'OVERLOADED'`,
 * `'BAD_REQUEST'`, ...; `'UNRECOGNIZED'` for a code newer than this version) and `wireCode` its number.
 */
export class RemoteQueryError extends MoemeshError {
  override readonly name = 'RemoteQueryError'
  /** The wire error number as received. */
  readonly wireCode: number
  /** The peer's one-sentence explanation (untrusted text, bounded in length). */
  readonly remoteMessage: string

  constructor (code: string, wireCode: number, remoteMessage: string) {
    super(`The peer refused the query with ${code}${remoteMessage === '' ? '' : `: ${remoteMessage}`}`, code)
    this.wireCode = wireCode
    this.remoteMessage = remoteMessage
  }
}

/** The peer broke the protocol (mismatched response id, malformed or oversized frame, invalid answer). */
export class QueryProtocolError extends MoemeshError {
  override readonly name = 'QueryProtocolError'
  constructor (message: string, options?: { cause?: unknown }) {
    super(`The peer broke the query protocol: ${message}`, 'QUERY_PROTOCOL', options)
  }
}

/** The request is not valid and was not sent; `field` names the offending input. */
export class InvalidQueryError extends MoemeshError {
  override readonly name = 'InvalidQueryError'
  /** The request field that is wrong. */
  readonly field: string

  constructor (field: string, message: string) {
    super(`${field}: ${message}`, 'INVALID_QUERY')
    this.field = field
  }
}

/** No stream could be opened to the peer (unreachable, or it does not speak the query protocol). */
export class QueryDialError extends MoemeshError {
  override readonly name = 'QueryDialError'
  constructor (peer: string, options?: { cause?: unknown }) {
    const why = options?.cause instanceof Error ? `: ${options.cause.message}` : ''
    super(`Could not open a query stream to ${peer}${why}`, 'QUERY_DIAL_FAILED', options)
  }
}

/** The stream broke (reset, closed, connection lost) while the query was in flight. */
export class QueryStreamError extends MoemeshError {
  override readonly name = 'QueryStreamError'
  constructor (options?: { cause?: unknown }) {
    const why = options?.cause instanceof Error ? `: ${options.cause.message}` : ''
    super(`The query stream failed before the answer arrived${why}`, 'QUERY_STREAM_FAILED', options)
  }
}

/** The client or server is not started (or was stopped while the call was in flight). */
export class QueryServiceStoppedError extends MoemeshError {
  override readonly name = 'QueryServiceStoppedError'
  constructor (what: 'client' | 'server') {
    super(`The query ${what} is not running; start it first.`, 'QUERY_SERVICE_STOPPED')
  }
}

/**
 * Thrown by a server-side query handler to answer with a specific wire code (for example `UNKNOWN_EXPERT` or
 * `SPACE_MISMATCH`) and a short message that is safe to send to the peer.
 *
 * Any other error a handler throws is answered with `INTERNAL` and a generic message, unless it carries a
 * `code` string that names a wire error code (such as a MoemeshError whose code is `'OVERLOADED'`).
 */
export class QueryHandlerError extends MoemeshError {
  override readonly name = 'QueryHandlerError'
  /** The wire error number this error is answered with. */
  readonly wireCode: moemesh.ErrorCode

  constructor (code: QueryErrorName, message: string) {
    super(message, code)
    this.wireCode = errorCodeOf(code)
  }
}

/** The wire error name an error thrown by a handler maps to, when it carries one. */
export function wireErrorNameOf (err: unknown): QueryErrorName | undefined {
  if (err == null || typeof err !== 'object') return undefined
  const { code } = err as { code?: unknown }
  if (isQueryErrorName(code)) return code
  return undefined
}
