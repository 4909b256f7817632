/**
 * The calling side of `/moemesh/query-batch/1.0.0` (proto/query-batch.proto): the queries a client has in flight
 * to one peer leave together, in one frame, on one of at most {@link MAX_BATCH_STREAMS_PER_PEER} pooled streams.
 * Batching is "natural", never on a timer: a query goes at once when a stream is free; queries made while every
 * stream carries a batch wait and leave together in the next one, so under load one frame, one noise/yamux write
 * and one model run on the server serve up to {@link MAX_BATCH_QUERIES} queries.
 *
 * Each query keeps its own id, deadline and signal: a query whose signal aborts (its timeout, its caller, the
 * client stopping) rejects at once, queued or not; its answer, should it come, is dropped. A batch whose every
 * query is gone throws its stream away (a late answer must never meet the next batch).
 */
import type { Logger, PeerId } from '@libp2p/interface'
import { moemesh } from '../gen/moemesh.js'
import { querybatch } from '../gen/query-batch.js'
import { FRAME_LENGTH_ERRORS, toError } from './errors.js'
import { BATCH_ELEMENT_OVERHEAD, MAX_BATCH_FRAME_BYTES, MAX_BATCH_QUERIES, MAX_BATCH_STREAMS_PER_PEER, MAX_SINGLE_ONLY_PEERS } from './query-constants.js'
import { QueryDialError, QueryProtocolError, QueryStreamError } from './query-errors.js'
import type { StreamPool } from './stream-pool.js'

/** One query's exchange result, as the single-query path returns it. */
export interface Exchanged {
  response: moemesh.QueryResponse
  /** Whether an already open stream carried it. */
  reused: boolean
}

/** Sends one encoded request over `/moemesh/query/1.0.0` (for peers that do not speak the batch protocol). */
export type SingleExchange = (peerId: PeerId, frame: Uint8Array, id: number, signal: AbortSignal) => Promise<Exchanged>

/** Stream failures that, on a stream that sat idle in the pool, mean the remote closed it before our request. */
export const STALE_STREAM_ERRORS = new Set(['UnexpectedEOFError', 'StreamResetError', 'StreamStateError', 'StreamClosedError', 'StreamAbortedError'])


interface Call {
  peerId: PeerId
  id: number
  frame: Uint8Array
  signal: AbortSignal
  state: 'queued' | 'sent' | 'done'
  resolve: (result: Exchanged) => void
  reject: (err: unknown) => void
  cleanup: () => void
}

interface PeerQueue {
  key: string
  queue: Call[]
  /** Batches on the wire now. */
  running: number
  scheduled: boolean
}

/** Per-peer queues of queries, coalesced into batch frames. */
export class QueryBatcher {
  private readonly pool: StreamPool
  private readonly single: SingleExchange
  private readonly log: Logger
  private readonly peers = new Map<string, PeerQueue>()
  /** Peers that refused the batch protocol (older nodes): asked one query per stream from then on. Bounded. */
  private readonly singleOnly = new Set<string>()
  private readonly stats = { batches: 0, batchedQueries: 0, maxBatch: 0 }

  /**
   * @param pool a stream pool speaking QUERY_BATCH_PROTOCOL
   * @param single the single-query exchange, for peers that do not speak it
   */
  constructor (pool: StreamPool, single: SingleExchange, log: Logger) {
    this.pool = pool
    this.single = single
    this.log = log
  }

  /** Batches sent, queries they carried, and the largest batch since start. */
  getStats (): { batches: number, batchedQueries: number, maxBatch: number } {
    return { ...this.stats }
  }

  /** Forget every queue (their queries are rejected by their own signals when the client stops). */
  clear (): void {
    this.peers.clear()
  }

