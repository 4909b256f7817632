/**
 * Typed errors of the experts layer. One class per condition; code branches on `name` or `code`, never on the
 * message. Codes are a bounded set, safe as metric labels.
 */
import { MoemeshError } from '../errors.js'

/**
 * An expert's queue is full: the call was refused at once instead of waiting. The caller should try another
 * expert or back off; a node advertises its load so routers can steer away before this happens.
 */
export class OverloadedError extends MoemeshError {
  /** Rows already waiting when the call was refused. */
  readonly queuedRows: number
  /** The queue bound, in rows. */
  readonly maxQueue: number

  constructor (queuedRows: number, maxQueue: number) {
    super(`the expert is overloaded (${queuedRows} of ${maxQueue} queued rows): retry later or ask another expert`, 'OVERLOADED')
    this.queuedRows = queuedRows
    this.maxQueue = maxQueue
  }
}

/** Where a problem in an expert package sits: the file and the field in it, when known. */
export interface PackageErrorLocation {
  /** The file inside the package (`expert.json`, `model.onnx`, `capability.bin`) or the package folder. */
  file?: string
  /** The field inside that file (`labels`, `features.buckets`, `dim`). */
  field?: string
  cause?: unknown
}

/**
 * An expert package (folder with expert.json, model.onnx, capability.bin) is missing a file or holds a value
 * that is wrong. The message is one line: file, field, what is wrong and how to fix it.
 */
export class ExpertPackageError extends MoemeshError {
  /** The file the problem is in, when known. */
  readonly file?: string
  /** The field the problem is in, when known. */
  readonly field?: string

  constructor (message: string, location: PackageErrorLocation = {}, code = 'EXPERT_PACKAGE_INVALID') {
    const where = [location.file, location.field].filter((s) => s != null && s !== '').join(': ')
    super(where === '' ? message : `${where}: ${message}`, code, { cause: location.cause })
    this.file = location.file
    this.field = location.field
  }
}

/**
 * An expert's capability vectors live in another embedding space (or dimension) than the node's embedder:
 * routers could not compare them with queries. Retrain the expert with this node's embedder.
 */
export class SpaceMismatchError extends ExpertPackageError {
  /** The space (or dimension) the node expects. */
  readonly expected: string
  /** The space (or dimension) the package declares. */
  readonly actual: string

  constructor (message: string, expected: string, actual: string, location: PackageErrorLocation = {}) {
    super(message, location, 'SPACE_MISMATCH')
    this.expected = expected
    this.actual = actual
  }
}

/** Labelled training data is unusable (malformed JSONL line, empty text, a single label, too few examples). */
export class TrainingDataError extends MoemeshError {
  /** 1-based line number in the training file, when the problem is on one line. */
  readonly line?: number
  /** The file, when the data came from one. */
  readonly file?: string

  constructor (message: string, location: { line?: number, file?: string } = {}) {
    const where = [location.file, location.line != null ? `line ${location.line}` : undefined].filter((s) => s != null).join(': ')
    super(where === '' ? message : `${where}: ${message}`, 'TRAINING_DATA_INVALID')
    this.line = location.line
    this.file = location.file
  }
}

/** The public background set (the nlp-corpus package) that gates train against cannot be read. */
export class BackgroundUnavailableError extends MoemeshError {
  constructor (message: string, options: { cause?: unknown } = {}) {
    super(message, 'BACKGROUND_UNAVAILABLE', options)
  }
}

/** A query sent to a local expert is malformed (missing or wrong-sized vector, text too long). */
export class InvalidExpertQueryError extends MoemeshError {
  constructor (message: string) {
    super(message, 'INVALID_QUERY')
  }
}

/**
 * An expert served over HTTP gave no answer: its endpoint could not be reached, or answered with an HTTP error
 * status. `code` is `ENDPOINT_UNAVAILABLE`, or `ENDPOINT_OVERLOADED` when the server said 429 or 503 (it asks
 * callers to back off, as a full queue does here).
 */
export class ExpertEndpointError extends MoemeshError {
  /** The HTTP status the endpoint answered with; undefined when no answer came (refused, reset, DNS). */
  readonly status?: number

  constructor (message: string, options: { status?: number, overloaded?: boolean, cause?: unknown } = {}) {
    super(message, options.overloaded === true ? 'ENDPOINT_OVERLOADED' : 'ENDPOINT_UNAVAILABLE', { cause: options.cause })
    this.status = options.status
  }
}

/** Why an HTTP expert's answer was refused: a bounded set, safe as a metric label. */
export type ExpertResponseProblem = 'content-type' | 'too-large' | 'not-json' | 'distribution'

/**
 * An expert served over HTTP answered, but not with what the contract asks: a JSON body of at most the size
 * limit holding `{"distribution": [...]}`, one finite non-negative number per label, not all zero.
 */
export class ExpertResponseError extends MoemeshError {
  /** What was wrong with the answer. */
  readonly problem: ExpertResponseProblem

  constructor (message: string, problem: ExpertResponseProblem, options: { cause?: unknown } = {}) {
    super(message, 'ENDPOINT_BAD_RESPONSE', options)
    this.problem = problem
  }
}

/** An expert served over HTTP did not answer within its per-call timeout (expert.json `serving.timeoutMs`). */
export class ExpertTimeoutError extends MoemeshError {
  /** The per-call timeout that passed, in ms. */
  readonly timeoutMs: number

  constructor (message: string, timeoutMs: number) {
    super(message, 'ENDPOINT_TIMEOUT')
    this.timeoutMs = timeoutMs
  }
}

/** The expert was closed (removed from the node, or the node is stopping): it takes no more queries. */
export class ExpertClosedError extends MoemeshError {
  constructor (name: string) {
    super(`expert ${name} was closed and takes no more queries; add it again to serve it`, 'EXPERT_CLOSED')
  }
}
