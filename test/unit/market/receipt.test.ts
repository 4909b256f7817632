import { rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { moemeshmarket } from '../../../src/gen/market.js'
import { InvalidReceiptError } from '../../../src/market/errors.js'
import { receiptSigningPayload, signReceipt, toMicro, verifyReceipt } from '../../../src/market/receipt.js'
import { checkReceipts } from '../../../src/market/receipt-file.js'
import { MAX_LANES_PER_PAYER } from '../../../src/market/receipt-book.js'
import { call, identity, openSide, receiptData, tempStorePath, type Identity, type MarketSide } from '../../helpers/receipts.js'

let payer: Identity
let payee: Identity
let other: Identity
beforeAll(async () => {
  [payer, payee, other] = await Promise.all([identity(), identity(), identity()])
})

const open: MarketSide[] = []
async function side (id: Identity, path?: string): Promise<MarketSide> {
  const s = openSide(path ?? await tempStorePath('receipt'), id)
  open.push(s)
  return s
}
afterEach(async () => {
  for (const s of open.splice(0)) {
    s.store.close()
    await rm(dirname(s.path), { recursive: true, force: true })
  }
})

async function problemOf (p: Promise<unknown>): Promise<string> {
  try { await p } catch (err) { if (err instanceof InvalidReceiptError) return err.problem; throw err }
  return 'none'
}

describe('receipt signatures', () => {
  it('verifies a signed receipt offline and returns exactly what was signed', async () => {
    const data = receiptData(payer.peerId, payee.peerId, 3, 2.5)
    const bytes = await signReceipt(data, payer.key)
    const { receipt } = await verifyReceipt(bytes)
    expect(receipt).toEqual(data)
    // an ordinary libp2p Ed25519 signature by the node key: libp2p's own verify agrees
    const signed = moemeshmarket.SignedReceipt.decode(bytes)
    expect(await payer.key.publicKey.verify(receiptSigningPayload(signed.receipt), signed.signature)).toBe(true)
  })

  it('refuses any tampered byte, another signer, and a signature made for another domain', async () => {
    const bytes = await signReceipt(receiptData(payer.peerId, payee.peerId, 1, 5), payer.key)
    const signed = moemeshmarket.SignedReceipt.decode(bytes)
    // raise the amount inside the signed bytes
    const inner = moemeshmarket.Receipt.decode(signed.receipt)
    const inflated = moemeshmarket.Receipt.encode({ ...inner, cumulativeMicro: toMicro(500) }).finish()
    expect(await problemOf(verifyReceipt(moemeshmarket.SignedReceipt.encode({ receipt: inflated, signature: signed.signature }).finish()))).toBe('BAD_SIGNATURE')
    // flip one bit of every byte position in turn: never verifies
    for (let i = 0; i < bytes.length; i++) {
      const copy = new Uint8Array(bytes) // a copy (Buffer.slice would be a view)
      copy[i] ^= 0x01
      expect(await problemOf(verifyReceipt(copy))).not.toBe('none')
    }
    // signed by someone else under the payer's name
    const forged = await signReceipt(receiptData(payer.peerId, payee.peerId, 1, 5), other.key)
    expect(await problemOf(verifyReceipt(forged))).toBe('BAD_SIGNATURE')
    // the payer's signature over the bare receipt bytes (no domain prefix), or another domain's prefix
    const bare = await payer.key.sign(signed.receipt)
    expect(await problemOf(verifyReceipt(moemeshmarket.SignedReceipt.encode({ receipt: signed.receipt, signature: bare }).finish()))).toBe('BAD_SIGNATURE')
    const advertDomain = await payer.key.sign(new Uint8Array([...new TextEncoder().encode('moemesh/advert/v1\0'), ...signed.receipt]))
    expect(await problemOf(verifyReceipt(moemeshmarket.SignedReceipt.encode({ receipt: signed.receipt, signature: advertDomain }).finish()))).toBe('BAD_SIGNATURE')
    expect(receiptSigningPayload(signed.receipt).subarray(0, 19)).toEqual(new TextEncoder().encode('moemesh/receipt/v1\0'))
  })

  it('refuses malformed input without throwing anything else', async () => {
    expect(await problemOf(verifyReceipt(new Uint8Array(0)))).toBe('MALFORMED')
    expect(await problemOf(verifyReceipt(new Uint8Array(5000)))).toBe('MALFORMED')
    expect(await problemOf(verifyReceipt(new Uint8Array([0xff, 0xff, 0xff])))).toBe('MALFORMED')
    await expect(signReceipt(receiptData(payer.peerId, payee.peerId, 0, 1), payer.key)).rejects.toThrow(/seq/)
    await expect(signReceipt(receiptData(payer.peerId, payee.peerId, 1, 0.5), payer.key)).rejects.toThrow(/unit price/)
  })
})

describe('ReceiptBook', () => {
  it('issues a strictly increasing lane the payee accepts, and the payee refuses replays and lower receipts', async () => {
    const a = await side(payer)
    const b = await side(payee)
    for (let i = 0; i < 3; i++) b.ledger.recordEarned(payer.peerId, 2)
    const r1 = await a.book.issue(payee.peerId, call(2, 1))
    const r2 = await a.book.issue(payee.peerId, call(2, 2))
    const r3 = await a.book.issue(payee.peerId, call(2, 3))
    expect([r1, r2, r3].map((r) => [r.receipt.seq, r.receipt.cumulativeMicro])).toEqual([[1, 2e6], [2, 4e6], [3, 6e6]])

    expect(await b.book.accept(r2.bytes, payer.peerId)).toMatchObject({ status: 'ACCEPTED', seq: 2, cumulativeMicro: 4e6 })
    expect(b.ledger.debt(payer.peerId)).toBeCloseTo(2)
    // replay of the same receipt, and an older one that arrives late
    expect(await b.book.accept(r2.bytes, payer.peerId)).toMatchObject({ status: 'STALE', seq: 2 })
    expect(await b.book.accept(r1.bytes, payer.peerId)).toMatchObject({ status: 'STALE', seq: 2 })
    expect(await b.book.accept(r3.bytes, payer.peerId)).toMatchObject({ status: 'ACCEPTED', seq: 3, cumulativeMicro: 6e6 })
    expect(b.ledger.debt(payer.peerId)).toBeCloseTo(0)
    expect(b.ledger.view(payer.peerId)).toMatchObject({ earned: 6, paidIn: 6 })
    expect(a.ledger.view(payee.peerId)).toMatchObject({ paidOut: 6 })
  })

  it('refuses a higher seq that lowers the cumulative, and one that claims more than was served', async () => {
    const b = await side(payee)
    b.ledger.recordEarned(payer.peerId, 5)
    const ok = await signReceipt(receiptData(payer.peerId, payee.peerId, 2, 4), payer.key)
    expect((await b.book.accept(ok, payer.peerId)).status).toBe('ACCEPTED')
    const lower = await signReceipt(receiptData(payer.peerId, payee.peerId, 3, 3), payer.key)
    expect(await b.book.accept(lower, payer.peerId)).toMatchObject({ status: 'STALE', problem: 'STALE', seq: 2, cumulativeMicro: 4e6 })
    const tooMuch = await signReceipt(receiptData(payer.peerId, payee.peerId, 4, 50), payer.key)
    expect(await b.book.accept(tooMuch, payer.peerId)).toMatchObject({ status: 'INVALID', problem: 'OVERPAID' })
    expect(b.ledger.view(payer.peerId)?.paidIn).toBe(4)
  })

  it('stores nothing for a receipt that pays for nothing served, and caps the lanes one payer may open', async () => {
    const b = await side(payee)
    const unserved = await signReceipt(receiptData(payer.peerId, payee.peerId, 1, 1), payer.key)
    expect(await b.book.accept(unserved, payer.peerId)).toMatchObject({ status: 'INVALID', problem: 'UNSERVED' })
    expect(b.store.latestReceipts({ peerId: payer.peerId })).toEqual([])
    b.ledger.recordEarned(payer.peerId, 100)
    const zero = await signReceipt(receiptData(payer.peerId, payee.peerId, 1, 0, { lastCall: call(0, 1) }), payer.key)
    expect(await b.book.accept(zero, payer.peerId)).toMatchObject({ status: 'INVALID', problem: 'UNSERVED' })
    for (let lane = 1; lane <= MAX_LANES_PER_PAYER; lane++) {
      const r = await signReceipt(receiptData(payer.peerId, payee.peerId, 1, 1, { lane }), payer.key)
      expect((await b.book.accept(r, payer.peerId)).status).toBe('ACCEPTED')
    }
    const oneMore = await signReceipt(receiptData(payer.peerId, payee.peerId, 1, 1, { lane: MAX_LANES_PER_PAYER + 1 }), payer.key)
    expect(await b.book.accept(oneMore, payer.peerId)).toMatchObject({ status: 'INVALID', problem: 'TOO_MANY_LANES' })
    expect(b.store.latestReceipts({ peerId: payer.peerId }).length).toBe(MAX_LANES_PER_PAYER)
  })

  it('refuses receipts for another payee, from another sender, expired or from the future', async () => {
    const b = await side(payee)
    b.ledger.recordEarned(payer.peerId, 100)
    const now = Date.now()
    const cases: Array<[string, Uint8Array, string | undefined]> = [
      ['WRONG_PAYEE', await signReceipt(receiptData(payer.peerId, other.peerId, 1, 1), payer.key), payer.peerId],
      ['WRONG_SENDER', await signReceipt(receiptData(payer.peerId, payee.peerId, 1, 1), payer.key), other.peerId],
      ['EXPIRED', await signReceipt(receiptData(payer.peerId, payee.peerId, 1, 1, { issuedAt: now - 10_000, expiresAt: now - 1 }), payer.key), payer.peerId],
      ['FUTURE', await signReceipt(receiptData(payer.peerId, payee.peerId, 1, 1, { issuedAt: now + 3600_000, expiresAt: now + 7200_000 }), payer.key), payer.peerId]
    ]
    for (const [problem, bytes, from] of cases) expect(await b.book.accept(bytes, from)).toMatchObject({ status: 'INVALID', problem })
    expect(b.store.latestReceipts()).toHaveLength(0)
  })

  it('keeps refusing replays after the payee restarts, and the payer continues its lane after its restart', async () => {
    const aPath = await tempStorePath('payer')
    const bPath = await tempStorePath('payee')
    let a = await side(payer, aPath)
    let b = await side(payee, bPath)
    b.ledger.recordEarned(payer.peerId, 10)
    const sent = []
    for (let i = 1; i <= 4; i++) sent.push(await a.book.issue(payee.peerId, call(1, i)))
    for (const r of sent) expect((await b.book.accept(r.bytes, payer.peerId)).status).toBe('ACCEPTED')
    a.store.close()
    b.store.close()
    open.splice(0)

    a = await side(payer, aPath)
    b = await side(payee, bPath)
    for (const r of sent) expect((await b.book.accept(r.bytes, payer.peerId)).status).toBe('STALE')
    const next = await a.book.issue(payee.peerId, call(1, 5))
    expect(next.receipt).toMatchObject({ seq: 5, cumulativeMicro: 5e6, lane: sent[0].receipt.lane })
    expect((await b.book.accept(next.bytes, payer.peerId)).status).toBe('ACCEPTED')
    expect(b.ledger.view(payer.peerId)).toMatchObject({ earned: 10, paidIn: 5, debt: 5 })
  })
})

describe('checkReceipts (ledger verify)', () => {
  it('passes a consistent lane and flags a forged, an expired and a contradictory receipt', async () => {
    const good = [await signReceipt(receiptData(payer.peerId, payee.peerId, 1, 1), payer.key), await signReceipt(receiptData(payer.peerId, payee.peerId, 2, 3), payer.key)]
    expect((await checkReceipts(good)).map((c) => c.status)).toEqual(['valid', 'valid'])
    const forged = await signReceipt(receiptData(payer.peerId, payee.peerId, 3, 9), other.key)
    const now = Date.now()
    const expired = await signReceipt(receiptData(payer.peerId, payee.peerId, 1, 1, { lane: 9, issuedAt: now - 10, expiresAt: now - 1 }), payer.key)
    const contradicts = await signReceipt(receiptData(payer.peerId, payee.peerId, 5, 2), payer.key)
    const checks = await checkReceipts([...good, forged, expired, contradicts])
    expect(checks.map((c) => c.status)).toEqual(['valid', 'conflict', 'BAD_SIGNATURE', 'expired', 'conflict'])
  })
})
