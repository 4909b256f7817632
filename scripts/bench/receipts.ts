/**
 * What signed receipts cost. Two parts:
 *
 * 1. In-process, per operation (no network): the payer's `issue` (sign + durable write), the payee's `accept`
 *    (verify + checks + durable commit), and their parts alone (Ed25519 sign, verify, the SQLite commit), plus the
 *    ledger write every priced answer costs the serving node.
 * 2. Over loopback TCP with real daemons: node B hosts a priced copy of one zoo expert; client node A1 pays with
 *    receipts, A2 has receipts off; the same texts go from both, interleaved, so the difference in routed-query
 *    latency is what receipts add to the query path. A1's receipt exchange (issue, send, B verifies, stores and
 *    acknowledges) is timed too.
 *
 *   npm run bench:receipts [-- --json FILE] [--ops N] [--queries N] [--expert ID]
 *
 * Needs the embedder and zoo in the data dir ($MOEMESH_HOME or ~/.moemesh).
 */
import '../../src/polyfill.js'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { out, table } from '../../src/cli/output.js'
import { ensureEmbedder } from '../../src/embed/space.js'
import { Ledger } from '../../src/market/ledger.js'
import { answerHash, requestHash, signReceipt, toMicro, verifyReceipt, type CallData } from '../../src/market/receipt.js'
import { ReceiptBook } from '../../src/market/receipt-book.js'
import { MarketStore } from '../../src/market/store.js'
import { ReceiptProtocol } from '../../src/net/receipt-protocol.js'
import { defaultDataDir, validateConfig } from '../../src/node/config.js'
import { Daemon } from '../../src/node/daemon.js'
import { LEDGER_WRITE_BEHIND_MS } from '../../src/node/node-market.js'
import { SeededRandom } from '../../src/text/random.js'

interface Cli { json?: string, ops: number, queries: number, expert: string }

function usage (message: string): never {
  out.error(`bench:receipts: ${message}`)
  out.error('usage: npm run bench:receipts [-- --json FILE] [--ops N] [--queries N] [--expert ID]')
  process.exit(2)
}

function parseCli (): Cli {
  let values: Record<string, string | undefined>
  try {
    values = parseArgs({ options: { json: { type: 'string' }, ops: { type: 'string', default: '3000' }, queries: { type: 'string', default: '400' }, expert: { type: 'string', default: 'email-spam' } } }).values
  } catch (err) {
    usage((err as Error).message)
  }
  const ops = Number(values.ops)
  const queries = Number(values.queries)
  if (!Number.isInteger(ops) || ops < 100 || ops > 1_000_000) usage(`--ops must be an integer from 100 to 1000000, got "${String(values.ops)}"`)
  if (!Number.isInteger(queries) || queries < 0 || queries > 100_000) usage(`--queries must be an integer from 0 to 100000, got "${String(values.queries)}"`)
  return { json: values.json, ops, queries, expert: values.expert as string }
}

interface Stats { n: number, p50: number, p99: number, mean: number }

function stats (samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b)
  const at = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]
  return { n: s.length, p50: at(0.5), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length) }
}

async function time<T> (samples: number[], fn: () => Promise<T> | T): Promise<T> {
  const t = performance.now()
  const r = await fn()
  samples.push(performance.now() - t)
  return r
}

/** Part 1: in-process costs of each step. */
async function micro (root: string, ops: number): Promise<Record<string, Stats>> {
  const payerKey = await generateKeyPair('Ed25519')
  const payeeKey = await generateKeyPair('Ed25519')
  const payer = peerIdFromPrivateKey(payerKey).toString()
  const payee = peerIdFromPrivateKey(payeeKey).toString()
  const aStore = MarketStore.open(join(root, 'a.sqlite'), { autoCheckpoint: false })
  const bStore = MarketStore.open(join(root, 'b.sqlite'), { autoCheckpoint: false })
  const aLedger = new Ledger({ store: aStore })
  // as a node runs it: per-answer bookings written behind in batches, payments at once
  const bLedger = new Ledger({ store: bStore, writeBehindMs: LEDGER_WRITE_BEHIND_MS })
  const a = new ReceiptBook({ store: aStore, ledger: aLedger, privateKey: payerKey, peerId: payer })
  const b = new ReceiptBook({ store: bStore, ledger: bLedger, privateKey: payeeKey, peerId: payee })
  const expertId = 'ab'.repeat(32)
  const vector = new Float32Array(164).map((_, i) => Math.sin(i))
  const s: Record<string, number[]> = { issue: [], accept: [], sign: [], verify: [], commit: [], earned: [], hashes: [] }
  const now = Date.now()
  for (let i = 0; i < ops; i++) {
    let c: CallData | undefined
    await time(s.hashes, () => {
      c = { queryId: new Uint8Array(16).fill(i % 256), expertId, unitPriceMicro: toMicro(0.01), requestHash: requestHash('space', `text ${i}`, vector), answerHash: answerHash(expertId, [0.2, 0.8]) }
    })
    await time(s.earned, () => { bLedger.recordEarned(payer, 0.01) })
    const issued = await time(s.issue, async () => await a.issue(payee, c as CallData))
    const verdict = await time(s.accept, async () => await b.accept(issued.bytes, payer))
    if (verdict.status !== 'ACCEPTED') throw new Error(`receipt ${i} was ${verdict.status}: ${verdict.message ?? ''}`)
    // the parts alone
    const bytes = await time(s.sign, async () => await signReceipt({ ...issued.receipt, seq: issued.receipt.seq }, payerKey))
    await time(s.verify, async () => await verifyReceipt(bytes))
    await time(s.commit, () => {
      bStore.transaction(() => { bStore.putReceipt({ direction: 'in', peerId: 'bench', lane: 1, seq: i + 1, cumulativeMicro: i, signed: bytes, at: now }) })
    })
    if (i % 1000 === 999) { aStore.checkpoint(); bStore.checkpoint() }
  }
  aStore.close()
  bStore.close()
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, stats(v)]))
}

