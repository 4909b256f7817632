import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { InferenceBackend, ModelHandle } from '../../../src/onnx/backend.js'
import { BackendCrashedError, BackendStoppedError, InferenceError, ModelClosedError, ModelLoadError } from '../../../src/onnx/errors.js'
import { floatTensor, int64Tensor } from '../../../src/onnx/tensor.js'
import { createInferenceBackend, WorkerBackend } from '../../../src/onnx/worker-backend.js'
import type { RunOptions } from '../../../src/onnx/worker-backend.js'
import { InvalidOptionError } from '../../../src/errors.js'
import { embeddingBagModel, heavyModel, mlpModel, randomFloats, randomIds } from '../../helpers/tiny-models.js'

const mlp = mlpModel({ inDim: 16, outDim: 5, seed: 11 })
const bag = embeddingBagModel({ vocab: 40, dim: 8, seed: 12 })
// ~50-100 ms per run of 256 rows on one core, with 0.5 MB in and out: long enough to be "in flight" when a
// test acts on it, small enough that copying it is not what a test measures.
const heavy = heavyModel({ dim: 512, layers: 32, seed: 13, sharedWeights: true })

function expectClose (actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i] - expected[i]) > tol) {
      throw new Error(`element ${i}: ${actual[i]} != ${expected[i]} (tolerance ${tol})`)
    }
  }
}

const backends: InferenceBackend[] = []
function track<T extends InferenceBackend> (backend: T): T {
  backends.push(backend)
  return backend
}

afterEach(async () => {
  await Promise.all(backends.splice(0).map(async (b) => { await b.stop() }))
})

