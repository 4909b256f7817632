/**
 * Brute-force nearest-neighbour similarities for the quality benchmark, fast enough to run over every
 * (query, expert) pair: for each query the K highest dot products with an expert's own training inputs,
 * computed four queries at a time (each training row is read once per four queries), and cached on disk.
 */
import { existsSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'

/** Neighbours kept per (query, expert); competence uses the mean of the first k <= this. */
export const KNN_KEEP = 10

function insert (top: Float32Array, o: number, K: number, s: number): void {
  if (!(s > top[o + K - 1])) return
  let j = K - 1
  while (j > 0 && top[o + j - 1] < s) { top[o + j] = top[o + j - 1]; j-- }
  top[o + j] = s
}

/**
 * The K highest similarities of each query to the rows of X, descending.
 * @param Q nq x dim queries, row-major; @param X m x dim rows, row-major
 * @returns nq x K, descending per query (-Infinity where X has fewer than K rows)
 */
export function topSimilarities (Q: Float32Array, X: Float32Array, dim: number, K = KNN_KEEP): Float32Array {
  const nq = Q.length / dim
  const m = X.length / dim
  const top = new Float32Array(nq * K).fill(-Infinity)
  let q = 0
  for (; q + 4 <= nq; q += 4) {
    const a = q * dim; const b = a + dim; const c = b + dim; const d = c + dim
    for (let i = 0; i < m; i++) {
      const x = i * dim
      let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0
      for (let j = 0; j < dim; j++) {
        const v = X[x + j]
        s0 += Q[a + j] * v; s1 += Q[b + j] * v; s2 += Q[c + j] * v; s3 += Q[d + j] * v
      }
      insert(top, q * K, K, s0); insert(top, (q + 1) * K, K, s1); insert(top, (q + 2) * K, K, s2); insert(top, (q + 3) * K, K, s3)
    }
  }
  for (; q < nq; q++) {
    const a = q * dim
    for (let i = 0; i < m; i++) {
      const x = i * dim
      let s = 0
      for (let j = 0; j < dim; j++) s += Q[a + j] * X[x + j]
      insert(top, q * K, K, s)
    }
  }
  return top
}

/**
 * Per query and expert, the KNN_KEEP highest similarities to that expert's own training inputs
 * (n x E x KNN_KEEP), read from `cachePath` when present, else computed and written there.
 */
export async function expertNeighbours (Q: Float32Array, owned: readonly Float32Array[], dim: number, cachePath?: string): Promise<Float32Array> {
  const n = Q.length / dim
  const E = owned.length
  const cached = await readCachedFloats(cachePath, n * E * KNN_KEEP)
  if (cached != null) return cached
  const out = new Float32Array(n * E * KNN_KEEP)
  for (let e = 0; e < E; e++) {
    const top = topSimilarities(Q, owned[e], dim)
    for (let q = 0; q < n; q++) out.set(top.subarray(q * KNN_KEEP, (q + 1) * KNN_KEEP), (q * E + e) * KNN_KEEP)
  }
  await writeCachedFloats(cachePath, out)
  return out
}

/** A cached Float32Array of exactly `length` values, or undefined when there is no such cache file. */
export async function readCachedFloats (cachePath: string | undefined, length: number): Promise<Float32Array | undefined> {
  if (cachePath == null || !existsSync(cachePath)) return undefined
  const buf = await readFile(cachePath)
  if (buf.byteLength !== length * 4) return undefined
  const copy = new Uint8Array(buf.byteLength)
  copy.set(buf)
  return new Float32Array(copy.buffer)
}

/** Writes `values` to `cachePath` atomically (temp file, then rename); nothing without a path. */
export async function writeCachedFloats (cachePath: string | undefined, values: Float32Array): Promise<void> {
  if (cachePath == null) return
  const tmp = `${cachePath}.tmp-${process.pid}`
  await writeFile(tmp, new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
  await rename(tmp, cachePath)
}
