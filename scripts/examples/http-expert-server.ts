/**
 * A tiny model server to offer on moemesh as an HTTP expert: a bag-of-words sentiment classifier (labels
 * `negative,positive`, in that order) on plain node:http. It speaks the HTTP expert contract:
 *
 *   POST /predict  {"text": "..."}  ->  200 {"distribution": [p_negative, p_positive]}
 *
 * Run it, describe it, host it:
 *
 *   node dist/scripts/examples/http-expert-server.js --port 8080
 *   npx moemesh expert describe --data scripts/examples/sentiment-samples.jsonl --out experts/sentiment \
 *     --labels negative,positive --url http://127.0.0.1:8080/predict
 *   npx moemesh expert add experts/sentiment
 *
 * Any server that keeps the contract works the same way: a Python model behind FastAPI, a rules engine, another
 * runtime. The node bounds every call (timeout, response size, calls in flight) and checks every answer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

/** Largest request body read: a query text is at most 16 KiB on the wire, plus a vector when asked for. */
const MAX_BODY_BYTES = 256 * 1024

const POSITIVE = new Set([
  'good', 'great', 'excellent', 'love', 'loved', 'lovely', 'wonderful', 'best', 'amazing', 'enjoyed', 'enjoy', 'fantastic',
  'beautiful', 'brilliant', 'perfect', 'fun', 'happy', 'recommend', 'superb', 'delightful', 'pleasant', 'nice', 'moving',
  'charming', 'gripping', 'masterpiece', 'favourite', 'favorite', 'satisfying', 'fresh', 'clever', 'warm', 'funny'
])
const NEGATIVE = new Set([
  'bad', 'terrible', 'awful', 'boring', 'worst', 'hate', 'hated', 'poor', 'dull', 'waste', 'disappointing', 'disappointed',
  'horrible', 'mediocre', 'stupid', 'ugly', 'weak', 'annoying', 'slow', 'mess', 'fails', 'failed', 'unfortunately',
  'broken', 'rude', 'cold', 'bland', 'predictable', 'pointless', 'tedious', 'refund'
])
const NEGATORS = new Set(['not', 'no', "don't", "didn't", "isn't", "wasn't", 'hardly', 'never'])

/** [p_negative, p_positive]: counts of sentiment words (a negator flips the next one), smoothed. */
export function classify (text: string): [number, number] {
  let positive = 0
  let negative = 0
  let flip = false
  for (const word of text.toLowerCase().match(/[a-z']+/g) ?? []) {
    const isPositive = POSITIVE.has(word)
    const isNegative = NEGATIVE.has(word)
    if (isPositive || isNegative) {
      if (isPositive !== flip) positive++
      else negative++
      flip = false
    } else {
      flip = NEGATORS.has(word)
    }
  }
  const p = (positive + 1) / (positive + negative + 2)
  return [1 - p, p]
}

function send (res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

function handle (req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET' && req.url === '/') {
    send(res, 200, { model: 'bag-of-words sentiment', labels: ['negative', 'positive'], predict: 'POST /predict {"text"}' })
    return
  }
  if (req.method !== 'POST' || req.url !== '/predict') {
    send(res, 404, { error: 'POST /predict {"text": "..."}' })
    return
  }
  const chunks: Buffer[] = []
  let size = 0
  req.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size > MAX_BODY_BYTES) {
      send(res, 413, { error: `the body is larger than ${MAX_BODY_BYTES} bytes` })
      req.destroy()
      return
    }
    chunks.push(chunk)
  })
  req.on('end', () => {
    if (res.headersSent) return
    let text: unknown
    try {
      text = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text?: unknown }).text
    } catch {
      send(res, 400, { error: 'the body must be JSON: {"text": "..."}' })
      return
    }
    if (typeof text !== 'string') {
      send(res, 400, { error: '"text" must be a string' })
      return
    }
    send(res, 200, { distribution: classify(text) })
  })
}

async function main (): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' } } })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535 (got "${values.port}")`)
  const server = createServer(handle)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, values.host, () => { resolve() })
  })
  const address = server.address()
  const bound = typeof address === 'object' && address != null ? address.port : port
  console.log(`sentiment model serving at http://${values.host}:${bound}/predict (labels: negative, positive); Ctrl-C stops it`)
  const stop = (): void => {
    server.closeAllConnections()
    server.close(() => { process.exit(0) })
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

// Run as a program (not when a test imports classify).
if (process.argv[1] != null && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: Error) => {
    console.error(`error: ${err.message}`)
    process.exit(1)
  })
}
