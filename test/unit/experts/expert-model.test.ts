import { afterAll, describe, expect, it } from 'vitest'
import {
  buildExpertModel, EMBEDDING_INPUT, NGRAM_IDS_INPUT, NGRAM_WEIGHTS_INPUT, PROBABILITIES_OUTPUT, type ExpertWeights
} from '../../../src/experts/expert-model.js'
import { encodeFeatureBatch, type SparseFeatures } from '../../../src/experts/features.js'
import { inspectModel } from '../../../src/onnx/onnx-writer.js'
import { createInferenceBackend } from '../../../src/onnx/worker-backend.js'
import type { InputKind } from '../../../src/experts/manifest.js'
import type { TensorMap } from '../../../src/onnx/tensor.js'
import { SeededRandom } from '../../../src/text/random.js'

const backend = createInferenceBackend({ mode: 'in-process' })
afterAll(async () => { await backend.stop() })

function randomArray (rng: SeededRandom, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal() * scale)
}

function randomWeights (kind: InputKind, hidden: number, rng: SeededRandom): ExpertWeights {
  const dim = 12
  const buckets = 50
  const C = 4
  const w: ExpertWeights = { inputKind: kind, classes: C, dim: kind === 'ngrams' ? 0 : dim, buckets: kind === 'embedding' ? 0 : buckets, hidden, bias: randomArray(rng, C) }
  if (kind !== 'ngrams') {
    if (hidden > 0) { w.hiddenWeight = randomArray(rng, dim * hidden); w.hiddenBias = randomArray(rng, hidden) }
    w.embeddingWeight = randomArray(rng, (hidden > 0 ? hidden : dim) * C)
  }
  if (kind !== 'embedding') w.ngramTable = randomArray(rng, buckets * C)
  return w
}

/** Independent reference: the forward pass written out plainly (no shared code with the trainer). */
function reference (w: ExpertWeights, x: Float32Array | undefined, f: SparseFeatures | undefined): number[] {
  const C = w.classes
  const logits = [...w.bias]
  if (x != null && w.embeddingWeight != null) {
    let input: number[] = [...x]
    if (w.hidden > 0) {
      input = Array.from({ length: w.hidden }, (_, k) => {
        let s = (w.hiddenBias as Float32Array)[k]
        for (let j = 0; j < w.dim; j++) s += input[j] * (w.hiddenWeight as Float32Array)[j * w.hidden + k]
        return Math.max(0, s)
      })
    }
    for (let c = 0; c < C; c++) for (let j = 0; j < input.length; j++) logits[c] += input[j] * w.embeddingWeight[j * C + c]
  }
  if (f != null && w.ngramTable != null) {
    for (let l = 0; l < f.ids.length; l++) for (let c = 0; c < C; c++) logits[c] += f.weights[l] * w.ngramTable[f.ids[l] * C + c]
  }
  const max = Math.max(...logits)
  const e = logits.map((z) => Math.exp(z - max))
  const sum = e.reduce((a, b) => a + b, 0)
  return e.map((v) => v / sum)
}

const cases: Array<[InputKind, number]> = [['embedding', 0], ['embedding', 8], ['ngrams', 0], ['both', 0], ['both', 6]]

describe('buildExpertModel', () => {
  it.each(cases)('ONNX output equals a plain TypeScript forward pass (%s, hidden %d)', async (kind, hidden) => {
    const rng = new SeededRandom(kind.length * 100 + hidden)
    const w = randomWeights(kind, hidden, rng)
    const bytes = buildExpertModel(w)
    const handle = await backend.load(bytes)
    try {
      const N = 6
      const xs = Array.from({ length: N }, () => randomArray(rng, 12))
      // Rows of different lengths (one empty) so padding is exercised; ids may repeat within a row.
      const fs: SparseFeatures[] = Array.from({ length: N }, (_, n) => {
        const len = n === 2 ? 0 : 1 + rng.int(7)
        return { ids: Array.from({ length: len }, () => rng.int(50)), weights: Array.from({ length: len }, () => Math.fround(rng.normal())) }
      })
      const feeds: TensorMap = {}
      if (kind !== 'ngrams') {
        const data = new Float32Array(N * 12)
        xs.forEach((x, n) => data.set(x, n * 12))
        feeds[EMBEDDING_INPUT] = { type: 'float32', data, dims: [N, 12] }
      }
      if (kind !== 'embedding') {
        const b = encodeFeatureBatch(fs)
        feeds[NGRAM_IDS_INPUT] = b.ids
        feeds[NGRAM_WEIGHTS_INPUT] = b.weights
      }
      const out = (await handle.run(feeds))[PROBABILITIES_OUTPUT]
      expect(out.dims).toEqual([N, 4])
      for (let n = 0; n < N; n++) {
        const want = reference(w, kind !== 'ngrams' ? xs[n] : undefined, kind !== 'embedding' ? fs[n] : undefined)
        for (let c = 0; c < 4; c++) expect(out.data[n * 4 + c]).toBeCloseTo(want[c], 5)
      }
    } finally {
      await handle.close()
    }
  })

  it.each(cases)('declares the inputs of its kind and writes the same bytes twice (%s, hidden %d)', (kind, hidden) => {
    const w = randomWeights(kind, hidden, new SeededRandom(1))
    const bytes = buildExpertModel(w)
    expect(buildExpertModel(randomWeights(kind, hidden, new SeededRandom(1)))).toEqual(bytes)
    const summary = inspectModel(bytes)
    const names = summary.inputs.map((i) => i.name).sort()
    const want = { embedding: [EMBEDDING_INPUT], ngrams: [NGRAM_IDS_INPUT, NGRAM_WEIGHTS_INPUT], both: [EMBEDDING_INPUT, NGRAM_IDS_INPUT, NGRAM_WEIGHTS_INPUT] }[kind]
    expect(names).toEqual([...want].sort())
    expect(summary.outputs).toEqual([{ name: PROBABILITIES_OUTPUT, type: 'float32', dims: ['N', 4] }])
    expect(summary.metadata['moemesh.input_kind']).toBe(kind)
  })

  it('refuses weights of the wrong shape or with NaN', () => {
    const w = randomWeights('both', 0, new SeededRandom(2))
    expect(() => buildExpertModel({ ...w, bias: new Float32Array(3) })).toThrow(/bias has 3 values, expected 4/)
    const table = (w.ngramTable as Float32Array).slice()
    table[7] = NaN
    expect(() => buildExpertModel({ ...w, ngramTable: table })).toThrow(/ngramTable\[7\] is NaN/)
  })
})
