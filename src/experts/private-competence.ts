/**
 * Expert-side competence from PRIVATE features (issue 7, the winner of the quality research): the owner hashes
 * the query into two n-gram spaces and compares it with its own training texts there, on its own node.
 *
 * - `kw`: the mean of the {@link PRIVATE_K} highest cosines between the query's word 1-2-gram features
 *   ({@link WORD_FEATURES}) and those of the own training texts (0 for missing neighbours): routing.
 * - `kc`: the same with {@link DEFAULT_FEATURES} (word 1-2 plus char 3-5-grams): abstention.
 * - `inDomain = ln p_c + ln p_w`, the conformal p-values of kc and kw against the sorted kc / kw of the owner's
 *   own held-out (calibration) inputs: `p = (1 + #{ref <= x}) / (1 + #ref)`. Near 0 in domain, very negative out.
 *
 * The own texts are kept (competence.bin version 2) and featurized when the expert opens, into one inverted
 * index per space; a query then costs one pass over the postings of its features and one over the rows.
 */
import { DEFAULT_FEATURES, featurizePacked, type FeatureConfig, type PackedFeatures } from './features.js'
import { MAX_PRIVATE_REFS, MAX_PRIVATE_TEXT_BYTES, MAX_PRIVATE_TEXT_CHARS, MAX_PRIVATE_TEXTS } from './competence.js'
import { SeededRandom } from '../text/random.js'

/** Word unigrams+bigrams only: the private space that separated the WordNet and Brown experts best. */
export const WORD_FEATURES: Readonly<FeatureConfig> = Object.freeze({
  buckets: 32_768,
  wordNgrams: [1, 2] as [number, number],
  charNgrams: [0, 0] as [number, number],
  seed: 0
})

/** Neighbours averaged by the private kNN scores (the research phase measured K = 10). */
export const PRIVATE_K = 10

/** The owner's private competence material, as competence.bin (version 2) stores it. */
export interface PrivateCompetenceData {
  /** The own training texts (the kNN rows of both spaces). */
  texts: string[]
  /** Sorted ascending: kc of each own held-out input against `texts`. */
  refC: Float32Array
  /** Sorted ascending: kw of each own held-out input against `texts`, same inputs as `refC`. */
  refW: Float32Array
}

/** The private scores of one query. */
export interface PrivateScores {
  /** kw: mean cosine of the {@link PRIVATE_K} nearest own texts in word 1-2-gram space (~0..1). */
  kw: number
  /** kc: the same in word 1-2 + char 3-5-gram space (~0..1). */
  kc: number
  /** ln p_c + ln p_w (<= 0). */
  inDomain: number
}

/** Texts featurized between two yields to the event loop while an index is built. */
const BUILD_SLICE = 200

/**
 * The own texts' features in one space as an inverted index (bucket -> rows with their weights), with a scratch
 * accumulator reused by every query (the scoring is synchronous, so one per index is enough).
 */
export class OwnTextIndex {
  readonly config: Readonly<FeatureConfig>
  readonly rows: number
  private readonly start: Int32Array
  private readonly row: Uint16Array | Int32Array
  private readonly weight: Float32Array
  private readonly acc: Float32Array

  private constructor (config: Readonly<FeatureConfig>, docs: readonly PackedFeatures[]) {
    const { buckets } = config
    this.config = config
    this.rows = docs.length
    const start = new Int32Array(buckets + 1)
    for (const d of docs) for (const id of d.ids) start[id + 1]++
    for (let b = 0; b < buckets; b++) start[b + 1] += start[b]
    const fill = start.slice(0, buckets)
    const total = start[buckets]
    const row = docs.length <= 0xffff ? new Uint16Array(total) : new Int32Array(total)
    const weight = new Float32Array(total)
    docs.forEach((d, r) => {
      for (let k = 0; k < d.ids.length; k++) {
        const p = fill[d.ids[k]]++
        row[p] = r
        weight[p] = d.weights[k]
      }
    })
    this.start = start
    this.row = row
    this.weight = weight
    this.acc = new Float32Array(docs.length)
  }

