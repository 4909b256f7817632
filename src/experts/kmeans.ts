/**
 * Spherical k-means (cosine similarity) with seeded k-means++ initialisation: how an expert summarises its
 * training inputs as a few capability vectors in the shared embedding space. Deterministic for a seed.
 */
import { SeededRandom } from '../text/random.js'

/** Options for {@link sphericalKMeans}. */
export interface KMeansOptions {
  /** @default 42 */
  seed?: number
  /**
   * Lloyd iterations at most (it stops earlier when no assignment changes).
   * @default 50
   */
  maxIterations?: number
}

function dot (a: Float64Array, ao: number, b: Float64Array, bo: number, dim: number): number {
  let s = 0
  for (let j = 0; j < dim; j++) s += a[ao + j] * b[bo + j]
  return s
}

/**
 * Clusters vectors by cosine similarity and returns `min(k, usable vectors)` L2-normalised centroids, largest
 * cluster first. Zero or non-finite vectors carry no direction and are skipped; when fewer distinct directions
 * than `k` exist, fewer centroids come back. Returns `[]` when no vector is usable.
 *
 * @example
 * ```ts
 * const centroids = sphericalKMeans(embeddings, 8, { seed: 42 })
 * ```
 */
export function sphericalKMeans (vectors: readonly Float32Array[], k: number, options: KMeansOptions = {}): Float32Array[] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer (got ${k})`)
  const maxIterations = options.maxIterations ?? 50
  const rng = new SeededRandom(options.seed ?? 42)
  if (vectors.length === 0) return []
  const dim = vectors[0].length

  // Unit-normalised copies in one flat array (doubles: sums over thousands of rows stay exact enough).
  const rows: number[] = []
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i]
    if (v.length !== dim) throw new RangeError(`vector ${i} has ${v.length} values, expected ${dim}`)
    let ss = 0
    for (let j = 0; j < dim; j++) ss += v[j] * v[j]
    if (ss > 0 && Number.isFinite(ss)) rows.push(i)
  }
  const n = rows.length
  if (n === 0) return []
  const x = new Float64Array(n * dim)
  rows.forEach((src, r) => {
    const v = vectors[src]
    let ss = 0
    for (let j = 0; j < dim; j++) ss += v[j] * v[j]
    const inv = 1 / Math.sqrt(ss)
    for (let j = 0; j < dim; j++) x[r * dim + j] = v[j] * inv
  })

  // k-means++ on the cosine distance 1 - cos.
  const kk = Math.min(k, n)
  const centers: number[] = [rng.int(n)]
  const best = new Float64Array(n).fill(-Infinity)
  const update = (c: number): void => {
    for (let i = 0; i < n; i++) best[i] = Math.max(best[i], dot(x, i * dim, x, c * dim, dim))
  }
  update(centers[0])
  while (centers.length < kk) {
    let total = 0
    for (let i = 0; i < n; i++) { const d = Math.max(0, 1 - best[i]); total += d * d }
    if (total <= 1e-12) break // every remaining point coincides with a centre
    let target = rng.next() * total
    let pick = -1
    for (let i = 0; i < n; i++) {
      const d = Math.max(0, 1 - best[i])
      if (d <= 0) continue
      pick = i
      target -= d * d
      if (target <= 0) break
    }
    centers.push(pick)
    update(pick)
  }

  const c = centers.length
  const cent = new Float64Array(c * dim)
  centers.forEach((p, ci) => cent.set(x.subarray(p * dim, (p + 1) * dim), ci * dim))
  const assign = new Int32Array(n).fill(-1)
  const sim = new Float64Array(n)
  const sizes = new Int32Array(c)

  for (let iter = 0; iter < maxIterations; iter++) {
    let changed = 0
    for (let i = 0; i < n; i++) {
      let bi = 0
      let bs = -Infinity
      for (let ci = 0; ci < c; ci++) {
        const s = dot(x, i * dim, cent, ci * dim, dim)
        if (s > bs) { bs = s; bi = ci }
      }
      sim[i] = bs
      if (assign[i] !== bi) { assign[i] = bi; changed++ }
    }
    if (changed === 0 && iter > 0) break
    cent.fill(0)
    sizes.fill(0)
    for (let i = 0; i < n; i++) {
      const ci = assign[i]
      sizes[ci]++
      for (let j = 0; j < dim; j++) cent[ci * dim + j] += x[i * dim + j]
    }
    for (let ci = 0; ci < c; ci++) {
      let ss = 0
      for (let j = 0; j < dim; j++) ss += cent[ci * dim + j] ** 2
      if (sizes[ci] === 0 || ss <= 1e-24) {
        // An empty (or cancelled-out) cluster restarts at the point worst served by its centroid.
        let worst = 0
        for (let i = 1; i < n; i++) if (sim[i] < sim[worst]) worst = i
        cent.set(x.subarray(worst * dim, (worst + 1) * dim), ci * dim)
        sim[worst] = Infinity
        continue
      }
      const inv = 1 / Math.sqrt(ss)
      for (let j = 0; j < dim; j++) cent[ci * dim + j] *= inv
    }
  }

  // Final sizes for ordering, from the last assignment.
  sizes.fill(0)
  for (let i = 0; i < n; i++) sizes[assign[i]]++
  const order = [...Array(c).keys()].filter((ci) => sizes[ci] > 0).sort((a, b) => sizes[b] - sizes[a] || a - b)
  return order.map((ci) => {
    const out = new Float32Array(dim)
    let ss = 0
    for (let j = 0; j < dim; j++) ss += cent[ci * dim + j] ** 2
    const inv = 1 / Math.sqrt(ss)
    for (let j = 0; j < dim; j++) out[j] = cent[ci * dim + j] * inv
    return out
  })
}
