/**
 * NodeDispatcher: local experts run in-process through the runner (same rules as for remote callers), remote
 * ones are asked over the query client with the query, the price cap, the deadline and the signal.
 */
import { describe, expect, it } from 'vitest'
import { ExpertEndpointError } from '../../../src/experts/errors.js'
import type { QueryClient, QueryInput, QueryOptions } from '../../../src/net/query-client.js'
import { NodeDispatcher } from '../../../src/node/dispatcher.js'
import { DeadPeerCards } from '../../../src/node/dead-peer-cards.js'
import { QueryDialError, QueryTimeoutError } from '../../../src/net/query-errors.js'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PeerId } from '@libp2p/interface'
import { waitFor } from '../../helpers/wait-for.js'
import { FakeExpert, idOf, SPACE } from './fake-expert.js'

type Query = QueryClient['query']

function fakeClient (answer: Awaited<ReturnType<Query>>): { client: Pick<QueryClient, 'query'>, calls: Array<{ peer: unknown, request: QueryInput, options: QueryOptions }> } {
  const calls: Array<{ peer: unknown, request: QueryInput, options: QueryOptions }> = []
  return {
    calls,
    client: {
      query: async (peer, request, options) => {
        calls.push({ peer, request, options })
        return answer
      }
    }
  }
}

const query = { text: 'is this spam?', vector: Float32Array.from([1, 0, 0, 0]), spaceId: SPACE }

