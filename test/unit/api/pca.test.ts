import { describe, expect, it } from 'vitest'
import { principalAxes, project } from '../../../src/api/pca.js'
import { SeededRandom } from '../../../src/text/random.js'

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s }

describe('principalAxes', () => {
  it('finds the axes and variances of a known spread, best first, signed and orthonormal', () => {
    // variance 4.5 along x, 0.5 along y, none along z
    const rows = [[3, 0, 0], [-3, 0, 0], [0, 1, 0], [0, -1, 0]]
    const pca = principalAxes(rows, 3)
    expect(Array.from(pca.axes[0]).map((v) => +v.toFixed(6) + 0)).toEqual([1, 0, 0])
    expect(Array.from(pca.axes[1]).map((v) => +v.toFixed(6) + 0)).toEqual([0, 1, 0])
    expect(pca.variance[0]).toBeCloseTo(4.5, 6)
    expect(pca.variance[1]).toBeCloseTo(0.5, 6)
    expect(pca.totalVariance).toBeCloseTo(5, 6)
    expect(project(pca, [3, 0, 0]).map((v) => +v.toFixed(6) + 0)).toEqual([3, 0])
    expect(project(pca, [0, -1, 7]).map((v) => +v.toFixed(6) + 0)).toEqual([0, -1])
  })

  it('recovers the main direction of noisy high-dimensional data, the same on every run', () => {
    const rng = new SeededRandom(3)
    const dim = 40
    const dir = Float64Array.from({ length: dim }, () => rng.normal())
    const n = Math.sqrt(dot(dir, dir))
    for (let j = 0; j < dim; j++) dir[j] /= n
    const rows = Array.from({ length: 200 }, () => {
      const t = 5 * rng.normal()
      return Float64Array.from(dir, (d) => t * d + 0.3 * rng.normal())
    })
    const a = principalAxes(rows, dim)
    const b = principalAxes(rows, dim)
    expect(Math.abs(dot(a.axes[0], dir))).toBeGreaterThan(0.99)
    expect(a.variance[0] / a.totalVariance).toBeGreaterThan(0.8)
    expect(Math.abs(dot(a.axes[0], a.axes[1]))).toBeLessThan(1e-9)
    expect(dot(a.axes[1], a.axes[1])).toBeCloseTo(1, 9)
    // deterministic, bit for bit
    expect(Array.from(b.axes[0])).toEqual(Array.from(a.axes[0]))
    expect(Array.from(b.axes[1])).toEqual(Array.from(a.axes[1]))
  })

  it('puts identical rows, one row or no rows at the origin instead of failing', () => {
    for (const rows of [[[1, 2, 3], [1, 2, 3]], [[4, 5, 6]], []]) {
      const pca = principalAxes(rows, 3)
      expect(pca.variance).toEqual([0, 0])
      expect(project(pca, rows[0] ?? [0, 0, 0])).toEqual([0, 0])
    }
  })
})
