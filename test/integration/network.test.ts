/**
 * The whole node over real TCP on 127.0.0.1: four daemons, cards spreading over gossipsub, queries routed to
 * the right peer's expert, failover when a peer dies, withdrawal and expiry, and hostile input that must not
 * hurt a node.
 */
import { rm } from 'node:fs/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { lpStream } from '@libp2p/utils'
import { peerIdFromString } from '@libp2p/peer-id'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { moemesh } from '../../src/gen/moemesh.js'
import { advertTopic, signAdvert } from '../../src/net/advert-codec.js'
import { loadIdentity } from '../../src/net/identity.js'
import { QUERY_PROTOCOL } from '../../src/net/query-constants.js'
import { SeededRandom } from '../../src/text/random.js'
import { buildTestEmbedder, knowsCard, startTestNode, stopTestNodes, tempDir, topicText, trainTopicExperts, waitFor, type TestNode, type Topic } from '../helpers/network.js'

const JSON_HEADERS = { 'content-type': 'application/json' }

let embedderModel: Uint8Array
let expertDirs: Record<Topic, string>
let artefacts: string
const nodes: TestNode[] = []

beforeAll(async () => {
  artefacts = await tempDir('net-experts')
  embedderModel = buildTestEmbedder()
  expertDirs = await trainTopicExperts(artefacts, embedderModel)
})

afterAll(async () => { await rm(artefacts, { recursive: true, force: true }) })
afterEach(async () => { await stopTestNodes(nodes.splice(0)) })

/** A star-shaped network: nodes 2..n bootstrap to node 1 (as a second machine would with --bootstrap). */
async function startNetwork (experts: string[][], options: { advertTtlMs?: number, queryTimeoutMs?: number } = {}): Promise<TestNode[]> {
  const first = await startTestNode({ name: 'A', embedderModel, experts: experts[0], ...options })
  nodes.push(first)
  const boot = first.daemon.addrs().filter((a) => a.includes('127.0.0.1'))
  for (let i = 1; i < experts.length; i++) {
    nodes.push(await startTestNode({ name: String.fromCharCode(65 + i), embedderModel, experts: experts[i], bootstrap: boot, ...options }))
  }
  return nodes
}

const rng = new SeededRandom(5)

