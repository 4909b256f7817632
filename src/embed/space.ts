/**
 * The space id and the node's local copy of the embedder model.
 */
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { inspectModel } from '../onnx/onnx-writer.js'
import { DEFAULT_VOCAB_SIZE, GLOVE_PACKAGE, MAX_MODEL_BYTES } from './constants.js'
import { buildEmbedderModel } from './embedder-model.js'
import { GloveSourceMissingError } from './errors.js'
import { checkVocabSize, loadGloveVectors, locateGloveSource, writeFileAtomic, type ProgressCallback } from './glove-source.js'
import { EmbedderTokenizer, defaultSettings, type EmbedderSettings } from './tokenizer.js'

const log = logger('moemesh:embed:space')

/** Stage name reported while the model is built. */
export const STAGE_BUILD_MODEL = 'build model'

/** The space id of an embedder: sha256 (lower-case hex) of its model bytes. */
export function spaceIdOf (modelBytes: Uint8Array): string {
  return createHash('sha256').update(modelBytes).digest('hex')
}

/** Options of {@link ensureEmbedder}. */
export interface EnsureEmbedderOptions {
  /** Progress of a first build: stages 'parse glove' (or 'read cache'), 'write cache', 'build model'. */
  onProgress?: ProgressCallback
  /**
   * Most frequent GloVe words in the model. Every node of a network must use the same value.
   * @default 100_000
   */
  vocabSize?: number
  signal?: AbortSignal
}

/** The node's embedder model on disk. */
export interface EmbedderFile {
  /** `<dataDir>/embedder/model.onnx`. */
  modelPath: string
  /** The model bytes. */
  bytes: Uint8Array
  /** sha256 (hex) of `bytes`. */
  spaceId: string
}

/** The settings this version of moemesh builds for a source (what a fresh node would get). */
function wantedSettings (source: string, sourceSize: number, wordDim: number, vocabSize: number): EmbedderSettings {
  return defaultSettings(source, sourceSize, wordDim, { vocabSize: Math.min(vocabSize, sourceSize) })
}

/** Settings fields that do not depend on the source file, for comparing an existing model with what we would build. */
function comparable (s: EmbedderSettings): string {
  const { sourceSize: _a, wordDim: _b, vocabSize, ...rest } = s
  return JSON.stringify({ ...rest, vocabSize })
}

async function readExisting (modelPath: string, vocabSize: number): Promise<Uint8Array | undefined> {
  let bytes: Uint8Array
  try {
    if ((await stat(modelPath)).size > MAX_MODEL_BYTES) return undefined
    bytes = await readFile(modelPath)
  } catch {
    return undefined
  }
  try {
    const found = EmbedderTokenizer.fromMetadata(inspectModel(bytes).metadata).settings
    // Without the package installed (a deployment that ships only the model) we cannot rebuild anyway: keep a
    // model built from any version of it.
    const installed = await locateGloveSource().catch((err: unknown) => {
      if (err instanceof GloveSourceMissingError) return undefined
      throw err
    })
    const source = installed === undefined ? found.source : `${GLOVE_PACKAGE}@${installed.version}`
    const wanted = wantedSettings(source, found.sourceSize, found.wordDim, vocabSize)
    if (comparable(found) !== comparable(wanted)) {
      log('rebuilding %s: it was built with other settings', modelPath)
      return undefined
    }
    return bytes
  } catch (err) {
    log('rebuilding %s: %e', modelPath, err)
    return undefined
  }
}

/**
 * Returns the node's embedder, building `<dataDir>/embedder/model.onnx` first when it is missing, damaged or
 * was built with other settings than this version of moemesh uses. The first build streams the GloVe package
 * into `<dataDir>/cache/` (a few seconds); later builds read the cache. Same package and settings on any
 * machine: same bytes, same space id.
 */
export async function ensureEmbedder (dataDir: string, options: EnsureEmbedderOptions = {}): Promise<EmbedderFile> {
  const vocabSize = checkVocabSize(options.vocabSize ?? DEFAULT_VOCAB_SIZE)
  options.signal?.throwIfAborted()
  const modelPath = join(dataDir, 'embedder', 'model.onnx')
  const existing = await readExisting(modelPath, vocabSize)
  if (existing !== undefined) return { modelPath, bytes: existing, spaceId: spaceIdOf(existing) }

  const vectors = await loadGloveVectors({ cacheDir: join(dataDir, 'cache'), vocabSize, onProgress: options.onProgress, signal: options.signal })
  options.signal?.throwIfAborted()
  options.onProgress?.(0, STAGE_BUILD_MODEL)
  const bytes = buildEmbedderModel(vectors, wantedSettings(vectors.source, vectors.sourceSize, vectors.dim, vocabSize))
  await writeFileAtomic(modelPath, bytes)
  options.onProgress?.(1, STAGE_BUILD_MODEL)
  const spaceId = spaceIdOf(bytes)
  log('built %s (%d bytes, space %s)', modelPath, bytes.byteLength, spaceId)
  return { modelPath, bytes, spaceId }
}
