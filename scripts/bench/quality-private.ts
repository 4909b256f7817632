/**
 * Expert-side competence from PRIVATE features: each expert hashes the query into its own n-gram space
 * (src/experts/features.ts) and reports the similarities of its nearest own training inputs there. Computed
 * here for every (query, expert) pair with an inverted index over each expert's training inputs, and cached.
 */
import { featurize, type FeatureConfig, type SparseFeatures } from '../../src/experts/features.js'
import { KNN_KEEP, readCachedFloats, writeCachedFloats } from './quality-knn.js'

/** The private word space the experts use (the library's own definition). */
export { WORD_FEATURES } from '../../src/experts/private-competence.js'

/** An expert's training inputs as an inverted index over feature buckets. */
interface Postings { start: Int32Array, row: Int32Array, weight: Float32Array, rows: number }

function index (docs: readonly SparseFeatures[], buckets: number): Postings {
  const start = new Int32Array(buckets + 1)
  for (const d of docs) for (const id of d.ids) start[id + 1]++
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b]
  const fill = start.slice(0, buckets)
  const row = new Int32Array(start[buckets]); const weight = new Float32Array(start[buckets])
  docs.forEach((d, r) => d.ids.forEach((id, k) => { const p = fill[id]++; row[p] = r; weight[p] = d.weights[k] }))
  return { start, row, weight, rows: docs.length }
}

function insert (top: Float32Array, o: number, s: number): void {
  if (!(s > top[o + KNN_KEEP - 1])) return
  let j = KNN_KEEP - 1
  while (j > 0 && top[o + j - 1] < s) { top[o + j] = top[o + j - 1]; j-- }
  top[o + j] = s
}

/**
 * Per query and expert, the KNN_KEEP highest cosines (features are L2-normalised) to that expert's own
 * training texts in the private space `config` (n x E x KNN_KEEP), cached at `cachePath`.
 */
export async function privateNeighbours (queries: readonly string[], ownTexts: readonly string[][], config: FeatureConfig, cachePath?: string): Promise<Float32Array> {
  const n = queries.length
  const E = ownTexts.length
  const cached = await readCachedFloats(cachePath, n * E * KNN_KEEP)
  if (cached != null) return cached
  const q = queries.map((t) => featurize(t, config))
  const out = new Float32Array(n * E * KNN_KEEP).fill(0)
  for (let e = 0; e < E; e++) {
    const ix = index(ownTexts[e].map((t) => featurize(t, config)), config.buckets)
    const acc = new Float32Array(ix.rows)
    const top = new Float32Array(KNN_KEEP)
    for (let i = 0; i < n; i++) {
      acc.fill(0)
      const { ids, weights } = q[i]
      for (let k = 0; k < ids.length; k++) {
        const w = weights[k]
        for (let p = ix.start[ids[k]], end = ix.start[ids[k] + 1]; p < end; p++) acc[ix.row[p]] += w * ix.weight[p]
      }
      top.fill(-Infinity)
      for (let r = 0; r < ix.rows; r++) insert(top, 0, acc[r])
      for (let k = 0; k < KNN_KEEP; k++) out[(i * E + e) * KNN_KEEP + k] = Number.isFinite(top[k]) ? top[k] : 0
    }
  }
  await writeCachedFloats(cachePath, out)
  return out
}
