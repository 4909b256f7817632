import { generateKeyPair } from '@libp2p/crypto/keys'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { afterEach, describe, expect, it } from 'vitest'
import type { Message } from '@libp2p/gossipsub'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import { buildSignedAdvert, verifyAdvert } from '../../../src/net/advert-codec.js'
import { AdvertService } from '../../../src/net/advert-service.js'
import type { AdvertPubSub } from '../../../src/net/advert-service.js'
import type { CardData, VerifiedAdvert } from '../../../src/net/advert-types.js'
import { AdvertTooLargeError } from '../../../src/net/errors.js'
import { InvalidOptionError } from '../../../src/errors.js'
import { FakePubSub } from '../../helpers/fake-pubsub.js'

const SPACE = '0f'.repeat(32)
const DIM = 4

function card (i: number, centroidCount = 1, dim = DIM): CardData {
  const row = new Float32Array(dim)
  row[i % dim] = 1
  return {
    expertId: i.toString(16).padStart(64, '0'),
    name: `e${i}`,
    version: '1',
    task: 'classification',
    description: '',
    labels: ['a'],
    spaceId: SPACE,
    centroids: Array.from({ length: centroidCount }, () => row),
    dim,
    price: 0,
    load: 0,
    inputKind: 'embedding',
    accuracy: 0
  }
}

let services: AdvertService[] = []

async function setup (init: Partial<ConstructorParameters<typeof AdvertService>[1]> = {}, extra: Partial<ConstructorParameters<typeof AdvertService>[0]> = {}): Promise<{ pubsub: FakePubSub, service: AdvertService, seen: VerifiedAdvert[], key: PrivateKey }> {
  const key = await generateKeyPair('Ed25519')
  const pubsub = new FakePubSub()
  const seen: VerifiedAdvert[] = []
  const service = new AdvertService({
    pubsub: pubsub as unknown as AdvertPubSub,
    peerId: peerIdFromPrivateKey(key),
    privateKey: key,
    getMultiaddrs: () => [multiaddr(`/ip4/127.0.0.1/tcp/4001/p2p/${peerIdFromPrivateKey(key).toString()}`)],
    ...extra
  }, { spaceId: SPACE, spaceDim: DIM, onAdvert: a => seen.push(a), debounceMs: 5, minPublishIntervalMs: 0, ...init })
  services.push(service)
  await service.start()
  return { pubsub, service, seen, key }
}

const flushMicrotasks = async (): Promise<void> => new Promise(resolve => setTimeout(resolve, 0))

afterEach(async () => {
  await Promise.all(services.map(async s => s.stop()))
  services = []
})

