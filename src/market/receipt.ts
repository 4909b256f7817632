/**
 * Signed cumulative receipts: the wire form, signing and offline verification. A receipt says "payer owes payee
 * `cumulative` micro-credits on `lane`, as of call number `seq`", signed with the payer's libp2p Ed25519 key over
 * `"moemesh/receipt/v1\0" || Receipt bytes`. Because the amount is cumulative, only the newest receipt of a lane
 * counts: a replayed old one claims less, and a payee that stores the newest before acknowledging it cannot be
 * fooled by a replay after a restart.
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto'
import { peerIdFromString } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { moemeshmarket } from '../gen/market.js'
import { InvalidReceiptError } from './errors.js'
import { MAX_RECEIPT_BYTES, MAX_RECEIPT_PEER_ID_CHARS, MICRO_PER_CREDIT, RECEIPT_SIGNATURE_PREFIX } from './constants.js'
import { domainPrefix, signingPayload } from '../util/bytes.js'

/** The paid call a receipt was issued for. */
export interface CallData {
  /** 16 bytes the payer chose for the routed query. */
  queryId: Uint8Array
  /** Lowercase hex expert id (64 chars). */
  expertId: string
  /** What the answer cost, in micro-credits. */
  unitPriceMicro: number
  /** sha256 of the request ({@link requestHash}). */
  requestHash: Uint8Array
  /** sha256 of the answer ({@link answerHash}). */
  answerHash: Uint8Array
}

/** A receipt's content. */
export interface ReceiptData {
  /** Peer id of the signer. */
  payer: string
  /** Peer id of the node paid. */
  payee: string
  lane: number
  /** >= 1, strictly increasing within the lane. */
  seq: number
  /** Everything acknowledged on this lane so far, in micro-credits. */
  cumulativeMicro: number
  lastCall: CallData
  /** Wall-clock ms. */
  issuedAt: number
  /** Wall-clock ms after which receivers refuse it. */
  expiresAt: number
}

/** A receipt that verified: its content and its bytes exactly as received. */
export interface VerifiedReceipt {
  receipt: ReceiptData
  /** The SignedReceipt bytes. */
  bytes: Uint8Array
}

const PREFIX = domainPrefix(RECEIPT_SIGNATURE_PREFIX)
const ED25519_SIGNATURE_BYTES = 64
const HASH_BYTES = 32
const QUERY_ID_BYTES = 16
const HEX_ID = /^[0-9a-f]{64}$/

/**
 * Node KeyObjects of Ed25519 keys, made once: @libp2p/crypto imports the key from JWK on every call, which costs
 * more than the signature itself (measured by `npm run bench:receipts`). Same keys, same signatures.
 */
const privateKeyObjects = new WeakMap<PrivateKey, KeyObject>()
const publicKeyObjects = new Map<string, KeyObject>()
const MAX_CACHED_PUBLIC_KEYS = 4096

function privateKeyObject (key: PrivateKey): KeyObject | undefined {
  if (key.type !== 'Ed25519') return undefined
  let k = privateKeyObjects.get(key)
  if (k === undefined) {
    const raw = key.raw
    k = createPrivateKey({ format: 'jwk', key: { crv: 'Ed25519', kty: 'OKP', d: Buffer.from(raw.subarray(0, 32)).toString('base64url'), x: Buffer.from(key.publicKey.raw).toString('base64url') } })
    privateKeyObjects.set(key, k)
  }
  return k
}

function publicKeyObject (peerId: string, raw: Uint8Array): KeyObject {
  let k = publicKeyObjects.get(peerId)
  if (k === undefined) {
    k = createPublicKey({ format: 'jwk', key: { crv: 'Ed25519', kty: 'OKP', x: Buffer.from(raw).toString('base64url') } })
    if (publicKeyObjects.size >= MAX_CACHED_PUBLIC_KEYS) publicKeyObjects.delete(publicKeyObjects.keys().next().value as string)
    publicKeyObjects.set(peerId, k)
  }
  return k
}

/** Credits to integer micro-credits (rounded to the nearest). */
export function toMicro (credits: number): number {
  return Math.round(credits * MICRO_PER_CREDIT)
}

/** Micro-credits to credits. */
export function fromMicro (micro: number): number {
  return micro / MICRO_PER_CREDIT
}

/** The bytes a receipt signature covers: the domain prefix, then the encoded Receipt. */
export function receiptSigningPayload (receiptBytes: Uint8Array): Uint8Array {
  return signingPayload(PREFIX, receiptBytes)
}

/** 16 fresh random bytes: the id of one routed query in the receipts it produces. */
export function newQueryId (): Uint8Array {
  return new Uint8Array(randomBytes(QUERY_ID_BYTES))
}

/** sha256 of a request as sent: space id, text and the query vector (little-endian float32), each delimited. */
export function requestHash (spaceId: string, text: string, vector: Float32Array | number[]): Uint8Array {
  const v = vector instanceof Float32Array ? vector : Float32Array.from(vector)
  return new Uint8Array(createHash('sha256')
    .update('moemesh/request/v1\0').update(spaceId).update('\0').update(text).update('\0')
    .update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest())
}

/** sha256 of one expert's answer as received: the expert id and its distribution (little-endian float32). */
export function answerHash (expertId: string, distribution: Float32Array | number[] | undefined): Uint8Array {
  const d = distribution instanceof Float32Array ? distribution : Float32Array.from(distribution ?? [])
  return new Uint8Array(createHash('sha256').update('moemesh/answer/v1\0').update(expertId).update('\0')
    .update(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)).digest())
}

