/**
 * Small helpers the corpus loaders share: finding an installed corpus package, reading its files with a size
 * limit, and the dedupe-then-sample tail every loader ends with.
 */
import { open, type FileHandle } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { InvalidOptionError } from '../../../errors.js'
import { dedupeLabelled, MAX_EXAMPLES_PER_DOMAIN, sampleByLabel, ZOO_SEED } from '../split.js'
import { CorpusFormatError, CorpusUnavailableError, type CorpusLoadOptions, type LabelledText } from '../types.js'

const require = createRequire(import.meta.url)

/** Largest corpus file a loader reads (the biggest shipped file, WordNet's data.noun, is ~16 MB). */
export const MAX_CORPUS_FILE_BYTES = 64 * 1024 * 1024

/**
 * The folder of an installed package, resolved from this module so it works from `src/` (tsx) and `dist/`.
 * `entry` is a path the package lets `require.resolve` see (`package.json`, or the main export for packages
 * whose `exports` hide `package.json`).
 */
export function packageDir (packageName: string, entry = 'package.json'): string {
  try {
    return dirname(require.resolve(`${packageName}/${entry}`.replace(/\/$/, '')))
  } catch (err) {
    throw new CorpusUnavailableError(packageName, { cause: err })
  }
}

/** The installed version of a package (from its package.json, found next to `entry`). */
export async function packageVersion (packageName: string, entry = 'package.json'): Promise<string> {
  const file = `${packageDir(packageName, entry)}/package.json`
  const parsed: unknown = JSON.parse(await readCorpusFile(file, packageName, 'utf8'))
  const version = (parsed as { version?: unknown }).version
  if (typeof version !== 'string') throw new CorpusFormatError(file, 'has no version')
  return version
}

/** Read a corpus file, refusing anything larger than {@link MAX_CORPUS_FILE_BYTES}. */
export async function readCorpusFile (file: string, packageName: string, encoding: 'utf8'): Promise<string>
export async function readCorpusFile (file: string, packageName: string): Promise<Buffer>
export async function readCorpusFile (file: string, packageName: string, encoding?: 'utf8'): Promise<string | Buffer> {
  let handle: FileHandle
  try {
    handle = await open(file, 'r')
  } catch (err) {
    throw new CorpusUnavailableError(packageName, { cause: err })
  }
  try {
    const { size } = await handle.stat()
    if (size > MAX_CORPUS_FILE_BYTES) throw new CorpusFormatError(file, `is ${size} bytes, more than the ${MAX_CORPUS_FILE_BYTES} a corpus file may have`)
    const bytes = Buffer.alloc(size)
    let filled = 0
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    const content = bytes.subarray(0, filled)
    return encoding === undefined ? content : content.toString(encoding)
  } finally {
    await handle.close()
  }
}

/** Validate the shared loader options and fill in defaults. */
export function resolveLoadOptions (options: CorpusLoadOptions = {}): { maxExamples: number, seed: number, signal?: AbortSignal } {
  const maxExamples = options.maxExamples ?? MAX_EXAMPLES_PER_DOMAIN
  if (!Number.isInteger(maxExamples) || maxExamples < 1) throw new InvalidOptionError('maxExamples', `must be a positive integer, got ${String(options.maxExamples)}`)
  const seed = options.seed ?? ZOO_SEED
  if (!Number.isInteger(seed)) throw new InvalidOptionError('seed', `must be an integer, got ${String(options.seed)}`)
  options.signal?.throwIfAborted()
  return { maxExamples, seed, signal: options.signal }
}

/** Deduplicate, then sample down to the budget: the common end of every loader. */
export function finishDataset (items: readonly LabelledText[], options: { maxExamples: number, seed: number }): LabelledText[] {
  return sampleByLabel(dedupeLabelled(items), options.maxExamples, options.seed)
}

/** Collapse every run of whitespace to one space and trim. */
export function squeeze (text: string): string {
  return text.replace(/\s+/gu, ' ').trim()
}
