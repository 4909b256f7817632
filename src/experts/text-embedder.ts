/**
 * The narrow view of the shared embedder that training needs, and batched, checked embedding of many texts.
 */
import { TrainingDataError } from './errors.js'

/**
 * The narrow view of the shared embedder that training needs (src/embed's `Embedder` satisfies it): a fixed
 * dimension, the space id (hex sha256 of the embedder model), and batched embedding of texts.
 */
export interface TextEmbedder {
  /** Dimension of every vector. */
  readonly dim: number
  /** Hex sha256 of the embedder model: the name of the space the vectors live in. */
  readonly spaceId: string
  /** One vector per text, in order. */
  embed: (texts: string[], options?: { signal?: AbortSignal }) => Promise<Float32Array[]>
}

/** Embeds `texts` in batches of `batch`, checking every vector (count, dimension, finite values). */
export async function embedAll (embedder: TextEmbedder, texts: string[], batch: number, signal: AbortSignal | undefined, progress: (done: number) => void): Promise<Float32Array[]> {
  const out: Float32Array[] = []
  for (let start = 0; start < texts.length; start += batch) {
    signal?.throwIfAborted()
    const chunk = texts.slice(start, start + batch)
    const vectors = await embedder.embed(chunk, { signal })
    if (!Array.isArray(vectors) || vectors.length !== chunk.length) {
      throw new TrainingDataError(`the embedder returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${chunk.length} texts`)
    }
    for (const v of vectors) {
      if (!(v instanceof Float32Array) || v.length !== embedder.dim) throw new TrainingDataError(`the embedder returned a vector of length ${String(v?.length)}, not its dim ${embedder.dim}`)
      for (let j = 0; j < v.length; j++) if (!Number.isFinite(v[j])) throw new TrainingDataError('the embedder returned a non-finite value')
      out.push(v)
    }
    progress(out.length)
  }
  return out
}
