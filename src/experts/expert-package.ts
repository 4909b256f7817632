/**
 * Expert packages on disk: a folder with expert.json (the manifest), model.onnx (the classifier) and
 * capability.bin (centroids of its training inputs in the shared embedding space). A package whose expert.json
 * has `"serving": {"kind": "http", ...}` is served by a model server elsewhere and holds no model.onnx. Loading
 * validates every file against the others, so a node never advertises an expert it cannot run or route to.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { ExpertPackageError, SpaceMismatchError } from './errors.js'
import { formatManifest, MANIFEST_FILE, MAX_MANIFEST_BYTES, validateManifest, type ExpertManifest } from './manifest.js'
import { CAPABILITY_FILE, decodeCapability, encodeCapability, MAX_CAPABILITY_BYTES } from './capability.js'
import type { HttpServing } from './serving.js'
import { COMPETENCE_FILE, decodeCompetence, encodeCompetence, MAX_COMPETENCE_BYTES, type CompetenceData } from './competence.js'
import { quantizeGate } from './gate.js'
import type { CardGate } from '../net/advert-types.js'
import { inspectModel, type ModelSummary } from '../onnx/onnx-writer.js'
import {
  EMBEDDING_INPUT, MODEL_FILE, MODEL_METADATA, NGRAM_IDS_INPUT, NGRAM_WEIGHTS_INPUT, PROBABILITIES_OUTPUT
} from './expert-model.js'

/** Largest model.onnx accepted (a 2^18-bucket table over 100 classes is 100 MiB). */
export const MAX_MODEL_BYTES = 256 * 1024 * 1024

/** The files of a package, in the order they are checked. */
export const PACKAGE_FILES = [MANIFEST_FILE, MODEL_FILE, CAPABILITY_FILE] as const
/** Files a package may also hold: its private competence data (never advertised). */
export const OPTIONAL_PACKAGE_FILES = [COMPETENCE_FILE] as const

/** What every loaded, validated expert package holds. */
interface ExpertPackageBase {
  /** Absolute path of the package folder ('' for a package validated in memory). */
  dir: string
  manifest: ExpertManifest
  /** The expert's identity on the network (hex sha256; see {@link expertIdOf} and {@link httpExpertIdOf}). */
  expertId: string
  /** Capability vectors: L2-normalised, `manifest.dim` long, in `manifest.spaceId`. */
  centroids: Float32Array[]
  /** `manifest.gate` quantised as the card advertises it; absent when the manifest has no gate. */
  gate?: CardGate
  /** The owner's own inputs (competence.bin), private to this node; absent when the package has none. */
  competence?: CompetenceData
}

/** A package this node runs itself: expert.json + model.onnx + capability.bin. */
export interface OnnxExpertPackage extends ExpertPackageBase {
  kind: 'onnx'
  /** The model.onnx bytes; the expert id is their sha256. */
  modelBytes: Uint8Array
}

/** A package served by a model server over HTTP: expert.json (with `serving`) + capability.bin, no model. */
export interface HttpExpertPackage extends ExpertPackageBase {
  kind: 'http'
  /** `manifest.serving`, with its defaults filled in. */
  serving: HttpServing
}

/** A loaded, validated expert package; `kind` says how it is served. */
export type ExpertPackage = OnnxExpertPackage | HttpExpertPackage

/** Options for {@link loadExpertPackage}. */
export interface LoadExpertPackageOptions {
  /** The node's embedding space: a package in another space is refused with {@link SpaceMismatchError}. */
  spaceId?: string
  /** The node's embedding dimension: a package of another dimension is refused with {@link SpaceMismatchError}. */
  dim?: number
  signal?: AbortSignal
}

/** The raw parts of a package, as read from disk or about to be written. */
export interface ExpertPackageParts {
  dir: string
  /** Parsed expert.json (validated here). */
  manifest: unknown
  /** model.onnx; absent for (and refused in) a package served over HTTP. */
  modelBytes?: Uint8Array
  capabilityBytes: Uint8Array
  /** competence.bin, when the package has one. */
  competenceBytes?: Uint8Array
}

/** Hex sha256 of model bytes: the id of an ONNX expert. */
export function expertIdOf (modelBytes: Uint8Array): string {
  return createHash('sha256').update(modelBytes).digest('hex')
}