describe('a four-node network on 127.0.0.1', () => {
  it('routes a query to the remote expert that knows it, and an expert added on D becomes routable from A', async () => {
    const [a, , , d] = await startNetwork([[expertDirs.animal], [expertDirs.finance], [expertDirs.sport], []].map((x, i) => i === 3 ? [expertDirs.animal] : x))
    // every node learns every other node's cards
    await waitFor('cards to spread', () => nodes.every((n) => nodes.every((m) => knowsCard(n, m.daemon.peerId))))

    const finance = await a.daemon.query({ text: topicText('finance', 'high', rng), k: 1 })
    expect(finance.label).toBe('finance-high')
    expect(finance.experts[0].name).toBe('finance-expert')
    expect(finance.experts[0].peer).toBe(nodes[1].daemon.peerId)

    // D starts hosting the weather expert at run time (what `moemesh expert add` does through the API)
    const res = await fetch(`http://${d.daemon.apiAddress}/v1/experts`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ dir: expertDirs.weather }) })
    expect(res.status).toBe(201)
    const weatherId = ((await res.json()) as { expert: string }).expert
    await waitFor('the new card to reach A', () => knowsCard(a, d.daemon.peerId, weatherId))

    const answer = await a.daemon.query({ text: topicText('weather', 'low', rng), k: 1 })
    expect(answer.label).toBe('weather-low')
    expect(answer.experts).toHaveLength(1)
    expect(answer.experts[0]).toMatchObject({ name: 'weather-expert', expert: weatherId, peer: d.daemon.peerId })
    expect(answer.experts[0].latencyMs).toBeGreaterThan(0)

    // removal withdraws the card everywhere
    const del = await fetch(`http://${d.daemon.apiAddress}/v1/experts/weather-expert`, { method: 'DELETE' })
    expect(del.status).toBe(200)
    await waitFor('the removed card to vanish at A', () => !knowsCard(a, d.daemon.peerId, weatherId))
  })

  it('stops routing to a peer within 2 s of its connection closing and drops its cards after a grace; a clean stop withdraws at once', async () => {
    // B and D both host the animal expert; C hosts finance. D advertises with a short lifetime.
    const [a, b, c] = await startNetwork([[expertDirs.sport], [expertDirs.animal], [expertDirs.finance], [expertDirs.animal]], { queryTimeoutMs: 2500 })
    const d = nodes[3]
    await waitFor('cards to spread', () => nodes.every((n) => nodes.every((m) => knowsCard(n, m.daemon.peerId))))

    // Make D A's first choice for the animal expert (it looked faster so far), then kill D without a goodbye:
    // its libp2p node goes away and no withdrawal is sent. A sees the connection close: within 2 s D's cards are
    // unroutable (long before their advert expires), and queries answer from B without trying D at all.
    a.daemon.peerStats.recordSuccess(d.daemon.peerId, 1)
    a.daemon.peerStats.recordSuccess(b.daemon.peerId, 400)
    const query = { text: topicText('animal', 'high', rng), k: 1, timeoutMs: 2500 }
    const plan = async (): Promise<string> => a.daemon.router.plan({ ...query, vector: (await a.daemon.embedder.embed([query.text]))[0], spaceId: a.daemon.embedder.spaceId }).primary[0].peerId
    expect(await plan()).toBe(d.daemon.peerId)
    const killedAt = Date.now()
    await d.daemon.libp2p.stop()
    await waitFor("D's cards to become unroutable at A", async () => !knowsCard(a, d.daemon.peerId) && await plan() === b.daemon.peerId, 2_000)
    expect(Date.now() - killedAt).toBeLessThan(2_000)
    for (let i = 0; i < 3; i++) {
      const started = Date.now()
      const answer = await a.daemon.query(query)
      expect(Date.now() - started).toBeLessThan(2500 + 500)
      expect(answer.label).toBe('animal-high')
      expect(answer.experts[0].peer).toBe(b.daemon.peerId)
      expect(answer.failed).toEqual([])
    }
    // after the grace, D's cards are gone from the index altogether
    await waitFor("D's cards to be dropped at A", () => !a.daemon.index.entries().some((e) => e.peerId === d.daemon.peerId) && a.daemon.index.size === a.daemon.index.entries().length, 8_000)

    // A clean stop of C withdraws its cards at once (long before their 90 s expiry).
    const stopAt = Date.now()
    await c.daemon.stop()
    await waitFor("C's withdrawal", () => !knowsCard(a, c.daemon.peerId), 10_000)
    expect(Date.now() - stopAt).toBeLessThan(10_000)
  })

  it('expires the cards of a peer that stops refreshing', async () => {
    const [a] = await startNetwork([[expertDirs.sport], [expertDirs.animal]], { advertTtlMs: 2_500 })
    const b = nodes[1]
    await waitFor('cards to spread', () => knowsCard(a, b.daemon.peerId))
    await b.daemon.libp2p.stop() // B dies silently: no withdrawal, no refresh
    await waitFor("B's card to expire at A", () => !knowsCard(a, b.daemon.peerId), 10_000)
  })

  it('rejects a forged card and a card with NaN vectors, and keeps serving', async () => {
    const [a, b] = await startNetwork([[expertDirs.sport], [expertDirs.animal], [expertDirs.finance]])
    await waitFor('cards to spread', () => nodes.every((n) => nodes.every((m) => knowsCard(n, m.daemon.peerId))))
    const spaceId = a.daemon.embedder.spaceId
    const topic = advertTopic(spaceId)
    const good = b.daemon.experts.cards()[0]
    const card = (centroid: number[]): moemesh.IExpertCard => ({
      expertId: Buffer.from('ab'.repeat(32), 'hex'),
      name: 'evil-expert',
      version: '1',
      task: 'classification',
      labels: ['x', 'y'],
      spaceId,
      dim: good.dim,
      centroidCount: 1,
      centroids: centroid,
      price: 0,
      load: 0,
      inputKind: 'embedding'
    })
    const unit = Array.from({ length: good.dim }, (_, i) => (i === 0 ? 1 : 0))
    const advert = (peer: string, c: moemesh.IExpertCard): Uint8Array => moemesh.NodeAdvert.encode({
      peerId: peerIdFromString(peer).toMultihash().bytes,
      seqno: Date.now() + 1_000_000,
      expiresAtMs: Date.now() + 60_000,
      addrs: [],
      cards: [c],
      spaceId
    }).finish()
    // 1. Forged: B publishes an advert that claims to be B's but is signed by a stranger's key.
    const stranger = await generateKeyPair('Ed25519')
    const forged = await signAdvert(advert(b.daemon.peerId, card(unit)), stranger)
    // 2. NaN: correctly signed by B itself, but the vectors are NaN.
    const bKey = await loadIdentity(`${b.dataDir}/identity.key`)
    const nan = await signAdvert(advert(b.daemon.peerId, card(unit.map(() => Number.NaN))), bKey)

    for (const bytes of [forged, nan]) await b.daemon.libp2p.services.pubsub.publish(topic, bytes).catch(() => {})
    // Give gossip ample time to deliver them (a valid advert crosses in ~tens of ms).
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const rejected = a.daemon.status().adverts.rejected
    expect((rejected['author-mismatch'] ?? 0) + (rejected['peer-id-mismatch'] ?? 0)).toBeGreaterThanOrEqual(1)
    expect(rejected['non-finite'] ?? 0).toBeGreaterThanOrEqual(1)
    for (const n of [a, nodes[2]]) {
      expect(n.daemon.index.entries().some((e) => e.card.name === 'evil-expert')).toBe(false)
      expect(knowsCard(n, b.daemon.peerId, good.expertId)).toBe(true) // B's real card was not replaced
    }
    // A keeps serving: a query is still routed to B's animal expert.
    const answer = await a.daemon.query({ text: topicText('animal', 'low', rng), k: 1 })
    expect(answer.experts[0].peer).toBe(b.daemon.peerId)
    expect(answer.label).toBe('animal-low')
  })

  it('refuses oversized and garbage query frames without crashing, and keeps answering', async () => {
    const [a, b] = await startNetwork([[expertDirs.sport], [expertDirs.animal]])
    await waitFor('cards to spread', () => knowsCard(a, b.daemon.peerId))
    const bId = peerIdFromString(b.daemon.peerId)

    // garbage bytes in a valid length prefix
    const s1 = await a.daemon.libp2p.dialProtocol(bId, QUERY_PROTOCOL)
    const lp1 = lpStream(s1, { maxDataLength: 1024 * 1024 })
    await lp1.write(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]))
    const reply = moemesh.QueryResponse.decode((await lp1.read()).subarray())
    expect(reply.error).toBe(moemesh.ErrorCode.BAD_REQUEST)
    s1.abort(new Error('done'))

    // an oversized frame (2 MiB, far above the request limit)
    const s2 = await a.daemon.libp2p.dialProtocol(bId, QUERY_PROTOCOL)
    const lp2 = lpStream(s2, { maxDataLength: 4 * 1024 * 1024 })
    await lp2.write(new Uint8Array(2 * 1024 * 1024)).catch(() => {})
    await lp2.read({ signal: AbortSignal.timeout(3_000) }).then((r) => {
      expect(moemesh.QueryResponse.decode(r.subarray()).error).toBe(moemesh.ErrorCode.BAD_REQUEST)
    }, (err: Error) => {
      // the server may reset the stream instead of answering: also a refusal, but silence is not
      expect(err.name).not.toBe('TimeoutError')
    })
    s2.abort(new Error('done'))
    // the oversized frame was counted as refused (the garbage one above decodes to an invalid request instead)
    expect(b.daemon.status().queryServer.badFrames).toBeGreaterThanOrEqual(1)

    // B still answers real queries
    const answer = await a.daemon.query({ text: topicText('animal', 'high', rng), k: 1 })
    expect(answer.experts[0].peer).toBe(b.daemon.peerId)
    expect(answer.label).toBe('animal-high')
  })

  it('answers with a clear error, not a hang, when nobody can answer', async () => {
    const [a, b] = await startNetwork([[expertDirs.sport], [expertDirs.animal]], { queryTimeoutMs: 1000 })
    await waitFor('cards to spread', () => knowsCard(a, b.daemon.peerId))
    await b.daemon.libp2p.stop()
    await a.daemon.removeExpert('sport-expert')
    const started = Date.now()
    const err = await a.daemon.query({ text: topicText('animal', 'high', rng), k: 1, timeoutMs: 1000 }).catch((e: unknown) => e as Error & { code?: string })
    expect(Date.now() - started).toBeLessThan(1000 + 500)
    expect(err).toBeInstanceOf(Error)
    expect(['QUERY_FAILED', 'NO_MATCHING_EXPERT']).toContain((err as { code?: string }).code)
    const status = await fetch(`http://${a.daemon.apiAddress}/v1/query`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ text: 'the weathera1', timeout_ms: 500 }) })
    expect([404, 502, 504]).toContain(status.status)
    expect(((await status.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(10)
  })
})
