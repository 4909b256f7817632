/**
 * Micro-batching for one model: concurrent callers share backend runs.
 *
 * A run of 64 rows costs a few times a run of one (measured in scripts/bench/backend.ts), so under load a node
 * answers many more queries if the calls waiting for a model go through it together. Batching is "natural":
 * while one run is in flight, new calls queue; when it finishes, everything queued (up to `maxBatch` rows) goes
 * in the next run. Nothing waits on a timer unless `maxWaitMs` asks for it.
 *
 * Requirements on the model (true of every moemesh graph):
 * - every input and every output has the batch along dim 0, and row i of an output depends only on row i of
 *   the inputs;
 * - for every rank-2 input that may be padded (`padInputs`), appending zeros at the right of dim 1 must not
 *   change a row's output. Our embedding bags take `ids` [N, L] with `weights` [N, L]: a padded position has
 *   id 0 and weight 0, so it adds nothing to the bag. Callers with different L then share a run.
 */
import { abortReason, positiveInt } from '../options.js'
import { logger } from '@libp2p/logger'
import { InvalidOptionError } from '../errors.js'
import type { AbortOptions, ModelHandle } from '../onnx/backend.js'
import { BackendCrashedError, BackendStoppedError, InferenceError, InvalidFeedsError, ModelClosedError } from '../onnx/errors.js'
import { OverloadedError } from './errors.js'
import type { Tensor, TensorMap } from '../onnx/tensor.js'
import type { RunOptions } from '../onnx/worker-backend.js'
import { checkTextFeeds, runWithTexts, type TextFeeds } from '../onnx/text-feeds.js'

const log = logger('moemesh:experts:micro-batcher')

/** Options of {@link MicroBatcher}. Plain data. */
export interface MicroBatcherInit {
  /**
   * Most rows in one backend run. A single call may not exceed it.
   * @default 64
   */
  maxBatch?: number
  /**
   * Most rows waiting (not yet running). A call that would go beyond it is refused at once with
   * {@link OverloadedError}: a bounded queue keeps latency bounded and tells the router to look elsewhere.
   * @default 256
   */
  maxQueue?: number
  /**
   * How long a call may wait for company when the model is idle. 0 starts at once (calls made in the same tick
   * still share a run); a few milliseconds buy bigger batches at the price of that much latency.
   * @default 0
   */
  maxWaitMs?: number
  /**
   * Which rank-2 inputs may be right-padded with zeros along dim 1 so callers of different widths share a run:
   * `'rank2'` for every rank-2 input, or a list of input names (`[]` never pads; calls of different shapes then
   * run separately). See the module comment for what the model must guarantee.
   * @default 'rank2'
   */
  padInputs?: 'rank2' | readonly string[]
}

/** Counters for adverts and metrics. */
export interface MicroBatcherStats {
  /** Backend runs made. */
  runs: number
  /** Rows sent to the backend. */
  rows: number
  /** Calls answered successfully. */
  calls: number
  /** Calls refused with {@link OverloadedError}. */
  rejected: number
  /** Calls whose caller aborted. */
  aborted: number
  /** Calls that failed in the backend. */
  failed: number
  /** The most rows one backend run held. */
  maxRunRows: number
  /** Rows waiting now. */
  queuedRows: number
  /** Rows in the run in flight now. */
  inFlightRows: number
}

/** How a text call's n-gram inputs are made: {@link TextFeeds} without the texts. */
export type TextSpec = Omit<TextFeeds, 'texts'>

interface Call {
  feeds: TensorMap
  /** A text call: its one row's n-gram inputs are featurized from this text where the model runs. */
  text?: string
  spec?: TextSpec
  rows: number
  key: string
  /** The widest padded input's dim 1 (0 when no input is padded). */
  width: number
  state: 'queued' | 'running' | 'done'
  resolve: (out: TensorMap) => void
  reject: (err: unknown) => void
  cleanup: () => void
}

const DEFAULT_MAX_BATCH = 64 // the batch size where a run still costs ~0.1 ms on our models (STACK.md)
const DEFAULT_MAX_QUEUE = 256 // four full batches: beyond that a caller is better served by another expert

/**
 * Wraps one {@link ModelHandle} so that concurrent `run` calls are coalesced into shared backend runs, each
 * caller getting exactly its own rows back. Implements {@link ModelHandle} itself, and owns the handle it wraps:
 * `close()` closes it.
 *
 * @example
 * ```ts
 * const batcher = new MicroBatcher(await backend.load(bytes), { maxQueue: 512 })
 * const out = await batcher.run({ x: floatTensor(row, [1, 300]) }, { signal })
 * ```
 */
