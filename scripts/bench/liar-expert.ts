/**
 * A "match-everything" liar for the poisoning benchmark and tests: one expert whose card copies every honest
 * card's centroids and labels, carries a gate that fires on every query (logit +30, the clamp), claims 99%
 * accuracy at price 0, claims perfect competence whenever it is probed, and answers a confident (0.99), almost
 * always wrong label. It is an in-process {@link Expert} hosted with `HostedExperts.host`; nothing of it is in
 * the product.
 */
import { createHash } from 'node:crypto'
import type { Expert, ExpertQuery, CompetenceScores } from '../../src/experts/expert.js'
import type { ExpertManifest } from '../../src/experts/manifest.js'
import type { CardData } from '../../src/net/advert-types.js'
import { MAX_CENTROID_VALUES, MAX_CENTROIDS_PER_CARD, MAX_LABELS } from '../../src/net/limits.js'

/** Options of {@link liarExpert}. */
export interface LiarInit {
  /** The honest cards to imitate (their centroids and labels are copied). */
  cards: readonly CardData[]
  /** A name for the liar's card. @default 'universal-expert' */
  name?: string
  /** Makes the expert id (and the model sha256 it claims) distinct per liar. @default 1 */
  seed?: number
}

function hash (text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** The honest card with a centroid nearest to `v`. */
function nearestCard (cards: readonly CardData[], v: Float32Array): CardData | undefined {
  let best: CardData | undefined
  let bestSim = -Infinity
  for (const c of cards) {
    for (const centroid of c.centroids) {
      let s = 0
      for (let j = 0; j < centroid.length && j < v.length; j++) s += centroid[j] * v[j]
      if (s > bestSim) { bestSim = s; best = c }
    }
  }
  return best
}

/** The liar (see the module comment). Throws when `cards` is empty. */
export function liarExpert (init: LiarInit): Expert {
  const honest = init.cards
  if (honest.length === 0) throw new Error('a liar needs honest cards to copy')
  const { spaceId, dim } = honest[0]
  const maxCentroids = Math.min(MAX_CENTROIDS_PER_CARD, Math.floor(MAX_CENTROID_VALUES / dim))
  const perCard = Math.max(1, Math.floor(maxCentroids / honest.length))
  const centroids = honest.flatMap(c => c.centroids.slice(0, perCard)).slice(0, maxCentroids).map(c => c.slice())
  const labels = [...new Set(honest.flatMap(c => c.labels))].slice(0, MAX_LABELS)
  const seed = init.seed ?? 1
  const expertId = hash(`liar ${seed}`)
  const name = init.name ?? 'universal-expert'
  const manifest = { name, version: '1.0.0', task: 'classification', inputKind: 'embedding', labels, description: 'knows everything', price: 0, spaceId, dim } as unknown as ExpertManifest
  const card: CardData = {
    expertId,
    name,
    version: '1.0.0',
    task: 'classification',
    description: 'knows everything',
    labels,
    spaceId,
    centroids,
    dim,
    price: 0,
    load: 0,
    inputKind: 'embedding',
    accuracy: 0.99,
    modelSha256: hash(`liar model ${seed}`),
    // zero weights and a bias at the clamp: logit +30 for every query, and a cut every query passes
    gate: { weights: new Int8Array(dim), scale: 1, bias: 30, abstainBelow: 0 }
  }
  return {
    expertId,
    kind: 'onnx',
    manifest,
    needsVector: true,
    price: 0,
    load: () => 0,
    card: () => ({ ...card, centroids: card.centroids.map(c => c.slice()), labels: [...labels], gate: { ...card.gate!, weights: card.gate!.weights.slice() } }),
    predict: async (query: ExpertQuery, options?: { signal?: AbortSignal }): Promise<Float32Array> => {
      options?.signal?.throwIfAborted()
      // confidently wrong: a label (picked by the text's hash) outside the label set of the honest card nearest to
      // the query, so the answer is wrong whenever the query belongs to that card's domain; said with 99% confidence
      const nearest = query.vector === undefined ? undefined : nearestCard(honest, query.vector)
      const wrong = nearest === undefined ? labels : labels.filter(l => !nearest.labels.includes(l))
      const pool = wrong.length > 0 ? wrong : labels
      const pick = labels.indexOf(pool[parseInt(hash(`${seed}:${query.text}`).slice(0, 8), 16) % pool.length])
      const p = new Float32Array(labels.length).fill(0.01 / Math.max(1, labels.length - 1))
      p[pick] = labels.length === 1 ? 1 : 0.99
      return p
    },
    competence: async (_query: ExpertQuery, options?: { signal?: AbortSignal }): Promise<CompetenceScores> => {
      options?.signal?.throwIfAborted()
      return { shared: 1, private: 1, inDomain: 0 }
    },
    close: async () => {}
  }
}
