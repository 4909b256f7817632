/**
 * Zero acknowledged receipts lost or replayable after `kill -9`: a payee process (the real store and receipt
 * acceptance) takes a stream of receipts from three payers and is SIGKILLed at a random moment; the reopened
 * store holds every receipt it had acknowledged, and every one of them is refused when replayed.
 */
import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { afterAll, describe, expect, it } from 'vitest'
import { Ledger } from '../../src/market/ledger.js'
import { ReceiptBook } from '../../src/market/receipt-book.js'
import { MarketStore } from '../../src/market/store.js'
import { call, identity, openSide, tempStorePath, type MarketSide } from '../helpers/receipts.js'

const SINK = join(import.meta.dirname, '..', 'helpers', 'receipt-sink.ts')
const cleanup: string[] = []
afterAll(async () => { for (const d of cleanup) await rm(d, { recursive: true, force: true }) })

describe('receipts under kill -9', () => {
  it('loses no acknowledged receipt and lets none be replayed', async () => {
    const payee = await identity()
    const payers: MarketSide[] = []
    for (let i = 0; i < 3; i++) {
      const path = await tempStorePath(`payer${i}`)
      cleanup.push(dirname(path))
      payers.push(openSide(path, await identity()))
    }
    const sinkPath = await tempStorePath('sink')
    cleanup.push(dirname(sinkPath))

    const child = spawn(process.execPath, ['--import', 'tsx', SINK, sinkPath], {
      env: { ...process.env, MOEMESH_TEST_KEY: Buffer.from(privateKeyToProtobuf(payee.key)).toString('base64') },
      stdio: ['pipe', 'pipe', 'inherit']
    })
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => { resolve(signal) }))
    child.stdin.on('error', () => {}) // the pipe breaks when the child dies mid-write
    const sent = new Map<string, Uint8Array>() // `${payer} ${seq}` -> bytes
    const acked: Array<{ payer: string, seq: number, status: string }> = []
    let ready!: () => void
    const isReady = new Promise<void>((resolve) => { ready = resolve })
    let inFlight = 0
    let wake: (() => void) | undefined
    // kill at a random moment 100-600 ms after the first acknowledgement (the stream is flowing by then)
    const killAfter = 100 + Math.floor(Math.random() * 500)
    let killer: ReturnType<typeof setTimeout> | undefined
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'READY') { ready(); return }
      killer ??= setTimeout(() => { child.kill('SIGKILL') }, killAfter)
      const [, payer, seq, status] = line.split(' ')
      acked.push({ payer, seq: Number(seq), status })
      inFlight--
      wake?.()
    })
    await isReady

    let n = 0
    let dead = false
    void exited.then(() => { dead = true; wake?.() })
    while (!dead) {
      // up to 16 receipts in flight, so some are written but not yet acknowledged when the kill lands
      while (inFlight >= 16 && !dead) await new Promise<void>((resolve) => { wake = resolve })
      if (dead) break
      const p = payers[n % payers.length]
      const issued = await p.book.issue(payee.peerId, call(1 + (n % 3), n))
      sent.set(`${p.id.peerId} ${issued.receipt.seq}`, issued.bytes)
      inFlight++
      n++
      child.stdin.write(Buffer.from(issued.bytes).toString('base64') + '\n')
    }
    clearTimeout(killer)
    expect(await exited).toBe('SIGKILL')
    const accepted = acked.filter((a) => a.status === 'ACCEPTED')
    expect(accepted.length).toBeGreaterThan(0) // the kill landed mid-stream, not before it started
    expect(n).toBeGreaterThanOrEqual(accepted.length)

    // reopen what the killed process left behind
    const store = MarketStore.open(sinkPath)
    const ledger = new Ledger({ store, refillPerSec: 0 })
    const book = new ReceiptBook({ store, ledger, privateKey: payee.key, peerId: payee.peerId })
    const history = new Set(store.receiptHistory(100_000).map((r) => `${r.peerId} ${r.seq}`))
    let lost = 0
    let replayable = 0
    for (const a of accepted) {
      const lane = store.receipt('in', a.payer, payers[0].book.lane) ?? store.latestReceipts({ peerId: a.payer })[0]
      if (lane === undefined || lane.seq < a.seq || !history.has(`${a.payer} ${a.seq}`)) lost++
      const verdict = await book.accept(sent.get(`${a.payer} ${a.seq}`) as Uint8Array, a.payer)
      if (verdict.status === 'ACCEPTED') replayable++
    }
    expect({ acknowledged: accepted.length, lost, replayable }).toEqual({ acknowledged: accepted.length, lost: 0, replayable: 0 })
    // the books agree with the receipts that survived: what each payer's newest receipt says it paid
    for (const p of payers) {
      const newest = store.latestReceipts({ peerId: p.id.peerId })[0]
      if (newest !== undefined) expect(ledger.paidInMicro(p.id.peerId)).toBe(newest.cumulativeMicro)
    }
    store.close()
    for (const p of payers) p.store.close()
  }, 60_000)
})
