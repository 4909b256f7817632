import { describe, expect, it } from 'vitest'
import { sphericalKMeans } from '../../../src/experts/kmeans.js'
import { SeededRandom } from '../../../src/text/random.js'

function unit (v: Float32Array): Float32Array {
  const n = Math.hypot(...v)
  return v.map((x) => x / n)
}

function cos (a: Float32Array, b: Float32Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i] * b[i]
  return s / (Math.hypot(...a) * Math.hypot(...b))
}

function planted (clusters: number, per: number, dim: number, noise: number, seed: number): { centers: Float32Array[], points: Float32Array[] } {
  const rng = new SeededRandom(seed)
  const centers = Array.from({ length: clusters }, () => unit(Float32Array.from({ length: dim }, () => rng.normal())))
  const points: Float32Array[] = []
  for (let i = 0; i < per; i++) {
    for (const c of centers) points.push(unit(c.map((x) => x + noise * rng.normal())))
  }
  return { centers, points }
}

describe('sphericalKMeans', () => {
  it('recovers planted clusters one to one', () => {
    const { centers, points } = planted(5, 40, 32, 0.1, 11)
    const got = sphericalKMeans(points, 5, { seed: 1 })
    expect(got).toHaveLength(5)
    const matched = new Set<number>()
    for (const c of centers) {
      const sims = got.map((g) => cos(c, g))
      const best = sims.indexOf(Math.max(...sims))
      expect(sims[best]).toBeGreaterThan(0.97)
      matched.add(best)
    }
    expect(matched.size).toBe(5)
  })

  it('returns L2-normalised centroids, largest cluster first', () => {
    const a = planted(1, 30, 16, 0.1, 1)
    const b = planted(1, 10, 16, 0.1, 2)
    const got = sphericalKMeans([...b.points, ...a.points], 2, { seed: 3 })
    for (const g of got) expect(Math.hypot(...g)).toBeCloseTo(1, 5)
    expect(cos(got[0], a.centers[0])).toBeGreaterThan(0.95)
    expect(cos(got[1], b.centers[0])).toBeGreaterThan(0.95)
  })

  it('is deterministic for a seed', () => {
    const { points } = planted(6, 30, 24, 0.5, 5)
    const one = sphericalKMeans(points, 4, { seed: 9 })
    const two = sphericalKMeans(points, 4, { seed: 9 })
    expect(two.map((c) => [...c])).toEqual(one.map((c) => [...c]))
  })

  it('returns min(k, distinct directions) centroids and skips zero vectors', () => {
    const x = Float32Array.from([1, 0, 0])
    const y = Float32Array.from([0, 2, 0])
    const points = [x, x, x, y, y, new Float32Array(3), Float32Array.from([NaN, 0, 0])]
    const got = sphericalKMeans(points, 5)
    expect(got).toHaveLength(2)
    expect(sphericalKMeans([x], 8)).toHaveLength(1)
    expect(sphericalKMeans([new Float32Array(3)], 8)).toEqual([])
  })
})
