import { createHash } from 'node:crypto'
import { lpStream } from '@libp2p/utils'
import { afterEach, describe, expect, it } from 'vitest'
import { moemesh } from '../../src/gen/moemesh.js'
import { querybatch } from '../../src/gen/query-batch.js'
import { MAX_BATCH_QUERIES, QUERY_BATCH_PROTOCOL } from '../../src/net/query-constants.js'
import { QueryClient } from '../../src/net/query-client.js'
import type { QueryClientInit, QueryInput } from '../../src/net/query-client.js'
import { QueryTimeoutError } from '../../src/net/query-errors.js'
import { QueryServer } from '../../src/net/query-server.js'
import type { QueryHandler, QueryServerInit } from '../../src/net/query-server.js'
import { connectNodes, createTestNodes, stopNodes } from '../helpers/libp2p-nodes.js'
import type { TestNode } from '../helpers/libp2p-nodes.js'

const expertId = (name: string): string => createHash('sha256').update(name).digest('hex')
const A = expertId('expert-a')
const SPACE = expertId('space')

const request = (text: string): QueryInput => ({ text, vector: new Float32Array([0.25, -0.5, 1, 0]), spaceId: SPACE, expertIds: [A], maxPrice: 2 })

/** Answers with the text's length first, so each caller can tell its own answer. */
const echo: QueryHandler = async (req) => req.expertIds.map(id => ({ expertId: id, distribution: new Float32Array([req.text.length, 1]), latencyMs: 1, price: 0 }))

let nodes: TestNode[] = []
let services: Array<{ stop: () => Promise<void> }> = []

afterEach(async () => {
  await Promise.allSettled(services.map(async s => { await s.stop() }))
  await stopNodes(nodes)
  nodes = []
  services = []
})

async function setup (handler: QueryHandler, serverInit: QueryServerInit = {}, clientInit: QueryClientInit = {}): Promise<{ client: QueryClient, server: QueryServer, serverNode: TestNode, clientNode: TestNode }> {
  nodes = await createTestNodes(2)
  const [serverNode, clientNode] = nodes
  const server = new QueryServer({ node: serverNode, handler }, serverInit)
  const client = new QueryClient({ node: clientNode }, clientInit)
  services.push(server, client)
  await server.start()
  await client.start()
  await connectNodes(clientNode, serverNode)
  return { client, server, serverNode, clientNode }
}

/** A raw batch stream, bypassing the client's checks. */
async function rawBatch (from: TestNode, to: TestNode): Promise<{ write: (b: Uint8Array) => Promise<void>, read: () => Promise<moemesh.QueryResponse[]>, abort: () => void }> {
  const stream = await from.dialProtocol(to.peerId, QUERY_BATCH_PROTOCOL)
  const lp = lpStream(stream, { maxDataLength: 1 << 21 })
  return {
    write: async (b) => { await lp.write(b) },
    read: async () => querybatch.QueryBatchAnswers.decode((await lp.read({ signal: AbortSignal.timeout(3000) })).subarray()).responses.map(r => moemesh.QueryResponse.decode(r)),
    // a server accepts only a few batch streams per connection: hand each back when done with it
    abort: () => { stream.abort(new Error('done')) }
  }
}

const encodeRequest = (id: number, text: string): Uint8Array => moemesh.QueryRequest.encode({
  id, text, vector: [0.25, -0.5], spaceId: SPACE, expertIds: [Buffer.from(A, 'hex')], deadlineMs: 2000, maxPrice: 1
}).finish()

