/**
 * The hashed n-gram featurizer: an expert's PRIVATE features, computed from the query text on the serving
 * node. Word n-grams and character n-grams of `normalizeText(text)` are hashed with `bucketOf` into a table
 * of `buckets` rows; a bucket's weight is its sublinear term frequency `1 + ln(tf)`, and each text's weights
 * are L2-normalised, so long and short texts land on the same scale.
 *
 * Feature strings (the definition; the code hashes them incrementally, with the same result):
 * - word n-gram: `"w:" + tokens.join(" ")` over `words(normalizeText(text))`
 * - char n-gram: `"c:" + gram` over `" " + normalizeText(text) + " "` (UTF-16 code units)
 */
import { normalizeText, words } from '../text/normalize.js'
import { FNV_PRIME, fnvFeed as feed, fnvFinish as finish, fnvStart } from '../text/hash.js'
import type { Tensor } from '../onnx/tensor.js'

/** How an expert hashes text into sparse features. Stored in expert.json (`features`). */
export interface FeatureConfig {
  /** Rows of the hashed feature table (the model's n-gram table has `buckets x classes` weights). */
  buckets: number
  /** Smallest and largest word n-gram length; `[0, 0]` turns word n-grams off. */
  wordNgrams: [number, number]
  /** Smallest and largest character n-gram length; `[0, 0]` turns character n-grams off. */
  charNgrams: [number, number]
  /** Hash seed (uint32): different seeds give different collisions. */
  seed: number
}

/**
 * Defaults for new experts: word unigrams+bigrams carry topic, character 3..5-grams carry language, spelling
 * and unknown words (the probe found a character channel was what made language id work).
 */
export const DEFAULT_FEATURES: Readonly<FeatureConfig> = Object.freeze({
  buckets: 32_768, // 2^15: ~128 KiB of weights per class, few collisions for a few thousand short texts
  wordNgrams: [1, 2] as [number, number],
  charNgrams: [3, 5] as [number, number],
  seed: 0
})

/** Fewest buckets: below this almost every feature collides. */
export const MIN_BUCKETS = 16
/** Most buckets: 2^22 rows x a few classes is already tens of MiB of model. */
export const MAX_BUCKETS = 4_194_304
/** Longest n-gram, words or characters: longer grams are almost never seen twice. */
export const MAX_NGRAM = 8
/**
 * Most distinct features one text keeps (the highest-weighted; ties to the smaller bucket). Bounds the work and
 * the tensor width one query may cause: a 20k-character text has ~60k character n-grams.
 */
export const MAX_FEATURES_PER_TEXT = 8192

/** Sparse features of one text: bucket ids ascending, with their weights (L2 norm 1, or empty). */
export interface SparseFeatures {
  ids: number[]
  weights: number[]
}

/** A problem with a feature config: the field (relative to `features`) and a one-line fix. */
export interface FeatureConfigProblem {
  field: string
  message: string
}

function rangeProblem (value: unknown, field: string): FeatureConfigProblem | undefined {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => Number.isInteger(v))) {
    return { field, message: `must be [min, max] with two integers, e.g. [1, 2] (or [0, 0] to turn it off)` }
  }
  const [lo, hi] = value as number[]
  if (lo === 0 && hi === 0) return undefined
  if (lo < 1 || hi > MAX_NGRAM || lo > hi) {
    return { field, message: `[${lo}, ${hi}] is not a range 1 <= min <= max <= ${MAX_NGRAM}; use e.g. [1, 2], or [0, 0] to turn it off` }
  }
  return undefined
}

/**
 * Checks a feature config (from expert.json or from options). Returns the first problem, or undefined when the
 * config is usable. Unknown keys are problems too (a misspelt key would otherwise be silently ignored).
 */
