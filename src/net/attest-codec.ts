/**
 * Wire form of score attestations: build, sign and verify `SignedAttestation`s (proto/attest.proto), and the
 * commitment a reveal must match. A validator commits to a round's scores (sha256 of the encoded scores and a
 * random salt, domain-separated) and reveals them one round later; receivers keep the commitments and accept a
 * reveal only when it matches one they already hold, so nobody can copy another validator's scores of a round
 * before that round is closed.
 */
import { createHash, randomBytes } from 'node:crypto'
import { publicKeyFromProtobuf, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import type { PrivateKey, PublicKey } from '@libp2p/interface'
import { moemeshattest } from '../gen/attest.js'
import { bytesEqual, domainPrefix, signingPayload } from '../util/bytes.js'
import { ATTEST_COMMIT_PREFIX, ATTEST_SIGNATURE_PREFIX, ATTEST_TOPIC_PREFIX, ED25519_SIGNATURE_BYTES, MAX_CLOCK_SKEW_MS } from './constants.js'
import {
  MAX_ATTEST_BYTES, MAX_ATTEST_SALT_BYTES, MAX_ATTEST_SCORES, MAX_PEER_ID_CHARS, MAX_PUBLIC_KEY_BYTES, MIN_ATTEST_SALT_BYTES
} from './limits.js'

/** One card's score on the wire, in plain form. */
export interface WireScore {
  /** Peer id of the node serving the card. */
  peerId: string
  /** Hex sha256 card digest. */
  cardDigest: string
  accuracy: number
  nll: number
  samples: number
}

/** A verified attestation. */
export interface VerifiedAttestation {
  validator: string
  round: number
  issuedAt: number
  commitment: Uint8Array
  /** The revealed earlier round, when the message carries one. */
  reveal?: { round: number, salt: Uint8Array, scoresBytes: Uint8Array }
}

/** Why an attestation was not accepted (bounded set, for counters). */
export type AttestRejectReason = 'too-large' | 'decode-failed' | 'bad-public-key' | 'bad-signature' | 'author-mismatch' | 'bad-field' | 'clock-skew' | 'stale-round' | 'rate-limited' | 'reveal-without-commit' | 'commit-mismatch' | 'bad-scores' | 'unsigned-message'

/** The outcome of verifying an attestation. */
export type AttestVerdict = { ok: true, attestation: VerifiedAttestation } | { ok: false, reason: AttestRejectReason, action: 'reject' | 'ignore', detail: string }

/** The gossip topic of attestations about cards in one embedding space. */
export function attestTopic (spaceId: string): string {
  return `${ATTEST_TOPIC_PREFIX}${spaceId}`
}

function attestRejection (reason: AttestRejectReason, detail: string, action: 'reject' | 'ignore' = 'reject'): AttestVerdict {
  return { ok: false, reason, action, detail }
}

const SIGNATURE_PREFIX = domainPrefix(ATTEST_SIGNATURE_PREFIX)

function signedPayload (bytes: Uint8Array): Uint8Array {
  return signingPayload(SIGNATURE_PREFIX, bytes)
}

/** sha256(ATTEST_COMMIT_PREFIX || round as 8 bytes big-endian || scores || salt). */
export function commitmentOf (round: number, scoresBytes: Uint8Array, salt: Uint8Array): Uint8Array {
  const r = Buffer.alloc(8)
  r.writeBigUInt64BE(BigInt(round))
  return new Uint8Array(createHash('sha256').update(ATTEST_COMMIT_PREFIX).update(r).update(scoresBytes).update(salt).digest())
}

/** A fresh random salt. */
export function newSalt (): Uint8Array {
  return new Uint8Array(randomBytes(32))
}

/** Largest NLL and sample count a revealed score may carry. */
const MAX_SCORE_NLL = 100
const MAX_SCORE_SAMPLES = 1e6

function isPeerId (value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PEER_ID_CHARS) return false
  try { peerIdFromString(value); return true } catch { return false }
}

/**
 * The encoded ScoreSet of `scores`, best-effort trimmed to {@link MAX_ATTEST_SCORES}; values are clamped to their
 * ranges and non-finite ones dropped.
 */
export function encodeScores (scores: readonly WireScore[]): Uint8Array {
  const out: moemeshattest.ICardScore[] = []
  for (const s of scores) {
    if (out.length >= MAX_ATTEST_SCORES) break
    // skip or clamp whatever decodeScores would refuse: one refused score drops the whole reveal at every receiver
    if (![s.accuracy, s.nll, s.samples].every(Number.isFinite) || s.samples <= 0 || !/^[0-9a-f]{64}$/.test(s.cardDigest) || !isPeerId(s.peerId)) continue
    out.push({
      peerId: s.peerId,
      cardDigest: Buffer.from(s.cardDigest, 'hex'),
      accuracy: Math.min(1, Math.max(0, s.accuracy)),
      nll: Math.min(MAX_SCORE_NLL, Math.max(0, s.nll)),
      samples: Math.min(MAX_SCORE_SAMPLES, s.samples)
    })
  }
  return moemeshattest.ScoreSet.encode({ scores: out }).finish()
}

