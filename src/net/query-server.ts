/**
 * The serving side of `/moemesh/query/1.0.0` and `/moemesh/query-batch/1.0.0`: length-prefixed protobuf requests
 * (or batches of them, proto/query-batch.proto) on streams that clients reuse, one request or batch in flight per
 * stream. Every frame is size-limited, decoded and validated before the injected
 * handler sees it; each request runs under its own deadline; a peer cannot occupy more than a few handler slots.
 * A broken frame costs the sender its stream, never the server its life.
 */
import { positiveInt } from '../options.js'
import { defaultLogger } from '@libp2p/logger'
import { lpStream } from '@libp2p/utils'
import { setMaxListeners } from '@libp2p/interface'
import type { ComponentLogger, Connection, Libp2p, Logger, Stream } from '@libp2p/interface'
import type { LengthPrefixedStream } from '@libp2p/utils'
import { moemesh } from '../gen/moemesh.js'
import { querybatch } from '../gen/query-batch.js'
import {
  BATCH_ELEMENT_OVERHEAD,
  BAD_FRAME_LINGER_MS,
  MAX_BATCH_FRAME_BYTES,
  MAX_BATCH_QUERIES,
  MAX_BATCH_QUERIES_PER_PEER,
  MAX_CONCURRENT_QUERIES_PER_PEER,
  MAX_INBOUND_BATCH_STREAMS,
  MAX_CONCURRENT_QUERIES_TOTAL,
  MAX_INBOUND_QUERY_STREAMS,
  MAX_OUTBOUND_QUERY_STREAMS,
  QUERY_BATCH_PROTOCOL,
  QUERY_PROTOCOL,
  RESPONSE_WRITE_TIMEOUT_MS,
  SERVER_IDLE_STREAM_TIMEOUT_MS
} from './query-constants.js'
import { MAX_QUERY_FRAME_BYTES, MAX_RESPONSE_FRAME_BYTES } from './limits.js'
import { FRAME_LENGTH_ERRORS } from './errors.js'
import { wireErrorNameOf } from './query-errors.js'
import { answerFromMessage, answerToMessage, boundMessage, errorCodeOf, isHexExpertId, isQueryErrorName, requestFromMessage } from './query-types.js'
import type { ExpertAnswerData, QueryErrorName, QueryRequestData } from './query-types.js'

/** What a handler learns besides the request. */
export interface QueryHandlerContext {
  /** The requesting peer (string form). */
  peerId: string
  /** Aborted when the request's deadline passes, the stream breaks or the server stops: stop work then. */
  signal: AbortSignal
}

/**
 * Runs a validated request on this node's experts. Returns one answer per requested expert (per-expert failures
 * go in `error`). Throw a {@link QueryHandlerError} (or any error whose `code` names a wire code) to refuse the
 * whole request with that code; anything else is answered with INTERNAL.
 */
export type QueryHandler = (request: QueryRequestData, ctx: QueryHandlerContext) => Promise<ExpertAnswerData[]>

/** The narrow part of a libp2p node the server needs. */
export interface QueryServerNode {
  handle: Libp2p['handle']
  unhandle: Libp2p['unhandle']
}

/** Dependencies of a {@link QueryServer}. */
export interface QueryServerComponents {
  /** The libp2p node to register the protocol on. */
  node: QueryServerNode
  /** Runs requests on the local experts. */
  handler: QueryHandler
  /**
   * Whether this node serves an expert (lowercase hex id). When given, requested experts it does not serve are
   * answered UNKNOWN_EXPERT without reaching the handler (the whole request, when none is served).
   */
  isKnownExpert?: (expertId: string) => boolean
  /** Where the server logs (`moemesh:net:query-server`); pass `prefixLogger(name)` to tell nodes in one process apart. @default defaultLogger() */
  logger?: ComponentLogger
}

/** Options of a {@link QueryServer}; plain data. */
export interface QueryServerInit {
  /** Requests one peer may have in the handler at once; more are answered OVERLOADED. @default 8 */
  maxConcurrentPerPeer?: number
  /** Requests all peers together may have in the handler at once; more are answered OVERLOADED. @default 256 */
  maxConcurrentTotal?: number
  /** A stream with no request for this long is closed. @default 60000 */
  idleTimeoutMs?: number
  /** Inbound query streams accepted per connection. @default 32 */
  maxInboundStreams?: number
  /** Outbound query streams allowed per connection (libp2p registrar limit). @default 32 */
  maxOutboundStreams?: number
  /** Also serve `/moemesh/query-batch/1.0.0` (several queries per frame; see proto/query-batch.proto). @default true */
  batch?: boolean
  /**
   * Requests one peer may have in the handler at once when it sends batches (its single-protocol requests count
   * too); more are answered OVERLOADED, each on its own. @default 128
   */
  maxBatchConcurrentPerPeer?: number
}

