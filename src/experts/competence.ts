/**
 * competence.bin: an expert's own training inputs embedded in the shared space, int8-quantised, kept PRIVATE on
 * its owner's node (never advertised). From them the owner answers "how close is this query to what I was
 * trained on": the mean cosine of the K nearest own inputs (issue 7: the router adds `20 x` this score to the
 * card's gate logit over its top candidates).
 *
 * Layout (all integers little-endian):
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 4 | magic `MMKN` |
 * | 4 | 4 | version (u32): 1, or 2 with the private section below |
 * | 8 | 32 | space id (sha256 of the embedder model, raw bytes) |
 * | 40 | 4 | dim (u32) |
 * | 44 | 4 | count (u32) |
 * | 48 | 4 x count | float32 LE row scales: value = int8 x scale |
 * | 48 + 4 x count | dim x count | int8 rows (each an L2-normalised input, quantised) |
 *
 * Version 2 appends the private n-gram competence material (src/experts/private-competence.ts), from `end` =
 * the end of the rows:
 * | offset | size | field |
 * |---|---|---|
 * | end | 4 | refs (u32): held-out inputs in the references |
 * | end + 4 | 4 | texts (u32): own training texts |
 * | end + 8 | 4 x refs | float32 LE kc references, ascending, each in 0..1 |
 * | end + 8 + 4 x refs | 4 x refs | float32 LE kw references, ascending, each in 0..1 |
 * | then | per text | u32 byte length + that many bytes of UTF-8 |
 *
 * A version 1 file reads as before: its expert reports the shared-space score only.
 */
import { ExpertPackageError } from './errors.js'
import { MAX_DIM } from '../net/limits.js'
import type { PrivateCompetenceData } from './private-competence.js'

/** Name of the competence file inside a package folder (optional). */
export const COMPETENCE_FILE = 'competence.bin'
/** Format version written (with private data; data without it is written as version 1); 1 and 2 are read. */
export const COMPETENCE_VERSION = 2
/** Header bytes before the scales. */
export const COMPETENCE_HEADER_BYTES = 48
/** Most rows: a kNN scan of 20,000 x 164 int8 values takes a few ms; more would slow every competence probe. */
export const MAX_COMPETENCE_ROWS = 20_000
/** Most int8 values (rows x dim): 8 MiB, so a high-dimensional space gets fewer rows rather than a huge file. */
export const MAX_COMPETENCE_VALUES = 8 * 1024 * 1024
/** Most own texts kept for the private kNN: as many as shared-space rows. */
export const MAX_PRIVATE_TEXTS = MAX_COMPETENCE_ROWS
/** Longest own text kept, in UTF-16 code units: featurizing reads no more (normalizeText). */
export const MAX_PRIVATE_TEXT_CHARS = 20_000
/**
 * Most UTF-8 bytes of own texts: 16 MiB. Featurized at load, the texts cost ~2.5 word+char postings per byte
 * (6 bytes each) in memory; the zoo's largest (email-spam) holds 2.7 MB.
 */
export const MAX_PRIVATE_TEXT_BYTES = 16 * 1024 * 1024
/** Most held-out inputs in each reference array. */
export const MAX_PRIVATE_REFS = 20_000
/** Largest competence.bin accepted. */
export const MAX_COMPETENCE_BYTES = COMPETENCE_HEADER_BYTES + 4 * MAX_COMPETENCE_ROWS + MAX_COMPETENCE_VALUES +
  8 + 8 * MAX_PRIVATE_REFS + 4 * MAX_PRIVATE_TEXTS + MAX_PRIVATE_TEXT_BYTES
/** Neighbours averaged by {@link competenceScore} (the research phase measured K = 10). */
export const COMPETENCE_K = 10

const MAGIC = [0x4d, 0x4d, 0x4b, 0x4e] // 'MMKN'
const SPACE_RE = /^[0-9a-f]{64}$/

/** Decoded competence data: `count` int8 rows of `dim`, row i worth `rows[i*dim + j] * scales[i]`. */
export interface CompetenceData {
  spaceId: string
  dim: number
  count: number
  rows: Int8Array
  scales: Float32Array
  /** The private n-gram material (version 2); absent in a version 1 file. */
  private?: PrivateCompetenceData
}

