import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import { defaultLogger, type ComponentLogger, type Logger } from '@libp2p/logger'
import { MoemeshError } from '../errors.js'
import type { z } from 'zod'
import type { RoutedAnswer } from '../routing/routed-answer.js'
import { openApiJson } from './openapi.js'
import { AddExpertRequestSchema, QueryRequestSchema } from './schemas.js'
import type { DaemonStatus, ExpertView, PeerView, QueryRequest, RemovedExpert } from './types.js'
import type { CapabilityMapView } from './capability-map.js'
import { answerToJson, expertToJson, peerToJson, queryFromJson, statusToJson } from './wire.js'
import { handleLedgerRoute, type LedgerView } from './ledger-route.js'

/** Largest request body the API reads. A query is a sentence or a paragraph, not a book. */
export const MAX_BODY_BYTES = 64 * 1024
/** Time a client gets to send its whole request body. */
const BODY_TIMEOUT_MS = 10_000

/** What the API serves, as library types; the server maps them to the API's JSON. The node implements it. */
export interface ApiBackend {
  status: () => DaemonStatus
  experts: () => ExpertView[]
  peers: () => PeerView[]
  query: (query: QueryRequest, options: { signal: AbortSignal }) => Promise<RoutedAnswer>
  addExpert: (dir: string, options: { signal: AbortSignal }) => Promise<ExpertView>
  removeExpert: (idOrName: string) => Promise<RemovedExpert>
  /** The node's metrics in the Prometheus text format (`GET /metrics`); without it that route is a 404. */
  metrics?: () => Promise<{ contentType: string, text: string }>
  /** The capability map (`GET /v1/map`); a backend without one answers 404 there. */
  map?: () => CapabilityMapView
  /** Balances per peer and the newest receipts (`GET /v1/ledger`); absent: 404. */
  ledger?: () => LedgerView
}

/** An HTTP error with a status and a stable code. */
export class HttpError extends MoemeshError {
  readonly status: number
  constructor (status: number, code: string, message: string) {
    super(message, code)
    this.status = status
  }
}

/** Maps typed errors from the layers below to HTTP statuses; anything unknown is a 500. */
const STATUS_BY_CODE: Record<string, number> = {
  INVALID_OPTION: 400,
  BAD_REQUEST: 400,
  NO_MATCHING_EXPERT: 404,
  UNKNOWN_EXPERT: 404,
  EXPERT_PACKAGE_INVALID: 400,
  SPACE_MISMATCH: 400,
  DUPLICATE_EXPERT: 409,
  EXPERT_PATH_NOT_ALLOWED: 403,
  MODEL_LOAD_FAILED: 400,
  ADVERT_TOO_LARGE: 400,
  INVALID_ADVERT: 400,
  NOT_RUNNING: 503,
  OVERLOADED: 503,
  QUERY_FAILED: 502,
  PAYMENT_REQUIRED: 402,
  QUERY_TIMEOUT: 504,
  DEADLINE_EXCEEDED: 504,
  ABORTED: 499
}

/** Options of {@link ApiServer}. */
export interface ApiServerInit {
  /** @default '127.0.0.1' */
  host?: string
  /** 0 picks a free port. @default 7420 */
  port?: number
  /** When set, every /v1 request needs `Authorization: Bearer <token>`. */
  token?: string
  /** Static dashboard HTML served at `/`. */
  dashboardHtml?: string
  /** Where the server logs (`moemesh:api`). @default defaultLogger() of `@libp2p/logger` */
  logger?: ComponentLogger
}

function send (res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, 'application/json; charset=utf-8', JSON.stringify(body))
}

function sendText (res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' })
  res.end(text)
}