/** Counters of a {@link QueryServer}, for tests, benchmarks and the dashboard. */
export interface QueryServerStats {
  /** Inbound streams accepted since start. */
  streamsAccepted: number
  /** Inbound streams open now. */
  streamsOpen: number
  /** Requests answered (any code) since start. */
  requestsAnswered: number
  /** Requests now in the handler. */
  inFlight: number
  /** Frames refused as oversized or undecodable since start (their streams were dropped). */
  badFrames: number
}

class StreamGoneError extends Error {
  override readonly name = 'StreamGoneError'
}

class IdleStreamError extends Error {
  override readonly name = 'IdleStreamError'
}

class DeadlinePassedError extends Error {
  override readonly name = 'DeadlinePassedError'
}

/** Errors of lpStream that mean the peer sent a frame we refuse to read (too long, bad length prefix). */

/**
 * Serves `/moemesh/query/1.0.0` on a libp2p node.
 *
 * @example
 * ```ts
 * const server = new QueryServer({ node, handler: async (req, { signal }) => runExperts(req, signal) })
 * await server.start()
 * ```
 */
export class QueryServer {
  private readonly node: QueryServerNode
  private readonly handler: QueryHandler
  private readonly isKnownExpert?: (expertId: string) => boolean
  private readonly log: Logger
  private readonly maxConcurrentPerPeer: number
  private readonly maxConcurrentTotal: number
  private readonly idleTimeoutMs: number
  private readonly maxInboundStreams: number
  private readonly maxOutboundStreams: number
  private readonly batch: boolean
  private readonly maxBatchConcurrentPerPeer: number
  private running = false
  private lifetime = new AbortController()
  private readonly streams = new Set<Stream>()
  private readonly lingerTimers = new Set<ReturnType<typeof setTimeout>>()
  private readonly inFlightByPeer = new Map<string, number>()
  private inFlightTotal = 0
  private readonly stats = { streamsAccepted: 0, requestsAnswered: 0, badFrames: 0 }

  constructor (components: QueryServerComponents, init: QueryServerInit = {}) {
    this.node = components.node
    this.log = (components.logger ?? defaultLogger()).forComponent('moemesh:net:query-server')
    this.handler = components.handler
    this.isKnownExpert = components.isKnownExpert
    this.maxConcurrentPerPeer = positiveInt('maxConcurrentPerPeer', init.maxConcurrentPerPeer, MAX_CONCURRENT_QUERIES_PER_PEER)
    this.maxConcurrentTotal = positiveInt('maxConcurrentTotal', init.maxConcurrentTotal, MAX_CONCURRENT_QUERIES_TOTAL)
    this.idleTimeoutMs = positiveInt('idleTimeoutMs', init.idleTimeoutMs, SERVER_IDLE_STREAM_TIMEOUT_MS)
    this.maxInboundStreams = positiveInt('maxInboundStreams', init.maxInboundStreams, MAX_INBOUND_QUERY_STREAMS)
    this.maxOutboundStreams = positiveInt('maxOutboundStreams', init.maxOutboundStreams, MAX_OUTBOUND_QUERY_STREAMS)
    this.batch = init.batch ?? true
    this.maxBatchConcurrentPerPeer = positiveInt('maxBatchConcurrentPerPeer', init.maxBatchConcurrentPerPeer, MAX_BATCH_QUERIES_PER_PEER)
  }

  /** Register the protocol handler. Idempotent. */
  async start (): Promise<void> {
    if (this.running) return
    this.lifetime = new AbortController()
    setMaxListeners(Infinity, this.lifetime.signal)
    const options = {
      maxInboundStreams: this.maxInboundStreams,
      maxOutboundStreams: this.maxOutboundStreams,
      // a peer behind NAT without a direct connection yet queries over a relay; its client prefers direct ones
      runOnLimitedConnection: true
    }
    await this.node.handle(QUERY_PROTOCOL, (stream, connection) => { void this.onStream(stream, connection, false) }, options)
    if (this.batch) {
      try {
        await this.node.handle(QUERY_BATCH_PROTOCOL, (stream, connection) => { void this.onStream(stream, connection, true) }, {
          ...options,
          maxInboundStreams: Math.min(this.maxInboundStreams, MAX_INBOUND_BATCH_STREAMS)
        })
      } catch (err) {
        await this.node.unhandle(QUERY_PROTOCOL)
        throw err
      }
    }
    this.running = true
  }

