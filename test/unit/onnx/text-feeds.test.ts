import { afterAll, describe, expect, it } from 'vitest'
import type { InferenceBackend } from '../../../src/onnx/backend.js'
import { InvalidFeedsError } from '../../../src/onnx/errors.js'
import { encodeFeatureBatch, featurizePacked, type FeatureConfig } from '../../../src/onnx/ngram-features.js'
import { createInferenceBackend } from '../../../src/onnx/worker-backend.js'
import { MicroBatcher } from '../../../src/experts/micro-batcher.js'
import { embeddingBagModel } from '../../helpers/tiny-models.js'

const CONFIG: FeatureConfig = { buckets: 512, wordNgrams: [1, 2], charNgrams: [3, 5], seed: 7 }
const bag = embeddingBagModel({ vocab: CONFIG.buckets, dim: 4, seed: 3 })
const spec = { config: CONFIG, idsInput: 'ids', weightsInput: 'weights' }

/** Short and long texts mixed, so a batch splits into groups of different widths. */
const TEXTS = [
  'hi',
  'the heron stands in the shallow water of the marsh and waits for a fish to come close enough '.repeat(6),
  'cheap meds now',
  '',
  'a longer sentence about the stock market and the quarterly earnings of the bank '.repeat(3),
  'ok'
]

/** What the model gives for one text featurized alone on this thread (the path before text feeds). */
function alone (text: string): Float32Array {
  const b = encodeFeatureBatch([featurizePacked(text, CONFIG)])
  return bag.reference(b.ids.data, b.weights.data, 1, b.ids.dims[1])
}

const backends: InferenceBackend[] = []
afterAll(async () => { await Promise.all(backends.map(async b => { await b.stop() })) })

describe.each(['worker', 'in-process'] as const)('text feeds on a %s backend', (mode) => {
  it('featurizes where the model runs and returns one row per text, in order, across width groups', async () => {
    const backend = createInferenceBackend({ mode })
    backends.push(backend)
    const handle = await backend.load(bag.bytes)
    expect(handle.runText).toBeTypeOf('function')
    const out = await handle.runText!({}, { texts: TEXTS, ...spec })
    expect(out.embedding.dims).toEqual([TEXTS.length, bag.dim])
    TEXTS.forEach((t, i) => {
      const want = alone(t)
      const got = out.embedding.data.subarray(i * bag.dim, (i + 1) * bag.dim) as Float32Array
      for (let d = 0; d < bag.dim; d++) expect(got[d]).toBeCloseTo(want[d], 5)
    })
    await expect(handle.runText!({}, { texts: ['x'], ...spec, idsInput: 'weights' })).rejects.toThrow()
    await handle.close()
  })

  it('a micro-batcher shares one run among concurrent text calls, each getting its own row', async () => {
    const backend = createInferenceBackend({ mode })
    backends.push(backend)
    const batcher = new MicroBatcher(await backend.load(bag.bytes))
    // the first call runs alone; the rest queue behind it and share the next run
    const outs = await Promise.all(TEXTS.map(async t => await batcher.runTextRow({}, t, spec)))
    TEXTS.forEach((t, i) => {
      const want = alone(t)
      for (let d = 0; d < bag.dim; d++) expect(outs[i].embedding.data[d]).toBeCloseTo(want[d], 5)
    })
    expect(batcher.stats().runs).toBeLessThan(TEXTS.length)
    await expect(batcher.runTextRow({}, 'x', { ...spec, idsInput: 'nope' })).rejects.toBeInstanceOf(InvalidFeedsError)
    await batcher.close()
  })
})
