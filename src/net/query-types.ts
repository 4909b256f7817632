/**
 * Plain forms of the query protocol's messages (hex ids, Float32Array vectors) and their conversion to and from
 * the generated protobuf classes. Only `net` knows the wire encoding; handlers and callers see these types.
 */
import { moemesh } from '../gen/moemesh.js'
import { MAX_PRICE_CREDITS } from '../constants.js'
import {
  EXPERT_ID_BYTES,
  MAX_DEADLINE_MS,
  MAX_DISTRIBUTION_LENGTH,
  MAX_ERROR_MESSAGE_CHARS,
  MAX_EXPERTS_PER_QUERY,
  MAX_QUERY_TEXT_BYTES,
  MAX_SPACE_ID_CHARS,
  MAX_VECTOR_DIM, MAX_COMPETENCE_MAGNITUDE
} from './limits.js'

/** The name of a wire error code other than OK, as it appears in `proto/moemesh.proto`. */
export type QueryErrorName =
  | 'UNKNOWN_EXPERT'
  | 'OVERLOADED'
  | 'DEADLINE_EXCEEDED'
  | 'BAD_REQUEST'
  | 'INTERNAL'
  | 'SPACE_MISMATCH'
  | 'BUDGET_EXCEEDED'
  | 'PAYMENT_REQUIRED'

/** Every wire error name (OK excluded), in wire order. */
export const QUERY_ERROR_NAMES: readonly QueryErrorName[] = [
  'UNKNOWN_EXPERT',
  'OVERLOADED',
  'DEADLINE_EXCEEDED',
  'BAD_REQUEST',
  'INTERNAL',
  'SPACE_MISMATCH',
  'BUDGET_EXCEEDED',
  'PAYMENT_REQUIRED'
]

const NAME_TO_CODE: Record<QueryErrorName, moemesh.ErrorCode> = {
  UNKNOWN_EXPERT: moemesh.ErrorCode.UNKNOWN_EXPERT,
  OVERLOADED: moemesh.ErrorCode.OVERLOADED,
  DEADLINE_EXCEEDED: moemesh.ErrorCode.DEADLINE_EXCEEDED,
  BAD_REQUEST: moemesh.ErrorCode.BAD_REQUEST,
  INTERNAL: moemesh.ErrorCode.INTERNAL,
  SPACE_MISMATCH: moemesh.ErrorCode.SPACE_MISMATCH,
  BUDGET_EXCEEDED: moemesh.ErrorCode.BUDGET_EXCEEDED,
  PAYMENT_REQUIRED: moemesh.ErrorCode.PAYMENT_REQUIRED
}

const CODE_TO_NAME = new Map<number, QueryErrorName>(
  QUERY_ERROR_NAMES.map(name => [NAME_TO_CODE[name], name])
)

/** Name used for a wire code this version does not know (a newer peer may send one). */
export const UNRECOGNIZED_ERROR_NAME = 'UNRECOGNIZED'

/** True when `value` names a wire error code (OK excluded). */
export function isQueryErrorName (value: unknown): value is QueryErrorName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(NAME_TO_CODE, value)
}

/** The wire number of an error name. */
export function errorCodeOf (name: QueryErrorName): moemesh.ErrorCode {
  return NAME_TO_CODE[name]
}

/** The name of a wire error number; `undefined` for OK, {@link UNRECOGNIZED_ERROR_NAME} for unknown numbers. */
export function errorNameOf (code: number): QueryErrorName | typeof UNRECOGNIZED_ERROR_NAME | undefined {
  if (code === moemesh.ErrorCode.OK) return undefined
  return CODE_TO_NAME.get(code) ?? UNRECOGNIZED_ERROR_NAME
}

/** A decoded, validated query request as a server-side handler receives it. */
export interface QueryRequestData {
  /** The request id chosen by the client (echoed in the response). */
  id: number
  /** The query text; may be empty when only the vector matters. */
  text: string
  /** The query embedding in `spaceId`; may be empty when only the text matters. */
  vector: Float32Array
  /** The embedding space the vector lives in (hex sha256 of the embedder model). */
  spaceId: string
  /** Which of the server's experts to run, lowercase hex (64 chars each), no duplicates, at least one. */
  expertIds: string[]
  /** Milliseconds the caller still waits, relative to when the request arrived. */
  deadlineMs: number
  /** The most the caller pays per expert answer. */
  maxPrice: number
  /** Answer each expert's competence score only, without running the models (free, no distribution). */
  competenceOnly?: boolean
  /** The caller already has the competence scores (it probed first): answers leave them out. */
  withoutCompetence?: boolean
}

