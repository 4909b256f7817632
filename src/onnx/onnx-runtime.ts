/**
 * The only module that imports onnxruntime-node. Thin on purpose: create a session from bytes, convert our plain
 * {@link Tensor}s to and from the runtime's, run. Where the session lives (this thread, a worker thread, a child
 * process) is the backend's business (see worker-backend.ts).
 */
import * as ort from 'onnxruntime-node'
import { InferenceError, ModelClosedError, ModelLoadError } from './errors.js'
import type { Tensor, TensorMap } from './tensor.js'

/** Options for {@link createOrtSession}. Plain data, so they cross to a worker unchanged. */
export interface OrtSessionOptions {
  /**
   * Threads the runtime may use inside one operator. Our models are small: one thread avoids spin-waiting
   * thread pools that would compete with the networking thread for the same cores.
   * @default 1
   */
  intraOpNumThreads?: number
}

/** A loaded ONNX session. `run` blocks the calling thread for the whole inference once it starts. */
export interface OrtSession {
  readonly inputNames: readonly string[]
  readonly outputNames: readonly string[]
  /** Runs the graph; rejects with {@link InferenceError} when the runtime refuses the feeds. */
  run: (feeds: TensorMap) => Promise<TensorMap>
  /** Frees the native session. */
  close: () => Promise<void>
}

/**
 * Creates a session from model bytes in memory (as fast as from a file).
 * @throws {ModelLoadError} when the runtime refuses the bytes.
 */
export async function createOrtSession (model: Uint8Array, options: OrtSessionOptions = {}): Promise<OrtSession> {
  let session: ort.InferenceSession
  try {
    session = await ort.InferenceSession.create(model, {
      logSeverityLevel: 4, // fatal only: every error also reaches the caller as a typed InferenceError or ModelLoadError
      intraOpNumThreads: options.intraOpNumThreads ?? 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all'
    })
  } catch (err) {
    throw new ModelLoadError(`the ONNX runtime could not load the model: ${messageOf(err)}`, { cause: err })
  }
  let closed = false
  return {
    inputNames: [...session.inputNames],
    outputNames: [...session.outputNames],
    run: async (feeds) => {
      if (closed) throw new ModelClosedError()
      let result: ort.InferenceSession.ReturnType
      try {
        const ortFeeds: Record<string, ort.Tensor> = {}
        for (const [name, tensor] of Object.entries(feeds)) ortFeeds[name] = toOrtTensor(tensor)
        result = await session.run(ortFeeds, { logSeverityLevel: 4 })
      } catch (err) {
        throw new InferenceError(`the ONNX runtime refused the run: ${messageOf(err)}`, { cause: err })
      }
      const out: TensorMap = {}
      for (const name of session.outputNames) out[name] = fromOrtTensor(name, result[name] as ort.Tensor)
      return out
    },
    close: async () => {
      if (closed) return
      closed = true
      await session.release()
    }
  }
}

/** Wraps one of our tensors for the runtime without copying its data. */
export function toOrtTensor (tensor: Tensor): ort.Tensor {
  return tensor.type === 'float32'
    ? new ort.Tensor('float32', tensor.data, tensor.dims)
    : new ort.Tensor('int64', tensor.data, tensor.dims)
}

/**
 * Converts a runtime output to our tensor type (no copy: the data is a fresh buffer the runtime made for this
 * output, so it can be transferred to another thread).
 * @throws {InferenceError} for element types moemesh does not use.
 */
export function fromOrtTensor (name: string, tensor: ort.Tensor): Tensor {
  const dims = [...tensor.dims]
  if (tensor.type === 'float32') return { type: 'float32', data: tensor.data as Float32Array, dims }
  if (tensor.type === 'int64') return { type: 'int64', data: tensor.data as BigInt64Array, dims }
  throw new InferenceError(`output "${name}" has element type ${tensor.type}; moemesh models output float32 or int64`)
}

function messageOf (err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
