/**
 * Advert sync over real TCP on 127.0.0.1: a newcomer that bootstraps to one peer learns the cards of peers it is
 * not connected to from that peer at once (refreshes are set to 60 s, so they cannot be what delivered them), and
 * a relayer that sends garbage, forged, NaN, expired or stale adverts changes nothing and is cut off.
 *
 * What a sync exchange delivered is read from that exchange itself (the adverts it took in, each with its relayer,
 * author and verdict), not from node-wide counters that gossip in the background can move meanwhile.
 */
import { join } from 'node:path'
import { rm } from 'node:fs/promises'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { generateKeyPair, publicKeyFromProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import type { Libp2p, PrivateKey } from '@libp2p/interface'
import { moemesh } from '../../src/gen/moemesh.js'
import { buildSignedAdvert, signAdvert } from '../../src/net/advert-codec.js'
import { ADVERT_SYNC_PROTOCOL, AdvertSync } from '../../src/net/advert-sync.js'
import type { AdvertSyncResult, AdvertSyncStats } from '../../src/net/advert-sync.js'
import { AdvertService, type AdvertServiceStats } from '../../src/net/advert-service.js'
import { loadIdentity } from '../../src/net/identity.js'
import { IDENTITY_FILE } from '../../src/node/daemon.js'
import { SeededRandom } from '../../src/text/random.js'
import { connectNodes, createTestNode, stopNodes } from '../helpers/libp2p-nodes.js'
import {
  buildTestEmbedder, knowsCard, startTestNode, stopTestNodes, tempDir, topicText, trainTopicExperts,
  type TestNode, type TestNodeInit, type Topic
} from '../helpers/network.js'
import { waitFor, waitForValue } from '../helpers/wait-for.js'

/** Far beyond the test's length. (The daemon also re-advertises on a load change, checked every 10 s; idle experts' load does not move.) */
const NO_REFRESH_MS = 60_000
/**
 * How long the line must go without a publish before a newcomer joins, so that no advert is still in flight or
 * in gossipsub's gossip window (3 heartbeats of 1 s: a peer that joins within it is offered the message by
 * IHAVE). A publish follows its trigger within ~1.1 s (100 ms debounce, 1 s minimum interval), so a pending one
 * shows up inside this window too.
 */
const QUIET_MS = 3_500

let embedderModel: Uint8Array
let expertDirs: Record<Topic, string>
let artefacts: string
const nodes: TestNode[] = []
const plain: Libp2p[] = []
const rng = new SeededRandom(17)

beforeAll(async () => {
  artefacts = await tempDir('sync-experts')
  embedderModel = buildTestEmbedder()
  expertDirs = await trainTopicExperts(artefacts, embedderModel)
})
afterAll(async () => { await rm(artefacts, { recursive: true, force: true }) })
afterEach(async () => {
  vi.restoreAllMocks()
  await stopNodes(plain.splice(0))
  await stopTestNodes(nodes.splice(0))
})

/** One advert a node of this process took in through advert sync: who relayed it, whose it is, the verdict. */
interface Intake {
  relayedBy?: string
  /** The signer's peer id; undefined when the bytes do not decode. */
  author?: string
  ok: boolean
  reason?: string
}
/** One sync exchange a node of this process ran as the client: the peer it asked, and what came of it. */
interface Exchange {
  server: string
  result?: AdvertSyncResult
  error?: unknown
}
const intakes: Intake[] = []
const exchanges: Exchange[] = []

function authorOf (bytes: Uint8Array): string | undefined {
  try {
    return peerIdFromPublicKey(publicKeyFromProtobuf(moemesh.SignedAdvert.decode(bytes).publicKey)).toString()
  } catch {
    return undefined
  }
}

// Record every relayed advert and every sync exchange, by wrapping the methods every node's advert sync calls.
beforeEach(() => {
  intakes.length = 0
  exchanges.length = 0
  const ingestRelayed = AdvertService.prototype.ingestRelayed
  vi.spyOn(AdvertService.prototype, 'ingestRelayed').mockImplementation(async function (this: AdvertService, bytes, options) {
    const verdict = await ingestRelayed.call(this, bytes, options)
    intakes.push({ relayedBy: options?.relayedBy, author: authorOf(bytes), ok: verdict.ok, reason: verdict.ok ? undefined : verdict.reason })
    return verdict
  })
  const sync = AdvertSync.prototype.sync
  vi.spyOn(AdvertSync.prototype, 'sync').mockImplementation(async function (this: AdvertSync, peer, options) {
    const exchange: Exchange = { server: peer.toString() }
    try {
      exchange.result = await sync.call(this, peer, options)
      return exchange.result
    } catch (err) {
      exchange.error = err
      throw err
    } finally {
      exchanges.push(exchange)
    }
  })
})

/** The result of the (one) finished sync exchange in which some node asked `server`. */
async function exchangeWith (server: string, timeoutMs = 5_000): Promise<AdvertSyncResult> {
  const done = await waitForValue(`a sync exchange with ${server} to end`, () => exchanges.find((e) => e.server === server), timeoutMs, 10)
  if (done.result === undefined) throw new Error(`the sync exchange with ${server} failed: ${String(done.error)}`)
  return done.result
}

/** Authors of the adverts relayed by `relayer` that were accepted. */
function acceptedFrom (relayer: string): string[] {
  return intakes.filter((x) => x.relayedBy === relayer && x.ok).map((x) => x.author ?? '')
}

async function start (init: Omit<TestNodeInit, 'embedderModel'> & { after?: TestNode }): Promise<TestNode> {
  const { after, ...rest } = init
  const bootstrap = after === undefined ? [] : after.daemon.addrs().filter((a) => a.includes('127.0.0.1'))
  // no DHT: it would connect every node of a network this small to every other, and the newcomer could then learn
  // the cards from their authors directly; the topology stays exactly the bootstrap links
  const node = await startTestNode({ embedderModel, advertRefreshMs: NO_REFRESH_MS, dht: false, bootstrap, ...rest })
  nodes.push(node)
  return node
}

/** A line A - B - C where C hosts `cExperts`, with every node knowing every other node's cards. */
async function startLine (cExperts: string[]): Promise<[TestNode, TestNode, TestNode]> {
  const a = await start({ name: 'A', experts: [expertDirs.sport] })
  const b = await start({ name: 'B', experts: [expertDirs.animal], after: a })
  const c = await start({ name: 'C', experts: cExperts, after: b })
  const line = [a, b, c]
  await waitFor('A, B and C to know each other', () => line.every((n) => line.every((m) => knowsCard(n, m.daemon.peerId))), 10_000)
  return [a, b, c]
}

/** Wait until none of `line` has published an advert for {@link QUIET_MS}. */
async function quiet (line: TestNode[]): Promise<void> {
  let counts = line.map((n) => advertStats(n).published).join()
  let since = Date.now()
  await waitFor(`${line.map((n) => n.name).join(', ')} to stop publishing`, () => {
    const now = line.map((n) => advertStats(n).published).join()
    if (now !== counts) { counts = now; since = Date.now() }
    return Date.now() - since >= QUIET_MS
  }, 15_000, 100)
}

function advertStats (n: TestNode): AdvertServiceStats {
  return n.daemon.status().adverts
}

function syncStats (n: TestNode): AdvertSyncStats {
  return n.daemon.status().advertSync
}

function seqnoAt (n: TestNode, peer: string): number {
  return n.daemon.index.entries().find((e) => e.peerId === peer)?.seqno ?? 0
}

/** A NodeAdvert of `peer` with one card of `dim` centroid values, encoded by hand (no local checks). */
function rawAdvert (peer: string, spaceId: string, dim: number, opts: { seqno: number, expiresAt: number, centroid?: number[] }): Uint8Array {
  return moemesh.NodeAdvert.encode({
    peerId: peerIdFromString(peer).toMultihash().bytes,
    seqno: opts.seqno,
    expiresAtMs: opts.expiresAt,
    addrs: [],
    spaceId,
    cards: [{
      expertId: Buffer.from('ab'.repeat(32), 'hex'),
      name: 'evil-expert',
      version: '1',
      task: 'classification',
      labels: ['x', 'y'],
      spaceId,
      dim,
      centroidCount: 1,
      centroids: opts.centroid ?? Array.from({ length: dim }, (_, i) => (i === 0 ? 1 : 0)),
      price: 0,
      load: 0,
      inputKind: 'embedding'
    }]
  }).finish()
}

/** Ask `server` for its adverts as a plain libp2p node would; returns the frames of the answer. */
async function askSync (from: Libp2p, server: TestNode, request: Uint8Array): Promise<Uint8Array[]> {
  const stream = await from.dialProtocol(peerIdFromString(server.daemon.peerId), ADVERT_SYNC_PROTOCOL)
  const lp = lpStream(stream, { maxDataLength: 1024 * 1024 })
  await lp.write(request)
  await stream.close()
  const frames: Uint8Array[] = []
  try {
    while (true) frames.push((await lp.read({ signal: AbortSignal.timeout(3_000) })).subarray())
  } catch (err) {
    if ((err as Error).name !== 'UnexpectedEOFError') throw err
  }
  return frames
}

describe('advert sync', () => {
  it('a newcomer that bootstraps to one peer knows the cards of peers two hops away within 2 s, and can query them', async () => {
    const [a, b, c] = await startLine([expertDirs.weather])
    const all = [a, b, c]
    // nothing in flight: A and C have nothing to publish from here on, so a card of theirs reaches a newcomer
    // only if B relays it
    await quiet(all)
    const heldByB = { a: seqnoAt(b, a.daemon.peerId), c: seqnoAt(b, c.daemon.peerId) }
    intakes.length = 0
    exchanges.length = 0

    // D asks B on connect; the control node does not (sync off). Both bootstrap to B alone.
    const startedAt = Date.now()
    const [d, control] = await Promise.all([
      start({ name: 'D', experts: [], after: b }),
      start({ name: 'control', experts: [], after: b, advertSync: false })
    ])
    await waitFor('D to know every card of the network', () => all.every((n) => knowsCard(d, n.daemon.peerId)), 15_000, 10)
    // well inside the 60 s refresh, so sync delivered them (~1 s here: the bootstrap module waits 1 s before it
    // dials, and the sync itself takes tens of ms); A and C publishing nothing meanwhile is checked below
    expect(Date.now() - startedAt).toBeLessThan(15_000)
    await waitFor('the control node to know B', () => knowsCard(control, b.daemon.peerId), 5_000)
    // D's sync exchange with B (the only one with B from here on: the control node does not ask) delivered A's and
    // C's cards, the very adverts B held; D is connected to B only
    const fromB = await exchangeWith(b.daemon.peerId)
    expect(fromB.end).toBe('complete')
    expect(acceptedFrom(b.daemon.peerId)).toEqual(expect.arrayContaining([a.daemon.peerId, c.daemon.peerId]))
    expect(exchanges.filter((e) => e.server === b.daemon.peerId)).toHaveLength(1)
    expect({ a: seqnoAt(d, a.daemon.peerId), c: seqnoAt(d, c.daemon.peerId) }).toEqual(heldByB)
    expect(d.daemon.libp2p.getPeers().map(String)).toEqual([b.daemon.peerId])
    // the control node lacks them: only B republished when it joined, and A and C have published nothing since
    expect(knowsCard(control, a.daemon.peerId)).toBe(false)
    expect(knowsCard(control, c.daemon.peerId)).toBe(false)
    expect(advertStats(control).relayed).toBe(0)

    // D can route to C's expert: the relayed advert also taught D how to dial C
    const answer = await d.daemon.query({ text: topicText('weather', 'high', rng), k: 1 })
    expect(answer.label).toBe('weather-high')
    expect(answer.experts[0].peer).toBe(c.daemon.peerId)
  })

  it('rejects garbage, forged, NaN, expired and stale relays without rolling back newer cards, and keeps working', async () => {
    const [a, b, c] = await startLine([expertDirs.weather])
    const d = await start({ name: 'D', experts: [], after: b })
    const cId = c.daemon.peerId
    await waitFor("D to know C's card", () => knowsCard(d, cId), 5_000)

    // C starts hosting finance: a newer advert (weather + finance) reaches D over gossip
    const finance = await c.daemon.addExpert(expertDirs.finance)
    await waitFor("D to know C's new card", () => knowsCard(d, cId, finance.expert), 10_000)
    const weatherCard = c.daemon.experts.cards().find((card) => card.name === 'weather-expert')
    if (weatherCard === undefined) throw new Error('C lost its weather expert')
    const current = seqnoAt(d, cId)
    const spaceId = d.daemon.embedder.spaceId
    const dim = weatherCard.dim
    const now = Date.now()
    const cKey: PrivateKey = await loadIdentity(join(c.dataDir, IDENTITY_FILE))
    const stranger = await generateKeyPair('Ed25519')

    const frames: Uint8Array[] = [
      // garbage
      Uint8Array.from([0xff, 0x01, 0x02, 0x03, 0x04, 0x05]),
      // forged: claims to be C's, signed by a stranger, with a seqno that would shadow C's adverts for good
      await signAdvert(rawAdvert(cId, spaceId, dim, { seqno: current + 1_000_000, expiresAt: now + 60_000 }), stranger),
      // signed by C's own key but with NaN centroids
      await signAdvert(rawAdvert(cId, spaceId, dim, { seqno: current + 1_000_000, expiresAt: now + 60_000, centroid: Array(dim).fill(Number.NaN) }), cKey),
      // genuine but stale: C's older card set (weather only), which would drop finance if applied
      await buildSignedAdvert({ seqno: current - 1, expiresAt: now + 60_000, addrs: [], spaceId, cards: [weatherCard] }, cKey, { spaceDim: dim }),
      // genuine but expired long ago
      await signAdvert(rawAdvert(cId, spaceId, dim, { seqno: current + 2_000_000, expiresAt: now - 10 * 60_000 }), cKey)
    ]
    // A fake relayer F: answers every sync request with the frames above, then an oversized frame.
    const f = await createTestNode()
    plain.push(f)
    let requestsSeen = 0
    await f.handle(ADVERT_SYNC_PROTOCOL, (stream) => {
      void (async () => {
        const lp = lpStream(stream, { maxDataLength: 1024 })
        moemesh.AdvertSyncRequest.decode((await lp.read()).subarray())
        requestsSeen++
        for (const frame of frames) await lp.write(frame)
        await lp.write(new Uint8Array(2 * 1024 * 1024)).catch(() => {}) // over any advert's size
        await stream.close().catch(() => {})
      })().catch(() => { stream.abort(new Error('fake relayer done')) })
    })
    // F connects to D; D identifies F as a sync server and asks it, as it asks every new peer
    const fId = f.peerId.toString()
    await connectNodes(f, d.daemon.libp2p)
    // D read the five adverts, took none, and cut F off at the oversized frame
    expect(await exchangeWith(fId)).toEqual({ received: 5, accepted: 0, ignored: 2, rejected: 3, end: 'bad-frame' })
    expect(requestsSeen).toBe(1)
    expect(intakes.filter((x) => x.relayedBy === fId).map((x) => [x.ok, x.reason])).toEqual([
      [false, 'decode-failed'], [false, 'peer-id-mismatch'], [false, 'non-finite'], [false, 'stale-seqno'], [false, 'expired']
    ])

    // nothing changed: C's newest cards stand, its seqno is not rolled back or pushed ahead, no evil card
    expect(seqnoAt(d, cId)).toBe(current)
    expect(knowsCard(d, cId, finance.expert)).toBe(true)
    expect(knowsCard(d, cId, weatherCard.expertId)).toBe(true)
    expect(d.daemon.index.entries().some((e) => e.card.name === 'evil-expert')).toBe(false)

    // D keeps working: it routes to C's new expert, and C's next real advert is still accepted
    const answer = await d.daemon.query({ text: topicText('finance', 'low', rng), k: 1 })
    expect(answer.label).toBe('finance-low')
    expect(answer.experts[0].peer).toBe(cId)
    await c.daemon.removeExpert('finance-expert')
    await waitFor("C's withdrawal of finance to reach D", () => !knowsCard(d, cId, finance.expert), 10_000)

    // and D still serves sync: a newcomer E that bootstraps to D alone learns C's card through D, and its sync
    // exchange with D (the only one with D from here on) hands it A's advert, which nothing else could have
    intakes.length = 0
    exchanges.length = 0
    const e = await start({ name: 'E', experts: [], after: d })
    await waitFor("E to know C's card through D", () => knowsCard(e, cId, weatherCard.expertId), 5_000)
    expect((await exchangeWith(d.daemon.peerId)).end).toBe('complete')
    expect(acceptedFrom(d.daemon.peerId)).toContain(a.daemon.peerId)
    expect(knowsCard(e, a.daemon.peerId)).toBe(true)
  })

  it('a server drops garbage and oversized requests, answers each peer once per interval, and only in its own space', async () => {
    const [a, b, c] = await startLine([expertDirs.weather])
    const bId = peerIdFromString(b.daemon.peerId)
    const [f1, f2, g, h] = await Promise.all([createTestNode(), createTestNode(), createTestNode(), createTestNode()])
    plain.push(f1, f2, g, h)
    for (const n of [f1, f2, g, h]) await connectNodes(n, b.daemon.libp2p)

    // an oversized request (32 KiB) and a truncated protobuf: the stream is dropped, nothing is answered
    const big = lpStream(await f1.dialProtocol(bId, ADVERT_SYNC_PROTOCOL), { maxDataLength: 64 * 1024 })
    await big.write(new Uint8Array(32 * 1024)).catch(() => {})
    await expect(big.read({ signal: AbortSignal.timeout(3_000) })).rejects.toThrow()
    await expect(askSync(f2, b, Uint8Array.from([0x0a, 0xff, 0x01]))).rejects.toThrow()

    // B keeps serving: a valid request gets every advert B holds, each signed by its own author
    const request = moemesh.AdvertSyncRequest.encode({ spaceId: b.daemon.embedder.spaceId }).finish()
    const first = await askSync(g, b, request)
    const authors = first.map((bytes) => peerIdFromPublicKey(publicKeyFromProtobuf(moemesh.SignedAdvert.decode(bytes).publicKey)).toString())
    expect(authors.sort()).toEqual([a.daemon.peerId, b.daemon.peerId, c.daemon.peerId].sort())
    // the same peer asking again within the interval gets an empty answer
    expect(await askSync(g, b, request)).toEqual([])
    expect(syncStats(b).refused).toBeGreaterThanOrEqual(1)
    // a request for another embedding space gets nothing
    expect(await askSync(h, b, moemesh.AdvertSyncRequest.encode({ spaceId: 'ab'.repeat(32) }).finish())).toEqual([])
  })
})
