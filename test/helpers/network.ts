/**
 * A small moemesh network for integration tests: a synthetic shared embedding space (topic-clustered word
 * vectors, built through the real embedder builder), experts trained by the real trainer, and real daemons on
 * 127.0.0.1 TCP. Everything is started and stopped by the tests.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Daemon, type DaemonOptions } from '../../src/node/daemon.js'
import { validateConfig, type NodeConfig } from '../../src/node/config.js'
import { buildEmbedderModel } from '../../src/embed/embedder-model.js'
import { defaultSettings } from '../../src/embed/tokenizer.js'
import { Embedder } from '../../src/embed/embedder.js'
import type { WordVectors } from '../../src/embed/glove-source.js'
import { InProcessBackend } from '../../src/onnx/worker-backend.js'
import { trainExpert } from '../../src/experts/train-expert.js'
import { SeededRandom } from '../../src/text/random.js'
import type { CardData, CardGate } from '../../src/net/advert-types.js'

export { waitFor } from './wait-for.js'

/** Topics of the synthetic space; each expert knows one topic, with two labels made of disjoint word halves. */
export const TOPICS = ['animal', 'finance', 'sport', 'weather'] as const
export type Topic = typeof TOPICS[number]
const WORDS_PER_TOPIC = 24
const DIM = 32

function topicWord (topic: string, i: number): string {
  return `${topic}${String.fromCharCode(97 + (i % 26))}${i}`
}

/** Word vectors where each topic's words sit around the topic's own random direction. */
export function topicVectors (seed = 11): WordVectors {
  const rng = new SeededRandom(seed)
  const words: string[] = ['the', 'a', 'of']
  for (const t of TOPICS) for (let i = 0; i < WORDS_PER_TOPIC; i++) words.push(topicWord(t, i))
  while (words.length < 1000) words.push(`filler${words.length}`)
  const vectors = new Float32Array(words.length * DIM)
  const centers = TOPICS.map(() => Float32Array.from({ length: DIM }, () => rng.normal()))
  words.forEach((w, r) => {
    const t = TOPICS.findIndex((topic) => w.startsWith(topic))
    for (let d = 0; d < DIM; d++) vectors[r * DIM + d] = (t >= 0 ? centers[t][d] : 0) + 0.35 * rng.normal()
  })
  return { source: 'synthetic-topics@1', sourceSize: 4000, words, dim: DIM, vectors }
}

/** Model bytes of the synthetic embedder (deterministic). */
export function buildTestEmbedder (): Uint8Array {
  const v = topicVectors()
  return buildEmbedderModel(v, defaultSettings(v.source, v.sourceSize, v.dim, { vocabSize: v.words.length, removedComponents: 0 }))
}

/** A text of `topic` whose label is `${topic}-low` or `${topic}-high` (which half of the topic's words it uses). */
export function topicText (topic: Topic, label: 'low' | 'high', rng: SeededRandom, words = 6): string {
  const half = WORDS_PER_TOPIC / 2
  const out: string[] = []
  for (let i = 0; i < words; i++) out.push(topicWord(topic, (label === 'low' ? 0 : half) + rng.int(half)))
  return `the ${out.join(' ')}`
}

/** Train one expert per topic into `dir/<topic>`; returns the package folders. */
export async function trainTopicExperts (dir: string, embedderModel: Uint8Array, topics: readonly Topic[] = TOPICS): Promise<Record<Topic, string>> {
  const backend = new InProcessBackend()
  try {
    const embedder = await Embedder.fromModel(embedderModel, backend)
    const out: Partial<Record<Topic, string>> = {}
    for (const topic of topics) {
      const rng = new SeededRandom(topic.length * 97)
      const examples = Array.from({ length: 120 }, (_, i) => {
        const label = i % 2 === 0 ? 'low' : 'high'
        return { text: topicText(topic, label, rng), label: `${topic}-${label}` }
      })
      const outDir = join(dir, topic)
      // No gate: these tests pin other behaviour (sync, failover, protocol); gates and abstention are tested with
      // hand-made gates (gateCards) so a 4% in-domain abstain cut cannot make them flaky.
      await trainExpert({ examples, embedder, outDir, name: `${topic}-expert`, description: `knows ${topic}`, inputKind: 'both', centroids: 4, backend, price: 1, gate: false })
      out[topic] = outDir
    }
    return out as Record<Topic, string>
  } finally {
    await backend.stop()
  }
}

/** A running test node with its temp data dir. */
export interface TestNode {
  name: string
  daemon: Daemon
  dataDir: string
}

