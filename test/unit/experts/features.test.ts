import { describe, expect, it } from 'vitest'
import {
  DEFAULT_FEATURES, encodeFeatureBatch, featureConfigProblem, featurize, MAX_FEATURES_PER_TEXT, type FeatureConfig
} from '../../../src/experts/features.js'
import { bucketOf } from '../../../src/text/hash.js'
import { normalizeText, words } from '../../../src/text/normalize.js'
import { SeededRandom } from '../../../src/text/random.js'

/** The definition, spelled out with substrings and bucketOf: what the incremental hashing must equal. */
function naive (text: string, cfg: FeatureConfig): Map<number, number> {
  const norm = normalizeText(text)
  const counts = new Map<number, number>()
  const add = (f: string): void => { const b = bucketOf(f, cfg.buckets, cfg.seed); counts.set(b, (counts.get(b) ?? 0) + 1) }
  if (norm === '') return counts
  const toks = words(norm)
  if (cfg.wordNgrams[1] > 0) {
    for (let n = cfg.wordNgrams[0]; n <= cfg.wordNgrams[1]; n++) {
      for (let i = 0; i + n <= toks.length; i++) add(`w:${toks.slice(i, i + n).join(' ')}`)
    }
  }
  if (cfg.charNgrams[1] > 0) {
    const padded = ` ${norm} `
    for (let n = cfg.charNgrams[0]; n <= cfg.charNgrams[1]; n++) {
      for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`)
    }
  }
  const w = new Map<number, number>()
  let ss = 0
  for (const [id, tf] of counts) { const x = 1 + Math.log(tf); w.set(id, x); ss += x * x }
  for (const [id, x] of w) w.set(id, Math.fround(x / Math.sqrt(ss)))
  return w
}

describe('featurize', () => {
  const texts = ['Cheap meds, buy now!!', 'The quick brown fox jumps over the lazy dog; the dog sleeps.', 'Ça va? Très bien — 1999 über', 'a']
  const configs: FeatureConfig[] = [
    DEFAULT_FEATURES,
    { buckets: 97, wordNgrams: [1, 3], charNgrams: [0, 0], seed: 5 },
    { buckets: 1 << 20, wordNgrams: [0, 0], charNgrams: [2, 4], seed: 0xffffffff }
  ]

  it('hashes exactly the documented feature strings with bucketOf, sublinear tf, L2-normalised', () => {
    for (const cfg of configs) {
      for (const text of texts) {
        const got = featurize(text, cfg)
        const want = naive(text, cfg)
        expect(got.ids).toEqual([...want.keys()].sort((a, b) => a - b))
        expect(got.weights).toEqual(got.ids.map((id) => want.get(id)))
        const norm = Math.sqrt(got.weights.reduce((s, x) => s + x * x, 0))
        expect(norm).toBeCloseTo(1, 5)
      }
    }
  })

  it('gives the same features for texts that differ only in case and spacing', () => {
    expect(featurize('Hello   WORLD\n', DEFAULT_FEATURES)).toEqual(featurize('hello world', DEFAULT_FEATURES))
  })

  it('gives no features for an empty text', () => {
    expect(featurize('   ', DEFAULT_FEATURES)).toEqual({ ids: [], weights: [] })
  })

  it('keeps at most MAX_FEATURES_PER_TEXT features for a very long text', () => {
    const rng = new SeededRandom(3)
    const text = Array.from({ length: 4000 }, () => Math.floor(rng.next() * 1e9).toString(36)).join(' ')
    const f = featurize(text, { ...DEFAULT_FEATURES, buckets: 1 << 22 })
    expect(f.ids.length).toBe(MAX_FEATURES_PER_TEXT)
    expect([...f.ids].sort((a, b) => a - b)).toEqual(f.ids)
  })
})

describe('encodeFeatureBatch', () => {
  it('pads rows to the longest with id 0 and weight 0', () => {
    const batch = encodeFeatureBatch([{ ids: [3, 7], weights: [0.6, 0.8] }, { ids: [], weights: [] }, { ids: [5], weights: [1] }])
    expect(batch.ids.dims).toEqual([3, 2])
    expect([...batch.ids.data]).toEqual([3n, 7n, 0n, 0n, 5n, 0n])
    expect([...batch.weights.data]).toEqual([Math.fround(0.6), Math.fround(0.8), 0, 0, 1, 0])
  })

  it('gives width 1 when no row has features', () => {
    const batch = encodeFeatureBatch([{ ids: [], weights: [] }])
    expect(batch.ids.dims).toEqual([1, 1])
    expect(batch.weights.data[0]).toBe(0)
  })
})

describe('featureConfigProblem', () => {
  it('accepts the defaults', () => {
    expect(featureConfigProblem({ ...DEFAULT_FEATURES })).toBeUndefined()
  })

  it.each([
    [{ ...DEFAULT_FEATURES, buckets: 3 }, 'buckets'],
    [{ ...DEFAULT_FEATURES, wordNgrams: [2, 1] }, 'wordNgrams'],
    [{ ...DEFAULT_FEATURES, charNgrams: [1, 99] }, 'charNgrams'],
    [{ ...DEFAULT_FEATURES, wordNgrams: [0, 0], charNgrams: [0, 0] }, 'wordNgrams'],
    [{ ...DEFAULT_FEATURES, seed: -1 }, 'seed'],
    [{ ...DEFAULT_FEATURES, bukets: 5 }, 'bukets']
  ])('names the bad field %#', (config, field) => {
    expect(featureConfigProblem(config)?.field).toBe(field)
  })
})