describe.each(['in-process', 'worker', 'process'] as const)('%s backend', (mode) => {
  // One backend for the tests that leave it running: starting a worker from TypeScript source costs ~0.5 s.
  let shared: InferenceBackend
  beforeAll(() => { shared = createInferenceBackend({ mode }) })
  afterAll(async () => { await shared.stop() })

  it('runs a dense model and an embedding bag with the same answers as plain TypeScript', async () => {
    const backend = shared
    const [m, b] = await Promise.all([backend.load(mlp.bytes), backend.load(bag.bytes)])
    expect(m.inputNames).toEqual(['x'])
    expect(m.outputNames).toEqual(['probs'])
    expect(b.inputNames).toEqual(['ids', 'weights'])

    for (const rows of [1, 7]) {
      const x = randomFloats(rows, 16, rows)
      const out = await m.run({ x: floatTensor(x, [rows, 16]) })
      expect(out.probs.dims).toEqual([rows, 5])
      expectClose(out.probs.data as Float32Array, mlp.reference(x, rows))
    }

    const ids = randomIds(3 * 6, 40, 5)
    const weights = randomFloats(3, 6, 6)
    const out = await b.run({ ids: int64Tensor(ids, [3, 6]), weights: floatTensor(weights, [3, 6]) })
    expect(out.embedding.dims).toEqual([3, 8])
    expectClose(out.embedding.data as Float32Array, bag.reference(ids, weights, 3, 6), 1e-4)
  })

  it('gives concurrent callers of different models their own answers', async () => {
    const backend = shared
    const [m, b] = await Promise.all([backend.load(mlp.bytes), backend.load(bag.bytes)])
    const jobs = Array.from({ length: 20 }, async (_, i) => {
      if (i % 2 === 0) {
        const x = randomFloats(2, 16, 100 + i)
        const out = await m.run({ x: floatTensor(x, [2, 16]) })
        expectClose(out.probs.data as Float32Array, mlp.reference(x, 2))
      } else {
        const ids = randomIds(4, 40, 200 + i)
        const w = randomFloats(1, 4, 300 + i)
        const out = await b.run({ ids: int64Tensor(ids, [1, 4]), weights: floatTensor(w, [1, 4]) })
        expectClose(out.embedding.data as Float32Array, bag.reference(ids, w, 1, 4), 1e-4)
      }
    })
    await Promise.all(jobs)
  })

  it('refuses bytes that are not a model, and keeps serving', async () => {
    const backend = shared
    await expect(backend.load(new Uint8Array([1, 2, 3, 4, 5]))).rejects.toBeInstanceOf(ModelLoadError)
    await expect(backend.load(new Uint8Array(0))).rejects.toBeInstanceOf(ModelLoadError)
    const m = await backend.load(mlp.bytes)
    const x = randomFloats(1, 16, 1)
    expectClose((await m.run({ x: floatTensor(x, [1, 16]) })).probs.data as Float32Array, mlp.reference(x, 1))
  })

  it('rejects feeds the model cannot take with InferenceError, and keeps serving', async () => {
    const backend = shared
    const m = await backend.load(mlp.bytes)
    await expect(m.run({ x: floatTensor(new Float32Array(3 * 7), [3, 7]) })).rejects.toBeInstanceOf(InferenceError)
    await expect(m.run({ nope: floatTensor(new Float32Array(16), [1, 16]) })).rejects.toBeInstanceOf(InferenceError)
    const x = randomFloats(1, 16, 2)
    expectClose((await m.run({ x: floatTensor(x, [1, 16]) })).probs.data as Float32Array, mlp.reference(x, 1))
  })

  it('rejects with the abort reason when the signal is already aborted', async () => {
    const backend = shared
    const m = await backend.load(mlp.bytes)
    const reason = new Error('caller gave up')
    await expect(m.run({ x: floatTensor(new Float32Array(16), [1, 16]) }, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
  })

  it('fails runs of a closed model with ModelClosedError, and refuses loads after stop', async () => {
    const backend = createInferenceBackend({ mode })
    const m = await backend.load(mlp.bytes)
    const other = await backend.load(mlp.bytes)
    await m.close()
    await expect(m.run({ x: floatTensor(new Float32Array(16), [1, 16]) })).rejects.toBeInstanceOf(ModelClosedError)
    // The other model is unaffected by closing its sibling.
    expect((await other.run({ x: floatTensor(new Float32Array(16), [1, 16]) })).probs.dims).toEqual([1, 5])
    await backend.stop()
    await expect(other.run({ x: floatTensor(new Float32Array(16), [1, 16]) })).rejects.toBeInstanceOf(ModelClosedError)
    await expect(backend.load(mlp.bytes)).rejects.toBeInstanceOf(BackendStoppedError)
  })
})

describe.each(['worker', 'process'] as const)('%s backend isolation', (mode) => {
  let shared: WorkerBackend
  beforeAll(() => { shared = new WorkerBackend({ mode }) })
  afterAll(async () => { await shared.stop() })

  it('fails in-flight runs with BackendCrashedError when the worker dies, then restarts and reloads on the next call', async () => {
    const backend = track(new WorkerBackend({ mode }))
    const [h, m] = await Promise.all([backend.load(heavy.bytes), backend.load(mlp.bytes)])
    const inFlight = [h.run({ x: floatTensor(randomFloats(256, 512, 3), [256, 512]) }), m.run({ x: floatTensor(new Float32Array(16), [1, 16]) })]
    backend.kill()
    for (const p of inFlight) await expect(p).rejects.toBeInstanceOf(BackendCrashedError)
    const err = await inFlight[0].catch((e: unknown) => e)
    expect((err as BackendCrashedError).code).toBe('BACKEND_CRASHED')

    // Both models come back in the fresh worker without the caller loading them again.
    const y = randomFloats(2, 16, 4)
    expectClose((await m.run({ x: floatTensor(y, [2, 16]) })).probs.data as Float32Array, mlp.reference(y, 2))
    expect((await h.run({ x: floatTensor(randomFloats(1, 512, 5), [1, 512]) })).y.dims).toEqual([1, 512])
    expect(backend.stats()).toMatchObject({ starts: 2, crashes: 1, models: 2 })
  })

  it('keeps the main event loop free while inference runs (in-process does not)', async () => {
    const x = randomFloats(256, 512, 6)
    // Count how often a 1 ms timer gets to run while three heavy inferences run: that is how often the thread
    // that serves the network could have done anything. Counting ticks (not the longest delay) keeps the test
    // stable on a loaded machine, where any thread may be delayed by some milliseconds now and then.
    const ticksDuring = async (backend: InferenceBackend): Promise<{ ticks: number, busyMs: number }> => {
      const h = await backend.load(heavy.bytes)
      await h.run({ x: floatTensor(x.slice(), [256, 512]) }) // warm up
      let ticks = 0
      const timer = setInterval(() => { ticks++ }, 1)
      const t0 = performance.now()
      for (let i = 0; i < 3; i++) await h.run({ x: floatTensor(x.slice(), [256, 512]) })
      const busyMs = performance.now() - t0
      clearInterval(timer)
      await h.close()
      return { ticks, busyMs }
    }
    const inProcess = await ticksDuring(track(createInferenceBackend({ mode: 'in-process' })))
    const isolated = await ticksDuring(shared)
    // In-process the loop only runs between inferences (a tick or two each); isolated, it keeps ticking.
    expect(inProcess.ticks).toBeLessThanOrEqual(6)
    expect(isolated.ticks).toBeGreaterThan(5 * (inProcess.ticks + 1))
  })

  it('stops an abandoned wait at once when the signal aborts while the run is queued behind another', async () => {
    const [h, m] = await Promise.all([shared.load(heavy.bytes), shared.load(mlp.bytes)])
    const slow = h.run({ x: floatTensor(randomFloats(256, 512, 7), [256, 512]) })
    const controller = new AbortController()
    const waiting = m.run({ x: floatTensor(new Float32Array(16), [1, 16]) }, { signal: controller.signal })
    const reason = new Error('deadline')
    controller.abort(reason)
    await expect(waiting).rejects.toBe(reason)
    expect((await slow).y.dims).toEqual([256, 512])
    const x = randomFloats(1, 16, 8)
    expectClose((await m.run({ x: floatTensor(x, [1, 16]) })).probs.data as Float32Array, mlp.reference(x, 1))
    await Promise.all([h.close(), m.close()])
  })

  it('copies the caller\'s feeds unless asked to transfer them', async () => {
    const m = await shared.load(mlp.bytes)
    const x = randomFloats(1, 16, 9)
    const kept = x.slice()
    await m.run({ x: floatTensor(x, [1, 16]) })
    expect(Array.from(x)).toEqual(Array.from(kept))
    const given = x.slice()
    const transfer: RunOptions = { transfer: true }
    const out = await m.run({ x: floatTensor(given, [1, 16]) }, transfer)
    expectClose(out.probs.data as Float32Array, mlp.reference(kept, 1))
    // Only worker threads can move memory; a child process always gets a copy through the pipe.
    expect(given.length).toBe(mode === 'worker' ? 0 : 16)
    await m.close()
  })
})

describe('worker threads under churn', () => {
  it('survives repeated start, parallel workers, kill and stop without taking the process down', async () => {
    for (let round = 0; round < 2; round++) {
      const backend = new WorkerBackend({ mode: 'worker', workers: 2 })
      const handles: ModelHandle[] = await Promise.all([backend.load(mlp.bytes), backend.load(bag.bytes), backend.load(mlp.bytes)])
      expect(backend.stats()).toMatchObject({ starts: 2, models: 3 })
      const x = randomFloats(3, 16, round)
      const runs = () => Promise.all([handles[0].run({ x: floatTensor(x, [3, 16]) }), handles[2].run({ x: floatTensor(x, [3, 16]) })])
      for (const out of await runs()) expectClose(out.probs.data as Float32Array, mlp.reference(x, 3))
      if (round === 0) {
        const inFlight = runs()
        backend.kill()
        await expect(inFlight).rejects.toBeInstanceOf(BackendCrashedError)
        for (const out of await runs()) expectClose(out.probs.data as Float32Array, mlp.reference(x, 3))
      }
      await backend.stop()
    }
  })
})

describe('createInferenceBackend', () => {
  it('names the field of an invalid option', () => {
    expect(() => createInferenceBackend({ mode: 'gpu' as 'worker' })).toThrow(InvalidOptionError)
    expect(() => createInferenceBackend({ workers: 0 })).toThrow(/workers/)
    expect(() => createInferenceBackend({ mode: 'in-process', threads: 1.5 })).toThrow(/threads/)
  })

  it('refuses a model over maxModelBytes before sending it anywhere', async () => {
    const backend = track(createInferenceBackend({ maxModelBytes: 100 }))
    await expect(backend.load(mlp.bytes)).rejects.toThrow(/maxModelBytes/)
  })

  it('defaults to worker threads', () => {
    const backend = createInferenceBackend()
    expect(backend).toBeInstanceOf(WorkerBackend)
    expect((backend as WorkerBackend).mode).toBe('worker')
  })
})
