/**
 * Builds the embedder ONNX model: two embedding bags (GloVe words with SIF weights, hashed character trigrams),
 * each L2-normalised and weighted, concatenated and normalised again. Same vectors and settings: same bytes, so
 * the sha256 of the file names the space.
 */
import { InvalidOptionError } from '../errors.js'
import { GraphBuilder, attr } from '../onnx/onnx-writer.js'
import { concatLast, embeddingBag, scale } from '../onnx/graph-ops.js'
import { floatTensor } from '../onnx/tensor.js'
import { SeededRandom } from '../text/random.js'
import type { WordVectors } from './glove-source.js'
import { EmbedderTokenizer, validateSettings, type EmbedderSettings } from './tokenizer.js'

/** Graph input and output names (the embedder's interface). */
export const EMBEDDER_INPUTS = ['word_ids', 'word_weights', 'tri_ids', 'tri_weights'] as const
/** Name of the output `[N, wordDim + triDim]`. */
export const EMBEDDER_OUTPUT = 'embedding'

/** Power-iteration steps per principal component: the top GloVe components are well separated. */
const POWER_ITERATIONS = 200
/** Rows per covariance block: 100 columns of 256 float64 fit in a core's L2 cache. */
const COV_BLOCK = 256

/**
 * The word table the model holds: row 0 is zero (padding), row r is the vector of the word of frequency rank r,
 * with the vocabulary mean and the top `removedComponents` principal directions removed ("all-but-the-top",
 * Mu & Viswanath 2018: the dominant directions encode frequency, not meaning). Float64 arithmetic in a fixed
 * order, rounded to float32 once at the end.
 */
export function prepareWordTable (source: WordVectors, settings: Pick<EmbedderSettings, 'vocabSize' | 'wordDim' | 'removedComponents'>): Float32Array {
  const { vocabSize: n, wordDim: dim, removedComponents } = settings
  if (source.dim !== dim) throw new InvalidOptionError('settings.wordDim', `is ${dim} but the source vectors have ${source.dim} dimensions`)
  if (source.words.length < n) throw new InvalidOptionError('settings.vocabSize', `is ${n} but the source has only ${source.words.length} words`)
  const x = new Float64Array(n * dim)
  for (let i = 0; i < n * dim; i++) x[i] = source.vectors[i]
  if (removedComponents > 0) {
    const mean = new Float64Array(dim)
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += x[i * dim + d]
    for (let d = 0; d < dim; d++) mean[d] /= n
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) x[i * dim + d] -= mean[d]
    // Covariance, block by block of rows: each block is transposed into short columns that stay in cache and
    // their pairwise dot products are added up (3-5x faster than outer products row by row). The summation
    // order is fixed, so the result is the same everywhere.
    const cov = new Float64Array(dim * dim)
    const cols: Float64Array[] = []
    for (let d = 0; d < dim; d++) cols.push(new Float64Array(COV_BLOCK))
    for (let start = 0; start < n; start += COV_BLOCK) {
      const len = Math.min(COV_BLOCK, n - start)
      for (let r = 0; r < len; r++) {
        const o = (start + r) * dim
        for (let d = 0; d < dim; d++) cols[d][r] = x[o + d]
      }
      for (let a = 0; a < dim; a++) {
        for (let b = a; b < dim; b++) cov[a * dim + b] += dot(cols[a], cols[b], len)
      }
    }
    for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov[a * dim + b] = cov[b * dim + a]
    const components = topEigenvectors(cov, dim, removedComponents)
    for (const u of components) {
      for (let i = 0; i < n; i++) {
        const o = i * dim
        let along = 0
        for (let d = 0; d < dim; d++) along += x[o + d] * u[d]
        for (let d = 0; d < dim; d++) x[o + d] -= along * u[d]
      }
    }
  }
  const table = new Float32Array((n + 1) * dim)
  table.set(x, dim)
  return table
}

/** Dot product of the first `len` values, with four accumulators (fixed order). */
function dot (a: Float64Array, b: Float64Array, len: number): number {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  const m = len - (len % 4)
  let i = 0
  for (; i < m; i += 4) {
    s0 += a[i] * b[i]
    s1 += a[i + 1] * b[i + 1]
    s2 += a[i + 2] * b[i + 2]
    s3 += a[i + 3] * b[i + 3]
  }
  for (; i < len; i++) s0 += a[i] * b[i]
  return (s0 + s1) + (s2 + s3)
}

