import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Embedder } from '../../../src/embed/embedder.js'
import { buildEmbedderModel, prepareWordTable, trigramTable } from '../../../src/embed/embedder-model.js'
import { EmbedInputError, EmbedderModelError } from '../../../src/embed/errors.js'
import { spaceIdOf } from '../../../src/embed/space.js'
import { defaultSettings, type EmbedderSettings } from '../../../src/embed/tokenizer.js'
import type { InferenceBackend } from '../../../src/onnx/backend.js'
import { inspectModel } from '../../../src/onnx/onnx-writer.js'
import { createInferenceBackend } from '../../../src/onnx/worker-backend.js'
import { SeededRandom } from '../../../src/text/random.js'
import { embeddingBagModel } from '../../helpers/tiny-models.js'
import { COMMON_WORDS, cosine, referenceEmbed, syntheticVectors } from './fixtures.js'

const source = syntheticVectors({ words: 3000, dim: 24 })
const settings: EmbedderSettings = defaultSettings(source.source, source.sourceSize, source.dim, {
  vocabSize: 2500, triBuckets: 1024, triDim: 16, removedComponents: 2
})
const bytes = buildEmbedderModel(source, settings)

/** Random texts: known words, unknown words, punctuation, non-Latin scripts, repeats, empty ones. */
function randomTexts (count: number, seed: number): string[] {
  const rng = new SeededRandom(seed)
  const pool = [...COMMON_WORDS, 'w100', 'w2000', 'w2999', 'zzqx', 'Ünïcödé', '日本語', 'привет', '!', '?', '--', '12345', "don't", 'e-mail']
  const texts: string[] = []
  for (let i = 0; i < count; i++) {
    const n = rng.int(30)
    const words: string[] = []
    for (let j = 0; j < n; j++) words.push(rng.next() < 0.5 ? pool[rng.int(pool.length)] : `w${rng.int(3000)}`)
    texts.push(words.join(rng.next() < 0.2 ? '  ' : ' '))
  }
  return texts
}

let backend: InferenceBackend
let embedder: Embedder

beforeAll(async () => {
  backend = createInferenceBackend({ mode: 'in-process' })
  embedder = await Embedder.fromModel(bytes, backend)
})

afterAll(async () => {
  await embedder?.close()
  await backend?.stop()
})