  /** Unregister the handler, abort every running handler and drop every open query stream. */
  async stop (): Promise<void> {
    if (!this.running) return
    this.running = false
    for (const protocol of this.batch ? [QUERY_PROTOCOL, QUERY_BATCH_PROTOCOL] : [QUERY_PROTOCOL]) {
      try {
        await this.node.unhandle(protocol)
      } catch (err) {
        this.log.error('unhandle failed - %e', err)
      }
    }
    this.lifetime.abort(new StreamGoneError('query server stopped'))
    for (const timer of this.lingerTimers) clearTimeout(timer)
    this.lingerTimers.clear()
    for (const stream of this.streams) stream.abort(new StreamGoneError('query server stopped'))
    this.streams.clear()
  }

  /** Current counters. */
  getStats (): QueryServerStats {
    return {
      streamsAccepted: this.stats.streamsAccepted,
      streamsOpen: this.streams.size,
      requestsAnswered: this.stats.requestsAnswered,
      inFlight: this.inFlightTotal,
      badFrames: this.stats.badFrames
    }
  }

  private async onStream (stream: Stream, connection: Connection, batch: boolean): Promise<void> {
    if (!this.running) {
      stream.abort(new StreamGoneError('query server stopped'))
      return
    }
    const peer = connection.remotePeer.toString()
    this.stats.streamsAccepted++
    this.streams.add(stream)
    // Aborted when the stream closes for any reason or the server stops: running handlers see it.
    const streamLife = new AbortController()
    setMaxListeners(Infinity, streamLife.signal)
    const onClose = (): void => {
      this.streams.delete(stream)
      streamLife.abort(new StreamGoneError('query stream closed'))
    }
    stream.addEventListener('close', onClose, { once: true })
    const onStop = (): void => { streamLife.abort(this.lifetime.signal.reason) }
    this.lifetime.signal.addEventListener('abort', onStop, { once: true })

    const lp = lpStream(stream, batch
      ? {
          maxDataLength: MAX_BATCH_FRAME_BYTES,
          // a client sends the next batch only once the last is answered: room for one whole frame, no more
          maxBufferSize: MAX_BATCH_FRAME_BYTES + 16
        }
      : {
          maxDataLength: MAX_QUERY_FRAME_BYTES,
          // one request in flight per stream: room for one whole frame and the start of the next, no more
          maxBufferSize: 2 * MAX_QUERY_FRAME_BYTES
        })
    try {
      if (batch) await this.serveBatchStream(stream, lp, peer, streamLife.signal)
      else await this.serveStream(stream, lp, peer, streamLife.signal)
    } catch (err) {
      // serveStream handles its own errors; this is a last line so a bug never becomes an unhandled rejection
      this.log.error('query stream from %s failed - %e', peer, err)
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    } finally {
      this.lifetime.signal.removeEventListener('abort', onStop)
    }
  }

  /**
   * The next request frame, or undefined when the stream is done (idle, closed, broken, or refused for an
   * oversized frame: each handled here).
   */
  private async readFrame (stream: Stream, lp: LengthPrefixedStream<Stream>, peer: string, life: AbortSignal, batch = false): Promise<Uint8Array | undefined> {
    const idle = new AbortController()
    const onLifeAbort = (): void => { idle.abort(life.reason) }
    life.addEventListener('abort', onLifeAbort, { once: true })
    const idleTimer = setTimeout(() => { idle.abort(new IdleStreamError('query stream idle')) }, this.idleTimeoutMs)
    try {
      return (await lp.read({ signal: idle.signal })).subarray()
    } catch (err) {
      const reason: unknown = idle.signal.reason
      if (reason instanceof IdleStreamError) {
        this.log.trace('closing idle query stream from %s', peer)
        await this.closeQuietly(stream)
      } else if (FRAME_LENGTH_ERRORS.has((err as Error)?.name)) {
        await this.refuseFrame(stream, lp, peer, 0, 'frame is larger than the protocol allows', batch)
      } else if ((err as Error)?.name === 'UnexpectedEOFError') {
        // the peer closed its side between requests (or mid-frame): finish ours
        await this.closeQuietly(stream)
      } else if (!life.aborted) {
        this.log.trace('query stream from %s ended - %e', peer, err)
        stream.abort(err instanceof Error ? err : new Error(String(err)))
      }
      return undefined
    } finally {
      clearTimeout(idleTimer)
      life.removeEventListener('abort', onLifeAbort)
    }
  }

