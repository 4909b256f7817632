/**
 * The ONNX graph of a moemesh expert, for each input kind:
 *
 * ```
 * embedding [N, dim] ─▶ (Gemm ▶ Relu, when hidden > 0) ─▶ Gemm ─┐
 * ngram_ids [N, L], ngram_weights [N, L] ─▶ embedding bag over ngramTable [buckets, C] ─▶ Add ─▶ + bias ─▶ Softmax ─▶ probabilities [N, C]
 * ```
 *
 * The same weights give the same bytes (the writer is deterministic).
 */
import { GraphBuilder } from '../onnx/onnx-writer.js'
import { add, dense, embeddingBag, relu, softmax } from '../onnx/graph-ops.js'
import { floatTensor } from '../onnx/tensor.js'
import type { InputKind } from './manifest.js'
import type { SparseFeatures } from './features.js'

/** Graph input: the shared query embedding, float32 [N, dim]. */
export const EMBEDDING_INPUT = 'embedding'
/** Graph input: hashed n-gram bucket ids, int64 [N, L] (padding: id 0). */
export const NGRAM_IDS_INPUT = 'ngram_ids'
/** Graph input: n-gram weights, float32 [N, L] (padding: weight 0). */
export const NGRAM_WEIGHTS_INPUT = 'ngram_weights'
/** Graph output: class probabilities, float32 [N, C]. */
export const PROBABILITIES_OUTPUT = 'probabilities'
/** Name of the model file inside a package folder. */
export const MODEL_FILE = 'model.onnx'

/** Metadata keys written into the model, so a package validator can check what inputs alone cannot show. */
export const MODEL_METADATA = {
  format: 'moemesh.format',
  inputKind: 'moemesh.input_kind',
  dim: 'moemesh.dim',
  buckets: 'moemesh.buckets',
  classes: 'moemesh.classes',
  hidden: 'moemesh.hidden'
} as const
/** Value of the `moemesh.format` metadata entry. */
export const EXPERT_MODEL_FORMAT = 'moemesh-expert-model/1'

/**
 * The trained parameters of an expert, row-major Float32Arrays. `logits = embeddingPart + ngramPart + bias`,
 * where embeddingPart is `x @ embeddingWeight` (or `relu(x @ hiddenWeight + hiddenBias) @ embeddingWeight`)
 * and ngramPart is `sum_l w_l * ngramTable[id_l]`.
 */
export interface ExpertWeights {
  inputKind: InputKind
  /** Output classes C. */
  classes: number
  /** Embedding dimension (0 for `ngrams`). */
  dim: number
  /** N-gram table rows (0 for `embedding`). */
  buckets: number
  /** Hidden ReLU units on the embedding part (0: none). */
  hidden: number
  /** [dim, hidden], when hidden > 0. */
  hiddenWeight?: Float32Array
  /** [hidden], when hidden > 0. */
  hiddenBias?: Float32Array
  /** [hidden > 0 ? hidden : dim, C], for `embedding` and `both`. */
  embeddingWeight?: Float32Array
  /** [buckets, C], for `ngrams` and `both`. */
  ngramTable?: Float32Array
  /** [C] */
  bias: Float32Array
}

/** Options for {@link buildExpertModel}. */
export interface BuildExpertModelOptions {
  /**
   * Graph name stored in the model.
   * @default 'moemesh-expert'
   */
  graphName?: string
}

function need (array: Float32Array | undefined, length: number, field: string): Float32Array {
  if (array == null) throw new RangeError(`expert weights: ${field} is missing`)
  if (array.length !== length) throw new RangeError(`expert weights: ${field} has ${array.length} values, expected ${length}`)
  for (let i = 0; i < array.length; i++) {
    if (!Number.isFinite(array[i])) throw new RangeError(`expert weights: ${field}[${i}] is ${array[i]}; training diverged`)
  }
  return array
}

/** Checks shapes and finiteness of expert weights. @throws {RangeError} naming the bad field. */
export function validateExpertWeights (w: ExpertWeights): void {
  if (!Number.isInteger(w.classes) || w.classes < 2) throw new RangeError(`expert weights: classes must be >= 2 (got ${w.classes})`)
  need(w.bias, w.classes, 'bias')
  if (w.inputKind !== 'ngrams') {
    if (!Number.isInteger(w.dim) || w.dim < 1) throw new RangeError(`expert weights: dim must be >= 1 (got ${w.dim})`)
    if (!Number.isInteger(w.hidden) || w.hidden < 0) throw new RangeError(`expert weights: hidden must be >= 0 (got ${w.hidden})`)
    if (w.hidden > 0) {
      need(w.hiddenWeight, w.dim * w.hidden, 'hiddenWeight')
      need(w.hiddenBias, w.hidden, 'hiddenBias')
    }
    need(w.embeddingWeight, (w.hidden > 0 ? w.hidden : w.dim) * w.classes, 'embeddingWeight')
  }
  if (w.inputKind !== 'embedding') {
    if (!Number.isInteger(w.buckets) || w.buckets < 1) throw new RangeError(`expert weights: buckets must be >= 1 (got ${w.buckets})`)
    need(w.ngramTable, w.buckets * w.classes, 'ngramTable')
  }
}

