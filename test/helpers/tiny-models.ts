/**
 * Tiny ONNX models for tests and benchmarks, written straight from the generated ONNX schema (no graph builder),
 * each with a plain TypeScript reference so a test can compare the runtime's answer with an independent one.
 *
 * All models: IR version 8, opset 17, weights as little-endian `raw_data`, a symbolic batch dim `N`.
 */
import { onnx } from '../../src/gen/onnx.js'
import { SeededRandom } from '../../src/text/random.js'

const FLOAT = 1
const INT64 = 7

type Dim = number | string

function valueInfo (name: string, elemType: number, dims: Dim[]): onnx.ValueInfoProto.$Properties {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => typeof d === 'number' ? { dimValue: d } : { dimParam: d }) }
      }
    }
  }
}

function floatInit (name: string, dims: number[], data: Float32Array): onnx.TensorProto.$Properties {
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) }
}

function int64Init (name: string, values: number[]): onnx.TensorProto.$Properties {
  const data = BigInt64Array.from(values.map(BigInt))
  return { name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(data.buffer) }
}

function node (opType: string, input: string[], output: string[], attribute: onnx.AttributeProto.$Properties[] = []): onnx.NodeProto.$Properties {
  return { opType, input, output, name: `${opType}_${output[0]}`, attribute }
}

function model (graph: onnx.GraphProto.$Properties): Uint8Array {
  // protobufjs is little-endian regardless of host; the runtime reads raw_data as little-endian, as do x86/arm.
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'moemesh-tests',
    graph
  }).finish()
}

function randomMatrix (rng: SeededRandom, rows: number, cols: number, scale: number): Float32Array {
  const out = new Float32Array(rows * cols)
  for (let i = 0; i < out.length; i++) out[i] = rng.normal() * scale
  return out
}

/** A dense classifier: `probs = softmax(x @ W + b)`, input `x` float [N, inDim], output `probs` float [N, outDim]. */
export interface MlpModel {
  bytes: Uint8Array
  inDim: number
  outDim: number
  /** The same computation in plain TypeScript (float64 accumulation), rows of `x` laid out row-major. */
  reference: (x: Float32Array, rows: number) => Float32Array
}

/** Builds a `MatMul + Add + Softmax` model with seeded random weights. */
export function mlpModel (init: { inDim: number, outDim: number, seed?: number }): MlpModel {
  const { inDim, outDim } = init
  const rng = new SeededRandom(init.seed ?? 1)
  const w = randomMatrix(rng, inDim, outDim, 1 / Math.sqrt(inDim))
  const b = randomMatrix(rng, 1, outDim, 0.1)
  const bytes = model({
    name: 'mlp',
    node: [
      node('MatMul', ['x', 'W'], ['xw']),
      node('Add', ['xw', 'b'], ['logits']),
      node('Softmax', ['logits'], ['probs'], [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }])
    ],
    initializer: [floatInit('W', [inDim, outDim], w), floatInit('b', [outDim], b)],
    input: [valueInfo('x', FLOAT, ['N', inDim])],
    output: [valueInfo('probs', FLOAT, ['N', outDim])]
  })
  const reference = (x: Float32Array, rows: number): Float32Array => {
    const out = new Float32Array(rows * outDim)
    const logits = new Float64Array(outDim)
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < outDim; k++) {
        let s = b[k]
        for (let d = 0; d < inDim; d++) s += x[r * inDim + d] * w[d * outDim + k]
        logits[k] = s
      }
      const max = Math.max(...logits)
      let z = 0
      for (let k = 0; k < outDim; k++) z += Math.exp(logits[k] - max)
      for (let k = 0; k < outDim; k++) out[r * outDim + k] = Math.exp(logits[k] - max) / z
    }
    return out
  }
  return { bytes, inDim, outDim, reference }
}

/**
 * An embedding bag: inputs `ids` int64 [N, L] and `weights` float [N, L], output `embedding` float [N, dim] =
 * sum over l of weights[n, l] * table[ids[n, l]]. A padded position (any id, weight 0) adds nothing.
 */
