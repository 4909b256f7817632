/**
 * Signed receipts between two real daemons on 127.0.0.1: a client-only node pays a priced expert's node for every
 * answer; both nodes' books agree; a replayed or lower receipt is refused over the wire; the payee's balances and
 * its refusal of replays survive a restart; `GET /v1/ledger` and `moemesh ledger verify` show and check them.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rm } from 'node:fs/promises'
import { Daemon } from '../../src/node/daemon.js'
import { signReceipt, toMicro } from '../../src/market/receipt.js'
import { ReceiptProtocol } from '../../src/net/receipt-protocol.js'
import { loadIdentity } from '../../src/net/identity.js'
import { IDENTITY_FILE } from '../../src/node/daemon.js'
import { SeededRandom } from '../../src/text/random.js'
import { buildTestEmbedder, knowsCard, startTestNode, stopTestNodes, tempDir, topicText, trainTopicExperts, waitFor, type TestNode, type Topic } from '../helpers/network.js'
import { runCli } from '../helpers/cli.js'
import { call } from '../helpers/receipts.js'

const embedderModel = buildTestEmbedder()
let work: string
let dirs: Record<Topic, string>
const nodes: TestNode[] = []

beforeAll(async () => {
  work = await tempDir('receipts')
  dirs = await trainTopicExperts(join(work, 'trained'), embedderModel, ['finance'])
}, 60_000)
afterAll(async () => {
  await stopTestNodes(nodes)
  await rm(work, { recursive: true, force: true })
})

describe('receipts between two daemons', () => {
  it('pays every answer with a receipt, both books agree, replays are refused, and it all survives a restart', async () => {
    const server = await startTestNode({ name: 'payee', embedderModel, experts: [dirs.finance] })
    nodes.push(server)
    const client = await startTestNode({ name: 'payer', embedderModel, experts: [], bootstrap: server.daemon.addrs().filter((a) => a.includes('127.0.0.1')) })
    nodes.push(client)
    await waitFor('the priced card', () => knowsCard(client, server.daemon.peerId), 10_000)
    const payee = server.daemon.peerId
    const payer = client.daemon.peerId

    const rng = new SeededRandom(5)
    const N = 30
    for (let i = 0; i < N; i++) {
      const a = await client.daemon.query({ text: topicText('finance', i % 2 === 0 ? 'low' : 'high', rng), k: 1 })
      expect(a.experts[0].peer).toBe(payee)
    }
    await client.daemon.market.flush({ signal: AbortSignal.timeout(10_000) })

    // both sides: N answers at 1 credit, all paid by receipts, nothing owed
    expect(server.daemon.ledger.view(payer)).toMatchObject({ earned: N, queriesServed: N, paidIn: N, debt: 0, throttled: false })
    expect(client.daemon.ledger.view(payee)).toMatchObject({ spent: N, queriesBought: N, paidOut: N })
    const inbound = server.daemon.market.store.receipt('in', payer, client.daemon.market.book.lane)
    const outbound = client.daemon.market.store.receipt('out', payee, client.daemon.market.book.lane)
    expect(inbound).toMatchObject({ seq: N, cumulativeMicro: toMicro(N) })
    expect(outbound).toMatchObject({ seq: N, cumulativeMicro: toMicro(N) })
    expect(Buffer.from(inbound?.signed ?? []).equals(Buffer.from(outbound?.signed ?? []))).toBe(true)

    // the same through the API
    const ledgerJson = await (await fetch(`http://${server.daemon.apiAddress}/v1/ledger`)).json() as { accounts: Array<Record<string, unknown>>, receipts: Array<Record<string, unknown>> }
    expect(ledgerJson.accounts.find((a) => a.peer === payer)).toMatchObject({ earned: N, paid_in: N, debt: 0 })
    expect(ledgerJson.receipts.find((r) => r.direction === 'in' && r.peer === payer)).toMatchObject({ seq: N, cumulative: N })

    // a payer replaying its old receipts over the wire: the latest, an older one, and a higher seq with a lower amount
    const sender = new ReceiptProtocol({ node: client.daemon.libp2p })
    await sender.start()
    const history = client.daemon.market.store.receiptHistory().filter((r) => r.direction === 'out')
    const older = history.find((r) => r.seq === 3)
    expect(older).toBeDefined()
    expect(await sender.send(payee, outbound?.signed as Uint8Array)).toMatchObject({ status: 'STALE', seq: N })
    expect(await sender.send(payee, older?.signed as Uint8Array)).toMatchObject({ status: 'STALE', seq: N })
    const key = await loadIdentity(join(client.dataDir, IDENTITY_FILE))
    const now = Date.now()
    const lower = await signReceipt({ payer, payee, lane: client.daemon.market.book.lane, seq: N + 1, cumulativeMicro: toMicro(N - 5), lastCall: call(1), issuedAt: now, expiresAt: now + 60_000 }, key)
    expect(await sender.send(payee, lower)).toMatchObject({ status: 'STALE', seq: N, cumulativeMicro: toMicro(N) })
    expect(server.daemon.ledger.view(payer)).toMatchObject({ paidIn: N, debt: 0 })

    // offline check of the payee's export, and of a tampered copy
    const file = join(work, 'ledger.json')
    await writeFile(file, JSON.stringify(ledgerJson))
    const ok = await runCli('ledger', 'verify', file)
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/1 of 1 receipts verify/)
    const tampered = join(work, 'tampered.json')
    const sig = Buffer.from(String(ledgerJson.receipts[0].signed), 'base64')
    sig[20] ^= 0x40
    await writeFile(tampered, JSON.stringify({ receipts: [{ signed: sig.toString('base64') }] }))
    const bad = await runCli('ledger', 'verify', tampered)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/do not verify/)

    // restart the payee: balances are back, and the replay is still refused
    const config = server.daemon.config
    await server.daemon.stop()
    const again = await Daemon.start(config, { backendMode: 'in-process', embedderModel })
    nodes.push({ ...server, daemon: again })
    expect(again.ledger.view(payer)).toMatchObject({ earned: N, paidIn: N, debt: 0 })
    await client.daemon.libp2p.dial(multiaddr(again.addrs().find((a) => a.includes('127.0.0.1')) as string))
    expect(await sender.send(payee, outbound?.signed as Uint8Array)).toMatchObject({ status: 'STALE', seq: N })
    await sender.stop()
  }, 120_000)
})
