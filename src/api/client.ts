import { InvalidOptionError } from '../errors.js'
import { durationMs } from '../options.js'
import type { RoutedAnswer } from '../routing/routed-answer.js'
import { DaemonBadResponseError, DaemonRequestError, DaemonTimeoutError, DaemonUnreachableError } from './errors.js'
import type { DaemonStatus, ExpertView, PeerView, QueryRequest, RemovedExpert } from './types.js'
import { answerFromJson, expertFromJson, expertsFromJson, peersFromJson, queryToJson, removedFromJson, statusFromJson } from './wire.js'

/** Largest answer the client reads: a status or an expert list of a large network, with room to spare. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024
/** Default deadline of one call. */
const DEFAULT_TIMEOUT_MS = 30_000
/** Longest deadline a call may be given. */
const MAX_TIMEOUT_MS = 10 * 60_000
/** A query's HTTP deadline is at least its own routing deadline plus this, so the daemon's answer can arrive. */
const QUERY_DEADLINE_MARGIN_MS = 5_000
/** Longest error message from the daemon that is passed on. */
const MAX_ERROR_MESSAGE_CHARS = 1_000

/** Options of {@link MoemeshClient}. */
export interface MoemeshClientInit {
  /** Base URL of the daemon's HTTP API. @default 'http://127.0.0.1:7420' */
  url?: string
  /** Bearer token, when the daemon was started with `--api-token`. @default none */
  token?: string
  /** Deadline of one call in ms (queries get at least their own deadline plus 5 s). @default 30_000 */
  timeoutMs?: number
}

/** Options of each {@link MoemeshClient} call. */
export interface CallOptions {
  signal?: AbortSignal
  /** This call's deadline in ms. @default the client's `timeoutMs` */
  timeoutMs?: number
}

/**
 * A typed client of a running daemon's HTTP API. Every call has a deadline and takes an AbortSignal; failures are
 * {@link DaemonError}s (`DaemonUnreachableError`, `DaemonTimeoutError`, `DaemonRequestError` carrying the
 * daemon's own code, `DaemonBadResponseError`), and an abort rejects with the signal's reason.
 *
 * @example
 * ```ts
 * const client = new MoemeshClient({ url: 'http://127.0.0.1:7420' })
 * const answer = await client.query('a small furry animal that hunts mice', { k: 2 })
 * console.log(answer.label, answer.experts.map((e) => e.name))
 * ```
 */
export class MoemeshClient {
  /** The API base URL, without a trailing slash. */
  readonly url: string
  private readonly token?: string
  private readonly timeoutMs: number

  constructor (init: MoemeshClientInit = {}) {
    const url = init.url ?? 'http://127.0.0.1:7420'
    let parsed: URL
    try { parsed = new URL(url) } catch { throw new InvalidOptionError('url', `"${url}" is not a URL; use e.g. http://127.0.0.1:7420`) }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InvalidOptionError('url', `"${url}" is not an http(s) URL`)
    if (init.token !== undefined && typeof init.token !== 'string') throw new InvalidOptionError('token', 'must be a string')
    this.url = url.replace(/\/+$/, '')
    this.token = init.token
    this.timeoutMs = durationMs('timeoutMs', init.timeoutMs, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS)
  }

  /** The node's identity, addresses, hosted experts and counters (`GET /v1/status`). */
  async status (options: CallOptions = {}): Promise<DaemonStatus> {
    return statusFromJson(await this.request('GET', '/v1/status', undefined, options))
  }

  /** Every expert the node can route to, local ones first (`GET /v1/experts`). */
  async experts (options: CallOptions = {}): Promise<ExpertView[]> {
    return expertsFromJson(await this.request('GET', '/v1/experts', undefined, options))
  }

  /** The node's connected peers (`GET /v1/peers`). */
  async peers (options: CallOptions = {}): Promise<PeerView[]> {
    return peersFromJson(await this.request('GET', '/v1/peers', undefined, options))
  }

  /** Route one query through the network (`POST /v1/query`). */
  async query (text: string, query: Omit<QueryRequest, 'text'> = {}, options: CallOptions = {}): Promise<RoutedAnswer> {
    const timeoutMs = options.timeoutMs ?? Math.max(this.timeoutMs, (query.timeoutMs ?? 0) + QUERY_DEADLINE_MARGIN_MS)
    const json = await this.request('POST', '/v1/query', queryToJson({ ...query, text }), { ...options, timeoutMs })
    return answerFromJson(json)
  }

  /** Host an expert package folder (a path on the daemon's machine) on the node (`POST /v1/experts`). */
  async addExpert (dir: string, options: CallOptions = {}): Promise<ExpertView> {
    return expertFromJson(await this.request('POST', '/v1/experts', { dir }, options))
  }

  /** Stop hosting an expert, by id, id prefix, name or folder (`DELETE /v1/experts/:id`). */
  async removeExpert (idOrName: string, options: CallOptions = {}): Promise<RemovedExpert> {
    return removedFromJson(await this.request('DELETE', `/v1/experts/${encodeURIComponent(idOrName)}`, undefined, options))
  }

  /**
   * One API call; resolves with the parsed JSON exactly as the daemon sent it (for tools that print it).
   * The answer is at most {@link MAX_RESPONSE_BYTES}.
   */
  async request (method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<unknown> {
    options.signal?.throwIfAborted()
    const timeoutMs = durationMs('timeoutMs', options.timeoutMs, this.timeoutMs, MAX_TIMEOUT_MS)
    const deadline = AbortSignal.timeout(timeoutMs)
    const signal = options.signal == null ? deadline : AbortSignal.any([options.signal, deadline])
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (this.token != null) headers.authorization = `Bearer ${this.token}`
    let status: number
    let text: string
    try {
      const res = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal })
      status = res.status
      text = await readText(res, this.url)
    } catch (err) {
      if (options.signal?.aborted === true) throw options.signal.reason
      if (deadline.aborted) throw new DaemonTimeoutError(this.url, timeoutMs)
      if (err instanceof DaemonBadResponseError) throw err
      const cause = (err as Error).cause
      throw new DaemonUnreachableError(this.url, cause instanceof Error ? cause.message : (err as Error).message, { cause: err })
    }
    let parsed: unknown
    try { parsed = text === '' ? {} : JSON.parse(text) } catch { throw new DaemonBadResponseError(`the daemon at ${this.url} sent a non-JSON answer (HTTP ${status})`) }
    if (status < 200 || status > 299) {
      const e = (parsed as { error?: { code?: unknown, message?: unknown } } | null)?.error
      const code = typeof e?.code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(e.code) ? e.code : 'HTTP_ERROR'
      const message = typeof e?.message === 'string' ? e.message.slice(0, MAX_ERROR_MESSAGE_CHARS) : `HTTP ${status}`
      throw new DaemonRequestError(status, code, message)
    }
    return parsed
  }
}

/** Read a response body of at most {@link MAX_RESPONSE_BYTES}. */
async function readText (res: Response, url: string): Promise<string> {
  const tooLarge = (): DaemonBadResponseError => new DaemonBadResponseError(`the daemon at ${url} sent an answer over ${MAX_RESPONSE_BYTES} bytes`)
  if (Number(res.headers.get('content-length') ?? 0) > MAX_RESPONSE_BYTES) {
    await res.body?.cancel().catch(() => {})
    throw tooLarge()
  }
  if (res.body == null) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel().catch(() => {})
      throw tooLarge()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

