import { logger } from '@libp2p/logger'
import { positiveInt } from '../options.js'
import type { AbortOptions, InferenceBackend, LoadOptions, ModelHandle } from './backend.js'
import { checkModel, DEFAULT_MAX_MODEL_BYTES, type BackendInit } from './backend-options.js'
import { BackendStoppedError, ModelClosedError } from './errors.js'
import type { OrtSession } from './onnx-runtime.js'
import type { TensorMap } from './tensor.js'
import { runWithTexts, type TextFeeds } from './text-feeds.js'

const log = logger('moemesh:onnx:backend')

/** Runs ONNX sessions on the calling thread. Simple and fastest per call, but each run blocks this thread. */
export class InProcessBackend implements InferenceBackend {
  private readonly threads: number
  private readonly maxModelBytes: number
  private readonly sessions = new Set<OrtSession>()
  private stopped = false

  constructor (init: BackendInit = {}) {
    this.threads = positiveInt('threads', init.threads, 1)
    this.maxModelBytes = positiveInt('maxModelBytes', init.maxModelBytes, DEFAULT_MAX_MODEL_BYTES)
  }

  async load (model: Uint8Array, options: LoadOptions = {}): Promise<ModelHandle> {
    options.signal?.throwIfAborted()
    if (this.stopped) throw new BackendStoppedError()
    checkModel(model, this.maxModelBytes)
    // Imported lazily so that a process using only worker backends never loads the native addon on its main thread.
    const { createOrtSession } = await import('./onnx-runtime.js')
    const session = await createOrtSession(model, { intraOpNumThreads: this.threads })
    if (this.stopped) {
      await session.close()
      throw new BackendStoppedError()
    }
    this.sessions.add(session)
    log('loaded %s in-process', options.label ?? 'model')
    let closed = false
    return {
      inputNames: session.inputNames,
      outputNames: session.outputNames,
      run: async (feeds: TensorMap, runOptions: AbortOptions = {}) => {
        runOptions.signal?.throwIfAborted()
        if (closed || !this.sessions.has(session)) throw new ModelClosedError()
        return await session.run(feeds)
      },
      runText: async (feeds: TensorMap, text: TextFeeds, runOptions: AbortOptions = {}) => {
        runOptions.signal?.throwIfAborted()
        if (closed || !this.sessions.has(session)) throw new ModelClosedError()
        return await runWithTexts(async (f) => await session.run(f), feeds, text)
      },
      close: async () => {
        if (closed) return
        closed = true
        this.sessions.delete(session)
        await session.close()
      }
    }
  }

  async stop (): Promise<void> {
    this.stopped = true
    const sessions = [...this.sessions]
    this.sessions.clear()
    await Promise.all(sessions.map(async (s) => { await s.close() }))
  }
}
