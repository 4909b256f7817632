/**
 * Inference backends: where ONNX sessions live and run.
 *
 * `session.run()` is a synchronous native call that blocks its thread for the whole inference, so a node that
 * serves the network must not run models on its main thread. {@link WorkerBackend} keeps sessions in worker
 * threads (`mode: 'worker'`) or child processes (`mode: 'process'`); {@link InProcessBackend} runs them on the
 * calling thread, for single-user tools (the trainer) and for comparison. Measurements behind the default are in
 * scripts/bench/backend.ts.
 */
import { abortReason, positiveInt } from '../options.js'
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { logger } from '@libp2p/logger'
import { InvalidOptionError } from '../errors.js'
import type { AbortOptions, InferenceBackend, LoadOptions, ModelHandle } from './backend.js'
import { BackendCrashedError, BackendStoppedError, InferenceError, ModelClosedError, ModelLoadError } from './errors.js'
import type { WorkerError, WorkerReply, WorkerRequest } from './inference-worker.js'
import type { OrtSession } from './onnx-runtime.js'
import type { TensorMap } from './tensor.js'

const log = logger('moemesh:experts:backend')

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

const DEFAULT_MAX_MODEL_BYTES = 1024 * 1024 * 1024 // a GloVe-sized table fits with room; a 2 GiB protobuf cannot exist
const DEFAULT_STOP_TIMEOUT_MS = 2000 // releasing sessions takes milliseconds; a wedged worker must not stall shutdown

function checkModel (model: Uint8Array, maxModelBytes: number): void {
  if (!(model instanceof Uint8Array) || model.byteLength === 0) throw new ModelLoadError('the model is empty: expected ONNX bytes')
  if (model.byteLength > maxModelBytes) {
    throw new ModelLoadError(`the model is ${model.byteLength} bytes, over the ${maxModelBytes}-byte limit: raise maxModelBytes if it is meant to be this big`)
  }
}

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

interface Pending {
  resolve: (reply: WorkerReply & { ok: true }) => void
  reject: (err: Error) => void
}

interface Entry {
  /** The compiled `.js` entry, or the `.ts` source when running from source (vitest, tsx). */
  path: string
  /** For a child process: Node flags that make `path` loadable. */
  execArgv: string[]
  /** For a worker thread from source: a bootstrap script, since Node 20 does not pass `--import` hooks to workers. */
  workerEval?: string
}

let cachedEntry: Entry | undefined

/** Finds the worker entry: compiled `.js` next to this file, else the `.ts` source run through tsx. */
function resolveEntry (): Entry {
  if (cachedEntry != null) return cachedEntry
  const js = fileURLToPath(new URL('./inference-worker.js', import.meta.url))
  if (existsSync(js)) {
    cachedEntry = { path: js, execArgv: [] }
    return cachedEntry
  }
  const ts = new URL('./inference-worker.ts', import.meta.url)
  // Resolve tsx from this file rather than from the working directory, which may be anywhere. tsx is a dev
  // dependency: running from source is for tests and scripts; production runs the compiled `.js`.
  const require = createRequire(import.meta.url)
  const loader = pathToFileURL(require.resolve('tsx')).href
  const pkgPath = require.resolve('tsx/package.json')
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, unknown> }
  const api = (pkg.exports['./esm/api'] as { import: { default: string } }).import.default
  const apiUrl = pathToFileURL(join(dirname(pkgPath), api)).href
  cachedEntry = {
    path: fileURLToPath(ts),
    execArgv: ['--import', loader],
    workerEval: `import(${JSON.stringify(apiUrl)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ts.href)}) })`
  }
  return cachedEntry
}

/** One worker thread or child process and the requests waiting for its answers. */
class Channel {
  readonly pending = new Map<number, Pending>()
  private nextId = 1
  private dead = false
  private expectedExit = false
  private readonly worker?: Worker
  private readonly child?: ChildProcess
  private readonly exited: Promise<void>

  constructor (mode: 'worker' | 'process', readonly slot: number, private readonly onDeath: (channel: Channel) => void) {
    const entry = resolveEntry()
    const { promise: exited, resolve: markExited } = Promise.withResolvers<void>()
    this.exited = exited
    const onExit = (code: number | null, signal?: NodeJS.Signals | null): void => {
      markExited()
      const why = signal != null ? `signal ${signal}` : `code ${String(code)}`
      this.die(this.expectedExit ? new BackendStoppedError() : new BackendCrashedError(`the inference ${mode} exited unexpectedly (${why}); it restarts on the next call`))
    }
    if (mode === 'worker') {
      this.worker = entry.workerEval != null
        ? new Worker(entry.workerEval, { eval: true, stdout: false, stderr: false })
        : new Worker(entry.path, { stdout: false, stderr: false })
      this.worker.on('message', (reply: WorkerReply) => { this.onReply(reply) })
      this.worker.on('error', (err) => {
        log.error('inference worker %d failed: %e', slot, err)
        this.die(new BackendCrashedError(`the inference worker failed: ${err.message}; it restarts on the next call`, { cause: err }))
      })
      this.worker.on('exit', (code) => { onExit(code) })
    } else {
      this.child = fork(entry.path, [], {
        execArgv: entry.execArgv,
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc']
      })
      this.child.on('message', (reply) => { this.onReply(reply as WorkerReply) })
      this.child.on('error', (err) => {
        // A failed spawn may never emit 'exit'.
        log.error('inference process %d failed: %e', slot, err)
        this.die(new BackendCrashedError(`the inference process failed: ${err.message}; it restarts on the next call`, { cause: err }))
      })
      this.child.on('exit', (code, signal) => { onExit(code, signal) })
    }
    this.idle()
  }

