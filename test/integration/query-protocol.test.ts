import { createHash } from 'node:crypto'
import { lpStream } from '@libp2p/utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { moemesh } from '../../src/gen/moemesh.js'
import { QUERY_PROTOCOL } from '../../src/net/query-constants.js'
import { MAX_QUERY_FRAME_BYTES } from '../../src/net/limits.js'
import { QueryClient } from '../../src/net/query-client.js'
import type { QueryInput } from '../../src/net/query-client.js'
import {
  InvalidQueryError,
  QueryHandlerError,
  QueryProtocolError,
  QueryServiceStoppedError,
  QueryStreamError,
  QueryTimeoutError,
  RemoteQueryError
} from '../../src/net/query-errors.js'
import { QueryServer } from '../../src/net/query-server.js'
import type { QueryHandler, QueryServerComponents, QueryServerInit } from '../../src/net/query-server.js'
import type { ExpertAnswerData, QueryRequestData } from '../../src/net/query-types.js'
import { connectNodes, createTestNodes, stopNodes } from '../helpers/libp2p-nodes.js'
import type { TestNode } from '../helpers/libp2p-nodes.js'

const expertId = (name: string): string => createHash('sha256').update(name).digest('hex')
const A = expertId('expert-a')
const B = expertId('expert-b')
const SPACE = expertId('space')

const baseRequest = (over: Partial<QueryInput> = {}): QueryInput => ({
  text: 'what is a heron',
  vector: new Float32Array([0.25, -0.5, 1, 0]),
  spaceId: SPACE,
  expertIds: [A],
  maxPrice: 2,
  ...over
})

/** Answers every requested expert with a distribution derived from the text, so answers cannot be mixed up. */
const echoHandler: QueryHandler = async (request) => request.expertIds.map(id => ({
  expertId: id,
  distribution: new Float32Array([request.text.length, request.vector.length, 0.5]),
  latencyMs: 1.5,
  price: 0.25
}))

const sleep = async (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** Poll until `check` holds (tests run on loaded machines: wait for the state, not for a fixed time). */
async function until (check: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await sleep(10)
  }
}

let nodes: TestNode[] = []
/** Whether the clients of the suite running now coalesce queries into batch frames. */
let batchMode = true
let services: Array<{ stop: () => Promise<void> }> = []

afterEach(async () => {
  await Promise.allSettled(services.map(async s => { await s.stop() }))
  await stopNodes(nodes)
  nodes = []
  services = []
})

interface Setup {
  server: QueryServer
  client: QueryClient
  serverNode: TestNode
  clientNode: TestNode
  otherNode: TestNode
  other: QueryClient
}

async function setup (handler: QueryHandler, opts: { serverInit?: QueryServerInit, isKnownExpert?: QueryServerComponents['isKnownExpert'] } = {}): Promise<Setup> {
  nodes = await createTestNodes(3)
  const [serverNode, clientNode, otherNode] = nodes
  const server = new QueryServer({ node: serverNode, handler, isKnownExpert: opts.isKnownExpert }, opts.serverInit)
  const client = new QueryClient({ node: clientNode }, { batch: batchMode })
  const other = new QueryClient({ node: otherNode }, { batch: batchMode })
  services.push(server, client, other)
  await server.start()
  await client.start()
  await other.start()
  await Promise.all([connectNodes(clientNode, serverNode), connectNodes(otherNode, serverNode)])
  return { server, client, serverNode, clientNode, otherNode, other }
}

/** Open a bare protocol stream and exchange raw frames, bypassing the client's checks. */
async function rawStream (from: TestNode, to: TestNode): Promise<{ write: (b: Uint8Array) => Promise<void>, read: () => Promise<moemesh.QueryResponse> }> {
  const stream = await from.dialProtocol(to.peerId, QUERY_PROTOCOL)
  const lp = lpStream(stream, { maxDataLength: 1 << 20 })
  return {
    write: async (b) => { await lp.write(b) },
    read: async () => moemesh.QueryResponse.decode((await lp.read({ signal: AbortSignal.timeout(3000) })).subarray())
  }
}

