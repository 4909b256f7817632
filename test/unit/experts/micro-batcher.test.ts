import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AbortOptions, InferenceBackend, ModelHandle } from '../../../src/onnx/backend.js'
import { BackendCrashedError, InferenceError, InvalidFeedsError, ModelClosedError } from '../../../src/onnx/errors.js'
import { OverloadedError } from '../../../src/experts/errors.js'
import { MicroBatcher } from '../../../src/experts/micro-batcher.js'
import { floatTensor, int64Tensor } from '../../../src/onnx/tensor.js'
import type { TensorMap } from '../../../src/onnx/tensor.js'
import { createInferenceBackend } from '../../../src/onnx/worker-backend.js'
import { InvalidOptionError } from '../../../src/errors.js'
import { embeddingBagModel, mlpModel, randomFloats, randomIds } from '../../helpers/tiny-models.js'

function expectClose (actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i] - expected[i]) > tol) throw new Error(`element ${i}: ${actual[i]} != ${expected[i]}`)
  }
}

/**
 * A model handle in plain TypeScript, `y[r] = [sum(x[r]), 2 * x[r][0]]`, so a row's answer shows whose row it
 * was. While `gated`, runs wait until the test calls `open()`; the row count of every run is recorded.
 */
class FakeHandle implements ModelHandle {
  readonly inputNames = ['x']
  readonly outputNames = ['y']
  readonly runs: number[] = []
  closed = false
  failWith?: Error
  gated = false
  private gate = Promise.withResolvers<void>()

  open (): void {
    this.gate.resolve()
    this.gate = Promise.withResolvers<void>()
  }

  async run (feeds: TensorMap, _options?: AbortOptions): Promise<TensorMap> {
    const x = feeds.x
    const rows = x.dims[0]
    const width = x.dims[1]
    this.runs.push(rows)
    if (this.gated) await this.gate.promise
    if (this.failWith != null) throw this.failWith
    const y = new Float32Array(rows * 2)
    for (let r = 0; r < rows; r++) {
      let s = 0
      for (let c = 0; c < width; c++) s += Number(x.data[r * width + c])
      y[r * 2] = s
      y[r * 2 + 1] = 2 * Number(x.data[r * width])
    }
    return { y: floatTensor(y, [rows, 2]) }
  }

  async close (): Promise<void> {
    this.closed = true
  }
}

function row (...values: number[]): TensorMap {
  return { x: floatTensor(Float32Array.from(values), [1, values.length]) }
}

const tick = async (): Promise<void> => { await new Promise((resolve) => setImmediate(resolve)) }

