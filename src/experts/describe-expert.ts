/**
 * Describing a model someone already serves, so the network can route to it: embed sample queries it is good
 * at (unlabelled `{"text"}` lines) with the network's shared embedder, summarise them as k-means capability
 * vectors (as training does for a trained expert), and write an HTTP expert package: expert.json with
 * `"serving": {"kind": "http", ...}` and capability.bin. The samples never leave the machine; only the
 * centroids travel in the expert's card.
 */
import { open } from 'node:fs/promises'
import { logger } from '@libp2p/logger'
import { InvalidOptionError } from '../errors.js'
import { TrainingDataError } from './errors.js'
import { packageOptions } from './package-options.js'
import { describeJsonValue, parseJsonlObjects, readUtf8File } from './jsonl.js'
import { writeExpertPackage, type HttpExpertPackage } from './expert-package.js'
import { HttpExpert } from './http-expert.js'
import { sphericalKMeans } from './kmeans.js'
import { EXPERT_FORMAT, validateManifest } from './manifest.js'
import { DEFAULT_HTTP_CONCURRENCY, DEFAULT_HTTP_TIMEOUT_MS, HTTP_INPUT_KINDS, type HttpInputKind } from './serving.js'
import { embedBackground, gateAndCompetence, MAX_TRAINING_EXAMPLES, type TextEmbedder } from './train-expert.js'

const log = logger('moemesh:experts:describe')

/** Largest sample file read (held in memory as one string). */
export const MAX_SAMPLE_FILE_BYTES = 256 * 1024 * 1024
/** Longest sample line accepted. */
export const MAX_SAMPLE_LINE_CHARS = 1024 * 1024

/** A step of {@link describeExpert}, for progress bars. */
export type DescribePhase = 'embed' | 'centroids' | 'gate' | 'write'

/** Options of {@link describeExpert}. */
export interface DescribeExpertOptions {
  /** Sample queries the served model is good at (e.g. from {@link readTextJsonl}); they become the capability vectors. */
  texts: readonly string[]
  /** The network's shared embedder. */
  embedder: TextEmbedder
  /** The package folder to write (replaced atomically; refused if it holds other files). */
  outDir: string
  /** kebab-case expert name. */
  name: string
  /** The served model's output classes, in the order its `distribution` lists them. */
  labels: readonly string[]
  /** The endpoint the node POSTs queries to (http: or https:). */
  url: string
  /** "text": the endpoint gets the query text; "both": the text and the query's shared-space embedding. @default 'text' */
  inputKind?: HttpInputKind
  /** Per-call timeout, ms. @default 2000 */
  timeoutMs?: number
  /** Calls in flight at once before the expert refuses more. @default 8 */
  maxConcurrency?: number
  /** @default '' */
  description?: string
  /** @default '1.0.0' */
  version?: string
  /** Credits per answered query. @default 0 */
  price?: number
  /** License of the expert. @default 'unspecified' */
  license?: string
  /** Where the sample texts came from (for people reading the manifest). @default 'sample queries' */
  source?: string
  /** Capability vectors (k-means centroids) to compute. @default 8 */
  centroids?: number
  /** Seed of k-means. @default 42 */
  seed?: number
  /** Texts per embedder call. @default 64 */
  embedBatchSize?: number
  /**
   * Train the "is this mine" gate from the samples (advertised) and write them (embeddings and texts, with
   * leave-one-out private n-gram references) to competence.bin (private). With
   * no labels there is no answer temperature; the gate's abstain cut is a low quantile of the samples' own logits.
   * @default true
   */
  gate?: boolean
  /** Embeddings (n x dim) of the public background the gate trains against. @default 6,000 nlp-corpus sentences */
  background?: Float32Array
  signal?: AbortSignal
  onProgress?: (progress: { phase: DescribePhase, done: number, total: number }) => void
}

