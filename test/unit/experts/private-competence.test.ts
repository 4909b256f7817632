/**
 * Private n-gram competence: the kNN over the owner's own texts (kw, kc) on a tiny known set, the conformal
 * p-value arithmetic, competence.bin version 2 round trips (and version 1 still reads, without private data),
 * and corrupt private sections are refused naming the field.
 */
import { describe, expect, it } from 'vitest'
import { decodeCompetence, encodeCompetence, MAX_PRIVATE_TEXT_BYTES, quantizeCompetence } from '../../../src/experts/competence.js'
import { ExpertPackageError } from '../../../src/experts/errors.js'
import { packageCompetence } from '../../../src/experts/expert.js'
import { DEFAULT_FEATURES, featurize } from '../../../src/experts/features.js'
import { EXPERT_FORMAT, validateManifest } from '../../../src/experts/manifest.js'
import {
  conformalP, inDomainScore, OwnTextIndex, PrivateCompetence, privateCompetenceData, privateReferences, PRIVATE_K, WORD_FEATURES
} from '../../../src/experts/private-competence.js'

const SPACE = 'ab'.repeat(32)
const DIM = 4

const OWN = [
  'the cat sat on the mat',
  'a cat and a dog',
  'dogs chase cats in the yard',
  'the stock market fell sharply today',
  'bond yields rose as markets fell'
]

/** Exact mean of the k best dots of sparse features, padded with zeros. */
function exact (texts: string[], query: string, config = WORD_FEATURES, k = PRIVATE_K): number {
  const q = featurize(query, config)
  const dots = texts.map((t) => {
    const f = featurize(t, config)
    let s = 0
    f.ids.forEach((id, i) => { const j = q.ids.indexOf(id); if (j >= 0) s += f.weights[i] * q.weights[j] })
    return s
  }).sort((a, b) => b - a)
  return dots.slice(0, k).reduce((a, b) => a + b, 0) / k
}

function sharedData (): ReturnType<typeof quantizeCompetence> {
  return quantizeCompetence(SPACE, DIM, Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0]))
}

describe('private kNN over the own texts', () => {
  it('is the mean of the K best cosines, padded with zeros when there are fewer than K texts', () => {
    const index = OwnTextIndex.build(OWN, WORD_FEATURES)
    expect(index.rows).toBe(5)
    for (const q of ['the cat sat on the mat', 'markets fell today', 'quantum chromodynamics']) {
      expect(index.scoreText(q)).toBeCloseTo(exact(OWN, q), 6)
      expect(index.scoreText(q, 2)).toBeCloseTo(exact(OWN, q, WORD_FEATURES, 2), 6)
    }
    // an exact own text is a cosine of 1 to itself: 1 / K at least
    expect(index.scoreText(OWN[0], 1)).toBeCloseTo(1, 5)
    expect(index.scoreText('quantum chromodynamics')).toBe(0)
    const chars = OwnTextIndex.build(OWN, DEFAULT_FEATURES)
    expect(chars.scoreText('cats on mats')).toBeCloseTo(exact(OWN, 'cats on mats', DEFAULT_FEATURES), 6)
    // leave-one-out: the text itself is skipped
    expect(index.score(featurize(OWN[0], WORD_FEATURES), 1, 0)).toBeLessThan(0.9)
  })

  it('reuses its scratch accumulator: a second query does not see the first', () => {
    const index = OwnTextIndex.build(OWN, WORD_FEATURES)
    const first = index.scoreText('bond yields')
    index.scoreText('the cat sat on the mat')
    expect(index.scoreText('bond yields')).toBe(first)
  })
})

describe('conformal p-values', () => {
  it('is (1 + #{ref <= x}) / (1 + #ref)', () => {
    const ref = Float32Array.from([0.125, 0.25, 0.25, 0.5])
    expect(conformalP(ref, 0.05)).toBeCloseTo(1 / 5)
    expect(conformalP(ref, 0.125)).toBeCloseTo(2 / 5)
    expect(conformalP(ref, 0.25)).toBeCloseTo(4 / 5)
    expect(conformalP(ref, 0.3)).toBeCloseTo(4 / 5)
    expect(conformalP(ref, 0.9)).toBe(1)
    expect(conformalP(new Float32Array(0), 0.3)).toBe(1)
    expect(inDomainScore(ref, ref, 0.05, 0.9)).toBeCloseTo(Math.log(1 / 5))
    expect(inDomainScore(ref, ref, 0.05, 0.05)).toBeCloseTo(2 * Math.log(1 / 5))
  })

  it('references are the sorted scores of the held-out texts, or leave-one-out without any', () => {
    const held = ['the dog sat on a mat', 'markets rose']
    const { refC, refW } = privateReferences(OWN, held)
    expect(Array.from(refW)).toEqual(Array.from(Float32Array.from(held.map((t) => exact(OWN, t))).sort()))
    expect(refC).toHaveLength(2)
    const loo = privateReferences(OWN, [])
    expect(loo.refW).toHaveLength(5)
    expect(Array.from(loo.refW)).toEqual([...loo.refW].sort((a, b) => a - b))
    expect(loo.refW[4]).toBeLessThan(1 / PRIVATE_K) // no text meets itself
  })

  it('scores a query: in-domain near 0, foreign very negative', async () => {
    const priv = await PrivateCompetence.open(privateCompetenceData(OWN, ['the dog sat on a mat', 'markets fell'], 1))
    const own = priv.score('the cat and the dog sat on the mat')
    const foreign = priv.score('quantum chromodynamics lecture')
    expect(own.kw).toBeGreaterThan(foreign.kw)
    expect(own.inDomain).toBe(0)
    expect(foreign.inDomain).toBeCloseTo(2 * Math.log(1 / 3))
  })
})