/** Domain tag of an HTTP expert's id, so it can never equal the hash of some model.onnx. */
const HTTP_EXPERT_ID_TAG = 'moemesh-http-expert/1\n'

/**
 * Hex sha256 naming an expert served over HTTP: over its canonical expert.json (so a new endpoint, labels or
 * price make a new expert) and its capability.bin bytes, each length-prefixed.
 */
export function httpExpertIdOf (manifest: ExpertManifest, capabilityBytes: Uint8Array): string {
  const manifestBytes = Buffer.from(formatManifest(manifest), 'utf8')
  const length = (n: number): Buffer => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b }
  return createHash('sha256')
    .update(HTTP_EXPERT_ID_TAG)
    .update(length(manifestBytes.length)).update(manifestBytes)
    .update(length(capabilityBytes.length)).update(capabilityBytes)
    .digest('hex')
}

function dimsText (dims: Array<number | string>): string {
  return `[${dims.join(', ')}]`
}

/**
 * Checks that a model's inputs and output match what the manifest promises (input kind, dim, class count,
 * n-gram buckets). @throws {ExpertPackageError} on the first mismatch.
 */
export function checkModelAgainstManifest (summary: ModelSummary, manifest: ExpertManifest, file = MODEL_FILE): void {
  const fail = (field: string, message: string): never => { throw new ExpertPackageError(message, { file, field }) }
  if (manifest.serving != null) fail('serving', 'says the expert is served over HTTP, so it has no model.onnx to check')
  const expected: Record<string, { type: 'float32' | 'int64', width?: number }> = {}
  if (manifest.inputKind !== 'ngrams') expected[EMBEDDING_INPUT] = { type: 'float32', width: manifest.dim }
  if (manifest.inputKind !== 'embedding') {
    expected[NGRAM_IDS_INPUT] = { type: 'int64' }
    expected[NGRAM_WEIGHTS_INPUT] = { type: 'float32' }
  }
  const names = summary.inputs.map((i) => i.name)
  for (const name of Object.keys(expected)) {
    if (!names.includes(name)) {
      fail('inputs', `has no input "${name}", which inputKind "${manifest.inputKind}" needs (it has ${names.map((n) => `"${n}"`).join(', ') || 'none'}); export the model again or fix inputKind in expert.json`)
    }
  }
  for (const input of summary.inputs) {
    const want = expected[input.name]
    if (want == null) fail(`input ${input.name}`, `is not an input of an inputKind "${manifest.inputKind}" expert; the model and expert.json disagree`)
    if (input.type !== want.type) fail(`input ${input.name}`, `is ${input.type}, expected ${want.type}`)
    if (input.dims.length !== 2) fail(`input ${input.name}`, `has shape ${dimsText(input.dims)}, expected rank 2 [N, ${want.width ?? 'L'}]`)
    if (want.width != null && input.dims[1] !== want.width) {
      fail(`input ${input.name}`, `has width ${String(input.dims[1])} but expert.json says dim ${want.width}; the model was trained for another embedding size`)
    }
  }
  const out = summary.outputs.find((o) => o.name === PROBABILITIES_OUTPUT)
  if (out == null) fail('outputs', `has no output "${PROBABILITIES_OUTPUT}" (it has ${summary.outputs.map((o) => `"${o.name}"`).join(', ') || 'none'})`)
  const o = out as ModelSummary['outputs'][number]
  if (o.type !== 'float32' || o.dims.length !== 2) fail(`output ${PROBABILITIES_OUTPUT}`, `must be float32 [N, classes], got ${o.type} ${dimsText(o.dims)}`)
  if (o.dims[1] !== manifest.labels.length) {
    fail(`output ${PROBABILITIES_OUTPUT}`, `has ${String(o.dims[1])} classes but expert.json lists ${manifest.labels.length} labels; the labels must match the model's outputs one for one`)
  }
  const meta = summary.metadata
  if (meta[MODEL_METADATA.inputKind] != null && meta[MODEL_METADATA.inputKind] !== manifest.inputKind) {
    fail('metadata', `says input kind "${meta[MODEL_METADATA.inputKind]}" but expert.json says "${manifest.inputKind}"`)
  }
  const buckets = meta[MODEL_METADATA.buckets]
  if (manifest.features != null && buckets != null && Number(buckets) !== manifest.features.buckets) {
    fail('metadata', `was built with ${buckets} n-gram buckets but expert.json says features.buckets ${manifest.features.buckets}; queries would hash into the wrong rows`)
  }
}

