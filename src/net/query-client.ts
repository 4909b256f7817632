/**
 * The calling side of the query protocols: validates and encodes a request, sends it coalesced with the other
 * queries in flight to the same peer (`/moemesh/query-batch/1.0.0`, query-batch-client.ts) or alone on a stream
 * from the per-peer pool (`/moemesh/query/1.0.0`, `stream-pool.ts`), and checks the answer against what was asked.
 */
import { positiveInt } from '../options.js'
import { defaultLogger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import { setMaxListeners } from '@libp2p/interface'
import type { ComponentLogger, Libp2p, Logger, PeerId } from '@libp2p/interface'
import { moemesh } from '../gen/moemesh.js'
import { InvalidOptionError } from '../errors.js'
import { FRAME_LENGTH_ERRORS, toError } from './errors.js'
import { CLIENT_IDLE_STREAM_TIMEOUT_MS, MAX_BATCH_STREAMS_PER_PEER, MAX_IDLE_STREAMS_PER_PEER, MAX_STREAMS_PER_PEER, QUERY_BATCH_PROTOCOL } from './query-constants.js'
import { QueryBatcher, STALE_STREAM_ERRORS } from './query-batch-client.js'
import { MAX_DEADLINE_MS, MAX_QUERY_FRAME_BYTES } from './limits.js'
import {
  InvalidQueryError,
  QueryProtocolError,
  QueryServiceStoppedError,
  QueryStreamError,
  QueryTimeoutError,
  RemoteQueryError
} from './query-errors.js'
import { answerFromMessage, boundMessage, errorNameOf, fromHex, isHexExpertId, requestProblem, UNRECOGNIZED_ERROR_NAME } from './query-types.js'
import type { ReceivedAnswer } from './query-types.js'
import { StreamPool, type StreamPoolStats } from './stream-pool.js'

/** What to ask a peer. */
export interface QueryInput {
  /** The query text (experts with private features need it). */
  text: string
  /** The query embedding in `spaceId`. */
  vector: Float32Array | number[]
  /** The embedding space of `vector` (hex sha256 of the embedder model). */
  spaceId: string
  /** Which of the peer's experts to run: lowercase hex ids (64 chars), 1..16, no duplicates. */
  expertIds: string[]
  /** The most the caller pays per expert answer. */
  maxPrice: number
  /** Ask only for each expert's competence score, without running the models (free). @default false */
  competenceOnly?: boolean
  /** The caller already has the competence scores: answers leave them out (saves the server the kNN scans). @default false */
  withoutCompetence?: boolean
}

/** Per-call options of {@link QueryClient.query}. */
export interface QueryOptions {
  /** Abort the call; the promise rejects with the signal's reason. */
  signal?: AbortSignal
  /** How long to wait for the answer, in ms (1..60000); also sent to the peer as its deadline. */
  timeoutMs: number
}

/** What a peer answered. */
export interface QueryResult {
  /** One entry per expert the peer answered for, in the peer's order. */
  answers: ReceivedAnswer[]
  /** Milliseconds from the call to the decoded response, stream acquisition included. */
  rttMs: number
  /** Whether an already open stream carried the request (false: a stream was opened for it). */
  streamReused: boolean
}

/** The narrow part of a libp2p node the client needs. */
export interface QueryClientNode {
  dialProtocol: Libp2p['dialProtocol']
  /** With `dial`, lets the client put queries on a direct connection rather than a relayed one when it has both. */
  getConnections?: Libp2p['getConnections']
  dial?: Libp2p['dial']
  addEventListener: Libp2p['addEventListener']
  removeEventListener: Libp2p['removeEventListener']
}

/** Dependencies of a {@link QueryClient}. */
export interface QueryClientComponents {
  /** The libp2p node to open streams from. */
  node: QueryClientNode
  /** Where the client logs (`moemesh:net:query-client`); pass `prefixLogger(name)` to tell nodes in one process apart. @default defaultLogger() */
  logger?: ComponentLogger
}

/** Options of a {@link QueryClient}; plain data. */
export interface QueryClientInit {
  /** Most streams open to one peer at once (busy and idle); more concurrent queries wait for one. @default 8 */
  maxStreamsPerPeer?: number
  /** Most idle streams kept per peer for reuse. @default 4 */
  maxIdleStreamsPerPeer?: number
  /** An idle stream is closed after this long. @default 30000 */
  idleTimeoutMs?: number
  /** Keep streams for reuse; false opens a stream per query (for benchmarks and debugging only). @default true */
  reuseStreams?: boolean
  /**
   * Coalesce the queries in flight to one peer into batch frames (`/moemesh/query-batch/1.0.0`, see
   * query-batch-client.ts); a peer that does not speak it is asked over `/moemesh/query/1.0.0`. `false` always
   * asks one query per stream exchange. @default true
   */
  batch?: boolean
}

/** Counters of a {@link QueryClient}, for tests, benchmarks and the dashboard: both stream pools together. */
export type QueryClientStats = StreamPoolStats

/** Counters of a {@link QueryClient}'s batches (`/moemesh/query-batch/1.0.0`). */
export interface QueryBatchStats {
  /** Batch frames sent. */
  batches: number
  /** Queries those batches carried. */
  batchedQueries: number
  /** The most queries one batch carried. */
  maxBatch: number
}


/**
 * Sends queries to peers over `/moemesh/query/1.0.0` with a pool of reused streams per peer.
 *
 * @example
 * ```ts
 * const client = new QueryClient({ node })
 * await client.start()
 * const { answers } = await client.query(peerId, { text, vector, spaceId, expertIds: [id], maxPrice: 1 }, { timeoutMs: 2000 })
 * ```
 */
export class QueryClient {
  private readonly node: QueryClientNode
  private readonly pool: StreamPool
  private readonly batchPool?: StreamPool
  private readonly batcher?: QueryBatcher
  private readonly log: Logger
  private running = false
  private lifetime = new AbortController()
  private nextId = 1

  constructor (components: QueryClientComponents, init: QueryClientInit = {}) {
    this.node = components.node
    this.log = (components.logger ?? defaultLogger()).forComponent('moemesh:net:query-client')
    const maxStreamsPerPeer = positiveInt('maxStreamsPerPeer', init.maxStreamsPerPeer, MAX_STREAMS_PER_PEER)
    const maxIdleStreamsPerPeer = positiveInt('maxIdleStreamsPerPeer', init.maxIdleStreamsPerPeer, MAX_IDLE_STREAMS_PER_PEER)
    const idleTimeoutMs = positiveInt('idleTimeoutMs', init.idleTimeoutMs, CLIENT_IDLE_STREAM_TIMEOUT_MS)
    if (maxIdleStreamsPerPeer > maxStreamsPerPeer) {
      throw new InvalidOptionError('maxIdleStreamsPerPeer', 'must not exceed maxStreamsPerPeer')
    }
    const node = components.node
    this.pool = new StreamPool({
      dialProtocol: async (...args) => await node.dialProtocol(...args),
      getConnections: node.getConnections == null ? undefined : (peerId) => node.getConnections?.(peerId) ?? [],
      dial: node.dial == null ? undefined : async (peerId, o) => await (node.dial as Libp2p['dial'])(peerId, o),
      log: this.log
    }, {
      maxStreamsPerPeer, maxIdleStreamsPerPeer, idleTimeoutMs, reuseStreams: init.reuseStreams ?? true
    })
    if (init.batch ?? true) {
      this.batchPool = new StreamPool({
        dialProtocol: async (...args) => await node.dialProtocol(...args),
        getConnections: node.getConnections == null ? undefined : (peerId) => node.getConnections?.(peerId) ?? [],
        dial: node.dial == null ? undefined : async (peerId, o) => await (node.dial as Libp2p['dial'])(peerId, o),
        log: this.log
      }, {
        maxStreamsPerPeer: MAX_BATCH_STREAMS_PER_PEER,
        maxIdleStreamsPerPeer: MAX_BATCH_STREAMS_PER_PEER,
        idleTimeoutMs,
        reuseStreams: init.reuseStreams ?? true,
        protocol: QUERY_BATCH_PROTOCOL
      })
      this.batcher = new QueryBatcher(this.batchPool, async (peerId, frame, id, signal) => await this.exchange(peerId, frame, id, signal), this.log)
    }
    this.onPeerDisconnect = this.onPeerDisconnect.bind(this)
  }

  /** Start accepting queries. Idempotent. */
  async start (): Promise<void> {
    if (this.running) return
    this.lifetime = new AbortController()
    setMaxListeners(Infinity, this.lifetime.signal)
    this.node.addEventListener('peer:disconnect', this.onPeerDisconnect)
    this.pool.start()
    this.batchPool?.start()
    this.running = true
  }

  /** Reject every query in flight, close every pooled stream and forget all peers. */
  async stop (): Promise<void> {
    if (!this.running) return
    this.running = false
    this.node.removeEventListener('peer:disconnect', this.onPeerDisconnect)
    this.lifetime.abort(new QueryServiceStoppedError('client'))
    this.pool.stop()
    this.batchPool?.stop()
    this.batcher?.clear()
  }

  /** Current counters. */
  getStats (): QueryClientStats {
    const single = this.pool.getStats()
    const batch = this.batchPool?.getStats()
    const sum = { ...single }
    if (batch != null) for (const k of Object.keys(sum) as Array<keyof StreamPoolStats>) sum[k] += batch[k]
    // a peer with both pools is one peer
    if (batch != null) sum.peers = Math.max(single.peers, batch.peers)
    return sum
  }

  /** Batches sent since construction (all 0 with `batch: false`). */
  getBatchStats (): QueryBatchStats {
    return this.batcher?.getStats() ?? { batches: 0, batchedQueries: 0, maxBatch: 0 }
  }

  /**
   * Ask `peer` to run some of its experts on a query.
   *
   * Rejects with {@link InvalidQueryError} (nothing sent), {@link QueryTimeoutError} (no answer within
   * `timeoutMs`), {@link RemoteQueryError} (the peer refused the request; `code` is the wire name),
   * {@link QueryProtocolError}, {@link QueryDialError}, {@link QueryStreamError}, {@link QueryServiceStoppedError},
   * or the caller's `signal.reason` when the caller aborted.
   */
  async query (peer: PeerId | string, request: QueryInput, options: QueryOptions): Promise<QueryResult> {
    if (!this.running) throw new QueryServiceStoppedError('client')
    options.signal?.throwIfAborted()
    const started = performance.now()

    const timeoutMs = options.timeoutMs
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_DEADLINE_MS) {
      throw new InvalidQueryError('timeoutMs', `must be between 1 and ${MAX_DEADLINE_MS} ms, got ${String(timeoutMs)}`)
    }
    let peerId: PeerId
    try {
      peerId = typeof peer === 'string' ? peerIdFromString(peer) : peer
    } catch {
      throw new InvalidQueryError('peer', `"${boundMessage(String(peer))}" is not a peer id`)
    }
    const frame = this.encodeRequest(request, Math.ceil(timeoutMs))

    const controller = new AbortController()
    setMaxListeners(Infinity, controller.signal)
    const timer = setTimeout(() => { controller.abort(new QueryTimeoutError(timeoutMs)) }, timeoutMs)
    const onCallerAbort = (): void => { controller.abort(options.signal?.reason) }
    const onStop = (): void => { controller.abort(this.lifetime.signal.reason) }
    if (options.signal != null) {
      // a router fans one signal out to many peers: one listener per query must not trip the leak warning
      setMaxListeners(Infinity, options.signal)
      options.signal.addEventListener('abort', onCallerAbort, { once: true })
    }
    this.lifetime.signal.addEventListener('abort', onStop, { once: true })
    try {
      const { response, reused } = this.batcher != null
        ? await this.batcher.exchange(peerId, frame.bytes, frame.id, controller.signal)
        : await this.exchange(peerId, frame.bytes, frame.id, controller.signal)
      const rttMs = performance.now() - started
      if (response.error !== moemesh.ErrorCode.OK) {
        const code = errorNameOf(response.error) ?? UNRECOGNIZED_ERROR_NAME
        throw new RemoteQueryError(code, response.error, boundMessage(response.message))
      }
      const answers = this.checkAnswers(response, new Set(request.expertIds))
      return { answers, rttMs, streamReused: reused }
    } catch (err) {
      if (controller.signal.aborted) throw controller.signal.reason
      throw err
    } finally {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onCallerAbort)
      this.lifetime.signal.removeEventListener('abort', onStop)
    }
  }

  private encodeRequest (request: QueryInput, deadlineMs: number): { bytes: Uint8Array, id: number } {
    if (request == null || typeof request !== 'object') throw new InvalidQueryError('request', 'must be an object')
    if (typeof request.text !== 'string') throw new InvalidQueryError('text', 'must be a string')
    if (typeof request.spaceId !== 'string') throw new InvalidQueryError('spaceId', 'must be a string')
    if (!Array.isArray(request.expertIds)) throw new InvalidQueryError('expertIds', 'must be an array of hex ids')
    if (!(request.vector instanceof Float32Array) && !Array.isArray(request.vector)) {
      throw new InvalidQueryError('vector', 'must be a Float32Array or an array of numbers')
    }
    for (const id of request.expertIds) {
      if (!isHexExpertId(id)) throw new InvalidQueryError('expertIds', `"${boundMessage(String(id))}" is not a 64-char lowercase hex expert id`)
    }
    if (new Set(request.expertIds).size !== request.expertIds.length) throw new InvalidQueryError('expertIds', 'has duplicates')
    const problem = requestProblem({
      text: request.text,
      vector: request.vector,
      spaceId: request.spaceId,
      expertIdCount: request.expertIds.length,
      deadlineMs,
      maxPrice: request.maxPrice
    })
    if (problem != null) throw new InvalidQueryError('request', problem)
    const id = this.nextId++
    if (this.nextId > Number.MAX_SAFE_INTEGER) this.nextId = 1
    const bytes = moemesh.QueryRequest.encode({
      id,
      text: request.text,
      // protobufjs writes any array-like of numbers; a Float32Array avoids a copy
      vector: request.vector as number[],
      spaceId: request.spaceId,
      expertIds: request.expertIds.map(fromHex),
      deadlineMs,
      maxPrice: request.maxPrice,
      competenceOnly: request.competenceOnly === true,
      withoutCompetence: request.withoutCompetence === true
    }).finish()
    if (bytes.byteLength > MAX_QUERY_FRAME_BYTES) {
      throw new InvalidQueryError('request', `encodes to ${bytes.byteLength} bytes, over the ${MAX_QUERY_FRAME_BYTES}-byte frame limit`)
    }
    return { bytes, id }
  }

  /** Send one request and read its response; retries on a fresh stream when a pooled one turns out stale. */
  private async exchange (peerId: PeerId, frame: Uint8Array, id: number, signal: AbortSignal): Promise<{ response: moemesh.QueryResponse, reused: boolean }> {
    // Each retry takes another stream; only streams that sat in the pool are retried, so this ends after at most
    // maxIdleStreamsPerPeer + 1 attempts.
    while (true) {
      const { entry, reused } = await this.pool.acquire(peerId, signal)
      let bytes: Uint8Array
      try {
        await entry.lp.write(frame, { signal })
        bytes = (await entry.lp.read({ signal })).subarray()
      } catch (err) {
        this.pool.discard(entry, toError(err))
        if (signal.aborted) throw signal.reason
        const name = (err as Error)?.name
        if (reused && STALE_STREAM_ERRORS.has(name)) {
          this.log.trace('pooled stream to %p was stale (%s), retrying on another', peerId, name)
          continue
        }
        if (FRAME_LENGTH_ERRORS.has(name)) {
          throw new QueryProtocolError('response frame is larger than the protocol allows', { cause: err })
        }
        throw new QueryStreamError({ cause: err })
      }
      let response: moemesh.QueryResponse
      try {
        response = moemesh.QueryResponse.decode(bytes)
      } catch (err) {
        this.pool.discard(entry, new Error('undecodable response'))
        throw new QueryProtocolError('response is not a QueryResponse', { cause: err })
      }
      if (response.id !== id) {
        this.pool.discard(entry, new Error('mismatched response id'))
        throw new QueryProtocolError(`response id ${String(response.id)} does not match request id ${id}`)
      }
      this.pool.release(entry)
      return { response, reused }
    }
  }

  private checkAnswers (response: moemesh.QueryResponse, requested: Set<string>): ReceivedAnswer[] {
    if (response.answers.length > requested.size) {
      throw new QueryProtocolError(`${response.answers.length} answers for ${requested.size} requested experts`)
    }
    const seen = new Set<string>()
    const answers: ReceivedAnswer[] = []
    for (const msg of response.answers) {
      const answer = answerFromMessage(msg)
      if (typeof answer === 'string') throw new QueryProtocolError(answer)
      if (!requested.has(answer.expertId) || seen.has(answer.expertId)) {
        throw new QueryProtocolError('an answer names an expert that was not requested, or one twice')
      }
      seen.add(answer.expertId)
      answers.push(answer)
    }
    return answers
  }

  private onPeerDisconnect (evt: CustomEvent<PeerId>): void {
    this.pool.dropIdle(evt.detail.toString())
    this.batchPool?.dropIdle(evt.detail.toString())
  }
}
