/**
 * The one place that knows every expert backend: a package folder (or a loaded package) in, an {@link Expert}
 * out, of the implementation its expert.json asks for. Everything above the experts layer goes through here.
 */
import type { InferenceBackend } from '../onnx/backend.js'
import type { Expert } from './expert.js'
import { loadExpertPackage, type ExpertPackage } from './expert-package.js'
import { HttpExpert, type HttpExpertOptions } from './http-expert.js'
import { LocalExpert, type LocalExpertOptions } from './local-expert.js'

/** Options of {@link openExpertPackage}. */
export interface OpenExpertPackageOptions {
  /** Where ONNX experts run; not used by HTTP experts. */
  backend: InferenceBackend
  /** Micro-batcher settings of ONNX experts. @default the MicroBatcher defaults */
  local?: Omit<LocalExpertOptions, 'signal'>
  /** Settings of HTTP experts. @default the HttpExpert defaults */
  http?: Omit<HttpExpertOptions, 'signal'>
  signal?: AbortSignal
}

/** Options of {@link openExpert}: those of {@link openExpertPackage}, and the node's space to check the package against. */
export interface OpenExpertOptions extends OpenExpertPackageOptions {
  /** The node's embedding space: a package in another is refused with SpaceMismatchError. */
  spaceId?: string
  /** The node's embedding dimension. */
  dim?: number
}

/**
 * Opens a loaded package as the expert its manifest describes: {@link LocalExpert} for model.onnx,
 * {@link HttpExpert} for `"serving": {"kind": "http"}`.
 * @throws whatever the implementation's `open` throws (ModelLoadError, InvalidOptionError).
 */
export async function openExpertPackage (pkg: ExpertPackage, options: OpenExpertPackageOptions): Promise<Expert> {
  options.signal?.throwIfAborted()
  switch (pkg.kind) {
    case 'onnx': return await LocalExpert.open(pkg, options.backend, { ...options.local, signal: options.signal })
    case 'http': return await HttpExpert.open(pkg, { ...options.http, signal: options.signal })
  }
}

/**
 * Loads, validates and opens the package in `dir`.
 *
 * @example
 * ```ts
 * const expert = await openExpert('experts/sentiment', { backend, spaceId: embedder.spaceId, dim: embedder.dim })
 * console.log(expert.kind, expert.expertId, expert.manifest.labels)
 * await expert.close()
 * ```
 * @throws {ExpertPackageError} or {@link SpaceMismatchError} for a bad package; what opening throws.
 */
export async function openExpert (dir: string, options: OpenExpertOptions): Promise<Expert> {
  const pkg = await loadExpertPackage(dir, { spaceId: options.spaceId, dim: options.dim, signal: options.signal })
  return await openExpertPackage(pkg, options)
}