export class MicroBatcher implements ModelHandle {
  private readonly handle: ModelHandle
  private readonly maxBatch: number
  private readonly maxQueue: number
  private readonly maxWaitMs: number
  private readonly padAll: boolean
  private readonly padNames: ReadonlySet<string>
  /** Batch keys of the text specs seen (a spec is read-only once passed: its key is computed once). */
  private readonly specKeys = new WeakMap<TextSpec, string>()
  private readonly queue: Call[] = []
  private queuedRows = 0
  private inFlightRows = 0
  private inFlight?: Promise<void>
  private scheduled = false
  private timer?: ReturnType<typeof setTimeout>
  private closed = false
  /** False once the model showed an output that is not batched along dim 0: calls then run one at a time. */
  private batchable = true
  private readonly counters = { runs: 0, rows: 0, calls: 0, rejected: 0, aborted: 0, failed: 0, maxRunRows: 0 }

  constructor (handle: ModelHandle, init: MicroBatcherInit = {}) {
    this.handle = handle
    this.maxBatch = positiveInt('maxBatch', init.maxBatch, DEFAULT_MAX_BATCH)
    this.maxQueue = positiveInt('maxQueue', init.maxQueue, DEFAULT_MAX_QUEUE)
    const wait = init.maxWaitMs ?? 0
    if (!Number.isFinite(wait) || wait < 0) throw new InvalidOptionError('maxWaitMs', `must be a number >= 0, got ${String(wait)}`)
    this.maxWaitMs = wait
    const pad = init.padInputs ?? 'rank2'
    if (pad !== 'rank2' && !Array.isArray(pad)) throw new InvalidOptionError('padInputs', 'must be "rank2" or a list of input names')
    this.padAll = pad === 'rank2'
    this.padNames = new Set(pad === 'rank2' ? [] : pad)
  }

  get inputNames (): readonly string[] {
    return this.handle.inputNames
  }

  get outputNames (): readonly string[] {
    return this.handle.outputNames
  }

  /**
   * Runs `feeds` (each input of batch size n >= 1 along dim 0, n <= maxBatch) in a shared backend run.
   * @throws {OverloadedError} at once when the queue holds `maxQueue` rows already.
   * @throws {InvalidFeedsError} when the feeds are malformed (checked before queueing).
   * @throws the signal's reason when it aborts before the answer is in (the run itself cannot be cancelled).
   */
  async run (feeds: TensorMap, options: AbortOptions = {}): Promise<TensorMap> {
    return await this.enqueue(feeds, undefined, undefined, options)
  }

  /**
   * Runs one row whose n-gram inputs (`spec.idsInput`, `spec.weightsInput`) are featurized from `text` where the
   * model runs (in the inference worker when the backend has one), batched with other text calls of the same
   * spec; `feeds` holds the model's other inputs (one row each), if any. Throws as {@link run}.
   */
  async runTextRow (feeds: TensorMap, text: string, spec: TextSpec, options: AbortOptions = {}): Promise<TensorMap> {
    return await this.enqueue(feeds, text, spec, options)
  }

  private async enqueue (feeds: TensorMap, text: string | undefined, spec: TextSpec | undefined, options: AbortOptions): Promise<TensorMap> {
    const signal = options.signal
    signal?.throwIfAborted()
    if (this.closed) throw new ModelClosedError()
    const { rows, key, width } = text === undefined ? this.validate(feeds) : this.validateText(feeds, text, spec as TextSpec)
    if (this.queuedRows + rows > this.maxQueue) {
      this.counters.rejected++
      throw new OverloadedError(this.queuedRows, this.maxQueue)
    }
    const { promise, resolve, reject } = Promise.withResolvers<TensorMap>()
    const call: Call = { feeds, ...(text !== undefined ? { text, spec } : {}), rows, key, width, state: 'queued', resolve, reject, cleanup: () => {} }
    if (signal != null) {
      const onAbort = (): void => {
        if (call.state === 'done') return
        if (call.state === 'queued') {
          this.queue.splice(this.queue.indexOf(call), 1)
          this.queuedRows -= call.rows
        }
        // A running call's rows are already in the backend: the caller stops waiting, its answer is dropped.
        call.state = 'done'
        this.counters.aborted++
        reject(abortReason(signal))
      }
      signal.addEventListener('abort', onAbort, { once: true })
      call.cleanup = () => { signal.removeEventListener('abort', onAbort) }
    }
    this.queue.push(call)
    this.queuedRows += rows
    this.schedule()
    try {
      return await promise
    } finally {
      call.cleanup()
    }
  }

