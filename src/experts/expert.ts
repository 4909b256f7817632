/**
 * The one interface every expert backend implements, and the node layer uses: an ONNX package run on this
 * node's inference backend ({@link LocalExpert}), or a model someone already serves over HTTP ({@link HttpExpert}).
 * The node hosts, routes to and advertises experts only through it.
 */
import type { CardData, CardGate } from '../net/advert-types.js'
import { temper } from './calibration.js'
import { competenceScore, type CompetenceData } from './competence.js'
import { InvalidExpertQueryError } from './errors.js'
import type { ExpertManifest } from './manifest.js'
import type { PrivateCompetence } from './private-competence.js'
import type { FeatureConfig, PackedFeatures } from './features.js'

/**
 * An expert's competence for one query, computed by its owner from its own private data (issue 7).
 */
export interface CompetenceScores {
  /** Mean cosine of the 10 nearest own training inputs to the query embedding, in the shared space (~-1..1). */
  shared: number
  /** kw: mean cosine of the 10 nearest own training texts in word 1-2-gram space (~0..1); absent without private data. */
  private?: number
  /** ln p_c + ln p_w, conformal p-values against the owner's held-out inputs (<= 0); absent without private data. */
  inDomain?: number
}

/**
 * Longest query text accepted, in UTF-16 code units. Featurizing reads at most the first 20,000 characters
 * (normalizeText); anything far longer is a mistake or an attack, refused before any work.
 */
export const MAX_QUERY_TEXT_CHARS = 100_000

/** A query for one expert: the text, and its embedding in the expert's space (required when `needsVector`). */
export interface ExpertQuery {
  text: string
  /** The query embedding, `manifest.dim` long, in `manifest.spaceId`. */
  vector?: Float32Array
}

/** Where an expert runs: model.onnx on this node's inference backend, or a model server over HTTP. */
export type ExpertKind = 'onnx' | 'http'

/**
 * An expert this node can host: identity, what it is (the manifest), what it costs, and a way to ask it.
 *
 * @example
 * ```ts
 * const expert: Expert = await openExpert('experts/sentiment', { backend, spaceId: embedder.spaceId, dim: embedder.dim })
 * const vector = expert.needsVector ? (await embedder.embed([text]))[0] : undefined
 * const p = await expert.predict({ text, vector }, { signal: AbortSignal.timeout(2_000) })
 * const best = expert.manifest.labels[p.indexOf(Math.max(...p))]
 * await expert.close()
 * ```
 */
export interface Expert {
  /**
   * Hex sha256 naming the expert on the network: of model.onnx for an ONNX expert; of the canonical expert.json
   * and capability.bin for an HTTP expert (so it changes when the endpoint, labels or vectors change).
   */
  readonly expertId: string
  /** Where it runs. */
  readonly kind: ExpertKind
  /** The validated expert.json: name, labels (in answer order), description, price, input kind, space, ... */
  readonly manifest: ExpertManifest
  /** Whether {@link predict} needs `query.vector` (the query's embedding in `manifest.spaceId`). */
  readonly needsVector: boolean
  /** Credits per answered query. */
  readonly price: number
  /** 0 (idle) .. 1 (full): how close the next query is to being refused with OverloadedError. */
  load: () => number
  /** The expert as advertised: identity, labels, capability vectors, price, current load, self-reported accuracy. */
  card: () => CardData
  /**
   * Classifies one query: probabilities aligned with `manifest.labels`, finite, summing to 1.
   * @throws {InvalidExpertQueryError} when the text or a needed vector is malformed or missing.
   * @throws {OverloadedError} at once when the expert is full.
   * @throws the signal's reason when aborted before the answer is in; backend-specific typed errors otherwise.
   */
  predict: (query: ExpertQuery, options?: { signal?: AbortSignal }) => Promise<Float32Array>
  /**
   * How competent the expert is for the query, from its owner's private data: the mean cosine of the 10 nearest
   * of its own training inputs to `query.vector` (needs the vector, whatever the input kind) and, when the
   * package has private n-gram data, the kNN score of `query.text` over its own texts and the in-domain score.
   * Runs no model and costs nothing. Undefined when the package holds no competence data.
   * @throws {InvalidExpertQueryError} when the expert has competence data and the text or vector is malformed.
   */
  competence: (query: ExpertQuery, options?: { signal?: AbortSignal }) => Promise<CompetenceScores | undefined>
  /** Stops taking queries, fails or aborts the ones in flight, and frees what the expert holds. Idempotent. */
  close: () => Promise<void>
}

