/**
 * Entry point of an inference worker: a worker thread or a child process forked with `serialization: 'advanced'`
 * (see worker-backend.ts). It owns ONNX sessions and runs them one at a time, so a long inference blocks this
 * thread and never the networking thread. Requests are answered in order; a `cancel` removes a request that has
 * not started yet.
 */
import '../polyfill.js'
import { parentPort } from 'node:worker_threads'
import { logger } from '@libp2p/logger'
import { createOrtSession } from './onnx-runtime.js'
import type { OrtSession, OrtSessionOptions } from './onnx-runtime.js'
import type { TensorMap } from './tensor.js'
import { runWithTexts, type TextFeeds } from './text-feeds.js'

/** A request from the backend to its worker. `id` is unique per worker for the worker's lifetime. */
export type WorkerRequest =
  | { op: 'load', id: number, model: Uint8Array, options: OrtSessionOptions }
  | { op: 'run', id: number, modelId: number, feeds: TensorMap, text?: TextFeeds }
  | { op: 'close', id: number, modelId: number }
  | { op: 'cancel', id: number }
  | { op: 'shutdown', id: number }

/** An error as it crosses the boundary: a class name and a code from a bounded set, and a message. */
export interface WorkerError {
  name: string
  code: string
  message: string
}

/** The worker's answer to one request. */
export type WorkerReply =
  | { id: number, ok: true, modelId?: number, inputNames?: string[], outputNames?: string[], outputs?: TensorMap }
  | { id: number, ok: false, error: WorkerError }

const log = logger('moemesh:experts:inference-worker')

const sessions = new Map<number, OrtSession>()
const queue: Array<Exclude<WorkerRequest, { op: 'cancel' }>> = []
let nextModelId = 1
let busy = false

function send (reply: WorkerReply): void {
  if (parentPort != null) {
    const transfer = new Set<ArrayBuffer>()
    if (reply.ok && reply.outputs != null) {
      // Outputs are fresh buffers the runtime made for this run: hand them over instead of copying.
      for (const t of Object.values(reply.outputs)) {
        if (t.data.buffer instanceof ArrayBuffer) transfer.add(t.data.buffer)
      }
    }
    parentPort.postMessage(reply, [...transfer])
  } else if (process.send != null) {
    process.send(reply)
  }
}

function errorOf (err: unknown): WorkerError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    return { name: err.name, code: typeof code === 'string' ? code : 'INFERENCE_FAILED', message: err.message }
  }
  return { name: 'Error', code: 'INFERENCE_FAILED', message: String(err) }
}

async function handle (req: Exclude<WorkerRequest, { op: 'cancel' }>): Promise<WorkerReply> {
  switch (req.op) {
    case 'load': {
      const session = await createOrtSession(req.model, req.options)
      const modelId = nextModelId++
      sessions.set(modelId, session)
      return { id: req.id, ok: true, modelId, inputNames: [...session.inputNames], outputNames: [...session.outputNames] }
    }
    case 'run': {
      const session = sessions.get(req.modelId)
      if (session == null) return { id: req.id, ok: false, error: { name: 'ModelClosedError', code: 'MODEL_CLOSED', message: 'the model was closed: load it again to run it' } }
      // n-gram inputs are featurized here, off the thread that serves the network
      const outputs = req.text != null ? await runWithTexts(async (f) => await session.run(f), req.feeds, req.text) : await session.run(req.feeds)
      return { id: req.id, ok: true, outputs }
    }
    case 'close': {
      const session = sessions.get(req.modelId)
      sessions.delete(req.modelId)
      await session?.close()
      return { id: req.id, ok: true }
    }
    case 'shutdown': {
      // Release native sessions before the thread or process goes away: never let the addon tear down under a
      // live session.
      for (const session of sessions.values()) await session.close()
      sessions.clear()
      return { id: req.id, ok: true }
    }
  }
}

async function pump (): Promise<void> {
  if (busy) return
  busy = true
  try {
    while (queue.length > 0) {
      const req = queue.shift() as Exclude<WorkerRequest, { op: 'cancel' }>
      let reply: WorkerReply
      try {
        reply = await handle(req)
      } catch (err) {
        log.error('%s %d failed: %e', req.op, req.id, err)
        reply = { id: req.id, ok: false, error: errorOf(err) }
      }
      send(reply)
    }
  } finally {
    busy = false
  }
}

function onMessage (msg: WorkerRequest): void {
  if (msg.op === 'cancel') {
    const at = queue.findIndex((r) => r.id === msg.id)
    if (at >= 0) queue.splice(at, 1)
    return
  }
  queue.push(msg)
  void pump()
}

if (parentPort != null) {
  parentPort.on('message', onMessage)
} else if (process.send != null) {
  process.on('message', (msg) => { onMessage(msg as WorkerRequest) })
  // The parent died or let go: nobody is left to answer, so leave rather than linger as an orphan.
  process.on('disconnect', () => { process.exit(0) })
} else {
  throw new Error('inference-worker must run as a worker thread or a forked child process')
}