  /** Queue fill, 0..1: how close the next call is to being refused. For adverts and routing. */
  load (): number {
    return Math.min(1, this.queuedRows / this.maxQueue)
  }

  /** Counters for adverts and metrics. */
  stats (): MicroBatcherStats {
    return { ...this.counters, queuedRows: this.queuedRows, inFlightRows: this.inFlightRows }
  }

  /** Refuses new calls, fails the queued ones with {@link ModelClosedError}, lets the running batch finish, then closes the model. */
  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.timer)
    const queued = this.queue.splice(0)
    this.queuedRows = 0
    for (const call of queued) this.settle(call, new ModelClosedError())
    await this.inFlight
    await this.handle.close()
  }

  private schedule (): void {
    if (this.inFlight != null || this.scheduled || this.queue.length === 0 || this.closed) return
    if (this.maxWaitMs > 0 && this.queuedRows < this.maxBatch) {
      this.timer ??= setTimeout(() => { this.timer = undefined; this.flush() }, this.maxWaitMs)
      return
    }
    // A microtask, not a timer: calls made in the same tick share the run, and none waits for the clock.
    this.scheduled = true
    queueMicrotask(() => { this.scheduled = false; this.flush() })
  }

  private flush (): void {
    if (this.inFlight != null || this.queue.length === 0) return
    clearTimeout(this.timer)
    this.timer = undefined
    const batch = this.take()
    this.inFlight = this.execute(batch).finally(() => {
      this.inFlight = undefined
      this.inFlightRows = 0
      // Natural batching: whatever queued during that run goes now, without waiting for maxWaitMs.
      if (this.queue.length > 0 && !this.closed) {
        this.scheduled = true
        queueMicrotask(() => { this.scheduled = false; this.flush() })
      }
    })
  }

  /** Takes the oldest call and every later queued call of the same shape, up to maxBatch rows. */
  private take (): Call[] {
    const head = this.queue[0]
    const batch: Call[] = []
    let rows = 0
    for (let i = 0; i < this.queue.length && rows < this.maxBatch; i++) {
      const call = this.queue[i]
      if (call.key !== head.key || rows + call.rows > this.maxBatch) continue
      if (!this.batchable && batch.length > 0) break
      batch.push(call)
      rows += call.rows
    }
    for (const call of batch) {
      this.queue.splice(this.queue.indexOf(call), 1)
      call.state = 'running'
    }
    this.queuedRows -= rows
    this.inFlightRows = rows
    return batch
  }

  /**
   * Runs a batch. Calls whose padded widths differ a lot run as separate groups of similar width (sorted, each at
   * most {@link MAX_PAD_RATIO} times its narrowest), all sent at once: padding 64 short rows to one long row
   * made a batch slower per row than single runs.
   */
  private async execute (batch: Call[]): Promise<void> {
    const groups = byWidth(batch)
    if (groups.length === 1) await this.executeGroup(batch)
    else await Promise.all(groups.map(async (group) => { await this.executeGroup(group) }))
  }

  private async executeGroup (batch: Call[]): Promise<void> {
    const rows = batch.reduce((n, c) => n + c.rows, 0)
    this.counters.runs++
    this.counters.rows += rows
    this.counters.maxRunRows = Math.max(this.counters.maxRunRows, rows)
    if (batch.length === 1) {
      await this.runAlone(batch[0])
      return
    }
    let outputs: TensorMap
    try {
      // The concatenated buffers are ours: let a worker backend take them instead of copying.
      const options: RunOptions = { transfer: true }
      outputs = batch[0].text !== undefined
        ? await this.runTexts(this.concat(batch), batch, options)
        : await this.handle.run(this.concat(batch), options)
    } catch (err) {
      if (isFatal(err)) {
        for (const call of batch) this.fail(call, err)
        return
      }
      // One caller's bad feeds must not fail the others: run each alone so only the culprit gets the error.
      log('a batch of %d calls failed (%s); retrying them one by one', batch.length, (err as Error).name)
      await this.isolate(batch)
      return
    }
    let parts: TensorMap[]
    try {
      parts = this.split(outputs, batch, rows)
    } catch (err) {
      log('%s; running calls one at a time from now on', (err as Error).message)
      this.batchable = false
      await this.isolate(batch)
      return
    }
    for (let i = 0; i < batch.length; i++) {
      if (batch[i].state !== 'running') continue
      this.counters.calls++
      this.settle(batch[i], undefined, parts[i])
    }
  }

  private async isolate (batch: Call[]): Promise<void> {
    for (const call of batch) {
      if (call.state !== 'running') continue
      this.counters.runs++
      await this.runAlone(call)
    }
  }

  /** A batch of text calls: featurized where the model runs when the backend can, else here. */
  private async runTexts (feeds: TensorMap, batch: Call[], options: RunOptions = {}): Promise<TensorMap> {
    const text: TextFeeds = { ...(batch[0].spec as TextSpec), texts: batch.map((c) => c.text as string) }
    if (this.handle.runText != null) return await this.handle.runText(feeds, text, options)
    return await runWithTexts(async (f) => await this.handle.run(f, options), feeds, text)
  }

  private async runAlone (call: Call): Promise<void> {
    try {
      const out = call.text !== undefined ? await this.runTexts(call.feeds, [call]) : await this.handle.run(call.feeds)
      if (call.state !== 'running') return
      this.counters.calls++
      this.settle(call, undefined, out)
    } catch (err) {
      this.fail(call, err)
    }
  }

  private fail (call: Call, err: unknown): void {
    if (call.state === 'done') return
    this.counters.failed++
    this.settle(call, err)
  }

  private settle (call: Call, err: unknown, out?: TensorMap): void {
    if (call.state === 'done') return
    call.state = 'done'
    if (out != null) call.resolve(out)
    else call.reject(err)
  }

  /** Checks one call's feeds; returns its row count and a key that only calls sharing a run have in common. */
  private validate (feeds: TensorMap): { rows: number, key: string, width: number } {
    if (feeds == null || typeof feeds !== 'object') throw new InvalidFeedsError('feeds must be an object of named tensors')
    const names = this.handle.inputNames
    const given = Object.keys(feeds)
    for (const name of given) {
      if (!names.includes(name)) throw new InvalidFeedsError(`unknown input "${name}": the model takes ${names.map((n) => `"${n}"`).join(', ')}`)
    }
    let rows = -1
    let width = 0
    const key: string[] = []
    for (const name of names) {
      const t = feeds[name]
      if (t == null) throw new InvalidFeedsError(`missing input "${name}"`)
      checkTensor(name, t)
      if (t.dims.length === 0) throw new InvalidFeedsError(`input "${name}" is a scalar: every input needs the batch along dim 0`)
      if (rows === -1) rows = t.dims[0]
      else if (t.dims[0] !== rows) throw new InvalidFeedsError(`input "${name}" has ${t.dims[0]} rows but another input has ${rows}: dim 0 must agree`)
      const padded = t.dims.length === 2 && (this.padAll || this.padNames.has(name))
      if (padded) width = Math.max(width, t.dims[1])
      key.push(`${t.type}[${padded ? '*' : t.dims.slice(1).join(',')}]`)
    }
    if (rows < 1) throw new InvalidFeedsError('a call needs at least one row')
    if (rows > this.maxBatch) throw new InvalidFeedsError(`a call of ${rows} rows exceeds maxBatch (${this.maxBatch}): split it`)
    return { rows, key: key.join(';'), width }
  }

  /** Checks a text call: one row, the spec's inputs left out, the other inputs present. */
  private validateText (feeds: TensorMap, text: string, spec: TextSpec): { rows: number, key: string, width: number } {
    if (typeof text !== 'string') throw new InvalidFeedsError('a text call needs a string')
    if (feeds == null || typeof feeds !== 'object') throw new InvalidFeedsError('feeds must be an object of named tensors')
    const names = this.handle.inputNames
    if (spec == null || !names.includes(spec.idsInput) || !names.includes(spec.weightsInput)) {
      throw new InvalidFeedsError(`the model has no n-gram inputs named "${String(spec?.idsInput)}" and "${String(spec?.weightsInput)}"`)
    }
    for (const name of Object.keys(feeds)) if (!names.includes(name)) throw new InvalidFeedsError(`unknown input "${name}": the model takes ${names.map((n) => `"${n}"`).join(', ')}`)
    let specKey = this.specKeys.get(spec)
    if (specKey === undefined) {
      specKey = JSON.stringify(spec)
      this.specKeys.set(spec, specKey)
    }
    const key: string[] = ['text', specKey]
    for (const name of names) {
      if (name === spec.idsInput || name === spec.weightsInput) continue
      const t = feeds[name]
      if (t == null) throw new InvalidFeedsError(`missing input "${name}"`)
      checkTensor(name, t)
      key.push(`${t.type}[${t.dims.slice(1).join(',')}]`)
    }
    checkTextFeeds({ ...spec, texts: [text] }, feeds)
    return { rows: 1, key: key.join(';'), width: 0 }
  }

  /** Concatenates the calls' feeds along dim 0, right-padding padded rank-2 inputs with zeros to the widest. */
  private concat (batch: Call[]): TensorMap {
    const rows = batch.reduce((n, c) => n + c.rows, 0)
    const out: TensorMap = {}
    for (const name of this.handle.inputNames) {
      if (batch[0].feeds[name] == null) continue // a text call's n-gram inputs: featurized later
      const first = batch[0].feeds[name]
      const inner = first.dims.slice(1)
      const padded = first.dims.length === 2 && (this.padAll || this.padNames.has(name))
      if (padded) inner[0] = Math.max(...batch.map((c) => c.feeds[name].dims[1]))
      const rowSize = inner.reduce((a, b) => a * b, 1)
      const data = first.type === 'float32' ? new Float32Array(rows * rowSize) : new BigInt64Array(rows * rowSize)
      let at = 0
      for (const call of batch) {
        const t = call.feeds[name]
        const width = t.dims.length === 2 ? t.dims[1] : rowSize
        if (padded && width !== rowSize) {
          for (let r = 0; r < call.rows; r++) {
            (data as Float32Array).set(t.data.subarray(r * width, (r + 1) * width) as Float32Array, (at + r) * rowSize)
          }
        } else {
          (data as Float32Array).set(t.data as Float32Array, at * rowSize)
        }
        at += call.rows
      }
      out[name] = { type: first.type, data, dims: [rows, ...inner] } as Tensor
    }
    return out
  }

  /** Cuts each output back into the calls' rows; throws when an output is not batched along dim 0. */
  private split (outputs: TensorMap, batch: Call[], rows: number): TensorMap[] {
    const parts: TensorMap[] = batch.map(() => ({}))
    for (const [name, t] of Object.entries(outputs)) {
      if (t.dims.length === 0 || t.dims[0] !== rows) {
        throw new InferenceError(`output "${name}" has shape [${t.dims.join(', ')}], not ${rows} rows along dim 0`)
      }
      const rowSize = t.dims.slice(1).reduce((a, b) => a * b, 1)
      let at = 0
      for (let i = 0; i < batch.length; i++) {
        const n = batch[i].rows
        // slice, not subarray: each caller owns a compact buffer it may transfer onwards.
        const data = t.data.slice(at * rowSize, (at + n) * rowSize)
        parts[i][name] = { type: t.type, data, dims: [n, ...t.dims.slice(1)] } as Tensor
        at += n
      }
    }
    return parts
  }
}

