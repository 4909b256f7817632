/**
 * `discovery: 'cells'` (`moemesh start --discovery cells`) across three daemons on 127.0.0.1 with the DHT: C hosts
 * an expert in cells A does not hold, so A does not learn its card from gossip; A's query looks the query's cells
 * up in the DHT, fetches C's signed card and is routed to C's expert.
 */
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellCid } from '../../src/discovery/cell-topics.js'
import type { Codebook } from '../../src/discovery/codebook.js'
import { PROBE_CELLS } from '../../src/discovery/constants.js'
import { codebookForSpace } from '../../src/node/cell-discovery-wiring.js'
import { SeededRandom } from '../../src/text/random.js'
import { buildTestEmbedder, knowsCard, startTestNode, stopTestNodes, tempDir, topicText, trainTopicExperts, waitFor, type TestNode, type Topic } from '../helpers/network.js'

const TOPICS: Topic[] = ['finance', 'sport']
let artefacts: string
let embedderModel: Uint8Array
let nodes: TestNode[] = []

beforeAll(async () => {
  artefacts = await tempDir('discovery-cells')
  embedderModel = buildTestEmbedder()
  const dirs = await trainTopicExperts(artefacts, embedderModel, TOPICS)
  const b = await startTestNode({ name: 'B', embedderModel, experts: [], discovery: 'cells' })
  nodes.push(b)
  const c = await startTestNode({ name: 'C', embedderModel, experts: TOPICS.map((t) => dirs[t]), bootstrap: b.daemon.addrs(), discovery: 'cells' })
  nodes.push(c)
  const a = await startTestNode({ name: 'A', embedderModel, experts: [], bootstrap: b.daemon.addrs(), discovery: 'cells' })
  nodes.push(a)
}, 120_000)

afterAll(async () => {
  await stopTestNodes(nodes)
  nodes = []
  await rm(artefacts, { recursive: true, force: true })
})

describe('cell discovery in the daemon', () => {
  it('routes a query to an expert whose card the node learns only through the DHT lookup', async () => {
    const [, c, a] = nodes
    const codebook: Codebook = await codebookForSpace(a.dataDir, a.daemon.embedder.spaceId, embedderModel)
    // a query whose probed cells include a cell of one of C's cards that A does not hold (A's home cells are
    // picked from its random peer id, so try each topic and a few texts)
    let chosen: { text: string, expertId: string, name: string, cell: number } | undefined
    for (const topic of TOPICS) {
      const card = c.daemon.experts.cards().find((k) => k.name === `${topic}-expert`)
      if (card == null) throw new Error(`C hosts no ${topic}-expert`)
      const cardCells = codebook.cellsOf(card.centroids)
      if (cardCells.some((cell) => a.daemon.cells?.holds(cell) === true)) continue
      for (let seed = 1; seed < 20 && chosen == null; seed++) {
        const text = topicText(topic, 'high', new SeededRandom(seed))
        const [vector] = await a.daemon.embedder.embed([text])
        const cell = codebook.nearest(vector, PROBE_CELLS).find((p) => cardCells.includes(p))
        if (cell !== undefined) chosen = { text, expertId: card.expertId, name: card.name, cell }
      }
      if (chosen != null) break
    }
    if (chosen == null) throw new Error('no query probes a cell of C\'s cards that A does not hold')
    const { text, expertId, name, cell } = chosen

    // C announced the card's cell in the DHT (providers), but A never received the card
    await waitFor('C to provide the card\'s cell in the DHT', async () => {
      try {
        for await (const p of a.daemon.libp2p.contentRouting.findProviders(cellCid(codebook, cell), { signal: AbortSignal.timeout(1000) })) {
          if (p.id.toString() === c.daemon.peerId) return true
        }
      } catch {}
      return false
    }, 20_000, 200)
    expect(a.daemon.cells?.holds(cell)).toBe(false)
    expect(knowsCard(a, c.daemon.peerId, expertId)).toBe(false)

    const answer = await a.daemon.query({ text, k: 1, timeoutMs: 20_000 })
    expect(answer.failed).toEqual([])
    expect(answer.experts[0]).toMatchObject({ peer: c.daemon.peerId, expert: expertId, name })
    expect(answer.label).toMatch(new RegExp(`^${name.replace('-expert', '')}-`))
    expect(knowsCard(a, c.daemon.peerId, expertId)).toBe(true)
    // the asked cell is held now (a query cell): later changes of C's card there reach A by gossip
    expect(a.daemon.cells?.holds(cell)).toBe(true)
  }, 60_000)

  it('refuses cells discovery with the DHT off, in one line naming the option', async () => {
    await expect(startTestNode({ name: 'D', embedderModel, experts: [], discovery: 'cells', dht: false }))
      .rejects.toThrow(/^discovery: cells discovery looks cells up in the DHT, which is off; turn the DHT on or use --discovery topic$/)
  })
})