  private async serveStream (stream: Stream, lp: LengthPrefixedStream<Stream>, peer: string, life: AbortSignal): Promise<void> {
    while (this.running && stream.status === 'open') {
      const frame = await this.readFrame(stream, lp, peer, life)
      if (frame === undefined) return

      let message: moemesh.QueryRequest
      try {
        message = moemesh.QueryRequest.decode(frame)
      } catch {
        await this.refuseFrame(stream, lp, peer, 0, 'frame is not a QueryRequest')
        return
      }

      const response = await this.answer(message, peer, life, this.maxConcurrentPerPeer)
      let bytes = moemesh.QueryResponse.encode(response).finish()
      if (bytes.byteLength > MAX_RESPONSE_FRAME_BYTES) {
        this.log.error('response to %s is %d bytes, over the frame limit', peer, bytes.byteLength)
        bytes = moemesh.QueryResponse.encode(errorResponse(response.id ?? 0, 'INTERNAL', 'the answer was too large to send')).finish()
      }
      // a client that stops reading would hold this write (and the stream) forever: bound it
      const writeTimer = setTimeout(() => { stream.abort(new StreamGoneError('query response write timed out')) }, RESPONSE_WRITE_TIMEOUT_MS)
      try {
        await lp.write(bytes, { signal: life })
        this.stats.requestsAnswered++
      } catch (err) {
        // the client gave up (reset after its timeout) or stopped reading: this stream is done
        this.log.trace('could not answer %s - %e', peer, err)
        stream.abort(err instanceof Error ? err : new Error(String(err)))
        return
      } finally {
        clearTimeout(writeTimer)
      }
    }
  }

  /**
   * Serves batches: each frame carries 1..MAX_BATCH_QUERIES requests with distinct ids, each within the
   * single-request frame limit (else the frame is refused like a garbage one). Every request runs as on the
   * single protocol (its own deadline and handler slot); answers that are ready together leave in one frame.
   */
  private async serveBatchStream (stream: Stream, lp: LengthPrefixedStream<Stream>, peer: string, life: AbortSignal): Promise<void> {
    while (this.running && stream.status === 'open') {
      const frame = await this.readFrame(stream, lp, peer, life, true)
      if (frame === undefined) return
      const messages = decodeBatch(frame)
      if (typeof messages === 'string') {
        await this.refuseFrame(stream, lp, peer, 0, messages, true)
        return
      }
      // Answers ready in the same turn of the event loop go out together (the last one at once, without waiting
      // for the turn to end); writes never overlap.
      let outbox: Uint8Array[] = []
      let writing: Promise<boolean> = Promise.resolve(true)
      let flushScheduled = false
      let remaining = messages.length
      const flush = (): void => {
        flushScheduled = false
        if (outbox.length === 0) return
        const responses = outbox
        outbox = []
        writing = writing.then(async (ok) => ok && await this.writeAnswers(stream, lp, peer, life, responses))
      }
      await Promise.all(messages.map(async (message) => {
        const response = await this.answer(message, peer, life, this.maxBatchConcurrentPerPeer)
        let bytes = moemesh.QueryResponse.encode(response).finish()
        if (bytes.byteLength > MAX_RESPONSE_FRAME_BYTES - BATCH_ELEMENT_OVERHEAD) {
          this.log.error('response to %s is %d bytes, over the frame limit', peer, bytes.byteLength)
          bytes = moemesh.QueryResponse.encode(errorResponse(response.id ?? 0, 'INTERNAL', 'the answer was too large to send')).finish()
        }
        outbox.push(bytes)
        if (--remaining === 0) flush()
        else if (!flushScheduled) {
          flushScheduled = true
          setImmediate(flush)
        }
      }))
      if (!await writing) return
    }
  }