describe('batched query protocol', () => {
  it('coalesces concurrent queries to one peer into batches and answers each its own', async () => {
    let handled = 0
    const { client, serverNode } = await setup(async (req, ctx) => { handled++; return await echo(req, ctx) })
    const texts = Array.from({ length: 100 }, (_, i) => 'q'.repeat(i + 1))
    const results = await Promise.all(texts.map(async t => await client.query(serverNode.peerId, request(t), { timeoutMs: 5000 })))
    expect(results.map(r => r.answers[0].distribution?.[0])).toEqual(texts.map(t => t.length))
    expect(handled).toBe(100)
    const stats = client.getBatchStats()
    expect(stats.batchedQueries).toBe(100)
    // 100 queries made in one tick cannot all travel alone: at most 2 batches start at once, the rest wait and share
    expect(stats.batches).toBeLessThan(100)
    expect(stats.maxBatch).toBeGreaterThan(1)
    expect(stats.maxBatch).toBeLessThanOrEqual(MAX_BATCH_QUERIES)
  })

  it('times out one query of a batch on its own deadline while the others are answered', async () => {
    const slow = Promise.withResolvers<void>()
    const { client, serverNode } = await setup(async (req, ctx) => {
      if (req.text === 'slow') await slow.promise
      return await echo(req, ctx)
    })
    // the same tick: one frame
    const late = client.query(serverNode.peerId, request('slow'), { timeoutMs: 300 })
    const fast = ['a', 'bb', 'ccc'].map(async t => await client.query(serverNode.peerId, request(t), { timeoutMs: 5000 }))
    await expect(late).rejects.toBeInstanceOf(QueryTimeoutError)
    // the server waits for the slow one's deadline, not for the others: they were answered in their own frame
    expect((await Promise.all(fast)).map(r => r.answers[0].distribution?.[0])).toEqual([1, 2, 3])
    slow.resolve()
    // the stream is still good (the late answer is dropped, never read as the next query's)
    const next = await client.query(serverNode.peerId, request('dddd'), { timeoutMs: 5000 })
    expect(next.answers[0].distribution?.[0]).toBe(4)
    expect(client.getBatchStats().batchedQueries).toBe(5)
  })

  it('rejects a query whose caller aborts, queued or sent, and answers the rest', async () => {
    const gate = Promise.withResolvers<void>()
    const { client, serverNode } = await setup(async (req, ctx) => {
      await gate.promise
      return await echo(req, ctx)
    })
    const controller = new AbortController()
    const kept = client.query(serverNode.peerId, request('kept'), { timeoutMs: 5000 })
    const dropped = client.query(serverNode.peerId, request('dropped'), { timeoutMs: 5000, signal: controller.signal })
    controller.abort(new Error('caller gave up'))
    await expect(dropped).rejects.toThrow('caller gave up')
    gate.resolve()
    expect((await kept).answers[0].distribution?.[0]).toBe(4)
  })

  it('asks a peer without the batch protocol one query per stream', async () => {
    const { client, serverNode } = await setup(echo, { batch: false })
    const results = await Promise.all(['a', 'bb', 'ccc'].map(async t => await client.query(serverNode.peerId, request(t), { timeoutMs: 5000 })))
    expect(results.map(r => r.answers[0].distribution?.[0])).toEqual([1, 2, 3])
    const again = await client.query(serverNode.peerId, request('dddd'), { timeoutMs: 5000 })
    expect(again.answers[0].distribution?.[0]).toBe(4)
    expect(client.getBatchStats().batches).toBe(0)
  })

  it('answers OVERLOADED per query beyond the per-peer batch cap', async () => {
    const gate = Promise.withResolvers<void>()
    const { client, serverNode } = await setup(async (req, ctx) => {
      await gate.promise
      return await echo(req, ctx)
    }, { maxBatchConcurrentPerPeer: 3 })
    const all = Array.from({ length: 5 }, async (_, i) => await client.query(serverNode.peerId, request('x'.repeat(i + 1)), { timeoutMs: 5000 }).catch((e: unknown) => e))
    await new Promise(resolve => setTimeout(resolve, 200))
    gate.resolve()
    const settled = await Promise.all(all)
    const codes = settled.map(r => (r as { code?: string }).code ?? 'OK')
    expect(codes.filter(c => c === 'OK')).toHaveLength(3)
    expect(codes.filter(c => c === 'OVERLOADED')).toHaveLength(2)
  })

  it('refuses malformed batch frames and keeps serving', async () => {
    const { client, serverNode, clientNode } = await setup(echo)
    const bad: Array<[string, Uint8Array]> = [
      ['garbage', new Uint8Array([0xff, 0xff, 0xff, 0x01, 0x02])],
      ['empty', querybatch.QueryBatch.encode({ requests: [] }).finish()],
      ['duplicate ids', querybatch.QueryBatch.encode({ requests: [encodeRequest(7, 'a'), encodeRequest(7, 'b')] }).finish()],
      ['too many', querybatch.QueryBatch.encode({ requests: Array.from({ length: MAX_BATCH_QUERIES + 1 }, (_, i) => encodeRequest(i + 1, 'a')) }).finish()]
    ]
    for (const [what, frame] of bad) {
      const raw = await rawBatch(clientNode, serverNode)
      await raw.write(frame)
      const [refusal] = await raw.read()
      expect(refusal.error, what).toBe(moemesh.ErrorCode.BAD_REQUEST)
      raw.abort()
    }
    // a well-formed raw batch gets one answer per request, ids echoed
    const raw = await rawBatch(clientNode, serverNode)
    await raw.write(querybatch.QueryBatch.encode({ requests: [encodeRequest(1, 'a'), encodeRequest(2, 'bb')] }).finish())
    const got: moemesh.QueryResponse[] = []
    while (got.length < 2) got.push(...await raw.read())
    expect(got.map(r => r.id).sort()).toEqual([1, 2])
    expect((await client.query(serverNode.peerId, request('ok'), { timeoutMs: 5000 })).answers).toHaveLength(1)
  })
})
