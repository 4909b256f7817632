/**
 * The inner loop of capability search: dot products of one query with many packed rows.
 *
 * Plain JavaScript manages ~0.8 G multiply-adds a second here (1k cards x 8 centroids x 164 dims ~ 1.7 ms), so the
 * kernel is a 200-byte WebAssembly module using 128-bit SIMD (~5x faster), assembled below by hand so nothing is
 * downloaded or built. Where WebAssembly SIMD is unavailable the same layout is scanned in JavaScript.
 */

/** A zeroed float buffer the kernel can scan, with the scan itself. Offsets and sizes are in floats. */
export interface DotBuffer {
  /** The whole buffer. Replaced views are never needed: a buffer never grows (allocate a new one instead). */
  readonly f32: Float32Array
  /**
   * Writes `out[r] = sum_j data[r * dimPad + j] * q[j]` for `rows` rows. `dimPad` must be a multiple of
   * {@link DIM_ALIGN} and every offset a multiple of 4 (16-byte aligned).
   */
  dots: (qOff: number, dataOff: number, rows: number, dimPad: number, outOff: number) => void
}

/** A way to allocate scannable buffers. */
export interface DotKernel {
  /** 'wasm-simd' when WebAssembly SIMD is available, else 'js'. */
  readonly kind: 'wasm-simd' | 'js'
  /** A zeroed buffer of at least `floats` floats. */
  allocate: (floats: number) => DotBuffer
}

/** Rows are padded to a multiple of this many floats (two 4-lane vectors per loop step). */
export const DIM_ALIGN = 8

const WASM_PAGE_BYTES = 65_536

/** Unsigned LEB128, as WebAssembly encodes sizes and indices. */
export function uleb (n: number): number[] {
  const out: number[] = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n !== 0) b |= 0x80
    out.push(b)
  } while (n !== 0)
  return out
}

/** A WebAssembly name (length-prefixed UTF-8). */
export function name (s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)]
  return [...uleb(bytes.length), ...bytes]
}

/** A WebAssembly module section. */
export function section (id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body]
}

/**
 * `dots(q, data, rows, pairs, out)` with byte offsets and `pairs` = dimPad / 8. Imports its memory as env.memory.
 * params: 0 q, 1 data, 2 rows, 3 pairs, 4 out; locals: 5 qp, 6 j (i32), 7 acc0, 8 acc1 (v128).
 */
function assembleDotModule (): Uint8Array {
  const get = (i: number): number[] => [0x20, i]
  const set = (i: number): number[] => [0x21, i]
  const simd = (op: number): number[] => [0xfd, ...uleb(op)]
  const V128_LOAD = 0x00
  const V128_CONST = 0x0c
  const F32X4_EXTRACT_LANE = 0x1f
  const F32X4_ADD = 0xe4
  const F32X4_MUL = 0xe6
  const zero = [...simd(V128_CONST), ...new Array<number>(16).fill(0)]
  const load = (base: number, offset: number): number[] => [...get(base), ...simd(V128_LOAD), 4, offset]
  const body = [
    0x02, 0x40, // block (exit)
    ...get(2), 0x45, 0x0d, 0, // rows == 0 -> exit
    0x03, 0x40, // loop (rows)
    ...zero, ...set(7),
    ...zero, ...set(8),
    ...get(0), ...set(5),
    ...get(3), ...set(6),
    0x03, 0x40, // loop (pairs of vectors)
    ...get(7), ...load(1, 0), ...load(5, 0), ...simd(F32X4_MUL), ...simd(F32X4_ADD), ...set(7),
    ...get(8), ...load(1, 16), ...load(5, 16), ...simd(F32X4_MUL), ...simd(F32X4_ADD), ...set(8),
    ...get(1), 0x41, 32, 0x6a, ...set(1), // data += 32 (i32.const 32 is a one-byte sleb: 0x20)
    ...get(5), 0x41, 32, 0x6a, ...set(5),
    ...get(6), 0x41, 1, 0x6b, 0x22, 6, 0x0d, 0, // --j; br_if j != 0
    0x0b,
    ...get(7), ...get(8), ...simd(F32X4_ADD), ...set(7),
    ...get(4),
    ...get(7), ...simd(F32X4_EXTRACT_LANE), 0,
    ...get(7), ...simd(F32X4_EXTRACT_LANE), 1, 0x92,
    ...get(7), ...simd(F32X4_EXTRACT_LANE), 2, 0x92,
    ...get(7), ...simd(F32X4_EXTRACT_LANE), 3, 0x92,
    0x38, 2, 0, // f32.store
    ...get(4), 0x41, 4, 0x6a, ...set(4),
    ...get(2), 0x41, 1, 0x6b, 0x22, 2, 0x0d, 0, // --rows; br_if rows != 0
    0x0b,
    0x0b,
    0x0b
  ]
  const locals = [2, 2, 0x7f, 2, 0x7b]
  const fn = [...locals, ...body]
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('dots'), 0x00, 0]),
    ...section(10, [1, ...uleb(fn.length), ...fn])
  ])
}

function jsDots (f32: Float32Array, qOff: number, dataOff: number, rows: number, dimPad: number, outOff: number): void {
  for (let r = 0; r < rows; r++) {
    const o = dataOff + r * dimPad
    let s0 = 0
    let s1 = 0
    let s2 = 0
    let s3 = 0
    for (let j = 0; j < dimPad; j += 4) {
      s0 += f32[o + j] * f32[qOff + j]
      s1 += f32[o + j + 1] * f32[qOff + j + 1]
      s2 += f32[o + j + 2] * f32[qOff + j + 2]
      s3 += f32[o + j + 3] * f32[qOff + j + 3]
    }
    f32[outOff + r] = s0 + s1 + s2 + s3
  }
}

/** The portable kernel (also the reference the SIMD one is tested against). */
export const jsKernel: DotKernel = {
  kind: 'js',
  allocate (floats: number): DotBuffer {
    const f32 = new Float32Array(floats)
    return {
      f32,
      dots: (qOff, dataOff, rows, dimPad, outOff) => { jsDots(f32, qOff, dataOff, rows, dimPad, outOff) }
    }
  }
}

/** The slice of the WebAssembly JS API used here (the project's lib settings carry no DOM/WebAssembly globals). */
export interface WasmApi {
  validate: (bytes: Uint8Array) => boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> }
  Memory: new (descriptor: { initial: number, maximum?: number }) => { buffer: ArrayBuffer }
}

function createWasmKernel (): DotKernel | undefined {
  const WebAssembly = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  try {
    const bytes = assembleDotModule()
    if (WebAssembly === undefined || !WebAssembly.validate(bytes)) return undefined
    const module = new WebAssembly.Module(bytes)
    return {
      kind: 'wasm-simd',
      allocate (floats: number): DotBuffer {
        const pages = Math.max(1, Math.ceil((floats * 4) / WASM_PAGE_BYTES))
        const memory = new WebAssembly.Memory({ initial: pages, maximum: pages })
        const instance = new WebAssembly.Instance(module, { env: { memory } })
        const run = instance.exports.dots as (q: number, d: number, rows: number, pairs: number, out: number) => void
        return {
          f32: new Float32Array(memory.buffer),
          dots: (qOff, dataOff, rows, dimPad, outOff) => { run(qOff * 4, dataOff * 4, rows, dimPad / DIM_ALIGN, outOff * 4) }
        }
      }
    }
  } catch {
    return undefined
  }
}

let best: DotKernel | undefined

/** The fastest kernel this runtime supports (decided once). */
export function defaultDotKernel (): DotKernel {
  best ??= createWasmKernel() ?? jsKernel
  return best
}