function checkFields (r: ReceiptData): void {
  const bad = (what: string): never => { throw new InvalidReceiptError('MALFORMED', `receipt ${what}`) }
  for (const [name, id] of [['payer', r.payer], ['payee', r.payee]] as const) {
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_RECEIPT_PEER_ID_CHARS) bad(`${name} is not a peer id`)
  }
  for (const [name, v] of [['lane', r.lane], ['seq', r.seq], ['cumulative', r.cumulativeMicro], ['issued_at', r.issuedAt], ['expires_at', r.expiresAt]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) bad(`${name} must be a non-negative safe integer`)
  }
  if (r.seq < 1) bad('seq must be at least 1')
  if (r.expiresAt <= r.issuedAt) bad('expires before it is issued')
  const c = r.lastCall
  if (c == null) return bad('has no last call')
  if (c.queryId.length !== QUERY_ID_BYTES) bad(`query id must be ${QUERY_ID_BYTES} bytes`)
  if (!HEX_ID.test(c.expertId)) bad('expert id must be 64 lowercase hex characters')
  if (!Number.isSafeInteger(c.unitPriceMicro) || c.unitPriceMicro < 0) bad('unit price must be a non-negative safe integer')
  if (c.unitPriceMicro > r.cumulativeMicro) bad('unit price is above the cumulative amount')
  if (c.requestHash.length !== HASH_BYTES || c.answerHash.length !== HASH_BYTES) bad(`hashes must be ${HASH_BYTES} bytes`)
}

/**
 * Encode and sign a receipt with the payer's key; returns the SignedReceipt bytes.
 * @throws {InvalidReceiptError} (MALFORMED) for a field out of range, or a key that is not the payer's
 */
export async function signReceipt (receipt: ReceiptData, key: PrivateKey): Promise<Uint8Array> {
  checkFields(receipt)
  const bytes = moemeshmarket.Receipt.encode({
    payer: receipt.payer,
    payee: receipt.payee,
    lane: receipt.lane,
    seq: receipt.seq,
    cumulativeMicro: receipt.cumulativeMicro,
    lastCall: {
      queryId: receipt.lastCall.queryId,
      expertId: Buffer.from(receipt.lastCall.expertId, 'hex'),
      unitPriceMicro: receipt.lastCall.unitPriceMicro,
      requestHash: receipt.lastCall.requestHash,
      answerHash: receipt.lastCall.answerHash
    },
    issuedAtMs: receipt.issuedAt,
    expiresAtMs: receipt.expiresAt
  }).finish()
  const payload = receiptSigningPayload(bytes)
  const keyObject = privateKeyObject(key)
  const signature = keyObject !== undefined ? new Uint8Array(edSign(null, payload, keyObject)) : await key.sign(payload)
  return moemeshmarket.SignedReceipt.encode({ receipt: bytes, signature }).finish()
}

/**
 * Decode a SignedReceipt and check its signature against the payer's own key (inside its peer id): no network,
 * no database, so anyone holding the bytes can check them (`moemesh ledger verify`). Expiry, addressee and
 * sequence are the receiver's business ({@link ReceiptBook.accept}).
 *
 * @throws {InvalidReceiptError} with `problem` MALFORMED (size, protobuf, a field out of range) or BAD_SIGNATURE
 */
export async function verifyReceipt (bytes: Uint8Array): Promise<VerifiedReceipt> {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length > MAX_RECEIPT_BYTES) {
    throw new InvalidReceiptError('MALFORMED', `a receipt is 1 to ${MAX_RECEIPT_BYTES} bytes`)
  }
  let signed: moemeshmarket.SignedReceipt
  let msg: moemeshmarket.Receipt
  try {
    signed = moemeshmarket.SignedReceipt.decode(bytes)
    msg = moemeshmarket.Receipt.decode(signed.receipt)
  } catch (err) {
    throw new InvalidReceiptError('MALFORMED', 'not a SignedReceipt protobuf', { cause: err })
  }
  const call = msg.lastCall
  const receipt: ReceiptData = {
    payer: msg.payer,
    payee: msg.payee,
    lane: Number(msg.lane),
    seq: Number(msg.seq),
    cumulativeMicro: Number(msg.cumulativeMicro),
    lastCall: {
      // protobufjs hands Buffers out under Node: plain copies, so callers compare and serialise bytes as bytes
      queryId: new Uint8Array(call?.queryId ?? []),
      expertId: Buffer.from(call?.expertId ?? new Uint8Array()).toString('hex'),
      unitPriceMicro: Number(call?.unitPriceMicro ?? 0),
      requestHash: new Uint8Array(call?.requestHash ?? []),
      answerHash: new Uint8Array(call?.answerHash ?? [])
    },
    issuedAt: Number(msg.issuedAtMs),
    expiresAt: Number(msg.expiresAtMs)
  }
  checkFields(receipt)
  let publicKey
  try {
    publicKey = peerIdFromString(receipt.payer).publicKey
  } catch (err) {
    throw new InvalidReceiptError('MALFORMED', 'the payer is not a peer id', { cause: err })
  }
  if (publicKey?.type !== 'Ed25519') throw new InvalidReceiptError('MALFORMED', 'the payer must be an Ed25519 peer id (its key inside)')
  if (signed.signature.length !== ED25519_SIGNATURE_BYTES) throw new InvalidReceiptError('BAD_SIGNATURE', 'the signature has the wrong length')
  let valid = false
  try {
    valid = edVerify(null, receiptSigningPayload(signed.receipt), publicKeyObject(receipt.payer, publicKey.raw), signed.signature)
  } catch (err) {
    throw new InvalidReceiptError('BAD_SIGNATURE', 'the signature does not verify', { cause: err })
  }
  if (!valid) throw new InvalidReceiptError('BAD_SIGNATURE', 'the signature does not verify against the payer\'s key')
  return { receipt, bytes }
}