describe('buildEmbedderModel', () => {
  it('is deterministic: same vectors and settings give the same bytes and space id', () => {
    const again = buildEmbedderModel(syntheticVectors({ words: 3000, dim: 24 }), { ...settings })
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true)
    expect(spaceIdOf(again)).toBe(spaceIdOf(bytes))
    expect(spaceIdOf(bytes)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('gives another space id when a setting or a vector changes', () => {
    expect(spaceIdOf(buildEmbedderModel(source, { ...settings, beta: 0.25 }))).not.toBe(spaceIdOf(bytes))
    const other = syntheticVectors({ words: 3000, dim: 24 })
    other.vectors[5] += 0.001
    expect(spaceIdOf(buildEmbedderModel(other, settings))).not.toBe(spaceIdOf(bytes))
  })

  it('declares the embedder interface and carries its settings', () => {
    const summary = inspectModel(bytes)
    expect(summary.inputs.map((i) => [i.name, i.type])).toEqual([
      ['word_ids', 'int64'], ['word_weights', 'float32'], ['tri_ids', 'int64'], ['tri_weights', 'float32']
    ])
    expect(summary.outputs).toEqual([{ name: 'embedding', type: 'float32', dims: ['N', 40] }])
    expect(JSON.parse(summary.metadata['moemesh.embedder.settings'])).toEqual(settings)
  })

  it('removes the vocabulary mean and top directions from the word table, and keeps row 0 zero', () => {
    const raw = prepareWordTable(source, { ...settings, removedComponents: 0 })
    const table = prepareWordTable(source, settings)
    expect(raw.subarray(0, settings.wordDim).every((x) => x === 0)).toBe(true)
    expect(table.subarray(0, settings.wordDim).every((x) => x === 0)).toBe(true)
    expect(raw.subarray(settings.wordDim, settings.wordDim * 3)).toEqual(source.vectors.subarray(0, settings.wordDim * 2))
    for (let d = 0; d < settings.wordDim; d++) {
      let mean = 0
      for (let i = 1; i <= settings.vocabSize; i++) mean += table[i * settings.wordDim + d]
      expect(Math.abs(mean / settings.vocabSize)).toBeLessThan(1e-3)
    }
  })

  it('builds trigram bucket vectors of unit length from the seed alone', () => {
    const t = trigramTable(settings)
    expect(t).toEqual(trigramTable({ ...settings }))
    expect(t).not.toEqual(trigramTable({ ...settings, triSeed: settings.triSeed + 1 }))
    const row = t.subarray(5 * settings.triDim, 6 * settings.triDim)
    expect(cosine(row, row)).toBeCloseTo(1, 6)
    expect(Math.hypot(...row)).toBeCloseTo(1, 6)
  })
})

describe('Embedder', () => {
  it('matches a plain TypeScript computation of the formula on random texts', async () => {
    const texts = randomTexts(150, 3)
    const got = await embedder.embed(texts)
    const want = referenceEmbed(embedder.tokenizer.encode(texts), prepareWordTable(source, settings), trigramTable(settings), settings)
    expect(got).toHaveLength(texts.length)
    let worst = 0
    for (let n = 0; n < texts.length; n++) {
      expect(got[n]).toHaveLength(embedder.dim)
      for (let d = 0; d < embedder.dim; d++) worst = Math.max(worst, Math.abs(got[n][d] - want[n][d]))
    }
    expect(worst).toBeLessThan(1e-5)
  })

  it('returns the same vector for a text whatever batch it is in', async () => {
    const texts = randomTexts(70, 9)
    const all = await embedder.embed(texts)
    const one = await embedder.embed([texts[42]])
    for (let d = 0; d < embedder.dim; d++) expect(one[0][d]).toBeCloseTo(all[42][d], 6)
  })

  it('gives unit vectors, and a finite all-zero vector for an empty text', async () => {
    const [empty, blank, text, foreign] = await embedder.embed(['', '   \n\t ', 'the cat sat', 'zzqx qqzz'])
    expect(empty.every((x) => x === 0)).toBe(true)
    expect(blank.every((x) => x === 0)).toBe(true)
    expect(Math.hypot(...text)).toBeCloseTo(1, 5)
    expect(Math.hypot(...foreign)).toBeCloseTo(1, 5)
    // no known word: the GloVe part is zero and the trigrams carry the text
    expect(foreign.subarray(0, settings.wordDim).every((x) => x === 0)).toBe(true)
  })

  it('exposes its space id, width and settings', () => {
    expect(embedder.spaceId).toBe(spaceIdOf(bytes))
    expect(embedder.dim).toBe(settings.wordDim + settings.triDim)
    expect(embedder.settings).toEqual(settings)
  })

  it('rejects input that is not a bounded array of strings', async () => {
    await expect(embedder.embed('text' as unknown as string[])).rejects.toThrow(EmbedInputError)
    await expect(embedder.embed(['ok', 3 as unknown as string])).rejects.toThrow(EmbedInputError)
    await expect(embedder.embed(new Array<string>(5000).fill('x'))).rejects.toThrow(EmbedInputError)
    expect(await embedder.embed([])).toEqual([])
  })

  it('does not start work for an aborted signal', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(embedder.embed(['the cat'], { signal: controller.signal })).rejects.toThrow()
  })

  it('refuses a model that is not an embedder', async () => {
    await expect(Embedder.fromModel(new Uint8Array([1, 2, 3]), backend)).rejects.toThrow(EmbedderModelError)
    await expect(Embedder.fromModel(embeddingBagModel({ vocab: 10, dim: 4, seed: 1 }).bytes, backend)).rejects.toThrow(EmbedderModelError)
    await expect(Embedder.fromModel(bytes, backend, { maxModelBytes: 1000 })).rejects.toThrow(EmbedderModelError)
  })

  it('gives the same vectors through a worker-thread backend', async () => {
    const worker = createInferenceBackend({ mode: 'worker' })
    try {
      const remote = await Embedder.fromModel(bytes, worker)
      const texts = randomTexts(20, 5)
      const [a, b] = await Promise.all([remote.embed(texts), embedder.embed(texts)])
      for (let n = 0; n < texts.length; n++) for (let d = 0; d < remote.dim; d++) expect(a[n][d]).toBeCloseTo(b[n][d], 6)
    } finally {
      await worker.stop()
    }
  })
})
