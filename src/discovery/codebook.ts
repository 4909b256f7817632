/**
 * The coarse codebook of an embedding space: a fixed set of unit vectors ("cells") that every node derives the
 * same way, so a vector's nearest cells name the gossip topics and DHT keys where cards near it are announced.
 *
 * Derivation is deterministic and portable: float64 arithmetic in a fixed order over the same input gives the same
 * cells on every machine. The input is a sample of the space (the embedder's most frequent word vectors, read from
 * the model bytes, never from an inference run whose last bits may differ between CPUs), clustered by seeded
 * spherical k-means; without a sample the cells are seeded random directions. The seed comes from the space id and
 * the recipe version, and the codebook's id (a hash of its cells) goes into every topic, so two nodes that derived
 * different cells never share a topic by mistake.
 */
import { createHash } from 'node:crypto'
import { InvalidOptionError } from '../errors.js'
import { intInRange } from '../options.js'
import { fnv1aPlain } from '../text/hash.js'
import { SeededRandom } from '../text/random.js'
import { CODEBOOK_ITERATIONS, CODEBOOK_VERSION, CODEBOOK_YIELD_MS, DEFAULT_CELLS } from './constants.js'

/** Options of {@link Codebook.derive}; plain data. */
export interface CodebookInit {
  /** The embedding space (hex sha256 of the embedder). Required. */
  spaceId: string
  /** Dimensions the cells live in: the first `dim` coordinates of a vector (the word channel). Required. */
  dim: number
  /** Number of cells. @default 256 (DEFAULT_CELLS) */
  cells?: number
  /** Recipe version, part of every topic and key. @default 1 (CODEBOOK_VERSION) */
  version?: number
  /** Rows of `dim` values to cluster (row-major). Without it the cells are seeded random directions. */
  sample?: Float32Array
  /** Lloyd iterations. @default 12 (CODEBOOK_ITERATIONS) */
  iterations?: number
}

function normalizeRow (x: Float64Array, o: number, dim: number): boolean {
  let n = 0
  for (let j = 0; j < dim; j++) n += x[o + j] * x[o + j]
  if (!(n > 0) || !Number.isFinite(n)) return false
  n = Math.sqrt(n)
  for (let j = 0; j < dim; j++) x[o + j] /= n
  return true
}

/**
 * Seeded spherical k-means with a fixed number of Lloyd steps; an emptied cell takes the worst-served row. A
 * generator: it yields the fraction done after every row it assigns, so a caller can hand the event loop back
 * between rows ({@link Codebook.deriveAsync}) without changing a single operation of the arithmetic.
 */
function * kmeans (rows: Float64Array, n: number, dim: number, k: number, rng: SeededRandom, iterations: number): Generator<number, Float64Array> {
  const centers = new Float64Array(k * dim)
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i))
  for (let c = 0; c < k; c++) centers.set(rows.subarray(order[c] * dim, order[c] * dim + dim), c * dim)
  const assign = new Int32Array(n)
  const best = new Float64Array(n)
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) {
      let bc = 0
      let bs = -Infinity
      for (let c = 0; c < k; c++) {
        let s = 0
        for (let j = 0; j < dim; j++) s += rows[i * dim + j] * centers[c * dim + j]
        if (s > bs) { bs = s; bc = c }
      }
      assign[i] = bc
      best[i] = bs
      yield (it * n + i + 1) / (iterations * n)
    }
    centers.fill(0)
    const count = new Int32Array(k)
    for (let i = 0; i < n; i++) {
      const c = assign[i]
      count[c]++
      for (let j = 0; j < dim; j++) centers[c * dim + j] += rows[i * dim + j]
    }
    for (let c = 0; c < k; c++) {
      if (count[c] > 0 && normalizeRow(centers, c * dim, dim)) continue
      // an empty cell restarts at the row its current centre serves worst (ties: lowest index)
      let worst = 0
      for (let i = 1; i < n; i++) if (best[i] < best[worst]) worst = i
      best[worst] = Infinity
      centers.set(rows.subarray(worst * dim, worst * dim + dim), c * dim)
    }
  }
  return centers
}

/**
 * A versioned coarse partition of an embedding space into cells.
 *
 * @example
 * ```ts
 * const codebook = Codebook.derive({ spaceId, dim: 100, sample: wordRows })
 * const cells = codebook.nearest(queryVector, 3) // the 3 cells to look in
 * ```
 */
export class Codebook {
  /** The embedding space. */
  readonly spaceId: string
  /** Recipe version. */
  readonly version: number
  /** Dimensions of the cells (a prefix of the space's vectors). */
  readonly dim: number
  /** Number of cells. */
  readonly size: number
  /** Hex sha256 of version, space, dim and the cells' float32 bytes: two codebooks with one id are the same. */
  readonly id: string
  /** `size` unit rows of `dim` values. */
  readonly centers: Float32Array

  private constructor (spaceId: string, version: number, dim: number, centers: Float32Array) {
    this.spaceId = spaceId
    this.version = version
    this.dim = dim
    this.size = centers.length / dim
    this.centers = centers
    this.id = createHash('sha256').update(`${version}:${spaceId}:${dim}:`).update(new Uint8Array(centers.buffer, centers.byteOffset, centers.byteLength)).digest('hex')
  }

  /**
   * Derive the codebook: the same init gives the same cells, bit for bit, on every machine.
   *
   * @throws {InvalidOptionError} naming a bad option (a sample with fewer usable rows than cells, say)
   */
  static derive (init: CodebookInit): Codebook {
    const steps = Codebook.derivation(init)
    for (;;) {
      const step = steps.next()
      if (step.done === true) return step.value
    }
  }