/**
 * Checks a query for an expert: a text within {@link MAX_QUERY_TEXT_CHARS}; when `needsVector`, a finite
 * Float32Array of `manifest.dim` values. Returns the vector the expert should read (undefined when it reads none).
 * @throws {InvalidExpertQueryError} naming what is wrong.
 */
export function checkExpertQuery (query: ExpertQuery, manifest: ExpertManifest, needsVector: boolean): Float32Array | undefined {
  if (query == null || typeof query.text !== 'string') throw new InvalidExpertQueryError('the query needs a text string')
  if (query.text.length > MAX_QUERY_TEXT_CHARS) {
    throw new InvalidExpertQueryError(`the query text is ${query.text.length} characters; the limit is ${MAX_QUERY_TEXT_CHARS}`)
  }
  if (!needsVector) return undefined
  const v = query.vector
  if (!(v instanceof Float32Array)) {
    throw new InvalidExpertQueryError(`expert ${manifest.name} reads the query embedding: send a vector of dim ${manifest.dim} in space ${manifest.spaceId.slice(0, 12)}…`)
  }
  if (v.length !== manifest.dim) throw new InvalidExpertQueryError(`the query vector has ${v.length} values but expert ${manifest.name} needs dim ${manifest.dim}`)
  for (let j = 0; j < v.length; j++) {
    if (!Number.isFinite(v[j])) throw new InvalidExpertQueryError(`the query vector holds a non-finite value at ${j}`)
  }
  return v
}

/** The card of an expert from its package parts, its current load and the input kind the wire knows. */
export function expertCard (parts: { expertId: string, manifest: ExpertManifest, centroids: Float32Array[], gate?: CardGate, modelSha256?: string }, load: number, inputKind: CardData['inputKind']): CardData {
  const m = parts.manifest
  return {
    expertId: parts.expertId,
    name: m.name,
    version: m.version,
    task: m.task,
    description: m.description,
    labels: [...m.labels],
    spaceId: m.spaceId,
    centroids: parts.centroids.map((c) => c.slice()),
    dim: m.dim,
    price: m.price,
    load,
    inputKind,
    accuracy: m.metrics?.heldOutAccuracy ?? 0,
    ...(parts.modelSha256 !== undefined ? { modelSha256: parts.modelSha256 } : {}),
    ...(parts.gate != null ? { gate: { ...parts.gate, weights: parts.gate.weights.slice() } } : {})
  }
}

/**
 * An answer scaled by the expert's fitted temperature (`manifest.temperature`, default 1), so that the
 * distributions of different experts compare; T = 1 returns `probs` unchanged.
 */
export function temperedAnswer (probs: Float32Array, manifest: ExpertManifest): Float32Array {
  const t = manifest.temperature ?? 1
  return t === 1 ? probs : Float32Array.from(temper(probs, t))
}

/**
 * The competence of a package for a query (see {@link Expert.competence}); undefined without competence data.
 * `priv` is the package's private data opened by the expert ({@link PrivateCompetence.open}).
 */
export function packageCompetence (data: CompetenceData | undefined, priv: PrivateCompetence | undefined, query: ExpertQuery, manifest: ExpertManifest, signal?: AbortSignal, known?: (config: Readonly<FeatureConfig>) => PackedFeatures | undefined): CompetenceScores | undefined {
  signal?.throwIfAborted()
  if (data == null) return undefined
  const v = checkExpertQuery(query, manifest, true) as Float32Array
  const shared = competenceScore(data, v)
  if (priv == null) return { shared }
  const p = priv.score(query.text, known)
  return { shared, private: p.kw, inDomain: p.inDomain }
}