/** Part 2: real daemons on loopback. */
interface NetworkResult { routedOn: Stats, routedOff: Stats, exchange: Stats, note: Record<string, number | undefined> }

async function network (root: string, cli: Cli): Promise<NetworkResult> {
  const dataDir = defaultDataDir()
  const { bytes: embedderModel } = await ensureEmbedder(dataDir, {})
  const zooDir = join(dataDir, 'zoo')
  const index = JSON.parse(await readFile(join(zooDir, 'zoo.json'), 'utf8')) as { experts: Array<{ id: string, dir: string }> }
  const entry = index.experts.find((e) => e.id === cli.expert)
  if (entry === undefined) usage(`no zoo expert "${cli.expert}" in ${zooDir}`)
  const expertDir = join(root, 'expert')
  await cp(join(zooDir, entry.dir), expertDir, { recursive: true })
  const manifestPath = join(expertDir, 'expert.json')
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { price: number }
  // a small price: with receipts off, A2's unpaid debt stays under the credit limit for the whole run
  manifest.price = 0.01
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n')

  const daemons: Daemon[] = []
  const start = async (name: string, experts: string[], bootstrap: string[], receipts: boolean): Promise<Daemon> => {
    const config = validateConfig({ dataDir: join(root, name), listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap, api: '127.0.0.1:0', mdns: false, experts, zoo: false, k: 1, strategy: 'top1', queryTimeoutMs: 5_000 })
    const d = await Daemon.start(config, { embedderModel, backendMode: 'worker', advertRefreshMs: 3_000, advertTtlMs: 9_000, receipts })
    daemons.push(d)
    return d
  }
  try {
    const b = await start('b', [expertDir], [], true)
    const boot = [b.addrs().find((x) => x.startsWith('/ip4/127.0.0.1/tcp/')) ?? b.addrs()[0]]
    const on = await start('a-receipts', [], boot, true)
    const off = await start('a-no-receipts', [], boot, false)
    const deadline = Date.now() + 30_000
    while (!(on.index.entries().some((e) => e.peerId === b.peerId) && off.index.entries().some((e) => e.peerId === b.peerId))) {
      if (Date.now() > deadline) throw new Error('the clients never learnt B\'s card')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const lines = (await readFile(join(zooDir, 'testsets', `${entry.id}.jsonl`), 'utf8')).split('\n').filter((l) => l.trim() !== '')
    const texts = new SeededRandom(7).shuffle(lines.map((l) => (JSON.parse(l) as { text: string }).text)).slice(0, 64)
    const s: Record<string, number[]> = { routedOn: [], routedOff: [], exchange: [] }
    const ask = async (d: Daemon, i: number, into?: number[]): Promise<void> => {
      const t = performance.now()
      const a = await d.query({ text: texts[i % texts.length], k: 1, strategy: 'top1', abstain: false })
      if (a.experts[0]?.peer !== b.peerId) throw new Error(`query ${i} was not answered by B (failed: ${a.failed.map((f) => f.code).join(', ')})`)
      into?.push(performance.now() - t)
    }
    for (let i = 0; i < 30; i++) { await ask(on, i); await ask(off, i) }
    for (let i = 0; i < cli.queries; i++) {
      // alternate which goes first, so neither always meets B busy with the other's receipt
      if (i % 2 === 0) { await ask(on, i, s.routedOn); await ask(off, i, s.routedOff) } else { await ask(off, i, s.routedOff); await ask(on, i, s.routedOn) }
    }
    await on.market.flush({ signal: AbortSignal.timeout(10_000) })
    const paidOn = on.ledger.view(b.peerId)
    const seenByB = b.ledger.view(on.peerId)
    // the whole exchange from A1: issue (sign + store), send, B verifies + commits, ack back
    const sender = new ReceiptProtocol({ node: on.libp2p })
    await sender.start()
    const expertId = on.index.entries().find((e) => e.peerId === b.peerId)?.card.expertId as string
    for (let i = 0; i < Math.min(500, Math.max(50, cli.queries)); i++) {
      b.ledger.recordEarned(on.peerId, 0.01) // as if B had answered once more
      await time(s.exchange, async () => {
        const issued = await on.market.book.issue(b.peerId, { queryId: new Uint8Array(16), expertId, unitPriceMicro: toMicro(0.01), requestHash: new Uint8Array(32), answerHash: new Uint8Array(32) })
        const ack = await sender.send(b.peerId, issued.bytes)
        if (ack.status !== 'ACCEPTED') throw new Error(`exchange ${i}: ${ack.status}`)
      })
    }
    await sender.stop()
    return { routedOn: stats(s.routedOn), routedOff: stats(s.routedOff), exchange: stats(s.exchange), note: { payerPaidOut: paidOn?.paidOut, payeePaidIn: seenByB?.paidIn, payeeEarned: seenByB?.earned, offDebtAtB: b.ledger.view(off.peerId)?.debt } }
  } finally {
    for (const d of daemons.reverse()) await d.stop().catch(() => {})
  }
}

async function main (): Promise<void> {
  const cli = parseCli()
  const root = await mkdtemp(join(tmpdir(), 'moemesh-bench-receipts-'))
  try {
    out.info(`in-process: ${cli.ops} receipts (node ${process.version})`)
    const m = await micro(root, cli.ops)
    const f = (x: number): string => x.toFixed(4)
    const rows: Array<[string, string, Stats]> = [
      ['payer: issue', 'sign + durable write of the new lane state', m.issue],
      ['payee: accept', 'verify + checks + durable commit (receipt, account)', m.accept],
      ['  sign', 'Ed25519 over the domain-separated receipt', m.sign],
      ['  verify', 'decode + Ed25519 verify', m.verify],
      ['  commit', 'one SQLite transaction (WAL, synchronous=NORMAL)', m.commit],
      ['  hashes', 'request + answer sha256 and ids', m.hashes],
      ['serving: book earned', 'ledger booking per priced answer (on the query path; written behind)', m.earned]
    ]
    let net: Awaited<ReturnType<typeof network>> | undefined
    if (cli.queries > 0) {
      out.info(`loopback: ${cli.queries} routed queries from each of two clients (receipts on / off), then the receipt exchange alone`)
      net = await network(root, cli)
      rows.push(
        ['routed, receipts on', 'Daemon.query A1 -> B, A1 pays with receipts', net.routedOn],
        ['routed, receipts off', 'Daemon.query A2 -> B, no receipts', net.routedOff],
        ['exchange', 'issue + send + B verifies/commits + ack (TCP)', net.exchange]
      )
    }
    out.line(table(['step', 'what is timed', 'n', 'p50 ms', 'p99 ms', 'mean ms'], rows.map(([a, b, s]) => [a, b, s.n, f(s.p50), f(s.p99), f(s.mean)])))
    const onPath = m.hashes.p50 + m.earned.p50
    out.line(`\non the query path (p50): the serving node's ledger booking ${f(m.earned.p50)} ms; the payer's receipt is issued after the answer is handed to the router`)
    out.line(`receipt work per paid answer, off the query path (p50): issue ${f(m.issue.p50)} + accept ${f(m.accept.p50)} = ${f(m.issue.p50 + m.accept.p50)} ms of CPU split over the two nodes`)
    if (net !== undefined) out.line(`routed p50 with receipts on - off: ${f(net.routedOn.p50 - net.routedOff.p50)} ms; books after the run: ${JSON.stringify(net.note)}`)
    if (cli.json != null) {
      await writeFile(cli.json, JSON.stringify({
        node: process.version,
        micro: m,
        network: net ?? null,
        query_path_p50_ms: onPath,
        added_routed_p50_ms: net !== undefined ? net.routedOn.p50 - net.routedOff.p50 : null
      }, null, 2) + '\n')
      out.info(`wrote ${cli.json}`)
    }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

main().catch((err) => {
  out.error(`bench:receipts: ${(err as Error).stack ?? String(err)}`)
  process.exit(1)
})
