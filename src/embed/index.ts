/**
 * The shared embedding space: every node embeds queries and every expert's capability vectors with the same
 * ONNX embedder (SIF-weighted GloVe words + hashed character trigrams). The space id is the sha256 of the
 * model file, which also carries the tokenizer's vocabulary and settings.
 *
 * @example
 * ```ts
 * import { ensureEmbedder, Embedder } from './embed/index.js'
 * import { createInferenceBackend } from './onnx/index.js'
 *
 * const { bytes, spaceId } = await ensureEmbedder(dataDir, { onProgress: (f, stage) => bar.update(stage, f) })
 * const backend = createInferenceBackend({ mode: 'worker' })
 * const embedder = await Embedder.fromModel(bytes, backend)
 * const [query] = await embedder.embed(['which mushrooms are edible?'], { signal })
 * // query: Float32Array(embedder.dim), unit length, in space `spaceId`
 * ```
 */
export { Embedder, type EmbedOptions, type EmbedderLoadOptions } from './embedder.js'
export { ensureEmbedder, spaceIdOf, STAGE_BUILD_MODEL, type EnsureEmbedderOptions, type EmbedderFile } from './space.js'
export { buildEmbedderModel, EMBEDDER_INPUTS, EMBEDDER_OUTPUT } from './embedder-model.js'
export { EmbedderTokenizer, defaultSettings, validateSettings, type EmbedderSettings, type EncodedBatch } from './tokenizer.js'
export { loadGloveVectors, locateGloveSource, type WordVectors, type ProgressCallback, type GloveSourceFile } from './glove-source.js'
export {
  GloveSourceMissingError, GloveFormatError, VectorCacheError, EmbedderModelError, EmbedInputError, EmbedderOutputError
} from './errors.js'
