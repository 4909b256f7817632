/**
 * The embedder evaluated in TypeScript (`compute: 'js'`, a client-only node's embedder) must give the vectors the
 * ONNX session gives, within float32 rounding, whether its word table is copied from the bytes or read from the
 * model file row by row; and a batch must give each text the vector it gets alone.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Embedder } from '../../../src/embed/embedder.js'
import { buildEmbedderModel } from '../../../src/embed/embedder-model.js'
import { defaultSettings, type EmbedderSettings } from '../../../src/embed/tokenizer.js'
import type { InferenceBackend } from '../../../src/onnx/backend.js'
import { createInferenceBackend } from '../../../src/onnx/worker-backend.js'
import { SeededRandom } from '../../../src/text/random.js'
import { COMMON_WORDS, syntheticVectors } from './fixtures.js'

const source = syntheticVectors({ words: 3000, dim: 24 })
const settings: EmbedderSettings = defaultSettings(source.source, source.sourceSize, source.dim, {
  vocabSize: 2500, triBuckets: 1024, triDim: 16, removedComponents: 2
})
const bytes = buildEmbedderModel(source, settings)

function randomTexts (count: number, seed: number): string[] {
  const rng = new SeededRandom(seed)
  const pool = [...COMMON_WORDS, 'zzqx', 'Ünïcödé', '日本語', 'привет', '!', '?', '--', '12345', "don't", 'e-mail']
  const texts = ['', '   ', 'zzqx', '!!!']
  for (let i = 0; i < count; i++) {
    const n = rng.int(40)
    const words: string[] = []
    for (let j = 0; j < n; j++) words.push(rng.next() < 0.5 ? pool[rng.int(pool.length)] : `w${rng.int(3000)}`)
    texts.push(words.join(' '))
  }
  return texts
}

let backend: InferenceBackend
let dir: string

beforeAll(async () => {
  backend = createInferenceBackend({ mode: 'in-process' })
  dir = await mkdtemp(join(tmpdir(), 'moemesh-table-model-'))
})

afterAll(async () => {
  await backend.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('Embedder with compute: js', () => {
  it('gives the ONNX session\'s vectors within 1e-6, with the table in memory and read from the file', async () => {
    const path = join(dir, 'model.onnx')
    await writeFile(path, bytes)
    const onnx = await Embedder.fromModel(bytes, backend)
    const inMemory = await Embedder.fromModel(bytes, backend, { compute: 'js' })
    const fromFile = await Embedder.fromModel(bytes, backend, { compute: 'js', modelPath: path })
    expect(inMemory.spaceId).toBe(onnx.spaceId)
    const texts = randomTexts(200, 5)
    const want = await onnx.embed(texts)
    for (const js of [inMemory, fromFile]) {
      const got = await js.embed(texts)
      // one at a time too (the batched single-text path)
      const alone = await Promise.all(texts.map(async (t) => (await js.embed([t]))[0]))
      for (let i = 0; i < texts.length; i++) {
        for (let d = 0; d < want[i].length; d++) {
          expect(Math.abs(got[i][d] - want[i][d])).toBeLessThan(1e-6)
          expect(Math.abs(alone[i][d] - want[i][d])).toBeLessThan(1e-6)
        }
      }
    }
    // an empty text stays the all-zero vector
    expect(Array.from((await fromFile.embed(['']))[0]).every((x) => x === 0)).toBe(true)
    await Promise.all([onnx.close(), inMemory.close(), fromFile.close()])
  })

  it('copies the table when the file no longer holds the bytes it was given', async () => {
    const path = join(dir, 'other.onnx')
    await writeFile(path, bytes.subarray(0, 100))
    const js = await Embedder.fromModel(bytes, backend, { compute: 'js', modelPath: path })
    const onnx = await Embedder.fromModel(bytes, backend)
    const [a] = await js.embed(['the cat sat on the mat'])
    const [b] = await onnx.embed(['the cat sat on the mat'])
    for (let d = 0; d < a.length; d++) expect(Math.abs(a[d] - b[d])).toBeLessThan(1e-6)
    await Promise.all([js.close(), onnx.close()])
  })
})