  /** Builds the index synchronously (tests, small sets). */
  static build (texts: readonly string[], config: Readonly<FeatureConfig>): OwnTextIndex {
    return new OwnTextIndex(config, texts.map((t) => featurizePacked(t, config)))
  }

  /** Builds the index, yielding to the event loop every {@link BUILD_SLICE} texts. */
  static async buildAsync (texts: readonly string[], config: Readonly<FeatureConfig>, signal?: AbortSignal): Promise<OwnTextIndex> {
    const docs: PackedFeatures[] = []
    for (let i = 0; i < texts.length; i++) {
      if (i % BUILD_SLICE === 0 && i > 0) {
        await new Promise((resolve) => setImmediate(resolve))
        signal?.throwIfAborted()
      }
      docs.push(featurizePacked(texts[i], config))
    }
    return new OwnTextIndex(config, docs)
  }

  /** Number of stored (row, bucket) weights. */
  get postings (): number {
    return this.weight.length
  }

  /**
   * The mean of the `k` highest dots between `features` and the rows (cosines: both sides are L2-normalised),
   * padded with 0 when there are fewer than `k` rows; `skipRow` leaves one row out (leave-one-out references).
   */
  score (features: { ids: ArrayLike<number>, weights: ArrayLike<number> }, k = PRIVATE_K, skipRow = -1): number {
    const { acc, start, row, weight } = this
    acc.fill(0)
    const { ids, weights } = features
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]
      if (!(id >= 0 && id < this.config.buckets)) continue
      const w = weights[i]
      for (let p = start[id], end = start[id + 1]; p < end; p++) acc[row[p]] += w * weight[p]
    }
    const top = new Float64Array(k)
    let filled = 0
    for (let r = 0; r < this.rows; r++) {
      if (r === skipRow) continue
      const s = acc[r]
      if (filled < k) {
        let j = filled++
        while (j > 0 && top[j - 1] < s) { top[j] = top[j - 1]; j-- }
        top[j] = s
      } else if (s > top[k - 1]) {
        let j = k - 1
        while (j > 0 && top[j - 1] < s) { top[j] = top[j - 1]; j-- }
        top[j] = s
      }
    }
    let sum = 0
    for (let j = 0; j < filled; j++) sum += top[j]
    return sum / k
  }

  /** {@link score} of a text, featurized in this index's space. */
  scoreText (text: string, k = PRIVATE_K): number {
    return this.score(featurizePacked(text, this.config), k)
  }
}

/**
 * Conformal p-value of `v` against a sorted (ascending) reference: `(1 + #{ref <= v}) / (1 + #ref)`, in
 * (0, 1]; 1 for an empty reference.
 */
export function conformalP (sortedRef: ArrayLike<number>, v: number): number {
  let lo = 0
  let hi = sortedRef.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sortedRef[mid] <= v) lo = mid + 1
    else hi = mid
  }
  return (lo + 1) / (sortedRef.length + 1)
}

/** `ln p_c + ln p_w` of a query's kc and kw against the references. */
export function inDomainScore (refC: ArrayLike<number>, refW: ArrayLike<number>, kc: number, kw: number): number {
  return Math.log(conformalP(refC, kc)) + Math.log(conformalP(refW, kw))
}

/** A loaded expert's private competence: the two indexes over its own texts and the two references. */
export class PrivateCompetence {
  private readonly word: OwnTextIndex
  private readonly chars: OwnTextIndex
  private readonly refC: Float32Array
  private readonly refW: Float32Array

  private constructor (word: OwnTextIndex, chars: OwnTextIndex, data: PrivateCompetenceData) {
    this.word = word
    this.chars = chars
    this.refC = data.refC
    this.refW = data.refW
  }