async function readJson (req: IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, 'BODY_TOO_LARGE', `request body is over ${MAX_BODY_BYTES} bytes`)
  const chunks: Buffer[] = []
  let size = 0
  const timer = setTimeout(() => req.destroy(new Error('body timeout')), BODY_TIMEOUT_MS)
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).byteLength
      if (size > MAX_BODY_BYTES) throw new HttpError(413, 'BODY_TOO_LARGE', `request body is over ${MAX_BODY_BYTES} bytes`)
      chunks.push(chunk as Buffer)
    }
  } finally {
    clearTimeout(timer)
  }
  if (size === 0) return {}
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new HttpError(400, 'BAD_JSON', 'request body is not valid JSON')
  }
}

/**
 * Validate an untrusted JSON body with one of the API's schemas (`schemas.ts`).
 * @throws {HttpError} 400 BAD_REQUEST with the first wrong field's one-line message
 */
export function parseBody<T extends z.ZodType> (schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  throw new HttpError(400, 'BAD_REQUEST', issue?.message ?? 'the request body is not what this API expects')
}

/** Validate a POST /v1/query body (the API's snake_case JSON) into a {@link QueryRequest}. */
export function parseQuery (body: unknown): QueryRequest {
  return queryFromJson(parseBody(QueryRequestSchema, body))
}

/**
 * The node's HTTP API: `POST /v1/query`, `GET /v1/experts`, `POST /v1/experts`, `DELETE /v1/experts/:id`,
 * `GET /v1/peers`, `GET /v1/status`, `GET /v1/map`, `GET /v1/openapi.json` (this list, documented: see `openapi.ts`),
 * `GET /metrics`, `GET /healthz`, and the dashboard at `/`. Request bodies are validated by the schemas of
 * `schemas.ts`. Errors are JSON `{ error: { code, message } }`.
 */
export class ApiServer {
  private readonly backend: ApiBackend
  private readonly init: ApiServerInit
  private server?: Server
  private readonly inflight = new Set<AbortController>()
  private readonly log: Logger

  constructor (backend: ApiBackend, init: ApiServerInit = {}) {
    this.backend = backend
    this.init = init
    this.log = (init.logger ?? defaultLogger()).forComponent('moemesh:api')
  }