  /**
   * Sends one encoded QueryRequest (id `id`) to `peerId` in the next batch, or over the single-query protocol
   * when the peer does not speak the batch one. Rejects with the signal's reason when it aborts first.
   */
  async exchange (peerId: PeerId, frame: Uint8Array, id: number, signal: AbortSignal): Promise<Exchanged> {
    const key = peerId.toString()
    if (this.singleOnly.has(key)) return await this.single(peerId, frame, id, signal)
    signal.throwIfAborted()
    const { promise, resolve, reject } = Promise.withResolvers<Exchanged>()
    const call: Call = { peerId, id, frame, signal, state: 'queued', resolve, reject, cleanup: () => {} }
    let q = this.peers.get(key)
    if (q == null) {
      q = { key, queue: [], running: 0, scheduled: false }
      this.peers.set(key, q)
    }
    const queue = q
    const onAbort = (): void => {
      if (call.state === 'queued') {
        const i = queue.queue.indexOf(call)
        if (i >= 0) queue.queue.splice(i, 1)
        this.forget(queue)
      }
      this.settle(call, undefined, signal.reason)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    call.cleanup = () => { signal.removeEventListener('abort', onAbort) }
    queue.queue.push(call)
    this.schedule(queue)
    return await promise
  }

  private settle (call: Call, result: Exchanged | undefined, err?: unknown): void {
    if (call.state === 'done') return
    call.state = 'done'
    call.cleanup()
    if (result != null) call.resolve(result)
    else call.reject(err)
  }

  /** Drops an idle, empty queue (one per peer ever asked would otherwise pile up). */
  private forget (q: PeerQueue): void {
    if (q.queue.length === 0 && q.running === 0 && !q.scheduled && this.peers.get(q.key) === q) this.peers.delete(q.key)
  }

  private schedule (q: PeerQueue): void {
    if (q.scheduled || q.running >= MAX_BATCH_STREAMS_PER_PEER || q.queue.length === 0) return
    // A microtask, not a timer: queries made in the same tick share the frame, and none waits for the clock.
    q.scheduled = true
    queueMicrotask(() => {
      q.scheduled = false
      while (q.running < MAX_BATCH_STREAMS_PER_PEER && q.queue.length > 0) {
        const batch = this.take(q)
        q.running++
        void this.send(q, batch).finally(() => {
          q.running--
          this.schedule(q)
          this.forget(q)
        })
      }
      this.forget(q)
    })
  }

  /** The oldest queued queries, up to MAX_BATCH_QUERIES and MAX_BATCH_FRAME_BYTES. */
  private take (q: PeerQueue): Call[] {
    let bytes = 0
    let n = 0
    while (n < q.queue.length && n < MAX_BATCH_QUERIES) {
      const size = q.queue[n].frame.byteLength + BATCH_ELEMENT_OVERHEAD
      if (n > 0 && bytes + size > MAX_BATCH_FRAME_BYTES) break
      bytes += size
      n++
    }
    const batch = q.queue.splice(0, n)
    for (const call of batch) call.state = 'sent'
    return batch
  }

  /** Sends one batch and hands each answer to its query; retries on a fresh stream when a pooled one was stale. */
  private async send (q: PeerQueue, calls: Call[]): Promise<void> {
    const peerId = calls[0].peerId
    // Aborted when every query of the batch is gone: the stream is then thrown away, never reused.
    const gone = new AbortController()
    const live = (): Call[] => calls.filter((c) => c.state !== 'done')
    const onCallAbort = (): void => { if (live().length === 0) gone.abort(new Error('every query of the batch is gone')) }
    for (const c of calls) c.signal.addEventListener('abort', onCallAbort, { once: true })
    try {
      while (true) {
        const pending = live()
        if (pending.length === 0) return
        const frame = querybatch.QueryBatch.encode({ requests: pending.map((c) => c.frame) }).finish()
        let acquired: Awaited<ReturnType<StreamPool['acquire']>>
        try {
          acquired = await this.pool.acquire(peerId, gone.signal)
        } catch (err) {
          if (gone.signal.aborted) return
          if (err instanceof QueryDialError && (err.cause as Error | undefined)?.name === 'UnsupportedProtocolError') {
            this.log('%p does not speak the batch protocol; asking it one query per stream', peerId)
            this.rememberSingleOnly(q.key)
            for (const c of pending) this.fallBack(c)
            return
          }
          for (const c of pending) this.settle(c, undefined, err)
          return
        }
        const { entry, reused } = acquired
        this.stats.batches++
        this.stats.batchedQueries += pending.length
        this.stats.maxBatch = Math.max(this.stats.maxBatch, pending.length)
        const waiting = new Map(pending.map((c) => [c.id, c]))
        let answered = 0
        try {
          await entry.lp.write(frame, { signal: gone.signal })
          while (waiting.size > 0) {
            const bytes = (await entry.lp.read({ signal: gone.signal })).subarray()
            let responses: Uint8Array[]
            try {
              responses = querybatch.QueryBatchAnswers.decode(bytes).responses
            } catch (err) {
              throw new QueryProtocolError('response is not a QueryBatchAnswers', { cause: err })
            }
            if (responses.length === 0) throw new QueryProtocolError('an empty batch answer')
            for (const raw of responses) {
              let response: moemesh.QueryResponse
              try {
                response = moemesh.QueryResponse.decode(raw)
              } catch (err) {
                throw new QueryProtocolError('a batch answer is not a QueryResponse', { cause: err })
              }
              const call = waiting.get(response.id)
              if (call == null) throw new QueryProtocolError(`response id ${String(response.id)} matches no request of the batch`)
              waiting.delete(response.id)
              answered++
              this.settle(call, { response, reused })
            }
          }
          this.pool.release(entry)
          return
        } catch (err) {
          this.pool.discard(entry, toError(err))
          if (gone.signal.aborted) return
          const name = (err as Error)?.name
          if (reused && answered === 0 && STALE_STREAM_ERRORS.has(name)) {
            this.log.trace('pooled batch stream to %p was stale (%s), retrying on another', peerId, name)
            continue
          }
          const failure = err instanceof QueryProtocolError
            ? err
            : FRAME_LENGTH_ERRORS.has(name)
              ? new QueryProtocolError('response frame is larger than the protocol allows', { cause: err })
              : new QueryStreamError({ cause: err })
          for (const c of waiting.values()) this.settle(c, undefined, failure)
          return
        }
      }
    } finally {
      for (const c of calls) c.signal.removeEventListener('abort', onCallAbort)
    }
  }

  /** Sends a batched query over the single-query protocol instead. */
  private fallBack (call: Call): void {
    if (call.state === 'done') return
    this.single(call.peerId, call.frame, call.id, call.signal).then(
      (result) => { this.settle(call, result) },
      (err: unknown) => { this.settle(call, undefined, err) }
    )
  }

  private rememberSingleOnly (key: string): void {
    if (this.singleOnly.size >= MAX_SINGLE_ONLY_PEERS) this.singleOnly.delete(this.singleOnly.values().next().value as string)
    this.singleOnly.add(key)
  }
}