describe('MicroBatcher with a real backend', () => {
  const mlp = mlpModel({ inDim: 24, outDim: 6, seed: 21 })
  const bag = embeddingBagModel({ vocab: 30, dim: 8, seed: 22 })
  let backend: InferenceBackend
  beforeAll(() => { backend = createInferenceBackend({ mode: 'worker' }) })
  afterAll(async () => { await backend.stop() })

  it('gives each of 50 concurrent callers exactly the answer its own run would give', async () => {
    const direct = await backend.load(mlp.bytes)
    const batcher = new MicroBatcher(await backend.load(mlp.bytes))
    const inputs = Array.from({ length: 50 }, (_, i) => {
      const rows = 1 + (i % 3)
      return { rows, x: randomFloats(rows, 24, 1000 + i) }
    })
    const alone = await Promise.all(inputs.map(async ({ rows, x }) => (await direct.run({ x: floatTensor(x, [rows, 24]) })).probs))
    // Staggered over a few event-loop turns, like queries arriving from the network.
    const batched = await Promise.all(inputs.map(async ({ rows, x }, i) => {
      if (i % 10 === 0) await tick()
      return (await batcher.run({ x: floatTensor(x, [rows, 24]) })).probs
    }))
    for (let i = 0; i < inputs.length; i++) {
      expect(batched[i].dims).toEqual([inputs[i].rows, 6])
      expectClose(batched[i].data as Float32Array, alone[i].data as Float32Array, 1e-6)
      expectClose(batched[i].data as Float32Array, mlp.reference(inputs[i].x, inputs[i].rows))
    }
    const stats = batcher.stats()
    expect(stats.maxRunRows).toBeGreaterThan(1)
    expect(stats.runs).toBeLessThan(50)
    expect(stats.rows).toBe(inputs.reduce((n, c) => n + c.rows, 0))
    expect(stats).toMatchObject({ calls: 50, rejected: 0, failed: 0, queuedRows: 0, inFlightRows: 0 })
    await Promise.all([batcher.close(), direct.close()])
  })

  it('pads embedding-bag callers of different widths into one run without changing their answers', async () => {
    const batcher = new MicroBatcher(await backend.load(bag.bytes))
    const calls = Array.from({ length: 30 }, (_, i) => {
      const rows = 1 + (i % 3)
      const width = 1 + (i % 7)
      return { rows, width, ids: randomIds(rows * width, 30, 2000 + i), weights: randomFloats(rows, width, 3000 + i) }
    })
    const outs = await Promise.all(calls.map(async (c) => await batcher.run({
      ids: int64Tensor(c.ids, [c.rows, c.width]),
      weights: floatTensor(c.weights, [c.rows, c.width])
    })))
    for (let i = 0; i < calls.length; i++) {
      const c = calls[i]
      expect(outs[i].embedding.dims).toEqual([c.rows, 8])
      expectClose(outs[i].embedding.data as Float32Array, bag.reference(c.ids, c.weights, c.rows, c.width), 1e-4)
    }
    expect(batcher.stats().maxRunRows).toBeGreaterThan(1)
    await batcher.close()
  })

  it('fails only the caller whose ids the model refuses; the others in its batch get their answers', async () => {
    const batcher = new MicroBatcher(await backend.load(bag.bytes))
    const good = Array.from({ length: 5 }, (_, i) => ({ ids: randomIds(4, 30, 40 + i), weights: randomFloats(1, 4, 50 + i) }))
    const run = async (ids: BigInt64Array, weights: Float32Array): Promise<TensorMap> =>
      await batcher.run({ ids: int64Tensor(ids, [1, 4]), weights: floatTensor(weights, [1, 4]) })
    const results = await Promise.allSettled([
      ...good.slice(0, 2).map(async (g) => await run(g.ids, g.weights)),
      run(BigInt64Array.from([1n, 2n, 999n, 3n]), new Float32Array(4).fill(1)), // id 999 is outside a 30-word table
      ...good.slice(2).map(async (g) => await run(g.ids, g.weights))
    ])
    expect(results[2].status).toBe('rejected')
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(InferenceError)
    const answered = results.filter((_, i) => i !== 2)
    for (let i = 0; i < good.length; i++) {
      const r = answered[i]
      expect(r.status).toBe('fulfilled')
      expectClose((r as PromiseFulfilledResult<TensorMap>).value.embedding.data as Float32Array, bag.reference(good[i].ids, good[i].weights, 1, 4), 1e-4)
    }
    expect(batcher.stats().failed).toBe(1)
    await batcher.close()
  })
})

