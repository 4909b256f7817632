/**
 * Score attestations: commit then reveal. A reveal counts only when its commitment came first, from the same
 * validator, and matches; signatures are domain-separated; stale and malformed messages are refused.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import type { PrivateKey } from '@libp2p/interface'
import { AttestService } from '../../../src/net/attest-service.js'
import { commitmentOf, decodeScores, encodeScores, newSalt, signAttestation, verifyAttestation, type WireScore } from '../../../src/net/attest-codec.js'
import { signAdvert } from '../../../src/net/advert-codec.js'
import type { AdvertPubSub } from '../../../src/net/advert-service.js'
import { ATTEST_RATE_BURST } from '../../../src/net/constants.js'
import { FakePubSub } from '../../helpers/fake-pubsub.js'

const SPACE = 'c'.repeat(64)

const services: AttestService[] = []
afterEach(async () => { await Promise.all(services.splice(0).map(async s => { await s.stop() })) })

async function receiver (init: Partial<ConstructorParameters<typeof AttestService>[1]> = {}): Promise<{ service: AttestService, got: Array<{ validator: string, scores: WireScore[] }> }> {
  const key = await generateKeyPair('Ed25519')
  const got: Array<{ validator: string, scores: WireScore[] }> = []
  const service = new AttestService({ pubsub: new FakePubSub() as unknown as AdvertPubSub, peerId: peerIdFromPrivateKey(key), privateKey: key }, { spaceId: SPACE, onScores: (validator, scores) => got.push({ validator, scores }), ...init })
  services.push(service)
  await service.start()
  return { service, got }
}

const served = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
const scores: WireScore[] = [{ peerId: served, cardDigest: 'd'.repeat(64), accuracy: 0.1, nll: 7, samples: 12 }]

async function message (key: PrivateKey, round: number, scoresBytes: Uint8Array, salt: Uint8Array, reveal?: { round: number, salt: Uint8Array, scoresBytes: Uint8Array }): Promise<Uint8Array> {
  return await signAttestation(key, { round, issuedAt: Date.now(), commitment: commitmentOf(round, scoresBytes, salt), ...(reveal !== undefined ? { reveal } : {}) })
}

describe('score encoding', () => {
  it('never encodes a score the decoder would refuse (one refused score would drop the whole reveal)', () => {
    const digest = 'ab'.repeat(32)
    const peer = '12D3KooWGzh3aVjmkjXvfb3y6GqLbLh8dCCkd9gxVZD1ck8PRbM2'
    const bytes = encodeScores([
      { peerId: peer, cardDigest: digest, accuracy: 0.9, nll: 500, samples: 3e6 },
      { peerId: peer, cardDigest: digest, accuracy: 0.5, nll: 1, samples: 0 },
      { peerId: 'not a peer id', cardDigest: digest, accuracy: 0.5, nll: 1, samples: 4 }
    ])
    const decoded = decodeScores(bytes)
    expect(decoded).toHaveLength(1)
    expect(decoded?.[0]).toMatchObject({ peerId: peer, cardDigest: digest, nll: 100, samples: 1e6 })
    expect(decoded?.[0].accuracy).toBeCloseTo(0.9, 5)
  })
})

describe('score attestations, commit then reveal', () => {
  it('takes a reveal that matches the commitment received earlier, and only then', async () => {
    const { service, got } = await receiver()
    const v = await generateKeyPair('Ed25519')
    const from = peerIdFromPrivateKey(v).toString()
    const bytes = encodeScores(scores)
    const salt = newSalt()
    expect(await service.accept(await message(v, 10, bytes, salt), from)).toBe(TopicValidatorResult.Accept)
    expect(got).toHaveLength(0)
    expect(await service.accept(await message(v, 11, encodeScores([]), newSalt(), { round: 10, salt, scoresBytes: bytes }), from)).toBe(TopicValidatorResult.Accept)
    expect(got).toHaveLength(1)
    expect(got[0].validator).toBe(from)
    expect(got[0].scores[0]).toMatchObject({ peerId: served, cardDigest: 'd'.repeat(64), samples: 12 })
    expect(got[0].scores[0].accuracy).toBeCloseTo(0.1, 5)
  })

  it('drops a reveal without an earlier commitment, and rejects one that does not match', async () => {
    const { service, got } = await receiver()
    const v = await generateKeyPair('Ed25519')
    const from = peerIdFromPrivateKey(v).toString()
    const bytes = encodeScores(scores)
    const salt = newSalt()
    // a reveal of round 5, never committed to (as if copied from someone else's reveal): not used
    await service.accept(await message(v, 6, encodeScores([]), newSalt(), { round: 5, salt, scoresBytes: bytes }), from)
    expect(got).toHaveLength(0)
    expect(service.getStats().ignored['reveal-without-commit']).toBe(1)
    // committed to one set of scores, reveals another: rejected
    await service.accept(await message(v, 7, bytes, salt), from)
    const other = encodeScores([{ ...scores[0], accuracy: 0.99 }])
    expect(await service.accept(await message(v, 8, encodeScores([]), newSalt(), { round: 7, salt, scoresBytes: other }), from)).toBe(TopicValidatorResult.Reject)
    expect(service.getStats().rejected['commit-mismatch']).toBe(1)
    expect(got).toHaveLength(0)
  })

  it('ignores a replayed or older round, and an attestation published by another peer than its signer', async () => {
    const { service } = await receiver()
    const v = await generateKeyPair('Ed25519')
    const from = peerIdFromPrivateKey(v).toString()
    const first = await message(v, 20, encodeScores(scores), newSalt())
    expect(await service.accept(first, from)).toBe(TopicValidatorResult.Accept)
    expect(await service.accept(first, from)).toBe(TopicValidatorResult.Ignore)
    expect(await service.accept(await message(v, 19, encodeScores(scores), newSalt()), from)).toBe(TopicValidatorResult.Ignore)
    const other = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
    expect(await service.accept(await message(v, 30, encodeScores(scores), newSalt()), other)).toBe(TopicValidatorResult.Reject)
  })

  it('refuses a validator past its rate before checking the signature of what it sends', async () => {
    const { service } = await receiver()
    const v = await generateKeyPair('Ed25519')
    const from = peerIdFromPrivateKey(v).toString()
    const now = Date.now()
    for (let r = 1; r <= ATTEST_RATE_BURST; r++) expect(await service.accept(await message(v, r, encodeScores(scores), newSalt()), from, now)).toBe(TopicValidatorResult.Accept)
    const forged = await message(v, 100, encodeScores(scores), newSalt())
    forged[forged.length - 1] ^= 1 // a broken signature: a bad-signature rejection would mean it was verified
    expect(await service.accept(forged, from, now)).toBe(TopicValidatorResult.Ignore)
    expect(service.getStats().ignored['rate-limited']).toBe(1)
    expect(service.getStats().rejected['bad-signature']).toBeUndefined()
  })

  it('signatures are domain-separated: a signed advert is no attestation, and a flipped byte breaks the signature', async () => {
    const v = await generateKeyPair('Ed25519')
    const from = peerIdFromPrivateKey(v).toString()
    const good = await message(v, 3, encodeScores(scores), newSalt())
    expect((await verifyAttestation(good, { from })).ok).toBe(true)
    const tampered = good.slice()
    tampered[10] ^= 1
    expect((await verifyAttestation(tampered, { from })).ok).toBe(false)
    // the same payload bytes signed as an advert do not verify as an attestation
    const advertSigned = await signAdvert(good, v)
    expect((await verifyAttestation(advertSigned, { from })).ok).toBe(false)
    expect((await verifyAttestation(new Uint8Array(300 * 1024), { from }))).toMatchObject({ ok: false, reason: 'too-large' })
  })

  it('refuses malformed revealed scores as a whole', () => {
    expect(decodeScores(encodeScores(scores))).toHaveLength(1)
    expect(decodeScores(new Uint8Array([0xff, 0xff, 0xff]))).toBeUndefined()
  })

  it('publishes a commitment first and reveals it with the next one', async () => {
    const key = await generateKeyPair('Ed25519')
    const pubsub = new FakePubSub()
    const service = new AttestService({ pubsub: pubsub as unknown as AdvertPubSub, peerId: peerIdFromPrivateKey(key), privateKey: key }, { spaceId: SPACE, getScores: () => scores })
    services.push(service)
    await service.start()
    expect(await service.publishNow()).toBe(true)
    expect(await service.publishNow()).toBe(true)
    const { service: other, got } = await receiver()
    const from = peerIdFromPrivateKey(key).toString()
    for (const { data: bytes } of pubsub.published) expect(await other.accept(bytes, from)).toBe(TopicValidatorResult.Accept)
    expect(got).toHaveLength(1)
    expect(got[0].scores).toHaveLength(1)
  })
})

describe('tracked validators', () => {
  /** `validator` commits to `scores` in round 1; the returned message reveals them in round 2. */
  async function commitThenReveal (service: AttestService, key: PrivateKey): Promise<() => Promise<TopicValidatorResult>> {
    const from = peerIdFromPrivateKey(key).toString()
    const salt = newSalt()
    const bytes = encodeScores(scores)
    expect(await service.accept(await message(key, 1, bytes, salt), from)).toBe(TopicValidatorResult.Accept)
    const reveal = await message(key, 2, encodeScores([]), newSalt(), { round: 1, salt, scoresBytes: bytes })
    return async () => await service.accept(reveal, from)
  }

  async function flood (service: AttestService, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const key = await generateKeyPair('Ed25519')
      expect(await service.accept(await message(key, 1, encodeScores(scores), newSalt()), peerIdFromPrivateKey(key).toString())).toBe(TopicValidatorResult.Accept)
    }
  }

  it('a flood of throwaway validator ids does not push out an earlier validator\'s commitment', async () => {
    const { service, got } = await receiver({ maxTrackedAttesters: 8 })
    const honest = await generateKeyPair('Ed25519')
    const reveal = await commitThenReveal(service, honest)
    await flood(service, 20)
    expect(await reveal()).toBe(TopicValidatorResult.Accept)
    expect(got.map(g => g.validator)).toEqual([peerIdFromPrivateKey(honest).toString()])
  })

  it('keeps a weighed validator over lighter ones, even one heard first after them', async () => {
    const heavy = await generateKeyPair('Ed25519')
    const heavyId = peerIdFromPrivateKey(heavy).toString()
    const { service, got } = await receiver({ maxTrackedAttesters: 4, weightOf: (v) => v === heavyId ? 5 : 0 })
    await flood(service, 3)
    const reveal = await commitThenReveal(service, heavy)
    await flood(service, 10)
    expect(await reveal()).toBe(TopicValidatorResult.Accept)
    expect(got.map(g => g.validator)).toEqual([heavyId])
  })
})
