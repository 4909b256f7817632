/**
 * Inference backends: where ONNX sessions live and run.
 *
 * `session.run()` is a synchronous native call that blocks its thread for the whole inference, so a node that
 * serves the network must not run models on its main thread. {@link WorkerBackend} keeps sessions in worker
 * threads (`mode: 'worker'`) or child processes (`mode: 'process'`); {@link InProcessBackend} runs them on the
 * calling thread, for single-user tools (the trainer) and for comparison. Measurements behind the default are in
 * scripts/bench/backend.ts.
 */
import { logger } from '@libp2p/logger'
import { abortReason, positiveInt } from '../options.js'
import { InvalidOptionError } from '../errors.js'
import type { AbortOptions, InferenceBackend, LoadOptions, ModelHandle } from './backend.js'
import { checkModel, DEFAULT_MAX_MODEL_BYTES, type BackendInit, type BackendMode, type RunOptions } from './backend-options.js'
import { BackendCrashedError, BackendStoppedError, ModelClosedError } from './errors.js'
import { InProcessBackend } from './in-process-backend.js'
import { Channel, type DistributiveOmit } from './worker-channel.js'
import type { WorkerRequest } from './inference-worker.js'
import type { TensorMap } from './tensor.js'
import type { TextFeeds } from './text-feeds.js'

export { InProcessBackend }
export type { BackendInit, BackendMode, RunOptions }

const log = logger('moemesh:onnx:backend')

/** Options of {@link WorkerBackend}. */
export interface WorkerBackendInit extends BackendInit {
  /**
   * `'worker'` runs sessions in worker threads (cheapest round trip, shares the process's memory);
   * `'process'` in forked child processes (a native crash cannot take the node down, but every run is copied
   * through a pipe).
   * @default 'worker'
   */
  mode?: 'worker' | 'process'
  /**
   * How many workers. Each model lives in one of them (the one holding the fewest models when it is loaded):
   * models in different workers run in parallel, runs of one worker run one at a time.
   * @default 1
   */
  workers?: number
  /**
   * How long `stop()` waits for a worker to release its sessions before killing it.
   * @default 2000
   */
  stopTimeoutMs?: number
}

/** Counters for metrics. */
export interface BackendStats {
  /** Workers started, including restarts. */
  starts: number
  /** Workers that died without being asked to. */
  crashes: number
  /** Models loaded and not yet closed. */
  models: number
}

const DEFAULT_STOP_TIMEOUT_MS = 2000 // releasing sessions takes milliseconds; a wedged worker must not stall shutdown

/**
 * Runs ONNX sessions in worker threads or child processes, so inference never blocks the thread that serves the
 * network. A worker that dies fails its in-flight runs with {@link BackendCrashedError}; the next call starts a
 * fresh worker and reloads the models it held (the backend keeps a reference to each model's bytes for that:
 * do not mutate them after `load`).
 */
export class WorkerBackend implements InferenceBackend {
  readonly mode: 'worker' | 'process'
  private readonly threads: number
  private readonly maxModelBytes: number
  private readonly stopTimeoutMs: number
  private readonly slots: Array<Channel | undefined>
  private readonly modelsPerSlot: number[]
  private readonly handles = new Set<WorkerModel>()
  private stopped = false
  private starts = 0
  private crashes = 0

  constructor (init: WorkerBackendInit = {}) {
    const mode = init.mode ?? 'worker'
    if (mode !== 'worker' && mode !== 'process') throw new InvalidOptionError('mode', `must be "worker" or "process", got ${String(mode)}`)
    this.mode = mode
    this.threads = positiveInt('threads', init.threads, 1)
    this.maxModelBytes = positiveInt('maxModelBytes', init.maxModelBytes, DEFAULT_MAX_MODEL_BYTES)
    this.stopTimeoutMs = positiveInt('stopTimeoutMs', init.stopTimeoutMs, DEFAULT_STOP_TIMEOUT_MS)
    const workers = positiveInt('workers', init.workers, 1)
    this.slots = new Array<Channel | undefined>(workers).fill(undefined)
    this.modelsPerSlot = new Array<number>(workers).fill(0)
  }

  async load (model: Uint8Array, options: LoadOptions = {}): Promise<ModelHandle> {
    options.signal?.throwIfAborted()
    if (this.stopped) throw new BackendStoppedError()
    checkModel(model, this.maxModelBytes)
    let slot = 0
    for (let i = 1; i < this.modelsPerSlot.length; i++) if (this.modelsPerSlot[i] < this.modelsPerSlot[slot]) slot = i
    const handle = new WorkerModel(this, slot, model, options.label ?? 'model')
    this.modelsPerSlot[slot]++
    try {
      await handle.ensureLoaded(options)
    } catch (err) {
      this.modelsPerSlot[slot]--
      // The caller gave up, but the load may still finish in the worker: free that session when it does.
      void handle.close()
      throw err
    }
    this.handles.add(handle)
    return handle
  }

  /** Counters for metrics. */
  stats (): BackendStats {
    return { starts: this.starts, crashes: this.crashes, models: this.handles.size }
  }

  /**
   * Kills every worker at once, as a crash would: in-flight runs reject with {@link BackendCrashedError} and the
   * next call restarts the workers. For tests of crash handling and for an operator's emergency stop.
   */
  kill (): void {
    for (const channel of this.slots) channel?.crash()
  }