describe('MicroBatcher', () => {
  it('runs the calls that queue while one run is in flight together in the next run', async () => {
    const handle = new FakeHandle()
    handle.gated = true
    const batcher = new MicroBatcher(handle)
    const first = batcher.run(row(1, 2))
    await tick()
    expect(handle.runs).toEqual([1])
    const queued = [batcher.run(row(3, 4)), batcher.run(row(5, 6)), batcher.run(row(7, 8))]
    await tick()
    expect(handle.runs).toEqual([1]) // nothing starts while the first run is in flight
    expect(batcher.stats().queuedRows).toBe(3)
    handle.open()
    expect(Array.from((await first).y.data as Float32Array)).toEqual([3, 2])
    await tick()
    expect(handle.runs).toEqual([1, 3])
    handle.open()
    const outs = await Promise.all(queued)
    expect(outs.map((o) => Array.from(o.y.data as Float32Array))).toEqual([[7, 6], [11, 10], [15, 14]])
  })

  it('never puts more than maxBatch rows in one run', async () => {
    const handle = new FakeHandle()
    const batcher = new MicroBatcher(handle, { maxBatch: 8, maxQueue: 1000 })
    const outs = await Promise.all(Array.from({ length: 100 }, async (_, i) => await batcher.run(row(i, 1))))
    expect(outs.map((o) => o.y.data[0])).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    expect(Math.max(...handle.runs)).toBe(8)
    expect(handle.runs.reduce((a, b) => a + b, 0)).toBe(100)
  })

  it('refuses a call with OverloadedError once maxQueue rows wait, instead of growing the queue', async () => {
    const handle = new FakeHandle()
    handle.gated = true
    const batcher = new MicroBatcher(handle, { maxBatch: 4, maxQueue: 6 })
    const running = batcher.run(row(0))
    await tick()
    const queued = Array.from({ length: 6 }, async (_, i) => await batcher.run(row(i + 1)))
    expect(batcher.load()).toBe(1)
    const err = await batcher.run(row(99)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OverloadedError)
    expect((err as OverloadedError).code).toBe('OVERLOADED')
    expect(batcher.stats()).toMatchObject({ rejected: 1, queuedRows: 6 })
    // The queue drains and every accepted call still gets its answer.
    handle.gated = false
    handle.open()
    await running
    expect((await Promise.all(queued)).map((o) => o.y.data[0])).toEqual([1, 2, 3, 4, 5, 6])
    expect(batcher.load()).toBe(0)
    expect(batcher.stats().rejected).toBe(1)
  })

  it('removes a call whose signal aborts while queued, without poisoning the others', async () => {
    const handle = new FakeHandle()
    handle.gated = true
    const batcher = new MicroBatcher(handle)
    const running = batcher.run(row(0))
    await tick()
    const controller = new AbortController()
    const a = batcher.run(row(1))
    const b = batcher.run(row(2), { signal: controller.signal })
    const c = batcher.run(row(3))
    const reason = new Error('client went away')
    controller.abort(reason)
    await expect(b).rejects.toBe(reason)
    expect(batcher.stats().queuedRows).toBe(2)
    handle.gated = false
    handle.open()
    await running
    expect([(await a).y.data[0], (await c).y.data[0]]).toEqual([1, 3])
    expect(handle.runs).toEqual([1, 2]) // the aborted row never reached the model
    expect(batcher.stats()).toMatchObject({ aborted: 1, calls: 3 })
  })

  it('answers an aborted running call at once with the reason, and the rest of its batch normally', async () => {
    const handle = new FakeHandle()
    handle.gated = true
    const batcher = new MicroBatcher(handle)
    const controller = new AbortController()
    const a = batcher.run(row(1), { signal: controller.signal })
    const b = batcher.run(row(2))
    await tick()
    expect(handle.runs).toEqual([2])
    controller.abort(new Error('deadline'))
    await expect(a).rejects.toThrow('deadline')
    handle.open()
    expect((await b).y.data[0]).toBe(2)
  })

  it('rejects with the reason at once when the signal is already aborted', async () => {
    const handle = new FakeHandle()
    const batcher = new MicroBatcher(handle)
    const reason = new Error('too late')
    await expect(batcher.run(row(1), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
    expect(handle.runs).toEqual([])
  })

  it('waits up to maxWaitMs for company when idle', async () => {
    const handle = new FakeHandle()
    const batcher = new MicroBatcher(handle, { maxWaitMs: 300 })
    const calls: Array<Promise<TensorMap>> = []
    for (let i = 0; i < 4; i++) {
      calls.push(batcher.run(row(i)))
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    await Promise.all(calls)
    expect(handle.runs).toEqual([4])
  })

  it('refuses malformed feeds with InvalidFeedsError before queueing them', async () => {
    const batcher = new MicroBatcher(new FakeHandle(), { maxBatch: 4 })
    await expect(batcher.run({})).rejects.toBeInstanceOf(InvalidFeedsError)
    await expect(batcher.run({ x: floatTensor(new Float32Array(3), [1, 2]) })).rejects.toThrow(/dims/)
    await expect(batcher.run({ x: floatTensor(new Float32Array(10), [5, 2]) })).rejects.toThrow(/maxBatch/)
    await expect(batcher.run({ x: floatTensor(new Float32Array(0), [0, 2]) })).rejects.toBeInstanceOf(InvalidFeedsError)
    await expect(batcher.run({ x: { type: 'int64', data: new Float32Array(2), dims: [1, 2] } as never })).rejects.toBeInstanceOf(InvalidFeedsError)
    await expect(batcher.run({ ...row(1), extra: floatTensor(new Float32Array(1), [1]) })).rejects.toThrow(/unknown input "extra"/)
    expect(batcher.stats().runs).toBe(0)
  })

  it('fails every caller of a batch with the crash error, without retrying them one by one', async () => {
    const handle = new FakeHandle()
    handle.gated = true
    const batcher = new MicroBatcher(handle)
    const first = batcher.run(row(0))
    await tick()
    const batch = [batcher.run(row(1)), batcher.run(row(2))]
    handle.failWith = new BackendCrashedError('worker died')
    handle.gated = false
    handle.open()
    await expect(first).rejects.toBeInstanceOf(BackendCrashedError)
    for (const p of batch) await expect(p).rejects.toBeInstanceOf(BackendCrashedError)
    expect(handle.runs).toEqual([1, 2])
    expect(batcher.stats().failed).toBe(3)
  })

  it('runs short and long rows of one batch as separate runs of similar width, each caller getting its own answer', async () => {
    const handle = new FakeHandle()
    handle.gated = true
    const batcher = new MicroBatcher(handle)
    const first = batcher.run(row(9)) // holds the model while the others queue
    await new Promise((resolve) => setImmediate(resolve))
    const short = [1, 2, 3].map((v) => batcher.run(row(...new Array<number>(10).fill(v))))
    const long = [4, 5].map((v) => batcher.run(row(...new Array<number>(1000).fill(v))))
    handle.gated = false
    handle.open()
    await first
    const outs = await Promise.all([...short, ...long])
    expect(outs.map((o) => o.y.data[0])).toEqual([10, 20, 30, 4000, 5000])
    // one run for the first call, then the queued five as two runs (3 short rows, 2 long ones), not one padded run
    expect(handle.runs.slice(1).sort()).toEqual([2, 3])
    await batcher.close()
  })

  it('does not pad when told not to: callers of different widths run separately', async () => {
    const handle = new FakeHandle()
    const batcher = new MicroBatcher(handle, { padInputs: [] })
    const outs = await Promise.all([batcher.run(row(1, 1)), batcher.run(row(2, 2, 2)), batcher.run(row(3, 3))])
    expect(outs.map((o) => o.y.data[0])).toEqual([2, 6, 6])
    expect(handle.runs.sort()).toEqual([1, 2])
  })

  it('falls back to one call per run when the model\'s output is not batched along dim 0', async () => {
    const handle = new FakeHandle()
    const unbatched: ModelHandle = {
      inputNames: ['x'],
      outputNames: ['y'],
      run: async (feeds) => {
        handle.runs.push(feeds.x.dims[0])
        return { y: floatTensor(Float32Array.from([feeds.x.dims[0]]), [1]) }
      },
      close: async () => {}
    }
    const batcher = new MicroBatcher(unbatched)
    const outs = await Promise.all([batcher.run(row(1)), batcher.run(row(2)), batcher.run(row(3))])
    expect(outs.map((o) => o.y.data[0])).toEqual([1, 1, 1])
    const runsBefore = handle.runs.length
    await Promise.all([batcher.run(row(1)), batcher.run(row(2))])
    expect(handle.runs.slice(runsBefore)).toEqual([1, 1])
  })

  it('close fails queued calls with ModelClosedError, lets the running one finish, and closes the model', async () => {
    const handle = new FakeHandle()
    handle.gated = true
    const batcher = new MicroBatcher(handle)
    const running = batcher.run(row(5))
    await tick()
    const queued = batcher.run(row(6))
    const closing = batcher.close()
    await expect(queued).rejects.toBeInstanceOf(ModelClosedError)
    handle.open()
    expect((await running).y.data[0]).toBe(5)
    await closing
    expect(handle.closed).toBe(true)
    await expect(batcher.run(row(1))).rejects.toBeInstanceOf(ModelClosedError)
  })

  it('names the field of an invalid option', () => {
    expect(() => new MicroBatcher(new FakeHandle(), { maxBatch: 0 })).toThrow(InvalidOptionError)
    expect(() => new MicroBatcher(new FakeHandle(), { maxQueue: 1.5 })).toThrow(/maxQueue/)
    expect(() => new MicroBatcher(new FakeHandle(), { maxWaitMs: -1 })).toThrow(/maxWaitMs/)
  })
})