  get alive (): boolean {
    return !this.dead
  }

  /** Sends a request; resolves with the worker's successful reply, rejects with the typed error it reported. */
  async request (msg: DistributiveOmit<Exclude<WorkerRequest, { op: 'cancel' }>, 'id'>, options: RunOptions = {}): Promise<WorkerReply & { ok: true }> {
    const signal = options.signal
    signal?.throwIfAborted()
    if (this.dead) throw new BackendCrashedError('the inference worker is gone; it restarts on the next call')
    const id = this.nextId++
    const { promise, resolve, reject } = Promise.withResolvers<WorkerReply & { ok: true }>()
    const onAbort = (): void => {
      // The caller stops waiting at once. The worker skips the request if it has not started it yet.
      if (!this.pending.delete(id)) return
      this.post({ op: 'cancel', id })
      if (this.pending.size === 0) this.idle()
      reject(abortReason(signal as AbortSignal) as Error)
    }
    this.pending.set(id, {
      resolve: (r) => { signal?.removeEventListener('abort', onAbort); resolve(r) },
      reject: (e) => { signal?.removeEventListener('abort', onAbort); reject(e) }
    })
    signal?.addEventListener('abort', onAbort, { once: true })
    if (this.pending.size === 1) this.busy()
    try {
      this.post({ ...msg, id } as WorkerRequest, options.transfer === true && msg.op === 'run' ? transferList(msg.feeds) : [])
    } catch (err) {
      // Feeds that cannot be cloned (not typed arrays) fail here, before anything reached the worker.
      const p = this.pending.get(id)
      this.pending.delete(id)
      if (this.pending.size === 0) this.idle()
      p?.reject(new InferenceError(`could not send the request to the inference worker: ${(err as Error).message}`, { cause: err }))
    }
    return await promise
  }

  private post (msg: WorkerRequest, transfer: ArrayBuffer[] = []): void {
    if (this.dead) return
    if (this.worker != null) this.worker.postMessage(msg, transfer)
    else this.child?.send(msg)
  }

  private onReply (reply: WorkerReply): void {
    const p = this.pending.get(reply.id)
    if (p == null) return // the caller aborted: nobody waits for this answer
    this.pending.delete(reply.id)
    if (this.pending.size === 0) this.idle()
    if (reply.ok) p.resolve(reply)
    else p.reject(errorFromWorker(reply.error))
  }

  private die (err: Error): void {
    if (this.dead) return
    this.dead = true
    if (err instanceof BackendCrashedError) log.error('inference worker %d died: %s', this.slot, err.message)
    const pending = [...this.pending.values()]
    this.pending.clear()
    for (const p of pending) p.reject(err)
    this.onDeath(this)
    this.kill()
  }

  // An idle worker must not keep the node alive on its own; a busy one must, until its answers are in.
  private busy (): void {
    this.worker?.ref()
    this.child?.ref()
    this.child?.channel?.ref()
  }

  private idle (): void {
    this.worker?.unref()
    this.child?.unref()
    this.child?.channel?.unref()
  }

  /** Kills the worker at once, as a crash would, failing its in-flight requests now rather than on exit. */
  crash (): void {
    this.die(new BackendCrashedError(`the inference ${this.worker != null ? 'worker' : 'process'} was killed; it restarts on the next call`))
  }

  private kill (): void {
    if (this.worker != null) void this.worker.terminate()
    else if (this.child != null && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
  }

  /** Asks the worker to release its sessions, then ends it; kills it if it does not answer in time. */
  async stop (timeoutMs: number): Promise<void> {
    if (this.dead) return
    this.expectedExit = true
    const timer = setTimeout(() => { this.kill() }, timeoutMs)
    try {
      await this.request({ op: 'shutdown' }).catch(() => {})
      // Fail whatever was queued behind the shutdown, then let the worker go.
      for (const p of this.pending.values()) p.reject(new BackendStoppedError())
      this.pending.clear()
      if (this.worker != null) void this.worker.terminate()
      else if (this.child?.connected === true) this.child.disconnect() // the child exits on 'disconnect'
      await this.exited
    } finally {
      clearTimeout(timer)
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

function transferList (feeds: TensorMap): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>()
  for (const t of Object.values(feeds)) {
    if (t.data.buffer instanceof ArrayBuffer) buffers.add(t.data.buffer)
  }
  return [...buffers]
}

function errorFromWorker (e: WorkerError): Error {
  switch (e.name) {
    case 'ModelLoadError': return new ModelLoadError(e.message)
    case 'ModelClosedError': return new ModelClosedError(e.message)
    default: return new InferenceError(e.message)
  }
}

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
