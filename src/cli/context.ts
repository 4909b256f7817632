/**
 * What CLI commands need from their surroundings, as one small interface: print, report errors and progress,
 * find the data dir, and open the node's shared embedder. Commands take a {@link CliContext} so tests can run
 * them with fakes; {@link createCliContext} is the real one.
 */
import { resolve } from 'node:path'
import type { InferenceBackend } from '../onnx/backend.js'
import type { TextEmbedder } from '../experts/train-expert.js'
import { createInferenceBackend } from '../onnx/worker-backend.js'
import { Embedder } from '../embed/embedder.js'
import { ensureEmbedder } from '../embed/space.js'
import { defaultDataDir } from '../node/config.js'
import { createOutput, processIo, type CliIo } from './output.js'
import { ProgressBar } from './progress.js'

/** A progress display for one long command (a bar on stderr). */
export interface ProgressReporter {
  /** `fraction` 0..1 of the current `stage`. */
  update: (fraction: number, stage: string) => void
  /** Ends the display. Idempotent. */
  done: () => void
}

/** The shared embedder and the backend it runs on. The caller stops the backend when done. */
export interface CliEmbedding {
  embedder: TextEmbedder
  backend: InferenceBackend
}

/** What commands use instead of touching the terminal, the data dir or the embed layer directly. */
export interface CliContext {
  /** A result line on stdout. */
  print: (text: string) => void
  /** A one-line error or warning on stderr. */
  error: (text: string) => void
  /** A fresh progress display on stderr. */
  progress: () => ProgressReporter
  /** The data dir: `explicit` when given, else $MOEMESH_HOME or ~/.moemesh. */
  dataDir: (explicit?: string) => string
  /**
   * Opens the node's shared embedder from `dataDir` (building it on first use, with progress) on a fresh
   * inference backend. The caller owns the returned backend and must stop it.
   */
  getEmbedder: (dataDir: string, onProgress?: (fraction: number, stage: string) => void) => Promise<CliEmbedding>
}

/**
 * The real context: prints to `io` (the process's stdout/stderr unless given), a progress bar on its stderr, the
 * embedder of the data dir on an in-process backend.
 */
export function createCliContext (io: CliIo = processIo): CliContext {
  const out = createOutput(io)
  return {
    print: (text) => { out.line(text) },
    error: (text) => { out.error(text) },
    progress: () => new ProgressBar(io.stderr),
    dataDir: (explicit) => explicit != null ? resolve(explicit) : defaultDataDir(),
    getEmbedder: async (dataDir, onProgress) => {
      // A CLI command is the only work in its process: in-process inference is simplest and fastest here.
      const backend = createInferenceBackend({ mode: 'in-process' })
      try {
        const { bytes } = await ensureEmbedder(dataDir, { onProgress })
        const embedder = await Embedder.fromModel(bytes, backend)
        return { embedder, backend }
      } catch (err) {
        await backend.stop()
        throw err
      }
    }
  }
}