export interface EmbeddingBagModel {
  bytes: Uint8Array
  vocab: number
  dim: number
  reference: (ids: BigInt64Array, weights: Float32Array, rows: number, width: number) => Float32Array
}

/** Builds `ReduceSum(Gather(table, ids) * Unsqueeze(weights, [2]), axes=[1], keepdims=0)`. */
export function embeddingBagModel (init: { vocab: number, dim: number, seed?: number }): EmbeddingBagModel {
  const { vocab, dim } = init
  const rng = new SeededRandom(init.seed ?? 2)
  const table = randomMatrix(rng, vocab, dim, 1)
  const bytes = model({
    name: 'embedding-bag',
    node: [
      node('Gather', ['table', 'ids'], ['rows'], [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
      node('Unsqueeze', ['weights', 'axes2'], ['w3']),
      node('Mul', ['rows', 'w3'], ['weighted']),
      node('ReduceSum', ['weighted', 'axes1'], ['embedding'], [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }])
    ],
    initializer: [floatInit('table', [vocab, dim], table), int64Init('axes2', [2]), int64Init('axes1', [1])],
    input: [valueInfo('ids', INT64, ['N', 'L']), valueInfo('weights', FLOAT, ['N', 'L'])],
    output: [valueInfo('embedding', FLOAT, ['N', dim])]
  })
  const reference = (ids: BigInt64Array, weights: Float32Array, rows: number, width: number): Float32Array => {
    const out = new Float32Array(rows * dim)
    for (let r = 0; r < rows; r++) {
      for (let d = 0; d < dim; d++) {
        let s = 0
        for (let l = 0; l < width; l++) s += weights[r * width + l] * table[Number(ids[r * width + l]) * dim + d]
        out[r * dim + d] = s
      }
    }
    return out
  }
  return { bytes, vocab, dim, reference }
}

/**
 * A deliberately slow model for load tests: `layers` rounds of `x = Relu(x @ W_i)`, input `x` float [N, dim],
 * output `y` float [N, dim]. Cost grows with N * dim^2 * layers. With `sharedWeights` every layer uses the same
 * matrix, so the model stays small however many layers it has.
 */
export function heavyModel (init: { dim: number, layers: number, seed?: number, sharedWeights?: boolean }): { bytes: Uint8Array, dim: number } {
  const { dim, layers } = init
  const rng = new SeededRandom(init.seed ?? 3)
  const nodes: onnx.NodeProto.$Properties[] = []
  const inits: onnx.TensorProto.$Properties[] = []
  let prev = 'x'
  for (let i = 0; i < layers; i++) {
    const w = init.sharedWeights === true ? 'W0' : `W${i}`
    if (i === 0 || init.sharedWeights !== true) inits.push(floatInit(w, [dim, dim], randomMatrix(rng, dim, dim, 1 / Math.sqrt(dim))))
    const out = i === layers - 1 ? 'y' : `h${i}`
    nodes.push(node('MatMul', [prev, w], [`m${i}`]))
    nodes.push(node('Relu', [`m${i}`], [out]))
    prev = out
  }
  const bytes = model({
    name: 'heavy',
    node: nodes,
    initializer: inits,
    input: [valueInfo('x', FLOAT, ['N', dim])],
    output: [valueInfo('y', FLOAT, ['N', dim])]
  })
  return { bytes, dim }
}

/** `rows * cols` seeded standard-normal floats. */
export function randomFloats (rows: number, cols: number, seed: number): Float32Array {
  return randomMatrix(new SeededRandom(seed), rows, cols, 1)
}

/** `count` seeded ids in [0, vocab). */
export function randomIds (count: number, vocab: number, seed: number): BigInt64Array {
  const rng = new SeededRandom(seed)
  const out = new BigInt64Array(count)
  for (let i = 0; i < count; i++) out[i] = BigInt(rng.int(vocab))
  return out
}
