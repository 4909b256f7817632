/**
 * The message channel to one inference worker (a worker thread or a child process): request ids, pending
 * replies, crash detection, and how the worker's entry file is found (compiled `.js`, or the `.ts` source via tsx).
 */
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { logger } from '@libp2p/logger'
import { abortReason } from '../options.js'
import type { RunOptions } from './backend-options.js'
import { BackendCrashedError, BackendStoppedError, InferenceError, ModelClosedError, ModelLoadError } from './errors.js'
import type { WorkerError, WorkerReply, WorkerRequest } from './inference-worker.js'
import type { TensorMap } from './tensor.js'

const log = logger('moemesh:onnx:backend')

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
export class Channel {
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

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

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
