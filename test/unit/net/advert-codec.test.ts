import { generateKeyPair, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import type { PrivateKey } from '@libp2p/interface'
import { moemesh } from '../../../src/gen/moemesh.js'
import { buildSignedAdvert, encodeAdvert, verifyAdvert } from '../../../src/net/advert-codec.js'
import type { AdvertInput, AdvertVerdict } from '../../../src/net/advert-codec.js'
import type { CardData } from '../../../src/net/advert-types.js'
import { ADVERT_SIGNATURE_PREFIX, MAX_ADVERT_TTL_MS } from '../../../src/net/constants.js'
import { MAX_ADVERT_BYTES, MAX_CARDS_PER_ADVERT } from '../../../src/net/limits.js'
import { AdvertTooLargeError, InvalidAdvertError } from '../../../src/net/errors.js'
import { SeededRandom } from '../../../src/text/random.js'

const SPACE = 'ab'.repeat(32)
const DIM = 16
const NOW = 1_700_000_000_000

function unitRows (rng: SeededRandom, count: number, dim: number): Float32Array[] {
  return Array.from({ length: count }, () => {
    const row = Float32Array.from({ length: dim }, () => rng.normal())
    const norm = Math.hypot(...row)
    return row.map(v => v / norm)
  })
}

function card (seed: number, overrides: Partial<CardData> = {}): CardData {
  const rng = new SeededRandom(seed)
  return {
    expertId: seed.toString(16).padStart(2, '0').repeat(32).slice(0, 64),
    name: `expert-${seed}`,
    version: '1.0.0',
    task: 'classification',
    description: 'a test expert',
    labels: ['cat', 'dog', 'fish'],
    spaceId: SPACE,
    centroids: unitRows(rng, 4, DIM),
    dim: DIM,
    price: 0.5,
    load: 0.25,
    inputKind: 'embedding',
    accuracy: 0.9,
    ...overrides
  }
}

function input (cards: CardData[], overrides: Partial<AdvertInput> = {}): AdvertInput {
  return { seqno: NOW, expiresAt: NOW + 90_000, addrs: ['/ip4/127.0.0.1/tcp/4001'], spaceId: SPACE, cards, ...overrides }
}

/** Sign arbitrary advert bytes with `key`, the way buildSignedAdvert does, skipping its local checks. */
async function signRaw (advert: moemesh.NodeAdvert.$Properties, key: PrivateKey, publicKeyOf: PrivateKey = key): Promise<Uint8Array> {
  const bytes = moemesh.NodeAdvert.encode(advert).finish()
  const payload = new Uint8Array([...new TextEncoder().encode(ADVERT_SIGNATURE_PREFIX), ...bytes])
  return moemesh.SignedAdvert.encode({
    advert: bytes,
    publicKey: publicKeyToProtobuf(publicKeyOf.publicKey),
    signature: await key.sign(payload)
  }).finish()
}

function wireCard (c: CardData): moemesh.ExpertCard.$Properties {
  return {
    expertId: new Uint8Array(Buffer.from(c.expertId, 'hex')),
    name: c.name,
    version: c.version,
    task: c.task,
    description: c.description,
    labels: c.labels,
    spaceId: c.spaceId,
    dim: c.dim,
    centroidCount: c.centroids.length,
    centroids: c.centroids.flatMap(r => Array.from(r)),
    price: c.price,
    load: c.load,
    inputKind: c.inputKind,
    accuracy: c.accuracy
  }
}

function expectRejected (verdict: AdvertVerdict, reason: string, action: 'reject' | 'ignore' = 'reject'): void {
  expect(verdict.ok).toBe(false)
  if (!verdict.ok) {
    expect(verdict.reason).toBe(reason)
    expect(verdict.action).toBe(action)
  }
}

describe('advert codec', async () => {
  const key = await generateKeyPair('Ed25519')
  const other = await generateKeyPair('Ed25519')
  const peerId = peerIdFromPrivateKey(key)
  const from = peerId.toString()
  const opts = { from, spaceId: SPACE, now: NOW, spaceDim: DIM }

  it('round-trips a signed advert with its cards, addresses and seqno', async () => {
    const cards = [card(1), card(2, { inputKind: 'both', labels: ['a', 'b'] })]
    const bytes = await buildSignedAdvert(input(cards), key, { now: NOW, spaceDim: DIM })
    const verdict = await verifyAdvert(bytes, opts)
    expect(verdict.ok).toBe(true)
    if (!verdict.ok) return
    const advert = verdict.advert
    expect(advert.peerId).toBe(from)
    expect(advert.seqno).toBe(NOW)
    expect(advert.expiresAt).toBe(NOW + 90_000)
    expect(advert.addrs).toEqual(['/ip4/127.0.0.1/tcp/4001'])
    expect(advert.cards.map(c => c.name)).toEqual(['expert-1', 'expert-2'])
    expect(advert.cards[1].labels).toEqual(['a', 'b'])
    expect(advert.cards[1].inputKind).toBe('both')
    expect(advert.cards[0].expertId).toBe(cards[0].expertId)
    expect(advert.cards[0].centroids).toHaveLength(4)
    expect(Array.from(advert.cards[0].centroids[2])).toEqual(Array.from(cards[0].centroids[2]))
  })

  it('accepts an advert with no cards (a withdrawal)', async () => {
    const verdict = await verifyAdvert(await buildSignedAdvert(input([]), key, { now: NOW }), opts)
    expect(verdict.ok && verdict.advert.cards.length).toBe(0)
  })

  it('rejects an advert signed by another key that claims our peer id', async () => {
    // the forger signs with its own key but ships our public key and our peer id
    const forged = await signRaw({ peerId: peerId.toMultihash().bytes, seqno: NOW, expiresAtMs: NOW + 1000, spaceId: SPACE, cards: [wireCard(card(1))] }, other, key)
    expectRejected(await verifyAdvert(forged, opts), 'bad-signature')
  })

  it('rejects an advert whose key is not the key of its peer id', async () => {
    const forged = await signRaw({ peerId: peerId.toMultihash().bytes, seqno: NOW, expiresAtMs: NOW + 1000, spaceId: SPACE, cards: [wireCard(card(1))] }, other)
    // published by its real signer (the gossip author check passes), but the advert claims another peer's id
    expectRejected(await verifyAdvert(forged, { ...opts, from: peerIdFromPrivateKey(other).toString() }), 'peer-id-mismatch')
    // published as the claimed peer: the author check refuses it before the advert is even decoded
    expectRejected(await verifyAdvert(forged, opts), 'author-mismatch')
  })

  it('rejects a genuine advert published by someone other than its signer', async () => {
    const genuine = await buildSignedAdvert(input([card(1)]), key, { now: NOW })
    const relayer = peerIdFromPrivateKey(other).toString()
    expectRejected(await verifyAdvert(genuine, { ...opts, from: relayer }), 'author-mismatch')
  })

  it('rejects an advert changed after signing (one byte flipped)', async () => {
    const bytes = await buildSignedAdvert(input([card(1)]), key, { now: NOW })
    const signed = moemesh.SignedAdvert.decode(bytes)
    const inner = new Uint8Array(signed.advert)
    inner[inner.length - 20] ^= 0x01
    const tampered = moemesh.SignedAdvert.encode({ advert: inner, publicKey: signed.publicKey, signature: signed.signature }).finish()
    expectRejected(await verifyAdvert(tampered, opts), 'bad-signature')
  })

  it('rejects NaN and Infinity centroids', async () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const c = wireCard(card(1))
      ;(c.centroids as number[])[3] = bad
      const bytes = await signRaw({ peerId: peerId.toMultihash().bytes, seqno: NOW, expiresAtMs: NOW + 1000, spaceId: SPACE, cards: [c] }, key)
      expectRejected(await verifyAdvert(bytes, opts), 'non-finite')
    }
  })

  it('refuses to build an advert with NaN centroids', async () => {
    const c = card(1)
    c.centroids[0][0] = Number.NaN
    await expect(buildSignedAdvert(input([c]), key, { now: NOW })).rejects.toThrow(InvalidAdvertError)
  })

  it('rejects terminal escape sequences in card strings and absurd prices; allows line breaks in descriptions', async () => {
    const sign = async (c: moemesh.ExpertCard.$Properties): Promise<Uint8Array> =>
      await signRaw({ peerId: peerId.toMultihash().bytes, seqno: NOW, expiresAtMs: NOW + 1000, spaceId: SPACE, cards: [c] }, key)
    expectRejected(await verifyAdvert(await sign(wireCard(card(1, { name: 'evil\u001b[2Jexpert' }))), opts), 'bad-field')
    expectRejected(await verifyAdvert(await sign(wireCard(card(1, { labels: ['cat', 'dog\u009b31m'] }))), opts), 'bad-field')
    expectRejected(await verifyAdvert(await sign(wireCard(card(1, { price: 1e12 }))), opts), 'bad-field')
    const ok = await verifyAdvert(await sign(wireCard(card(1, { description: 'line one\nline two\twith a tab' }))), opts)
    expect(ok.ok).toBe(true)
  })

  it('rejects a card whose dim is not the space dim', async () => {
    const bytes = await buildSignedAdvert(input([card(1, { centroids: unitRows(new SeededRandom(3), 2, 8), dim: 8 })]), key, { now: NOW })
    expectRejected(await verifyAdvert(bytes, opts), 'dim-mismatch')
  })

  it('rejects a card whose values do not match its declared dim', async () => {
    const c = wireCard(card(1))
    c.dim = DIM + 1
    const bytes = await signRaw({ peerId: peerId.toMultihash().bytes, seqno: NOW, expiresAtMs: NOW + 1000, spaceId: SPACE, cards: [c] }, key)
    expectRejected(await verifyAdvert(bytes, { ...opts, spaceDim: undefined }), 'dim-mismatch')
  })

  it('rejects an advert for another space than its topic', async () => {
    const bytes = await buildSignedAdvert(input([card(1)]), key, { now: NOW })
    expectRejected(await verifyAdvert(bytes, { ...opts, spaceId: 'cd'.repeat(32) }), 'space-mismatch')
  })

  it('rejects a card from another space inside an advert', async () => {
    const c = wireCard(card(1))
    c.spaceId = 'cd'.repeat(32)
    const bytes = await signRaw({ peerId: peerId.toMultihash().bytes, seqno: NOW, expiresAtMs: NOW + 1000, spaceId: SPACE, cards: [c] }, key)
    expectRejected(await verifyAdvert(bytes, opts), 'space-mismatch')
  })

  it('rejects oversized bytes before decoding them', async () => {
    expectRejected(await verifyAdvert(new Uint8Array(MAX_ADVERT_BYTES + 1), opts), 'too-large')
  })

  it('refuses to build an advert over the size limit', async () => {
    // exactly MAX_ADVERT_BYTES of floats: the protobuf framing around them pushes the advert over the limit
    const row = new Float32Array(4096)
    row[0] = 1
    const big = card(1, { centroids: Array.from({ length: MAX_ADVERT_BYTES / 4 / 4096 }, () => row), dim: 4096 })
    expect(() => encodeAdvert(input([big]), peerId, { now: NOW })).toThrow(AdvertTooLargeError)
    const many = Array.from({ length: 40 }, (_, i) => card(i + 1, { expertId: i.toString(16).padStart(64, '0'), centroids: Array.from({ length: 64 }, () => row), dim: 4096 }))
    expect(() => encodeAdvert(input(many), peerId, { now: NOW })).toThrow(AdvertTooLargeError)
  })

  it('rejects too many cards', async () => {
    const cards = Array.from({ length: MAX_CARDS_PER_ADVERT + 1 }, (_, i) => wireCard(card(1, { expertId: i.toString(16).padStart(64, '0'), centroids: unitRows(new SeededRandom(i), 1, DIM) })))
    const bytes = await signRaw({ peerId: peerId.toMultihash().bytes, seqno: NOW, expiresAtMs: NOW + 1000, spaceId: SPACE, cards }, key)
    expectRejected(await verifyAdvert(bytes, opts), 'too-many-cards')
  })

  it('rejects garbage bytes', async () => {
    const rng = new SeededRandom(7)
    const garbage = Uint8Array.from({ length: 300 }, () => rng.int(256))
    expectRejected(await verifyAdvert(garbage, opts), 'decode-failed')
  })

  it('rejects a truncated advert', async () => {
    const bytes = await buildSignedAdvert(input([card(1)]), key, { now: NOW })
    const verdict = await verifyAdvert(bytes.subarray(0, bytes.length - 10), opts)
    expect(verdict.ok).toBe(false)
    if (!verdict.ok) {
      expect(verdict.action).toBe('reject')
      expect(['decode-failed', 'bad-signature']).toContain(verdict.reason)
    }
  })

  it('rejects an expiry too far ahead, and ignores an expired advert', async () => {
    const far = await buildSignedAdvert(input([card(1)], { expiresAt: NOW + 2 * MAX_ADVERT_TTL_MS }), key, { now: NOW + 2 * MAX_ADVERT_TTL_MS })
    expectRejected(await verifyAdvert(far, opts), 'bad-expiry')
    const old = await buildSignedAdvert(input([card(1)], { expiresAt: NOW - 10 * 60_000 }), key, { now: NOW - 11 * 60_000 })
    expectRejected(await verifyAdvert(old, opts), 'expired', 'ignore')
  })

  it('rejects a short expert id, an unnormalised centroid, a bad address and overlong labels', async () => {
    const base = { peerId: peerId.toMultihash().bytes, seqno: NOW, expiresAtMs: NOW + 1000, spaceId: SPACE }
    const shortId = wireCard(card(1))
    shortId.expertId = new Uint8Array(31)
    expectRejected(await verifyAdvert(await signRaw({ ...base, cards: [shortId] }, key), opts), 'bad-expert-id')
    const scaled = wireCard(card(1))
    scaled.centroids = (scaled.centroids as number[]).map(v => v * 2)
    expectRejected(await verifyAdvert(await signRaw({ ...base, cards: [scaled] }, key), opts), 'bad-centroids')
    expectRejected(await verifyAdvert(await signRaw({ ...base, addrs: [new Uint8Array([0xff, 0xff, 0xff])], cards: [] }, key), opts), 'bad-addr')
    const labels = wireCard(card(1))
    labels.labels = ['x'.repeat(1000)]
    expectRejected(await verifyAdvert(await signRaw({ ...base, cards: [labels] }, key), opts), 'bad-labels')
  })

  it('rejects a duplicate expert id within one advert', async () => {
    const bytes = await signRaw({ peerId: peerId.toMultihash().bytes, seqno: NOW, expiresAtMs: NOW + 1000, spaceId: SPACE, cards: [wireCard(card(1)), wireCard(card(1))] }, key)
    expectRejected(await verifyAdvert(bytes, opts), 'bad-expert-id')
  })

  it('carries a card gate intact, and a card without one stays without one', async () => {
    const weights = Int8Array.from({ length: DIM }, (_, i) => i * 17 - 128)
    const gated = card(1, { gate: { weights, scale: 0.0125, bias: -2.5, abstainBelow: -0.75 } })
    const bytes = await buildSignedAdvert(input([gated, card(2)]), key, { now: NOW, spaceDim: DIM })
    const verdict = await verifyAdvert(bytes, opts)
    if (!verdict.ok) throw new Error(verdict.detail)
    const got = verdict.advert.cards[0].gate
    expect(got?.weights).toBeInstanceOf(Int8Array)
    expect(Array.from(got?.weights ?? [])).toEqual(Array.from(weights))
    expect(got?.scale).toBeCloseTo(0.0125, 6)
    expect(got?.bias).toBeCloseTo(-2.5, 6)
    expect(got?.abstainBelow).toBeCloseTo(-0.75, 6)
    expect(verdict.advert.cards[1]).not.toHaveProperty('gate')
  })

  it('rejects a gate of the wrong length, with non-finite or absurd numbers, a non-positive scale, or an unreachable cut', async () => {
    const gate = (g: Partial<moemesh.Gate.$Properties>): moemesh.Gate.$Properties => ({ weights: new Uint8Array(DIM), scale: 0.01, bias: 0, abstainBelow: -1, ...g })
    const cases: Array<[moemesh.Gate.$Properties, string]> = [
      [gate({ weights: new Uint8Array(DIM - 1) }), 'dim-mismatch'],
      [gate({ weights: new Uint8Array(0) }), 'dim-mismatch'],
      [gate({ scale: Number.NaN }), 'non-finite'],
      [gate({ bias: Number.POSITIVE_INFINITY }), 'non-finite'],
      [gate({ abstainBelow: Number.NEGATIVE_INFINITY }), 'non-finite'],
      [gate({ bias: 1e9 }), 'bad-field'],
      [gate({ abstainBelow: -1e9 }), 'bad-field'],
      [gate({ scale: 0 }), 'bad-field'],
      [gate({ scale: -0.01 }), 'bad-field'],
      // all-zero weights: no query scores above the bias (0), so a cut at 2 could only silence queries
      [gate({ abstainBelow: 2 }), 'bad-field']
    ]
    for (const [g, reason] of cases) {
      const bytes = await signRaw({ peerId: peerId.toMultihash().bytes, seqno: NOW, expiresAtMs: NOW + 1000, spaceId: SPACE, cards: [{ ...wireCard(card(1)), gate: g }] }, key)
      expectRejected(await verifyAdvert(bytes, opts), reason)
    }
    const bad = card(1, { gate: { weights: new Int8Array(DIM - 2), scale: 0.01, bias: 0, abstainBelow: 0 } })
    expect(() => encodeAdvert(input([bad]), peerId, { now: NOW })).toThrow(InvalidAdvertError)
  })
})