/** Decodes and validates a revealed ScoreSet; undefined when any score is malformed (the whole reveal is dropped). */
export function decodeScores (bytes: Uint8Array): WireScore[] | undefined {
  let set: moemeshattest.ScoreSet
  try {
    set = moemeshattest.ScoreSet.decode(bytes)
  } catch {
    return undefined
  }
  if (set.scores.length > MAX_ATTEST_SCORES) return undefined
  const out: WireScore[] = []
  for (const s of set.scores) {
    if (!isPeerId(s.peerId)) return undefined
    if (!(s.cardDigest instanceof Uint8Array) || s.cardDigest.length !== 32) return undefined
    const accuracy = s.accuracy ?? 0
    const nll = s.nll ?? 0
    const samples = s.samples ?? 0
    if (![accuracy, nll, samples].every(Number.isFinite) || accuracy < 0 || accuracy > 1 || nll < 0 || nll > MAX_SCORE_NLL || samples <= 0 || samples > MAX_SCORE_SAMPLES) return undefined
    out.push({ peerId: s.peerId, cardDigest: Buffer.from(s.cardDigest).toString('hex'), accuracy, nll, samples })
  }
  return out
}

/** Signs an attestation with the node key. */
export async function signAttestation (privateKey: PrivateKey, input: { round: number, issuedAt: number, commitment: Uint8Array, reveal?: { round: number, salt: Uint8Array, scoresBytes: Uint8Array } }): Promise<Uint8Array> {
  const validator = peerIdFromPublicKey(privateKey.publicKey)
  const attestation = moemeshattest.Attestation.encode({
    validator: validator.toMultihash().bytes,
    round: input.round,
    issuedAtMs: input.issuedAt,
    commitment: input.commitment,
    ...(input.reveal !== undefined ? { revealRound: input.reveal.round, revealSalt: input.reveal.salt, revealScores: input.reveal.scoresBytes } : {})
  }).finish()
  const signature = await privateKey.sign(signedPayload(attestation))
  return moemeshattest.SignedAttestation.encode({ attestation, publicKey: publicKeyToProtobuf(privateKey.publicKey), signature }).finish()
}

/**
 * Verifies a received SignedAttestation: size, envelope, Ed25519 key, that the signer is the gossip author
 * (`from`) and the attestation's validator, the signature, then the fields (commitment 32 bytes, rounds, salt
 * length, issue time within the clock skew). The commitment check of a reveal needs the receiver's state and
 * is done by the service. Never throws.
 */
export async function verifyAttestation (bytes: Uint8Array, options: { from?: string, now?: number }): Promise<AttestVerdict> {
  if (bytes.length > MAX_ATTEST_BYTES) return attestRejection('too-large', `the attestation is ${bytes.length} bytes, over ${MAX_ATTEST_BYTES}`)
  let signed: moemeshattest.SignedAttestation
  try {
    signed = moemeshattest.SignedAttestation.decode(bytes)
  } catch {
    return attestRejection('decode-failed', 'not a SignedAttestation protobuf')
  }
  if (signed.publicKey.length === 0 || signed.publicKey.length > MAX_PUBLIC_KEY_BYTES) return attestRejection('bad-public-key', 'the public key is missing or too long')
  let publicKey: PublicKey
  try {
    publicKey = publicKeyFromProtobuf(signed.publicKey)
  } catch {
    return attestRejection('bad-public-key', 'the public key does not decode')
  }
  if (publicKey.type !== 'Ed25519') return attestRejection('bad-public-key', 'attestations must be signed with Ed25519')
  const signer = peerIdFromPublicKey(publicKey)
  if (options.from !== undefined && signer.toString() !== options.from) return attestRejection('author-mismatch', 'published by another peer than its signer')
  if (signed.signature.length !== ED25519_SIGNATURE_BYTES) return attestRejection('bad-signature', 'the signature has the wrong length')
  let valid = false
  try { valid = await publicKey.verify(signedPayload(signed.attestation), signed.signature) } catch { valid = false }
  if (!valid) return attestRejection('bad-signature', 'the signature does not verify')
  let a: moemeshattest.Attestation
  try {
    a = moemeshattest.Attestation.decode(signed.attestation)
  } catch {
    return attestRejection('decode-failed', 'the signed attestation does not decode')
  }
  if (!bytesEqual(signer.toMultihash().bytes, a.validator)) return attestRejection('author-mismatch', 'the validator field is not the signer')
  const round = Number(a.round)
  const revealRound = Number(a.revealRound)
  const issuedAt = Number(a.issuedAtMs)
  if (!Number.isSafeInteger(round) || round <= 0) return attestRejection('bad-field', 'round must be a positive integer')
  if (a.commitment.length !== 32) return attestRejection('bad-field', 'the commitment must be 32 bytes')
  const now = options.now ?? Date.now()
  if (!Number.isSafeInteger(issuedAt) || Math.abs(issuedAt - now) > MAX_CLOCK_SKEW_MS) return attestRejection('clock-skew', 'issued too far from our clock', 'ignore')
  let reveal: VerifiedAttestation['reveal']
  if (revealRound !== 0) {
    if (!Number.isSafeInteger(revealRound) || revealRound < 0 || revealRound >= round) return attestRejection('bad-field', 'the revealed round must be earlier than the round')
    if (a.revealSalt.length < MIN_ATTEST_SALT_BYTES || a.revealSalt.length > MAX_ATTEST_SALT_BYTES) return attestRejection('bad-field', `the salt must be ${MIN_ATTEST_SALT_BYTES}..${MAX_ATTEST_SALT_BYTES} bytes`)
    reveal = { round: revealRound, salt: a.revealSalt, scoresBytes: a.revealScores }
  }
  return { ok: true, attestation: { validator: signer.toString(), round, issuedAt, commitment: a.commitment, ...(reveal !== undefined ? { reveal } : {}) } }
}