/** One expert's answer, or its per-expert failure. */
export interface ExpertAnswerData {
  /** Lowercase hex expert id (64 chars). */
  expertId: string
  /** Set when this expert failed; the distribution is then absent. */
  error?: QueryErrorName
  /** Probabilities aligned with the expert card's labels. */
  distribution?: Float32Array
  /** Milliseconds the serving node spent on this expert. */
  latencyMs: number
  /** What the answer costs, in credits. */
  price: number
  /**
   * The expert's in-domain score for the query, computed on its node from its own private data (e.g. similarity
   * to its own training inputs); absent when the expert has none.
   */
  competence?: number
  /** The expert's kNN score over its private word n-gram features (mean of its nearest own inputs, ~0..1); absent when it has none. */
  privateCompetence?: number
  /** ln of the expert's conformal p-values for the query against its own held-out inputs (<= 0; very low = not its domain). */
  inDomain?: number
}

/** An answer as a client receives it: the error may be a code this version does not know. */
export interface ReceivedAnswer {
  /** Lowercase hex expert id (64 chars). */
  expertId: string
  /** The wire error name when this expert failed (`'UNRECOGNIZED'` for codes newer than this version). */
  error: string | undefined
  /** Probabilities aligned with the expert card's labels; undefined when the expert failed or sent none. */
  distribution: Float32Array | undefined
  /** Milliseconds the serving node reported for this expert. */
  latencyMs: number
  /** What the serving node charges for the answer. */
  price: number
  /** The expert's in-domain score for the query, computed by its owner; undefined when it sent none. */
  competence?: number
  /** The expert's kNN score over its private word n-gram features (mean of its nearest own inputs, ~0..1); absent when it has none. */
  privateCompetence?: number
  /** ln of the expert's conformal p-values for the query against its own held-out inputs (<= 0; very low = not its domain). */
  inDomain?: number
}

const HEX_ID = /^[0-9a-f]{64}$/

/** True when `id` is a lowercase hex expert id of the right length. */
export function isHexExpertId (id: unknown): id is string {
  return typeof id === 'string' && HEX_ID.test(id)
}

/** Lowercase hex of a byte array. */
export function toHex (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

/** Bytes of a hex string already checked by {@link isHexExpertId}. */
export function fromHex (hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'))
}

/** Truncate a human message to what may cross the wire. */
export function boundMessage (message: string): string {
  return message.length > MAX_ERROR_MESSAGE_CHARS ? `${message.slice(0, MAX_ERROR_MESSAGE_CHARS - 3)}...` : message
}

function allFinite (values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) return false
  }
  return true
}

/**
 * Validate the fields of a request, wherever it comes from. Returns one sentence naming the first problem, or
 * `undefined` when the request is acceptable. Shared by the client (before sending) and the server (on receipt).
 */
export function requestProblem (fields: {
  text: string
  vector: ArrayLike<number>
  spaceId: string
  expertIdCount: number
  deadlineMs: number
  maxPrice: number
}): string | undefined {
  if (Buffer.byteLength(fields.text, 'utf8') > MAX_QUERY_TEXT_BYTES) return `text is longer than ${MAX_QUERY_TEXT_BYTES} bytes`
  if (fields.vector.length > MAX_VECTOR_DIM) return `vector has more than ${MAX_VECTOR_DIM} values`
  if (!allFinite(fields.vector)) return 'vector has a value that is not a finite number'
  if (fields.text.length === 0 && fields.vector.length === 0) return 'request has neither text nor vector'
  if (fields.spaceId.length > MAX_SPACE_ID_CHARS) return `spaceId is longer than ${MAX_SPACE_ID_CHARS} characters`
  if (fields.expertIdCount === 0) return 'request names no expert'
  if (fields.expertIdCount > MAX_EXPERTS_PER_QUERY) return `request names more than ${MAX_EXPERTS_PER_QUERY} experts`
  if (!Number.isInteger(fields.deadlineMs) || fields.deadlineMs <= 0 || fields.deadlineMs > MAX_DEADLINE_MS) {
    return `deadline must be 1..${MAX_DEADLINE_MS} ms`
  }
  if (!Number.isFinite(fields.maxPrice) || fields.maxPrice < 0) return 'maxPrice must be a finite number >= 0'
  return undefined
}

/** Outcome of decoding a request: the data, or a sentence saying why it was refused. */
export type DecodedRequest = { ok: true, request: QueryRequestData } | { ok: false, id: number, message: string }

