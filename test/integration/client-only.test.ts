/**
 * A client-only node (no experts of its own) that has used up its free allowance at the serving nodes: free
 * experts still answer every query; a priced one answers with a true PAYMENT_REQUIRED error, not a timeout.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SeededRandom } from '../../src/text/random.js'
import { buildTestEmbedder, knowsCard, startTestNode, stopTestNodes, tempDir, topicText, trainTopicExperts, waitFor, type TestNode, type Topic } from '../helpers/network.js'

const embedderModel = buildTestEmbedder()
let work: string
let dirs: Record<Topic, string>
let freeAnimal: string
const nodes: TestNode[] = []

beforeAll(async () => {
  work = await tempDir('client-only')
  dirs = await trainTopicExperts(join(work, 'trained'), embedderModel, ['animal', 'finance'])
  freeAnimal = join(work, 'free-animal')
  await cp(dirs.animal, freeAnimal, { recursive: true })
  const manifest = JSON.parse(await readFile(join(freeAnimal, 'expert.json'), 'utf8'))
  await writeFile(join(freeAnimal, 'expert.json'), JSON.stringify({ ...manifest, price: 0 }, null, 2))
}, 60_000)
afterAll(async () => {
  await stopTestNodes(nodes)
  await rm(work, { recursive: true, force: true })
})

describe('a client-only node past its free allowance', () => {
  it('gets PAYMENT_REQUIRED (HTTP 402) from a priced expert, and every one of 1000 queries to a free expert answered', async () => {
    const client = await startTestNode({ name: 'client', embedderModel, experts: [] })
    nodes.push(client)
    const boot = client.daemon.addrs().filter((a) => a.includes('127.0.0.1'))
    const priced = await startTestNode({ name: 'priced', embedderModel, experts: [dirs.finance], bootstrap: boot })
    nodes.push(priced)
    await waitFor('the priced card', () => knowsCard(client, priced.daemon.peerId), 10_000)
    // the client has consumed far more than its free allowance from the serving node
    priced.daemon.ledger.recordEarned(client.daemon.peerId, 100_000)
    const rng = new SeededRandom(3)
    const res = await fetch(`http://${client.daemon.apiAddress}/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: topicText('finance', 'high', rng), k: 1 }) })
    const body = await res.json() as { error: { code: string, message: string } }
    expect(res.status).toBe(402)
    expect(body.error.code).toBe('PAYMENT_REQUIRED')
    expect(body.error.message).toMatch(/free allowance/)
    expect(body.error.message).not.toMatch(/longer timeout/)

    const free = await startTestNode({ name: 'free', embedderModel, experts: [freeAnimal], bootstrap: boot })
    nodes.push(free)
    await waitFor('the free card', () => knowsCard(client, free.daemon.peerId), 10_000)
    free.daemon.ledger.recordEarned(client.daemon.peerId, 100_000)
    let answered = 0
    const N = 1000
    for (let i = 0; i < N; i++) {
      const a = await client.daemon.query({ text: topicText('animal', i % 2 === 0 ? 'high' : 'low', rng), k: 1 }).catch(() => undefined)
      if (a?.experts[0]?.peer === free.daemon.peerId) answered++
    }
    expect(answered).toBe(N)
  }, 120_000)
})