/**
 * Writes the expert's ONNX model.
 *
 * @example
 * ```ts
 * const bytes = buildExpertModel(trainResult.weights)
 * await writeFile('model.onnx', bytes)
 * ```
 */
export function buildExpertModel (w: ExpertWeights, options: BuildExpertModelOptions = {}): Uint8Array {
  validateExpertWeights(w)
  const C = w.classes
  const g = new GraphBuilder(options.graphName ?? 'moemesh-expert')
  const useEmbedding = w.inputKind !== 'ngrams'
  const useNgrams = w.inputKind !== 'embedding'
  if (useEmbedding) g.input(EMBEDDING_INPUT, 'float32', ['N', w.dim])
  if (useNgrams) {
    g.input(NGRAM_IDS_INPUT, 'int64', ['N', 'L'])
    g.input(NGRAM_WEIGHTS_INPUT, 'float32', ['N', 'L'])
  }
  g.output(PROBABILITIES_OUTPUT, 'float32', ['N', C])
  g.initializer('bias', floatTensor(w.bias, [C]))

  let logits: string | undefined
  if (useEmbedding) {
    let x = EMBEDDING_INPUT
    if (w.hidden > 0) {
      g.initializer('hidden_weight', floatTensor(w.hiddenWeight as Float32Array, [w.dim, w.hidden]))
      g.initializer('hidden_bias', floatTensor(w.hiddenBias as Float32Array, [w.hidden]))
      x = relu(g, dense(g, x, 'hidden_weight', 'hidden_bias'))
    }
    g.initializer('embedding_weight', floatTensor(w.embeddingWeight as Float32Array, [w.hidden > 0 ? w.hidden : w.dim, C]))
    logits = dense(g, x, 'embedding_weight', 'bias')
  }
  if (useNgrams) {
    g.initializer('ngram_table', floatTensor(w.ngramTable as Float32Array, [w.buckets, C]))
    const bag = embeddingBag(g, 'ngram_table', NGRAM_IDS_INPUT, NGRAM_WEIGHTS_INPUT)
    logits = add(g, logits ?? 'bias', bag)
  }
  softmax(g, logits as string, PROBABILITIES_OUTPUT)
  return g.build({
    docString: `moemesh expert: ${w.inputKind} classifier over ${C} classes`,
    metadata: {
      [MODEL_METADATA.format]: EXPERT_MODEL_FORMAT,
      [MODEL_METADATA.inputKind]: w.inputKind,
      [MODEL_METADATA.dim]: String(useEmbedding ? w.dim : 0),
      [MODEL_METADATA.buckets]: String(useNgrams ? w.buckets : 0),
      [MODEL_METADATA.classes]: String(C),
      [MODEL_METADATA.hidden]: String(useEmbedding ? w.hidden : 0)
    }
  })
}

/**
 * The expert's logits for one example in plain TypeScript (what the ONNX graph computes before its softmax).
 * Used by the trainer to score its validation split; `out` receives C values.
 */
export function expertLogits (w: ExpertWeights, embedding: Float32Array | undefined, features: SparseFeatures | undefined, out: Float64Array, scratch?: Float64Array): void {
  const C = w.classes
  for (let c = 0; c < C; c++) out[c] = w.bias[c]
  if (w.inputKind !== 'ngrams' && embedding != null) {
    const W = w.embeddingWeight as Float32Array
    if (w.hidden > 0) {
      const H = w.hidden
      const h = scratch != null && scratch.length >= H ? scratch : new Float64Array(H)
      const W1 = w.hiddenWeight as Float32Array
      const b1 = w.hiddenBias as Float32Array
      for (let k = 0; k < H; k++) h[k] = b1[k]
      for (let j = 0; j < w.dim; j++) {
        const xj = embedding[j]
        if (xj === 0) continue
        const row = j * H
        for (let k = 0; k < H; k++) h[k] += xj * W1[row + k]
      }
      for (let k = 0; k < H; k++) {
        const hk = h[k] > 0 ? h[k] : 0
        if (hk === 0) continue
        const row = k * C
        for (let c = 0; c < C; c++) out[c] += hk * W[row + c]
      }
    } else {
      for (let j = 0; j < w.dim; j++) {
        const xj = embedding[j]
        if (xj === 0) continue
        const row = j * C
        for (let c = 0; c < C; c++) out[c] += xj * W[row + c]
      }
    }
  }
  if (w.inputKind !== 'embedding' && features != null) {
    const T = w.ngramTable as Float32Array
    for (let l = 0; l < features.ids.length; l++) {
      const wt = features.weights[l]
      const row = features.ids[l] * C
      for (let c = 0; c < C; c++) out[c] += wt * T[row + c]
    }
  }
}
