/**
 * Measured quality over real daemons on 127.0.0.1: a match-everything liar captures queries until a validator
 * probes it, then gets none (and its peer's reputation drops); the validator's signed attestations reach a node
 * that validates nothing itself and change its routing too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SeededRandom } from '../../src/text/random.js'
import { liarExpert } from '../../scripts/bench/liar-expert.js'
import { buildTestEmbedder, knowsCard, startTestNode, stopTestNodes, tempDir, topicText, trainTopicExperts, waitFor, type TestNode } from '../helpers/network.js'

let artefacts: string
let nodes: TestNode[] = []
let validator: TestNode, honest: TestNode, liar: TestNode, bystander: TestNode

beforeAll(async () => {
  artefacts = await tempDir('validation')
  const embedderModel = buildTestEmbedder()
  const dirs = await trainTopicExperts(artefacts, embedderModel, ['animal', 'finance'])
  const rng = new SeededRandom(7)
  const probes: string[] = []
  for (const topic of ['animal', 'finance'] as const) {
    for (let i = 0; i < 20; i++) {
      const label = i % 2 === 0 ? 'low' : 'high'
      probes.push(JSON.stringify({ text: topicText(topic, label, rng), label: `${topic}-${label}` }))
    }
  }
  const probeFile = join(artefacts, 'probes.jsonl')
  await writeFile(probeFile, probes.join('\n') + '\n')
  honest = await startTestNode({ name: 'honest', embedderModel, experts: [dirs.animal, dirs.finance], config: { validate: false } })
  nodes.push(honest)
  const boot = honest.daemon.addrs()
  // the validator probes only when the test says so (a long interval), and attests every 300 ms
  validator = await startTestNode({ name: 'validator', embedderModel, experts: [], bootstrap: boot, config: { probes: [probeFile], validateIntervalMs: 3_600_000, attestPeriodMs: 300 } })
  liar = await startTestNode({ name: 'liar', embedderModel, experts: [], bootstrap: boot, config: { validate: false } })
  bystander = await startTestNode({ name: 'bystander', embedderModel, experts: [], bootstrap: boot, config: { validate: false } })
  nodes.push(validator, liar, bystander)
  await waitFor('the honest cards to reach the liar', () => liar.daemon.index.entries().filter(e => !e.local).length >= 2)
  liar.daemon.experts.host(liarExpert({ cards: liar.daemon.index.entries().filter(e => !e.local).map(e => e.card) }))
  for (const n of [validator, bystander]) {
    await waitFor(`every card to reach ${n.name}`, () => knowsCard(n, honest.daemon.peerId) && knowsCard(n, liar.daemon.peerId))
  }
}, 180_000)

afterAll(async () => {
  await stopTestNodes(nodes)
  nodes = []
  await rm(artefacts, { recursive: true, force: true })
})

async function capturedShare (node: TestNode, count: number, seed: number): Promise<{ captured: number, right: number }> {
  const rng = new SeededRandom(seed)
  let captured = 0
  let right = 0
  for (let i = 0; i < count; i++) {
    const topic = i % 2 === 0 ? 'animal' : 'finance'
    const label = i % 4 < 2 ? 'low' : 'high'
    const answer = await node.daemon.query({ text: topicText(topic, label, rng), timeoutMs: 20_000 })
    if (answer.experts.some(e => e.peer === liar.daemon.peerId && e.answer.label === answer.label)) captured++
    if (answer.label === `${topic}-${label}`) right++
  }
  return { captured: captured / count, right: right / count }
}

describe('measured quality across daemons', () => {
  it('a liar captures queries until validated, then is pushed out and its peer\'s reputation drops', async () => {
    const before = await capturedShare(validator, 6, 1)
    expect(before.captured).toBeGreaterThan(0.5)

    const v = validator.daemon.validator
    expect(v).toBeDefined()
    // probes are drawn at random: run them until every card has 3 results (each probe is one round trip)
    const scored = (): boolean => validator.daemon.networkExperts().every(e => (e.quality?.samples ?? 0) >= 3)
    for (let i = 0; i < 60 && !scored(); i++) await v?.runOnce()
    const liarCard = validator.daemon.index.entries().find(e => e.peerId === liar.daemon.peerId)?.card
    expect(liarCard).toBeDefined()
    if (liarCard === undefined) return
    expect(validator.daemon.quality.assess(liar.daemon.peerId, liarCard).state).toBe('distrusted')
    const view = validator.daemon.networkExperts()
    expect(view.find(e => e.peer === liar.daemon.peerId)?.quality?.state).toBe('distrusted')
    expect(view.filter(e => e.peer === honest.daemon.peerId).map(e => e.quality?.state)).toEqual(['scored', 'scored'])

    const after = await capturedShare(validator, 10, 2)
    expect(after.captured).toBe(0)
    expect(after.right).toBeGreaterThan(before.right)
    expect(validator.daemon.peerStats.reputation(liar.daemon.peerId)).toBeLessThan(validator.daemon.peerStats.reputation(honest.daemon.peerId))
  })

  it('the validator\'s attestations reach a node that validates nothing and change its routing', async () => {
    const liarCard = bystander.daemon.index.entries().find(e => e.peerId === liar.daemon.peerId)?.card
    if (liarCard === undefined) throw new Error('no liar card at the bystander')
    expect(bystander.daemon.validator).toBeUndefined()
    await waitFor('the attested scores to reach the bystander', () => bystander.daemon.quality.assess(liar.daemon.peerId, liarCard).state === 'distrusted', 30_000)
    const q = bystander.daemon.quality.assess(liar.daemon.peerId, liarCard)
    expect(q.own).toBeUndefined()
    expect(q.attested?.validators).toBe(1)
    const after = await capturedShare(bystander, 6, 3)
    expect(after.captured).toBe(0)
    expect(bystander.daemon.attest.getStats().reveals).toBeGreaterThan(0)
  })
})