/** Options for {@link startTestNode}. */
export interface TestNodeInit extends DaemonOptions {
  name: string
  embedderModel: Uint8Array
  experts: string[]
  bootstrap?: string[]
  queryTimeoutMs?: number
  /** Folders experts may be added from at run time. @default [the node's data dir, the OS temp dir] (tests train into temp dirs) */
  expertsRoots?: string[]
  /** @default 'topic' */
  discovery?: NodeConfig['discovery']
  /** Other config fields (validation, probes, attestation period). @default {} */
  config?: Partial<NodeConfig>
}

/** Start a daemon on 127.0.0.1 (random ports, mdns off) in a fresh temp data dir. */
export async function startTestNode (init: TestNodeInit): Promise<TestNode> {
  const dataDir = await mkdtemp(join(tmpdir(), `moemesh-test-${init.name}-`))
  const config = validateConfig({
    dataDir,
    listen: ['/ip4/127.0.0.1/tcp/0'],
    bootstrap: init.bootstrap ?? [],
    api: '127.0.0.1:0',
    mdns: false,
    experts: init.experts,
    expertsRoots: init.expertsRoots ?? [dataDir, tmpdir()],
    zoo: false,
    queryTimeoutMs: init.queryTimeoutMs ?? 3000,
    ...(init.discovery === undefined ? {} : { discovery: init.discovery }),
    ...init.config
  })
  const { name, experts: _e, bootstrap: _b, queryTimeoutMs: _q, expertsRoots: _r, discovery: _d, config: _c, ...options } = init
  const daemon = await Daemon.start(config, { backendMode: 'in-process', advertRefreshMs: 1_000, ...options })
  return { name, daemon, dataDir }
}

/** Stop nodes (best effort) and remove their data dirs. */
export async function stopTestNodes (nodes: TestNode[]): Promise<void> {
  await Promise.allSettled(nodes.map(async (n) => { await n.daemon.stop() }))
  await Promise.allSettled(nodes.map(async (n) => { await rm(n.dataDir, { recursive: true, force: true }) }))
}

/** True when `node`'s index holds a card of `expertId` served by `peerId`. */
export function knowsCard (node: TestNode, peerId: string, expertId?: string): boolean {
  return node.daemon.index.entries().some((e) => e.peerId === peerId && (expertId == null || e.expertId === expertId))
}

/** A temp dir for test artefacts. */
export async function tempDir (prefix: string): Promise<string> {
  return await mkdtemp(join(tmpdir(), `moemesh-${prefix}-`))
}

/**
 * A hand-made gate for a card (what its owner would advertise): the direction of the card's mean centroid, int8,
 * with `logit = 10 * cos(query, direction) - 5` and the cut at `abstainBelow` (default 0: cosine 0.5).
 */
export function handMadeGate (card: CardData, abstainBelow = 0): CardGate {
  const mean = new Float32Array(card.dim)
  for (const c of card.centroids) for (let j = 0; j < card.dim; j++) mean[j] += c[j]
  let norm = 0
  for (const x of mean) norm += x * x
  norm = Math.sqrt(norm)
  let max = 0
  for (const x of mean) max = Math.max(max, Math.abs(x / norm))
  const weights = Int8Array.from(mean, (x) => Math.round((x / norm) * 127 / max))
  return { weights, scale: 10 * max / 127, bias: -5, abstainBelow }
}

/**
 * Gives `node`'s own cards, and the cards it holds from `peers`, hand-made gates (as if their owners advertised
 * them): its own through the index's local cards, each remote peer's through a newer advert of the same cards,
 * again whenever a later advert of that peer (a refresh, a sync relay) brings them back without a gate.
 * Returns the function that stops re-gating.
 */
export function gateCards (node: TestNode, peers: string[]): () => void {
  const index = node.daemon.index
  const own = index.entries().filter((e) => e.local)
  index.setLocal(node.daemon.peerId, own.map((e) => ({ ...e.card, gate: handMadeGate(e.card) })))
  const regate = (peer: string): void => {
    const entries = index.entries().filter((e) => e.peerId === peer)
    if (entries.length === 0 || entries.every((e) => e.card.gate !== undefined)) return
    const { seqno, expiresAt, addrs } = entries[0]
    index.applyAdvert({ peerId: peer, seqno: seqno + 1, expiresAt, addrs: [...addrs], spaceId: entries[0].card.spaceId, cards: entries.map((e) => ({ ...e.card, gate: e.card.gate ?? handMadeGate(e.card) })) })
  }
  for (const peer of peers) {
    if (!index.entries().some((e) => e.peerId === peer)) throw new Error(`no cards of ${peer} at ${node.name}`)
    regate(peer)
  }
  return index.onChange((change) => { if (peers.includes(change.peerId)) regate(change.peerId) })
}