function fail (field: string, message: string): never {
  throw new ExpertPackageError(message, { file: COMPETENCE_FILE, field })
}

function checkShape (dim: number, count: number): void {
  if (!Number.isInteger(dim) || dim < 1 || dim > MAX_DIM) fail('dim', `is ${dim}; it must be in 1..${MAX_DIM}`)
  if (!Number.isInteger(count) || count < 1 || count > MAX_COMPETENCE_ROWS) fail('count', `is ${count}; competence data holds 1..${MAX_COMPETENCE_ROWS} rows (sample the training inputs)`)
  if (count * dim > MAX_COMPETENCE_VALUES) fail('count', `${count} rows of dim ${dim} are more than ${MAX_COMPETENCE_VALUES} values; keep at most ${Math.floor(MAX_COMPETENCE_VALUES / dim)} rows`)
}

/**
 * Quantises embeddings (n x dim, row-major; each row is L2-normalised here) to competence data. All-zero rows
 * are dropped (they carry no direction).
 * @throws {ExpertPackageError} when the shape is outside the limits or a value is not finite.
 */
export function quantizeCompetence (spaceId: string, dim: number, embeddings: Float32Array): CompetenceData {
  if (!SPACE_RE.test(spaceId)) fail('space id', 'must be 64 lowercase hex characters (a sha256)')
  const n = embeddings.length / dim
  if (!Number.isInteger(n)) fail('rows', `${embeddings.length} values are not whole rows of dim ${dim}`)
  const keep: number[] = []
  for (let i = 0; i < n; i++) {
    let ss = 0
    for (let j = 0; j < dim; j++) {
      const x = embeddings[i * dim + j]
      if (!Number.isFinite(x)) fail(`row ${i}`, `value ${j} is ${x}; embeddings must be finite`)
      ss += x * x
    }
    if (ss > 0) keep.push(i)
  }
  checkShape(dim, keep.length)
  const rows = new Int8Array(keep.length * dim)
  const scales = new Float32Array(keep.length)
  keep.forEach((i, r) => {
    let ss = 0
    let max = 0
    for (let j = 0; j < dim; j++) { const x = embeddings[i * dim + j]; ss += x * x }
    const norm = Math.sqrt(ss)
    for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(embeddings[i * dim + j] / norm))
    const scale = max / 127
    scales[r] = scale
    for (let j = 0; j < dim; j++) rows[r * dim + j] = Math.round(embeddings[i * dim + j] / norm / scale)
  })
  return { spaceId, dim, count: keep.length, rows, scales }
}

function checkPrivate (p: PrivateCompetenceData): Uint8Array[] {
  if (!Array.isArray(p.texts) || p.texts.length < 1 || p.texts.length > MAX_PRIVATE_TEXTS) fail('texts', `holds ${String(p.texts?.length)} texts; private data holds 1..${MAX_PRIVATE_TEXTS} (sample the training texts)`)
  if (!(p.refC instanceof Float32Array) || !(p.refW instanceof Float32Array) || p.refC.length !== p.refW.length) fail('refs', 'kc and kw references must be two Float32Arrays of one length')
  checkRefs(p.refC, 'kc refs')
  checkRefs(p.refW, 'kw refs')
  const enc = new TextEncoder()
  let total = 0
  return p.texts.map((t, i) => {
    if (typeof t !== 'string' || t.length > MAX_PRIVATE_TEXT_CHARS) fail(`text ${i}`, `must be a string of at most ${MAX_PRIVATE_TEXT_CHARS} characters`)
    const b = enc.encode(t)
    total += b.length
    if (total > MAX_PRIVATE_TEXT_BYTES) fail('texts', `are more than ${MAX_PRIVATE_TEXT_BYTES} bytes of UTF-8; keep fewer or shorter texts`)
    return b
  })
}

