/**
 * A model someone already serves, offered on the network: node B hosts an HTTP expert (described from sample
 * queries, backed by a node:http model server this test runs) next to node A's ONNX expert, over real TCP on
 * 127.0.0.1. A query from A is routed to B's HTTP expert and answered with provenance; when the server
 * misbehaves, A sees that expert's failure as a wire code and B keeps serving.
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { describeExpert } from '../../src/experts/describe-expert.js'
import { Embedder } from '../../src/embed/embedder.js'
import { InProcessBackend } from '../../src/onnx/worker-backend.js'
import { QueryFailedError, type ExpertCallError } from '../../src/routing/errors.js'
import type { RoutedAnswer } from '../../src/routing/routed-answer.js'
import { SeededRandom } from '../../src/text/random.js'
import { sendDistribution, startModelServer, type ModelServer } from '../helpers/model-server.js'
import { buildTestEmbedder, knowsCard, startTestNode, stopTestNodes, tempDir, topicText, trainTopicExperts, waitFor, type TestNode } from '../helpers/network.js'

const JSON_HEADERS = { 'content-type': 'application/json' }
const LABELS = ['weather-low', 'weather-high']

let embedderModel: Uint8Array
let artefacts: string
let animalDir: string
let server: ModelServer
const nodes: TestNode[] = []

/** The served model: a keyword classifier. Topic words are `weather<letter><i>`; i < 12 is "low", else "high". */
function classify (text: string): number[] {
  let low = 0
  let high = 0
  for (const m of text.matchAll(/weather[a-z](\d+)/g)) {
    if (Number(m[1]) < 12) low++
    else high++
  }
  return [low + 0.1, high + 0.1]
}

/** The failed expert calls of a query, whether some other expert answered or the query failed as a whole. */
async function failuresOf (query: Promise<RoutedAnswer>): Promise<Array<{ expert: string, code: string, error: string }>> {
  try {
    return (await query).failed
  } catch (err) {
    if (!(err instanceof QueryFailedError)) throw err
    return (err.errors as ExpertCallError[]).map((e) => ({ expert: e.expertId, code: e.code, error: e.message }))
  }
}

async function describeWeather (name: string, options: { timeoutMs?: number } = {}): Promise<string> {
  const backend = new InProcessBackend()
  try {
    const embedder = await Embedder.fromModel(embedderModel, backend)
    const rng = new SeededRandom(3)
    const texts = Array.from({ length: 40 }, (_, i) => topicText('weather', i % 2 === 0 ? 'low' : 'high', rng))
    const outDir = join(artefacts, name)
    await describeExpert({ texts, embedder, outDir, name, labels: LABELS, url: server.url, centroids: 4, price: 1, timeoutMs: options.timeoutMs, description: 'weather, served over HTTP' })
    return outDir
  } finally {
    await backend.stop()
  }
}

beforeAll(async () => {
  artefacts = await tempDir('http-expert')
  embedderModel = buildTestEmbedder()
  animalDir = (await trainTopicExperts(artefacts, embedderModel, ['animal'])).animal
  server = await startModelServer((_req, res, body) => { sendDistribution(res, classify((JSON.parse(body) as { text: string }).text)) })
})
afterEach(async () => { await stopTestNodes(nodes.splice(0)) })
afterAll(async () => {
  await server.close()
  await rm(artefacts, { recursive: true, force: true })
})

describe('an HTTP expert on the network', () => {
  it('answers a query routed from another node, with provenance naming its peer and expert; failures come back as wire codes', async () => {
    const weatherDir = await describeWeather('weather-talk')
    const slowDir = await describeWeather('weather-slow', { timeoutMs: 300 })
    const a = await startTestNode({ name: 'A', embedderModel, experts: [animalDir] })
    nodes.push(a)
    const b = await startTestNode({ name: 'B', embedderModel, experts: [], bootstrap: a.daemon.addrs().filter((x) => x.includes('127.0.0.1')) })
    nodes.push(b)

    // B starts offering the served model at run time, as `moemesh expert add <dir>` does
    const res = await fetch(`http://${b.daemon.apiAddress}/v1/experts`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ dir: weatherDir }) })
    expect(res.status).toBe(201)
    const added = (await res.json()) as { expert: string, name: string, input_kind: string, labels: string[] }
    expect(added).toMatchObject({ name: 'weather-talk', labels: LABELS, input_kind: 'text' })
    const weatherId = added.expert
    await waitFor('B\'s HTTP expert card to reach A', () => knowsCard(a, b.daemon.peerId, weatherId))

    const rng = new SeededRandom(8)
    const text = topicText('weather', 'high', rng)
    const answer = await a.daemon.query({ text, k: 1 })
    expect(answer.label).toBe('weather-high')
    expect(answer.experts).toHaveLength(1)
    expect(answer.experts[0]).toMatchObject({ peer: b.daemon.peerId, expert: weatherId, name: 'weather-talk', price: 1 })
    expect(answer.experts[0].answer.label).toBe('weather-high')
    // the model server got exactly the query text, and no vector (inputKind "text")
    expect(server.requests.map((r) => JSON.parse(r.body))).toEqual([{ text }])

    // the ONNX expert on A still answers its own topic, next to the HTTP one
    const animal = await a.daemon.query({ text: topicText('animal', 'low', rng), k: 1 })
    expect(animal.experts[0]).toMatchObject({ peer: a.daemon.peerId, name: 'animal-expert' })

    // the server answers nonsense: B reports INTERNAL for that expert, A falls back or fails, B keeps serving
    server.setHandler((_req, res) => { sendDistribution(res, [1, 2, 3]) })
    const broken = await failuresOf(a.daemon.query({ text: topicText('weather', 'low', rng), k: 1 }))
    expect(broken).toContainEqual(expect.objectContaining({ expert: weatherId, code: 'EXPERT_ERROR', error: expect.stringMatching(/INTERNAL/) }))

    // a server slower than serving.timeoutMs: DEADLINE_EXCEEDED crosses the wire
    const slow = await b.daemon.addExpert(slowDir)
    await b.daemon.removeExpert('weather-talk')
    await waitFor('the slow expert to replace the first at A', () => knowsCard(a, b.daemon.peerId, slow.expert) && !knowsCard(a, b.daemon.peerId, weatherId))
    server.setHandler(() => { /* never answers */ })
    const late = await failuresOf(a.daemon.query({ text: topicText('weather', 'low', rng), k: 1 }))
    expect(late).toContainEqual(expect.objectContaining({ expert: slow.expert, code: 'EXPERT_ERROR', error: expect.stringMatching(/DEADLINE_EXCEEDED/) }))

    // and once the server answers again, so does the expert
    server.setHandler((_req, r, body) => { sendDistribution(r, classify((JSON.parse(body) as { text: string }).text)) })
    const back = await a.daemon.query({ text: topicText('weather', 'low', rng), k: 1 })
    expect(back.label).toBe('weather-low')
    expect(back.experts[0]).toMatchObject({ peer: b.daemon.peerId, expert: slow.expert })
  })
})
