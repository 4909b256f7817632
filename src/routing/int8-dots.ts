/**
 * The re-rank kernel of the ANN tier: int8 x int8 dot products of one query with a batch of rows, summed in int32.
 *
 * Candidate cards' rows are copied (one `TypedArray.set` per card, ~1.3 KB) into a small scratch memory and scored
 * there in one call. The WebAssembly module (hand-assembled like `dot-kernel.ts`, nothing downloaded or built)
 * widens 16 int8 lanes to int16 and uses `i32x4.dot_i16x8_s`; on clustered 8 x 164-d cards it scores a candidate in a
 * fraction of the time V8 needs for the same loop over Int8Arrays. Where WebAssembly SIMD is unavailable the same
 * layout is scored in JavaScript.
 *
 * The scratch memory holds one batch only (its size is fixed at creation), so no memory here grows with the index.
 */
import { name, section, uleb, type WasmApi } from './dot-kernel.js'

/** Scratch for one query's batches: copy rows into `rows` (row r at `r * dim`), then {@link Int8Dots.dots}. */
export interface Int8Dots {
  readonly kind: 'wasm-simd' | 'js'
  readonly dim: number
  /** Rows one batch holds. */
  readonly rowCapacity: number
  /** The batch's rows, packed (`dim` bytes each, no padding). */
  readonly rows: Int8Array
  /** `out[r]` = the int32 dot of row r with the query, after {@link dots}. */
  readonly out: Int32Array
  /** Sets the query (int8, `dim` values) for the following {@link dots} calls. */
  setQuery: (query: Int8Array) => void
  /** Scores the first `count` rows of the batch. */
  dots: (count: number) => void
}

const WASM_PAGE_BYTES = 65_536
/** The SIMD loop reads whole 16-byte blocks: up to 15 bytes past the last row (multiplied by zero query lanes). */
const SLACK = 16

/**
 * `dots(q, data, rows, dim, blocks, out)`, byte offsets; q is the query widened to int16, `blocks * 16` lanes
 * zero-padded. params: 0 q, 1 data, 2 rows, 3 dim, 4 blocks, 5 out; locals: 6 p, 7 qp, 8 j (i32), 9 acc, 10 v (v128).
 */
function assembleInt8Module (): Uint8Array {
  const get = (i: number): number[] => [0x20, i]
  const set = (i: number): number[] => [0x21, i]
  const simd = (op: number): number[] => [0xfd, ...uleb(op)]
  const V128_LOAD = 0x00
  const V128_CONST = 0x0c
  const I32X4_EXTRACT_LANE = 0x1b
  const I16X8_EXTEND_LOW_I8X16_S = 0x87
  const I16X8_EXTEND_HIGH_I8X16_S = 0x88
  const I32X4_ADD = 0xae
  const I32X4_DOT_I16X8_S = 0xba
  const zero = [...simd(V128_CONST), ...new Array<number>(16).fill(0)]
  // memarg: alignment exponent, offset. Rows are byte-aligned (dim need not be a multiple of 16).
  const loadRow = [...get(6), ...simd(V128_LOAD), 0, 0]
  const loadQ = (offset: number): number[] => [...get(7), ...simd(V128_LOAD), 4, offset]
  const body = [
    0x02, 0x40, // block (exit)
    ...get(2), 0x45, 0x0d, 0, // rows == 0 -> exit
    0x03, 0x40, // loop (rows)
    ...zero, ...set(9),
    ...get(1), ...set(6),
    ...get(0), ...set(7),
    ...get(4), ...set(8),
    0x03, 0x40, // loop (16-lane blocks)
    ...loadRow, ...set(10),
    ...get(9), ...get(10), ...simd(I16X8_EXTEND_LOW_I8X16_S), ...loadQ(0), ...simd(I32X4_DOT_I16X8_S), ...simd(I32X4_ADD), ...set(9),
    ...get(9), ...get(10), ...simd(I16X8_EXTEND_HIGH_I8X16_S), ...loadQ(16), ...simd(I32X4_DOT_I16X8_S), ...simd(I32X4_ADD), ...set(9),
    ...get(6), 0x41, 16, 0x6a, ...set(6), // p += 16
    ...get(7), 0x41, 32, 0x6a, ...set(7), // qp += 32
    ...get(8), 0x41, 1, 0x6b, 0x22, 8, 0x0d, 0, // --j; br_if j != 0
    0x0b,
    ...get(5),
    ...get(9), ...simd(I32X4_EXTRACT_LANE), 0,
    ...get(9), ...simd(I32X4_EXTRACT_LANE), 1, 0x6a,
    ...get(9), ...simd(I32X4_EXTRACT_LANE), 2, 0x6a,
    ...get(9), ...simd(I32X4_EXTRACT_LANE), 3, 0x6a,
    0x36, 2, 0, // i32.store
    ...get(5), 0x41, 4, 0x6a, ...set(5), // out += 4
    ...get(1), ...get(3), 0x6a, ...set(1), // data += dim
    ...get(2), 0x41, 1, 0x6b, 0x22, 2, 0x0d, 0, // --rows; br_if rows != 0
    0x0b,
    0x0b,
    0x0b
  ]
  const locals = [2, 3, 0x7f, 2, 0x7b]
  const fn = [...locals, ...body]
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 6, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('dots'), 0x00, 0]),
    ...section(10, [1, ...uleb(fn.length), ...fn])
  ])
}

