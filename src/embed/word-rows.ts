/**
 * The embedder's most frequent word vectors, read from the model bytes (the `word_table` initializer), never from
 * an inference run whose last bits may differ between CPUs: the same file gives the same rows everywhere. The cell
 * codebook of discovery is derived from them.
 */
import { onnx } from '../gen/onnx.js'
import { EmbedderModelError } from './errors.js'

/** Name of the word table initializer in the embedder model (`[vocabSize + 1, wordDim]`, row 0 is padding). */
export const WORD_TABLE = 'word_table'
/** Widest word vector accepted from a model file (ours are 164-d). */
const MAX_WORD_DIM = 4_096
/** Most word rows accepted from a model file (ours hold 100k words). */
const MAX_WORDS = 10_000_000

/**
 * Rows 1..`count` of the model's word table (row r is the word of frequency rank r), row-major.
 *
 * @throws {EmbedderModelError} when the model holds no float word table
 */
export function wordRows (modelBytes: Uint8Array, count: number): { dim: number, rows: Float32Array } {
  const model = onnx.ModelProto.decode(modelBytes)
  const table = model.graph?.initializer?.find((t) => t.name === WORD_TABLE)
  const dims = (table?.dims ?? []).map(Number)
  if (table == null || dims.length !== 2 || table.dataType !== onnx.TensorProto.DataType.FLOAT) {
    throw new EmbedderModelError(`the embedder model has no float ${WORD_TABLE} [words, dim] initializer`)
  }
  const [words, dim] = dims
  if (!Number.isSafeInteger(words) || !Number.isSafeInteger(dim) || words < 1 || dim < 1 || dim > MAX_WORD_DIM || words > MAX_WORDS) {
    throw new EmbedderModelError(`the embedder model's ${WORD_TABLE} has impossible dims [${words}, ${dim}]`)
  }
  const take = Math.max(0, Math.min(count, words - 1))
  const out = new Float32Array(take * dim)
  if (table.rawData != null && table.rawData.byteLength === words * dim * 4) {
    const view = new DataView(table.rawData.buffer, table.rawData.byteOffset, table.rawData.byteLength)
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32((dim + i) * 4, true)
  } else if (table.floatData != null && table.floatData.length === words * dim) {
    for (let i = 0; i < out.length; i++) out[i] = table.floatData[dim + i]
  } else {
    throw new EmbedderModelError(`the embedder model's ${WORD_TABLE} holds fewer values than its dims say`)
  }
  return { dim, rows: out }
}
