import { describe, expect, it } from 'vitest'
import { jsInt8Dots, wasmInt8Dots } from '../../../src/routing/int8-dots.js'
import { SeededRandom } from '../../../src/text/random.js'

describe('int8 dot kernel', () => {
  for (const dim of [1, 15, 16, 17, 164, 384]) {
    it(`the WebAssembly SIMD scorer equals the JS one exactly (dim ${dim}, extreme values included)`, () => {
      const wasm = wasmInt8Dots(dim, 37)
      expect(wasm).toBeDefined()
      if (wasm === undefined) return
      const js = jsInt8Dots(dim, 37)
      const rng = new SeededRandom(dim)
      const q = Int8Array.from({ length: dim }, (_, j) => j === 0 ? -128 : rng.int(255) - 127)
      for (const k of [wasm, js]) {
        k.setQuery(q)
        // Fill past the last row too: bytes beyond the rows must not leak into the scores.
        for (let i = 0; i < k.rows.length; i++) k.rows[i] = i < dim ? 127 : rng.int(256) - 128
      }
      js.rows.set(wasm.rows)
      wasm.dots(37)
      js.dots(37)
      expect([...wasm.out]).toEqual([...js.out])
      let want = 0
      for (let j = 0; j < dim; j++) want += 127 * q[j]
      expect(wasm.out[0]).toBe(want)
    })
  }
})
