/**
 * Options and checks shared by every inference backend (in-process, worker threads, child processes).
 */
import type { AbortOptions } from './backend.js'
import { ModelLoadError } from './errors.js'

/** Where models run. */
export type BackendMode = 'worker' | 'process' | 'in-process'

/**
 * Options of a run through a backend that crosses a thread boundary. Extends the interface's options, so any
 * {@link ModelHandle} accepts it (other backends ignore `transfer`).
 */
export interface RunOptions extends AbortOptions {
  /**
   * Move the feeds' buffers to the worker instead of copying them. The caller's typed arrays become unusable
   * (length 0) afterwards: set it only for buffers you made for this run (the micro-batcher does).
   * @default false
   */
  transfer?: boolean
}

/** Options shared by every backend. Plain data. */
export interface BackendInit {
  /**
   * ONNX intra-op threads per session. Our models are small enough that one thread per inference is fastest
   * on a busy node; raise it only on a machine that does nothing but inference.
   * @default 1
   */
  threads?: number
  /**
   * Largest model accepted, in bytes (a 341k x 100 float table is 137 MB).
   * @default 1073741824 (1 GiB)
   */
  maxModelBytes?: number
}

/** Largest model accepted by default. */
export const DEFAULT_MAX_MODEL_BYTES = 1024 * 1024 * 1024 // a GloVe-sized table fits with room; a 2 GiB protobuf cannot exist

/** Refuses empty or oversized model bytes before they reach the runtime. */
export function checkModel (model: Uint8Array, maxModelBytes: number): void {
  if (!(model instanceof Uint8Array) || model.byteLength === 0) throw new ModelLoadError('the model is empty: expected ONNX bytes')
  if (model.byteLength > maxModelBytes) {
    throw new ModelLoadError(`the model is ${model.byteLength} bytes, over the ${maxModelBytes}-byte limit: raise maxModelBytes if it is meant to be this big`)
  }
}