describe('competence.bin version 2', () => {
  const priv = privateCompetenceData(OWN, ['the dog sat on a mat', 'markets fell'], 1)

  it('round-trips the own texts and references; version 1 still reads, without private data', () => {
    const data = { ...sharedData(), private: priv }
    const bytes = encodeCompetence(data)
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(2)
    const back = decodeCompetence(bytes)
    expect(back.private?.texts).toEqual(OWN)
    expect(Array.from(back.private?.refC ?? [])).toEqual(Array.from(priv.refC))
    expect(Array.from(back.private?.refW ?? [])).toEqual(Array.from(priv.refW))
    expect(Array.from(back.rows)).toEqual(Array.from(data.rows))
    const v1 = encodeCompetence(sharedData())
    expect(new DataView(v1.buffer).getUint32(4, true)).toBe(1)
    expect(decodeCompetence(v1).private).toBeUndefined()
  })

  it('refuses corrupt private sections, naming the field', () => {
    const bytes = encodeCompetence({ ...sharedData(), private: priv })
    const end = 48 + 4 * 2 + 2 * DIM
    const bad = (edit: (b: Uint8Array, v: DataView) => Uint8Array | void, pattern: RegExp): void => {
      const b = bytes.slice()
      const out = edit(b, new DataView(b.buffer)) ?? b
      let err: unknown
      try { decodeCompetence(out) } catch (e) { err = e }
      expect(err, String(pattern)).toBeInstanceOf(ExpertPackageError)
      expect((err as Error).message).toMatch(pattern)
    }
    bad((b) => b.subarray(0, b.length - 1), /truncated/)
    bad((b) => b.subarray(0, end + 4), /truncated/)
    bad((b) => { const c = new Uint8Array(b.length + 1); c.set(b); return c }, /after the last text/)
    bad((_, v) => { v.setUint32(end + 4, 0, true) }, /texts/)
    bad((_, v) => { v.setUint32(end, 1_000_000, true) }, /refs/)
    bad((_, v) => { v.setFloat32(end + 8, Number.NaN, true) }, /kc refs/)
    bad((_, v) => { v.setFloat32(end + 8, 0.9, true) }, /sorted/)
    bad((_, v) => { v.setFloat32(end + 8 + 8, 2, true) }, /kw refs.*0\.\.1/)
    bad((b) => { b[b.length - 1] = 0xff }, /UTF-8/)
    bad((_, v) => { v.setUint32(4, 3, true) }, /version/)
    expect(() => encodeCompetence({ ...sharedData(), private: { ...priv, texts: Array.from({ length: Math.ceil(MAX_PRIVATE_TEXT_BYTES / 15_000) + 1 }, () => 'x'.repeat(15_000)) } })).toThrow(/texts: are more than/)
  })

  it('an expert reports shared, private and inDomain scores; without private data only shared', async () => {
    const manifest = validateManifest({
      format: EXPERT_FORMAT, name: 'tiny', version: '1.0.0', task: 'classification', inputKind: 'embedding', labels: ['a', 'b'],
      description: '', trainedOn: { source: 's', examples: 1, license: 'l' }, license: 'l', price: 0, spaceId: SPACE, dim: DIM
    })
    const opened = await PrivateCompetence.open(priv)
    const q = { text: 'the cat sat on the mat', vector: Float32Array.from([1, 0, 0, 0]) }
    const full = packageCompetence(sharedData(), opened, q, manifest)
    expect(full?.shared).toBeCloseTo(0.5, 2) // the mean of cosines 1 and 0 over its two rows
    expect(full?.private).toBeCloseTo(exact(OWN, q.text), 6)
    expect(full?.inDomain).toBeLessThanOrEqual(0)
    expect(packageCompetence(sharedData(), undefined, q, manifest)).toEqual({ shared: full?.shared })
    expect(packageCompetence(undefined, opened, q, manifest)).toBeUndefined()
  })
})
