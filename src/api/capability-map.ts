/**
 * The capability map the dashboard draws: every card's centroids projected onto the two principal axes of the
 * shared embedding space, plus the last query routed by this node, projected the same way. The projection is
 * fitted on the centroids themselves (deterministic power-iteration PCA, see `pca.ts`); the map is cached until the
 * capability index changes, and the PCA until the centroids it was fitted on change.
 */
import type { IndexChange, IndexEntry } from '../routing/capability-index.js'
import type { RoutedAnswer } from '../routing/routed-answer.js'
import { positiveInt } from '../options.js'
import { principalAxes, project, type Pca } from './pca.js'

/** The part of the capability index the map reads. */
export interface MapSource {
  entries: () => IndexEntry[]
  onChange: (listener: (change: IndexChange) => void) => () => void
}

/** One centroid on the map. */
export interface MapPoint {
  expertId: string
  name: string
  peerId: string
  x: number
  y: number
}

/** One card on the map: the mean of its centroids' positions. */
export interface MapCard extends MapPoint {
  /** True for the node's own experts. */
  local: boolean
  /** How many centroids the card has (its points in `points`). */
  centroids: number
}

/** An expert the last query was routed to (or, when the network abstained, one of the nearest it considered). */
export interface MapRoute {
  expertId: string
  peerId: string
  name: string
  /** The router's score (routed) or the card's similarity to the query (nearest). */
  score: number
}

/** The last query this node routed, on the map. */
export interface MapQuery {
  /** The query text, cut to {@link MAX_MAP_QUERY_CHARS} characters. */
  text: string
  /** Wall-clock ms when it was answered. */
  at: number
  x: number
  y: number
  /** The answer, or null when the network abstained. */
  label: string | null
  abstained: boolean
  /** The experts that answered, best first. */
  routed: MapRoute[]
  /** When abstained: the nearest cards the router considered. */
  nearest: MapRoute[]
}

/** What `GET /v1/map` answers. */
export interface CapabilityMapView {
  spaceId: string
  dim: number
  /** Share of the space's variance (over the centroids) each axis shows, 0..1. */
  explained: number[]
  /** Every centroid of every card shown. */
  points: MapPoint[]
  /** One mark per card. */
  cards: MapCard[]
  /** True when the index holds more cards than the map shows. */
  truncated: boolean
  lastQuery: MapQuery | null
}

/** Longest query text the map keeps for display. */
export const MAX_MAP_QUERY_CHARS = 200

/** Options of {@link CapabilityMap}. */
export interface CapabilityMapInit {
  /** Most cards drawn (a page with more SVG marks than this stops being readable or fast). @default 5000 */
  maxCards?: number
  /** Most centroids the PCA is fitted on (an even, deterministic sample beyond it). @default 1024 */
  maxFitPoints?: number
}

interface Fitted {
  pca: Pca
  points: MapPoint[]
  cards: MapCard[]
  truncated: boolean
}

interface NotedQuery {
  text: string
  at: number
  vector: Float64Array
  answer: RoutedAnswer
}

const round = (v: number): number => Math.round(v * 1e5) / 1e5

/** FNV-1a over the bits of the rows: the PCA is refitted only when the centroids it was fitted on changed. */
function fingerprint (rows: readonly Float64Array[]): string {
  let h = 0x811c9dc5
  for (const r of rows) {
    const words = new Uint32Array(r.buffer, r.byteOffset, r.length * 2)
    for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193)
    h = Math.imul(h ^ 0xff, 0x01000193)
  }
  return `${rows.length}:${(h >>> 0).toString(16)}`
}

function unit (v: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(v as ArrayLike<number>)
  let n = 0
  for (let j = 0; j < out.length; j++) n += out[j] * out[j]
  n = Math.sqrt(n)
  if (n > 0) for (let j = 0; j < out.length; j++) out[j] /= n
  return out
}

/**
 * Projects the capability index onto a plane for people to look at. Call {@link view} for the current map,
 * {@link noteQuery} after each routed query, and {@link stop} to unsubscribe from the index.
 */
export class CapabilityMap {
  private readonly source: MapSource
  private readonly spaceId: string
  private readonly dim: number
  private readonly maxCards: number
  private readonly maxFitPoints: number
  private fitted?: Fitted
  /** The last PCA and what it was fitted on: a card's load or price changing does not move the axes. */
  private pca?: { key: string, pca: Pca }
  private last?: NotedQuery
  private readonly unsubscribe: () => void

