/**
 * A payee in a child process for the kill -9 test: the real store, ledger and ReceiptBook on `argv[2]`, the
 * payee key in MOEMESH_TEST_KEY (base64 protobuf). Each stdin line is a base64 SignedReceipt of a call this
 * payee "served": it books the call's price as earned, then accepts the receipt, and only after `accept`
 * returned (the receipt committed) prints `ACK <payer> <seq> <status>`.
 */
import '../../src/polyfill.js'
import { createInterface } from 'node:readline'
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { Ledger } from '../../src/market/ledger.js'
import { fromMicro, verifyReceipt } from '../../src/market/receipt.js'
import { ReceiptBook } from '../../src/market/receipt-book.js'
import { MarketStore } from '../../src/market/store.js'

const key = privateKeyFromProtobuf(Buffer.from(process.env.MOEMESH_TEST_KEY ?? '', 'base64'))
const store = MarketStore.open(process.argv[2])
const ledger = new Ledger({ store, refillPerSec: 0 })
const book = new ReceiptBook({ store, ledger, privateKey: key, peerId: peerIdFromPrivateKey(key).toString() })
process.stdout.write('READY\n')
for await (const line of createInterface({ input: process.stdin })) {
  const bytes = new Uint8Array(Buffer.from(line, 'base64'))
  const { receipt } = await verifyReceipt(bytes)
  ledger.recordEarned(receipt.payer, fromMicro(receipt.lastCall.unitPriceMicro))
  const verdict = await book.accept(bytes, receipt.payer)
  process.stdout.write(`ACK ${receipt.payer} ${receipt.seq} ${verdict.status}\n`)
}
