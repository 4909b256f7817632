/**
 * A model server for tests of HTTP experts: plain node:http on 127.0.0.1 (random port), recording every request,
 * answering with whatever the test's handler does. Stop it with `close()` (it drops kept-alive connections).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EXPERT_FORMAT, type ExpertManifest } from '../../src/experts/manifest.js'

/** One request the server received. */
export interface RecordedRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

/** Answers one request; `body` is the request body, read in full. */
export type ModelHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void

/** A running test model server. */
export interface ModelServer {
  /** `http://127.0.0.1:<port>/predict` */
  url: string
  port: number
  requests: RecordedRequest[]
  /** Replace how the server answers. */
  setHandler: (handler: ModelHandler) => void
  /** Stop listening and drop every connection. */
  close: () => Promise<void>
}

/** Answer `{"distribution": [...]}` as JSON. */
export function sendDistribution (res: ServerResponse, distribution: unknown[]): void {
  const body = JSON.stringify({ distribution })
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

/** Start a model server on 127.0.0.1 with `handler` (default: a fixed two-label answer). */
export async function startModelServer (handler: ModelHandler = (_req, res) => { sendDistribution(res, [0.25, 0.75]) }, port = 0): Promise<ModelServer> {
  let current = handler
  const requests: RecordedRequest[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      current(req, res, body)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve() })
  })
  const bound = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${bound}/predict`,
    port: bound,
    requests,
    setHandler: (h) => { current = h },
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => { resolve() }))
    }
  }
}

/** The expert.json of a two-label (negative, positive) expert served at `url`. */
export function httpExpertManifest (init: { url: string, spaceId: string, dim: number, name?: string, serving?: Record<string, unknown>, inputKind?: 'text' | 'both', price?: number }): ExpertManifest {
  return {
    format: EXPERT_FORMAT,
    name: init.name ?? 'sentiment',
    version: '1.0.0',
    task: 'classification',
    inputKind: init.inputKind ?? 'text',
    labels: ['negative', 'positive'],
    description: 'says whether a review is positive',
    trainedOn: { source: 'sample queries', examples: 4, license: 'unspecified' },
    license: 'MIT',
    price: init.price ?? 0.5,
    spaceId: init.spaceId,
    dim: init.dim,
    serving: { kind: 'http', url: init.url, timeoutMs: 2_000, maxConcurrency: 8, ...init.serving }
  } as ExpertManifest
}