let wasmModule: object | null | undefined

function int8Module (): object | null {
  if (wasmModule !== undefined) return wasmModule
  wasmModule = null
  const WebAssembly = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  try {
    const bytes = assembleInt8Module()
    if (WebAssembly !== undefined && WebAssembly.validate(bytes)) wasmModule = new WebAssembly.Module(bytes)
  } catch {
    wasmModule = null
  }
  return wasmModule
}

/** The integer dot product of `dim` int8 values of `rows` from `offset` with `query` (four accumulators, in JS). */
export function int8Dot (rows: Int8Array, offset: number, query: Int8Array, dim: number): number {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let j = 0
  for (; j + 3 < dim; j += 4) {
    s0 = (s0 + rows[offset + j] * query[j]) | 0
    s1 = (s1 + rows[offset + j + 1] * query[j + 1]) | 0
    s2 = (s2 + rows[offset + j + 2] * query[j + 2]) | 0
    s3 = (s3 + rows[offset + j + 3] * query[j + 3]) | 0
  }
  for (; j < dim; j++) s0 = (s0 + rows[offset + j] * query[j]) | 0
  return (s0 + s1 + s2 + s3) | 0
}

/** The portable scorer (also the reference the SIMD one is tested against). */
export function jsInt8Dots (dim: number, rowCapacity: number): Int8Dots {
  const rows = new Int8Array(rowCapacity * dim + SLACK)
  const out = new Int32Array(rowCapacity)
  const q = new Int8Array(dim)
  return {
    kind: 'js',
    dim,
    rowCapacity,
    rows,
    out,
    setQuery: (query) => { q.set(query.subarray(0, dim)) },
    dots: (count) => {
      for (let r = 0; r < count; r++) out[r] = int8Dot(rows, r * dim, q, dim)
    }
  }
}

/** The WebAssembly SIMD scorer, or undefined where the runtime lacks WebAssembly SIMD. */
export function wasmInt8Dots (dim: number, rowCapacity: number): Int8Dots | undefined {
  const module = int8Module()
  const WebAssembly = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  if (module === null || WebAssembly === undefined) return undefined
  const blocks = Math.ceil(dim / 16)
  const qBytes = blocks * 32
  const outOff = qBytes
  const dataOff = outOff + Math.ceil((rowCapacity * 4) / 16) * 16
  const bytes = dataOff + rowCapacity * dim + SLACK
  const pages = Math.ceil(bytes / WASM_PAGE_BYTES)
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages })
  const instance = new WebAssembly.Instance(module, { env: { memory } })
  const run = instance.exports.dots as (q: number, data: number, rows: number, dim: number, blocks: number, out: number) => void
  const q16 = new Int16Array(memory.buffer, 0, blocks * 16)
  return {
    kind: 'wasm-simd',
    dim,
    rowCapacity,
    rows: new Int8Array(memory.buffer, dataOff, rowCapacity * dim + SLACK),
    out: new Int32Array(memory.buffer, outOff, rowCapacity),
    setQuery: (query) => {
      q16.fill(0)
      for (let j = 0; j < dim; j++) q16[j] = query[j]
    },
    dots: (count) => {
      if (count > 0) run(0, dataOff, Math.min(count, rowCapacity), dim, blocks, outOff)
    }
  }
}

/** The fastest scorer this runtime supports for `dim`-value rows, holding `rowCapacity` rows per batch. */
export function createInt8Dots (dim: number, rowCapacity: number): Int8Dots {
  return wasmInt8Dots(dim, rowCapacity) ?? jsInt8Dots(dim, rowCapacity)
}