/** Refuses a manifest whose space or dim differs from the node's. */
function checkSpace (manifest: ExpertManifest, options: Omit<LoadExpertPackageOptions, 'signal'>, file: string): void {
  if (options.spaceId != null && manifest.spaceId !== options.spaceId) {
    throw new SpaceMismatchError(
      `the expert's vectors live in embedding space ${manifest.spaceId.slice(0, 12)}… but this node embeds in ${options.spaceId.slice(0, 12)}…; retrain it with this node's embedder (moemesh expert train)`,
      options.spaceId, manifest.spaceId, { file, field: 'spaceId' })
  }
  if (options.dim != null && manifest.dim !== options.dim) {
    throw new SpaceMismatchError(
      `the expert declares dim ${manifest.dim} but this node's embedding space has dim ${options.dim}; retrain it with this node's embedder`,
      String(options.dim), String(manifest.dim), { file, field: 'dim' })
  }
}

/**
 * Validates the parts of a package against each other and against the node's space.
 * @throws {ExpertPackageError} (or {@link SpaceMismatchError}) naming the file and field.
 */
export function validateExpertPackage (parts: ExpertPackageParts, options: Omit<LoadExpertPackageOptions, 'signal'> = {}): ExpertPackage {
  const path = (name: string): string => parts.dir === '' ? name : join(parts.dir, name)
  const manifest = validateManifest(parts.manifest, path(MANIFEST_FILE))
  checkSpace(manifest, options, path(MANIFEST_FILE))

  const modelBytes = parts.modelBytes
  if (manifest.serving != null) {
    if (modelBytes != null) {
      throw strayModelError(path(MODEL_FILE))
    }
  } else {
    if (modelBytes == null) {
      throw new ExpertPackageError(`is missing; a package folder holds ${PACKAGE_FILES.join(', ')} (or expert.json with "serving" and capability.bin)`, { file: path(MODEL_FILE) })
    }
    if (modelBytes.length > MAX_MODEL_BYTES) {
      throw new ExpertPackageError(`is ${modelBytes.length} bytes, more than the ${MAX_MODEL_BYTES} allowed`, { file: path(MODEL_FILE) })
    }
    let summary: ModelSummary
    try {
      summary = inspectModel(modelBytes)
    } catch (err) {
      throw new ExpertPackageError(`is not a readable ONNX model (${(err as Error).message}); export it again`, { file: path(MODEL_FILE), cause: err })
    }
    checkModelAgainstManifest(summary, manifest, path(MODEL_FILE))
  }

  const capability = decodeCapability(parts.capabilityBytes)
  if (capability.spaceId !== manifest.spaceId) {
    throw new SpaceMismatchError(
      `its vectors are in space ${capability.spaceId.slice(0, 12)}… but expert.json says ${manifest.spaceId.slice(0, 12)}…; recompute them with moemesh expert train`,
      manifest.spaceId, capability.spaceId, { file: path(CAPABILITY_FILE), field: 'space id' })
  }
  if (capability.dim !== manifest.dim) {
    throw new SpaceMismatchError(
      `its vectors have dim ${capability.dim} but expert.json says dim ${manifest.dim}; recompute them with moemesh expert train`,
      String(manifest.dim), String(capability.dim), { file: path(CAPABILITY_FILE), field: 'dim' })
  }
  // after the decode checks, which name a specific problem; this catches damage that still decodes
  if (manifest.capabilitySha256 !== undefined && createHash('sha256').update(parts.capabilityBytes).digest('hex') !== manifest.capabilitySha256) {
    throw new ExpertPackageError('does not match the sha256 recorded in expert.json (capabilitySha256): the file is damaged or was changed; export the package again', { file: path(CAPABILITY_FILE), field: 'capabilitySha256' })
  }
  let competence: CompetenceData | undefined
  if (parts.competenceBytes != null) {
    competence = decodeCompetence(parts.competenceBytes)
    if (competence.spaceId !== manifest.spaceId || competence.dim !== manifest.dim) {
      throw new SpaceMismatchError(
        `its inputs are in space ${competence.spaceId.slice(0, 12)}… dim ${competence.dim} but expert.json says ${manifest.spaceId.slice(0, 12)}… dim ${manifest.dim}; recompute them with moemesh expert train`,
        manifest.spaceId, competence.spaceId, { file: path(COMPETENCE_FILE), field: 'space id' })
    }
  }
  const extras = {
    ...(manifest.gate != null ? { gate: cardGateOf(manifest.gate) } : {}),
    ...(competence != null ? { competence } : {})
  }
  if (manifest.serving != null) {
    return {
      kind: 'http',
      dir: parts.dir,
      manifest,
      serving: manifest.serving,
      expertId: httpExpertIdOf(manifest, parts.capabilityBytes),
      centroids: capability.centroids,
      ...extras
    }
  }
  return {
    kind: 'onnx',
    dir: parts.dir,
    manifest,
    modelBytes: modelBytes as Uint8Array,
    expertId: expertIdOf(modelBytes as Uint8Array),
    centroids: capability.centroids,
    ...extras
  }
}