// Every behaviour holds whether the client sends single requests (/moemesh/query/1.0.0) or batches
// (/moemesh/query-batch/1.0.0); batch-only behaviour is in query-batch.test.ts.
describe.each([true, false])('query protocol over TCP (batch %s)', (batch) => {
  beforeEach(() => { batchMode = batch })

  it('returns the handler answers to the caller', async () => {
    const seen: Array<{ request: QueryRequestData, peerId: string }> = []
    const { client, clientNode, serverNode } = await setup(async (request, ctx) => {
      seen.push({ request, peerId: ctx.peerId })
      return echoHandler(request, ctx)
    })
    const result = await client.query(serverNode.peerId, baseRequest({ expertIds: [A, B] }), { timeoutMs: 2000 })

    expect(result.answers.map(a => a.expertId)).toEqual([A, B])
    expect(result.answers[0].error).toBeUndefined()
    expect(Array.from(result.answers[0].distribution ?? [])).toEqual([15, 4, 0.5])
    expect(result.answers[0].latencyMs).toBe(1.5)
    expect(result.answers[0].price).toBe(0.25)
    expect(result.rttMs).toBeGreaterThan(0)
    expect(result.rttMs).toBeLessThan(2000)

    expect(seen).toHaveLength(1)
    const { request, peerId } = seen[0]
    expect(peerId).toBe(clientNode.peerId.toString())
    expect(request.text).toBe('what is a heron')
    expect(request.vector).toBeInstanceOf(Float32Array)
    expect(Array.from(request.vector)).toEqual([0.25, -0.5, 1, 0])
    expect(request.spaceId).toBe(SPACE)
    expect(request.expertIds).toEqual([A, B])
    expect(request.deadlineMs).toBe(2000)
    expect(request.maxPrice).toBe(2)

    // a peer id given as a string works the same
    const again = await client.query(serverNode.peerId.toString(), baseRequest(), { timeoutMs: 2000 })
    expect(again.answers).toHaveLength(1)
  })

  it('reuses streams across 100 sequential queries', async () => {
    const { client, server, serverNode } = await setup(echoHandler)
    for (let i = 0; i < 100; i++) {
      const { answers } = await client.query(serverNode.peerId, baseRequest({ text: 'x'.repeat(i + 1) }), { timeoutMs: 2000 })
      expect(answers[0].distribution?.[0]).toBe(i + 1)
    }
    expect(server.getStats().streamsAccepted).toBeLessThanOrEqual(2)
    expect(client.getStats().streamsOpened).toBeLessThanOrEqual(2)
    expect(client.getStats().streamsReused).toBeGreaterThanOrEqual(98)
    expect(server.getStats().requestsAnswered).toBe(100)
  })

  it('serves concurrent queries without mixing up answers', async () => {
    const { client, server, serverNode } = await setup(async (request, ctx) => {
      await sleep((request.text.length * 7) % 20)
      return echoHandler(request, ctx)
    })
    const results = await Promise.all(Array.from({ length: 30 }, async (_, i) =>
      client.query(serverNode.peerId, baseRequest({ text: 'y'.repeat(i + 1) }), { timeoutMs: 5000 })))
    results.forEach((r, i) => { expect(r.answers[0].distribution?.[0]).toBe(i + 1) })
    // never more streams than the client's per-peer cap, never OVERLOADED from our own client
    expect(server.getStats().streamsAccepted).toBeLessThanOrEqual(8)
  })

  it('times out a slow handler within the deadline and aborts the handler', async () => {
    const handlerAborted = Promise.withResolvers<number>()
    const { client, serverNode } = await setup(async (request, ctx) => {
      if (request.text === 'slow') {
        const started = Date.now()
        await new Promise(resolve => ctx.signal.addEventListener('abort', resolve, { once: true }))
        handlerAborted.resolve(Date.now() - started)
        throw new Error('aborted')
      }
      return echoHandler(request, ctx)
    })
    const started = performance.now()
    const err = await client.query(serverNode.peerId, baseRequest({ text: 'slow' }), { timeoutMs: 300 }).catch(e => e)
    const elapsed = performance.now() - started
    expect(err).toBeInstanceOf(QueryTimeoutError)
    expect((err as QueryTimeoutError).name).toBe('QueryTimeoutError')
    expect(elapsed).toBeGreaterThanOrEqual(295)
    expect(elapsed).toBeLessThan(300 + 250)

    const abortedAfter = await Promise.race([handlerAborted.promise, sleep(2000).then(() => -1)])
    expect(abortedAfter).toBeGreaterThan(0)
    expect(abortedAfter).toBeLessThan(700)

    expect(client.getStats().streamsDiscarded).toBe(1)
    const ok = await client.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })
    expect(ok.answers[0].distribution?.[0]).toBe(15)
  })

  it('never reads a late response as the answer to the next query', async () => {
    const { client, serverNode } = await setup(async (request, ctx) => {
      // the first request ignores its signal and answers late
      if (request.text === 'late') await sleep(400)
      return echoHandler(request, ctx)
    })
    await expect(client.query(serverNode.peerId, baseRequest({ text: 'late' }), { timeoutMs: 150 })).rejects.toBeInstanceOf(QueryTimeoutError)
    await sleep(350) // the late answer is now written (to a stream the client has reset)
    for (let i = 0; i < 5; i++) {
      const r = await client.query(serverNode.peerId, baseRequest({ text: 'ok' + 'z'.repeat(i) }), { timeoutMs: 2000 })
      expect(r.answers[0].distribution?.[0]).toBe(2 + i)
    }
  })

  it('answers OVERLOADED beyond the per-peer concurrency cap, per peer', async () => {
    const gate = Promise.withResolvers<void>()
    let waiting = 0
    const { client, other, serverNode } = await setup(async (request, ctx) => {
      if (request.text === 'block') {
        waiting++
        await gate.promise
      }
      return echoHandler(request, ctx)
    }, { serverInit: { maxConcurrentPerPeer: 2, maxBatchConcurrentPerPeer: 2 } })

    const blocked = [1, 2].map(async () => client.query(serverNode.peerId, baseRequest({ text: 'block' }), { timeoutMs: 5000 }))
    await until(() => waiting === 2)
    const err = await client.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 }).catch(e => e)
    expect(err).toBeInstanceOf(RemoteQueryError)
    expect((err as RemoteQueryError).code).toBe('OVERLOADED')

    // another peer has slots of its own
    const fromOther = await other.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })
    expect(fromOther.answers).toHaveLength(1)

    gate.resolve()
    const done = await Promise.all(blocked)
    expect(done.map(r => r.answers.length)).toEqual([1, 1])
    // slots are released: the peer is served again
    const after = await client.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })
    expect(after.answers).toHaveLength(1)
  })

  it('refuses an oversized frame and keeps serving the same and other peers', async () => {
    const { client, other, server, serverNode, clientNode } = await setup(echoHandler)
    const raw = await rawStream(clientNode, serverNode)
    await raw.write(new Uint8Array(MAX_QUERY_FRAME_BYTES + 1).fill(7))
    const refusal = await raw.read()
    expect(refusal.error).toBe(moemesh.ErrorCode.BAD_REQUEST)
    expect(refusal.message).not.toMatch(/at .*\.ts|\.js:\d+/)
    expect(server.getStats().badFrames).toBe(1)

    expect((await client.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })).answers).toHaveLength(1)
    expect((await other.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })).answers).toHaveLength(1)
  })

  it('refuses a garbage frame and keeps serving the same and other peers', async () => {
    const { client, other, server, serverNode, clientNode } = await setup(echoHandler)
    const raw = await rawStream(clientNode, serverNode)
    await raw.write(new Uint8Array([0, 255, 255, 255, 1, 2, 3]))
    const refusal = await raw.read()
    expect(refusal.error).toBe(moemesh.ErrorCode.BAD_REQUEST)
    expect(server.getStats().badFrames).toBe(1)

    // a frame that stops mid-way (length says 100, 3 bytes follow, then the writer closes) also leaves it serving
    const stream = await clientNode.dialProtocol(serverNode.peerId, QUERY_PROTOCOL)
    stream.send(new Uint8Array([100, 1, 2, 3]))
    await stream.close()

    expect((await client.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })).answers).toHaveLength(1)
    expect((await other.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })).answers).toHaveLength(1)
  })

  it('answers BAD_REQUEST to invalid fields and keeps the stream usable', async () => {
    const { serverNode, clientNode } = await setup(echoHandler)
    const raw = await rawStream(clientNode, serverNode)
    const valid = { id: 7, text: 'hi', vector: [1, 2], spaceId: SPACE, expertIds: [Buffer.from(A, 'hex')], deadlineMs: 1000, maxPrice: 1 }
    const cases: Array<[string, object]> = [
      ['short expert id', { expertIds: [new Uint8Array(31)] }],
      ['no expert', { expertIds: [] }],
      ['too many experts', { expertIds: Array.from({ length: 17 }, (_, i) => Buffer.from(expertId(String(i)), 'hex')) }],
      ['duplicate experts', { expertIds: [Buffer.from(A, 'hex'), Buffer.from(A, 'hex')] }],
      ['non-finite vector', { vector: [1, Number.NaN] }],
      ['zero deadline', { deadlineMs: 0 }],
      ['deadline too long', { deadlineMs: 600_000 }],
      ['text too long', { text: 'w'.repeat(20_000) }]
    ]
    for (const [label, change] of cases) {
      await raw.write(moemesh.QueryRequest.encode({ ...valid, ...change }).finish())
      const response = await raw.read()
      expect(response.error, label).toBe(moemesh.ErrorCode.BAD_REQUEST)
      expect(response.id, label).toBe(7)
    }
    await raw.write(moemesh.QueryRequest.encode(valid).finish())
    const response = await raw.read()
    expect(response.error).toBe(moemesh.ErrorCode.OK)
    expect(response.answers).toHaveLength(1)
  })

  it('answers UNKNOWN_EXPERT for experts the node does not serve', async () => {
    const received: string[][] = []
    const { client, serverNode } = await setup(async (request, ctx) => {
      received.push(request.expertIds)
      return echoHandler(request, ctx)
    }, { isKnownExpert: id => id === A })

    const err = await client.query(serverNode.peerId, baseRequest({ expertIds: [B] }), { timeoutMs: 2000 }).catch(e => e)
    expect(err).toBeInstanceOf(RemoteQueryError)
    expect((err as RemoteQueryError).code).toBe('UNKNOWN_EXPERT')

    const mixed = await client.query(serverNode.peerId, baseRequest({ expertIds: [B, A] }), { timeoutMs: 2000 })
    const byId = new Map(mixed.answers.map(a => [a.expertId, a]))
    expect(byId.get(A)?.error).toBeUndefined()
    expect(byId.get(B)?.error).toBe('UNKNOWN_EXPERT')
    expect(byId.get(B)?.distribution).toBeUndefined()
    expect(received).toEqual([[A]])
  })

  it('refuses invalid requests locally without opening a stream', async () => {
    const { client, serverNode } = await setup(echoHandler)
    const bad: Array<[Partial<QueryInput>, number]> = [
      [{ expertIds: ['not-hex'] }, 2000],
      [{ expertIds: [A.toUpperCase()] }, 2000],
      [{ expertIds: [] }, 2000],
      [{ vector: [1, Number.POSITIVE_INFINITY] }, 2000],
      [{}, 0],
      [{}, 120_000]
    ]
    for (const [change, timeoutMs] of bad) {
      await expect(client.query(serverNode.peerId, baseRequest(change), { timeoutMs })).rejects.toBeInstanceOf(InvalidQueryError)
    }
    await expect(client.query('not-a-peer-id', baseRequest(), { timeoutMs: 1000 })).rejects.toBeInstanceOf(InvalidQueryError)
    expect(client.getStats().streamsOpened).toBe(0)
  })

  it('keeps no pool for peers it could not reach', async () => {
    const { client, serverNode } = await setup(echoHandler)
    const { generateKeyPair } = await import('@libp2p/crypto/keys')
    const { peerIdFromPrivateKey } = await import('@libp2p/peer-id')
    for (let i = 0; i < 5; i++) {
      const stranger = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
      await expect(client.query(stranger, baseRequest(), { timeoutMs: 1000 })).rejects.toThrow()
    }
    expect(client.getStats().peers).toBe(0)
    await client.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })
    expect(client.getStats().peers).toBe(1)
  })

  it('maps handler errors to wire codes without leaking internals', async () => {
    const { client, serverNode } = await setup(async (request) => {
      if (request.text === 'space') throw new QueryHandlerError('SPACE_MISMATCH', 'this node embeds in another space')
      if (request.text === 'bad-answer') return [{ expertId: B, latencyMs: 0, price: 0 }] as ExpertAnswerData[]
      if (request.text === 'nan') return [{ expertId: A, distribution: new Float32Array([Number.NaN]), latencyMs: 0, price: 0 }]
      throw new Error('secret database password at /srv/app.js:12')
    })
    const space = await client.query(serverNode.peerId, baseRequest({ text: 'space' }), { timeoutMs: 2000 }).catch(e => e)
    expect(space).toBeInstanceOf(RemoteQueryError)
    expect((space as RemoteQueryError).code).toBe('SPACE_MISMATCH')
    expect((space as RemoteQueryError).remoteMessage).toBe('this node embeds in another space')

    const internal = await client.query(serverNode.peerId, baseRequest({ text: 'boom' }), { timeoutMs: 2000 }).catch(e => e)
    expect(internal).toBeInstanceOf(RemoteQueryError)
    expect((internal as RemoteQueryError).code).toBe('INTERNAL')
    expect((internal as RemoteQueryError).message).not.toContain('secret')

    const unrequested = await client.query(serverNode.peerId, baseRequest({ text: 'bad-answer' }), { timeoutMs: 2000 }).catch(e => e)
    expect((unrequested as RemoteQueryError).code).toBe('INTERNAL')
    const nan = await client.query(serverNode.peerId, baseRequest({ text: 'nan' }), { timeoutMs: 2000 }).catch(e => e)
    expect((nan as RemoteQueryError).code).toBe('INTERNAL')

    // a refused request is still a clean exchange: the stream stays in the pool
    expect(client.getStats().streamsOpened).toBe(1)
  })

  it('rejects a response whose id does not match', async () => {
    nodes = await createTestNodes(2)
    const [serverNode, clientNode] = nodes
    await serverNode.handle(QUERY_PROTOCOL, async (stream) => {
      const lp = lpStream(stream)
      const request = moemesh.QueryRequest.decode((await lp.read()).subarray())
      await lp.write(moemesh.QueryResponse.encode({ id: request.id + 1, error: 0 }).finish())
    })
    const client = new QueryClient({ node: clientNode })
    services.push(client)
    await client.start()
    await connectNodes(clientNode, serverNode)
    await expect(client.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })).rejects.toBeInstanceOf(QueryProtocolError)
    expect(client.getStats().streamsDiscarded).toBe(1)
    expect(client.getStats().idleStreams).toBe(0)
  })

  it('retries on a fresh stream when a pooled stream turns out closed', async () => {
    nodes = await createTestNodes(2)
    const [serverNode, clientNode] = nodes
    let streams = 0
    // answers the first request of each stream, then closes the stream when the second arrives, unanswered:
    // what a client meets when it picks a stream the server is closing as idle
    await serverNode.handle(QUERY_PROTOCOL, async (stream) => {
      streams++
      const lp = lpStream(stream)
      const request = moemesh.QueryRequest.decode((await lp.read()).subarray())
      await lp.write(moemesh.QueryResponse.encode({
        id: request.id,
        answers: request.expertIds.map(expertId => ({ expertId, distribution: [streams] }))
      }).finish())
      await lp.read()
      await stream.close()
    })
    const client = new QueryClient({ node: clientNode })
    services.push(client)
    await client.start()
    await connectNodes(clientNode, serverNode)

    const first = await client.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })
    expect(first.answers[0].distribution?.[0]).toBe(1)
    const second = await client.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })
    expect(second.answers[0].distribution?.[0]).toBe(2)
    expect(second.streamReused).toBe(false)
    expect(streams).toBe(2)
  })

  it('honours the caller signal and drops pooled streams when the peer disconnects', async () => {
    const { client, clientNode, serverNode } = await setup(async (request, ctx) => {
      if (request.text === 'wait') await sleep(1000)
      return echoHandler(request, ctx)
    })
    await client.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })
    expect(client.getStats().idleStreams).toBe(1)

    const controller = new AbortController()
    const reason = new Error('caller gave up')
    setTimeout(() => { controller.abort(reason) }, 50)
    await expect(client.query(serverNode.peerId, baseRequest({ text: 'wait' }), { timeoutMs: 2000, signal: controller.signal })).rejects.toBe(reason)

    await client.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })
    expect(client.getStats().idleStreams).toBe(1)
    await clientNode.hangUp(serverNode.peerId)
    await until(() => client.getStats().idleStreams === 0)

    // the next query redials
    const r = await client.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })
    expect(r.streamReused).toBe(false)
  })

  it('closes idle streams on the server and the client opens a fresh one', async () => {
    const { client, server, serverNode } = await setup(echoHandler, { serverInit: { idleTimeoutMs: 500 } })
    await client.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })
    expect(client.getStats().idleStreams).toBe(1)
    await until(() => server.getStats().streamsOpen === 0 && client.getStats().idleStreams === 0)
    const r = await client.query(serverNode.peerId, baseRequest(), { timeoutMs: 2000 })
    expect(r.streamReused).toBe(false)
    expect(server.getStats().streamsAccepted).toBe(2)
  })

  it('stop() rejects queries in flight and aborts running handlers', async () => {
    const handlerStarted = Promise.withResolvers<void>()
    const handlerAborted = Promise.withResolvers<void>()
    const { client, server, serverNode } = await setup(async (_request, ctx) => {
      handlerStarted.resolve()
      await new Promise(resolve => ctx.signal.addEventListener('abort', resolve, { once: true }))
      handlerAborted.resolve()
      return []
    })
    const pending = client.query(serverNode.peerId, baseRequest(), { timeoutMs: 5000 }).catch(e => e)
    await handlerStarted.promise
    await server.stop()
    await handlerAborted.promise
    const err = await pending
    // the server reset the stream: a stream failure, reported at once rather than at the 5 s timeout
    expect(err).toBeInstanceOf(QueryStreamError)

    await client.stop()
    await expect(client.query(serverNode.peerId, baseRequest(), { timeoutMs: 1000 })).rejects.toBeInstanceOf(QueryServiceStoppedError)
  })
})
