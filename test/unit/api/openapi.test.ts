import { afterEach, describe, expect, it } from 'vitest'
import { ApiServer, type ApiBackend } from '../../../src/api/http-server.js'
import { openApiDocument, ROUTES } from '../../../src/api/openapi.js'
import { expertToJson, peerToJson, statusToJson } from '../../../src/api/wire.js'
import { collectRefs, refResolves, responseSchema, validateJson } from '../../helpers/json-schema.js'
import { PEER, REMOTE_EXPERT, STATUS } from './fixtures.js'

const doc = openApiDocument() as any

const backend: ApiBackend = {
  status: () => STATUS,
  experts: () => [REMOTE_EXPERT],
  peers: () => [PEER],
  query: async () => { throw new Error('not used') },
  addExpert: async () => REMOTE_EXPERT,
  removeExpert: async (id) => ({ expertId: 'ab'.repeat(32), name: id }),
  metrics: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', text: '# HELP x y\n# TYPE x counter\nx 1\n' }),
  ledger: () => ({ peerId: 'p', lane: 1, accounts: [], receipts: [], stats: {} }),
  map: () => ({ spaceId: 'ab', dim: 2, explained: [0.6, 0.3], points: [], cards: [], truncated: false, lastQuery: null })
}

let server: ApiServer | undefined
afterEach(async () => { await server?.stop(); server = undefined })

describe('the OpenAPI document', () => {
  it('is an OpenAPI 3.1 document: every path has operations with responses, every $ref resolves', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/)
    expect(doc.info.title).toBeTypeOf('string')
    expect(doc.info.version).toBeTypeOf('string')
    const paths = Object.entries(doc.paths as Record<string, Record<string, any>>)
    expect(paths.length).toBeGreaterThanOrEqual(9)
    for (const [path, item] of paths) {
      expect(path.startsWith('/'), path).toBe(true)
      const ops = Object.entries(item)
      expect(ops.length, path).toBeGreaterThan(0)
      for (const [method, op] of ops) {
        expect(['get', 'post', 'put', 'patch', 'delete'], `${method} ${path}`).toContain(method)
        const responses = Object.entries(op.responses as Record<string, any>)
        expect(responses.some(([status]) => status.startsWith('2')), `${method} ${path} has a success response`).toBe(true)
        for (const [status, r] of responses) {
          expect(status, `${method} ${path}`).toMatch(/^[1-5]\d\d$/)
          expect(r.description, `${method} ${path} ${status}`).toBeTypeOf('string')
        }
        // every {param} of the path is declared as a path parameter
        for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) expect(op.parameters?.some((p: any) => p.in === 'path' && p.name === name && p.required === true), `${path} {${name}}`).toBe(true)
      }
    }
    const refs = collectRefs(doc)
    expect(refs.length).toBeGreaterThan(20)
    for (const { ref, at } of refs) expect(refResolves(doc, ref), `${ref} at ${at}`).toBe(true)
    // the components carry no leftovers of stand-alone JSON Schema documents
    for (const [name, schema] of Object.entries(doc.components.schemas as Record<string, any>)) {
      expect(schema.$schema, name).toBeUndefined()
      expect(schema.$id, name).toBeUndefined()
    }
  })

  it('documents every route the server answers, and the server answers every documented route', async () => {
    const documented = ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort()
    expect(documented).toEqual([
      'DELETE /v1/experts/{id}', 'GET /', 'GET /healthz', 'GET /metrics', 'GET /v1/experts', 'GET /v1/ledger', 'GET /v1/map', 'GET /v1/openapi.json',
      'GET /v1/peers', 'GET /v1/status', 'POST /v1/experts', 'POST /v1/query'
    ].sort())
    server = new ApiServer(backend, { host: '127.0.0.1', port: 0, dashboardHtml: '<html></html>' })
    const url = `http://127.0.0.1:${(await server.start()).port}`
    for (const route of ROUTES) {
      const body = route.method === 'post' ? JSON.stringify(route.path === '/v1/query' ? {} : { dir: '/x' }) : undefined
      const res = await fetch(url + route.path.replace('{id}', 'x'), { method: route.method.toUpperCase(), headers: { 'content-type': 'application/json' }, body })
      // a documented route exists: it answers as documented (POST /v1/query with {} is a documented 400)
      expect(Object.keys(doc.paths[route.path][route.method].responses), `${route.method} ${route.path}`).toContain(String(res.status))
      expect(res.status, `${route.method} ${route.path}`).not.toBe(404)
    }
    const served = await (await fetch(`${url}/v1/openapi.json`)).json()
    expect(served).toEqual(doc)
  })

  it('describes the JSON the server maps the library types to', () => {
    const check = (value: unknown, method: string, path: string, status: number): string[] => validateJson(value, responseSchema(doc, method, path, status), { root: doc })
    expect(check(statusToJson(STATUS), 'get', '/v1/status', 200)).toEqual([])
    expect(check({ experts: [expertToJson(REMOTE_EXPERT)] }, 'get', '/v1/experts', 200)).toEqual([])
    expect(check({ peers: [peerToJson(PEER)] }, 'get', '/v1/peers', 200)).toEqual([])
    expect(check({ error: { code: 'BAD_REQUEST', message: 'k must be an integer from 1 to 16' } }, 'post', '/v1/query', 400)).toEqual([])
    // and the check can fail: a wrong type, a missing field, a field the document does not know
    expect(check({ ...statusToJson(STATUS), cards_known: 'seven' }, 'get', '/v1/status', 200)).toEqual(['$.cards_known: is string, not integer'])
    const { dim: _dim, ...noDim } = statusToJson(STATUS)
    expect(check(noDim, 'get', '/v1/status', 200)).toEqual(['$: lacks required "dim"'])
    expect(check({ peers: [{ ...peerToJson(PEER), secret: 1 }] }, 'get', '/v1/peers', 200)).toEqual(['$.peers[0].secret: is not in the document'])
    expect(check({ ...statusToJson(STATUS), adverts: { ...STATUS.adverts, rejected: { 'made-up-reason': 1 } } }, 'get', '/v1/status', 200).join()).toMatch(/made-up-reason/)
  })

  it('documents each request field with the constraint the server enforces', () => {
    const query = doc.components.schemas.QueryRequest
    expect(query.required).toEqual(['text'])
    expect(query.properties.k.anyOf[0]).toMatchObject({ type: 'integer', minimum: 1, maximum: 16 })
    expect(query.properties.strategy.enum).toEqual(['competence', 'top1', 'mixture', 'vote'])
    expect(doc.paths['/v1/query'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/QueryRequest' })
  })
})