describe('AdvertService', () => {
  it('accepts a newer advert from a peer and ignores a replay of an older one', async () => {
    const { pubsub, service, seen } = await setup()
    const remote = await generateKeyPair('Ed25519')
    const from = peerIdFromPrivateKey(remote)
    const now = Date.now()
    const older = await buildSignedAdvert({ seqno: now, expiresAt: now + 60_000, addrs: [], spaceId: SPACE, cards: [card(1)] }, remote)
    const newer = await buildSignedAdvert({ seqno: now + 1, expiresAt: now + 60_000, addrs: [], spaceId: SPACE, cards: [card(2)] }, remote)

    expect(await pubsub.deliver(service.topic, from, newer)).toBe(TopicValidatorResult.Accept)
    expect(await pubsub.deliver(service.topic, from, older)).toBe(TopicValidatorResult.Ignore)
    expect(await pubsub.deliver(service.topic, from, newer)).toBe(TopicValidatorResult.Ignore)
    await flushMicrotasks()
    expect(seen.map(a => a.cards[0].name)).toEqual(['e2'])
    expect(service.getStats().ignored['stale-seqno']).toBe(2)
  })

  it('stores the addresses of an accepted advert in the peer store, so the peer can be dialed by id', async () => {
    const merged: Array<{ peer: string, addrs: string[] }> = []
    const peerStore = { merge: async (id: PeerId, data: { multiaddrs?: Array<{ toString: () => string }> }) => { merged.push({ peer: id.toString(), addrs: (data.multiaddrs ?? []).map(String) }); return {} as never } }
    const { pubsub, service } = await setup({}, { peerStore: peerStore as never })
    const remote = await generateKeyPair('Ed25519')
    const from = peerIdFromPrivateKey(remote)
    const now = Date.now()
    const bytes = await buildSignedAdvert({ seqno: now, expiresAt: now + 60_000, addrs: ['/ip4/10.0.0.7/tcp/4001'], spaceId: SPACE, cards: [card(1)] }, remote)
    expect(await pubsub.deliver(service.topic, from, bytes)).toBe(TopicValidatorResult.Accept)
    await flushMicrotasks()
    expect(merged).toEqual([{ peer: from.toString(), addrs: ['/ip4/10.0.0.7/tcp/4001'] }])
  })

  it('rate-limits a peer that advertises too often', async () => {
    const { pubsub, service, seen } = await setup({ rateBurst: 2, rateRefillMs: 60_000 })
    const remote = await generateKeyPair('Ed25519')
    const from = peerIdFromPrivateKey(remote)
    const now = Date.now()
    const results: TopicValidatorResult[] = []
    for (let i = 1; i <= 3; i++) {
      const bytes = await buildSignedAdvert({ seqno: now + i, expiresAt: now + 60_000, addrs: [], spaceId: SPACE, cards: [card(i)] }, remote)
      results.push(await pubsub.deliver(service.topic, from, bytes))
    }
    expect(results).toEqual([TopicValidatorResult.Accept, TopicValidatorResult.Accept, TopicValidatorResult.Ignore])
    await flushMicrotasks()
    expect(seen).toHaveLength(2)
    expect(service.getStats().ignored['rate-limited']).toBe(1)
  })

  it('rejects unsigned gossip and forged bytes', async () => {
    const { pubsub, service } = await setup()
    const remote = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
    const unsigned = { type: 'unsigned', topic: service.topic, data: new Uint8Array([1]) } as Message
    expect(await pubsub.topicValidators.get(service.topic)!(remote, unsigned)).toBe(TopicValidatorResult.Reject)
    expect(await pubsub.deliver(service.topic, remote, new Uint8Array([9, 9, 9]))).toBe(TopicValidatorResult.Reject)
  })

  it('publishes coalesced card changes with increasing seqnos and withdraws them on stop', async () => {
    const { pubsub, service, key } = await setup()
    const from = peerIdFromPrivateKey(key).toString()
    service.setLocalCards([card(1)])
    service.setLocalCards([card(1), card(2)])
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(pubsub.published).toHaveLength(1)
    await service.flush()
    await service.stop()
    const adverts = await Promise.all(pubsub.published.map(async p => verifyAdvert(p.data, { from, spaceId: SPACE, now: Date.now() })))
    const decoded = adverts.map(v => { if (!v.ok) throw new Error(v.reason); return v.advert })
    expect(decoded.map(a => a.cards.length)).toEqual([2, 2, 0])
    // the advert names the peer already: no /p2p/<own id> suffix on its addresses
    expect(decoded[0].addrs).toEqual(['/ip4/127.0.0.1/tcp/4001'])
    for (let i = 1; i < decoded.length; i++) expect(decoded[i].seqno).toBeGreaterThan(decoded[i - 1].seqno)
    expect(pubsub.topicValidators.size).toBe(0)
    expect(pubsub.subscriptions.size).toBe(0)
  })

  it('republishes for a peer that joins the topic until gossip reaches it, a bounded number of times', async () => {
    const { pubsub, service } = await setup()
    service.setLocalCards([card(1)])
    await service.flush()
    const joiner = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
    const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

    // reached by the first publish after it joined: one publish
    pubsub.recipients = [joiner]
    pubsub.subscriptionChange(joiner, service.topic, true)
    await sleep(60)
    expect(pubsub.published).toHaveLength(2)

    // not reached (no outbound stream yet): published again, 3 times in all, then the refresh has to do
    const late = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
    pubsub.recipients = [joiner]
    pubsub.subscriptionChange(late, service.topic, true)
    await sleep(150)
    expect(pubsub.published).toHaveLength(5)

    // a peer re-subscribing in a loop causes nothing more within the interval, and other topics nothing at all
    for (let i = 0; i < 20; i++) {
      pubsub.subscriptionChange(late, service.topic, false)
      pubsub.subscriptionChange(late, service.topic, true)
      pubsub.subscriptionChange(joiner, 'another-topic', true)
    }
    await sleep(100)
    expect(pubsub.published).toHaveLength(5)
  })

  it('does not republish for a joiner that left before a publish reached it', async () => {
    const { pubsub, service } = await setup()
    service.setLocalCards([card(1)])
    await service.flush()
    const [a, b] = await Promise.all([1, 2].map(async () => peerIdFromPrivateKey(await generateKeyPair('Ed25519'))))
    pubsub.recipients = [a]
    pubsub.subscriptionChange(a, service.topic, true)
    pubsub.subscriptionChange(b, service.topic, true)
    pubsub.subscriptionChange(b, service.topic, false)
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(pubsub.published).toHaveLength(2) // one for both joiners; b is gone, so no retry for it
  })

  it('throws on an oversized card set instead of letting gossipsub drop it, and publishes nothing', async () => {
    const { pubsub, service } = await setup({ spaceDim: 1024 })
    const huge = Array.from({ length: 64 }, (_, i) => card(i, 64, 1024))
    expect(() => service.setLocalCards(huge)).toThrow(AdvertTooLargeError)
    await new Promise(resolve => setTimeout(resolve, 30))
    expect(pubsub.published).toHaveLength(0)
    expect(service.getLocalCards()).toEqual([])
  })

  it('refuses a private key that is not the key of the peer id', async () => {
    const key = await generateKeyPair('Ed25519')
    const other = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
    expect(() => new AdvertService({ pubsub: new FakePubSub() as unknown as AdvertPubSub, peerId: other, privateKey: key, getMultiaddrs: () => [] }, { spaceId: SPACE }))
      .toThrow(InvalidOptionError)
  })
})