describe('NodeDispatcher', () => {
  it('runs local experts in-process, with the price cap, and never touches the network', async () => {
    const cheap = new FakeExpert({ id: idOf('cheap'), price: 1, answer: Float32Array.from([0.2, 0.8]) })
    const dear = new FakeExpert({ id: idOf('dear'), price: 9 })
    const down = new FakeExpert({ id: idOf('down'), answer: new ExpertEndpointError('down') })
    const byId = new Map([cheap, dear, down].map((e) => [e.expertId, e]))
    const { client, calls } = fakeClient({ answers: [], rttMs: 0, streamReused: false })
    const d = new NodeDispatcher({ experts: { get: (id) => byId.get(id) }, spaceId: SPACE, embed: async () => new Float32Array(4) }, client)
    const controller = new AbortController()
    const results = await d.ask('self', true, [cheap.expertId, dear.expertId, down.expertId], query, { signal: controller.signal, timeoutMs: 1000, maxPrice: 5 })
    expect(results.map((r) => r.error)).toEqual([undefined, 'BUDGET_EXCEEDED', 'INTERNAL'])
    expect(results[0]).toMatchObject({ expertId: cheap.expertId, price: 1 })
    expect(results[0].distribution).toEqual(Float32Array.from([0.2, 0.8]))
    expect(cheap.asked[0]).toMatchObject({ query: { text: query.text }, signal: controller.signal })
    expect(calls).toHaveLength(0)
  })

  it('asks a remote peer over the query client and passes its answers through', async () => {
    const id = idOf('remote')
    const { client, calls } = fakeClient({
      answers: [
        { expertId: id, error: undefined, distribution: Float32Array.from([0.6, 0.4]), latencyMs: 3, price: 2 },
        { expertId: idOf('other'), error: 'OVERLOADED', distribution: undefined, latencyMs: 0, price: 0 }
      ],
      rttMs: 5,
      streamReused: true
    })
    const d = new NodeDispatcher({ experts: { get: () => undefined }, spaceId: SPACE, embed: async () => new Float32Array(4) }, client)
    const controller = new AbortController()
    const results = await d.ask('12D3KooWpeer', false, [id, idOf('other')], query, { signal: controller.signal, timeoutMs: 750 })
    expect(calls).toHaveLength(1)
    expect(calls[0].peer).toBe('12D3KooWpeer')
    expect(calls[0].request).toEqual({ text: query.text, vector: query.vector, spaceId: SPACE, expertIds: [id, idOf('other')], maxPrice: 0 })
    expect(calls[0].options).toEqual({ signal: controller.signal, timeoutMs: 750 })
    expect(results).toEqual([
      { expertId: id, distribution: Float32Array.from([0.6, 0.4]), error: undefined, latencyMs: 3, price: 2 },
      { expertId: idOf('other'), distribution: undefined, error: 'OVERLOADED', latencyMs: 0, price: 0 }
    ])
  })

  it('passes competenceOnly to local experts (no model runs, free) and to a remote peer, with the scores back', async () => {
    const local = new FakeExpert({ id: idOf('local'), price: 3, competence: { shared: 0.75, private: 0.5, inDomain: -1 } })
    const byId = new Map([[local.expertId, local]])
    const remoteId = idOf('remote')
    const { client, calls } = fakeClient({
      answers: [{ expertId: remoteId, error: undefined, distribution: undefined, latencyMs: 1, price: 0, competence: 0.5, privateCompetence: 0.25, inDomain: -2 }],
      rttMs: 2,
      streamReused: false
    })
    const d = new NodeDispatcher({ experts: { get: (id) => byId.get(id) }, spaceId: SPACE, embed: async () => new Float32Array(4) }, client)
    const signal = new AbortController().signal
    const mine = await d.ask('self', true, [local.expertId], query, { signal, timeoutMs: 1000, competenceOnly: true })
    expect(mine).toEqual([expect.objectContaining({ expertId: local.expertId, price: 0, competence: 0.75, privateCompetence: 0.5, inDomain: -1 })])
    expect(mine[0].distribution).toBeUndefined()
    expect(local.asked).toHaveLength(0)
    expect(local.competenceAsked[0].query.vector).toEqual(query.vector)
    const theirs = await d.ask('12D3KooWpeer', false, [remoteId], query, { signal, timeoutMs: 1000, competenceOnly: true })
    expect(calls[0].request.competenceOnly).toBe(true)
    expect(theirs[0]).toMatchObject({ expertId: remoteId, price: 0, competence: 0.5, privateCompetence: 0.25, inDomain: -2 })
  })

  it('passes withoutCompetence to local experts and to a remote peer', async () => {
    const local = new FakeExpert({ id: idOf('local'), needsVector: true, competence: 0.75 })
    const { client, calls } = fakeClient({ answers: [], rttMs: 0, streamReused: false })
    const d = new NodeDispatcher({ experts: { get: (id) => (id === local.expertId ? local : undefined) }, spaceId: SPACE, embed: async () => new Float32Array(4) }, client)
    const opts = { signal: new AbortController().signal, timeoutMs: 100, withoutCompetence: true }
    const [mine] = await d.ask('self', true, [local.expertId], query, opts)
    expect(mine).not.toHaveProperty('competence')
    expect(local.competenceAsked).toHaveLength(0)
    await d.ask('12D3KooWpeer', false, [idOf('r')], query, opts)
    expect(calls[0].request).toMatchObject({ withoutCompetence: true })
  })

  it('tells the node when a remote peer cannot be dialled, and only then', async () => {
    const failed: string[] = []
    const failing = (err: Error): Pick<QueryClient, 'query'> => ({ query: async () => { throw err } })
    const local = { experts: { get: () => undefined }, spaceId: SPACE, embed: async () => new Float32Array(4) }
    const opts = { signal: new AbortController().signal, timeoutMs: 100 }
    const dial = new NodeDispatcher(local, failing(new QueryDialError('12D3KooWgone')), (p) => failed.push(p))
    await expect(dial.ask('12D3KooWgone', false, [idOf('x')], query, opts)).rejects.toBeInstanceOf(QueryDialError)
    const timeout = new NodeDispatcher(local, failing(new QueryTimeoutError(100)), (p) => failed.push(p))
    await expect(timeout.ask('12D3KooWslow', false, [idOf('x')], query, opts)).rejects.toBeInstanceOf(QueryTimeoutError)
    expect(failed).toEqual(['12D3KooWgone'])
  })
})

describe('DeadPeerCards.dialFailed', () => {
  it('makes a peer known only through gossip unroutable at once and drops its cards after the grace, unless it is connected', async () => {
    const events = new EventTarget()
    const connected = new Set<string>()
    const node = {
      addEventListener: events.addEventListener.bind(events),
      removeEventListener: events.removeEventListener.bind(events),
      getConnections: (peer?: PeerId) => (peer != null && connected.has(peer.toString()) ? [{}] : [])
    } as unknown as ConstructorParameters<typeof DeadPeerCards>[0]['node']
    const unreachable = new Set<string>()
    const removed: string[] = []
    const dead = new DeadPeerCards({ node, graceMs: 50, index: { setReachable: (p, ok) => { if (ok) unreachable.delete(p); else unreachable.add(p) }, removePeer: (p) => removed.push(p) } })
    dead.start()
    const gone = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
    const alive = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
    connected.add(alive.toString())
    dead.dialFailed(gone)
    dead.dialFailed(alive)
    expect([...unreachable]).toEqual([gone.toString()])
    await waitFor('the dead peer dropped', () => removed.length > 0, 2000)
    expect(removed).toEqual([gone.toString()])
    dead.stop()
  })
})