  /** Writes answers as QueryBatchAnswers frames of at most MAX_RESPONSE_FRAME_BYTES; false when the stream is done. */
  private async writeAnswers (stream: Stream, lp: LengthPrefixedStream<Stream>, peer: string, life: AbortSignal, responses: Uint8Array[]): Promise<boolean> {
    let at = 0
    while (at < responses.length) {
      let bytes = 0
      let end = at
      while (end < responses.length && (end === at || bytes + responses[end].byteLength + BATCH_ELEMENT_OVERHEAD <= MAX_RESPONSE_FRAME_BYTES - BATCH_ELEMENT_OVERHEAD)) {
        bytes += responses[end].byteLength + BATCH_ELEMENT_OVERHEAD
        end++
      }
      const frame = querybatch.QueryBatchAnswers.encode({ responses: responses.slice(at, end) }).finish()
      const writeTimer = setTimeout(() => { stream.abort(new StreamGoneError('query response write timed out')) }, RESPONSE_WRITE_TIMEOUT_MS)
      try {
        await lp.write(frame, { signal: life })
        this.stats.requestsAnswered += end - at
      } catch (err) {
        this.log.trace('could not answer %s - %e', peer, err)
        stream.abort(err instanceof Error ? err : new Error(String(err)))
        return false
      } finally {
        clearTimeout(writeTimer)
      }
      at = end
    }
    return true
  }

  /** Build the response to one decoded request; never throws. */
  private async answer (message: moemesh.QueryRequest, peer: string, life: AbortSignal, perPeerCap: number): Promise<moemesh.QueryResponse.$Properties> {
    const decoded = requestFromMessage(message)
    if (!decoded.ok) return errorResponse(decoded.id, 'BAD_REQUEST', decoded.message)
    const request = decoded.request

    let unknown: string[] = []
    if (this.isKnownExpert != null) {
      const isKnown = this.isKnownExpert
      unknown = request.expertIds.filter(id => !isKnown(id))
      if (unknown.length === request.expertIds.length) {
        return errorResponse(request.id, 'UNKNOWN_EXPERT', 'this node serves none of the requested experts')
      }
      if (unknown.length > 0) request.expertIds = request.expertIds.filter(id => !unknown.includes(id))
    }

    const peerCount = this.inFlightByPeer.get(peer) ?? 0
    if (peerCount >= perPeerCap || this.inFlightTotal >= this.maxConcurrentTotal) {
      return errorResponse(request.id, 'OVERLOADED', 'too many queries in flight; retry later or elsewhere')
    }

    // The slot is held until the handler settles, not until we answer: a handler that ignores its signal still
    // counts against the peer, so a deadline cannot be used to pile up work.
    this.inFlightByPeer.set(peer, peerCount + 1)
    this.inFlightTotal++
    const release = (): void => {
      this.inFlightTotal--
      const n = (this.inFlightByPeer.get(peer) ?? 1) - 1
      if (n <= 0) this.inFlightByPeer.delete(peer)
      else this.inFlightByPeer.set(peer, n)
    }

    const controller = new AbortController()
    setMaxListeners(Infinity, controller.signal)
    const onLifeAbort = (): void => { controller.abort(life.reason) }
    if (life.aborted) onLifeAbort()
    else life.addEventListener('abort', onLifeAbort, { once: true })
    const deadlineTimer = setTimeout(() => {
      controller.abort(new DeadlinePassedError('query deadline passed'))
    }, request.deadlineMs)

    const work = Promise.resolve()
      .then(async () => this.handler(request, { peerId: peer, signal: controller.signal }))
    void work.then(release, release)

    try {
      const outcome = await Promise.race([work, abortedPromise(controller.signal)])
      if (outcome === ABORTED) {
        if (controller.signal.reason instanceof DeadlinePassedError) {
          return errorResponse(request.id, 'DEADLINE_EXCEEDED', `no answer within ${request.deadlineMs} ms`)
        }
        return errorResponse(request.id, 'INTERNAL', 'the query was cancelled')
      }
      const answers = this.checkAnswers(outcome, request.expertIds, peer)
      if (typeof answers === 'string') return errorResponse(request.id, 'INTERNAL', 'the node produced an invalid answer')
      for (const id of unknown) answers.push({ expertId: id, error: 'UNKNOWN_EXPERT', latencyMs: 0, price: 0 })
      return { id: request.id, error: moemesh.ErrorCode.OK, answers: answers.map(answerToMessage) }
    } catch (err) {
      if (controller.signal.reason instanceof DeadlinePassedError) {
        return errorResponse(request.id, 'DEADLINE_EXCEEDED', `no answer within ${request.deadlineMs} ms`)
      }
      const name = wireErrorNameOf(err)
      if (name != null) {
        const text = err instanceof Error ? err.message : ''
        return errorResponse(request.id, name, text)
      }
      this.log.error('query handler failed for %s - %e', peer, err)
      return errorResponse(request.id, 'INTERNAL', 'the node failed to run the query')
    } finally {
      clearTimeout(deadlineTimer)
      life.removeEventListener('abort', onLifeAbort)
    }
  }

