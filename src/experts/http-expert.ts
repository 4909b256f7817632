/**
 * An expert served by a model server someone already runs: each query is POSTed as JSON to the endpoint that
 * expert.json's `serving.url` names, and the answer is checked before anything uses it. Every call is bounded:
 * a per-call timeout combined with the caller's signal, a cap on calls in flight, a cap on the response size
 * (read as a stream and cut off), and a strict response contract.
 *
 * The contract, request and response:
 * ```
 * POST <serving.url>   content-type: application/json
 * {"text": "..."}                      // inputKind "text"
 * {"text": "...", "vector": [..dim]}   // inputKind "both": the query's embedding in the network's shared space
 *
 * 200  content-type: application/json
 * {"distribution": [..one non-negative number per label, in expert.json's label order..]}
 * ```
 * The distribution is normalised to sum to 1 here; an all-zero one is refused. Other response fields are ignored.
 */
import { request as httpRequest, Agent as HttpAgent, type ClientRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https'
import { logger } from '@libp2p/logger'
import type { CardData } from '../net/advert-types.js'
import { abortReason, intInRange } from '../options.js'
import { ExpertClosedError, ExpertEndpointError, ExpertPackageError, ExpertResponseError, ExpertTimeoutError, OverloadedError } from './errors.js'
import { checkExpertQuery, expertCard, packageCompetence, temperedAnswer, type CompetenceScores, type Expert, type ExpertQuery } from './expert.js'
import { PrivateCompetence } from './private-competence.js'
import type { ExpertPackage, HttpExpertPackage } from './expert-package.js'
import type { ExpertManifest } from './manifest.js'
import type { HttpServing } from './serving.js'

const log = logger('moemesh:experts:http')

/**
 * Largest response body read from an endpoint. An answer is one number per label (at most 1000 labels, about
 * 25 KiB of JSON); anything near a MiB is a wrong endpoint or a hostile one.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024
/** Largest response limit a caller may set. */
export const MAX_RESPONSE_BYTES_LIMIT = 64 * 1024 * 1024

/** Options of {@link HttpExpert.open}. */
export interface HttpExpertOptions {
  /** Largest response body accepted, in bytes; a longer one is cut off and refused. @default 1048576 */
  maxResponseBytes?: number
  signal?: AbortSignal
}

/** Counters of an HTTP expert, for status pages and tests. */
export interface HttpExpertStats {
  /** Calls that returned a distribution. */
  answered: number
  /** Calls that failed (endpoint down, bad answer, timeout, aborted). */
  failed: number
  /** Calls refused at once because `maxConcurrency` calls were in flight. */
  rejected: number
  /** Calls in flight now. */
  inFlight: number
}

/** A response read in full (within the limit). */
interface EndpointResponse {
  status: number
  contentType: string
  body: Buffer
}

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json\s*(?:;|$)/i

/**
 * An expert whose model runs behind an HTTP endpoint.
 *
 * @example
 * ```ts
 * const pkg = await loadExpertPackage('experts/sentiment') // expert.json has "serving": {"kind": "http", ...}
 * const expert = await HttpExpert.open(pkg)
 * const p = await expert.predict({ text: 'what a lovely day' }, { signal: AbortSignal.timeout(5_000) })
 * await expert.close()
 * ```
 */
export class HttpExpert implements Expert {
  readonly kind = 'http' as const
  /** The validated package this expert was opened from. */
  readonly package: HttpExpertPackage
  private readonly url: URL
  private readonly serving: HttpServing
  private readonly maxResponseBytes: number
  private readonly agent: HttpAgent
  /** Aborts every call in flight when the expert closes. */
  private readonly closing = new AbortController()
  private inFlight = 0
  private readonly counters = { answered: 0, failed: 0, rejected: 0 }
  private readonly privateCompetence?: PrivateCompetence

  private constructor (pkg: HttpExpertPackage, maxResponseBytes: number, priv: PrivateCompetence | undefined) {
    this.package = pkg
    this.privateCompetence = priv
    this.serving = pkg.serving
    this.url = new URL(pkg.serving.url)
    this.maxResponseBytes = maxResponseBytes
    // One agent per expert: keep-alive connections are reused across queries and destroyed on close.
    const agentOptions = { keepAlive: true, maxSockets: pkg.serving.maxConcurrency }
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions)
  }

  /**
   * Opens an HTTP expert package. Nothing is sent to the endpoint until the first query.
   * @throws {ExpertPackageError} for a package that is not served over HTTP; {@link InvalidOptionError} for a bad option.
   */
  static async open (pkg: ExpertPackage, options: HttpExpertOptions = {}): Promise<HttpExpert> {
    options.signal?.throwIfAborted()
    if (pkg.kind !== 'http') {
      throw new ExpertPackageError('has no "serving": {"kind": "http"} in expert.json; open a model.onnx package with LocalExpert', { file: pkg.dir, field: 'serving' })
    }
    const limit = intInRange('maxResponseBytes', options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 1, MAX_RESPONSE_BYTES_LIMIT)
    const priv = pkg.competence?.private != null ? await PrivateCompetence.open(pkg.competence.private, { signal: options.signal }) : undefined
    return new HttpExpert(pkg, limit, priv)
  }

  /** Hex sha256 of the canonical expert.json and capability.bin. */
  get expertId (): string {
    return this.package.expertId
  }

  /** The expert's manifest. */
  get manifest (): ExpertManifest {
    return this.package.manifest
  }

  /** inputKind "both": the endpoint gets the query embedding too. */
  get needsVector (): boolean {
    return this.package.manifest.inputKind === 'both'
  }

  /** Credits per answered query. */
  get price (): number {
    return this.package.manifest.price
  }

  /** Calls in flight over `maxConcurrency`: 1 means the next call is refused. */
  load (): number {
    return Math.min(1, this.inFlight / this.serving.maxConcurrency)
  }

  /** Counters since the expert was opened. */
  stats (): HttpExpertStats {
    return { ...this.counters, inFlight: this.inFlight }
  }

  /**
   * The expert as advertised: a text-only HTTP expert as input kind "text" (reads the raw text, not the shared
   * embedding), a text-and-embedding one as "both".
   */
  card (): CardData {
    return expertCard(this.package, this.load(), this.needsVector ? 'both' : 'text')
  }

  /**
   * Asks the endpoint. Returns probabilities aligned with `manifest.labels`, normalised to sum to 1.
   * @throws {InvalidExpertQueryError} for a malformed query (before anything is sent).
   * @throws {OverloadedError} at once when `serving.maxConcurrency` calls are in flight.
   * @throws {ExpertTimeoutError} when the endpoint takes longer than `serving.timeoutMs`.
   * @throws {ExpertEndpointError} when it cannot be reached or answers with an HTTP error status.
   * @throws {ExpertResponseError} when its answer breaks the contract (type, size, JSON, distribution).
   * @throws {ExpertClosedError} once the expert is closed; the signal's reason when the caller aborts.
   */
  async predict (query: ExpertQuery, options: { signal?: AbortSignal } = {}): Promise<Float32Array> {
    options.signal?.throwIfAborted()
    if (this.closing.signal.aborted) throw new ExpertClosedError(this.manifest.name)
    const vector = checkExpertQuery(query, this.manifest, this.needsVector)
    if (this.inFlight >= this.serving.maxConcurrency) {
      this.counters.rejected++
      throw new OverloadedError(this.inFlight, this.serving.maxConcurrency)
    }
    const body = JSON.stringify(vector == null ? { text: query.text } : { text: query.text, vector: Array.from(vector) })
    // One controller per call, aborted by whichever bound fires first; its reason is the error the caller gets.
    const call = new AbortController()
    const { timeoutMs } = this.serving
    const timer = setTimeout(() => {
      call.abort(new ExpertTimeoutError(`expert ${this.manifest.name} did not answer within its ${timeoutMs} ms timeout (serving.timeoutMs); check the server at ${this.url.origin} or raise the timeout`, timeoutMs))
    }, timeoutMs)
    const caller = options.signal
    const onCallerAbort = (): void => { call.abort(abortReason(caller as AbortSignal)) }
    const onClose = (): void => { call.abort(new ExpertClosedError(this.manifest.name)) }
    caller?.addEventListener('abort', onCallerAbort, { once: true })
    this.closing.signal.addEventListener('abort', onClose, { once: true })
    this.inFlight++
    try {
      const response = await this.post(body, call.signal)
      const distribution = temperedAnswer(this.distributionOf(response), this.manifest)
      this.counters.answered++
      return distribution
    } catch (err) {
      this.counters.failed++
      throw call.signal.aborted ? call.signal.reason : err
    } finally {
      this.inFlight--
      clearTimeout(timer)
      caller?.removeEventListener('abort', onCallerAbort)
      this.closing.signal.removeEventListener('abort', onClose)
    }
  }

  /**
   * The mean cosine of the 10 nearest of the owner's sample inputs (competence.bin) to `query.vector`, and with
   * private data the word n-gram kNN score and the in-domain score of `query.text`; calls no endpoint.
   * Undefined when the package has no competence data.
   * @throws {InvalidExpertQueryError} when the vector is missing or malformed.
   */
  async competence (query: ExpertQuery, options: { signal?: AbortSignal } = {}): Promise<CompetenceScores | undefined> {
    return packageCompetence(this.package.competence, this.privateCompetence, query, this.manifest, options.signal)
  }

  /** Aborts the calls in flight, refuses new ones and closes the kept-alive connections. Idempotent. */
  async close (): Promise<void> {
    if (this.closing.signal.aborted) return
    this.closing.abort()
    this.agent.destroy()
    log('closed %s', this.manifest.name)
  }

  /** POSTs `body` and reads the response, at most `maxResponseBytes` of it. */
  private async post (body: string, signal: AbortSignal): Promise<EndpointResponse> {
    signal.throwIfAborted()
    const name = this.manifest.name
    const where = `${this.url.origin}${this.url.pathname}`
    return await new Promise<EndpointResponse>((resolve, reject) => {
      let settled = false
      let req: ClientRequest | undefined
      let res: IncomingMessage | undefined
      const finish = (err: unknown, value?: EndpointResponse): void => {
        if (settled) return
        settled = true
        signal.removeEventListener('abort', onAbort)
        if (err != null) {
          res?.destroy()
          req?.destroy()
          reject(err)
        } else {
          resolve(value as EndpointResponse)
        }
      }
      const onAbort = (): void => { finish(abortReason(signal)) }
      signal.addEventListener('abort', onAbort, { once: true })
      const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest
      req = send(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': Buffer.byteLength(body)
        }
      })
      req.on('error', (err) => {
        finish(new ExpertEndpointError(`expert ${name} could not reach ${where} (${(err as NodeJS.ErrnoException).code ?? err.message}); is its model server running?`, { cause: err }))
      })
      req.on('response', (response) => {
        res = response
        const status = response.statusCode ?? 0
        if (status < 200 || status > 299) {
          const overloaded = status === 429 || status === 503
          finish(new ExpertEndpointError(`expert ${name}: ${where} answered HTTP ${status}${overloaded ? ' (busy)' : ''}; it must answer 200 with {"distribution": [...]}`, { status, overloaded }))
          return
        }
        const contentType = String(response.headers['content-type'] ?? '')
        if (!JSON_TYPE.test(contentType)) {
          finish(new ExpertResponseError(`expert ${name}: ${where} answered with content-type ${contentType === '' ? '(none)' : JSON.stringify(contentType.slice(0, 60))}; it must answer application/json`, 'content-type'))
          return
        }
        const tooLarge = (): ExpertResponseError => new ExpertResponseError(`expert ${name}: ${where} answered with more than ${this.maxResponseBytes} bytes; an answer is one number per label`, 'too-large')
        const declared = Number(response.headers['content-length'])
        if (Number.isFinite(declared) && declared > this.maxResponseBytes) {
          finish(tooLarge())
          return
        }
        const chunks: Buffer[] = []
        let received = 0
        response.on('data', (chunk: Buffer) => {
          received += chunk.length
          if (received > this.maxResponseBytes) {
            finish(tooLarge())
            return
          }
          chunks.push(chunk)
        })
        response.on('end', () => { finish(undefined, { status, contentType, body: Buffer.concat(chunks, received) }) })
        response.on('error', (err) => {
          finish(new ExpertEndpointError(`expert ${name}: the answer from ${where} broke off (${(err as NodeJS.ErrnoException).code ?? err.message})`, { status, cause: err }))
        })
        // 'aborted' without 'error' happens on some Node versions when the server resets mid-body
        response.on('aborted', () => {
          finish(new ExpertEndpointError(`expert ${name}: the answer from ${where} broke off before its end`, { status }))
        })
      })
      req.end(body)
    })
  }

  /** Parses and checks a response body against the contract, and normalises the distribution. */
  private distributionOf (response: EndpointResponse): Float32Array {
    const name = this.manifest.name
    const labels = this.manifest.labels
    let value: unknown
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(response.body))
    } catch (err) {
      throw new ExpertResponseError(`expert ${name}: the endpoint's answer is not UTF-8 JSON (${(err as Error).message.slice(0, 80)})`, 'not-json', { cause: err })
    }
    const bad = (message: string): ExpertResponseError => new ExpertResponseError(`expert ${name}: the endpoint's answer ${message}`, 'distribution')
    if (value == null || typeof value !== 'object' || Array.isArray(value)) throw bad('is not a JSON object; it must be {"distribution": [...]}')
    const d = (value as Record<string, unknown>).distribution
    if (!Array.isArray(d)) throw bad('has no "distribution" array; it must be {"distribution": [...]}, one number per label')
    if (d.length !== labels.length) throw bad(`has ${d.length} probabilities but the expert has ${labels.length} labels (${labels.slice(0, 5).join(', ')}${labels.length > 5 ? ', ...' : ''})`)
    const out = new Float32Array(d.length)
    let sum = 0
    for (let i = 0; i < d.length; i++) {
      const x = d[i]
      if (typeof x !== 'number' || !Number.isFinite(x)) throw bad(`holds ${JSON.stringify(x)?.slice(0, 20) ?? String(x)} at ${i}, not a finite number`)
      if (x < 0) throw bad(`holds ${x} at ${i}; probabilities must not be negative`)
      sum += x
    }
    if (!Number.isFinite(sum)) throw bad('sums to more than a float can hold; send probabilities (0..1)')
    if (!(sum > 0)) throw bad('sums to 0; at least one label needs a positive probability')
    for (let i = 0; i < d.length; i++) out[i] = (d[i] as number) / sum
    return out
  }
}