/** Top-k eigenvectors of a symmetric matrix by power iteration with deflation (deterministic start). */
function topEigenvectors (matrix: Float64Array, dim: number, k: number): Float64Array[] {
  const m = Float64Array.from(matrix)
  const out: Float64Array[] = []
  for (let c = 0; c < k; c++) {
    let v = new Float64Array(dim)
    for (let d = 0; d < dim; d++) v[d] = 1 / (d + 1 + c)
    let lambda = 0
    for (let it = 0; it < POWER_ITERATIONS; it++) {
      const w = new Float64Array(dim)
      for (let a = 0; a < dim; a++) {
        let s = 0
        for (let b = 0; b < dim; b++) s += m[a * dim + b] * v[b]
        w[a] = s
      }
      let norm = 0
      for (let d = 0; d < dim; d++) norm += w[d] * w[d]
      norm = Math.sqrt(norm)
      if (norm === 0) break
      for (let d = 0; d < dim; d++) w[d] /= norm
      lambda = norm
      v = w
    }
    out.push(v)
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) m[a * dim + b] -= lambda * v[a] * v[b]
  }
  return out
}

/**
 * The trigram table: row 0 is zero (padding), row b + 1 is bucket b's fixed random sign vector scaled to unit
 * length (a sparse random projection of the 2^14-bucket trigram bag). Signs come from {@link SeededRandom}'s
 * integer arithmetic only, so the table is exact on every machine.
 */
export function trigramTable (settings: Pick<EmbedderSettings, 'triBuckets' | 'triDim' | 'triSeed'>): Float32Array {
  const { triBuckets, triDim, triSeed } = settings
  const rng = new SeededRandom(triSeed)
  const v = 1 / Math.sqrt(triDim)
  const table = new Float32Array((triBuckets + 1) * triDim)
  for (let i = triDim; i < table.length; i++) table[i] = rng.next() < 0.5 ? -v : v
  return table
}

/**
 * Row-wise L2 normalisation in one `LpNormalization` node. onnxruntime leaves an all-zero row zero (no NaN;
 * the empty-text test checks it), and one node instead of graph-ops' five made a batch-1 run ~15% faster.
 */
function unitRows (g: GraphBuilder, x: string): string {
  const out = g.fresh('unit')
  g.node('LpNormalization', [x], [out], { axis: attr.int(-1), p: attr.int(2) })
  return out
}

/**
 * Builds the embedder model for `source` and `settings` (validated), with the vocabulary and settings in its
 * metadata so the file alone restores the tokenizer. Deterministic.
 */
export function buildEmbedderModel (source: WordVectors, settings: EmbedderSettings): Uint8Array {
  const s = validateSettings(settings)
  const tokenizer = new EmbedderTokenizer(source.words.slice(0, s.vocabSize), s)
  const dim = s.wordDim + s.triDim
  const g = new GraphBuilder('moemesh_embedder')
  g.input('word_ids', 'int64', ['N', 'L'])
  g.input('word_weights', 'float32', ['N', 'L'])
  g.input('tri_ids', 'int64', ['N', 'M'])
  g.input('tri_weights', 'float32', ['N', 'M'])
  g.output(EMBEDDER_OUTPUT, 'float32', ['N', dim])
  g.initializer('word_table', floatTensor(prepareWordTable(source, s), [s.vocabSize + 1, s.wordDim]))
  g.initializer('tri_table', floatTensor(trigramTable(s), [s.triBuckets + 1, s.triDim]))

  // GloVe channel: direction of the SIF-weighted sum, scaled by the share of the text GloVe knows (the sum of
  // word_weights), so a text of mostly unknown words leans on its trigrams. Without this scaling, the few
  // GloVe words a foreign text happens to contain ("die", "de", "in") pulled it around: UDHR language id over
  // 38 languages fell from 89% to 82%, English routing unchanged.
  const glove = unitRows(g, embeddingBag(g, 'word_table', 'word_ids', 'word_weights'))
  const known = g.fresh('known')
  g.node('ReduceSum', ['word_weights', g.constInt64([1], 'axis1')], [known], { keepdims: attr.int(1) })
  const gloveKnown = g.fresh('glove_known')
  g.node('Mul', [glove, known], [gloveKnown])

  const trigrams = unitRows(g, embeddingBag(g, 'tri_table', 'tri_ids', 'tri_weights'))
  const joined = concatLast(g, [scale(g, gloveKnown, s.alpha), scale(g, trigrams, s.beta)])
  g.node('LpNormalization', [joined], [EMBEDDER_OUTPUT], { axis: attr.int(-1), p: attr.int(2) })
  return g.build({ docString: `moemesh shared embedding space v${s.version} (${s.source}, ${s.vocabSize} words)`, metadata: tokenizer.toMetadata() })
}
