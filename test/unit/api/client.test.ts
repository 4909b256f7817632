import { createServer, type Server } from 'node:http'
import type { RoutedAnswer } from '../../../src/routing/routed-answer.js'
import { afterEach, describe, expect, it } from 'vitest'
import { MoemeshClient, MAX_RESPONSE_BYTES } from '../../../src/api/client.js'
import { DaemonBadResponseError, DaemonError, DaemonRequestError, DaemonTimeoutError, DaemonUnreachableError } from '../../../src/api/errors.js'
import { ApiServer, type ApiBackend } from '../../../src/api/http-server.js'
import type { QueryRequest } from '../../../src/api/types.js'
import { MoemeshError } from '../../../src/errors.js'
import { PEER, REMOTE_EXPERT, STATUS } from './fixtures.js'

class NoMatchingExpertError extends MoemeshError {
  constructor () { super('no expert in the network matches this query', 'NO_MATCHING_EXPERT') }
}

const ANSWER: RoutedAnswer = {
  label: 'animal-high',
  abstained: false,
  distribution: { 'animal-high': 0.8, 'animal-low': 0.2 },
  confidence: 0.8,
  strategy: 'top1',
  experts: [{ peer: 'p1', expert: 'e1', name: 'wordnet-nature', score: 0.7, similarity: 0.6, gateLogit: 1, gated: false, latencyMs: 3, answer: { label: 'animal-high', confidence: 0.8, distribution: { 'animal-high': 0.8, 'animal-low': 0.2 } }, price: 0 }],
  failed: [],
  timing: { routeMs: 1, totalMs: 2 }
}

let seen: QueryRequest | undefined
const backend: ApiBackend = {
  status: () => STATUS,
  experts: () => [REMOTE_EXPERT],
  peers: () => [PEER],
  query: async (q, { signal }) => {
    seen = q
    if (q.text === 'nothing') throw new NoMatchingExpertError()
    if (q.text === 'slow') await new Promise((resolve) => { const t = setTimeout(resolve, 10_000); signal.addEventListener('abort', () => { clearTimeout(t); resolve(undefined) }) })
    return ANSWER
  },
  addExpert: async (dir) => ({ ...REMOTE_EXPERT, local: true, name: dir, expiresAt: undefined }),
  removeExpert: async (id) => ({ expertId: REMOTE_EXPERT.expert, name: id })
}

const servers: Array<{ stop: () => Promise<void> }> = []
afterEach(async () => { await Promise.all(servers.splice(0).map(async (s) => { await s.stop() })) })

async function api (token?: string): Promise<string> {
  const server = new ApiServer(backend, { host: '127.0.0.1', port: 0, token })
  servers.push(server)
  return `http://127.0.0.1:${(await server.start()).port}`
}

/** A raw HTTP server that answers every request with `handler`. */
async function raw (handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push({ stop: async () => { server.closeAllConnections(); await new Promise((resolve) => server.close(resolve)) } })
  const addr = server.address()
  return `http://127.0.0.1:${typeof addr === 'object' && addr != null ? addr.port : 0}`
}

describe('MoemeshClient', () => {
  it('reads status, experts and peers as camelCase library types', async () => {
    const client = new MoemeshClient({ url: await api() })
    expect(await client.status()).toEqual(STATUS)
    expect(await client.experts()).toEqual([REMOTE_EXPERT])
    expect(await client.peers()).toEqual([PEER])
    const added = await client.addExpert('/pkg')
    expect(added).toMatchObject({ name: '/pkg', local: true, inputKind: 'both' })
    expect(added.expiresAt).toBeUndefined()
    expect(await client.removeExpert('animal/expert')).toEqual({ expertId: REMOTE_EXPERT.expert, name: 'animal/expert' })
  })

  it('sends a query with its options and returns the answer', async () => {
    const client = new MoemeshClient({ url: await api() })
    const answer = await client.query('the animalq1', { k: 2, strategy: 'vote', timeoutMs: 900, maxPrice: 3, budget: 10 })
    expect(answer.label).toBe('animal-high')
    expect(seen).toEqual({ text: 'the animalq1', k: 2, strategy: 'vote', timeoutMs: 900, maxPrice: 3, budget: 10 })
  })

  it("passes on the daemon's error code and status", async () => {
    const client = new MoemeshClient({ url: await api() })
    const err = await client.query('nothing').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DaemonRequestError)
    expect(err).toMatchObject({ name: 'DaemonRequestError', code: 'NO_MATCHING_EXPERT', status: 404, message: 'no expert in the network matches this query' })
  })

  it('sends the bearer token, and without it gets UNAUTHORIZED', async () => {
    const url = await api('correct-horse-battery-staple')
    expect((await new MoemeshClient({ url, token: 'correct-horse-battery-staple' }).status()).peerId).toBe(STATUS.peerId)
    await expect(new MoemeshClient({ url }).status()).rejects.toMatchObject({ code: 'UNAUTHORIZED', status: 401 })
  })

  it('names an address where nothing listens', async () => {
    const url = await raw((_req, res) => { res.end() })
    await servers.pop()?.stop() // the port is now closed
    const err = await new MoemeshClient({ url }).status().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DaemonUnreachableError)
    expect((err as Error).message).toContain(`no moemesh daemon answers at ${url}`)
  })

  it('holds its deadline, and an abort rejects with the caller\'s reason', async () => {
    const client = new MoemeshClient({ url: await api() })
    const started = Date.now()
    const late = await client.query('slow', {}, { timeoutMs: 300 }).catch((e: unknown) => e)
    expect(late).toBeInstanceOf(DaemonTimeoutError)
    expect((late as DaemonError).code).toBe('API_TIMEOUT')
    expect(Date.now() - started).toBeLessThan(5_000)
    const controller = new AbortController()
    const reason = new Error('user pressed stop')
    setTimeout(() => controller.abort(reason), 100)
    await expect(client.query('slow', {}, { signal: controller.signal })).rejects.toBe(reason)
    await expect(client.status({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
  })

  it('refuses answers that are not the API\'s JSON: not JSON, the wrong shape, too large', async () => {
    const notJson = await raw((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>') })
    await expect(new MoemeshClient({ url: notJson }).status()).rejects.toBeInstanceOf(DaemonBadResponseError)
    const wrong = await raw((_req, res) => { res.end(JSON.stringify({ experts: [{ ...REMOTE_EXPERT, labels: 'x' }] })) })
    await expect(new MoemeshClient({ url: wrong }).experts()).rejects.toThrow(/experts\[0\]\.labels is not a list/)
    await expect(new MoemeshClient({ url: wrong }).query('x')).rejects.toMatchObject({ code: 'BAD_RESPONSE' })
    const huge = await raw((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(1024 * 1024, 0x20)
      let sent = 0
      const more = (): void => { while (sent <= MAX_RESPONSE_BYTES && res.write(chunk)) sent += chunk.length; if (sent <= MAX_RESPONSE_BYTES) res.once('drain', more); else res.end() }
      more()
    })
    await expect(new MoemeshClient({ url: huge }).status()).rejects.toThrow(/over 16777216 bytes/)
  })

  it('validates its options', () => {
    expect(() => new MoemeshClient({ url: 'ftp://x' })).toThrow(/url: "ftp:\/\/x" is not an http\(s\) URL/)
    expect(() => new MoemeshClient({ url: 'not a url' })).toThrow(/url:/)
    expect(() => new MoemeshClient({ timeoutMs: -1 })).toThrow(/timeoutMs/)
  })
})