/** Validate a decoded wire request and convert it to its plain form. */
export function requestFromMessage (msg: moemesh.QueryRequest): DecodedRequest {
  const id = typeof msg.id === 'number' ? msg.id : 0
  const ids: string[] = []
  const seen = new Set<string>()
  for (const raw of msg.expertIds) {
    if (raw.byteLength !== EXPERT_ID_BYTES) {
      return { ok: false, id, message: `expert id must be ${EXPERT_ID_BYTES} bytes, got ${raw.byteLength}` }
    }
    const hex = toHex(raw)
    if (seen.has(hex)) return { ok: false, id, message: 'request names the same expert twice' }
    seen.add(hex)
    ids.push(hex)
  }
  const problem = requestProblem({
    text: msg.text,
    vector: msg.vector,
    spaceId: msg.spaceId,
    expertIdCount: ids.length,
    deadlineMs: msg.deadlineMs,
    maxPrice: msg.maxPrice
  })
  if (problem != null) return { ok: false, id, message: problem }
  return {
    ok: true,
    request: {
      id,
      text: msg.text,
      vector: Float32Array.from(msg.vector),
      spaceId: msg.spaceId,
      expertIds: ids,
      deadlineMs: msg.deadlineMs,
      maxPrice: msg.maxPrice,
      ...(msg.competenceOnly === true ? { competenceOnly: true } : {}),
      ...(msg.withoutCompetence === true ? { withoutCompetence: true } : {})
    }
  }
}

/** The wire form of one answer. */
export function answerToMessage (answer: ExpertAnswerData): moemesh.ExpertAnswer.$Properties {
  return {
    expertId: fromHex(answer.expertId),
    error: answer.error == null ? moemesh.ErrorCode.OK : errorCodeOf(answer.error),
    // protobufjs writes any array-like of numbers; a Float32Array avoids a copy
    distribution: answer.error == null && answer.distribution != null ? (answer.distribution as unknown as number[]) : [],
    latencyMs: answer.latencyMs,
    price: answer.price,
    ...(answer.competence != null ? { competence: answer.competence } : {}),
    ...(answer.privateCompetence != null ? { privateCompetence: answer.privateCompetence } : {}),
    ...(answer.inDomain != null ? { inDomain: answer.inDomain } : {})
  }
}

/**
 * Validate one received answer and convert it to its plain form. Returns a sentence naming the problem when the
 * answer is malformed (the caller treats that as a protocol violation).
 */
export function answerFromMessage (msg: moemesh.ExpertAnswer.$Properties): ReceivedAnswer | string {
  const expertId = msg.expertId ?? new Uint8Array(0)
  const distribution = msg.distribution ?? []
  const latencyMs = msg.latencyMs ?? 0
  const price = msg.price ?? 0
  if (expertId.byteLength !== EXPERT_ID_BYTES) return `answer expert id is ${expertId.byteLength} bytes`
  if (distribution.length > MAX_DISTRIBUTION_LENGTH) return `answer distribution is longer than ${MAX_DISTRIBUTION_LENGTH}`
  if (!allFinite(distribution)) return 'answer distribution has a value that is not a finite number'
  if (!Number.isFinite(latencyMs) || latencyMs < 0) return 'answer latency is not a finite number >= 0'
  if (!Number.isFinite(price) || price < 0 || price > MAX_PRICE_CREDITS) return `answer price is not a number in 0..${MAX_PRICE_CREDITS}`
  const competence = msg.competence ?? undefined
  if (competence !== undefined && !(Number.isFinite(competence) && Math.abs(competence) <= MAX_COMPETENCE_MAGNITUDE)) {
    return `answer competence is not a finite number in -${MAX_COMPETENCE_MAGNITUDE}..${MAX_COMPETENCE_MAGNITUDE}`
  }
  const privateCompetence = msg.privateCompetence ?? undefined
  if (privateCompetence !== undefined && !(Number.isFinite(privateCompetence) && Math.abs(privateCompetence) <= MAX_COMPETENCE_MAGNITUDE)) {
    return `answer private competence is not a finite number in -${MAX_COMPETENCE_MAGNITUDE}..${MAX_COMPETENCE_MAGNITUDE}`
  }
  const inDomain = msg.inDomain ?? undefined
  if (inDomain !== undefined && !(Number.isFinite(inDomain) && Math.abs(inDomain) <= MAX_COMPETENCE_MAGNITUDE)) {
    return `answer in-domain score is not a finite number in -${MAX_COMPETENCE_MAGNITUDE}..${MAX_COMPETENCE_MAGNITUDE}`
  }
  const error = errorNameOf(msg.error ?? moemesh.ErrorCode.OK)
  return {
    expertId: toHex(expertId),
    error,
    distribution: error == null && distribution.length > 0 ? Float32Array.from(distribution) : undefined,
    latencyMs,
    price,
    ...(competence !== undefined ? { competence } : {}),
    ...(privateCompetence !== undefined ? { privateCompetence } : {}),
    ...(inDomain !== undefined ? { inDomain } : {})
  }
}
