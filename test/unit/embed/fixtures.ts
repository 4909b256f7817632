import type { WordVectors } from '../../../src/embed/glove-source.js'
import type { EncodedBatch } from '../../../src/embed/tokenizer.js'
import { SeededRandom } from '../../../src/text/random.js'

/** Words at the top of the synthetic vocabulary, most frequent first. */
export const COMMON_WORDS = [
  'the', ',', '.', 'of', 'to', 'and', 'a', 'in', 'on', 'it', 'an', 'do', 'not', 'is', 'was', 'now', 'me',
  'cat', 'dog', 'sat', 'mat', 'ran', 'after', 'rat', 'mouse', 'chased', 'send', 'e-mail', 'state-of-the-art',
  'senate', 'tax', 'bill', 'passed', 'quick', 'brown', 'fox', 'und', 'der', 'l'
]

/** A small random word-vector table in the shape the GloVe loader returns. */
export function syntheticVectors (options: { words: number, dim: number, seed?: number }): WordVectors {
  const rng = new SeededRandom(options.seed ?? 7)
  const words = [...COMMON_WORDS]
  for (let i = words.length; i < options.words; i++) words.push(`w${i}`)
  const vectors = new Float32Array(options.words * options.dim)
  for (let i = 0; i < vectors.length; i++) vectors[i] = rng.next() * 2 - 1
  return { source: 'synthetic@1.0.0', sourceSize: options.words * 4, words, dim: options.dim, vectors }
}

/**
 * The embedder formula in plain float64 TypeScript, to check the ONNX model against:
 * glove = normalize(sum w * wordTable[id]) * sum(w); tri = normalize(sum w * triTable[id]);
 * out = normalize([alpha * glove, beta * tri]).
 */
export function referenceEmbed (b: EncodedBatch, wordTable: Float32Array, triTable: Float32Array, s: { wordDim: number, triDim: number, alpha: number, beta: number }): Float64Array[] {
  const out: Float64Array[] = []
  // an all-zero part stays zero, as onnxruntime's LpNormalization leaves it
  const norm = (v: Float64Array): number => Math.sqrt(v.reduce((a, x) => a + x * x, 0)) || 1
  for (let n = 0; n < b.count; n++) {
    const g = new Float64Array(s.wordDim)
    let known = 0
    for (let l = 0; l < b.L; l++) {
      const id = Number(b.wordIds[n * b.L + l])
      const w = b.wordWeights[n * b.L + l]
      known += w
      for (let d = 0; d < s.wordDim; d++) g[d] += w * wordTable[id * s.wordDim + d]
    }
    const t = new Float64Array(s.triDim)
    for (let m = 0; m < b.M; m++) {
      const id = Number(b.triIds[n * b.M + m])
      const w = b.triWeights[n * b.M + m]
      for (let d = 0; d < s.triDim; d++) t[d] += w * triTable[id * s.triDim + d]
    }
    const ng = norm(g)
    const nt = norm(t)
    const v = new Float64Array(s.wordDim + s.triDim)
    for (let d = 0; d < s.wordDim; d++) v[d] = s.alpha * known * g[d] / ng
    for (let d = 0; d < s.triDim; d++) v[s.wordDim + d] = s.beta * t[d] / nt
    const nv = norm(v)
    out.push(v.map((x) => x / nv))
  }
  return out
}

/** Cosine of two vectors (0 when either is zero). */
export function cosine (a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i]
    aa += a[i] * a[i]
    bb += b[i] * b[i]
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb)
}