/** The card form of a manifest gate: int8 weights with one scale. */
function cardGateOf (gate: NonNullable<ExpertManifest['gate']>): CardGate {
  const { q, scale, b } = quantizeGate({ w: Float32Array.from(gate.weights), b: gate.bias })
  return { weights: q, scale, bias: b, abstainBelow: gate.abstainBelow }
}

/** A model.onnx next to an expert.json that says the expert is served over HTTP: one of the two is a mistake. */
function strayModelError (file: string): ExpertPackageError {
  return new ExpertPackageError('is not used by an expert served over HTTP (expert.json has "serving"); remove model.onnx, or remove "serving" to run the model here', { file })
}

async function exists (file: string): Promise<boolean> {
  try {
    await stat(file)
    return true
  } catch {
    return false
  }
}

async function readLimited (file: string, limit: number): Promise<Uint8Array> {
  let handle
  try {
    handle = await open(file, 'r')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') {
      throw new ExpertPackageError(`is missing; a package folder holds ${PACKAGE_FILES.join(', ')}`, { file, cause: err })
    }
    throw new ExpertPackageError(`cannot be read (${code ?? (err as Error).message}); check its permissions`, { file, cause: err })
  }
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new ExpertPackageError('is not a regular file', { file })
    if (info.size > limit) throw new ExpertPackageError(`is ${info.size} bytes, more than the ${limit} allowed`, { file })
    // Read at most limit + 1 bytes, whatever stat said: the file may grow under us.
    const buffer = new Uint8Array(Math.min(info.size, limit) + 1)
    let filled = 0
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    if (filled > limit) throw new ExpertPackageError(`is more than the ${limit} bytes allowed`, { file })
    return buffer.subarray(0, filled)
  } finally {
    await handle.close()
  }
}

/**
 * Loads and validates an expert package folder.
 *
 * @example
 * ```ts
 * const pkg = await loadExpertPackage('experts/spam-filter', { spaceId: embedder.spaceId, dim: embedder.dim })
 * console.log(pkg.expertId, pkg.manifest.labels)
 * ```
 * @throws {ExpertPackageError} for a missing, oversized or invalid file; {@link SpaceMismatchError} when the
 * package is in another embedding space than `options.spaceId` / `options.dim`.
 */
export async function loadExpertPackage (dir: string, options: LoadExpertPackageOptions = {}): Promise<ExpertPackage> {
  options.signal?.throwIfAborted()
  const abs = resolve(dir)
  let info
  try {
    info = await stat(abs)
  } catch (err) {
    throw new ExpertPackageError('does not exist; give the folder that holds expert.json, model.onnx and capability.bin', { file: abs, cause: err })
  }
  if (!info.isDirectory()) throw new ExpertPackageError('is not a folder; an expert package is a folder with expert.json, model.onnx and capability.bin', { file: abs })

  const manifestFile = join(abs, MANIFEST_FILE)
  const manifestBytes = await readLimited(manifestFile, MAX_MANIFEST_BYTES)
  let manifest: unknown
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes))
  } catch (err) {
    // the parser's message quotes the file's text: never echo it (the file may be anything the daemon can read)
    throw new ExpertPackageError('is not valid UTF-8 JSON; fix the syntax or export the package again', { file: manifestFile, cause: err })
  }
  // Validate the manifest (and the space) before reading a model of up to 256 MiB.
  const checked = validateManifest(manifest, manifestFile)
  checkSpace(checked, options, manifestFile)
  options.signal?.throwIfAborted()
  // An HTTP expert has no model: one left in its folder is refused before it is read.
  const modelFile = join(abs, MODEL_FILE)
  if (checked.serving != null && await exists(modelFile)) throw strayModelError(modelFile)
  const modelBytes = checked.serving == null ? await readLimited(modelFile, MAX_MODEL_BYTES) : undefined
  options.signal?.throwIfAborted()
  const capabilityBytes = await readLimited(join(abs, CAPABILITY_FILE), MAX_CAPABILITY_BYTES)
  const competenceFile = join(abs, COMPETENCE_FILE)
  const competenceBytes = await exists(competenceFile) ? await readLimited(competenceFile, MAX_COMPETENCE_BYTES) : undefined
  return validateExpertPackage({ dir: abs, manifest, modelBytes, capabilityBytes, competenceBytes }, options)
}

