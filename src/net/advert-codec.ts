/**
 * Wire form of capability adverts: build and sign a node's `SignedAdvert`, and verify one received from
 * gossip. Every received byte is size-limited, decoded, authenticated and validated here before anything
 * else sees it; the rest of moemesh only handles {@link VerifiedAdvert}.
 */
import { publicKeyFromProtobuf, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey, peerIdFromPublicKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { PeerId, PrivateKey, PublicKey } from '@libp2p/interface'
import { moemesh } from '../gen/moemesh.js'
import {
  ADVERT_SIGNATURE_PREFIX, ADVERT_TOPIC_PREFIX, CENTROID_NORM_TOLERANCE, ED25519_SIGNATURE_BYTES, MAX_ADVERT_TTL_MS, MAX_CLOCK_SKEW_MS
} from './constants.js'
import {
  EXPERT_ID_BYTES, MAX_ADDR_BYTES, MAX_ADVERT_ADDRS, MAX_ADVERT_BYTES, MAX_CARDS_PER_ADVERT, MAX_CENTROID_VALUES,
  MAX_CENTROIDS_PER_CARD, MAX_DESCRIPTION_CHARS, MAX_DIM, MAX_GATE_MAGNITUDE, MAX_LABEL_CHARS, MAX_LABELS, MAX_NAME_CHARS, MAX_PUBLIC_KEY_BYTES,
  MAX_SPACE_ID_CHARS, MAX_TASK_CHARS, MAX_VERSION_CHARS
} from './limits.js'
import { AdvertTooLargeError, InvalidAdvertError } from './errors.js'
import type { CardData, CardGate, VerifiedAdvert } from './advert-types.js'
import { MAX_PRICE_CREDITS } from '../constants.js'
import { bytesEqual, domainPrefix, signingPayload } from '../util/bytes.js'

/** The gossip topic of the adverts of embedding space `spaceId`. */
export function advertTopic (spaceId: string): string {
  return `${ADVERT_TOPIC_PREFIX}${spaceId}`
}

/**
 * Why an advert was not accepted. A bounded set: safe as a metric label.
 * `expired`, `stale-seqno` and `rate-limited` are ignored (possibly honest, late or chatty);
 * every other reason means a malformed or forged advert and is rejected.
 */
export type AdvertRejectReason =
  | 'too-large' | 'decode-failed' | 'unsigned-message' | 'bad-public-key' | 'unsupported-key-type'
  | 'peer-id-mismatch' | 'author-mismatch' | 'bad-signature' | 'space-mismatch' | 'too-many-cards'
  | 'too-many-centroids' | 'dim-mismatch' | 'non-finite' | 'bad-centroids' | 'bad-labels' | 'bad-expert-id'
  | 'bad-field' | 'bad-expiry' | 'bad-addr' | 'expired' | 'stale-seqno' | 'rate-limited'

/** Every {@link AdvertRejectReason}, for counters and exhaustive checks. */
export const ADVERT_REJECT_REASONS: readonly AdvertRejectReason[] = [
  'too-large', 'decode-failed', 'unsigned-message', 'bad-public-key', 'unsupported-key-type', 'peer-id-mismatch',
  'author-mismatch', 'bad-signature', 'space-mismatch', 'too-many-cards', 'too-many-centroids', 'dim-mismatch',
  'non-finite', 'bad-centroids', 'bad-labels', 'bad-expert-id', 'bad-field', 'bad-expiry', 'bad-addr', 'expired',
  'stale-seqno', 'rate-limited'
]

const IGNORED_REASONS: ReadonlySet<AdvertRejectReason> = new Set(['expired', 'stale-seqno', 'rate-limited'])

/** An advert that was not accepted: `reject` penalises the sender in gossipsub, `ignore` only drops it. */
export interface AdvertRejection {
  ok: false
  action: 'reject' | 'ignore'
  reason: AdvertRejectReason
  /** One sentence for logs; may contain peer-supplied numbers, never use it as a label. */
  detail: string
}

/** The outcome of {@link verifyAdvert}. */
export type AdvertVerdict = { ok: true, advert: VerifiedAdvert } | AdvertRejection

/** Build a rejection with the action its reason implies. */
export function rejection (reason: AdvertRejectReason, detail: string): AdvertRejection {
  return { ok: false, action: IGNORED_REASONS.has(reason) ? 'ignore' : 'reject', reason, detail }
}

/** What a receiver checks an advert against. */
export interface VerifyAdvertOptions {
  /** String peer id of the gossip message's author (`msg.from`); must be the advert's signer. */
  from: string
  /** The space of the topic the advert arrived on. */
  spaceId: string
  /** Wall clock in ms, for expiry checks. */
  now: number
  /** Dimension of the space when this node knows it; every card must match. */
  spaceDim?: number
}

/** The contents of a local advert, before signing. */
export interface AdvertInput {
  /** Strictly increasing per node. */
  seqno: number
  /** Wall-clock ms after which receivers drop the cards. */
  expiresAt: number
  /** Listen multiaddrs (string form); at most {@link MAX_ADVERT_ADDRS}. */
  addrs: string[]
  spaceId: string
  /** Empty withdraws every card of the node. */
  cards: CardData[]
}

const SIGNATURE_PREFIX = domainPrefix(ADVERT_SIGNATURE_PREFIX)
const INPUT_KINDS: ReadonlySet<string> = new Set(['embedding', 'ngrams', 'both', 'text'])

function signedPayload (advertBytes: Uint8Array): Uint8Array {
  return signingPayload(SIGNATURE_PREFIX, advertBytes)
}

function toHex (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

function fromHex (hex: string): Uint8Array | undefined {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) return undefined
  return new Uint8Array(Buffer.from(hex, 'hex'))
}

function encodeCard (card: CardData): moemesh.ExpertCard.$Properties {
  const flat: number[] = []
  for (const row of card.centroids) for (let i = 0; i < row.length; i++) flat.push(row[i])
  return {
    expertId: fromHex(card.expertId) ?? new Uint8Array(0),
    name: card.name,
    version: card.version,
    task: card.task,
    description: card.description,
    labels: card.labels,
    spaceId: card.spaceId,
    dim: card.dim,
    centroidCount: card.centroids.length,
    centroids: flat,
    price: card.price,
    load: card.load,
    inputKind: card.inputKind,
    accuracy: card.accuracy,
    ...(card.modelSha256 !== undefined ? { modelSha256: fromHex(card.modelSha256) ?? new Uint8Array(0) } : {}),
    ...(card.gate != null
      ? { gate: { weights: new Uint8Array(card.gate.weights.buffer, card.gate.weights.byteOffset, card.gate.weights.length), scale: card.gate.scale, bias: card.gate.bias, abstainBelow: card.gate.abstainBelow } }
      : {})
  }
}

/** Check a decoded gate against its card's dim; returns the plain form or why it is invalid. */
function checkGate (gate: moemesh.IGate, dim: number): CardGate | AdvertRejection {
  const weights = gate.weights ?? new Uint8Array(0)
  if (!(weights instanceof Uint8Array) || weights.length !== dim) {
    return rejection('dim-mismatch', `a card's gate has ${weights?.length ?? 0} weights for dim ${dim}`)
  }
  const scale = gate.scale ?? 0
  const bias = gate.bias ?? 0
  const abstainBelow = gate.abstainBelow ?? 0
  for (const [field, value] of [['scale', scale], ['bias', bias], ['abstainBelow', abstainBelow]] as const) {
    if (!Number.isFinite(value)) return rejection('non-finite', `card gate ${field} is not a finite number`)
    if (Math.abs(value) > MAX_GATE_MAGNITUDE) return rejection('bad-field', `card gate ${field} is outside -${MAX_GATE_MAGNITUDE}..${MAX_GATE_MAGNITUDE}`)
  }
  if (!(scale > 0)) return rejection('bad-field', 'card gate scale must be > 0')
  // int8 on the wire; copied, so the card does not hold on to the whole received frame
  const q = new Int8Array(dim)
  q.set(new Int8Array(weights.buffer, weights.byteOffset, dim))
  // Queries are unit vectors, so no logit exceeds bias + scale * |w|: a cut above that would make every query
  // that ranks this card first abstain (a card able to silence the network for its region). Half a logit of slack
  // covers the int8 rounding of an honest owner's cut, which is a low quantile of logits it really saw.
  let norm2 = 0
  for (let i = 0; i < dim; i++) norm2 += q[i] * q[i]
  if (abstainBelow > bias + scale * Math.sqrt(norm2) + 0.5) return rejection('bad-field', 'card gate abstainBelow is above any logit its gate can reach')
  return { weights: q, scale, bias, abstainBelow }
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/u
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u

/** Check one decoded card; returns the plain form or why it is invalid. */
function checkCard (card: moemesh.ExpertCard, spaceId: string, expectedDim: number | undefined): CardData | AdvertRejection {
  if (!(card.expertId instanceof Uint8Array) || card.expertId.length !== EXPERT_ID_BYTES) {
    return rejection('bad-expert-id', `an expert id must be ${EXPERT_ID_BYTES} bytes`)
  }
  if (card.spaceId !== spaceId) return rejection('space-mismatch', 'a card is in another embedding space than its advert')
  for (const [field, value, max] of [['name', card.name, MAX_NAME_CHARS], ['version', card.version, MAX_VERSION_CHARS], ['task', card.task, MAX_TASK_CHARS]] as const) {
    if (typeof value !== 'string' || value.length > max) return rejection('bad-field', `card ${field} is longer than ${max} characters`)
  }
  if (card.name.length === 0) return rejection('bad-field', 'a card has no name')
  // Peer-supplied text ends up in terminals and pages: no control characters (escape sequences), except line
  // breaks and tabs in the description.
  for (const value of [card.name, card.version, card.task, ...card.labels]) {
    if (CONTROL_CHARS.test(value)) return rejection('bad-field', 'a card string contains control characters')
  }
  if (CONTROL_CHARS_EXCEPT_WHITESPACE.test(card.description)) return rejection('bad-field', 'a card description contains control characters')
  if (card.description.length > MAX_DESCRIPTION_CHARS) {
    return rejection('bad-field', `card description is longer than ${MAX_DESCRIPTION_CHARS} characters`)
  }
  if (!INPUT_KINDS.has(card.inputKind)) return rejection('bad-field', 'card inputKind must be embedding, ngrams, both or text')
  if (card.labels.length > MAX_LABELS) return rejection('bad-labels', `a card has more than ${MAX_LABELS} labels`)
  for (const label of card.labels) {
    if (label.length > MAX_LABEL_CHARS) return rejection('bad-labels', `a label is longer than ${MAX_LABEL_CHARS} characters`)
  }
  const dim = card.dim
  if (!Number.isInteger(dim) || dim < 1 || dim > MAX_DIM) return rejection('dim-mismatch', `card dim ${dim} is outside 1..${MAX_DIM}`)
  if (expectedDim !== undefined && dim !== expectedDim) {
    return rejection('dim-mismatch', `card dim ${dim} differs from the space's ${expectedDim}`)
  }
  const count = card.centroidCount
  if (count > MAX_CENTROIDS_PER_CARD) return rejection('too-many-centroids', `a card has ${count} centroids, over ${MAX_CENTROIDS_PER_CARD}`)
  if (count < 1) return rejection('bad-centroids', 'a card has no centroids')
  if (count * dim > MAX_CENTROID_VALUES) {
    return rejection('too-many-centroids', `a card has ${count}x${dim} centroid values, over ${MAX_CENTROID_VALUES}`)
  }
  if (card.centroids.length !== count * dim) {
    return rejection('dim-mismatch', `a card declares ${count}x${dim} centroid values but carries ${card.centroids.length}`)
  }
  for (const [field, value] of [['price', card.price], ['load', card.load], ['accuracy', card.accuracy]] as const) {
    if (!Number.isFinite(value)) return rejection('non-finite', `card ${field} is not a finite number`)
  }
  if (card.price < 0 || card.price > MAX_PRICE_CREDITS) return rejection('bad-field', `card price is outside 0..${MAX_PRICE_CREDITS}`)
  if (card.load < 0 || card.load > 1) return rejection('bad-field', 'card load is outside 0..1')
  if (card.accuracy < 0 || card.accuracy > 1) return rejection('bad-field', 'card accuracy is outside 0..1')
  const centroids: Float32Array[] = []
  for (let r = 0; r < count; r++) {
    const row = new Float32Array(dim)
    let norm = 0
    for (let i = 0; i < dim; i++) {
      const v = card.centroids[r * dim + i]
      if (!Number.isFinite(v)) return rejection('non-finite', 'a centroid holds NaN or Infinity')
      row[i] = v
      norm += v * v
    }
    if (Math.abs(Math.sqrt(norm) - 1) > CENTROID_NORM_TOLERANCE) {
      return rejection('bad-centroids', 'a centroid is not L2-normalised')
    }
    centroids.push(row)
  }
  const modelSha256 = card.modelSha256 ?? new Uint8Array(0)
  if (modelSha256.length !== 0 && modelSha256.length !== EXPERT_ID_BYTES) return rejection('bad-field', `card model_sha256 has ${modelSha256.length} bytes, not 0 or ${EXPERT_ID_BYTES}`)
  let gate: CardGate | undefined
  if (card.gate != null) {
    const checked = checkGate(card.gate, dim)
    if ('ok' in checked) return checked
    gate = checked
  }
  return {
    expertId: toHex(card.expertId),
    name: card.name,
    version: card.version,
    task: card.task,
    description: card.description,
    labels: [...card.labels],
    spaceId: card.spaceId,
    centroids,
    dim,
    price: card.price,
    load: card.load,
    inputKind: card.inputKind as CardData['inputKind'],
    accuracy: card.accuracy,
    ...(modelSha256.length > 0 ? { modelSha256: toHex(modelSha256) } : {}),
    ...(gate != null ? { gate } : {})
  }
}

/**
 * Validate the contents of a decoded NodeAdvert (everything but authentication).
 * `peerId` is the already authenticated signer.
 */
function checkContent (advert: moemesh.NodeAdvert, peerId: string, options: { spaceId: string, now: number, spaceDim?: number }): AdvertVerdict {
  if (advert.spaceId !== options.spaceId) {
    return rejection('space-mismatch', 'the advert is for another embedding space than its topic')
  }
  const seqno = advert.seqno
  if (!Number.isSafeInteger(seqno) || seqno < 1) return rejection('bad-field', 'the advert seqno is not a positive safe integer')
  const expiresAt = advert.expiresAtMs
  if (!Number.isSafeInteger(expiresAt) || expiresAt > options.now + MAX_ADVERT_TTL_MS + MAX_CLOCK_SKEW_MS) {
    return rejection('bad-expiry', `the advert expires more than ${MAX_ADVERT_TTL_MS} ms from now`)
  }
  if (expiresAt < options.now - MAX_CLOCK_SKEW_MS) return rejection('expired', 'the advert has expired')
  if (advert.addrs.length > MAX_ADVERT_ADDRS) return rejection('bad-addr', `the advert has more than ${MAX_ADVERT_ADDRS} addresses`)
  const addrs: string[] = []
  for (const bytes of advert.addrs) {
    if (bytes.length === 0 || bytes.length > MAX_ADDR_BYTES) return rejection('bad-addr', 'an address is empty or too long')
    try {
      addrs.push(multiaddr(bytes).toString())
    } catch {
      return rejection('bad-addr', 'an address is not a multiaddr')
    }
  }
  if (advert.cards.length > MAX_CARDS_PER_ADVERT) {
    return rejection('too-many-cards', `the advert has ${advert.cards.length} cards, over ${MAX_CARDS_PER_ADVERT}`)
  }
  // all cards share the advert's space, hence one dimension
  let dim = options.spaceDim
  const cards: CardData[] = []
  const seen = new Set<string>()
  for (const wire of advert.cards) {
    const card = checkCard(wire as moemesh.ExpertCard, advert.spaceId, dim) // decode() builds full messages
    if ('ok' in card) return card
    if (seen.has(card.expertId)) return rejection('bad-expert-id', 'an expert id appears twice in one advert')
    seen.add(card.expertId)
    dim = card.dim
    cards.push(card)
  }
  return { ok: true, advert: { peerId, seqno, expiresAt, addrs, spaceId: advert.spaceId, cards } }
}

/**
 * Verify a received SignedAdvert: size, decoding, that the key's peer id is both the advert's `peer_id` and
 * the gossip author, the signature, then every field. Never throws.
 *
 * @returns the validated advert, or a rejection saying why and whether to reject or ignore it
 */
export async function verifyAdvert (bytes: Uint8Array, options: VerifyAdvertOptions): Promise<AdvertVerdict> {
  if (bytes.length > MAX_ADVERT_BYTES) {
    return rejection('too-large', `the advert is ${bytes.length} bytes, over ${MAX_ADVERT_BYTES}`)
  }
  // Only the outer envelope (key, signature, advert bytes) is decoded before the signature is checked: the cards,
  // up to half a megabyte of them, are decoded only for an advert its author really signed.
  let signed: moemesh.SignedAdvert
  try {
    signed = moemesh.SignedAdvert.decode(bytes)
  } catch {
    return rejection('decode-failed', 'the advert is not a valid SignedAdvert protobuf')
  }
  if (signed.publicKey.length === 0 || signed.publicKey.length > MAX_PUBLIC_KEY_BYTES) {
    return rejection('bad-public-key', 'the advert public key is missing or too long')
  }
  let publicKey: PublicKey
  try {
    publicKey = publicKeyFromProtobuf(signed.publicKey)
  } catch {
    return rejection('bad-public-key', 'the advert public key does not decode')
  }
  // Ed25519 only: fixed-size keys and signatures, and cheap verification inside a gossip validator
  if (publicKey.type !== 'Ed25519') return rejection('unsupported-key-type', `adverts must be signed with Ed25519, not ${publicKey.type}`)
  const signer = peerIdFromPublicKey(publicKey)
  const signerId = signer.toString()
  if (signerId !== options.from) {
    return rejection('author-mismatch', 'the advert was published by another peer than its signer')
  }
  if (signed.signature.length !== ED25519_SIGNATURE_BYTES) return rejection('bad-signature', 'the signature has the wrong length')
  let valid = false
  try {
    valid = await publicKey.verify(signedPayload(signed.advert), signed.signature)
  } catch {
    valid = false
  }
  if (!valid) return rejection('bad-signature', 'the advert signature does not verify')
  let advert: moemesh.NodeAdvert
  try {
    advert = moemesh.NodeAdvert.decode(signed.advert)
  } catch {
    return rejection('decode-failed', 'the signed advert is not a valid NodeAdvert protobuf')
  }
  if (!bytesEqual(signer.toMultihash().bytes, advert.peerId)) {
    return rejection('peer-id-mismatch', 'the advert peer id is not the id of the key that signed it')
  }
  return checkContent(advert, signerId, options)
}

/**
 * Encode and check a local advert without signing it: the same checks receivers run, so a node never
 * publishes what its peers would reject. Synchronous, for early errors.
 *
 * @returns the encoded NodeAdvert
 * @throws {InvalidAdvertError} when a receiver would reject the advert
 * @throws {AdvertTooLargeError} when the signed advert would exceed {@link MAX_ADVERT_BYTES}
 */
export function encodeAdvert (input: AdvertInput, peerId: PeerId, options: { now?: number, spaceDim?: number } = {}): Uint8Array {
  // a float is 4 bytes on the wire: refuse a hopeless advert before spending time encoding it
  const floatBytes = input.cards.reduce((sum, card) => sum + 4 * card.centroids.length * card.dim, 0)
  if (floatBytes > MAX_ADVERT_BYTES) throw new AdvertTooLargeError(floatBytes, MAX_ADVERT_BYTES)
  for (const card of input.cards) {
    if (fromHex(card.expertId)?.length !== EXPERT_ID_BYTES) {
      throw new InvalidAdvertError('bad-expert-id', `expert id "${card.expertId.slice(0, 80)}" is not ${EXPERT_ID_BYTES * 2} hex characters`)
    }
    if (card.centroids.some(row => row.length !== card.dim)) {
      throw new InvalidAdvertError('dim-mismatch', `expert "${card.name}" has a centroid whose length differs from its dim ${card.dim}`)
    }
    if (card.gate != null && !(card.gate.weights instanceof Int8Array)) {
      throw new InvalidAdvertError('bad-field', `expert "${card.name}" has gate weights that are not an Int8Array`)
    }
  }
  let addrBytes: Uint8Array[]
  try {
    addrBytes = input.addrs.map(a => multiaddr(a).bytes)
  } catch (err) {
    throw new InvalidAdvertError('bad-addr', `an address is not a multiaddr: ${(err as Error).message}`)
  }
  const advertBytes = moemesh.NodeAdvert.encode({
    peerId: peerId.toMultihash().bytes,
    seqno: input.seqno,
    expiresAtMs: input.expiresAt,
    addrs: addrBytes,
    cards: input.cards.map(encodeCard),
    spaceId: input.spaceId
  }).finish()
  // exact envelope size: Ed25519 keys and signatures have fixed lengths
  const size = moemesh.SignedAdvert.encode({
    advert: advertBytes,
    publicKey: new Uint8Array(36),
    signature: new Uint8Array(ED25519_SIGNATURE_BYTES)
  }).finish().length
  if (size > MAX_ADVERT_BYTES) throw new AdvertTooLargeError(size, MAX_ADVERT_BYTES)
  if (input.spaceId.length === 0 || input.spaceId.length > MAX_SPACE_ID_CHARS) {
    throw new InvalidAdvertError('bad-field', `the space id must be 1..${MAX_SPACE_ID_CHARS} characters`)
  }
  const verdict = checkContent(moemesh.NodeAdvert.decode(advertBytes), peerId.toString(), {
    spaceId: input.spaceId,
    now: options.now ?? Date.now(),
    spaceDim: options.spaceDim
  })
  if (!verdict.ok) throw new InvalidAdvertError(verdict.reason, verdict.detail)
  return advertBytes
}

/** Sign an encoded NodeAdvert with the node key and wrap it in a SignedAdvert. */
export async function signAdvert (advertBytes: Uint8Array, privateKey: PrivateKey): Promise<Uint8Array> {
  const signature = await privateKey.sign(signedPayload(advertBytes))
  return moemesh.SignedAdvert.encode({
    advert: advertBytes,
    publicKey: publicKeyToProtobuf(privateKey.publicKey),
    signature
  }).finish()
}

/**
 * Build, check and sign the advert of the node that owns `privateKey`.
 *
 * @throws {InvalidAdvertError} when a receiver would reject the advert
 * @throws {AdvertTooLargeError} when the signed advert would exceed {@link MAX_ADVERT_BYTES}
 */
export async function buildSignedAdvert (input: AdvertInput, privateKey: PrivateKey, options: { now?: number, spaceDim?: number } = {}): Promise<Uint8Array> {
  if (privateKey.type !== 'Ed25519') throw new InvalidAdvertError('unsupported-key-type', 'adverts must be signed with an Ed25519 key')
  const advertBytes = encodeAdvert(input, peerIdFromPrivateKey(privateKey), options)
  return signAdvert(advertBytes, privateKey)
}