  async stop (): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    for (const handle of this.handles) handle.markClosed()
    this.handles.clear()
    await Promise.all(this.slots.map(async (channel, i) => {
      this.slots[i] = undefined
      await channel?.stop(this.stopTimeoutMs)
    }))
  }

  /** The live channel of a slot, starting a fresh worker if it has none. @internal */
  channel (slot: number): Channel {
    if (this.stopped) throw new BackendStoppedError()
    let channel = this.slots[slot]
    if (channel?.alive !== true) {
      channel = new Channel(this.mode, slot, (dead) => {
        if (this.slots[slot] === dead) this.slots[slot] = undefined
        if (!this.stopped) this.crashes++
      })
      this.slots[slot] = channel
      this.starts++
      log('started inference %s %d (start %d)', this.mode, slot, this.starts)
    }
    return channel
  }

  /** @internal */
  get sessionOptions (): { intraOpNumThreads: number } {
    return { intraOpNumThreads: this.threads }
  }

  /** @internal */
  forget (handle: WorkerModel): void {
    if (this.handles.delete(handle)) this.modelsPerSlot[handle.slot]--
  }
}

/** A model held by a worker; reloads itself into a fresh worker after a crash. */
class WorkerModel implements ModelHandle {
  inputNames: readonly string[] = []
  outputNames: readonly string[] = []
  private loadedOn?: Channel
  private remoteId = 0
  private loading?: Promise<Channel>
  private loadingOn?: Channel
  private closed = false

  constructor (
    private readonly backend: WorkerBackend,
    readonly slot: number,
    private readonly model: Uint8Array,
    private readonly label: string
  ) {}

  /** Loads the model into the slot's live worker unless it is already there; returns that worker. */
  async ensureLoaded (options: AbortOptions = {}): Promise<Channel> {
    const channel = this.backend.channel(this.slot)
    if (this.loadedOn === channel) return channel
    if (this.loading == null || this.loadingOn !== channel) {
      this.loadingOn = channel
      const loading: Promise<Channel> = (async () => {
        // A copy crosses to the worker; our reference stays for the next reload.
        const reply = await channel.request({ op: 'load', model: this.model, options: this.backend.sessionOptions })
        this.inputNames = reply.inputNames ?? []
        this.outputNames = reply.outputNames ?? []
        this.remoteId = reply.modelId ?? 0
        this.loadedOn = channel
        log('loaded %s into %s %d', this.label, this.backend.mode, this.slot)
        return channel
      })().finally(() => { if (this.loading === loading) this.loading = undefined })
      this.loading = loading
    }
    const loading = this.loading
    if (options.signal == null) return await loading
    // A caller that gives up does not cancel the load others may be waiting for.
    const signal = options.signal
    return await new Promise<Channel>((resolve, reject) => {
      const onAbort = (): void => { reject(abortReason(signal) as Error) }
      signal.addEventListener('abort', onAbort, { once: true })
      loading.then(resolve, reject).finally(() => { signal.removeEventListener('abort', onAbort) })
    })
  }

  async run (feeds: TensorMap, options: RunOptions = {}): Promise<TensorMap> {
    options.signal?.throwIfAborted()
    if (this.closed) throw new ModelClosedError()
    const channel = await this.ensureLoaded(options)
    if (this.closed) throw new ModelClosedError()
    const reply = await channel.request({ op: 'run', modelId: this.remoteId, feeds }, options)
    return reply.outputs ?? {}
  }

  async runText (feeds: TensorMap, text: TextFeeds, options: RunOptions = {}): Promise<TensorMap> {
    options.signal?.throwIfAborted()
    if (this.closed) throw new ModelClosedError()
    const channel = await this.ensureLoaded(options)
    if (this.closed) throw new ModelClosedError()
    const reply = await channel.request({ op: 'run', modelId: this.remoteId, feeds, text }, options)
    return reply.outputs ?? {}
  }

  async close (): Promise<void> {
    if (this.closed) return
    this.markClosed()
    this.backend.forget(this)
    // A load in flight would otherwise finish after we looked and leave its session in the worker forever.
    if (this.loading != null) await this.loading.catch(() => {})
    const channel = this.loadedOn
    this.loadedOn = undefined
    if (channel?.alive === true) await channel.request({ op: 'close', modelId: this.remoteId }).catch(() => {})
  }

  /** @internal */
  markClosed (): void {
    this.closed = true
  }
}

/** Options of {@link createInferenceBackend}. */
export interface CreateBackendOptions extends BackendInit {
  /**
   * Where models run. Measured with scripts/bench/backend.ts: worker threads add ~0.1 ms a round trip and keep
   * the main event loop free during inference; child processes cost more per run for crash isolation; in-process
   * blocks the main thread for every inference.
   * @default 'worker'
   */
  mode?: BackendMode
  /**
   * Number of worker threads or processes (ignored in-process).
   * @default 1
   */
  workers?: number
}

/** Creates the inference backend for a node. */
export function createInferenceBackend (options: CreateBackendOptions = {}): InferenceBackend {
  const { mode = 'worker', ...rest } = options
  if (mode === 'in-process') return new InProcessBackend(rest)
  return new WorkerBackend({ ...rest, mode })
}
