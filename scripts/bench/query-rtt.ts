/**
 * Query protocol round trip on loopback TCP: a reused stream versus a new stream per query.
 * Prints a table and writes JSON (bench-results/query-rtt.json unless --out is given).
 *
 *   npx tsx scripts/bench/query-rtt.ts [--queries 500] [--out path.json]
 */
import '../../src/polyfill.js'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { QueryClient } from '../../src/net/query-client.js'
import { createTestNode } from '../../test/helpers/libp2p-nodes.js'
import { QueryServer } from '../../src/net/query-server.js'

const { values } = parseArgs({
  options: {
    queries: { type: 'string', default: '500' },
    out: { type: 'string', default: 'bench-results/query-rtt.json' }
  }
})
const queries = Number(values.queries)

function percentile (sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
}

const expertId = 'ab'.repeat(32)
const [serverNode, clientNode] = await Promise.all([createTestNode(), createTestNode()])
const server = new QueryServer({
  node: serverNode,
  handler: async (request) => request.expertIds.map(id => ({ expertId: id, distribution: new Float32Array(10).fill(0.1), latencyMs: 0, price: 0 }))
})
await server.start()
await clientNode.peerStore.merge(serverNode.peerId, { multiaddrs: serverNode.getMultiaddrs() })
await clientNode.dial(serverNode.peerId)

const request = { text: 'a short query about herons and egrets', vector: new Float32Array(164).fill(0.05), spaceId: 'cd'.repeat(32), expertIds: [expertId], maxPrice: 1 }
const rows: Array<{ mode: string, queries: number, p50: number, p90: number, p99: number, mean: number, streamsOpened: number }> = []

for (const mode of ['reused stream', 'new stream per query'] as const) {
  const client = new QueryClient({ node: clientNode }, { reuseStreams: mode === 'reused stream' })
  await client.start()
  for (let i = 0; i < 50; i++) await client.query(serverNode.peerId, request, { timeoutMs: 5000 }) // warm-up
  const before = client.getStats().streamsOpened
  const times: number[] = []
  for (let i = 0; i < queries; i++) {
    const { rttMs } = await client.query(serverNode.peerId, request, { timeoutMs: 5000 })
    times.push(rttMs)
  }
  const streamsOpened = client.getStats().streamsOpened - before
  await client.stop()
  times.sort((a, b) => a - b)
  const mean = times.reduce((s, t) => s + t, 0) / times.length
  rows.push({ mode, queries, p50: percentile(times, 0.5), p90: percentile(times, 0.9), p99: percentile(times, 0.99), mean, streamsOpened })
}

await server.stop()
for (const n of [clientNode, serverNode]) for (const c of n.getConnections()) c.abort(new Error('bench done'))
await Promise.all([clientNode.stop(), serverNode.stop()])

const table = [
  '| mode | queries | p50 ms | p90 ms | p99 ms | mean ms | streams opened |',
  '|---|---|---|---|---|---|---|',
  ...rows.map(r => `| ${r.mode} | ${r.queries} | ${r.p50.toFixed(3)} | ${r.p90.toFixed(3)} | ${r.p99.toFixed(3)} | ${r.mean.toFixed(3)} | ${r.streamsOpened} |`)
].join('\n')
process.stdout.write(`query round trip on loopback TCP (noise + yamux), node ${process.version}\n${table}\n`)
await mkdir(dirname(values.out), { recursive: true })
await writeFile(values.out, JSON.stringify({ node: process.version, date: new Date().toISOString(), rows }, null, 2))