  private checkAnswers (answers: unknown, requested: string[], peer: string): ExpertAnswerData[] | string {
    if (!Array.isArray(answers)) return 'handler did not return an array'
    const wanted = new Set(requested)
    const out: ExpertAnswerData[] = []
    for (const a of answers as ExpertAnswerData[]) {
      if (a == null || !isHexExpertId(a.expertId) || !wanted.has(a.expertId)) {
        this.log.error('handler answered for an expert that was not requested (query from %s)', peer)
        return 'unrequested expert'
      }
      if (a.error != null && !isQueryErrorName(a.error)) return 'unknown answer error code'
      // the same checks a client applies: never send what an honest client must reject
      const problem = answerFromMessage(answerToMessage(a))
      if (typeof problem === 'string') {
        this.log.error('handler produced an invalid answer (%s) for a query from %s', problem, peer)
        return problem
      }
      wanted.delete(a.expertId)
      out.push(a)
    }
    return out
  }

  /**
   * Answer a frame we refuse to read with BAD_REQUEST, half-close, and reset the stream after a short linger
   * (a reset at once could discard the answer before the peer reads it).
   */
  private async refuseFrame (stream: Stream, lp: LengthPrefixedStream<Stream>, peer: string, id: number, why: string, batch = false): Promise<void> {
    this.stats.badFrames++
    this.log('refusing a query frame from %s: %s', peer, why)
    const timer = setTimeout(() => {
      this.lingerTimers.delete(timer)
      stream.abort(new StreamGoneError(`bad query frame: ${why}`))
    }, BAD_FRAME_LINGER_MS)
    this.lingerTimers.add(timer)
    try {
      const signal = AbortSignal.timeout(BAD_FRAME_LINGER_MS)
      const refusal = moemesh.QueryResponse.encode(errorResponse(id, 'BAD_REQUEST', why)).finish()
      await lp.write(batch ? querybatch.QueryBatchAnswers.encode({ responses: [refusal] }).finish() : refusal, { signal })
      await stream.close({ signal })
    } catch (err) {
      this.log.trace('could not refuse the frame gracefully - %e', err)
      stream.abort(new StreamGoneError(`bad query frame: ${why}`))
    }
  }

  private async closeQuietly (stream: Stream): Promise<void> {
    try {
      await stream.close({ signal: AbortSignal.timeout(RESPONSE_WRITE_TIMEOUT_MS) })
    } catch (err) {
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    }
  }
}


/** The requests of a batch frame, or why the frame is refused: 1..MAX_BATCH_QUERIES requests, each in the single frame limit, ids distinct. */
function decodeBatch (frame: Uint8Array): moemesh.QueryRequest[] | string {
  let requests: Uint8Array[]
  try {
    requests = querybatch.QueryBatch.decode(frame).requests
  } catch {
    return 'frame is not a QueryBatch'
  }
  if (requests.length === 0 || requests.length > MAX_BATCH_QUERIES) return `a batch holds 1..${MAX_BATCH_QUERIES} requests, got ${requests.length}`
  const ids = new Set<number>()
  const messages: moemesh.QueryRequest[] = []
  for (const raw of requests) {
    if (raw.byteLength > MAX_QUERY_FRAME_BYTES) return 'a request of the batch is larger than the protocol allows'
    let message: moemesh.QueryRequest
    try {
      message = moemesh.QueryRequest.decode(raw)
    } catch {
      return 'a request of the batch is not a QueryRequest'
    }
    const id = typeof message.id === 'number' ? message.id : 0
    if (ids.has(id)) return 'two requests of the batch share an id'
    ids.add(id)
    messages.push(message)
  }
  return messages
}

function errorResponse (id: number, code: QueryErrorName, message: string): moemesh.QueryResponse.$Properties {
  return { id, error: errorCodeOf(code), message: boundMessage(message), answers: [] }
}

const ABORTED = Symbol('aborted')

/** Resolves to {@link ABORTED} when the signal aborts (used in a race; never rejects). */
async function abortedPromise (signal: AbortSignal): Promise<typeof ABORTED> {
  if (signal.aborted) return ABORTED
  return new Promise(resolve => { signal.addEventListener('abort', () => { resolve(ABORTED) }, { once: true }) })
}
