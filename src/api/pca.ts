/**
 * Principal component analysis by power iteration, small and deterministic: the same rows in the same order give
 * the same axes, bit for bit, on every run (fixed start vector, fixed iteration rule, a sign convention). Enough to
 * draw a high-dimensional embedding space on a screen; not a general linear-algebra library.
 */

/** Options of {@link principalAxes}. */
export interface PcaInit {
  /** Axes to find (each orthogonal to the ones before). @default 2 */
  components?: number
  /** Most power iterations per axis. @default 300 */
  maxIterations?: number
  /** An axis has converged when no coordinate moves more than this between two iterations. @default 1e-9 */
  tolerance?: number
}

/** The fitted projection. */
export interface Pca {
  dim: number
  /** Mean of the rows (what a projected vector is centred on). */
  mean: Float64Array
  /** Unit axes, best first; an axis is all zeros when the rows have no variance left in any direction. */
  axes: Float64Array[]
  /** Variance of the rows along each axis. */
  variance: number[]
  /** Total variance of the rows (sum over dimensions), so `variance[i] / totalVariance` is the share explained. */
  totalVariance: number
}

/** A fixed pseudo-random start (an LCG): almost never orthogonal to the axis sought, the same on every run. */
function startVector (dim: number, salt: number): Float64Array {
  const v = new Float64Array(dim)
  let s = (0x9e3779b9 ^ (salt * 0x85ebca6b)) >>> 0
  for (let j = 0; j < dim; j++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    v[j] = s / 0x1_0000_0000 - 0.5
  }
  return v
}

function normalise (v: Float64Array): number {
  let n = 0
  for (let j = 0; j < v.length; j++) n += v[j] * v[j]
  n = Math.sqrt(n)
  if (n > 0) for (let j = 0; j < v.length; j++) v[j] /= n
  return n
}

function removeComponents (v: Float64Array, axes: readonly Float64Array[]): void {
  for (const a of axes) {
    let d = 0
    for (let j = 0; j < v.length; j++) d += v[j] * a[j]
    for (let j = 0; j < v.length; j++) v[j] -= d * a[j]
  }
}

/**
 * Top eigenvectors of the symmetric `m` x `m` matrix `a` by power iteration, deflating earlier ones by
 * Gram-Schmidt. Returns the vectors and their eigenvalues (0 and a zero vector once nothing is left).
 */
function topEigen (a: Float64Array, m: number, components: number, maxIterations: number, tolerance: number, scale: number): { vectors: Float64Array[], values: number[] } {
  const vectors: Float64Array[] = []
  const values: number[] = []
  for (let k = 0; k < components; k++) {
    let v = startVector(m, k)
    removeComponents(v, vectors)
    let lambda = 0
    if (m > 0 && normalise(v) > 0) {
      for (let it = 0; it < maxIterations; it++) {
        const w = new Float64Array(m)
        for (let i = 0; i < m; i++) {
          let d = 0
          const o = i * m
          for (let j = 0; j < m; j++) d += a[o + j] * v[j]
          w[i] = d
        }
        removeComponents(w, vectors)
        lambda = normalise(w)
        // no variance left in any direction orthogonal to the vectors found so far
        if (lambda <= 1e-12 * scale) { lambda = 0; break }
        let moved = 0
        for (let j = 0; j < m; j++) moved = Math.max(moved, Math.abs(w[j] - v[j]))
        v = w
        if (moved < tolerance) break
      }
    }
    vectors.push(lambda === 0 ? new Float64Array(m) : v)
    values.push(lambda)
  }
  return { vectors, values }
}

/**
 * Finds the top principal axes of `rows` (each of length `dim`): power iteration on the covariance `XᵀX / n`
 * (`dim` x `dim`) or, when there are fewer rows than dimensions, on the Gram matrix `XXᵀ / n` (`n` x `n`, the
 * same non-zero eigenvalues; an axis is `Xᵀu`), so the cost is `min(n, dim)² · max(n, dim)` once plus
 * `min(n, dim)²` per iteration. Each axis is signed so that its largest-magnitude coordinate is positive, so a
 * map drawn from it does not flip between runs.
 */
export function principalAxes (rows: readonly ArrayLike<number>[], dim: number, init: PcaInit = {}): Pca {
  const components = init.components ?? 2
  const maxIterations = init.maxIterations ?? 300
  const tolerance = init.tolerance ?? 1e-9
  const n = rows.length
  const mean = new Float64Array(dim)
  for (const r of rows) for (let j = 0; j < dim; j++) mean[j] += r[j]
  if (n > 0) for (let j = 0; j < dim; j++) mean[j] /= n
  const x = new Float64Array(n * dim)
  let totalVariance = 0
  rows.forEach((r, i) => {
    for (let j = 0; j < dim; j++) {
      const c = r[j] - mean[j]
      x[i * dim + j] = c
      totalVariance += c * c
    }
  })
  if (n > 0) totalVariance /= n
  const gram = n < dim
  const m = gram ? n : dim
  const a = new Float64Array(m * m)
  if (gram) {
    for (let i = 0; i < n; i++) {
      for (let k = i; k < n; k++) {
        let d = 0
        for (let j = 0; j < dim; j++) d += x[i * dim + j] * x[k * dim + j]
        a[i * m + k] = a[k * m + i] = d / n
      }
    }
  } else {
    for (let r = 0; r < n; r++) {
      const o = r * dim
      for (let i = 0; i < dim; i++) {
        const xi = x[o + i]
        if (xi === 0) continue
        const row = i * m
        for (let k = i; k < dim; k++) a[row + k] += xi * x[o + k]
      }
    }
    for (let i = 0; i < dim; i++) {
      for (let k = i; k < dim; k++) {
        const v = a[i * m + k] / n
        a[i * m + k] = v
        a[k * m + i] = v
      }
    }
  }
  const { vectors, values } = topEigen(a, m, components, maxIterations, tolerance, Math.max(totalVariance, 1e-300))
  const axes = vectors.map((u, k) => {
    let v = u
    if (gram) {
      v = new Float64Array(dim)
      if (values[k] > 0) {
        for (let i = 0; i < n; i++) {
          const ui = u[i]
          for (let j = 0; j < dim; j++) v[j] += x[i * dim + j] * ui
        }
        normalise(v)
      }
    }
    let big = 0
    for (let j = 0; j < dim; j++) if (Math.abs(v[j]) > Math.abs(v[big])) big = j
    if (v[big] < 0) for (let j = 0; j < dim; j++) v[j] = -v[j]
    return v
  })
  return { dim, mean, axes, variance: values, totalVariance }
}

/** Coordinates of `vector` along the axes of `pca` (centred on its mean). */
export function project (pca: Pca, vector: ArrayLike<number>): number[] {
  return pca.axes.map((a) => {
    let s = 0
    for (let j = 0; j < pca.dim; j++) s += (vector[j] - pca.mean[j]) * a[j]
    return s
  })
}
