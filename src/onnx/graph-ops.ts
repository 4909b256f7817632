import { attr, type GraphBuilder } from './onnx-writer.js'

/**
 * The few subgraphs moemesh models are made of, written once so the embedder, the experts and their tests
 * agree on them. Each takes value names and returns the name of its output.
 */

/**
 * Weighted embedding bag: `sum_l weights[n, l] * table[ids[n, l]]` → [N, D]. Padding is id 0 with weight 0,
 * so rows of different lengths can share one batch.
 */
export function embeddingBag (g: GraphBuilder, table: string, ids: string, weights: string): string {
  const gathered = g.fresh('gathered') // [N, L, D]
  g.node('Gather', [table, ids], [gathered], { axis: attr.int(0) })
  const w3 = g.fresh('w3') // [N, L, 1]
  g.node('Unsqueeze', [weights, g.constInt64([2], 'axis2')], [w3])
  const scaled = g.fresh('scaled')
  g.node('Mul', [gathered, w3], [scaled])
  const summed = g.fresh('bag') // [N, D]
  g.node('ReduceSum', [scaled, g.constInt64([1], 'axis1')], [summed], { keepdims: attr.int(0) })
  return summed
}

/** Row-wise L2 normalisation `x / sqrt(sum(x^2) + eps)`; an all-zero row stays zero instead of NaN. */
export function l2Normalize (g: GraphBuilder, x: string, eps = 1e-12): string {
  const sq = g.fresh('sq')
  g.node('Mul', [x, x], [sq])
  const ss = g.fresh('sumsq')
  g.node('ReduceSum', [sq, g.constInt64([-1], 'axislast')], [ss], { keepdims: attr.int(1) })
  const ssEps = g.fresh('sumsq_eps')
  g.node('Add', [ss, g.constFloat([eps], [1], 'eps')], [ssEps])
  const norm = g.fresh('norm')
  g.node('Sqrt', [ssEps], [norm])
  const out = g.fresh('normalized')
  g.node('Div', [x, norm], [out])
  return out
}

/** Scale a tensor by a constant. */
export function scale (g: GraphBuilder, x: string, factor: number): string {
  const out = g.fresh('scaled')
  g.node('Mul', [x, g.constFloat([factor], [1], 'factor')], [out])
  return out
}

/** Dense layer `x @ W + b` with W [in, out] and b [out] already added as initializers. */
export function dense (g: GraphBuilder, x: string, weight: string, bias: string): string {
  const out = g.fresh('dense')
  g.node('Gemm', [x, weight, bias], [out])
  return out
}

/** Elementwise ReLU. */
export function relu (g: GraphBuilder, x: string): string {
  const out = g.fresh('relu')
  g.node('Relu', [x], [out])
  return out
}

/** Softmax over the last axis, into a named output. */
export function softmax (g: GraphBuilder, x: string, output: string): string {
  g.node('Softmax', [x], [output], { axis: attr.int(-1) })
  return output
}

/** Concatenate along the last axis. */
export function concatLast (g: GraphBuilder, xs: string[]): string {
  const out = g.fresh('concat')
  g.node('Concat', xs, [out], { axis: attr.int(-1) })
  return out
}

/** Elementwise sum of two values into a new value. */
export function add (g: GraphBuilder, a: string, b: string): string {
  const out = g.fresh('sum')
  g.node('Add', [a, b], [out])
  return out
}
