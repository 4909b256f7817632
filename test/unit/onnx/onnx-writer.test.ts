import { describe, expect, it } from 'vitest'
import { GraphBuilder, attr, inspectModel } from '../../../src/onnx/onnx-writer.js'
import { embeddingBag, l2Normalize, dense, relu, softmax, concatLast, scale } from '../../../src/onnx/graph-ops.js'
import { createOrtSession } from '../../../src/onnx/onnx-runtime.js'
import { SeededRandom } from '../../../src/text/random.js'

const rng = new SeededRandom(7)
const randn = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.normal())

/** Plain TypeScript reference of embedding bag -> L2 norm -> scale(0.5) ++ x -> dense -> relu -> dense -> softmax. */
function reference (ids: number[][], weights: number[][], x: Float32Array[], table: Float32Array, D: number,
  W1: Float32Array, b1: Float32Array, H: number, W2: Float32Array, b2: Float32Array, C: number): number[][] {
  return ids.map((row, n) => {
    const bag = new Array(D).fill(0)
    row.forEach((id, l) => { for (let d = 0; d < D; d++) bag[d] += weights[n][l] * table[id * D + d] })
    const norm = Math.sqrt(bag.reduce((s, v) => s + v * v, 0) + 1e-12)
    const feat = [...bag.map((v) => 0.5 * v / norm), ...x[n]]
    const h = new Array(H).fill(0).map((_, j) => Math.max(0, feat.reduce((s, v, i) => s + v * W1[i * H + j], 0) + b1[j]))
    const logits = new Array(C).fill(0).map((_, c) => h.reduce((s, v, j) => s + v * W2[j * C + c], 0) + b2[c])
    const m = Math.max(...logits)
    const e = logits.map((v) => Math.exp(v - m))
    const z = e.reduce((a, b) => a + b, 0)
    return e.map((v) => v / z)
  })
}

describe('ONNX writer', () => {
  it('writes a model that onnxruntime runs, matching a plain TypeScript computation', async () => {
    const V = 50; const D = 6; const X = 3; const H = 5; const C = 4
    const table = randn(V * D); const W1 = randn((D + X) * H); const b1 = randn(H); const W2 = randn(H * C); const b2 = randn(C)
    const g = new GraphBuilder('test')
    g.input('ids', 'int64', ['N', 'L']).input('weights', 'float32', ['N', 'L']).input('x', 'float32', ['N', X])
    g.output('probabilities', 'float32', ['N', C])
    g.initializer('table', { type: 'float32', data: table, dims: [V, D] })
    g.initializer('W1', { type: 'float32', data: W1, dims: [D + X, H] }).initializer('b1', { type: 'float32', data: b1, dims: [H] })
    g.initializer('W2', { type: 'float32', data: W2, dims: [H, C] }).initializer('b2', { type: 'float32', data: b2, dims: [C] })
    const bag = scale(g, l2Normalize(g, embeddingBag(g, 'table', 'ids', 'weights')), 0.5)
    softmax(g, dense(g, relu(g, dense(g, concatLast(g, [bag, 'x']), 'W1', 'b1')), 'W2', 'b2'), 'probabilities')
    const bytes = g.build({ metadata: { z: 'last', a: 'first' } })

    const session = await createOrtSession(bytes)
    try {
      for (const N of [1, 7]) {
        const L = 5
        const ids = Array.from({ length: N }, () => Array.from({ length: L }, () => rng.int(V)))
        const weights = Array.from({ length: N }, () => Array.from({ length: L }, () => rng.next()))
        const x = Array.from({ length: N }, () => randn(X))
        const out = await session.run({
          ids: { type: 'int64', data: BigInt64Array.from(ids.flat().map(BigInt)), dims: [N, L] },
          weights: { type: 'float32', data: Float32Array.from(weights.flat()), dims: [N, L] },
          x: { type: 'float32', data: Float32Array.from(x.flatMap((r) => [...r])), dims: [N, X] }
        })
        const want = reference(ids, weights, x, table, D, W1, b1, H, W2, b2, C)
        const got = out.probabilities
        expect(got.dims).toEqual([N, C])
        for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) expect(got.data[n * C + c]).toBeCloseTo(want[n][c], 5)
      }
    } finally {
      await session.close()
    }
  })

  it('keeps an all-padding row finite (zero weights give a zero vector, not NaN)', async () => {
    const g = new GraphBuilder('pad')
    g.input('ids', 'int64', ['N', 'L']).input('weights', 'float32', ['N', 'L']).output('v', 'float32', ['N', 2])
    g.initializer('table', { type: 'float32', data: Float32Array.from([1, 2, 3, 4]), dims: [2, 2] })
    g.node('Identity', [l2Normalize(g, embeddingBag(g, 'table', 'ids', 'weights'))], ['v'])
    const session = await createOrtSession(g.build())
    const out = await session.run({
      ids: { type: 'int64', data: BigInt64Array.from([0n, 0n]), dims: [1, 2] },
      weights: { type: 'float32', data: Float32Array.from([0, 0]), dims: [1, 2] }
    })
    expect([...out.v.data]).toEqual([0, 0])
    await session.close()
  })

  it('is deterministic and reads back its interface and sorted metadata', () => {
    const build = (): Uint8Array => {
      const g = new GraphBuilder('m')
      g.input('x', 'float32', ['N', 2]).output('y', 'float32', ['N', 2])
      g.node('Softmax', ['x'], ['y'], { axis: attr.int(-1) })
      return g.build({ metadata: { b: '2', a: '1' } })
    }
    const a = build(); const b = build()
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    const summary = inspectModel(a)
    expect(summary.inputs).toEqual([{ name: 'x', type: 'float32', dims: ['N', 2] }])
    expect(summary.outputs).toEqual([{ name: 'y', type: 'float32', dims: ['N', 2] }])
    expect(summary.metadata).toEqual({ a: '1', b: '2' })
    expect(summary.opset).toBe(17)
  })

  it('refuses reused value names and mismatched initializer shapes', () => {
    const g = new GraphBuilder('bad')
    g.input('x', 'float32', [1])
    expect(() => g.input('x', 'float32', [1])).toThrow(/already used/)
    expect(() => g.initializer('w', { type: 'float32', data: new Float32Array(3), dims: [2, 2] })).toThrow(/hold 4 values/)
    expect(() => inspectModel(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(/not an ONNX model/)
  })
})
