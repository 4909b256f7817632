import type { TensorMap } from './tensor.js'
import type { TextFeeds } from './text-feeds.js'

/** Options for every call that may wait. */
export interface AbortOptions {
  signal?: AbortSignal
}

/**
 * A model loaded into an inference backend. `run` may be called concurrently; the backend serialises or
 * parallelises as it sees fit. `run` cannot cancel an inference already started: the signal is checked
 * before the work is queued and before it starts.
 */
export interface ModelHandle {
  /** Names of the graph inputs, in graph order. */
  readonly inputNames: readonly string[]
  /** Names of the graph outputs, in graph order. */
  readonly outputNames: readonly string[]
  run: (feeds: TensorMap, options?: AbortOptions) => Promise<TensorMap>
  /**
   * Runs with n-gram inputs featurized from `text.texts` where the model runs (a worker backend does it in its
   * worker, off the calling thread); `feeds` holds the other inputs, one row per text. Outputs have one row per
   * text, in order. Optional: without it, callers featurize and call `run`.
   */
  runText?: (feeds: TensorMap, text: TextFeeds, options?: AbortOptions & { transfer?: boolean }) => Promise<TensorMap>
  /** Frees the native session. Further `run` calls reject. */
  close: () => Promise<void>
}

/** Options for loading a model. */
export interface LoadOptions extends AbortOptions {
  /** A short label for logs (an expert name); never used for routing. */
  label?: string
}

/**
 * Where ONNX models run. The implementation is the only code that touches onnxruntime-node, and keeps
 * inference off the thread that serves the network.
 */
export interface InferenceBackend {
  load: (model: Uint8Array, options?: LoadOptions) => Promise<ModelHandle>
  /** Closes every model and the threads or processes behind them. */
  stop: () => Promise<void>
}
