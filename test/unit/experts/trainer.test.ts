import { describe, expect, it } from 'vitest'
import { trainWeights, stratifiedSplit, type TrainingData } from '../../../src/experts/trainer.js'
import { buildExpertModel, expertLogits, type ExpertWeights } from '../../../src/experts/expert-model.js'
import { featurize, type FeatureConfig } from '../../../src/experts/features.js'
import { SeededRandom } from '../../../src/text/random.js'
import { FakeEmbedder, topicCorpus } from './fixtures.js'

const FEATURES: FeatureConfig = { buckets: 4096, wordNgrams: [1, 2], charNgrams: [3, 4], seed: 0 }

function accuracy (w: ExpertWeights, data: TrainingData, idx: number[]): number {
  const z = new Float64Array(w.classes)
  let correct = 0
  for (const i of idx) {
    expertLogits(w, data.embeddings?.[i], data.features?.[i], z)
    let arg = 0
    for (let c = 1; c < w.classes; c++) if (z[c] > z[arg]) arg = c
    if (arg === data.labels[i]) correct++
  }
  return correct / idx.length
}

function topicData (kind: TrainingData['inputKind'], perLabel: number, seed: number): TrainingData {
  const corpus = topicCorpus(perLabel, seed)
  const labels = ['cooking', 'space', 'sport']
  const emb = new FakeEmbedder(32)
  return {
    inputKind: kind,
    classes: 3,
    labels: corpus.map((e) => labels.indexOf(e.label)),
    embeddings: corpus.map((e) => emb.embedOne(e.text)),
    features: corpus.map((e) => featurize(e.text, FEATURES)),
    buckets: FEATURES.buckets
  }
}

/** XOR of two coordinates: not linearly separable, easy for one hidden layer. */
function xorData (n: number, seed: number): TrainingData {
  const rng = new SeededRandom(seed)
  const embeddings: Float32Array[] = []
  const labels: number[] = []
  for (let i = 0; i < n; i++) {
    const a = rng.next() < 0.5 ? -1 : 1
    const b = rng.next() < 0.5 ? -1 : 1
    embeddings.push(Float32Array.from([a + 0.2 * rng.normal(), b + 0.2 * rng.normal(), 0.1 * rng.normal(), 0.1 * rng.normal()]))
    labels.push(a * b > 0 ? 1 : 0)
  }
  return { inputKind: 'embedding', classes: 2, labels, embeddings }
}

describe('trainWeights', () => {
  it.each(['embedding', 'ngrams', 'both'] as const)('learns a separable topic task from %s inputs (held-out accuracy)', async (kind) => {
    const train = topicData(kind, 120, 1)
    const test = topicData(kind, 40, 2)
    const result = await trainWeights(train, { seed: 7 })
    expect(result.epochs).toBeGreaterThan(0)
    expect(accuracy(result.weights, test, [...Array(test.labels.length).keys()])).toBeGreaterThan(0.95)
  })

  it('is deterministic: same data and seed, same model bytes; another seed, other bytes', async () => {
    const data = topicData('both', 60, 3)
    const one = buildExpertModel((await trainWeights(data, { seed: 5, hidden: 4 })).weights)
    const two = buildExpertModel((await trainWeights(data, { seed: 5, hidden: 4 })).weights)
    const other = buildExpertModel((await trainWeights(data, { seed: 6, hidden: 4 })).weights)
    expect(Buffer.from(two).equals(Buffer.from(one))).toBe(true)
    expect(Buffer.from(other).equals(Buffer.from(one))).toBe(false)
  })

  it('learns XOR with a hidden layer, which plain softmax regression cannot', async () => {
    const train = xorData(600, 1)
    const test = xorData(300, 2)
    const idx = [...Array(300).keys()]
    const linear = await trainWeights(train, { seed: 1 })
    const deep = await trainWeights(train, { seed: 1, hidden: 16 })
    expect(accuracy(linear.weights, test, idx)).toBeLessThan(0.75)
    expect(accuracy(deep.weights, test, idx)).toBeGreaterThan(0.95)
  })

  it('stops early and keeps the epoch with the best validation loss', async () => {
    const data = topicData('ngrams', 100, 4)
    const seen: number[] = []
    const result = await trainWeights(data, { epochs: 200, patience: 2, onEpoch: (p) => seen.push(p.validationLoss as number) })
    expect(result.epochs).toBeLessThan(200)
    expect(result.bestEpoch).toBe(result.epochs - 2)
    expect(result.validationLoss).toBe(seen[result.bestEpoch - 1])
    expect(result.validationLoss).toBeLessThanOrEqual(Math.min(...seen) + 1e-6)
    expect(result.validationExamples).toBe(30)
  })

  it('class balancing lifts recall of a rare class', async () => {
    // 95% class 0; class 1 differs by a faint shift: unweighted training mostly predicts 0.
    const make = (n: number, seed: number): TrainingData => {
      const rng = new SeededRandom(seed)
      const embeddings: Float32Array[] = []
      const labels: number[] = []
      for (let i = 0; i < n; i++) {
        const y = rng.next() < 0.05 ? 1 : 0
        embeddings.push(Float32Array.from([y * 1.2 + rng.normal(), rng.normal()]))
        labels.push(y)
      }
      return { inputKind: 'embedding', classes: 2, labels, embeddings }
    }
    const train = make(2000, 1)
    const test = make(2000, 2)
    const rare = [...Array(2000).keys()].filter((i) => test.labels[i] === 1)
    const plain = await trainWeights(train, { seed: 1 })
    const balanced = await trainWeights(train, { seed: 1, balanceClasses: true })
    expect(accuracy(balanced.weights, test, rare)).toBeGreaterThan(accuracy(plain.weights, test, rare) + 0.3)
  })

  it('rejects bad options and data with the field named', async () => {
    const data = topicData('embedding', 10, 1)
    await expect(trainWeights(data, { learningRate: -1 })).rejects.toThrow(/^learningRate: /)
    await expect(trainWeights({ ...data, labels: [...Array.from(data.labels).slice(1), 3] })).rejects.toThrow(/class 3, outside 0..2/)
    await expect(trainWeights({ ...data, inputKind: 'ngrams', features: undefined })).rejects.toThrow(/^features: /)
  })

  it('honours an aborted signal', async () => {
    const controller = new AbortController()
    controller.abort(new Error('stop'))
    await expect(trainWeights(topicData('both', 20, 1), { signal: controller.signal })).rejects.toThrow('stop')
  })
})

describe('stratifiedSplit', () => {
  it('holds out about the fraction of each class and never a whole class', () => {
    const labels = [...Array(100).fill(0), ...Array(10).fill(1), 2, 2]
    const { keep, held } = stratifiedSplit(labels, 3, 0.2, 1)
    expect(keep.length + held.length).toBe(112)
    expect(held.filter((i) => labels[i] === 0)).toHaveLength(20)
    expect(held.filter((i) => labels[i] === 1)).toHaveLength(2)
    expect(keep.filter((i) => labels[i] === 2).length).toBeGreaterThanOrEqual(1)
    expect(stratifiedSplit(labels, 3, 0.2, 1)).toEqual({ keep, held })
  })
})
