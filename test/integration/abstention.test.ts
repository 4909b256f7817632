/**
 * Competence routing across two daemons on 127.0.0.1: cards with (hand-made) gates, an in-domain query answered
 * by the right expert on the other node, and an out-of-domain one abstained, over the library and the HTTP API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rm } from 'node:fs/promises'
import { SeededRandom } from '../../src/text/random.js'
import { buildTestEmbedder, gateCards, knowsCard, startTestNode, stopTestNodes, tempDir, topicText, trainTopicExperts, waitFor, type TestNode } from '../helpers/network.js'

let artefacts: string
let nodes: TestNode[] = []
let stopGating: (() => void) | undefined

beforeAll(async () => {
  artefacts = await tempDir('abstention')
  const embedderModel = buildTestEmbedder()
  const dirs = await trainTopicExperts(artefacts, embedderModel, ['animal', 'finance'])
  const a = await startTestNode({ name: 'A', embedderModel, experts: [dirs.animal] })
  nodes.push(a)
  // B does not refresh its advert during the test, so the gate A holds for its card stays.
  const b = await startTestNode({ name: 'B', embedderModel, experts: [dirs.finance], bootstrap: a.daemon.addrs(), advertRefreshMs: 300_000, advertTtlMs: 600_000 })
  nodes.push(b)
  await waitFor('B\'s card to reach A', () => knowsCard(a, b.daemon.peerId))
  stopGating = gateCards(a, [b.daemon.peerId])
}, 120_000)

afterAll(async () => {
  stopGating?.()
  await stopTestNodes(nodes)
  nodes = []
  await rm(artefacts, { recursive: true, force: true })
})

describe('competence routing across two daemons', () => {
  it('answers an in-domain query from the competent expert on the other node', async () => {
    const [a, b] = nodes
    const text = topicText('finance', 'high', new SeededRandom(5))
    // a generous deadline: on a loaded machine a late remote answer would fail over to the other (wrong) expert
    const answer = await a.daemon.query({ text, timeoutMs: 20_000 })
    expect(answer.failed).toEqual([])
    expect(answer.abstained).toBe(false)
    expect(answer.strategy).toBe('competence')
    expect(answer.label).toBe('finance-high')
    expect(answer.experts[0]).toMatchObject({ peer: b.daemon.peerId, gated: true })
    expect(answer.experts[0].gateLogit).toBeGreaterThan(0)
    expect(answer.confidence).toBeGreaterThan(0)
    expect(answer.confidence).toBeLessThanOrEqual(1)
  })

  it('abstains on an out-of-domain query, and answers it when told not to abstain', async () => {
    const [a] = nodes
    const text = 'filler500 filler611 filler702 filler803 filler904'
    const answer = await a.daemon.query({ text })
    expect(answer).toMatchObject({ label: null, abstained: true, confidence: 0, experts: [] })
    expect(answer.reason).toMatch(/no expert in the network knows this/)
    expect(answer.nearest?.map((n) => n.name).sort()).toEqual(['animal-expert', 'finance-expert'])

    const forced = await a.daemon.query({ text, abstain: false, timeoutMs: 20_000 })
    expect(forced.abstained).toBe(false)
    expect(typeof forced.label).toBe('string')
  })

  it('serves an abstention over HTTP as 200 with "label": null', async () => {
    const [a] = nodes
    const res = await fetch(`http://${a.daemon.apiAddress}/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'filler500 filler611 filler702 filler803' }) })
    expect(res.status).toBe(200)
    const json = await res.json() as Record<string, any>
    expect(json).toMatchObject({ label: null, abstained: true, confidence: 0 })
    expect(typeof json.reason).toBe('string')
    expect(json.nearest[0]).toHaveProperty('gate_logit')

    // an explicit min_similarity no card reaches also abstains; a bad one is refused
    const strict = await fetch(`http://${a.daemon.apiAddress}/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: topicText('animal', 'low', new SeededRandom(2)), min_similarity: 0.9999 }) })
    expect(strict.status).toBe(200)
    expect(await strict.json()).toMatchObject({ label: null, abstained: true })
    const bad = await fetch(`http://${a.daemon.apiAddress}/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x', abstain: 'maybe' }) })
    expect(bad.status).toBe(400)
  })
})