/** What {@link describeExpert} wrote. */
export interface DescribeExpertResult {
  /** The written package, as loadExpertPackage returns it. */
  package: HttpExpertPackage
  /** Sample texts embedded. */
  texts: number
  ms: number
}

/**
 * Computes capability vectors from sample texts and writes an HTTP expert package.
 *
 * @example
 * ```ts
 * const texts = await readTextJsonl('reviews.jsonl')
 * const { package: pkg } = await describeExpert({
 *   texts, embedder, outDir: 'experts/sentiment', name: 'sentiment',
 *   labels: ['negative', 'positive'], url: 'http://127.0.0.1:8080/predict'
 * })
 * console.log(pkg.expertId)
 * ```
 * @throws {InvalidOptionError} naming a bad option; {@link TrainingDataError} for unusable texts;
 * ExpertPackageError naming the manifest field (labels, serving.url) when the result would be invalid.
 */
export async function describeExpert (options: DescribeExpertOptions): Promise<DescribeExpertResult> {
  const started = performance.now()
  const { embedder, signal } = options
  signal?.throwIfAborted()
  const { centroids: k, seed, embedBatchSize: batch, price } = packageOptions(options)
  const inputKind = options.inputKind ?? 'text'
  if (!HTTP_INPUT_KINDS.includes(inputKind)) throw new InvalidOptionError('inputKind', `must be one of ${HTTP_INPUT_KINDS.join(', ')} (got ${String(inputKind)})`)
  if (embedder == null || typeof embedder.embed !== 'function') throw new InvalidOptionError('embedder', 'must be a text embedder with embed(), dim and spaceId')

  const texts = options.texts
  if (!Array.isArray(texts) || texts.length === 0) throw new TrainingDataError('there are no sample texts; give a few dozen queries the served model is good at')
  if (texts.length > MAX_TRAINING_EXAMPLES) throw new TrainingDataError(`${texts.length} sample texts is more than the ${MAX_TRAINING_EXAMPLES} allowed; use a sample`)
  texts.forEach((t, i) => {
    if (typeof t !== 'string' || t.trim() === '') throw new TrainingDataError(`sample ${i + 1} has no text; every sample needs a non-empty text`)
  })

  // Validate the manifest before the slow part: a bad label or URL fails at once.
  const manifest = (vectorsCount: number) => validateManifest({
    format: EXPERT_FORMAT,
    name: options.name,
    version: options.version ?? '1.0.0',
    task: 'classification',
    inputKind,
    labels: [...options.labels],
    description: options.description ?? '',
    trainedOn: { source: options.source ?? 'sample queries', examples: vectorsCount, license: options.license ?? 'unspecified' },
    license: options.license ?? 'unspecified',
    price,
    spaceId: embedder.spaceId,
    dim: embedder.dim,
    serving: {
      kind: 'http',
      url: options.url,
      timeoutMs: options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
      maxConcurrency: options.maxConcurrency ?? DEFAULT_HTTP_CONCURRENCY
    }
  }, 'expert.json (from the describe options)')
  manifest(texts.length)

  const report = (phase: DescribePhase, done: number, total: number): void => { options.onProgress?.({ phase, done, total }) }
  const vectors: Float32Array[] = []
  report('embed', 0, texts.length)
  for (let start = 0; start < texts.length; start += batch) {
    signal?.throwIfAborted()
    const chunk = texts.slice(start, start + batch)
    const out = await embedder.embed(chunk, { signal })
    if (!Array.isArray(out) || out.length !== chunk.length) throw new TrainingDataError(`the embedder returned ${Array.isArray(out) ? out.length : 'no'} vectors for ${chunk.length} texts`)
    for (const v of out) {
      if (!(v instanceof Float32Array) || v.length !== embedder.dim) throw new TrainingDataError(`the embedder returned a vector of length ${String(v?.length)}, not its dim ${embedder.dim}`)
      vectors.push(v)
    }
    report('embed', vectors.length, texts.length)
  }

  report('centroids', 0, 1)
  const centroids = sphericalKMeans(vectors, k, { seed })
  if (centroids.length === 0) throw new TrainingDataError('the embedder gave an all-zero vector for every sample text (no known words?); give samples in the language of the shared embedder')
  report('centroids', 1, 1)

  let gated: ReturnType<typeof gateAndCompetence> | undefined
  if (options.gate ?? true) {
    report('gate', 0, 1)
    const background = options.background ?? await embedBackground(embedder, { seed, batchSize: batch, signal })
    if (background.length === 0 || background.length % embedder.dim !== 0) throw new InvalidOptionError('background', `must hold whole rows of dim ${embedder.dim}`)
    // no held-out samples: the private references are leave-one-out over the samples
    gated = gateAndCompetence(vectors, background, [], embedder.spaceId, embedder.dim, seed, { own: texts, heldOut: [] })
    report('gate', 1, 1)
  }

  report('write', 0, 1)
  const described = gated != null ? { ...manifest(texts.length), gate: gated.gate } : manifest(texts.length)
  const pkg = await writeExpertPackage(options.outDir, { manifest: described, centroids, ...(gated != null ? { competence: gated.competence } : {}) }, { signal })
  report('write', 1, 1)
  log('described %s: %d samples, %d capability vectors, served at %s', options.name, texts.length, centroids.length, options.url)
  return { package: pkg as HttpExpertPackage, texts: texts.length, ms: performance.now() - started }
}

