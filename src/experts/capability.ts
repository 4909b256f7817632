/**
 * capability.bin: an expert's capability vectors (k-means centroids of its training inputs in the shared
 * embedding space), in a small self-describing binary format.
 *
 * Layout (all integers little-endian):
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 4 | magic `MMCV` |
 * | 4 | 4 | version (u32) = 1 |
 * | 8 | 32 | space id (sha256 of the embedder model, raw bytes) |
 * | 40 | 4 | dim (u32) |
 * | 44 | 4 | count (u32) |
 * | 48 | 4 x dim x count | float32 LE rows, each L2-normalised |
 */
import { ExpertPackageError } from './errors.js'
import { MAX_CENTROID_VALUES, MAX_CENTROIDS_PER_CARD, MAX_DIM } from '../net/limits.js'

/** Name of the capability file inside a package folder. */
export const CAPABILITY_FILE = 'capability.bin'
/** Format version written and read. */
export const CAPABILITY_VERSION = 1
/** Header bytes before the rows. */
export const CAPABILITY_HEADER_BYTES = 48
/** Most vectors per expert: they travel in every advert (64 x 164 floats is ~42 KiB); the card limit of net/limits.ts. */
export const MAX_CAPABILITY_VECTORS = MAX_CENTROIDS_PER_CARD
/** Largest capability.bin accepted: as many floats as a card may carry (MAX_CENTROID_VALUES), so it fits an advert. */
export const MAX_CAPABILITY_BYTES = CAPABILITY_HEADER_BYTES + MAX_CENTROID_VALUES * 4
/** How far a row's L2 norm may stray from 1 (float32 rounding of a normalised 4096-d row stays far inside). */
export const NORM_TOLERANCE = 1e-3

const MAGIC = [0x4d, 0x4d, 0x43, 0x56] // 'MMCV'
const SPACE_RE = /^[0-9a-f]{64}$/

/** Decoded capability vectors. */
export interface CapabilityVectors {
  /** Hex sha256 of the embedder model the vectors live in. */
  spaceId: string
  dim: number
  /** L2-normalised rows of length `dim`. */
  centroids: Float32Array[]
}

function fail (field: string, message: string): never {
  throw new ExpertPackageError(message, { file: CAPABILITY_FILE, field })
}

function checkRows (centroids: readonly Float32Array[], dim: number): void {
  if (centroids.length < 1 || centroids.length > MAX_CAPABILITY_VECTORS) {
    fail('count', `holds ${centroids.length} vectors; an expert needs 1..${MAX_CAPABILITY_VECTORS}`)
  }
  centroids.forEach((row, i) => {
    if (row.length !== dim) fail(`vector ${i}`, `has ${row.length} values but dim is ${dim}; all vectors must have the space's dimension`)
    let ss = 0
    for (let j = 0; j < row.length; j++) {
      const x = row[j]
      if (!Number.isFinite(x)) fail(`vector ${i}`, `value ${j} is ${x}; vectors must be finite (recompute them with moemesh expert train)`)
      ss += x * x
    }
    const norm = Math.sqrt(ss)
    if (Math.abs(norm - 1) > NORM_TOLERANCE) fail(`vector ${i}`, `has L2 norm ${norm.toFixed(4)}, not 1; vectors must be L2-normalised`)
  })
}

/**
 * Encodes capability vectors. Rows must already be L2-normalised and finite.
 * @throws {ExpertPackageError} when the space id, dim or a row is invalid.
 */
export function encodeCapability (vectors: CapabilityVectors): Uint8Array {
  const { spaceId, dim, centroids } = vectors
  if (typeof spaceId !== 'string' || !SPACE_RE.test(spaceId)) fail('space id', 'must be 64 lowercase hex characters (a sha256)')
  if (!Number.isInteger(dim) || dim < 1 || dim > MAX_DIM) fail('dim', `must be an integer in 1..${MAX_DIM} (got ${dim})`)
  checkRows(centroids, dim)
  const out = new Uint8Array(CAPABILITY_HEADER_BYTES + centroids.length * dim * 4)
  const view = new DataView(out.buffer)
  out.set(MAGIC, 0)
  view.setUint32(4, CAPABILITY_VERSION, true)
  out.set(Buffer.from(spaceId, 'hex'), 8)
  view.setUint32(40, dim, true)
  view.setUint32(44, centroids.length, true)
  let off = CAPABILITY_HEADER_BYTES
  for (const row of centroids) {
    for (let j = 0; j < dim; j++, off += 4) view.setFloat32(off, row[j], true)
  }
  return out
}

/**
 * Decodes and validates capability.bin bytes: magic, version, sizes, finite values, unit-norm rows.
 * @throws {ExpertPackageError} naming what is wrong.
 */
export function decodeCapability (bytes: Uint8Array): CapabilityVectors {
  if (bytes.length > MAX_CAPABILITY_BYTES) fail('size', `is ${bytes.length} bytes, more than the ${MAX_CAPABILITY_BYTES} allowed; use fewer vectors`)
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== MAGIC[i]) fail('magic', 'does not start with "MMCV"; this is not a moemesh capability file')
  }
  if (bytes.length < CAPABILITY_HEADER_BYTES) fail('header', `is ${bytes.length} bytes, shorter than its ${CAPABILITY_HEADER_BYTES}-byte header; the file is truncated`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint32(4, true)
  if (version !== CAPABILITY_VERSION) fail('version', `is ${version}; this moemesh reads version ${CAPABILITY_VERSION} (upgrade moemesh or re-export the expert)`)
  const spaceId = Buffer.from(bytes.subarray(8, 40)).toString('hex')
  const dim = view.getUint32(40, true)
  const count = view.getUint32(44, true)
  if (dim < 1 || dim > MAX_DIM) fail('dim', `is ${dim}; it must be in 1..${MAX_DIM}`)
  if (count < 1 || count > MAX_CAPABILITY_VECTORS) fail('count', `is ${count}; an expert needs 1..${MAX_CAPABILITY_VECTORS} vectors`)
  const expected = CAPABILITY_HEADER_BYTES + count * dim * 4
  if (bytes.length !== expected) fail('size', `is ${bytes.length} bytes but ${count} vectors of dim ${dim} need ${expected}; the file is truncated or corrupt`)
  const centroids: Float32Array[] = []
  let off = CAPABILITY_HEADER_BYTES
  for (let i = 0; i < count; i++) {
    const row = new Float32Array(dim)
    for (let j = 0; j < dim; j++, off += 4) row[j] = view.getFloat32(off, true)
    centroids.push(row)
  }
  checkRows(centroids, dim)
  return { spaceId, dim, centroids }
}