  constructor (components: { index: MapSource, spaceId: string, dim: number }, init: CapabilityMapInit = {}) {
    this.source = components.index
    this.spaceId = components.spaceId
    this.dim = components.dim
    this.maxCards = positiveInt('maxCards', init.maxCards, 5000)
    this.maxFitPoints = positiveInt('maxFitPoints', init.maxFitPoints, 1024)
    this.unsubscribe = this.source.onChange(() => { this.fitted = undefined })
  }

  /** Remember the last routed query (its embedding and where it went) so the map can show it. */
  noteQuery (text: string, vector: Float32Array, answer: RoutedAnswer): void {
    if (vector.length !== this.dim) return
    this.last = { text: text.slice(0, MAX_MAP_QUERY_CHARS), at: Date.now(), vector: unit(vector), answer }
  }

  /** The map now: cached projection of the cards, and the last query projected with it. */
  view (): CapabilityMapView {
    const fitted = this.fitted ?? this.fit()
    return {
      spaceId: this.spaceId,
      dim: this.dim,
      explained: fitted.pca.variance.map((v) => round(fitted.pca.totalVariance > 0 ? v / fitted.pca.totalVariance : 0)),
      points: fitted.points,
      cards: fitted.cards,
      truncated: fitted.truncated,
      lastQuery: this.last === undefined ? null : this.queryView(this.last, fitted.pca)
    }
  }

  /** Stop following the index. */
  stop (): void {
    this.unsubscribe()
  }

  private queryView (q: NotedQuery, pca: Pca): MapQuery {
    const [x = 0, y = 0] = project(pca, q.vector)
    const a = q.answer
    return {
      text: q.text,
      at: q.at,
      x: round(x),
      y: round(y),
      label: a.label,
      abstained: a.abstained,
      routed: a.experts.map((e) => ({ expertId: e.expert, peerId: e.peer, name: e.name, score: round(e.score) })),
      nearest: (a.nearest ?? []).map((e) => ({ expertId: e.expert, peerId: e.peer, name: e.name, score: round(e.similarity) }))
    }
  }

  private fit (): Fitted {
    // A stable order (peer, then expert), so the same cards give the same map whatever order they arrived in.
    const all = this.source.entries()
      .filter((e) => e.card.spaceId === this.spaceId && e.card.dim === this.dim)
      .sort((a, b) => a.peerId < b.peerId ? -1 : a.peerId > b.peerId ? 1 : a.expertId < b.expertId ? -1 : a.expertId > b.expertId ? 1 : 0)
    const entries = all.slice(0, this.maxCards)
    const rows: Float64Array[] = []
    const owner: number[] = []
    entries.forEach((e, i) => {
      for (const c of e.card.centroids) {
        rows.push(unit(c))
        owner.push(i)
      }
    })
    // Beyond maxFitPoints, fit on an even sample (every (n / max)-th centroid): the axes barely move, the cost is bounded.
    const sample = rows.length <= this.maxFitPoints
      ? rows
      : Array.from({ length: this.maxFitPoints }, (_, k) => rows[Math.floor(k * rows.length / this.maxFitPoints)])
    const key = fingerprint(sample)
    if (this.pca?.key !== key) this.pca = { key, pca: principalAxes(sample, this.dim, { components: 2 }) }
    const pca = this.pca.pca
    const points: MapPoint[] = []
    const sums = entries.map(() => ({ x: 0, y: 0, n: 0 }))
    rows.forEach((r, i) => {
      const [x, y] = project(pca, r)
      const e = entries[owner[i]]
      points.push({ expertId: e.expertId, name: e.card.name, peerId: e.peerId, x: round(x), y: round(y) })
      const s = sums[owner[i]]
      s.x += x
      s.y += y
      s.n++
    })
    const cards = entries.map((e, i) => ({
      expertId: e.expertId,
      name: e.card.name,
      peerId: e.peerId,
      local: e.local,
      centroids: sums[i].n,
      x: round(sums[i].x / sums[i].n),
      y: round(sums[i].y / sums[i].n)
    }))
    this.fitted = { pca, points, cards, truncated: all.length > entries.length }
    return this.fitted
  }
}