/** What the endpoint answered to one sample query. */
export interface EndpointCheck {
  /** The label it gave the highest probability. */
  label: string
  probability: number
  latencyMs: number
}

/**
 * Asks a described expert's endpoint one query, exactly as a node would, to show the package and the server
 * agree (labels, response format) before the expert goes on the network.
 * @throws what {@link HttpExpert.predict} throws (ExpertEndpointError when the server is down, ...).
 */
export async function checkEndpoint (pkg: HttpExpertPackage, text: string, embedder: TextEmbedder, options: { signal?: AbortSignal } = {}): Promise<EndpointCheck> {
  const expert = await HttpExpert.open(pkg, options)
  try {
    const vector = expert.needsVector ? (await embedder.embed([text], options))[0] : undefined
    const started = performance.now()
    const p = await expert.predict({ text, vector }, options)
    let best = 0
    for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i
    return { label: pkg.manifest.labels[best], probability: p[best], latencyMs: performance.now() - started }
  } finally {
    await expert.close()
  }
}

/**
 * Parses JSONL sample queries: one `{"text": "..."}` object per line (other keys, a label say, are ignored;
 * blank lines are skipped).
 * @param file shown in error messages (`samples.jsonl: line 3: ...`).
 * @throws {TrainingDataError} naming the line of the first problem, or saying the input holds no texts.
 */
export function parseTextJsonl (text: string, file?: string): string[] {
  const texts: string[] = []
  parseJsonlObjects(text, { example: '{"text": "..."}', maxLineChars: MAX_SAMPLE_LINE_CHARS }, file, (v, fail) => {
    if (typeof v.text !== 'string' || v.text.trim() === '') fail(`"text" is ${describeJsonValue(v.text)}; give each sample a non-empty text`)
    texts.push(v.text as string)
  })
  if (texts.length === 0) throw new TrainingDataError('holds no samples; write one {"text": "..."} object per line', { file })
  return texts
}

/**
 * Reads a JSONL file of sample queries.
 * @throws {TrainingDataError} when the file is missing, too large, not UTF-8, empty, or has a bad line.
 */
export async function readTextJsonl (path: string, options: { maxBytes?: number, signal?: AbortSignal } = {}): Promise<string[]> {
  const text = await readUtf8File(path, options.maxBytes ?? MAX_SAMPLE_FILE_BYTES,
    { tooLarge: 'use a sample', empty: 'write one {"text": "..."} object per line' }, options)
  return parseTextJsonl(text, path)
}
