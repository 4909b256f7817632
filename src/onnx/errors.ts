/**
 * Typed errors of the ONNX layer (runtime, backends, workers). One class per condition; code branches on `name` or
 * `code`, never on the message. Codes are a bounded set, safe as metric labels.
 */
import { MoemeshError } from '../errors.js'

/**
 * The worker thread or process that ran the model died (native crash, out of memory, killed). In-flight runs
 * fail with this error; the backend starts a fresh worker and reloads the model on the next call.
 */
export class BackendCrashedError extends MoemeshError {
  constructor (message: string, options?: { cause?: unknown }) {
    super(message, 'BACKEND_CRASHED', options)
  }
}

/** The ONNX runtime refused the model bytes (not an ONNX model, unsupported operator or opset, corrupt weights). */
export class ModelLoadError extends MoemeshError {
  constructor (message: string, options?: { cause?: unknown }) {
    super(message, 'MODEL_LOAD_FAILED', options)
  }
}

/** The ONNX runtime rejected a run (wrong input names, types or shapes for this model). */
export class InferenceError extends MoemeshError {
  constructor (message: string, options?: { cause?: unknown }) {
    super(message, 'INFERENCE_FAILED', options)
  }
}

/** The feeds given to a run are malformed before they reach the runtime (shape, type, batch size). */
export class InvalidFeedsError extends MoemeshError {
  constructor (message: string) {
    super(message, 'INVALID_FEEDS')
  }
}

/** The model was closed: load it again to keep using it. */
export class ModelClosedError extends MoemeshError {
  constructor (message = 'the model was closed: load it again to run it') {
    super(message, 'MODEL_CLOSED')
  }
}

/** The inference backend was stopped: create a new one. */
export class BackendStoppedError extends MoemeshError {
  constructor (message = 'the inference backend was stopped: create a new one') {
    super(message, 'BACKEND_STOPPED')
  }
}