  /** Featurizes the own texts into both indexes, yielding to the event loop as it goes. */
  static async open (data: PrivateCompetenceData, options: { signal?: AbortSignal } = {}): Promise<PrivateCompetence> {
    options.signal?.throwIfAborted()
    const word = await OwnTextIndex.buildAsync(data.texts, WORD_FEATURES, options.signal)
    const chars = await OwnTextIndex.buildAsync(data.texts, DEFAULT_FEATURES, options.signal)
    return new PrivateCompetence(word, chars, data)
  }

  /**
   * kw, kc and inDomain of one query text. `known` may hand over features of this text the caller already has
   * (the model's own, when its config is the same): used for the index of that config instead of featurizing again.
   */
  score (text: string, known?: (config: Readonly<FeatureConfig>) => PackedFeatures | undefined): PrivateScores {
    const kw = this.word.score(known?.(this.word.config) ?? featurizePacked(text, this.word.config))
    const kc = this.chars.score(known?.(this.chars.config) ?? featurizePacked(text, this.chars.config))
    return { kw, kc, inDomain: inDomainScore(this.refC, this.refW, kc, kw) }
  }
}

/**
 * The sorted references of an expert's private competence: kc and kw of each of `heldOut` against `ownTexts`;
 * with no held-out texts, leave-one-out over (at most `maxLeaveOneOut`, evenly spaced) own texts, each scored
 * against the others.
 */
export function privateReferences (ownTexts: readonly string[], heldOut: readonly string[], maxLeaveOneOut = 2_000): { refC: Float32Array, refW: Float32Array } {
  const word = OwnTextIndex.build(ownTexts, WORD_FEATURES)
  const chars = OwnTextIndex.build(ownTexts, DEFAULT_FEATURES)
  const c: number[] = []
  const w: number[] = []
  if (heldOut.length > 0) {
    for (const t of heldOut) {
      c.push(chars.scoreText(t))
      w.push(word.scoreText(t))
    }
  } else {
    const n = Math.min(ownTexts.length, maxLeaveOneOut)
    for (let i = 0; i < n; i++) {
      const r = Math.floor(i * ownTexts.length / n)
      c.push(chars.score(featurizePacked(ownTexts[r], DEFAULT_FEATURES), PRIVATE_K, r))
      w.push(word.score(featurizePacked(ownTexts[r], WORD_FEATURES), PRIVATE_K, r))
    }
  }
  return { refC: Float32Array.from(c).sort(), refW: Float32Array.from(w).sort() }
}

/**
 * The private competence material of an expert, as training writes it: its own texts (each cut to
 * {@link MAX_PRIVATE_TEXT_CHARS}; a seeded sample when there are more than the file holds) and the references
 * of `heldOut` (the calibration or held-out texts; leave-one-out over the own texts when there are none).
 */
export function privateCompetenceData (ownTexts: readonly string[], heldOut: readonly string[], seed: number): PrivateCompetenceData {
  const rng = new SeededRandom(seed)
  let texts = ownTexts.map((t) => t.length > MAX_PRIVATE_TEXT_CHARS ? t.slice(0, MAX_PRIVATE_TEXT_CHARS) : t)
  if (texts.length > MAX_PRIVATE_TEXTS) texts = rng.shuffle([...texts]).slice(0, MAX_PRIVATE_TEXTS)
  let bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0)
  if (bytes > MAX_PRIVATE_TEXT_BYTES) {
    const kept: string[] = []
    bytes = 0
    for (const t of rng.shuffle([...texts])) {
      const b = Buffer.byteLength(t, 'utf8')
      if (bytes + b > MAX_PRIVATE_TEXT_BYTES) continue
      kept.push(t)
      bytes += b
    }
    texts = kept
  }
  const held = heldOut.length > MAX_PRIVATE_REFS ? rng.shuffle([...heldOut]).slice(0, MAX_PRIVATE_REFS) : heldOut
  return { texts, ...privateReferences(texts, held) }
}
