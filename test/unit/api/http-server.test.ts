import { afterEach, describe, expect, it } from 'vitest'
import type { RoutedAnswer } from '../../../src/routing/routed-answer.js'
import { ApiServer, MAX_BODY_BYTES, type ApiBackend } from '../../../src/api/http-server.js'
import { MoemeshError } from '../../../src/errors.js'
import { PEER, REMOTE_EXPERT, STATUS } from './fixtures.js'

const JSON_HEADERS = { 'content-type': 'application/json' }

class NoMatchingExpertError extends MoemeshError {
  constructor () { super('no expert in the network matches this query', 'NO_MATCHING_EXPERT') }
}

const backend: ApiBackend = {
  status: () => STATUS,
  experts: () => [REMOTE_EXPERT],
  peers: () => [PEER],
  query: async (q) => {
    if (q.text === 'nothing') throw new NoMatchingExpertError()
    if (q.text === 'boom') throw new Error('secret internal detail')
    // echoes what the server parsed, so the test can check the body's mapping to the library's QueryRequest
    return { label: q.text.toUpperCase(), k: q.k ?? null, timeoutMs: q.timeoutMs ?? null, maxPrice: q.maxPrice ?? null } as unknown as RoutedAnswer
  },
  addExpert: async (dir) => ({ ...REMOTE_EXPERT, local: true, name: dir, expiresAt: undefined }),
  removeExpert: async (id) => ({ expertId: 'ab'.repeat(32), name: id }),
  metrics: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', text: 'moemesh_queries_total{outcome="answered"} 3\n' })
}

let server: ApiServer | undefined
afterEach(async () => { await server?.stop(); server = undefined })

async function start (token?: string): Promise<string> {
  server = new ApiServer(backend, { host: '127.0.0.1', port: 0, token, dashboardHtml: '<html>dash</html>' })
  const { port } = await server.start()
  return `http://127.0.0.1:${port}`
}

