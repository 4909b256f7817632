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
import { normalizeText, WORD_PATTERN } from '../text/normalize.js'
import { FNV_PRIME, fnvFeed as feed, fnvFinish as finish, fnvStart } from '../text/hash.js'
import type { Tensor } from './tensor.js'

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

/** Sparse features of one text in typed arrays: bucket ids ascending (int32), their weights (float32, L2 norm 1). */
export interface PackedFeatures {
  ids: Int32Array
  weights: Float32Array
}

/**
 * Reusable per-thread scratch of the featurizer: a dense tf counter over the buckets (reset entry by entry after
 * each text, so a text costs its own n-grams, not the table), the ids it touched, and the text's code units.
 * Featurizing is synchronous, so one scratch serves every call on a thread.
 */
class Scratch {
  counts = new Int32Array(0)
  touched = new Int32Array(1024)
  codes = new Uint16Array(1024)
  wordStart = new Int32Array(256)
  wordEnd = new Int32Array(256)
  raw = new Float64Array(1024)
  logs = new Float64Array(0)

  countsFor (buckets: number): Int32Array {
    if (this.counts.length < buckets) this.counts = new Int32Array(buckets)
    return this.counts
  }

  /** 1 + ln(tf), memoised for small tf (the exact same doubles as computing it each time). */
  weightOf (tf: number): number {
    if (tf < this.logs.length) return this.logs[tf]
    if (tf < 4096) {
      const logs = new Float64Array(4096)
      for (let i = 1; i < logs.length; i++) logs[i] = 1 + Math.log(i)
      this.logs = logs
      return logs[tf]
    }
    return 1 + Math.log(tf)
  }
}

const scratch = new Scratch()
/** Our own instance of the word pattern: its `lastIndex` is scan state. */
const WORD = new RegExp(WORD_PATTERN.source, WORD_PATTERN.flags)

function grow<T extends Int32Array | Uint16Array> (array: T, need: number): T {
  if (array.length >= need) return array
  let size = array.length * 2
  while (size < need) size *= 2
  const next = new (array.constructor as new (n: number) => T)(size)
  next.set(array)
  return next
}

/**
 * Sparse hashed n-gram features of one text, in typed arrays: the same ids and bit-identical weights as
 * {@link featurize}, without a Map, tuple arrays or a substring per n-gram (a dense counter, one typed sort).
 * An empty (or all-whitespace) text gives no features.
 */
export function featurizePacked (text: string, config: FeatureConfig): PackedFeatures {
  const normalized = normalizeText(text)
  if (normalized === '') return { ids: new Int32Array(0), weights: new Float32Array(0) }
  const { buckets } = config
  const start = fnvStart(config.seed)
  const counts = scratch.countsFor(buckets)
  // a power-of-two table: the same id as `% buckets` (buckets <= 2^22), without a float modulo
  const mask = (buckets & (buckets - 1)) === 0 ? buckets - 1 : 0
  const [wLo, wHi] = config.wordNgrams
  const [cLo, cHi] = config.charNgrams
  // Upper bound on the n-grams (hence distinct ids) of this text: sizes the touched list once.
  const len = normalized.length
  let touched = scratch.touched = grow(scratch.touched, (wHi > 0 ? (len + 1) * wHi : 0) + (cHi > 0 ? (len + 2) * cHi : 0) + 1)
  let distinct = 0

  if (wHi > 0) {
    // Word spans (start, end) in `normalized`: the tokens of `words()`, hashed straight from the string.
    let wordStart = scratch.wordStart
    let wordEnd = scratch.wordEnd
    let nw = 0
    WORD.lastIndex = 0
    for (let m = WORD.exec(normalized); m !== null; m = WORD.exec(normalized)) {
      if (nw === wordStart.length) {
        wordStart = scratch.wordStart = grow(wordStart, nw + 1)
        wordEnd = scratch.wordEnd = grow(wordEnd, nw + 1)
      }
      wordStart[nw] = m.index
      wordEnd[nw++] = m.index + m[0].length
    }
    const base = feed(start, 'w:')
    for (let i = 0; i < nw; i++) {
      let h = base
      for (let n = 1; n <= wHi && i + n <= nw; n++) {
        if (n > 1) h = Math.imul(h ^ 0x20, FNV_PRIME) >>> 0 // ' '
        for (let c = wordStart[i + n - 1], end = wordEnd[i + n - 1]; c < end; c++) {
          h = Math.imul(h ^ normalized.charCodeAt(c), FNV_PRIME) >>> 0
        }
        if (n >= wLo) {
          const id = mask !== 0 ? finish(h) & mask : finish(h) % buckets
          if (counts[id]++ === 0) touched[distinct++] = id
        }
      }
    }
  }

  if (cHi > 0) {
    // " " + normalized + " " as code units, without building the string.
    const padded = len + 2
    const codes = scratch.codes = grow(scratch.codes, padded)
    codes[0] = 0x20
    for (let i = 0; i < len; i++) codes[i + 1] = normalized.charCodeAt(i)
    codes[padded - 1] = 0x20
    const base = feed(start, 'c:')
    for (let i = 0; i < padded; i++) {
      let h = base
      const last = Math.min(cHi, padded - i)
      for (let n = 1; n <= last; n++) {
        h = Math.imul(h ^ codes[i + n - 1], FNV_PRIME) >>> 0
        if (n >= cLo) {
          const id = mask !== 0 ? finish(h) & mask : finish(h) % buckets
          if (counts[id]++ === 0) touched[distinct++] = id
        }
      }
    }
  }

  const sorted = touched.subarray(0, distinct).sort()
  let keep = distinct
  let cutTf = 0 // with more than MAX_FEATURES_PER_TEXT ids: the tf at the cut (higher tf all kept, ties to the smaller id)
  let cutRoom = 0 // how many ids of exactly cutTf are kept
  if (distinct > MAX_FEATURES_PER_TEXT) {
    // tf histogram -> the tf of the MAX_FEATURES_PER_TEXT-th id in (tf desc, id asc) order
    let maxTf = 0
    for (let k = 0; k < distinct; k++) if (counts[sorted[k]] > maxTf) maxTf = counts[sorted[k]]
    const hist = new Int32Array(maxTf + 1)
    for (let k = 0; k < distinct; k++) hist[counts[sorted[k]]]++
    let above = 0
    cutTf = maxTf
    while (above + hist[cutTf] < MAX_FEATURES_PER_TEXT) above += hist[cutTf--]
    cutRoom = MAX_FEATURES_PER_TEXT - above
    keep = MAX_FEATURES_PER_TEXT
  }
  const ids = new Int32Array(keep)
  const weights = new Float32Array(keep)
  const raw = scratch.raw = scratch.raw.length >= keep ? scratch.raw : new Float64Array(Math.max(keep, scratch.raw.length * 2))
  let ss = 0
  let at = 0
  for (let k = 0; k < distinct; k++) {
    const id = sorted[k]
    const tf = counts[id]
    counts[id] = 0
    if (keep !== distinct && (tf < cutTf || (tf === cutTf && cutRoom-- <= 0))) continue
    const w = scratch.weightOf(tf)
    ids[at] = id
    raw[at++] = w
    ss += w * w // ascending id order, as the definition sums
  }
  const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0
  for (let k = 0; k < keep; k++) weights[k] = raw[k] * inv // Float32Array rounds like Math.fround
  return { ids, weights }
}
/**
 * Sparse hashed n-gram features of one text, as plain arrays (see {@link featurizePacked} for typed arrays).
 * An empty (or all-whitespace) text gives no features.
 *
 * @example
 * ```ts
 * const f = featurize('Cheap meds, buy now!', DEFAULT_FEATURES) // { ids: [...], weights: [...] }
 * ```
 */
