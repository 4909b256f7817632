/**
 * competence.bin and the expert-side kNN score: the owner's inputs survive the file (int8), the score is the mean
 * cosine of the 10 nearest, corrupt files are refused naming the field, and gate/temperature in expert.json are
 * validated and reach the card and the answers.
 */
import { describe, expect, it } from 'vitest'
import { competenceScore, decodeCompetence, encodeCompetence, MAX_COMPETENCE_ROWS, quantizeCompetence } from '../../../src/experts/competence.js'
import { ExpertPackageError } from '../../../src/experts/errors.js'
import { expertCard, temperedAnswer } from '../../../src/experts/expert.js'
import { EXPERT_FORMAT, validateManifest, type ExpertManifest } from '../../../src/experts/manifest.js'
import { SeededRandom } from '../../../src/text/random.js'

const SPACE = 'ef'.repeat(32)
const DIM = 24

function rows (n: number, seed: number): Float32Array {
  const rng = new SeededRandom(seed)
  return Float32Array.from({ length: n * DIM }, () => rng.normal())
}

function exactScore (X: Float32Array, q: Float32Array, k: number): number {
  const unit = (v: Float32Array): Float32Array => { const n = Math.hypot(...v); return v.map((x) => x / n) }
  const qu = unit(q)
  const sims: number[] = []
  for (let i = 0; i < X.length / DIM; i++) {
    const r = unit(X.slice(i * DIM, (i + 1) * DIM))
    sims.push(r.reduce((s, x, j) => s + x * qu[j], 0))
  }
  sims.sort((a, b) => b - a)
  return sims.slice(0, k).reduce((s, x) => s + x, 0) / k
}

function manifest (extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: EXPERT_FORMAT, name: 'tiny', version: '1.0.0', task: 'classification', inputKind: 'embedding', labels: ['a', 'b'],
    description: '', trainedOn: { source: 's', examples: 1, license: 'l' }, license: 'l', price: 0, spaceId: SPACE, dim: DIM, ...extra
  }
}

describe('competence data', () => {
  it('round-trips through competence.bin and scores a query as the mean cosine of its 10 nearest own inputs', () => {
    const X = rows(300, 1)
    const data = decodeCompetence(encodeCompetence(quantizeCompetence(SPACE, DIM, X)))
    expect(data).toMatchObject({ spaceId: SPACE, dim: DIM, count: 300 })
    for (const seed of [2, 3, 4]) {
      const q = rows(1, seed)
      expect(competenceScore(data, q)).toBeCloseTo(exactScore(X, q, 10), 2)
    }
    // an own input scores higher than an unrelated direction
    const own = X.slice(0, DIM)
    expect(competenceScore(data, own)).toBeGreaterThan(competenceScore(data, rows(1, 99)))
    expect(competenceScore(data, new Float32Array(DIM))).toBe(0)
  })

  it('refuses a truncated, foreign or oversized file, naming what is wrong', () => {
    const bytes = encodeCompetence(quantizeCompetence(SPACE, DIM, rows(20, 5)))
    expect(() => decodeCompetence(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/)
    const foreign = bytes.slice(); foreign[0] = 0x58
    expect(() => decodeCompetence(foreign)).toThrow(/MMKN/)
    const badScale = bytes.slice(); new DataView(badScale.buffer).setFloat32(48, Number.NaN, true)
    expect(() => decodeCompetence(badScale)).toThrow(ExpertPackageError)
    expect(() => quantizeCompetence(SPACE, DIM, rows(MAX_COMPETENCE_ROWS + 1, 6))).toThrow(/count/)
  })
})

describe('gate and temperature in expert.json', () => {
  it('accepts a gate of dim weights and a temperature; the card carries the gate int8-quantised', () => {
    const weights = Array.from({ length: DIM }, (_, j) => (j - 12) / 10)
    const m = validateManifest(manifest({ gate: { weights, bias: -1.5, abstainBelow: -3 }, temperature: 2 }))
    expect(m.gate?.weights).toEqual(weights)
    expect(m.temperature).toBe(2)
    const q = Int8Array.from(weights, (w) => Math.round(w / (1.2 / 127)))
    const card = expertCard({ expertId: 'ab'.repeat(32), manifest: m, centroids: [], gate: { weights: q, scale: 1.2 / 127, bias: -1.5, abstainBelow: -3 } }, 0, 'embedding')
    expect(card.gate?.weights[0]).toBe(-127)
    // a 2-label answer of 0.9 / 0.1 at temperature 2 softens to 0.75 / 0.25
    const p = temperedAnswer(Float32Array.of(0.9, 0.1), m)
    expect(p[0]).toBeCloseTo(0.75, 5)
    expect(temperedAnswer(Float32Array.of(0.9, 0.1), validateManifest(manifest()))[0]).toBeCloseTo(0.9, 6)
  })

  it('refuses a gate of the wrong length, non-finite values, unknown fields and a bad temperature, naming the field', () => {
    const gate = { weights: new Array(DIM).fill(0.1), bias: 0, abstainBelow: -1 }
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ gate: { ...gate, weights: [0.1, 0.2] } }, 'gate.weights'],
      [{ gate: { ...gate, weights: [...gate.weights.slice(1), 'x'] } }, `gate.weights[${DIM - 1}]`],
      [{ gate: { ...gate, bias: Number.NaN } }, 'gate.bias'],
      [{ gate: { ...gate, abstainBelow: 1e12 } }, 'gate.abstainBelow'],
      [{ gate: { ...gate, extra: 1 } }, 'gate.extra'],
      [{ gate: [1, 2] }, 'gate'],
      [{ temperature: 0 }, 'temperature'],
      [{ temperature: 'hot' }, 'temperature']
    ]
    for (const [extra, field] of cases) {
      let caught: unknown
      try { validateManifest(manifest(extra) as unknown as ExpertManifest) } catch (err) { caught = err }
      expect(caught, field).toBeInstanceOf(ExpertPackageError)
      expect((caught as ExpertPackageError).field, field).toBe(field)
    }
  })
})