/** A group's widest call may be this many times its narrowest before the next call starts a new group. */
const MAX_PAD_RATIO = 2
/** Widths up to this are never split off: padding them costs less than another run. */
const MIN_SPLIT_WIDTH = 64

/** Splits a batch into groups of similar padded width (one group when padding wastes little). */
function byWidth (batch: Call[]): Call[][] {
  if (batch.length === 1) return [batch]
  const sorted = [...batch].sort((a, b) => a.width - b.width)
  const groups: Call[][] = []
  let group: Call[] = []
  let narrowest = 0
  for (const call of sorted) {
    if (group.length > 0 && call.width > MIN_SPLIT_WIDTH && call.width > MAX_PAD_RATIO * narrowest) {
      groups.push(group)
      group = []
    }
    if (group.length === 0) narrowest = Math.max(1, call.width)
    group.push(call)
  }
  groups.push(group)
  return groups
}

/** Errors that say the backend or model is gone, not that one caller's feeds were bad: retrying alone is futile. */
function isFatal (err: unknown): boolean {
  return err instanceof BackendCrashedError || err instanceof BackendStoppedError || err instanceof ModelClosedError
}

function checkTensor (name: string, t: Tensor): void {
  if (t == null || typeof t !== 'object') throw new InvalidFeedsError(`input "${name}" is not a tensor`)
  if (t.type === 'float32') {
    if (!(t.data instanceof Float32Array)) throw new InvalidFeedsError(`input "${name}" is float32 but its data is not a Float32Array`)
  } else if (t.type === 'int64') {
    if (!(t.data instanceof BigInt64Array)) throw new InvalidFeedsError(`input "${name}" is int64 but its data is not a BigInt64Array`)
  } else {
    throw new InvalidFeedsError(`input "${name}" has type ${String((t as { type: unknown }).type)}; expected float32 or int64`)
  }
  if (!Array.isArray(t.dims) || !t.dims.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new InvalidFeedsError(`input "${name}" has invalid dims: expected non-negative integers`)
  }
  const size = t.dims.reduce((a, b) => a * b, 1)
  if (size !== t.data.length) throw new InvalidFeedsError(`input "${name}" has dims [${t.dims.join(', ')}] (${size} values) but ${t.data.length} values`)
}