export function featurize (text: string, config: FeatureConfig): SparseFeatures {
  const p = featurizePacked(text, config)
  return { ids: Array.from(p.ids), weights: Array.from(p.weights) }
}

/** Padded model inputs for a batch of texts: `ngram_ids` int64 [N, L] and `ngram_weights` float32 [N, L]. */
export interface FeatureBatch {
  ids: Tensor & { type: 'int64' }
  weights: Tensor & { type: 'float32' }
}

/** Little-endian hosts write an int64 id as two int32 halves (low, 0) instead of one BigInt per id. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/** True when two feature configs hash text identically (so one text's features can serve both). */
export function sameFeatureConfig (a: Readonly<FeatureConfig>, b: Readonly<FeatureConfig>): boolean {
  return a === b || (a.buckets === b.buckets && a.seed === b.seed &&
    a.wordNgrams[0] === b.wordNgrams[0] && a.wordNgrams[1] === b.wordNgrams[1] &&
    a.charNgrams[0] === b.charNgrams[0] && a.charNgrams[1] === b.charNgrams[1])
}

/**
 * Pads a batch of sparse features (plain or packed) to one width L (the longest row, at least 1). Padding is
 * bucket 0 with weight 0, which adds nothing to an embedding bag.
 */
export function encodeFeatureBatch (rows: ReadonlyArray<{ ids: ArrayLike<number>, weights: ArrayLike<number> }>): FeatureBatch {
  let width = 1
  for (const r of rows) width = Math.max(width, r.ids.length)
  const ids = new BigInt64Array(rows.length * width)
  const weights = new Float32Array(rows.length * width)
  const halves = LITTLE_ENDIAN ? new Int32Array(ids.buffer) : undefined
  for (let n = 0; n < rows.length; n++) {
    const r = rows[n]
    const off = n * width
    const len = r.ids.length
    if (halves != null) {
      // ids are 0 <= id < 2^22: the low half holds it, the high half stays 0
      for (let l = 0; l < len; l++) halves[2 * (off + l)] = r.ids[l]
    } else {
      for (let l = 0; l < len; l++) ids[off + l] = BigInt(r.ids[l])
    }
    if (r.weights instanceof Float32Array) weights.set(r.weights, off)
    else for (let l = 0; l < len; l++) weights[off + l] = r.weights[l]
  }
  return {
    ids: { type: 'int64', data: ids, dims: [rows.length, width] },
    weights: { type: 'float32', data: weights, dims: [rows.length, width] }
  }
}
