/**
 * The sybil budgets of the advert validator: a relayer that keeps introducing adverts of fresh identities (as an
 * attacker reconnecting for advert sync would) adds at most its budget, and honest newcomers still get in, also
 * once the tracked-author cap is full.
 */
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import { buildSignedAdvert } from '../../../src/net/advert-codec.js'
import type { CardData } from '../../../src/net/advert-types.js'
import { AdvertValidator, NEW_AUTHORS_PER_RELAYER } from '../../../src/net/advert-validator.js'

const SPACE = 'ab'.repeat(32)
const DIM = 4

function card (seed: number): CardData {
  return {
    expertId: (seed % 256).toString(16).padStart(2, '0').repeat(32),
    name: `expert-${seed}`,
    version: '1.0.0',
    task: 'classification',
    description: 'a test expert',
    labels: ['a', 'b'],
    spaceId: SPACE,
    centroids: [Float32Array.from([1, 0, 0, 0])],
    dim: DIM,
    price: 0,
    load: 0,
    inputKind: 'embedding',
    accuracy: 0.9
  }
}

/** A valid signed advert of a fresh identity. */
async function freshAdvert (seed: number): Promise<{ bytes: Uint8Array, peerId: string }> {
  const key = await generateKeyPair('Ed25519')
  const now = Date.now()
  const bytes = await buildSignedAdvert({ seqno: now, expiresAt: now + 60_000, addrs: [], spaceId: SPACE, cards: [card(seed)] }, key, { now })
  return { bytes, peerId: peerIdFromPrivateKey(key).toString() }
}

function validator (extra: Partial<ConstructorParameters<typeof AdvertValidator>[0]> = {}): AdvertValidator {
  return new AdvertValidator({ spaceId: SPACE, spaceDim: DIM, rateBurst: 3, rateRefillMs: 1_000, ...extra })
}

describe('advert validator sybil budgets', () => {
  it('one attacker reconnecting 8 times with 256 fresh-key adverts each adds at most its budget; an honest newcomer is still accepted', async () => {
    const v = validator()
    const adverts = await Promise.all(Array.from({ length: 8 * 256 }, async (_, i) => await freshAdvert(i)))
    let accepted = 0
    for (let round = 0; round < 8; round++) {
      for (const a of adverts.slice(round * 256, (round + 1) * 256)) {
        if ((await v.acceptRelayed(a.bytes, 'self', 'attacker')).ok) accepted++
      }
    }
    expect(accepted).toBe(NEW_AUTHORS_PER_RELAYER)
    // an honest newcomer publishing over gossip, and one relayed by an honest peer, both get in
    const honest = await freshAdvert(9001)
    expect((await v.accept(honest.bytes, honest.peerId)).ok).toBe(true)
    const relayed = await freshAdvert(9002)
    expect((await v.acceptRelayed(relayed.bytes, 'self', 'honest-relayer')).ok).toBe(true)
  }, 60_000)

  it('all relayers together are budgeted too (an attacker that changes its relayer id)', async () => {
    const v = validator({ newAuthorsPerRelayer: 10, newRelayedAuthors: 25 })
    let accepted = 0
    for (let i = 0; i < 60; i++) {
      const a = await freshAdvert(i)
      if ((await v.acceptRelayed(a.bytes, 'self', `relayer-${Math.floor(i / 10)}`)).ok) accepted++
    }
    expect(accepted).toBe(25)
  })

  it('at the tracked-author cap, authors seen only through relays make room for an honest gossiped newcomer', async () => {
    const v = validator({ maxAuthors: 20 })
    for (let i = 0; i < 20; i++) {
      const a = await freshAdvert(i)
      expect((await v.accept(a.bytes, a.peerId, { relayed: i >= 5 })).ok).toBe(true)
    }
    const honest = await freshAdvert(100)
    expect((await v.accept(honest.bytes, honest.peerId)).ok).toBe(true)
  })

  it('rejects a forged relayed advert without decoding its cards first, and a garbage one for the real reason', async () => {
    const v = validator()
    const a = await freshAdvert(1)
    const forged = new Uint8Array(a.bytes)
    forged[forged.length - 1] ^= 0xff // the signature sits last
    const verdict = await v.acceptRelayed(forged, 'self', 'r')
    expect(verdict.ok).toBe(false)
    const garbage = await v.acceptRelayed(new Uint8Array([1, 2, 3]), 'self', 'r')
    expect(garbage.ok).toBe(false)
  })
})