  /** Listen; resolves with the bound address. */
  async start (): Promise<{ host: string, port: number }> {
    const server = createServer((req, res) => { void this.handle(req, res) })
    server.headersTimeout = 15_000
    server.requestTimeout = 70_000
    this.server = server
    const host = this.init.host ?? '127.0.0.1'
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.init.port ?? 7420, host, () => { server.off('error', reject); resolve() })
    })
    const addr = server.address()
    const port = typeof addr === 'object' && addr != null ? addr.port : 0
    return { host, port }
  }

  /** Stop accepting, abort queries in flight, close idle keep-alive sockets. */
  async stop (): Promise<void> {
    for (const c of this.inflight) c.abort(new Error('server stopping'))
    const server = this.server
    if (server == null) return
    this.server = undefined
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }

  /**
   * Browsers are the threat to a loopback API: a page the user visits may send requests to 127.0.0.1 (CSRF), or
   * rebind its own host name to 127.0.0.1 (DNS rebinding). So: a request that names a foreign Origin is refused,
   * and without a token only loopback Host names are accepted.
   */
  private checkOrigin (req: IncomingMessage): void {
    const host = req.headers.host ?? ''
    const origin = req.headers.origin
    if (origin != null && origin !== `http://${host}`) throw new HttpError(403, 'FORBIDDEN_ORIGIN', `requests from ${origin} are not allowed; use the dashboard served by this node`)
    if (this.init.token == null || this.init.token === '') {
      const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
      if (!(name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name))) {
        throw new HttpError(403, 'FORBIDDEN_HOST', `host "${host}" is not this machine; without --api-token the API answers loopback names only`)
      }
    }
  }

  private authorised (req: IncomingMessage): boolean {
    const token = this.init.token
    if (token == null || token === '') return true
    const header = req.headers.authorization ?? ''
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '')
    const want = Buffer.from(token)
    return given.length === want.length && timingSafeEqual(given, want)
  }

  private async handle (req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController()
    this.inflight.add(controller)
    res.on('close', () => { if (!res.writableFinished) controller.abort(new Error('client went away')) })
    try {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const path = url.pathname
      if (req.method === 'GET' && path === '/healthz') { send(res, 200, { ok: true }); return }
      if (req.method === 'GET' && (path === '/' || path === '/index.html') && this.init.dashboardHtml != null) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        res.end(this.init.dashboardHtml)
        return
      }
      if (req.method === 'GET' && path === '/metrics' && this.backend.metrics != null) {
        // the same guards as /v1: a scraper sends `Authorization: Bearer <token>` when the node has one
        this.checkOrigin(req)
        if (!this.authorised(req)) throw new HttpError(401, 'UNAUTHORIZED', 'missing or wrong bearer token (Authorization: Bearer <token>)')
        const { contentType, text } = await this.backend.metrics()
        res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' })
        res.end(text)
        return
      }
      if (!path.startsWith('/v1/')) throw new HttpError(404, 'NOT_FOUND', `no route ${req.method ?? ''} ${path}`)
      this.checkOrigin(req)
      if (!this.authorised(req)) throw new HttpError(401, 'UNAUTHORIZED', 'missing or wrong bearer token (Authorization: Bearer <token>)')
      if (req.method === 'POST' && !(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
        // a web page can POST text/plain cross-origin without asking first; JSON needs a CORS preflight we never grant
        throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON with content-type: application/json')
      }
      const signal = controller.signal
      if (req.method === 'GET' && path === '/v1/status') { send(res, 200, statusToJson(this.backend.status())); return }
      if (req.method === 'GET' && path === '/v1/experts') { send(res, 200, { experts: this.backend.experts().map(expertToJson) }); return }
      if (req.method === 'GET' && path === '/v1/peers') { send(res, 200, { peers: this.backend.peers().map(peerToJson) }); return }
      if (req.method === 'GET' && path === '/v1/openapi.json') { sendText(res, 200, 'application/json; charset=utf-8', openApiJson()); return }
      if (req.method === 'GET' && path === '/v1/map' && this.backend.map != null) { send(res, 200, this.backend.map()); return }
      if (req.method === 'GET' && path === '/v1/ledger') { const r = handleLedgerRoute(this.backend.ledger); send(res, r.status, r.body); return }
      if (req.method === 'POST' && path === '/v1/query') {
        const query = parseQuery(await readJson(req))
        send(res, 200, answerToJson(await this.backend.query(query, { signal })))
        return
      }
      if (req.method === 'POST' && path === '/v1/experts') {
        const { dir } = parseBody(AddExpertRequestSchema, await readJson(req))
        send(res, 201, expertToJson(await this.backend.addExpert(dir, { signal })))
        return
      }
      const del = /^\/v1\/experts\/([^/]+)$/.exec(path)
      if (req.method === 'DELETE' && del != null) {
        let which: string
        try { which = decodeURIComponent(del[1]) } catch { throw new HttpError(400, 'BAD_REQUEST', 'the expert id in the path is not valid percent-encoding') }
        send(res, 200, await this.backend.removeExpert(which))
        return
      }
      throw new HttpError(404, 'NOT_FOUND', `no route ${req.method ?? ''} ${path}`)
    } catch (err) {
      const e = err as Error & { code?: string, status?: number }
      const status = e instanceof HttpError ? e.status : STATUS_BY_CODE[e.code ?? ''] ?? 500
      if (status >= 500) this.log.error('%s %s failed: %e', req.method, req.url, err)
      if (!res.headersSent) send(res, status, { error: { code: e.code ?? 'INTERNAL', message: status === 500 ? 'internal error; see the daemon log' : e.message } })
      else res.destroy()
    } finally {
      this.inflight.delete(controller)
    }
  }
}