  /**
   * {@link derive} without holding the event loop for its seconds (8,192 word rows into 256 cells take ~9 s on a
   * slow core): the same cells, bit for bit, computed in slices of about `CODEBOOK_YIELD_MS` with the loop handed
   * back between them, so the node keeps answering its peers and its API meanwhile.
   *
   * @param options.onProgress - called with the fraction done (0..1) between slices
   * @throws {InvalidOptionError} as {@link derive}
   * @throws the signal's reason when it aborts (checked between slices)
   */
  static async deriveAsync (init: CodebookInit, options: { signal?: AbortSignal, onProgress?: (fraction: number) => void } = {}): Promise<Codebook> {
    options.signal?.throwIfAborted()
    const steps = Codebook.derivation(init)
    let sliceStart = performance.now()
    for (;;) {
      const step = steps.next()
      if (step.done === true) {
        options.onProgress?.(1)
        return step.value
      }
      if (performance.now() - sliceStart < CODEBOOK_YIELD_MS) continue
      options.onProgress?.(step.value)
      await new Promise<void>(resolve => { setImmediate(resolve) })
      options.signal?.throwIfAborted()
      sliceStart = performance.now()
    }
  }

  /** The derivation as steps: yields the fraction done, returns the codebook. */
  private static * derivation (init: CodebookInit): Generator<number, Codebook> {
    if (typeof init.spaceId !== 'string' || init.spaceId.length === 0 || init.spaceId.length > 128 || !/^[0-9A-Za-z._-]+$/.test(init.spaceId)) {
      throw new InvalidOptionError('spaceId', 'must be 1..128 characters of [0-9A-Za-z._-]')
    }
    const dim = intInRange('dim', init.dim, 0, 1, 4096)
    const cells = intInRange('cells', init.cells, DEFAULT_CELLS, 1, 65_536)
    const version = intInRange('version', init.version, CODEBOOK_VERSION, 1, 1_000_000)
    const iterations = intInRange('iterations', init.iterations, CODEBOOK_ITERATIONS, 0, 1_000)
    const rng = new SeededRandom(fnv1aPlain(`moemesh-codebook:${version}:${init.spaceId}:${dim}:${cells}`))
    let centers: Float64Array
    if (init.sample === undefined) {
      centers = new Float64Array(cells * dim)
      for (let c = 0; c < cells; c++) {
        do {
          for (let j = 0; j < dim; j++) centers[c * dim + j] = rng.normal()
        } while (!normalizeRow(centers, c * dim, dim))
      }
    } else {
      if (!(init.sample instanceof Float32Array) || init.sample.length % dim !== 0) throw new InvalidOptionError('sample', `must be a Float32Array of rows of ${dim} values`)
      const total = init.sample.length / dim
      const rows = new Float64Array(total * dim)
      let n = 0
      for (let i = 0; i < total; i++) {
        for (let j = 0; j < dim; j++) rows[n * dim + j] = init.sample[i * dim + j]
        if (normalizeRow(rows, n * dim, dim)) n++
      }
      if (n < cells) throw new InvalidOptionError('sample', `has ${n} usable rows, fewer than the ${cells} cells`)
      centers = yield * kmeans(rows.subarray(0, n * dim), n, dim, cells, rng, iterations)
    }
    return new Codebook(init.spaceId, version, dim, Float32Array.from(centers))
  }

  /**
   * A codebook from cells derived before (a cache of {@link Codebook.derive}'s output): the id is recomputed from
   * the cells, so a caller that stored the id can check the cache against it.
   *
   * @throws {InvalidOptionError} when `centers` is not whole rows of `dim` values
   */
  static fromCells (init: { spaceId: string, version: number, dim: number, centers: Float32Array }): Codebook {
    const dim = intInRange('dim', init.dim, 0, 1, 4096)
    const version = intInRange('version', init.version, CODEBOOK_VERSION, 1, 1_000_000)
    if (!(init.centers instanceof Float32Array) || init.centers.length === 0 || init.centers.length % dim !== 0 || init.centers.length / dim > 65_536) {
      throw new InvalidOptionError('centers', `must be a Float32Array of 1..65536 rows of ${dim} values`)
    }
    return new Codebook(init.spaceId, version, dim, Float32Array.from(init.centers))
  }

  /** Similarity of `vector` (its first `dim` values, renormalised) to every cell. */
  private scores (vector: ArrayLike<number>): Float64Array {
    if (vector.length < this.dim) throw new InvalidOptionError('vector', `has ${vector.length} values, the codebook needs at least ${this.dim}`)
    const out = new Float64Array(this.size)
    const { dim, centers } = this
    for (let c = 0; c < this.size; c++) {
      let s = 0
      for (let j = 0; j < dim; j++) s += vector[j] * centers[c * dim + j]
      out[c] = s
    }
    return out
  }

  /** The `n` cells nearest to `vector` (cosine over the first `dim` values), nearest first; ties by cell number. */
  nearest (vector: ArrayLike<number>, n = 1): number[] {
    const s = this.scores(vector)
    const take = Math.max(0, Math.min(n, this.size))
    const best: number[] = []
    for (let c = 0; c < this.size; c++) {
      if (best.length < take) {
        best.push(c)
        best.sort((a, b) => s[b] - s[a] || a - b)
      } else if (take > 0 && s[c] > s[best[take - 1]]) {
        best[take - 1] = c
        best.sort((a, b) => s[b] - s[a] || a - b)
      }
    }
    return best
  }

  /** The cells a card covers: each centroid's nearest cell, without repeats, ascending. */
  cellsOf (centroids: ArrayLike<number>[]): number[] {
    const cells = new Set<number>()
    for (const c of centroids) cells.add(this.nearest(c, 1)[0])
    return [...cells].sort((a, b) => a - b)
  }
}
