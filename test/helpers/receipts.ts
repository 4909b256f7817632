/**
 * Receipt fixtures for tests: identities, a call record, and a payee's store + ledger + book on a temp file.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { Ed25519PrivateKey } from '@libp2p/interface'
import { Ledger } from '../../src/market/ledger.js'
import { answerHash, requestHash, toMicro, type CallData, type ReceiptData } from '../../src/market/receipt.js'
import { ReceiptBook } from '../../src/market/receipt-book.js'
import { MarketStore } from '../../src/market/store.js'

/** A key and its peer id. */
export interface Identity { key: Ed25519PrivateKey, peerId: string }

export async function identity (): Promise<Identity> {
  const key = await generateKeyPair('Ed25519')
  return { key, peerId: peerIdFromPrivateKey(key).toString() }
}

export const EXPERT_ID = 'ab'.repeat(32)

/** A call record of `price` credits. */
export function call (price = 1, i = 0): CallData {
  return {
    queryId: new Uint8Array(16).fill(i % 256),
    expertId: EXPERT_ID,
    unitPriceMicro: toMicro(price),
    requestHash: requestHash('space', `query ${i}`, [0.1, 0.2]),
    answerHash: answerHash(EXPERT_ID, [0.3, 0.7])
  }
}

/** A receipt's content, all fields filled. */
export function receiptData (payer: string, payee: string, seq: number, cumulative: number, over: Partial<ReceiptData> = {}): ReceiptData {
  const now = Date.now()
  return { payer, payee, lane: 7, seq, cumulativeMicro: toMicro(cumulative), lastCall: call(1, seq), issuedAt: now, expiresAt: now + 3600_000, ...over }
}

/** A node's market on a store file: store, ledger, book. */
export interface MarketSide { store: MarketStore, ledger: Ledger, book: ReceiptBook, id: Identity, path: string }

export function openSide (path: string, id: Identity): MarketSide {
  const store = MarketStore.open(path)
  const ledger = new Ledger({ store, refillPerSec: 0 }) // no time-based forgiveness: debts in tests stay exact
  return { store, ledger, book: new ReceiptBook({ store, ledger, privateKey: id.key, peerId: id.peerId }), id, path }
}

export async function tempStorePath (prefix: string): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), `moemesh-${prefix}-`)), 'market.sqlite')
}