function checkRefs (refs: Float32Array, field: string): void {
  if (refs.length > MAX_PRIVATE_REFS) fail(field, `holds ${refs.length} values, more than ${MAX_PRIVATE_REFS}`)
  for (let i = 0; i < refs.length; i++) {
    const v = refs[i]
    // kNN scores of L2-normalised non-negative features: 0..1 (plus float rounding)
    if (!(v >= 0 && v <= 1 + 1e-4)) fail(field, `value ${i} is ${v}; references are kNN cosines in 0..1`)
    if (i > 0 && v < refs[i - 1]) fail(field, `is not sorted ascending at ${i}`)
  }
}

/** Encodes competence data as competence.bin bytes: version 2 when it has private data, else version 1. */
export function encodeCompetence (data: CompetenceData): Uint8Array {
  checkShape(data.dim, data.count)
  if (!SPACE_RE.test(data.spaceId)) fail('space id', 'must be 64 lowercase hex characters (a sha256)')
  const texts = data.private != null ? checkPrivate(data.private) : undefined
  const end = COMPETENCE_HEADER_BYTES + 4 * data.count + data.count * data.dim
  const refs = data.private?.refC.length ?? 0
  const extra = texts == null ? 0 : 8 + 8 * refs + texts.reduce((n, b) => n + 4 + b.length, 0)
  const out = new Uint8Array(end + extra)
  const view = new DataView(out.buffer)
  out.set(MAGIC, 0)
  view.setUint32(4, texts == null ? 1 : COMPETENCE_VERSION, true)
  out.set(Buffer.from(data.spaceId, 'hex'), 8)
  view.setUint32(40, data.dim, true)
  view.setUint32(44, data.count, true)
  for (let i = 0; i < data.count; i++) view.setFloat32(COMPETENCE_HEADER_BYTES + 4 * i, data.scales[i], true)
  out.set(new Uint8Array(data.rows.buffer, data.rows.byteOffset, data.rows.length), COMPETENCE_HEADER_BYTES + 4 * data.count)
  if (texts != null && data.private != null) {
    let o = end
    view.setUint32(o, refs, true)
    view.setUint32(o + 4, texts.length, true)
    o += 8
    for (const r of [data.private.refC, data.private.refW]) {
      for (let i = 0; i < refs; i++, o += 4) view.setFloat32(o, r[i], true)
    }
    for (const b of texts) {
      view.setUint32(o, b.length, true)
      out.set(b, o + 4)
      o += 4 + b.length
    }
  }
  return out
}

function decodePrivate (bytes: Uint8Array, view: DataView, end: number): PrivateCompetenceData {
  if (bytes.length < end + 8) fail('private', 'is truncated: the file ends before the private section header')
  const refs = view.getUint32(end, true)
  const count = view.getUint32(end + 4, true)
  if (refs > MAX_PRIVATE_REFS) fail('refs', `is ${refs}; at most ${MAX_PRIVATE_REFS}`)
  if (count < 1 || count > MAX_PRIVATE_TEXTS) fail('texts', `is ${count}; private data holds 1..${MAX_PRIVATE_TEXTS} texts`)
  let o = end + 8
  if (bytes.length < o + 8 * refs) fail('refs', 'are truncated')
  const refC = new Float32Array(refs)
  const refW = new Float32Array(refs)
  for (let i = 0; i < refs; i++, o += 4) refC[i] = view.getFloat32(o, true)
  for (let i = 0; i < refs; i++, o += 4) refW[i] = view.getFloat32(o, true)
  checkRefs(refC, 'kc refs')
  checkRefs(refW, 'kw refs')
  const dec = new TextDecoder('utf-8', { fatal: true })
  const texts: string[] = []
  let total = 0
  for (let i = 0; i < count; i++) {
    if (bytes.length < o + 4) fail(`text ${i}`, 'is truncated')
    const n = view.getUint32(o, true)
    total += n
    if (total > MAX_PRIVATE_TEXT_BYTES) fail('texts', `are more than ${MAX_PRIVATE_TEXT_BYTES} bytes of UTF-8`)
    if (bytes.length < o + 4 + n) fail(`text ${i}`, 'is truncated')
    let t: string
    try {
      t = dec.decode(bytes.subarray(o + 4, o + 4 + n))
    } catch {
      fail(`text ${i}`, 'is not valid UTF-8')
    }
    if (t.length > MAX_PRIVATE_TEXT_CHARS) fail(`text ${i}`, `is longer than ${MAX_PRIVATE_TEXT_CHARS} characters`)
    texts.push(t)
    o += 4 + n
  }
  if (o !== bytes.length) fail('size', `has ${bytes.length - o} bytes after the last text; the file is corrupt`)
  return { texts, refC, refW }
}