describe('HTTP API', () => {
  it('answers queries and serves health and the dashboard', async () => {
    const url = await start()
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true })
    expect(await (await fetch(url)).text()).toContain('dash')
    const res = await fetch(`${url}/v1/query`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ text: 'hello', k: 3 }) })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ label: 'HELLO', k: 3, timeoutMs: null, maxPrice: null })
    // the body's snake_case fields reach the node as the library's camelCase ones
    const timed = await fetch(`${url}/v1/query`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ text: 'hi', timeout_ms: 700, max_price: 2 }) })
    expect(await timed.json()).toMatchObject({ timeoutMs: 700, maxPrice: 2 })
  })

  it('serves status, experts and peers with the JSON field names it always had', async () => {
    const url = await start()
    const status = await (await fetch(`${url}/v1/status`)).json() as Record<string, unknown>
    expect(Object.keys(status)).toEqual(['peerId', 'addrs', 'api', 'spaceId', 'dim', 'experts', 'peers', 'cards_known', 'ledger', 'adverts', 'advert_sync', 'query_server', 'query_client', 'connectivity'])
    expect(status).toMatchObject({ cards_known: 7, advert_sync: { served: 2 }, query_server: { badFrames: 1 }, query_client: { streamsOpened: 4 } })
    const experts = await (await fetch(`${url}/v1/experts`)).json() as { experts: Array<Record<string, unknown>> }
    expect(experts.experts[0]).toMatchObject({ input_kind: 'both', expires_at: REMOTE_EXPERT.expiresAt })
    expect(experts.experts[0]).not.toHaveProperty('inputKind')
    const peers = await (await fetch(`${url}/v1/peers`)).json() as { peers: Array<Record<string, unknown>> }
    expect(peers.peers[0]).toEqual({ peer: PEER.peer, addrs: PEER.addrs, experts: 1, reputation: 0.5, latency_ms: 12.5 })
    const added = await fetch(`${url}/v1/experts`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ dir: '/x' }) })
    expect(added.status).toBe(201)
    const addedJson = await added.json() as Record<string, unknown>
    expect(addedJson).toMatchObject({ local: true, name: '/x', input_kind: 'both' })
    expect(addedJson).not.toHaveProperty('expires_at')
    expect(await (await fetch(`${url}/v1/experts/x`, { method: 'DELETE' })).json()).toEqual({ expertId: 'ab'.repeat(32), name: 'x' })
  })

  it('returns JSON errors with a code, mapping typed errors to statuses and hiding internals', async () => {
    const url = await start()
    const bad = await fetch(`${url}/v1/query`, { method: 'POST', headers: JSON_HEADERS, body: '{"text": ' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as any).error.code).toBe('BAD_JSON')
    const noText = await fetch(`${url}/v1/query`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ k: 2 }) })
    expect(((await noText.json()) as any).error.message).toMatch(/text must be a non-empty string/)
    const badK = await fetch(`${url}/v1/query`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ text: 'a', k: 99 }) })
    expect(((await badK.json()) as any).error.message).toMatch(/k must be an integer from 1 to 16/)
    const none = await fetch(`${url}/v1/query`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ text: 'nothing' }) })
    expect(none.status).toBe(404)
    expect(((await none.json()) as any).error.code).toBe('NO_MATCHING_EXPERT')
    const boom = await fetch(`${url}/v1/query`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ text: 'boom' }) })
    expect(boom.status).toBe(500)
    expect(JSON.stringify(await boom.json())).not.toContain('secret')
    expect((await fetch(`${url}/v1/nope`)).status).toBe(404)
  })

  it('refuses bodies over the limit', async () => {
    const url = await start()
    const res = await fetch(`${url}/v1/query`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ text: 'x'.repeat(MAX_BODY_BYTES + 10) }) })
    expect(res.status).toBe(413)
    // and still serves afterwards
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
  })

  it('requires the bearer token when one is set', async () => {
    const url = await start('correct-horse-battery-staple')
    expect((await fetch(`${url}/v1/status`)).status).toBe(401)
    expect((await fetch(`${url}/v1/status`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)
    const ok = await fetch(`${url}/v1/status`, { headers: { authorization: 'Bearer correct-horse-battery-staple' } })
    expect(ok.status).toBe(200)
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
  })

  it('refuses what a web page could send: foreign origins, rebound host names, non-JSON posts', async () => {
    const url = await start()
    const text = await fetch(`${url}/v1/query`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ text: 'hi' }) })
    expect(text.status).toBe(415)
    const evil = await fetch(`${url}/v1/query`, { method: 'POST', headers: { ...JSON_HEADERS, origin: 'https://evil.example' }, body: JSON.stringify({ text: 'hi' }) })
    expect(evil.status).toBe(403)
    const port = new URL(url).port
    const { request } = await import('node:http')
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/v1/status', headers: { host: `evil.example:${port}` } }, (res) => { res.resume(); resolve(res.statusCode ?? 0) }).on('error', reject).end()
    })
    expect(status).toBe(403)
    // the node's own dashboard origin and plain clients (no Origin) are fine
    const own = await fetch(`${url}/v1/query`, { method: 'POST', headers: { ...JSON_HEADERS, origin: url }, body: JSON.stringify({ text: 'hi' }) })
    expect(own.status).toBe(200)
    const badPath = await fetch(`${url}/v1/experts/%E0%A4%A`, { method: 'DELETE' })
    expect(badPath.status).toBe(400)
  })

  it('refuses query text longer than the wire carries, counting UTF-8 bytes', async () => {
    const url = await start()
    const res = await fetch(`${url}/v1/query`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ text: 'é'.repeat(9000) }) })
    expect(res.status).toBe(400)
    expect(((await res.json()) as any).error.message).toMatch(/at most 16384 bytes/)
  })

  it('serves /metrics as Prometheus text, behind the same token and origin checks as /v1', async () => {
    const open = await start()
    const res = await fetch(`${open}/metrics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await res.text()).toContain('moemesh_queries_total{outcome="answered"} 3')
    expect((await fetch(`${open}/metrics`, { headers: { origin: 'https://evil.example' } })).status).toBe(403)
    await server?.stop()
    const locked = await start('correct-horse-battery-staple')
    expect((await fetch(`${locked}/metrics`)).status).toBe(401)
    expect((await fetch(`${locked}/metrics`, { headers: { authorization: 'Bearer correct-horse-battery-staple' } })).status).toBe(200)
  })

  it('names the wrong field and what it must be, for each field of a query and of an added expert', async () => {
    const url = await start()
    const post = async (path: string, body: unknown): Promise<string> => {
      const res = await fetch(`${url}${path}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) })
      expect(res.status).toBe(400)
      const json = await res.json() as any
      expect(json.error.code).toBe('BAD_REQUEST')
      return json.error.message
    }
    expect(await post('/v1/query', [1])).toBe('body must be a JSON object like {"text": "..."}')
    expect(await post('/v1/query', { text: '   ' })).toBe('text must be a non-empty string')
    expect(await post('/v1/query', { text: 'a', k: 2.5 })).toBe('k must be an integer from 1 to 16')
    expect(await post('/v1/query', { text: 'a', strategy: 'best' })).toBe('strategy must be competence, top1, mixture or vote')
    expect(await post('/v1/query', { text: 'a', timeout_ms: 10 })).toBe('timeout_ms must be a number from 50 to 60000')
    expect(await post('/v1/query', { text: 'a', max_price: -1 })).toBe('max_price must be a number from 0 to 1000000000')
    expect(await post('/v1/query', { text: 'a', budget: '5' })).toBe('budget must be a number from 0 to 1000000000000')
    expect(await post('/v1/query', { text: 'a', abstain: 'maybe' })).toBe('abstain must be true or false')
    expect(await post('/v1/query', { text: 'a', min_similarity: 2 })).toBe('min_similarity must be a number from -1 to 1')
    expect(await post('/v1/experts', { dir: '' })).toBe('dir must be the path of an expert package folder')
    expect(await post('/v1/experts', {})).toBe('dir must be the path of an expert package folder')
    // null means absent, unknown fields are ignored
    const ok = await fetch(`${url}/v1/query`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ text: 'hi', k: null, timeout_ms: null, extra: 1 }) })
    expect(await ok.json()).toEqual({ label: 'HI', k: null, timeoutMs: null, maxPrice: null })
  })
})