/** What {@link writeExpertPackage} writes. */
export interface ExpertPackageContents {
  manifest: ExpertManifest
  /** model.onnx; leave it out for a manifest with `serving` (an HTTP expert). */
  modelBytes?: Uint8Array
  centroids: Float32Array[]
  /** The owner's own inputs, written to competence.bin (private; never advertised). */
  competence?: CompetenceData
}

/** Options for {@link writeExpertPackage}. */
export interface WriteExpertPackageOptions {
  signal?: AbortSignal
}

/**
 * Validates and writes an expert package atomically: the files go into a temporary folder next to `dir`, which
 * then replaces `dir` by rename. An existing `dir` is replaced only when it is empty or holds nothing but
 * package files (it refuses to delete anything else).
 *
 * @returns the package as {@link loadExpertPackage} would return it.
 * @throws {ExpertPackageError} when the contents are invalid or `dir` holds other files.
 */
export async function writeExpertPackage (dir: string, contents: ExpertPackageContents, options: WriteExpertPackageOptions = {}): Promise<ExpertPackage> {
  options.signal?.throwIfAborted()
  const abs = resolve(dir)
  const capabilityBytes = encodeCapability({ spaceId: contents.manifest.spaceId, dim: contents.manifest.dim, centroids: contents.centroids })
  const competenceBytes = contents.competence != null ? encodeCompetence(contents.competence) : undefined
  const manifestText = formatManifest({ ...contents.manifest, capabilitySha256: createHash('sha256').update(capabilityBytes).digest('hex') })
  const pkg = validateExpertPackage({ dir: abs, manifest: JSON.parse(manifestText), modelBytes: contents.modelBytes, capabilityBytes, competenceBytes })

  let existing: string[] | undefined
  try {
    const info = await stat(abs)
    if (!info.isDirectory()) throw new ExpertPackageError('exists and is not a folder; choose another output path', { file: abs })
    existing = await readdir(abs)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const known: readonly string[] = [...PACKAGE_FILES, ...OPTIONAL_PACKAGE_FILES]
  const foreign = (existing ?? []).filter((f) => !known.includes(f))
  if (foreign.length > 0) {
    throw new ExpertPackageError(`already holds other files (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}); choose an empty or new folder`, { file: abs })
  }

  const parent = dirname(abs)
  await mkdir(parent, { recursive: true })
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`
  const tmp = join(parent, `.${basename(abs)}.tmp-${tag}`)
  await mkdir(tmp)
  try {
    await writeFile(join(tmp, MANIFEST_FILE), manifestText)
    if (contents.modelBytes != null) await writeFile(join(tmp, MODEL_FILE), contents.modelBytes)
    await writeFile(join(tmp, CAPABILITY_FILE), capabilityBytes)
    if (competenceBytes != null) await writeFile(join(tmp, COMPETENCE_FILE), competenceBytes)
    options.signal?.throwIfAborted()
    if (existing != null) {
      const old = join(parent, `.${basename(abs)}.old-${tag}`)
      await rename(abs, old)
      try {
        await rename(tmp, abs)
      } catch (err) {
        await rename(old, abs)
        throw err
      }
      await rm(old, { recursive: true, force: true })
    } else {
      await rename(tmp, abs)
    }
  } catch (err) {
    await rm(tmp, { recursive: true, force: true })
    throw err
  }
  return pkg
}