/**
 * Decodes and validates competence.bin bytes (version 1 or 2): magic, version, sizes, finite positive scales no
 * larger than a unit row needs, and for version 2 sorted references in 0..1 and UTF-8 texts within the limits.
 * @throws {ExpertPackageError} naming what is wrong.
 */
export function decodeCompetence (bytes: Uint8Array): CompetenceData {
  if (bytes.length > MAX_COMPETENCE_BYTES) fail('size', `is ${bytes.length} bytes, more than the ${MAX_COMPETENCE_BYTES} allowed; keep fewer rows`)
  if (bytes.length < COMPETENCE_HEADER_BYTES) fail('header', `is ${bytes.length} bytes, shorter than its ${COMPETENCE_HEADER_BYTES}-byte header; the file is truncated`)
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== MAGIC[i]) fail('magic', 'does not start with "MMKN"; this is not a moemesh competence file')
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint32(4, true)
  if (version !== 1 && version !== 2) fail('version', `is ${version}; this moemesh reads versions 1 and 2 (upgrade moemesh or retrain the expert)`)
  const spaceId = Buffer.from(bytes.subarray(8, 40)).toString('hex')
  const dim = view.getUint32(40, true)
  const count = view.getUint32(44, true)
  checkShape(dim, count)
  const expected = COMPETENCE_HEADER_BYTES + 4 * count + count * dim
  if (version === 1 ? bytes.length !== expected : bytes.length < expected) fail('size', `is ${bytes.length} bytes but ${count} rows of dim ${dim} need ${expected}; the file is truncated or corrupt`)
  const scales = new Float32Array(count)
  for (let i = 0; i < count; i++) {
    const s = view.getFloat32(COMPETENCE_HEADER_BYTES + 4 * i, true)
    // a unit row's largest value is at most 1, so its scale is at most 1/127
    if (!(s > 0 && s <= 1 / 127 + 1e-6)) fail(`scale ${i}`, `is ${s}; a row scale must be in (0, 1/127]`)
    scales[i] = s
  }
  const start = COMPETENCE_HEADER_BYTES + 4 * count
  const rows = new Int8Array(count * dim)
  rows.set(new Int8Array(bytes.buffer, bytes.byteOffset + start, count * dim))
  const priv = version === 2 ? decodePrivate(bytes, view, expected) : undefined
  return { spaceId, dim, count, rows, scales, ...(priv != null ? { private: priv } : {}) }
}

/**
 * The competence of an expert for a query: the mean cosine of the K nearest of its own inputs to `query` (one
 * pass over the rows, a K-slot insertion list). Returns 0 for an all-zero query.
 */
export function competenceScore (data: CompetenceData, query: ArrayLike<number>, k = COMPETENCE_K): number {
  const { dim, count, rows, scales } = data
  if (query.length !== dim) throw new RangeError(`the query has ${query.length} values, not dim ${dim}`)
  let ss = 0
  for (let j = 0; j < dim; j++) ss += query[j] * query[j]
  if (!(ss > 0)) return 0
  const inv = 1 / Math.sqrt(ss)
  const q = new Float32Array(dim)
  for (let j = 0; j < dim; j++) q[j] = query[j] * inv
  const K = Math.min(k, count)
  const top = new Float64Array(K).fill(-Infinity)
  for (let i = 0, o = 0; i < count; i++, o += dim) {
    let s = 0
    for (let j = 0; j < dim; j++) s += q[j] * rows[o + j]
    s *= scales[i]
    if (s > top[K - 1]) {
      let j = K - 1
      while (j > 0 && top[j - 1] < s) { top[j] = top[j - 1]; j-- }
      top[j] = s
    }
  }
  let sum = 0
  for (let j = 0; j < K; j++) sum += top[j]
  return sum / K
}
