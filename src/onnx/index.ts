/**
 * The ONNX layer, below `embed` and `experts`: tensors, the inference backend interface and its implementations
 * (worker thread, child process, in-process), the ONNX model writer and the graph ops our models are built from.
 * `onnx-runtime.ts` here is the only module in moemesh that imports onnxruntime-node.
 *
 * @example
 * ```ts
 * import { GraphBuilder, dense, softmax, createInferenceBackend, floatTensor } from './onnx/index.js'
 *
 * const g = new GraphBuilder('tiny')
 * g.input('x', 'float32', ['batch', 4])
 * g.initializer('w', floatTensor(new Float32Array(8), [4, 2]))
 * g.initializer('b', floatTensor(new Float32Array(2), [2]))
 * softmax(g, dense(g, 'x', 'w', 'b'), 'probs')
 * g.output('probs', 'float32', ['batch', 2])
 *
 * const backend = createInferenceBackend({ mode: 'worker' })
 * const model = await backend.load(g.build())
 * const out = await model.run({ x: floatTensor(new Float32Array(4), [1, 4]) }, { signal })
 * await backend.stop()
 * ```
 */
export type { AbortOptions, InferenceBackend, LoadOptions, ModelHandle } from './backend.js'
export type { Tensor, TensorMap, TensorType } from './tensor.js'
export { floatTensor, int64Tensor } from './tensor.js'
export { createInferenceBackend, InProcessBackend, WorkerBackend } from './worker-backend.js'
export type { BackendMode, CreateBackendOptions, RunOptions } from './worker-backend.js'
export { GraphBuilder, attr, inspectModel, ONNX_IR_VERSION, ONNX_OPSET } from './onnx-writer.js'
export type { AttrValue, BuildOptions, ModelSummary } from './onnx-writer.js'
export { add, concatLast, dense, embeddingBag, l2Normalize, relu, scale, softmax } from './graph-ops.js'
export {
  BackendCrashedError, BackendStoppedError, InferenceError, InvalidFeedsError, ModelClosedError, ModelLoadError
} from './errors.js'