export function featureConfigProblem (value: unknown): FeatureConfigProblem | undefined {
  if (value == null || typeof value !== 'object' || Array.isArray(value)) {
    return { field: '', message: 'must be an object { buckets, wordNgrams, charNgrams, seed }' }
  }
  const v = value as Record<string, unknown>
  for (const key of Object.keys(v)) {
    if (!['buckets', 'wordNgrams', 'charNgrams', 'seed'].includes(key)) {
      return { field: key, message: 'is not a known feature setting; remove it (known: buckets, wordNgrams, charNgrams, seed)' }
    }
  }
  if (!Number.isInteger(v.buckets) || (v.buckets as number) < MIN_BUCKETS || (v.buckets as number) > MAX_BUCKETS) {
    return { field: 'buckets', message: `must be an integer in ${MIN_BUCKETS}..${MAX_BUCKETS} (got ${JSON.stringify(v.buckets)}); ${DEFAULT_FEATURES.buckets} is a good start` }
  }
  const words = rangeProblem(v.wordNgrams, 'wordNgrams')
  if (words != null) return words
  const chars = rangeProblem(v.charNgrams, 'charNgrams')
  if (chars != null) return chars
  const w = v.wordNgrams as number[]
  const c = v.charNgrams as number[]
  if (w[1] === 0 && c[1] === 0) {
    return { field: 'wordNgrams', message: 'word and character n-grams are both off; turn one on, e.g. wordNgrams [1, 2]' }
  }
  if (!Number.isInteger(v.seed) || (v.seed as number) < 0 || (v.seed as number) > 0xffffffff) {
    return { field: 'seed', message: `must be an integer in 0..4294967295 (got ${JSON.stringify(v.seed)})` }
  }
  return undefined
}

// An n-gram's hash is fed incrementally (src/text/hash.ts), so it needs no substring.

/**
 * Sparse hashed n-gram features of one text. An empty (or all-whitespace) text gives no features.
 *
 * @example
 * ```ts
 * const f = featurize('Cheap meds, buy now!', DEFAULT_FEATURES) // { ids: [...], weights: [...] }
 * ```
 */
export function featurize (text: string, config: FeatureConfig): SparseFeatures {
  const normalized = normalizeText(text)
  if (normalized === '') return { ids: [], weights: [] }
  const { buckets } = config
  const start = fnvStart(config.seed)
  const counts = new Map<number, number>()
  const add = (h: number): void => {
    const id = finish(h) % buckets
    counts.set(id, (counts.get(id) ?? 0) + 1)
  }

  const [wLo, wHi] = config.wordNgrams
  if (wHi > 0) {
    const toks = words(normalized)
    const base = feed(start, 'w:')
    for (let i = 0; i < toks.length; i++) {
      let h = base
      for (let n = 1; n <= wHi && i + n <= toks.length; n++) {
        if (n > 1) h = feed(h, ' ')
        h = feed(h, toks[i + n - 1])
        if (n >= wLo) add(h)
      }
    }
  }

  const [cLo, cHi] = config.charNgrams
  if (cHi > 0) {
    const padded = ` ${normalized} `
    const base = feed(start, 'c:')
    for (let i = 0; i < padded.length; i++) {
      let h = base
      for (let n = 1; n <= cHi && i + n <= padded.length; n++) {
        h ^= padded.charCodeAt(i + n - 1)
        h = Math.imul(h, FNV_PRIME) >>> 0
        if (n >= cLo) add(h)
      }
    }
  }

  let entries = [...counts.entries()].map(([id, tf]) => [id, 1 + Math.log(tf)] as [number, number])
  if (entries.length > MAX_FEATURES_PER_TEXT) {
    entries.sort((a, b) => b[1] - a[1] || a[0] - b[0])
    entries = entries.slice(0, MAX_FEATURES_PER_TEXT)
  }
  entries.sort((a, b) => a[0] - b[0])
  let ss = 0
  for (const [, w] of entries) ss += w * w
  const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0
  return { ids: entries.map((e) => e[0]), weights: entries.map((e) => Math.fround(e[1] * inv)) }
}

/** Padded model inputs for a batch of texts: `ngram_ids` int64 [N, L] and `ngram_weights` float32 [N, L]. */
export interface FeatureBatch {
  ids: Tensor & { type: 'int64' }
  weights: Tensor & { type: 'float32' }
}

/**
 * Pads a batch of sparse features to one width L (the longest row, at least 1). Padding is bucket 0 with
 * weight 0, which adds nothing to an embedding bag.
 */
export function encodeFeatureBatch (rows: readonly SparseFeatures[]): FeatureBatch {
  let width = 1
  for (const r of rows) width = Math.max(width, r.ids.length)
  const ids = new BigInt64Array(rows.length * width)
  const weights = new Float32Array(rows.length * width)
  for (let n = 0; n < rows.length; n++) {
    const r = rows[n]
    const off = n * width
    for (let l = 0; l < r.ids.length; l++) {
      ids[off + l] = BigInt(r.ids[l])
      weights[off + l] = r.weights[l]
    }
  }
  return {
    ids: { type: 'int64', data: ids, dims: [rows.length, width] },
    weights: { type: 'float32', data: weights, dims: [rows.length, width] }
  }
}
