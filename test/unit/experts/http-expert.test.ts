/**
 * HttpExpert against a real model server on 127.0.0.1: what is sent, what a good answer becomes, and every way
 * a server can answer badly (wrong length, non-finite, too large, too slow, not JSON, down, aborted, busy).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ExpertClosedError, ExpertEndpointError, ExpertResponseError, ExpertTimeoutError, InvalidExpertQueryError, OverloadedError } from '../../../src/experts/errors.js'
import { writeExpertPackage, type ExpertPackage } from '../../../src/experts/expert-package.js'
import { HttpExpert } from '../../../src/experts/http-expert.js'
import type { ExpertManifest } from '../../../src/experts/manifest.js'
import { httpExpertManifest, sendDistribution, startModelServer, type ModelServer } from '../../helpers/model-server.js'

const DIM = 8
const SPACE = 'ab'.repeat(32)

let root: string
let server: ModelServer
let packageCount = 0
const opened: HttpExpert[] = []

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'moemesh-http-expert-'))
  server = await startModelServer()
})
afterAll(async () => {
  await server.close()
  await rm(root, { recursive: true, force: true })
})
afterEach(async () => {
  await Promise.all(opened.splice(0).map(async (e) => { await e.close() }))
  server.requests.length = 0
  server.setHandler((_req, res) => { sendDistribution(res, [0.25, 0.75]) })
})

const httpManifest = (url: string, serving: Record<string, unknown> = {}, inputKind: 'text' | 'both' = 'text'): ExpertManifest =>
  httpExpertManifest({ url, serving, inputKind, spaceId: SPACE, dim: DIM })

const unit = (i: number): Float32Array => { const v = new Float32Array(DIM); v[i % DIM] = 1; return v }

async function open (serving: Record<string, unknown> = {}, options: { inputKind?: 'text' | 'both', maxResponseBytes?: number, url?: string } = {}): Promise<HttpExpert> {
  const pkg: ExpertPackage = await writeExpertPackage(join(root, `p${packageCount++}`), {
    manifest: httpManifest(options.url ?? server.url, serving, options.inputKind),
    centroids: [unit(0), unit(1)]
  })
  const expert = await HttpExpert.open(pkg, { maxResponseBytes: options.maxResponseBytes })
  opened.push(expert)
  return expert
}

function answerRaw (status: number, body: string | Buffer, contentType = 'application/json'): void {
  server.setHandler((_req, res) => {
    res.writeHead(status, { 'content-type': contentType })
    res.end(body)
  })
}

describe('HttpExpert', () => {
  it('POSTs {"text"} as JSON and returns the normalised distribution; the card is the package\'s', async () => {
    const expert = await open()
    server.setHandler((_req, res) => { sendDistribution(res, [3, 1]) })
    const p = await expert.predict({ text: 'what a lovely film', vector: unit(3) })
    expect(Array.from(p)).toEqual([0.75, 0.25])
    expect(server.requests).toHaveLength(1)
    const [r] = server.requests
    expect(r.method).toBe('POST')
    expect(r.url).toBe('/predict')
    expect(r.headers['content-type']).toBe('application/json')
    // inputKind "text": the vector is not sent even when the caller has one
    expect(JSON.parse(r.body)).toEqual({ text: 'what a lovely film' })
    expect(expert.needsVector).toBe(false)
    expect(expert.price).toBe(0.5)
    expect(expert.kind).toBe('http')

    const card = expert.card()
    expect(card).toMatchObject({ expertId: expert.expertId, name: 'sentiment', labels: ['negative', 'positive'], price: 0.5, load: 0, inputKind: 'text', dim: DIM, spaceId: SPACE })
    expect(card.centroids).toHaveLength(2)
    expect(expert.stats()).toEqual({ answered: 1, failed: 0, rejected: 0, inFlight: 0 })
  })

  it('sends the query vector only when expert.json asks for it (inputKind "both"), and refuses a query without one', async () => {
    const expert = await open({}, { inputKind: 'both' })
    expect(expert.needsVector).toBe(true)
    expect(expert.card().inputKind).toBe('both')
    await expect(expert.predict({ text: 'no vector' })).rejects.toBeInstanceOf(InvalidExpertQueryError)
    await expect(expert.predict({ text: 'short vector', vector: new Float32Array(3) })).rejects.toThrow(/needs dim 8/)
    expect(server.requests).toHaveLength(0)
    const v = Float32Array.from([0.5, -0.25, 0, 0, 0, 0, 0, 0.125])
    await expert.predict({ text: 'with vector', vector: v })
    expect(JSON.parse(server.requests[0].body)).toEqual({ text: 'with vector', vector: [0.5, -0.25, 0, 0, 0, 0, 0, 0.125] })
  })

  it('refuses answers that break the contract, naming what is wrong, and keeps serving', async () => {
    const expert = await open()
    const cases: Array<[() => void, RegExp, string]> = [
      [() => { server.setHandler((_req, res) => { sendDistribution(res, [0.2, 0.3, 0.5]) }) }, /has 3 probabilities but the expert has 2 labels \(negative, positive\)/, 'distribution'],
      [() => { answerRaw(200, '{"distribution": [NaN, 1]}') }, /not UTF-8 JSON/, 'not-json'],
      [() => { answerRaw(200, '{"distribution": [1e400, 1]}') }, /not a finite number/, 'distribution'],
      [() => { answerRaw(200, '{"distribution": [null, 1]}') }, /holds null at 0, not a finite number/, 'distribution'],
      [() => { answerRaw(200, '{"distribution": ["0.5", 0.5]}') }, /not a finite number/, 'distribution'],
      [() => { answerRaw(200, '{"distribution": [-0.5, 1.5]}') }, /must not be negative/, 'distribution'],
      [() => { answerRaw(200, '{"distribution": [0, 0]}') }, /sums to 0/, 'distribution'],
      [() => { answerRaw(200, '{"probabilities": [0.5, 0.5]}') }, /has no "distribution" array/, 'distribution'],
      [() => { answerRaw(200, '[0.5, 0.5]') }, /is not a JSON object/, 'distribution'],
      [() => { answerRaw(200, '<html>oops</html>') }, /not UTF-8 JSON/, 'not-json'],
      [() => { answerRaw(200, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])) }, /not UTF-8 JSON/, 'not-json'],
      [() => { answerRaw(200, '{"distribution": [0.5, 0.5]}', 'text/html') }, /content-type "text\/html"; it must answer application\/json/, 'content-type']
    ]
    for (const [setup, message, problem] of cases) {
      setup()
      const err = await expert.predict({ text: 'x' }).catch((e: unknown) => e)
      expect(err, message.source).toBeInstanceOf(ExpertResponseError)
      expect((err as ExpertResponseError).code).toBe('ENDPOINT_BAD_RESPONSE')
      expect((err as ExpertResponseError).problem).toBe(problem)
      expect((err as Error).message).toMatch(message)
      expect((err as Error).message).not.toMatch(/\n/)
    }
    // a JSON content type with a charset or a +json suffix is fine, and extra fields are ignored
    answerRaw(200, '{"distribution": [1, 1], "model": "v2"}', 'application/vnd.example+json; charset=utf-8')
    expect(Array.from(await expert.predict({ text: 'x' }))).toEqual([0.5, 0.5])
    expect(expert.stats()).toMatchObject({ answered: 1, failed: cases.length, inFlight: 0 })
  })

  it('cuts off a response body over the limit, declared or streamed, at the 1 MiB default too', async () => {
    const small = await open({}, { maxResponseBytes: 1024 })
    answerRaw(200, JSON.stringify({ distribution: [0.5, 0.5], padding: 'x'.repeat(2000) }))
    await expect(small.predict({ text: 'x' })).rejects.toMatchObject({ name: 'ExpertResponseError', problem: 'too-large' })

    // streamed without a content-length, never ending on its own: the reader must stop at the limit
    const big = await open()
    let written = 0
    server.setHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      const pump = (): void => {
        while (!res.destroyed && written < 8 * 1024 * 1024) {
          written += chunk.length
          if (!res.write(chunk)) { res.once('drain', pump); return }
        }
      }
      res.write('{"distribution": [0.5, 0.5], "pad": "')
      pump()
    })
    const err = await big.predict({ text: 'x' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ExpertResponseError)
    expect((err as ExpertResponseError).problem).toBe('too-large')
    expect((err as Error).message).toMatch(/more than 1048576 bytes/)
    expect(written).toBeLessThan(8 * 1024 * 1024)

    server.setHandler((_req, res) => { sendDistribution(res, [1, 3]) })
    expect(Array.from(await big.predict({ text: 'x' }))).toEqual([0.25, 0.75])
  })

  it('fails with ExpertTimeoutError when the server is slower than serving.timeoutMs, and the slot is freed', async () => {
    const expert = await open({ timeoutMs: 150 })
    server.setHandler(() => { /* never answers */ })
    const err = await expert.predict({ text: 'slow' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ExpertTimeoutError)
    expect(err).toMatchObject({ code: 'ENDPOINT_TIMEOUT', timeoutMs: 150 })
    expect((err as Error).message).toMatch(/did not answer within its 150 ms timeout/)
    expect(expert.stats().inFlight).toBe(0)
    expect(expert.load()).toBe(0)
  })

  it('says the server is down, or answered an HTTP error; 429 and 503 mean overloaded; redirects are not followed', async () => {
    const down = await startModelServer()
    const url = down.url
    await down.close()
    const orphan = await open({}, { url })
    const err = await orphan.predict({ text: 'anyone?' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ExpertEndpointError)
    expect(err).toMatchObject({ code: 'ENDPOINT_UNAVAILABLE', status: undefined })
    expect((err as Error).message).toMatch(/could not reach http:\/\/127\.0\.0\.1:\d+\/predict \(ECONNREFUSED\); is its model server running\?/)

    const expert = await open()
    for (const [status, code] of [[500, 'ENDPOINT_UNAVAILABLE'], [404, 'ENDPOINT_UNAVAILABLE'], [429, 'ENDPOINT_OVERLOADED'], [503, 'ENDPOINT_OVERLOADED']] as const) {
      answerRaw(status, '{"error": "nope"}')
      await expect(expert.predict({ text: 'x' })).rejects.toMatchObject({ name: 'ExpertEndpointError', code, status })
    }
    server.setHandler((_req, res) => { res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }); res.end() })
    await expect(expert.predict({ text: 'x' })).rejects.toMatchObject({ name: 'ExpertEndpointError', status: 302 })
  })

  it('gives the caller\'s abort reason when the caller aborts mid-call, and the server sees the request dropped', async () => {
    const expert = await open()
    let dropped = false
    server.setHandler((req) => { req.socket.once('close', () => { dropped = true }) })
    const controller = new AbortController()
    const call = expert.predict({ text: 'wait' }, { signal: controller.signal })
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    controller.abort()
    const err = await call.catch((e: unknown) => e)
    expect((err as Error).name).toBe('AbortError')
    while (!dropped) await new Promise((resolve) => setTimeout(resolve, 5))
    // an already aborted signal sends nothing
    await expect(expert.predict({ text: 'never' }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' })
    expect(server.requests).toHaveLength(1)
  })

  it('refuses a call past maxConcurrency at once with OverloadedError, and reports its load', async () => {
    const expert = await open({ maxConcurrency: 2 })
    const held: Array<() => void> = []
    server.setHandler((_req, res) => { held.push(() => { sendDistribution(res, [1, 0]) }) })
    const a = expert.predict({ text: 'a' })
    const b = expert.predict({ text: 'b' })
    expect(expert.load()).toBe(1)
    expect(expert.card().load).toBe(1)
    const err = await expert.predict({ text: 'c' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OverloadedError)
    expect(err).toMatchObject({ code: 'OVERLOADED', queuedRows: 2, maxQueue: 2 })
    while (held.length < 2) await new Promise((resolve) => setTimeout(resolve, 5))
    held.forEach((answer) => { answer() })
    expect((await Promise.all([a, b])).map((p) => Array.from(p))).toEqual([[1, 0], [1, 0]])
    expect(expert.load()).toBe(0)
    expect(expert.stats()).toEqual({ answered: 2, failed: 0, rejected: 1, inFlight: 0 })
  })

  it('close() fails the calls in flight and refuses new ones', async () => {
    const expert = await open()
    server.setHandler(() => { /* never answers */ })
    const call = expert.predict({ text: 'hanging' })
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    await expert.close()
    await expect(call).rejects.toBeInstanceOf(ExpertClosedError)
    await expect(expert.predict({ text: 'after' })).rejects.toMatchObject({ code: 'EXPERT_CLOSED' })
    await expert.close()
  })

  it('refuses to open an ONNX package, and a bad response limit', async () => {
    const pkg = await writeExpertPackage(join(root, `p${packageCount++}`), { manifest: httpManifest(server.url), centroids: [unit(0)] })
    await expect(HttpExpert.open({ ...pkg, kind: 'onnx', modelBytes: new Uint8Array(1) } as ExpertPackage)).rejects.toThrow(/LocalExpert/)
    await expect(HttpExpert.open(pkg, { maxResponseBytes: 0 })).rejects.toThrow(/^maxResponseBytes: /)
  })
})
